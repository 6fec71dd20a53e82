"""The candidate interview portal: what a candidate may see and do with their link.

A link carries an opaque token (stored only as its hash). Before anything personal, the
candidate proves the phone number HR has on file; five wrong numbers lock the link and
put the candidate in needs_attention for HR. A verified candidate gets a short-lived
session, sees the pinned template version's questions, and receives one presigned S3
POST per answer attempt: exactly that answer's key, video/webm or video/mp4, a size
range and at most 15 minutes - issued only inside the question's time window and within
the retakes the template allows. Uploads go straight to S3; the object-created event
records the answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from pydantic import BaseModel, Field

from hireflow.assessment.model import InterviewTemplate, TemplateRepository
from hireflow.interviews.events import AnswerRecorded
from hireflow.interviews.model import (
    Answer,
    Interview,
    InterviewRepository,
    PortalSession,
    token_hash,
)
from hireflow.interviews.steps import shown_deadline
from hireflow.notifications.model import NotificationEvent
from hireflow.organisation.model import OrganisationRepository
from hireflow.platform import aws
from hireflow.platform.contact import ContactError, normalize_phone
from hireflow.platform.errors import (
    ChangedMeanwhile,
    Conflict,
    FieldError,
    Gone,
    Invalid,
    Locked,
    NotFound,
    Unauthorized,
)
from hireflow.platform.ids import new_secret_token, now
from hireflow.platform.observability import logger
from hireflow.platform.outbox import Outbox
from hireflow.platform.unit_of_work import UnitOfWorkFactory
from hireflow.recruiting.lifecycle import ApplicationLifecycle
from hireflow.recruiting.model import (
    Candidate,
    CandidateRepository,
    PositionRepository,
    TimelineEntry,
)
from hireflow.recruiting.notices import Notices
from hireflow.recruiting.status import interview_open
from hireflow.recruiting.steps import Applications

MAX_VERIFY_FAILURES = 5
SESSION_TTL = timedelta(hours=3)
UPLOAD_EXPIRY_SECONDS = 900
UPLOAD_GRACE = timedelta(minutes=3)  # time to finish an upload after the answer time
CONTENT_TYPES = {"video/webm": "webm", "video/mp4": "mp4"}
ANSWER_KEY = re.compile(
    r"^answers/(?P<candidate>[0-9a-f]{32})/(?P<round>\d{2})/(?P<question>[a-z0-9_-]+)/"
    r"(?P<attempt>\d+)\.(?:webm|mp4)$"
)


class Overview(BaseModel):
    company: str
    position: str
    branch: str
    deadline: datetime
    deadline_shown: str
    locale: Literal["zh", "en"]
    questions: int
    minutes: int
    ai_notice: str
    state: Literal["open", "completed"]
    verified: bool
    alternative_requested: bool


class Verification(BaseModel):
    phone: str = Field(max_length=40)
    consent: bool = False


class Session(BaseModel):
    session: str
    expires_at: datetime


class AlternativeRequest(BaseModel):
    reason: str = Field(default="", max_length=1000)


class QuestionView(BaseModel):
    id: str
    stage: str
    text: str
    kind: str
    preparation_seconds: int
    answer_seconds: int
    retakes_allowed: int
    attempts_used: int
    answered: bool


class UploadRequest(BaseModel):
    content_type: Literal["video/webm", "video/mp4"] = "video/webm"


class Completion(BaseModel):
    state: Literal["completed"]


class UploadGrant(BaseModel):
    url: str
    fields: dict[str, str]
    key: str
    attempt: int
    max_bytes: int
    expires_in: int


AI_NOTICE = {
    "en": "Your recorded answers are transcribed and analysed by AI to help the hiring team; "
    "people review every report and make every decision. If you prefer a process without "
    "AI analysis, you can ask for an alternative below.",
    "zh": "您的录制回答将由 AI 转写和分析，以协助招聘团队；"
    "每份报告均由人工审阅，所有决定均由人作出。"
    "如您希望采用不含 AI 分析的流程，可在下方申请替代方式。",
}


@dataclass(frozen=True)
class Portal:
    candidates: CandidateRepository
    applications: Applications
    interviews: InterviewRepository
    templates: TemplateRepository
    positions: PositionRepository
    organisation: OrganisationRepository
    lifecycle: ApplicationLifecycle
    notices: Notices
    uow: UnitOfWorkFactory
    outbox: Outbox
    company_name: str
    media_bucket: str
    max_upload_bytes: int

    # -------------------------------------------------------------- lookups
    def _open(self, token: str) -> tuple[Candidate, Interview]:
        """The candidate and interview behind a link: 404 unknown, 410 over, 423 locked."""
        found = self.interviews.by_token(token) if token else None
        if found is None:
            raise NotFound("this interview link is not valid")
        candidate = self.candidates.get(found.candidate_id)
        interview = self.interviews.interview(found.candidate_id, found.round)
        if candidate is None or interview is None or candidate.round != found.round:
            raise Gone("this interview link is no longer valid")
        if interview.locked_at:
            raise Locked("this link is locked after too many wrong phone numbers; HR has been told")
        if interview.completed_at is None and (
            interview.deadline <= now() or not interview_open(candidate.status)
        ):
            raise Gone("the deadline for this interview has passed")
        return candidate, interview

    def _session(self, token: str, session_token: str) -> tuple[Candidate, Interview]:
        candidate, interview = self._open(token)
        session = self.interviews.session(session_token) if session_token else None
        if (
            session is None
            or session.expires <= now()
            or session.candidate_id != candidate.id
            or session.round != interview.round
        ):
            raise Unauthorized("please verify your phone number again")
        return candidate, interview

    def _template(self, interview: Interview) -> InterviewTemplate:
        template = self.templates.version(interview.template_id, interview.template_version)
        if template is None:
            raise Gone("this interview is no longer available")
        return template

    # -------------------------------------------------------------- routes
    def overview(self, token: str) -> Overview:
        candidate, interview = self._open(token)
        template = self._template(interview)
        position = self.positions.get(candidate.position_id)
        branch = self.organisation.get_branch(candidate.branch_id)
        seconds = sum(
            (s.preparation_seconds + s.answer_seconds) * len(s.questions) for s in template.stages
        )
        return Overview(
            company=self.company_name,
            position=position.title_in(candidate.locale) if position else "",
            branch=branch.name_in(candidate.locale) if branch else "",
            deadline=interview.deadline,
            deadline_shown=shown_deadline(interview.deadline),
            locale=candidate.locale,
            questions=len(interview.question_ids),
            minutes=max(1, round(seconds / 60)),
            ai_notice=AI_NOTICE[candidate.locale],
            state="completed" if interview.completed_at else "open",
            verified=interview.verified_at is not None,
            alternative_requested=interview.alternative_requested_at is not None,
        )

    def verify(self, token: str, verification: Verification) -> Session:
        candidate, interview = self._open(token)
        try:
            phone = normalize_phone(verification.phone)
        except ContactError:
            phone = ""
        if phone != candidate.phone:
            self._wrong_phone(candidate, interview)
        if not verification.consent:
            raise Invalid(
                "please agree to the AI analysis, or ask for an alternative process",
                [FieldError("consent", "required")],
            )
        at = now()
        self.interviews.change(
            candidate.id,
            interview.round,
            lambda i: i.model_copy(
                update={
                    "verified_at": i.verified_at or at,
                    "consent_at": i.consent_at or at,
                    "verify_failures": 0,
                }
            ),
        )
        session_token = new_secret_token()
        session = PortalSession(
            session_hash=token_hash(session_token),
            candidate_id=candidate.id,
            round=interview.round,
            expires=at + SESSION_TTL,
        )
        self.interviews.open_session(session)
        logger.info("candidate verified", candidate_id=candidate.id)
        return Session(session=session_token, expires_at=session.expires)

    def _wrong_phone(self, candidate: Candidate, interview: Interview) -> None:
        def count_failure(current: Interview) -> Interview:
            failures = current.verify_failures + 1
            locked = failures >= MAX_VERIFY_FAILURES
            return current.model_copy(
                update={"verify_failures": failures, "locked_at": now() if locked else None}
            )

        counted = self.interviews.change(candidate.id, interview.round, count_failure)
        failures = counted.verify_failures if counted else MAX_VERIFY_FAILURES
        logger.info("wrong phone for interview link", candidate_id=candidate.id, failures=failures)
        if failures >= MAX_VERIFY_FAILURES:
            self.applications.flag(
                candidate, "interview link locked after 5 wrong phone numbers", "portal"
            )
            raise Locked(
                "this link is now locked after too many wrong phone numbers; HR has been told"
            )
        raise Unauthorized(
            f"the phone number does not match; {MAX_VERIFY_FAILURES - failures} attempts left"
        )

    def request_alternative(self, token: str, request: AlternativeRequest) -> Overview:
        """The candidate asks for a process without AI analysis: noted on the timeline and
        sent to the branch's HR; the link stays open."""
        candidate, interview = self._open(token)
        if interview.alternative_requested_at is None:
            self.interviews.change(
                candidate.id,
                interview.round,
                lambda i: i.model_copy(
                    update={"alternative_requested_at": now(), "alternative_reason": request.reason}
                ),
            )
            self.candidates.note(
                TimelineEntry(
                    candidate_id=candidate.id,
                    status=candidate.status,
                    actor="candidate",
                    note=f"asked for a process without AI analysis: {request.reason}".strip(": "),
                )
            )
            self.notices.send(
                self.notices.to_branch_hr(
                    candidate, NotificationEvent.ALTERNATIVE_REQUESTED, feedback=request.reason
                )
            )
        return self.overview(token)

    def questions(self, token: str, session_token: str) -> list[QuestionView]:
        candidate, interview = self._session(token, session_token)
        template = self._template(interview)
        locale = candidate.locale
        views = []
        for stage in template.stages:
            for question in stage.questions:
                answer = interview.answers.get(question.id)
                views.append(
                    QuestionView(
                        id=question.id,
                        stage=stage.name.in_(locale),
                        text=question.text.in_(locale),
                        kind=question.kind.value,
                        preparation_seconds=stage.preparation_seconds,
                        answer_seconds=stage.answer_seconds,
                        retakes_allowed=stage.retakes_allowed,
                        attempts_used=interview.upload_attempts.get(question.id, 0),
                        answered=bool(answer and answer.media_key),
                    )
                )
        return views

    def upload(
        self, token: str, session_token: str, question_id: str, request: UploadRequest
    ) -> UploadGrant:
        candidate, interview = self._session(token, session_token)
        if interview.completed_at:
            raise Conflict("the interview is already complete")
        template = self._template(interview)
        found = template.question(question_id)
        if found is None:
            raise NotFound("no such question in this interview")
        stage = found[0]
        at = now()
        window = timedelta(seconds=stage.preparation_seconds + stage.answer_seconds) + UPLOAD_GRACE

        def take_attempt(current: Interview) -> Interview:
            started = current.question_started.get(question_id, at)
            if at > started + window:
                raise Conflict("the time for this question is over")
            attempt = current.upload_attempts.get(question_id, 0) + 1
            if attempt > 1 + stage.retakes_allowed:
                raise Conflict(
                    f"no retakes left for this question ({stage.retakes_allowed} allowed)"
                )
            return current.model_copy(
                update={
                    "question_started": {**current.question_started, question_id: started},
                    "upload_attempts": {**current.upload_attempts, question_id: attempt},
                }
            )

        taken = self.interviews.change(candidate.id, interview.round, take_attempt)
        assert taken is not None
        attempt = taken.upload_attempts[question_id]
        extension = CONTENT_TYPES[request.content_type]
        key = f"answers/{candidate.id}/{interview.round:02d}/{question_id}/{attempt}.{extension}"
        limit = self.max_upload_bytes
        post = aws.s3_presigner().generate_presigned_post(
            Bucket=self.media_bucket,
            Key=key,
            Fields={"Content-Type": request.content_type},
            Conditions=[
                {"Content-Type": request.content_type},
                ["content-length-range", 1, limit],
            ],
            ExpiresIn=UPLOAD_EXPIRY_SECONDS,
        )
        return UploadGrant(
            url=post["url"],
            fields=post["fields"],
            key=key,
            attempt=attempt,
            max_bytes=limit,
            expires_in=UPLOAD_EXPIRY_SECONDS,
        )

    def complete(self, token: str, session_token: str) -> Completion:
        candidate, interview = self._session(token, session_token)
        if interview.completed_at is None:
            # A question never started was skipped; one started must have its upload in.
            started = [q for q in interview.question_ids if interview.upload_attempts.get(q)]
            missing = [q for q in started if not self._answered(interview, q)]
            if missing or not started:
                raise Conflict(
                    "some answers have not arrived yet" if missing else "no answer was recorded",
                    [
                        FieldError(q, "no uploaded answer")
                        for q in missing or interview.question_ids
                    ],
                )
            # False means the lifecycle was already resumed: completing twice is fine.
            self.lifecycle.resume(candidate.id, "interview", {"completed": True})
        return Completion(state="completed")

    def _answered(self, interview: Interview, question_id: str) -> bool:
        answer = interview.answers.get(question_id)
        if answer and answer.media_key:
            return True
        # The S3 event may still be on its way: look for the latest attempt's object.
        attempt = interview.upload_attempts.get(question_id, 0)
        for extension in CONTENT_TYPES.values():
            key = (
                f"answers/{interview.candidate_id}/{interview.round:02d}/{question_id}/"
                f"{attempt}.{extension}"
            )
            if attempt and self._exists(key):
                self.record_answer(key)
                return True
        return False

    # -------------------------------------------------------------- S3 events
    def record_answer(self, key: str) -> bool:
        """Record an uploaded answer; returns False when there is nothing new (a
        duplicate event, an older attempt, or an object that is not an answer)."""
        match = ANSWER_KEY.match(key)
        if match is None:
            logger.warning("object is not an interview answer", key_prefix=key.split("/")[0])
            return False
        candidate_id, round_ = match["candidate"], int(match["round"])
        question_id, attempt = match["question"], int(match["attempt"])

        candidate = self.candidates.get(candidate_id)
        if candidate is None:
            return False
        # A retried S3 event finds the answer recorded: what failed to go out goes now.
        self.outbox.drain(candidate_id)
        for _ in range(8):
            interview = self.interviews.interview(candidate_id, round_)
            if interview is None or question_id not in interview.question_ids:
                return False
            current = interview.answers.get(question_id)
            if current and current.media_key and _attempt(current.media_key) >= attempt:
                return False  # a duplicate event, or an older attempt arriving late
            answer = Answer(question_id=question_id, media_key=key, uploaded_at=now())
            recorded = interview.model_copy(
                update={"answers": {**interview.answers, question_id: answer}}
            )
            try:
                with self.uow() as uow:
                    uow.save(recorded)
                    # Scoring starts from this event.
                    uow.publish(
                        AnswerRecorded.of(candidate, question_id=question_id, attempt=attempt)
                    )
                    uow.commit()
            except ChangedMeanwhile:
                continue  # the candidate's browser changed the interview: read it again
            logger.info(
                "answer recorded",
                candidate_id=candidate_id,
                question_id=question_id,
                attempt=attempt,
            )
            return True
        raise ChangedMeanwhile("the interview is changing too often; try again")

    def _exists(self, key: str) -> bool:
        s3 = aws.client("s3")
        try:
            s3.head_object(Bucket=self.media_bucket, Key=key)
        except s3.exceptions.ClientError:
            return False
        return True


def _attempt(key: str) -> int:
    match = ANSWER_KEY.match(key)
    return int(match["attempt"]) if match else 0

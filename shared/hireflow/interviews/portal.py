"""The candidate interview portal: what a candidate may see and do with their link.

A link carries an opaque token (stored only as its hash). Before anything personal, the
candidate proves the phone number HR has on file. Every attempt is counted before the
number is checked, with a conditional write, so racing attempts get no more checks than
the limit: five wrong numbers lock the link and put the candidate in needs_attention for
HR, and one source address gets a bounded number of wrong numbers an hour over all links.
A verified candidate gets a short-lived session, sees the pinned template version's
questions, and receives one presigned S3 POST per answer attempt: a key of its own (the
attempt's random id in it), video/webm or video/mp4, a size range, usable only until the
question's time window closes, and only within the retakes the template allows. Uploads go
straight to S3; the object-created event records the answer: the first object of the
question's latest grant, its S3 version pinned. Anything else - a second object for the
same attempt, an older attempt, an upload after ``/complete`` - is refused, never scored,
and deleted (every version of the key but the accepted one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
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
    TooManyRequests,
    Unauthorized,
)
from hireflow.platform.ids import new_id, new_secret_token, now
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
# One source address's wrong numbers are counted per window, over every link (the limit
# is a setting, 10 by default: enough for a few candidates behind one network, too few to
# lock out or guess many invitations).
SOURCE_VERIFY_WINDOW = timedelta(hours=1)
SESSION_TTL = timedelta(hours=3)
UPLOAD_GRACE = timedelta(minutes=3)  # time to finish an upload after the answer time
CONTENT_TYPES = {"video/webm": "webm", "video/mp4": "mp4"}
ANSWER_KEY = re.compile(
    r"^answers/(?P<candidate>[0-9a-f]{32})/(?P<round>\d{2})/(?P<question>[a-z0-9_-]+)/"
    r"(?P<attempt>\d+)-(?P<grant>[0-9a-f]{32})\.(?:webm|mp4)$"
)


def answer_key(candidate_id: str, round_: int, question_id: str, attempt: int, ext: str) -> str:
    """A new attempt's object key: its own random id, so no two grants share a key."""
    return f"answers/{candidate_id}/{round_:02d}/{question_id}/{attempt}-{new_id()}.{ext}"


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
    source_verify_limit: int

    # -------------------------------------------------------------- lookups
    def _open(self, token: str) -> tuple[Candidate, Interview]:
        """The candidate and interview behind a link: 404 unknown, 410 over, 423 locked."""
        found = self.interviews.by_token(token) if token else None
        if found is None:
            raise NotFound("this interview link is not valid", code="link_invalid")
        candidate = self.candidates.get(found.candidate_id)
        interview = self.interviews.interview(found.candidate_id, found.round)
        if candidate is None or interview is None or candidate.round != found.round:
            raise Gone("this interview link is no longer valid", code="link_gone")
        if interview.locked_at:
            raise Locked(
                "this link is locked after too many wrong phone numbers; HR has been told",
                code="link_locked",
            )
        if interview.completed_at is None and (
            interview.deadline <= now() or not interview_open(candidate.status)
        ):
            raise Gone("the deadline for this interview has passed", code="deadline_passed")
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
            raise Unauthorized("please verify your phone number again", code="verify_again")
        return candidate, interview

    def _template(self, interview: Interview) -> InterviewTemplate:
        template = self.templates.version(interview.template_id, interview.template_version)
        if template is None:
            raise Gone("this interview is no longer available", code="link_gone")
        return template

    # -------------------------------------------------------------- routes
    def overview(self, token: str) -> Overview:
        candidate, interview = self._open(token)
        template = self._template(interview)
        position = self.positions.get(candidate.position_id)
        branch = self.organisation.get_branch(candidate.branch_id)
        return Overview(
            company=self.company_name,
            position=position.title_in(candidate.locale) if position else "",
            branch=branch.name_in(candidate.locale) if branch else "",
            deadline=interview.deadline,
            deadline_shown=shown_deadline(interview.deadline),
            locale=candidate.locale,
            questions=len(interview.question_ids),
            minutes=template.minutes,
            ai_notice=AI_NOTICE[candidate.locale],
            state="completed" if interview.completed_at else "open",
            verified=interview.verified_at is not None,
            alternative_requested=interview.alternative_requested_at is not None,
        )

    def verify(self, token: str, verification: Verification, source: str) -> Session:
        """Check the phone number (``source``: the caller's address, for its own limit)."""
        candidate, interview = self._open(token)
        try:
            phone = normalize_phone(verification.phone)
        except ContactError:
            phone = ""
        self._check_phone(candidate, interview, source, right=phone == candidate.phone)
        if not verification.consent:
            raise Invalid(
                "please agree to the AI analysis, or ask for an alternative process",
                [FieldError("consent", "required", "consent_required")],
                code="consent_required",
            )
        at = now()
        self.interviews.change(
            candidate.id,
            interview.round,
            lambda i: i.model_copy(
                update={"verified_at": i.verified_at or at, "consent_at": i.consent_at or at}
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

    def _check_phone(
        self, candidate: Candidate, interview: Interview, source: str, *, right: bool
    ) -> None:
        """Count the attempt (for the source, then for the link) before judging it; a right
        number gives both back. Raises for a wrong number or when no attempt is left."""
        at = now()
        window = SOURCE_VERIFY_WINDOW.total_seconds()
        window_start = datetime.fromtimestamp(at.timestamp() // window * window, UTC)
        interviews, round_ = self.interviews, interview.round
        if (
            interviews.count_source_attempt(
                source, window_start, SOURCE_VERIFY_WINDOW, self.source_verify_limit
            )
            is None
        ):
            logger.warning(
                "too many wrong phone numbers from one source", candidate_id=candidate.id
            )
            minutes = max(1, round((window_start + SOURCE_VERIFY_WINDOW - at).total_seconds() / 60))
            raise TooManyRequests(
                f"too many wrong phone numbers from your network; try again in {minutes} minutes",
                code="too_many_wrong_phones",
                params={"minutes": minutes},
            )
        counted = interviews.count_wrong_phone(candidate.id, round_, MAX_VERIFY_FAILURES)
        if counted is None:
            interviews.uncount_source_attempt(source, window_start)
            raise Locked(
                "this link is locked after too many wrong phone numbers; HR has been told",
                code="link_locked",
            )
        if right:
            interviews.uncount_wrong_phone(candidate.id, round_)
            interviews.uncount_source_attempt(source, window_start)
            return
        logger.info("wrong phone for interview link", candidate_id=candidate.id, failures=counted)
        if counted < MAX_VERIFY_FAILURES:
            raise Unauthorized(
                f"the phone number does not match; {MAX_VERIFY_FAILURES - counted} attempts left",
                code="wrong_phone",
                params={"left": MAX_VERIFY_FAILURES - counted},
            )
        # This attempt took the last slot: it alone locks the link and tells HR.
        interviews.change(
            candidate.id,
            round_,
            lambda i: None if i.locked_at else i.model_copy(update={"locked_at": now()}),
        )
        self.applications.flag(
            self.applications.require(candidate.id),
            f"interview link locked after {MAX_VERIFY_FAILURES} wrong phone numbers",
            "portal",
            code="link_locked_attention",
            params={"attempts": MAX_VERIFY_FAILURES},
        )
        raise Locked(
            "this link is now locked after too many wrong phone numbers; HR has been told",
            code="link_locked",
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
                    note_code="alternative_requested",
                    note_params={"reason": request.reason},
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
        return self.open_attempt(candidate.id, interview.round, question_id, request.content_type)

    def open_attempt(
        self, candidate_id: str, round_: int, question_id: str, content_type: str = "video/webm"
    ) -> UploadGrant:
        """A new answer attempt and its upload grant: a key of its own, usable until the
        question's time window closes. It replaces the question's earlier grant."""
        interview = self.interviews.interview(candidate_id, round_)
        if interview is None:
            raise NotFound("no such interview", code="no_such_interview")
        found = self._template(interview).question(question_id)
        if found is None:
            raise NotFound("no such question in this interview", code="no_such_question")
        stage = found[0]
        at = now()
        window = timedelta(seconds=stage.preparation_seconds + stage.answer_seconds) + UPLOAD_GRACE
        extension = CONTENT_TYPES[content_type]

        def take_attempt(current: Interview) -> Interview:
            if current.completed_at:
                raise Conflict("the interview is already complete", code="interview_complete")
            started = current.question_started.get(question_id, at)
            if at >= started + window:
                raise Conflict("the time for this question is over", code="question_time_over")
            attempt = current.upload_attempts.get(question_id, 0) + 1
            if attempt > 1 + stage.retakes_allowed:
                raise Conflict(
                    f"no retakes left for this question ({stage.retakes_allowed} allowed)",
                    code="no_retakes_left",
                    params={"allowed": stage.retakes_allowed},
                )
            key = answer_key(candidate_id, round_, question_id, attempt, extension)
            return current.model_copy(
                update={
                    "question_started": {**current.question_started, question_id: started},
                    "upload_attempts": {**current.upload_attempts, question_id: attempt},
                    "granted_keys": {**current.granted_keys, question_id: key},
                }
            )

        taken = self.interviews.change(candidate_id, round_, take_attempt)
        assert taken is not None
        key = taken.granted_keys[question_id]
        expires_in = max(
            1, int((taken.question_started[question_id] + window - at).total_seconds())
        )
        limit = self.max_upload_bytes
        # The policy pins the key (boto adds it), the type and the size range.
        post = aws.s3_presigner().generate_presigned_post(
            Bucket=self.media_bucket,
            Key=key,
            Fields={"Content-Type": content_type},
            Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, limit]],
            ExpiresIn=expires_in,
        )
        return UploadGrant(
            url=post["url"],
            fields=post["fields"],
            key=key,
            attempt=taken.upload_attempts[question_id],
            max_bytes=limit,
            expires_in=expires_in,
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
                        FieldError(q, "no uploaded answer", "no_uploaded_answer")
                        for q in missing or interview.question_ids
                    ],
                    code="answers_missing" if missing else "no_answer_recorded",
                )
            # Closed from here on: an object for a grant still open is refused.
            self.interviews.change(
                candidate.id,
                interview.round,
                lambda i: None if i.completed_at else i.model_copy(update={"completed_at": now()}),
            )
        if interview_open(candidate.status):
            # False means the lifecycle was already resumed: completing twice is fine.
            self.lifecycle.resume(candidate.id, "interview", {"completed": True})
        return Completion(state="completed")

    def _answered(self, interview: Interview, question_id: str) -> bool:
        answer = interview.answers.get(question_id)
        granted = interview.granted_keys.get(question_id)
        if answer and answer.media_key == granted:
            return True
        # The latest attempt's S3 event may still be on its way: look for its object (and
        # read again: the event may have recorded it meanwhile).
        if granted and self._exists(granted):
            self.record_answer(granted)
            now_recorded = self.interviews.interview(interview.candidate_id, interview.round)
            latest = now_recorded.answers.get(question_id) if now_recorded else None
            if latest and latest.media_key == granted:
                return True
        # An earlier attempt is recorded and the retake never came.
        return bool(answer and answer.media_key)

    # -------------------------------------------------------------- S3 events
    def record_answer(
        self, key: str, version_id: str | None = None, etag: str | None = None
    ) -> bool:
        """Record an uploaded answer (the event's object version; without one, the key's
        current version). Returns False when there is nothing new: a duplicate event, or
        an object refused and deleted (see the module's docstring)."""
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
        if version_id is None:
            version_id, etag = self._current_version(key)
            if version_id is None:
                return False  # deleted meanwhile: nothing to record
        for _ in range(8):
            interview = self.interviews.interview(candidate_id, round_)
            if interview is None or question_id not in interview.question_ids:
                return False
            current = interview.answers.get(question_id)
            accepted = current.media_version if current and current.media_key == key else None
            if accepted is not None and accepted == version_id:
                return False  # a duplicate event
            refusal = (
                "the interview is complete"
                if interview.completed_at
                else "the upload is not the question's latest attempt"
                if interview.granted_keys.get(question_id) != key
                else "the attempt already has its recording"
                if accepted is not None
                else None
            )
            if refusal:
                self._discard(key, keep=accepted)
                logger.warning(
                    "upload refused and deleted",
                    candidate_id=candidate_id,
                    question_id=question_id,
                    attempt=attempt,
                    reason=refusal,
                )
                return False
            answer = Answer(
                question_id=question_id,
                media_key=key,
                media_version=version_id,
                media_etag=(etag or "").strip('"') or None,
                uploaded_at=now(),
            )
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
        raise ChangedMeanwhile(
            "the interview is changing too often; try again", code="busy_try_again"
        )

    def _current_version(self, key: str) -> tuple[str | None, str | None]:
        s3 = aws.client("s3")
        try:
            head = s3.head_object(Bucket=self.media_bucket, Key=key)
        except s3.exceptions.ClientError:
            return None, None
        # An unversioned bucket says "null": still one fixed object to pin.
        return str(head.get("VersionId") or "null"), head.get("ETag")

    def _discard(self, key: str, keep: str | None) -> None:
        """Delete every version of ``key`` but ``keep`` (the accepted recording)."""
        s3 = aws.client("s3")
        listed = s3.list_object_versions(Bucket=self.media_bucket, Prefix=key)
        stale = [
            {"Key": key, "VersionId": v["VersionId"]}
            for v in listed.get("Versions", []) + listed.get("DeleteMarkers", [])
            if v["Key"] == key and v["VersionId"] != keep
        ]
        if stale:
            s3.delete_objects(Bucket=self.media_bucket, Delete={"Objects": stale, "Quiet": True})

    def _exists(self, key: str) -> bool:
        return self._current_version(key)[0] is not None

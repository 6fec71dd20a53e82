"""The candidate interview portal: what a candidate may see and do with their link.

A link carries an opaque token (stored only as its hash). Before anything personal, the
candidate proves the phone number HR has on file (``interviews.phone_check``, the check
every link's page shares): every attempt is counted before the number is checked, with
a conditional write, so racing attempts get no more checks than the limit: five wrong
numbers lock the link and put the candidate in needs_attention for HR, and one source
address gets a bounded number of wrong numbers an hour over all links. A verified
candidate gets a short-lived session, sees the pinned template version's questions, and
receives one presigned S3 POST per answer attempt: a key of its own (the attempt's random
id in it), video/webm or video/mp4, a size range, usable only until the question's time
window closes, and only within the retakes the template allows. Uploads go straight to
S3; the object-created event records the answer: the first object of the question's
latest grant, its S3 version pinned. Anything else - a second object for the same
attempt, an older attempt, an upload after ``/complete`` - is refused, never scored, and
deleted (every version of the key but the accepted one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from pydantic import BaseModel, Field

from hireflow.assessment.model import InterviewTemplate, Question, Stage, TemplateRepository
from hireflow.interviews.events import AnswerRecorded
from hireflow.interviews.model import (
    Answer,
    Interruption,
    InterruptionCause,
    Interview,
    InterviewRepository,
    PortalSession,
    token_hash,
)
from hireflow.interviews.phone_check import MAX_VERIFY_FAILURES, check_phone
from hireflow.interviews.steps import shown_deadline
from hireflow.notifications.model import NotificationEvent
from hireflow.organisation.model import OrganisationRepository
from hireflow.platform import aws
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
from hireflow.platform.ids import new_id, new_secret_token, now
from hireflow.platform.objects import current_version, discard_versions
from hireflow.platform.observability import logger
from hireflow.platform.outbox import Outbox
from hireflow.platform.unit_of_work import UnitOfWorkFactory
from hireflow.privacy.consent import Consents
from hireflow.privacy.model import Purpose
from hireflow.privacy.notices import PORTAL_PURPOSES, NoticeService, ShownNotice
from hireflow.recruiting.lifecycle import ApplicationLifecycle
from hireflow.recruiting.model import (
    Candidate,
    CandidateRepository,
    PositionRepository,
    TimelineEntry,
    stage_move,
)
from hireflow.recruiting.notices import Notices
from hireflow.recruiting.status import CandidateStatus, interview_open
from hireflow.recruiting.steps import Applications

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
    # The branch's jurisdiction's notice, in the candidate's language (docs/privacy.md),
    # and, under a minimum notice period, when the interview opens (None: it is open).
    notice: ShownNotice | None = None
    opens_at: datetime | None = None


class Verification(BaseModel):
    phone: str = Field(max_length=40)
    # The person's choice for each purpose the notice asks, each on its own (a ledger
    # line each); purposes left out are asked on the consent step.
    consents: dict[Purpose, bool] = Field(default_factory=dict)
    # Older pages' single checkbox (recording and AI analysis together): read as the two
    # purposes given, each its own ledger line. The portal's page sends ``consents``.
    consent: bool | None = Field(default=None, description="deprecated: send consents")

    def choices(self) -> dict[Purpose, bool]:
        if self.consents or not self.consent:
            return dict(self.consents)
        return {Purpose.RECORDING: True, Purpose.AI_ANALYSIS: True}


class Session(BaseModel):
    session: str
    expires_at: datetime


class AlternativeRequest(BaseModel):
    reason: str = Field(default="", max_length=1000)


QuestionState = Literal["new", "in_flight", "answered", "interrupted", "closed"]


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
    # new: not started; in_flight: an attempt waits for its recording (after a reload, the
    # page reports it interrupted); answered; interrupted: the latest attempt was lost and
    # another is allowed; closed: no recording and no attempt left.
    state: QuestionState = "new"
    attempts_left: int = 0  # attempts still allowed (an interruption's extra one included)
    interruptions: int = 0


class InterruptionReport(BaseModel):
    """The page reports its attempt in flight as lost: ``attempt`` is the one it had."""

    attempt: int = Field(ge=1, le=20)
    cause: InterruptionCause = "reload"


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
    privacy_notices: NoticeService
    consents: Consents

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

    def in_session(self, token: str, session_token: str) -> tuple[Candidate, Interview]:
        """The candidate and interview of a link whose phone check this session passed."""
        return self._session(token, session_token)

    def verified(self, token: str, session_token: str) -> Candidate:
        """The candidate behind a link whose phone check this session passed (the
        voluntary questions asked after it, analytics.demographics)."""
        return self._session(token, session_token)[0]

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
            notice=self.privacy_notices.shown(candidate.branch_id, candidate.locale),
            opens_at=self._opens_at(candidate, interview),
        )

    def _opens_at(self, candidate: Candidate, interview: Interview) -> datetime | None:
        """When an unfinished interview opens under the branch's minimum notice period
        (None: it is open)."""
        if interview.completed_at:
            return None
        opens = self.privacy_notices.opens_at(candidate.branch_id, interview.invited_at)
        return opens if opens > now() else None

    def _require_opened(self, candidate: Candidate, interview: Interview) -> None:
        opens = self._opens_at(candidate, interview)
        if opens is not None:
            raise Conflict(
                f"this interview opens on {opens.isoformat()}",
                code="interview_not_open_yet",
                params={"opens_at": opens.isoformat()},
            )

    def recording_allowed(self, candidate_id: str, interview: Interview) -> bool:
        """The person's latest recording consent (the ledger); an interview verified
        before the ledger existed counts its ``consent_at``."""
        line = self.consents.ledger.current(candidate_id).get(Purpose.RECORDING)
        return line.given if line else interview.consent_at is not None

    def verify(self, token: str, verification: Verification, source: str) -> Session:
        """Check the phone number (``source``: the caller's address, for its own limit)."""
        candidate, interview = self._open(token)
        self._require_opened(candidate, interview)
        check_phone(
            self.interviews,
            self.source_verify_limit,
            _Attempts(self, candidate, interview.round),
            given=verification.phone,
            on_file=candidate.phone,
            source=source,
        )
        # Consents given with the phone check are recorded (each purpose a line); those
        # left out are asked on the consent step (``interviews.consents``), before the
        # first question: no recording consent, no upload (the alternative is offered).
        choices = verification.choices()
        if choices and interview.completed_at is None:
            self.choose(candidate, choices)
        at = now()
        recording = self.recording_allowed(candidate.id, interview)
        self.interviews.change(
            candidate.id,
            interview.round,
            lambda i: i.model_copy(
                update={
                    "verified_at": i.verified_at or at,
                    "consent_at": i.consent_at or (at if recording else None),
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

    def choose(self, candidate: Candidate, choices: dict[Purpose, bool]) -> None:
        """Record the person's choices in the portal: a ledger line for each purpose
        whose state changes (the same choice again adds nothing). Only the purposes the
        branch's notice asks are accepted."""
        _, notice = self.privacy_notices.of_branch(candidate.branch_id)
        asked = [p for p in PORTAL_PURPOSES if p in notice.purposes]
        unknown = [p for p in choices if p not in asked]
        if unknown:
            raise Invalid(
                "the notice does not ask for this consent here",
                [FieldError(f"consents.{p}", "not asked", "consent_not_asked") for p in unknown],
                code="consent_not_asked",
            )
        current = self.consents.ledger.current(candidate.id)
        changed = {
            p: given
            for p, given in choices.items()
            if p not in current or current[p].given != given
        }
        if not changed:
            return
        with self.uow() as uow:
            for purpose, given in changed.items():
                self.consents.record(
                    uow,
                    candidate.id,
                    candidate.branch_id,
                    purpose,
                    given,
                    notice,
                    candidate.locale,
                    "portal",
                )
            uow.commit()
        logger.info(
            "consents recorded",
            candidate_id=candidate.id,
            purposes={str(p): g for p, g in changed.items()},
        )

    def request_alternative(self, token: str, request: AlternativeRequest) -> Overview:
        """The candidate asks for a process without AI analysis: the application waits for
        HR in alternative_requested (timeline, dashboard, attention list), and the branch's
        HR are e-mailed, with the change. HR schedules an interview with a person or
        declines with a reason (``reviews.oversight``); meanwhile the link stays open."""
        candidate, interview = self._open(token)
        self.ask_alternative(candidate, interview, request.reason, "alternative_requested")
        return self.overview(token)

    def ask_alternative(
        self, candidate: Candidate, interview: Interview, reason: str, code: str
    ) -> None:
        """The application waits for HR in alternative_requested (``code``: why, e.g. the
        person withdrew their recording consent)."""
        if interview.alternative_requested_at is None:
            self.interviews.change(
                candidate.id,
                interview.round,
                lambda i: i.model_copy(
                    update={"alternative_requested_at": now(), "alternative_reason": reason}
                ),
            )
            note = (
                f"asked for a process without AI analysis: {reason}".strip(": ")
                if code == "alternative_requested"
                else reason
            )
            note_params = {"reason": reason}
            mail = self.notices.to_branch_hr(
                candidate, NotificationEvent.ALTERNATIVE_REQUESTED, feedback=reason
            )
            if candidate.status != CandidateStatus.INVITED:  # e.g. already completed
                self.candidates.note(
                    TimelineEntry(
                        candidate_id=candidate.id,
                        status=candidate.status,
                        actor="candidate",
                        note=note,
                        note_code=code,
                        note_params=note_params,
                    )
                )
                self.notices.send(mail)
                return
            with self.uow() as uow:
                asked = candidate.moved(
                    CandidateStatus.ALTERNATIVE_REQUESTED,
                    note,
                    reason_code=code,
                    reason_params=note_params,
                )
                moved = stage_move(uow, candidate, asked, "candidate")
                self.notices.file(uow, moved, f"alternative:{interview.round}", mail)
                uow.commit()

    def questions(self, token: str, session_token: str) -> list[QuestionView]:
        candidate, interview = self._session(token, session_token)
        template = self._template(interview)
        locale = candidate.locale
        views = []
        for stage in template.stages:
            for question in stage.questions:
                views.append(self._view(interview, stage, question, locale))
        return views

    @staticmethod
    def _view(interview: Interview, stage: Stage, question: Question, locale: str) -> QuestionView:
        answer = interview.answers.get(question.id)
        answered = bool(answer and answer.media_key)
        attempts_left = interview.attempts_left(question.id, stage.retakes_allowed)
        retake = (
            interview.latest_interrupted(question.id)
            and attempts_left > 0
            and not interview.completed_at
        )
        state: QuestionState = (
            "in_flight"
            if interview.in_flight(question.id)
            else "answered"
            if answered
            else "new"
            if not interview.upload_attempts.get(question.id)
            else "interrupted"
            if retake
            else "closed"
        )
        return QuestionView(
            id=question.id,
            stage=stage.name.in_(locale),
            text=question.text.in_(locale),
            kind=question.kind.value,
            preparation_seconds=stage.preparation_seconds,
            answer_seconds=stage.answer_seconds,
            retakes_allowed=stage.retakes_allowed,
            attempts_used=interview.upload_attempts.get(question.id, 0),
            answered=answered,
            state=state,
            attempts_left=attempts_left,
            interruptions=len(interview.interruptions.get(question.id, [])),
        )

    def report_interruption(
        self, token: str, session_token: str, question_id: str, report: InterruptionReport
    ) -> QuestionView:
        """The candidate's page came back (a reload, a dropped connection) and its attempt
        in flight is gone. If the recording reached S3 after all, it is recorded as the
        answer; otherwise the attempt is recorded as interrupted, which allows one more
        attempt at the question (once per question). Reporting twice changes nothing."""
        candidate, interview = self._session(token, session_token)
        template = self._template(interview)
        found = template.question(question_id)
        if found is None:
            raise NotFound("no such question in this interview", code="no_such_question")
        stage, question = found
        key = interview.in_flight(question_id)
        if (
            key
            and interview.upload_attempts.get(question_id) == report.attempt
            and self._exists(key)
        ):
            self.record_answer(key)  # it arrived; its S3 event is still on its way
        else:
            at = now()
            changed = self.interviews.change(
                candidate.id,
                interview.round,
                lambda i: i.interrupted(question_id, report.attempt, report.cause, at),
            )
            if changed is not None and changed.interruption_of(question_id, key or "") is not None:
                logger.info(
                    "answer attempt interrupted",
                    candidate_id=candidate.id,
                    question_id=question_id,
                    attempt=report.attempt,
                    cause=report.cause,
                )
        current = self.interviews.interview(candidate.id, interview.round)
        assert current is not None
        return self._view(current, stage, question, candidate.locale)

    def upload(
        self, token: str, session_token: str, question_id: str, request: UploadRequest
    ) -> UploadGrant:
        candidate, interview = self._session(token, session_token)
        if not self.recording_allowed(candidate.id, interview):
            raise Conflict(
                "recording needs your consent; without it you can ask for an interview "
                "with a person instead",
                code="recording_consent_missing",
            )
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
            # The attempt after an interruption gets the question's whole window again.
            started = (
                at
                if current.latest_interrupted(question_id)
                else current.question_started.get(question_id, at)
            )
            if at >= started + window:
                raise Conflict("the time for this question is over", code="question_time_over")
            attempt = current.upload_attempts.get(question_id, 0) + 1
            if attempt > current.attempts_allowed(question_id, stage.retakes_allowed):
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
                    "granted_at": {**current.granted_at, question_id: at},
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
            # A question never started was skipped; one started must have its upload in,
            # unless its latest attempt was interrupted (then it has none, and HR sees why).
            started = [q for q in interview.question_ids if interview.upload_attempts.get(q)]
            missing = [
                q
                for q in started
                if not interview.latest_interrupted(q) and not self._answered(interview, q)
            ]
            if missing or not started:
                raise Conflict(
                    "some answers have not arrived yet" if missing else "no answer was recorded",
                    [
                        FieldError(q, "no uploaded answer", "no_uploaded_answer")
                        for q in missing or interview.question_ids
                    ],
                    code="answers_missing" if missing else "no_answer_recorded",
                )
            self._promote_late_recordings(candidate, interview.round)
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

    def _promote_late_recordings(self, candidate: Candidate, round_: int) -> None:
        """A question left without a recording whose interrupted attempt's object arrived
        after the interruption (while the retake never came): that recording is the answer
        (scored once, like any answer)."""
        for _ in range(8):
            interview = self.interviews.interview(candidate.id, round_)
            if interview is None:
                return
            late = {
                q: lost[-1]
                for q in interview.question_ids
                if not ((a := interview.answers.get(q)) and a.media_key)
                and (lost := [i for i in interview.interruptions.get(q, []) if i.late_version])
            }
            if not late:
                return
            answers = {
                **interview.answers,
                **{q: self._late_answer(q, i) for q, i in late.items()},
            }
            try:
                with self.uow() as uow:
                    uow.save(interview.model_copy(update={"answers": answers}))
                    for q, i in late.items():
                        uow.publish(AnswerRecorded.of(candidate, question_id=q, attempt=i.attempt))
                    uow.commit()
            except ChangedMeanwhile:
                continue
            for q, i in late.items():
                logger.info(
                    "late recording of an interrupted attempt is the answer",
                    candidate_id=candidate.id,
                    question_id=q,
                    attempt=i.attempt,
                )
            return
        raise ChangedMeanwhile(
            "the interview is changing too often; try again", code="busy_try_again"
        )

    @staticmethod
    def _late_answer(question_id: str, lost: Interruption) -> Answer:
        return Answer(
            question_id=question_id,
            media_key=lost.media_key,
            media_version=lost.late_version,
            media_etag=lost.late_etag,
            uploaded_at=lost.late_uploaded_at,
        )

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
            withdrawn = self.consents.ledger.current(candidate_id).get(Purpose.RECORDING)
            if withdrawn is not None and not withdrawn.given:
                self._discard(key, keep=None)  # arrived after the person withdrew consent
                logger.warning(
                    "upload after recording consent withdrawn deleted",
                    candidate_id=candidate_id,
                    question_id=question_id,
                )
                return False
            current = interview.answers.get(question_id)
            lost = interview.interruption_of(question_id, key)
            if lost is not None and not (current and current.media_key == key):
                outcome = self._record_late(
                    candidate, interview, question_id, lost, version_id, etag
                )
                if outcome is None:
                    continue  # the interview changed meanwhile: read it again
                return outcome
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

    def _record_late(
        self,
        candidate: Candidate,
        interview: Interview,
        question_id: str,
        lost: Interruption,
        version_id: str,
        etag: str | None,
    ) -> bool | None:
        """The object of an attempt already counted as interrupted arrived late. The first
        object is kept (never deleted) and pinned on the interruption, so HR can watch it.
        It is the answer at once when nothing came after it (no later attempt granted, the
        interview open): the interruption's extra attempt is withdrawn, so the question
        is scored once. Otherwise it waits: ``/complete`` makes it the answer if the
        later attempt never brings one. None: the interview changed meanwhile."""
        if lost.late_version is not None:
            if lost.late_version != version_id:
                self._discard(lost.media_key, keep=lost.late_version)  # a second object
            return False  # a duplicate event, or a second object refused
        pinned = lost.model_copy(
            update={
                "late_version": version_id,
                "late_etag": (etag or "").strip('"') or None,
                "late_uploaded_at": now(),
            }
        )
        interruptions = {
            **interview.interruptions,
            question_id: [
                pinned if i.media_key == lost.media_key else i
                for i in interview.interruptions[question_id]
            ],
        }
        # The answer now only if it is still the question's latest attempt, the interview
        # is open and no answer is recorded.
        answer_now = (
            interview.completed_at is None
            and interview.granted_keys.get(question_id) == lost.media_key
            and not ((a := interview.answers.get(question_id)) and a.media_key)
        )
        update: dict[str, object] = {"interruptions": interruptions}
        if answer_now:
            update["answers"] = {
                **interview.answers,
                question_id: self._late_answer(question_id, pinned),
            }
        try:
            with self.uow() as uow:
                uow.save(interview.model_copy(update=update))
                if answer_now:
                    uow.publish(
                        AnswerRecorded.of(candidate, question_id=question_id, attempt=lost.attempt)
                    )
                uow.commit()
        except ChangedMeanwhile:
            return None
        logger.info(
            "late recording of an interrupted attempt kept",
            candidate_id=candidate.id,
            question_id=question_id,
            attempt=lost.attempt,
            answer=answer_now,
        )
        return answer_now

    def _current_version(self, key: str) -> tuple[str | None, str | None]:
        return current_version(self.media_bucket, key)

    def _discard(self, key: str, keep: str | None) -> None:
        discard_versions(self.media_bucket, key, keep)

    def _exists(self, key: str) -> bool:
        return self._current_version(key)[0] is not None


@dataclass(frozen=True)
class _Attempts:
    """An interview link's phone checks: a counter per round (every link of the round),
    the lock on the interview, and the application flagged for HR."""

    portal: Portal
    candidate: Candidate
    round: int

    def take(self, limit: int) -> int | None:
        return self.portal.interviews.count_wrong_phone(self.candidate.id, self.round, limit)

    def give_back(self) -> None:
        self.portal.interviews.uncount_wrong_phone(self.candidate.id, self.round)

    def lock(self) -> None:
        self.portal.interviews.change(
            self.candidate.id,
            self.round,
            lambda i: None if i.locked_at else i.model_copy(update={"locked_at": now()}),
        )
        applications = self.portal.applications
        applications.flag(
            applications.require(self.candidate.id),
            f"interview link locked after {MAX_VERIFY_FAILURES} wrong phone numbers",
            "portal",
            code="link_locked_attention",
            params={"attempts": MAX_VERIFY_FAILURES},
        )

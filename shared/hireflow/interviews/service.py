"""HR's side of the video interview: inviting a candidate (which starts the lifecycle
execution) and what HR sees of a round's interview."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, Field

from hireflow.audit.service import audited_write, record
from hireflow.identity.model import Caller
from hireflow.identity.permissions import Capability, require
from hireflow.interviews.model import Interruption, Interview, InterviewRepository
from hireflow.interviews.reminders import InterviewReminders
from hireflow.platform.errors import ChangedMeanwhile, Conflict, FieldError, Invalid, NotFound
from hireflow.platform.ids import now
from hireflow.platform.unit_of_work import UnitOfWorkFactory
from hireflow.privacy.notices import NoticeService
from hireflow.recruiting.lifecycle import ApplicationLifecycle
from hireflow.recruiting.model import Candidate
from hireflow.recruiting.service import CandidateService
from hireflow.recruiting.status import CandidateStatus, invitable


class Invitation(BaseModel):
    deadline: datetime | None = Field(default=None, description="default: in deadline_days")
    deadline_days: int = Field(default=7, ge=1, le=60)
    message: str | None = Field(
        default=None,
        max_length=500,
        description="why the candidate is invited again: the letter says it (re-invitations)",
    )

    def resolved_deadline(self) -> datetime:
        deadline = self.deadline or now() + timedelta(days=self.deadline_days)
        if deadline.tzinfo is None:
            raise Invalid(
                "deadline needs a time zone",
                [FieldError("deadline", "e.g. +08:00", "deadline_time_zone")],
                code="deadline_time_zone",
            )
        if deadline <= now():
            raise Invalid(
                "the deadline is in the past",
                [FieldError("deadline", "in the past", "deadline_past")],
                code="deadline_past",
            )
        if deadline > now() + timedelta(days=60):
            raise Invalid(
                "the deadline is too far",
                [FieldError("deadline", "at most 60 days", "deadline_too_far", {"days": 60})],
                code="deadline_too_far",
                params={"days": 60},
            )
        return deadline


class AnswerState(BaseModel):
    question_id: str
    attempts: int
    media_key: str | None
    media_version: str | None = None  # the S3 version scored and shown (later writes refused)
    media_etag: str | None = None
    uploaded_at: datetime | None
    scored_at: datetime | None
    needs_attention: str | None  # why scoring could not use the recording
    needs_attention_code: str | None = None  # the reason in any language
    needs_attention_params: dict[str, Any] = Field(default_factory=dict)
    insufficient_evidence: str | None = None  # assessed, but the AI could not judge it
    rescores: int = 0  # times HR re-ran its scoring
    # Attempts lost in flight (a reload, a dropped connection), each with when and why,
    # and its recording if that arrived later (kept; the answer only if nothing came after).
    interruptions: list[Interruption] = Field(default_factory=list)
    insufficient_evidence_code: str | None = None
    insufficient_evidence_params: dict[str, Any] = Field(default_factory=dict)


class InterviewState(BaseModel):
    """What HR sees of a round's video interview."""

    round: int
    template_id: str
    template_version: int
    deadline: datetime
    invited_at: datetime
    invitation_sent_at: datetime | None
    verified_at: datetime | None
    consent_at: datetime | None
    wrong_phone_attempts: int
    locked_at: datetime | None
    alternative_requested_at: datetime | None
    alternative_reason: str | None
    completed_at: datetime | None
    answers: list[AnswerState]

    @classmethod
    def of(cls, interview: Interview, wrong_phone_attempts: int) -> InterviewState:
        def answer(question_id: str) -> AnswerState:
            found = interview.answers.get(question_id)
            return AnswerState(
                question_id=question_id,
                attempts=interview.upload_attempts.get(question_id, 0),
                media_key=found.media_key if found else None,
                media_version=found.media_version if found else None,
                media_etag=found.media_etag if found else None,
                uploaded_at=found.uploaded_at if found else None,
                scored_at=found.scored_at if found else None,
                needs_attention=found.needs_attention if found else None,
                needs_attention_code=found.needs_attention_code if found else None,
                needs_attention_params=found.needs_attention_params if found else {},
                insufficient_evidence=found.insufficient_evidence if found else None,
                rescores=found.rescores if found else 0,
                interruptions=interview.interruptions.get(question_id, []),
                insufficient_evidence_code=found.insufficient_evidence_code if found else None,
                insufficient_evidence_params=found.insufficient_evidence_params if found else {},
            )

        return cls(
            round=interview.round,
            template_id=interview.template_id,
            template_version=interview.template_version,
            deadline=interview.deadline,
            invited_at=interview.invited_at,
            invitation_sent_at=interview.invitation_sent_at,
            verified_at=interview.verified_at,
            consent_at=interview.consent_at,
            wrong_phone_attempts=wrong_phone_attempts,
            locked_at=interview.locked_at,
            alternative_requested_at=interview.alternative_requested_at,
            alternative_reason=interview.alternative_reason,
            completed_at=interview.completed_at,
            answers=[answer(q) for q in interview.question_ids],
        )


# How long an invitation HR asked for stays "on its way" if the workflow never moves the
# candidate (its start failed): then HR may invite again.
INVITATION_CLAIM = timedelta(minutes=2)
# How long after a reminder by hand HR may send the next one.
REMIND_AGAIN_AFTER = timedelta(hours=1)
_invitable = [s.value for s in CandidateStatus if invitable(s)]
_INVITABLE = ", ".join(_invitable[:-1]) + " or " + _invitable[-1]  # for the 409's reason


@dataclass(frozen=True)
class InterviewService:
    candidates: CandidateService
    interviews: InterviewRepository
    lifecycle: ApplicationLifecycle
    uow: UnitOfWorkFactory
    scoring_timeout_seconds: int
    review_timeout_seconds: int
    reminders: InterviewReminders
    # The branch's minimum notice period (docs/privacy.md): the deadline counts from the
    # opening.
    privacy_notices: NoticeService

    def invite(self, caller: Caller, candidate_id: str, invitation: Invitation) -> Candidate:
        """Start the candidate's lifecycle, once: a conditional write claims the invitation
        before the execution starts, so repeated or racing clicks start one execution; the
        others hear that it is on its way (409)."""
        require(caller, Capability.INVITE_CANDIDATES, action="inviting candidates")
        deadline = invitation.resolved_deadline()
        if (invitation.message or "").strip():  # the candidate's ``reinvite`` action
            require(caller, Capability.TAKE_OVER, action="inviting again with a message")
        for _ in range(8):
            candidate = self.candidates.manageable(caller, candidate_id, "only HR can do this")
            if not invitable(candidate.status):
                raise Conflict(
                    f"the candidate is {candidate.status.value}; only {_INVITABLE} "
                    "candidates can be invited",
                    code="not_invitable",
                    params={"status": candidate.status.value},
                )
            requested = candidate.invitation_requested_at
            # Until the workflow moves the candidate (or the claim runs out: a start that
            # failed), the invitation is on its way.
            if (
                requested
                and requested >= candidate.status_since
                and now() < requested + (INVITATION_CLAIM)
            ):
                raise Conflict(
                    "an invitation for this candidate is already on its way",
                    code="invitation_on_its_way",
                )
            runs = candidate.invitations_started + 1
            try:
                with self.uow() as uow:
                    started = audited_write(
                        uow,
                        caller,
                        "candidate.invite",
                        candidate.model_copy(
                            update={
                                "invitations_started": runs,
                                "invitation_requested_at": now(),
                                "invitation_message": (invitation.message or "").strip() or None,
                            }
                        ),
                        entity_id=candidate.id,
                        branch_id=candidate.branch_id,
                        before=candidate,
                    )
                    uow.commit()
            except ChangedMeanwhile:
                continue  # another click (or the workflow) got there first: look again
            break
        else:
            raise ChangedMeanwhile(
                "the candidate is changing too often; try again", code="busy_try_again"
            )
        # Under a minimum notice period the interview opens later: the candidate still
        # gets the whole window HR chose, from the opening.
        opens = self.privacy_notices.opens_at(candidate.branch_id, now())
        if opens > now():
            deadline += opens - now()
        if candidate.execution_arn:
            # An earlier execution may still wait (a locked link, a failed step): it must
            # not expire or move the new invitation later.
            self.lifecycle.stop(candidate.execution_arn, "replaced by a new invitation")
        # The name is the claim's: only the caller that won the claim starts it.
        self.lifecycle.start(
            f"{candidate.id}-{runs}",
            {
                "candidate_id": candidate.id,
                "deadline": deadline.isoformat(),
                "interview_timeout_seconds": max(1, int((deadline - now()).total_seconds())),
                "scoring_timeout_seconds": self.scoring_timeout_seconds,
                "review_timeout_seconds": self.review_timeout_seconds,
            },
        )
        return started

    def remind(self, caller: Caller, candidate_id: str) -> Candidate:
        """HR reminds an invited candidate now (e-mail and SMS, a fresh link). At most
        once an hour: a repeated click, or a bulk action run again, reminds nobody twice."""
        require(caller, Capability.REMIND_CANDIDATES, action="reminding candidates")
        candidate = self.candidates.manageable(caller, candidate_id, "only HR can do this")
        if candidate.status != CandidateStatus.INVITED:
            raise Conflict(
                f"the candidate is {candidate.status.value}; only invited candidates "
                "can be reminded",
                code="not_remindable",
                params={"status": candidate.status.value},
            )
        at = now()

        def mark(interview: Interview) -> Interview:
            if interview.completed_at is not None:
                raise Conflict(
                    "the candidate has already completed the interview",
                    code="interview_already_completed",
                )
            if interview.deadline <= at:
                raise Conflict(
                    "the interview's deadline has passed; invite again instead",
                    code="remind_after_deadline",
                )
            last = interview.hr_reminded_at
            if last is not None and at < last + REMIND_AGAIN_AFTER:
                raise Conflict(
                    f"a reminder went out at {last:%Y-%m-%d %H:%M} UTC; "
                    "the next one can go an hour later",
                    code="reminded_recently",
                    params={
                        "at": last.isoformat(),
                        "next": (last + REMIND_AGAIN_AFTER).isoformat(),
                    },
                )
            return interview.model_copy(update={"hr_reminded_at": at})

        interview = self.interviews.change(candidate.id, candidate.round, mark)
        if interview is None:
            raise Conflict("the candidate has no interview to be reminded of", code="not_invited")
        with self.uow() as uow:
            record(
                uow,
                caller,
                "candidate.remind",
                branch_id=candidate.branch_id,
                entity=candidate,
                entity_id=candidate.id,
            )
            uow.commit()
        self.reminders.send(candidate, interview)
        return candidate

    def state(self, caller: Caller, candidate_id: str) -> InterviewState:
        candidate = self.candidates.get(caller, candidate_id)
        # A second round is in person: the video interview is the latest round that has one.
        found = self.interviews.latest(candidate.id, candidate.round)
        if found is None:
            raise NotFound(
                "the candidate has not been invited to a video interview", code="not_invited"
            )
        return InterviewState.of(found, self.interviews.wrong_phones(candidate.id, found.round))

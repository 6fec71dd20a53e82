"""HR's side of the video interview: inviting a candidate (which starts the lifecycle
execution) and what HR sees of a round's interview."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from pydantic import BaseModel, Field

from hireflow.audit.service import audited_write
from hireflow.identity.model import Caller
from hireflow.interviews.model import Interview, InterviewRepository
from hireflow.platform.errors import Conflict, FieldError, Invalid, NotFound
from hireflow.platform.ids import now
from hireflow.platform.stepfunctions import ExecutionExists
from hireflow.platform.unit_of_work import UnitOfWorkFactory
from hireflow.recruiting.lifecycle import ApplicationLifecycle
from hireflow.recruiting.model import Candidate
from hireflow.recruiting.service import CandidateService
from hireflow.recruiting.status import CandidateStatus, invitable


class Invitation(BaseModel):
    deadline: datetime | None = Field(default=None, description="default: in deadline_days")
    deadline_days: int = Field(default=7, ge=1, le=60)

    def resolved_deadline(self) -> datetime:
        deadline = self.deadline or now() + timedelta(days=self.deadline_days)
        if deadline.tzinfo is None:
            raise Invalid("deadline needs a time zone", [FieldError("deadline", "e.g. +08:00")])
        if deadline <= now():
            raise Invalid("the deadline is in the past", [FieldError("deadline", "in the past")])
        if deadline > now() + timedelta(days=60):
            raise Invalid("the deadline is too far", [FieldError("deadline", "at most 60 days")])
        return deadline


class AnswerState(BaseModel):
    question_id: str
    attempts: int
    media_key: str | None
    uploaded_at: datetime | None
    scored_at: datetime | None
    needs_attention: str | None  # why scoring could not use the recording
    insufficient_evidence: str | None = None  # assessed, but the AI could not judge it


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
    def of(cls, interview: Interview) -> InterviewState:
        def answer(question_id: str) -> AnswerState:
            found = interview.answers.get(question_id)
            return AnswerState(
                question_id=question_id,
                attempts=interview.upload_attempts.get(question_id, 0),
                media_key=found.media_key if found else None,
                uploaded_at=found.uploaded_at if found else None,
                scored_at=found.scored_at if found else None,
                needs_attention=found.needs_attention if found else None,
                insufficient_evidence=found.insufficient_evidence if found else None,
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
            wrong_phone_attempts=interview.verify_failures,
            locked_at=interview.locked_at,
            alternative_requested_at=interview.alternative_requested_at,
            alternative_reason=interview.alternative_reason,
            completed_at=interview.completed_at,
            answers=[answer(q) for q in interview.question_ids],
        )


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

    def invite(self, caller: Caller, candidate_id: str, invitation: Invitation) -> Candidate:
        candidate = self.candidates.manageable(caller, candidate_id, "only HR can do this")
        if not invitable(candidate.status):
            raise Conflict(
                f"the candidate is {candidate.status.value}; only {_INVITABLE} "
                "candidates can be invited"
            )
        deadline = invitation.resolved_deadline()
        runs = candidate.invitations_started + 1
        # The revision check makes a double click start one execution, not two.
        with self.uow() as uow:
            started = audited_write(
                uow,
                caller,
                "candidate.invite",
                candidate.model_copy(update={"invitations_started": runs}),
                entity_id=candidate.id,
                branch_id=candidate.branch_id,
                before=candidate,
            )
            uow.commit()
        if candidate.execution_arn:
            # An earlier execution may still wait (a locked link, a failed step): it must
            # not expire or move the new invitation later.
            self.lifecycle.stop(candidate.execution_arn, "replaced by a new invitation")
        try:
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
        except ExecutionExists as exc:
            raise Conflict("this invitation is already on its way") from exc
        return started

    def state(self, caller: Caller, candidate_id: str) -> InterviewState:
        candidate = self.candidates.get(caller, candidate_id)
        # A second round is in person: the video interview is the latest round that has one.
        found = self.interviews.latest(candidate.id, candidate.round)
        if found is None:
            raise NotFound("the candidate has not been invited to a video interview")
        return InterviewState.of(found)

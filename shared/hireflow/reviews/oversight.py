"""People take over where the AI cannot, or must not, advise (docs/human-oversight.md).

- A candidate who needs attention (an answer the AI could not use) is reviewed by people
  without the AI: the AI's weight is dropped for the candidate (``Candidate.ai_dropped``,
  said by the scores and the report), the application goes to review and a new lifecycle
  execution waits there for the decision - reject, second round or offer, through the
  same steps and letters as any other.
- A candidate who asked for a process without AI (alternative_requested) gets an
  interview with a person (interviewer, time, place or meeting link; the letter says
  so; then the same review and decision, without AI), or HR declines the request with a
  reason the candidate reads, and the video interview stays open until its deadline.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from hireflow.audit.service import record
from hireflow.identity.model import Caller
from hireflow.identity.permissions import Capability, require
from hireflow.interviews.model import InterviewRepository
from hireflow.interviews.steps import shown_deadline
from hireflow.notifications.model import NotificationEvent
from hireflow.notifications.sending import MessageRequest
from hireflow.organisation.model import OrganisationRepository
from hireflow.platform.errors import Conflict
from hireflow.platform.messages import CodedText, code_of
from hireflow.platform.observability import logger
from hireflow.platform.unit_of_work import UnitOfWork, UnitOfWorkFactory
from hireflow.recruiting.lifecycle import ApplicationLifecycle
from hireflow.recruiting.model import Candidate, stage_move
from hireflow.recruiting.notices import Notices
from hireflow.recruiting.service import Assign, CandidateService
from hireflow.recruiting.status import CandidateStatus
from hireflow.reviews.steps import _open_pending_review as open_pending_review
from hireflow.scoring.reports import Reports

ALTERNATIVE_ASKED = CodedText(
    "the candidate asked for a process without AI analysis", "ai_dropped_alternative"
)


# Words a person must write: blank is refused with 422, never stored.
Said = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Place = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


class HumanReview(BaseModel):
    """Why people review and decide without the AI (stored, shown with the scores)."""

    reason: Said


class InPersonInterview(BaseModel):
    """An interview with a person instead of the video interview with AI analysis."""

    interviewer_id: Short
    interview_time: Short
    interview_place: Place = Field(description="an address, or a meeting link")


class DeclineAlternative(BaseModel):
    """Why the request cannot be granted: the candidate reads it."""

    message: Said


@dataclass(frozen=True)
class Oversight:
    candidates: CandidateService
    organisation: OrganisationRepository
    interviews: InterviewRepository
    reports: Reports
    lifecycle: ApplicationLifecycle
    notices: Notices
    uow: UnitOfWorkFactory

    def review_without_ai(
        self, caller: Caller, candidate_id: str, request: HumanReview
    ) -> Candidate:
        """needs_attention -> in_review, the AI's weight dropped; reviewers are told."""
        candidate = self._manageable(caller, candidate_id, "reviewing without the AI")
        if candidate.status != CandidateStatus.NEEDS_ATTENTION:
            raise Conflict(
                f"the candidate is {candidate.status.value}: people take over without the AI "
                "from needs_attention",
                code="review_without_ai_not_needs_attention",
                params={"status": candidate.status.value},
            )
        reason = request.reason.strip()
        interview = self.interviews.interview(candidate.id, candidate.round)
        if interview is not None and interview.completed_at is not None:
            # The round's report, for the record: every recording, what the AI found
            # where it could, and that its weight is dropped (no overall, no suggestion).
            self.reports.build(candidate, interview, ai_dropped=reason)
        return self._to_review(
            caller,
            candidate,
            CodedText(
                f"people review without the AI: {reason}", "review_without_ai", reason=reason
            ),
            reason,
            "candidate.review_without_ai",
            letter=None,
        )

    def schedule_in_person(
        self, caller: Caller, candidate_id: str, request: InPersonInterview
    ) -> Candidate:
        """alternative_requested -> in_review: the interviewer is assigned (and told), the
        candidate gets the time and place, the AI's weight is dropped."""
        candidate = self._manageable(
            caller, candidate_id, "answering a request for a process without AI"
        )
        self._require_request(candidate)
        if candidate.interviewer_id != request.interviewer_id:
            candidate = self.candidates.assign(
                caller, candidate.id, Assign(interviewer_id=request.interviewer_id)
            )
        interviewer = self.organisation.get_user(request.interviewer_id)
        name = (interviewer.display_name or interviewer.username) if interviewer else ""
        letter = (
            f"in_person:{candidate.invitations_started + 1}",
            self.notices.to_candidate(
                candidate,
                NotificationEvent.IN_PERSON_INTERVIEW,
                interview_time=request.interview_time,
                interview_place=request.interview_place,
                interviewer_name=name,
            ),
        )
        return self._to_review(
            caller,
            candidate,
            CodedText(
                f"interview with a person: {request.interview_time}, {request.interview_place}"
                + (f", {name}" if name else ""),
                "in_person_interview",
                time=request.interview_time,
                place=request.interview_place,
                interviewer=name,
            ),
            ALTERNATIVE_ASKED,
            "candidate.alternative.schedule",
            letter=letter,
        )

    def decline_alternative(
        self, caller: Caller, candidate_id: str, request: DeclineAlternative
    ) -> Candidate:
        """alternative_requested -> invited: the candidate reads why; the link stays open."""
        candidate = self._manageable(
            caller, candidate_id, "answering a request for a process without AI"
        )
        self._require_request(candidate)
        message = request.message.strip()
        interview = self.interviews.interview(candidate.id, candidate.round)
        deadline = shown_deadline(interview.deadline) if interview else ""
        with self.uow() as uow:
            invited = candidate.moved(
                CandidateStatus.INVITED,
                f"request for a process without AI declined: {message}",
                reason_code="alternative_declined",
                reason_params={"message": message},
            )
            declined = stage_move(uow, candidate, invited, caller.username)
            record(
                uow,
                caller,
                "candidate.alternative.decline",
                branch_id=candidate.branch_id,
                entity=declined,
                entity_id=candidate.id,
                before=candidate,
            )
            self.notices.file(
                uow,
                declined,
                f"alternative_declined:{candidate.revision}",
                self.notices.to_candidate(
                    declined,
                    NotificationEvent.ALTERNATIVE_DECLINED,
                    message=message,
                    deadline=deadline,
                ),
            )
            uow.commit()
        return declined

    # -------------------------------------------------------------- shared
    def _manageable(self, caller: Caller, candidate_id: str, action: str) -> Candidate:
        """HR who manage the candidate (the ``TAKE_OVER`` capability, as the candidate's
        actions say: ``recruiting.actions``)."""
        require(caller, Capability.TAKE_OVER, action=action)
        return self.candidates.manageable(caller, candidate_id, "only HR can do this")

    @staticmethod
    def _require_request(candidate: Candidate) -> None:
        if candidate.status != CandidateStatus.ALTERNATIVE_REQUESTED:
            raise Conflict(
                f"the candidate is {candidate.status.value}: there is no open request for a "
                "process without AI",
                code="no_alternative_request",
                params={"status": candidate.status.value},
            )

    def _to_review(
        self,
        caller: Caller,
        candidate: Candidate,
        status_reason: CodedText,
        ai_dropped: str,
        action: str,
        letter: tuple[str, list[MessageRequest]] | None,
    ) -> Candidate:
        """Move to review with the AI's weight dropped, claim the next execution's name in
        the same write (racing clicks: one wins, the others get 409), then start it at
        AwaitReview."""
        run = candidate.invitations_started + 1
        with self.uow() as uow:
            reviewing = candidate.moved(
                CandidateStatus.IN_REVIEW,
                str(status_reason),
                reason_code=status_reason.code,
                reason_params=status_reason.params,
                ai_dropped=str(ai_dropped),
                ai_dropped_code=code_of(ai_dropped)[0],
                ai_dropped_round=candidate.round,
                invitations_started=run,
            )
            moved = stage_move(uow, candidate, reviewing, caller.username)
            open_pending_review(uow, moved)
            record(
                uow,
                caller,
                action,
                branch_id=candidate.branch_id,
                entity=moved,
                entity_id=candidate.id,
                before=candidate,
            )
            self._tell(uow, moved, letter)
            uow.commit()
        self.lifecycle.take_over(
            candidate.id, run, candidate.execution_arn, "review", f"{action} by {caller.username}"
        )
        logger.info("people took over", candidate_id=candidate.id, action=action)
        return moved

    def _tell(
        self, uow: UnitOfWork, candidate: Candidate, letter: tuple[str, list[MessageRequest]] | None
    ) -> None:
        """The candidate's letter (an interview with a person: the interviewer heard of it
        when assigned), or else the reviewers: the round's report is there to read."""
        if letter:
            effect, requests = letter
            self.notices.file(uow, candidate, effect, requests)
            return
        self.notices.file(
            uow,
            candidate,
            f"human_review:{candidate.invitations_started}",
            self.notices.to_reviewers(candidate, NotificationEvent.REPORT_READY),
        )

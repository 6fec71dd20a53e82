"""The review's CandidateLifecycle tasks: the report is ready for the reviewers, the wait
for their decision, and carrying out the decision (rejection letter, second round,
offer requested).

Each task moves the status, files its letter and event in the same unit of work, and
returns early when a retry finds the move made; the workflow then drains the outbox, so
a letter whose sending failed after the commit still goes out, once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal

from pydantic import BaseModel

from hireflow.interviews.model import InvitationToken, token_hash
from hireflow.notifications.model import NotificationEvent
from hireflow.platform.ids import new_secret_token, now
from hireflow.platform.unit_of_work import UnitOfWork, UnitOfWorkFactory
from hireflow.recruiting.lifecycle import ApplicationLifecycle
from hireflow.recruiting.model import Candidate, stage_move
from hireflow.recruiting.notices import Notices
from hireflow.recruiting.status import CandidateStatus
from hireflow.recruiting.steps import WORKFLOW_ACTOR, Applications, AwaitStep, CandidateTask
from hireflow.reviews.events import (
    CandidateRejected,
    CandidateSecondRound,
    OfferRequested,
    ReportReady,
)
from hireflow.reviews.model import PendingReview

# How long the rejection letter's link to the candidate's page works.
REJECTION_LINK_DAYS = timedelta(days=30)


class Decision(BaseModel):
    decision: Literal["reject", "second_round", "offer"]
    feedback: str | None = None
    interview_time: str | None = None
    interview_place: str | None = None
    interviewer_name: str | None = None
    decided_by: str | None = None
    # The round decided on: a retried second-round task finds the round already moved on.
    round: int | None = None


class DecisionTask(CandidateTask):
    decision: Decision


def _open_pending_review(uow: UnitOfWork, candidate: Candidate) -> None:
    uow.put(
        PendingReview(
            candidate_id=candidate.id,
            branch_id=candidate.branch_id,
            since=now(),
            reviewer_ids=candidate.assignees,
        )
    )


@dataclass(frozen=True)
class ReviewSteps:
    applications: Applications
    lifecycle: ApplicationLifecycle
    notices: Notices
    uow: UnitOfWorkFactory

    def report_ready(self, task: CandidateTask) -> dict[str, Any]:
        """``final``: a re-assessment nobody reviews is scored once its report is ready (the
        state machine closes it without waiting for a review)."""
        candidate = self.applications.require(task.candidate_id)
        final = bool(candidate.employee_id) and not candidate.assignees
        if candidate.status == CandidateStatus.IN_REVIEW:
            return {"status": candidate.status.value, "final": final}
        with self.uow() as uow:
            reviewing = candidate.moved(CandidateStatus.IN_REVIEW)
            candidate = stage_move(uow, candidate, reviewing, WORKFLOW_ACTOR)
            _open_pending_review(uow, candidate)
            self.notices.file(
                uow,
                candidate,
                f"report_ready:{candidate.round}",
                self.notices.to_reviewers(candidate, NotificationEvent.REPORT_READY),
            )
            uow.publish(ReportReady.of(candidate))
            uow.commit()
        return {"status": candidate.status.value, "final": final}

    def await_review(self, task: AwaitStep) -> dict[str, Any]:
        self.lifecycle.wait(task.candidate_id, "review", task.task_token)
        return {}

    def send_rejection(self, task: DecisionTask) -> dict[str, Any]:
        candidate = self.applications.require(task.candidate_id)
        if candidate.status == CandidateStatus.REJECTED:
            return {"status": candidate.status.value}
        decision = task.decision
        with self.uow() as uow:
            rejected = candidate.moved(CandidateStatus.REJECTED, reason=decision.feedback)
            candidate = stage_move(uow, candidate, rejected, decision.decided_by or WORKFLOW_ACTOR)
            uow.delete_key(PendingReview.key(candidate.id))
            # A fresh link to the candidate's page after the interview (consent to the
            # talent pool, a human review, an explanation): it travels only in the letter's
            # outbox entries, as the invitation's does; the table keeps its hash.
            token = new_secret_token()
            uow.put(
                InvitationToken(
                    token_hash=token_hash(token),
                    candidate_id=candidate.id,
                    round=candidate.round,
                    deadline=now() + REJECTION_LINK_DAYS,
                )
            )
            self.notices.file(
                uow,
                candidate,
                f"rejection:{candidate.round}",
                self.notices.to_candidate(
                    candidate,
                    NotificationEvent.REJECTION,
                    feedback=decision.feedback or "",
                    link=self.notices.interview_link(token),
                ),
            )
            uow.publish(CandidateRejected.of(candidate))
            uow.commit()
        return {"status": candidate.status.value}

    def send_second_round(self, task: DecisionTask) -> dict[str, Any]:
        candidate = self.applications.require(task.candidate_id)
        decision = task.decision
        if decision.round is not None and candidate.round > decision.round:
            return {"status": candidate.status.value, "round": candidate.round}  # a retry
        with self.uow() as uow:
            second = candidate.moved(CandidateStatus.SECOND_ROUND, round=candidate.round + 1)
            candidate = stage_move(uow, candidate, second, decision.decided_by or WORKFLOW_ACTOR)
            _open_pending_review(uow, candidate)
            self.notices.file(
                uow,
                candidate,
                f"second_round:{candidate.round}",
                self.notices.to_candidate(
                    candidate,
                    NotificationEvent.SECOND_ROUND,
                    interview_time=decision.interview_time or "",
                    interview_place=decision.interview_place or "",
                    interviewer_name=decision.interviewer_name or "",
                ),
            )
            uow.publish(CandidateSecondRound.of(candidate))
            uow.commit()
        return {"status": candidate.status.value, "round": candidate.round}

    def request_offer(self, task: DecisionTask) -> dict[str, Any]:
        candidate = self.applications.require(task.candidate_id)
        if candidate.status == CandidateStatus.OFFER_PENDING:
            return {"status": candidate.status.value}
        decided_by = task.decision.decided_by
        with self.uow() as uow:
            offered = candidate.moved(CandidateStatus.OFFER_PENDING)
            candidate = stage_move(uow, candidate, offered, decided_by or WORKFLOW_ACTOR)
            uow.delete_key(PendingReview.key(candidate.id))
            uow.publish(OfferRequested.of(candidate, decided_by=decided_by))
            uow.commit()
        return {"status": candidate.status.value}

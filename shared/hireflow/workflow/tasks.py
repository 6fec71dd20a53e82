"""The CandidateLifecycle state machine's task registry: which context's step runs for a
task name, with which payload model. No business rules here.

After every task the candidate's outbox is drained: a letter or event that a failed
attempt committed but could not deliver goes out on the retry. A failure that a retry
may cure leaves as ``Transient``, the one error name the state machine retries; any
other error is caught by the state machine and sends the candidate to needs_attention.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from pydantic import BaseModel

from hireflow.interviews.steps import InterviewSteps, SendInvitation
from hireflow.offers.steps import ApprovalWait, LevelTask, OfferSteps
from hireflow.people.steps import ReassessmentSteps
from hireflow.platform.errors import Transient, is_transient
from hireflow.platform.outbox import Outbox
from hireflow.recruiting.steps import (
    ApplicationSteps,
    AwaitStep,
    CandidateTask,
    MarkNeedsAttention,
    OpenApplication,
)
from hireflow.reviews.steps import DecisionTask, ReviewSteps
from hireflow.scoring.steps import ScoringSteps


class UnknownTask(ValueError):
    pass


Task = tuple[type[CandidateTask], Callable[[Any], dict[str, Any]]]


@dataclass(frozen=True)
class TaskRegistry:
    applications: ApplicationSteps
    interviews: InterviewSteps
    scoring: ScoringSteps
    reviews: ReviewSteps
    offers: OfferSteps
    outbox: Outbox
    reassessments: ReassessmentSteps

    @cached_property
    def tasks(self) -> dict[str, Task]:
        return {
            "open_application": (OpenApplication, self.applications.open_application),
            "send_invitation": (SendInvitation, self.interviews.send_invitation),
            "await_interview": (AwaitStep, self.interviews.await_interview),
            "interview_completed": (CandidateTask, self.interviews.interview_completed),
            "await_scoring": (AwaitStep, self.scoring.await_scoring),
            "report_ready": (CandidateTask, self.reviews.report_ready),
            "await_review": (AwaitStep, self.reviews.await_review),
            "send_rejection": (DecisionTask, self.reviews.send_rejection),
            "send_second_round": (DecisionTask, self.reviews.send_second_round),
            "request_offer": (DecisionTask, self.reviews.request_offer),
            "await_offer": (AwaitStep, self.offers.await_offer),
            "next_approval_level": (CandidateTask, self.offers.next_approval_level),
            "await_approval": (ApprovalWait, self.offers.await_approval),
            "settle_approval_level": (LevelTask, self.offers.settle_approval_level),
            "send_offer": (CandidateTask, self.offers.send_offer),
            "await_acceptance": (AwaitStep, self.offers.await_acceptance),
            "hire": (CandidateTask, self.offers.hire),
            "expire_interview": (CandidateTask, self.interviews.expire_interview),
            "mark_needs_attention": (MarkNeedsAttention, self.applications.mark_needs_attention),
            "close_reassessment": (CandidateTask, self.reassessments.close_reassessment),
        }

    def run(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Run one state's payload (``{"task": name, ...}``)."""
        name = str(payload.get("task"))
        if name not in self.tasks:
            raise UnknownTask(f"unknown lifecycle task {name!r}")
        model, step = self.tasks[name]
        task: BaseModel = model.model_validate(payload)
        try:
            result = step(task)
            self.outbox.drain(payload["candidate_id"])
        except Exception as error:
            if is_transient(error):
                raise Transient(f"{type(error).__name__}: {error}") from error
            raise
        return result

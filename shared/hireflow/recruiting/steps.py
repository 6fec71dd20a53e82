"""Recruiting's CandidateLifecycle tasks, and what every context's tasks share: the
payload of a task about a candidate, and sending an application to needs_attention.

Tasks are safe to run twice: Step Functions retries them, and a retried task finds its
change made. Side effects (events, messages) go through the unit of work's outbox, which
the workflow drains after every task, so a retry delivers what a failure left behind.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from hireflow.notifications.model import NotificationEvent
from hireflow.platform.errors import NotFound
from hireflow.platform.observability import logger
from hireflow.platform.unit_of_work import UnitOfWorkFactory
from hireflow.recruiting.events import CandidateNeedsAttention
from hireflow.recruiting.model import Candidate, CandidateRepository, stage_move
from hireflow.recruiting.notices import Notices
from hireflow.recruiting.status import CandidateStatus

WORKFLOW_ACTOR = "workflow"


class CandidateTask(BaseModel):
    candidate_id: str


class AwaitStep(CandidateTask):
    task_token: str


class OpenApplication(CandidateTask):
    execution_arn: str


class MarkNeedsAttention(CandidateTask):
    failed_state: str
    error: dict[str, Any] = {}

    @property
    def reason(self) -> str:
        error = self.error.get("Error") or "Error"
        cause = str(self.error.get("Cause") or "")
        # A Lambda error's cause is its JSON payload: show the message, not the stack.
        if cause.startswith("{"):
            with contextlib.suppress(ValueError):
                cause = str(json.loads(cause).get("errorMessage", cause))
        if error == "States.Timeout":
            return f"{self.failed_state} timed out"
        return f"{self.failed_state} failed: {error}" + (f" ({cause[:300]})" if cause else "")

    @property
    def reason_code(self) -> tuple[str, dict[str, Any]]:
        """The reason in any language: which step, and the error's name."""
        error = str(self.error.get("Error") or "Error")
        if error == "States.Timeout":
            return "step_timed_out", {"step": self.failed_state}
        return "step_failed", {"step": self.failed_state, "error": error}


@dataclass(frozen=True)
class Applications:
    """The application as the workflow sees it: found by id, flagged when stuck."""

    candidates: CandidateRepository
    uow: UnitOfWorkFactory
    notices: Notices

    def require(self, candidate_id: str) -> Candidate:
        candidate = self.candidates.get(candidate_id)
        if candidate is None:
            raise NotFound(f"candidate {candidate_id} does not exist", code="candidate_not_found")
        return candidate

    def flag(
        self,
        candidate: Candidate,
        reason: str,
        actor: str,
        *,
        code: str | None = None,
        params: dict[str, Any] | None = None,
    ) -> Candidate:
        """Send the application to needs_attention with ``reason`` (``code`` and
        ``params`` say it in any language): HR sees it on the dashboard and the branch's
        HR get an e-mail when the candidate enters the state; flagging it again for the
        same reason changes nothing."""
        attention = CandidateStatus.NEEDS_ATTENTION
        if candidate.status == attention and candidate.status_reason == reason:
            return candidate
        moved = candidate.moved(attention, reason, reason_code=code, reason_params=params)
        with self.uow() as uow:
            flagged = stage_move(uow, candidate, moved, actor)
            uow.publish(CandidateNeedsAttention.of(flagged, reason=reason))
            if candidate.status != attention:
                self.notices.file(
                    uow,
                    flagged,
                    f"needs_attention:{flagged.round}:{flagged.revision}",
                    self.notices.to_branch_hr(flagged, NotificationEvent.NEEDS_ATTENTION),
                )
            uow.commit()
        # The code, not the reason: a failed task's reason quotes its error, which may name
        # an address or a phone number.
        logger.warning("candidate needs attention", candidate_id=candidate.id, reason_code=code)
        return flagged


@dataclass(frozen=True)
class ApplicationSteps:
    applications: Applications

    def open_application(self, task: OpenApplication) -> dict[str, Any]:
        """Tie the execution to the candidate, once."""
        candidate = self.applications.require(task.candidate_id)
        if candidate.execution_arn != task.execution_arn:
            candidate = self.applications.candidates.save(
                candidate.model_copy(update={"execution_arn": task.execution_arn})
            )
        return {"status": candidate.status.value}

    def mark_needs_attention(self, task: MarkNeedsAttention) -> dict[str, Any]:
        candidate = self.applications.require(task.candidate_id)
        code, params = task.reason_code
        if candidate.status == CandidateStatus.NEEDS_ATTENTION and candidate.status_reason:
            # Already flagged with its cause (e.g. an unusable answer): a later timeout of
            # the same wait must not replace that reason with its own.
            logger.warning(
                "lifecycle step failed", candidate_id=candidate.id, reason_code=code, **params
            )
            return {"status": candidate.status.value}
        flagged = self.applications.flag(
            candidate, task.reason, WORKFLOW_ACTOR, code=code, params=params
        )
        return {"status": flagged.status.value}

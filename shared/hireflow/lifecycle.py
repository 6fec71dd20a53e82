"""Task handlers of the CandidateLifecycle state machine (statemachines/).

Each task takes the state's payload and returns what the next state needs. Tasks are
safe to run twice: Step Functions retries them, and a retried task finds its work done.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from hireflow.candidates import Candidate, CandidateRepository, CandidateStatus, TimelineEntry
from hireflow.errors import NotFound

WORKFLOW_ACTOR = "workflow"


class OpenApplication(BaseModel):
    candidate_id: str
    execution_arn: str


class MarkNeedsAttention(BaseModel):
    candidate_id: str
    failed_state: str
    error: dict[str, Any] = {}


def _reason(task: MarkNeedsAttention) -> str:
    error = task.error.get("Error") or "Error"
    cause = str(task.error.get("Cause") or "")[:300]
    return f"{task.failed_state} failed: {error}" + (f" ({cause})" if cause else "")


class UnknownTask(ValueError):
    pass


class Lifecycle:
    def __init__(self, candidates: CandidateRepository) -> None:
        self.candidates = candidates

    def _require(self, candidate_id: str) -> Candidate:
        candidate = self.candidates.get(candidate_id)
        if candidate is None:
            raise NotFound(f"candidate {candidate_id} does not exist")
        return candidate

    def open_application(self, task: OpenApplication) -> dict[str, Any]:
        """Tie the execution to the candidate, once."""
        candidate = self._require(task.candidate_id)
        if candidate.execution_arn != task.execution_arn:
            candidate = self.candidates.candidates.save(
                candidate.model_copy(update={"execution_arn": task.execution_arn})
            )
            self.candidates.timeline.put(
                TimelineEntry(
                    candidate_id=candidate.id,
                    status=candidate.status,
                    actor=WORKFLOW_ACTOR,
                    note="lifecycle started",
                )
            )
        return {"candidate_id": candidate.id, "status": candidate.status.value}

    def mark_needs_attention(self, task: MarkNeedsAttention) -> dict[str, Any]:
        candidate = self._require(task.candidate_id)
        moved = self.candidates.move(
            candidate, CandidateStatus.NEEDS_ATTENTION, actor=WORKFLOW_ACTOR, reason=_reason(task)
        )
        return {"candidate_id": moved.id, "status": moved.status.value}

    def run(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Dispatch one state's payload (``{"task": name, ...}``) to its handler."""
        task = payload.get("task")
        if task == "open_application":
            return self.open_application(OpenApplication.model_validate(payload))
        if task == "mark_needs_attention":
            return self.mark_needs_attention(MarkNeedsAttention.model_validate(payload))
        raise UnknownTask(f"unknown lifecycle task {task!r}")

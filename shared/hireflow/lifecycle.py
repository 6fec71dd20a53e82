"""Task handlers of the CandidateLifecycle state machine (statemachines/).

Each task takes the state's payload and returns what the next state needs. Tasks are
safe to run twice: Step Functions retries them, and a retried task finds its work done.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from hireflow.applications import ApplicationRepository, ApplicationStatus

WORKFLOW_ACTOR = "workflow"


class OpenApplication(BaseModel):
    application_id: str
    execution_arn: str


class MarkNeedsAttention(BaseModel):
    application_id: str
    failed_state: str
    error: dict[str, Any] = {}


def _reason(task: MarkNeedsAttention) -> str:
    error = task.error.get("Error") or "Error"
    cause = str(task.error.get("Cause") or "")[:300]
    return f"{task.failed_state} failed: {error}" + (f" ({cause})" if cause else "")


class Lifecycle:
    def __init__(self, applications: ApplicationRepository) -> None:
        self.applications = applications

    def open_application(self, task: OpenApplication) -> dict[str, Any]:
        application = self.applications.require(task.application_id)
        if application.execution_arn != task.execution_arn:
            application = application.model_copy(update={"execution_arn": task.execution_arn})
            self.applications.applications.put(application)
        opened = self.applications.move(application, ApplicationStatus.OPENED, actor=WORKFLOW_ACTOR)
        return {"application_id": opened.id, "status": opened.status.value}

    def mark_needs_attention(self, task: MarkNeedsAttention) -> dict[str, Any]:
        application = self.applications.require(task.application_id)
        moved = self.applications.move(
            application,
            ApplicationStatus.NEEDS_ATTENTION,
            actor=WORKFLOW_ACTOR,
            reason=_reason(task),
        )
        return {"application_id": moved.id, "status": moved.status.value}

    def run(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Dispatch one state's payload (``{"task": name, ...}``) to its handler."""
        task = payload.get("task")
        if task == "open_application":
            return self.open_application(OpenApplication.model_validate(payload))
        if task == "mark_needs_attention":
            return self.mark_needs_attention(MarkNeedsAttention.model_validate(payload))
        raise UnknownTask(f"unknown lifecycle task {task!r}")


class UnknownTask(ValueError):
    pass

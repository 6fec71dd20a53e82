"""An application's CandidateLifecycle execution: starting it, replacing it, and resuming
its waiting steps.

A waiting step stores its Step Functions task token (``WaitingStep``). Whatever finishes
the step - the candidate completing, the last answer scored, a decision - calls
``resume``. Resuming twice is harmless: the second call finds no token, or Step
Functions says the token is spent, and ``resume`` answers False.

When a person takes over where the workflow stopped (scoring re-run, people review
without the AI, an interview with a person), ``take_over`` replaces the execution with one
that begins at that step (``begin``: the state machine's first Choice), so every decision
after it runs through the same steps, letters and events as any other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from hireflow.platform.observability import logger
from hireflow.platform.stepfunctions import ExecutionExists, StateMachine
from hireflow.recruiting.model import Step, WaitingStep, WaitingStepRepository

Begin = Literal["scoring", "review"]
STEPS: tuple[Step, ...] = ("interview", "scoring", "review")


@dataclass(frozen=True)
class ApplicationLifecycle:
    machine: StateMachine
    waits: WaitingStepRepository
    scoring_timeout_seconds: int = 86400
    review_timeout_seconds: int = 2592000

    def take_over(
        self, candidate_id: str, run: int, previous: str | None, begin: Begin, reason: str
    ) -> str:
        """Replace the candidate's execution (``previous``: failed, stopped or waiting) by
        execution ``<candidate id>-<run>`` beginning at ``begin``. ``run`` is the
        invitations_started the caller claimed with its change, so of racing requests
        only one starts it."""
        if previous:
            self.stop(previous, reason)
        for step in STEPS:  # tokens of the replaced execution can never be resumed
            self.forget(candidate_id, step)
        return self.start(
            f"{candidate_id}-{run}",
            {
                "candidate_id": candidate_id,
                "begin": begin,
                "scoring_timeout_seconds": self.scoring_timeout_seconds,
                "review_timeout_seconds": self.review_timeout_seconds,
            },
        )

    def start(self, name: str, payload: dict[str, Any]) -> str:
        """Start the execution ``name`` (deterministic: one per invitation); finding it
        started already is success, not an error."""
        try:
            return self.machine.start(name, payload)
        except ExecutionExists:
            logger.info("lifecycle execution already started", execution=name)
            return self.machine.execution_arn(name)

    def stop(self, execution_arn: str, reason: str) -> None:
        self.machine.stop(execution_arn, reason)

    def wait(self, candidate_id: str, step: Step, task_token: str) -> None:
        self.waits.put(WaitingStep(candidate_id=candidate_id, step=step, task_token=task_token))

    def forget(self, candidate_id: str, step: Step) -> None:
        """The step ended another way (e.g. the deadline passed): drop its token."""
        self.waits.forget(candidate_id, step)

    def resume(self, candidate_id: str, step: Step, output: dict[str, Any]) -> bool:
        waiting = self.waits.get(candidate_id, step)
        if waiting is None:
            return False
        resumed = self.machine.send_success(waiting.task_token, output)
        self.waits.forget(candidate_id, step)
        logger.info("lifecycle step resumed", candidate_id=candidate_id, step=step, resumed=resumed)
        return resumed

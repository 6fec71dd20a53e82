"""Starting a candidate's lifecycle execution and resuming its waiting steps.

A waiting step stores its Step Functions task token (interviews.WaitingStep). Whatever
finishes the step - the candidate completing, the last answer scored, a decision -
calls ``resume``. Resuming twice is harmless: the second call finds no token, or Step
Functions says the token is spent, and ``resume`` answers False.
"""

from __future__ import annotations

import json
import os
from typing import Any

from botocore.exceptions import ClientError

from hireflow.interviews.model import InterviewRepository, Step
from hireflow.platform import aws
from hireflow.platform.observability import logger

SPENT_TOKEN_ERRORS = ("InvalidToken", "TaskTimedOut", "TaskDoesNotExist")


class ExecutionExists(Exception):
    """An execution with this name already runs (or ran) with other input."""


class LifecycleControl:
    def __init__(self, interviews: InterviewRepository) -> None:
        self.interviews = interviews

    @property
    def state_machine_arn(self) -> str:
        return os.environ["HIREFLOW_LIFECYCLE_ARN"]

    def start(self, name: str, payload: dict[str, Any]) -> str:
        sfn = aws.client("stepfunctions")
        try:
            response = sfn.start_execution(
                stateMachineArn=self.state_machine_arn, name=name, input=json.dumps(payload)
            )
        except sfn.exceptions.ExecutionAlreadyExists as exc:
            raise ExecutionExists(name) from exc
        return str(response["executionArn"])

    def stop(self, execution_arn: str, reason: str) -> None:
        """End an earlier execution (a re-invitation replaces it); a finished one is fine."""
        sfn = aws.client("stepfunctions")
        try:
            sfn.stop_execution(executionArn=execution_arn, cause=reason)
        except ClientError as exc:
            if exc.response["Error"]["Code"] not in ("ExecutionDoesNotExist", "InvalidArn"):
                raise

    def resume(self, candidate_id: str, step: Step, output: dict[str, Any]) -> bool:
        waiting = self.interviews.waiting(candidate_id, step)
        if waiting is None:
            return False
        sfn = aws.client("stepfunctions")
        try:
            sfn.send_task_success(taskToken=waiting.task_token, output=json.dumps(output))
            resumed = True
        except ClientError as exc:
            if exc.response["Error"]["Code"] not in SPENT_TOKEN_ERRORS:
                raise
            resumed = False
        self.interviews.waits.delete(f"CANDIDATE#{candidate_id}", f"WAIT#{step}")
        logger.info("lifecycle step resumed", candidate_id=candidate_id, step=step, resumed=resumed)
        return resumed

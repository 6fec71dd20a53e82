"""Starting, stopping and resuming Step Functions executions (no hiring words here).

Resuming a task token twice is harmless: Step Functions says the token is spent, and
``send_success`` answers False.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from hireflow.platform import aws

SPENT_TOKEN_ERRORS = ("InvalidToken", "TaskTimedOut", "TaskDoesNotExist")


class ExecutionExists(Exception):
    """An execution with this name already runs (or ran) with other input."""


@dataclass(frozen=True)
class StateMachine:
    arn: str

    def start(self, name: str, payload: dict[str, Any]) -> str:
        sfn = aws.client("stepfunctions")
        try:
            response = sfn.start_execution(
                stateMachineArn=self.arn, name=name, input=json.dumps(payload)
            )
        except sfn.exceptions.ExecutionAlreadyExists as exc:
            raise ExecutionExists(name) from exc
        return str(response["executionArn"])

    def execution_arn(self, name: str) -> str:
        """The ARN of this machine's execution ``name``."""
        return f"{self.arn.replace(':stateMachine:', ':execution:', 1)}:{name}"

    @staticmethod
    def stop(execution_arn: str, reason: str) -> None:
        """End an execution; one that has finished already is fine."""
        try:
            aws.client("stepfunctions").stop_execution(executionArn=execution_arn, cause=reason)
        except ClientError as exc:
            if exc.response["Error"]["Code"] not in ("ExecutionDoesNotExist", "InvalidArn"):
                raise

    @staticmethod
    def send_success(task_token: str, output: dict[str, Any]) -> bool:
        """Resume a waiting task; False when the token is spent (resumed or timed out)."""
        try:
            aws.client("stepfunctions").send_task_success(
                taskToken=task_token, output=json.dumps(output)
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] not in SPENT_TOKEN_ERRORS:
                raise
            return False
        return True

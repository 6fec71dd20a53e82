"""Workflow function: the CandidateLifecycle state machine's task handlers."""

from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from hireflow.applications import ApplicationRepository
from hireflow.lifecycle import Lifecycle
from hireflow.observability import logger, metrics, tracer

lifecycle = Lifecycle(ApplicationRepository())


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    logger.info(
        "lifecycle task", task=event.get("task"), application_id=event.get("application_id")
    )
    result = lifecycle.run(event)
    metrics.add_metric(name="LifecycleTaskCompleted", unit=MetricUnit.Count, value=1)
    return result

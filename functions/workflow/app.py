"""Workflow function: the CandidateLifecycle state machine's task handlers."""

from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from hireflow.bootstrap import services
from hireflow.platform.observability import logger, metrics, tracer

services()  # cold start: a missing setting fails here, with its name


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    logger.info("lifecycle task", task=event.get("task"), candidate_id=event.get("candidate_id"))
    result = services().workflow.run(event)
    metrics.add_metric(name="LifecycleTaskCompleted", unit=MetricUnit.Count, value=1)
    return result

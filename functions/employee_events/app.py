"""Employee events function: ``employee.created`` on the domain bus starts the new hire's
onboarding (the plan from HQ's template, the portal link); ``performance.reviewed`` runs
the 15 % rule (training suggested where a dimension's performance fell well below its
assessment: docs/analytics.md). EventBridge delivers at least once; a second delivery
finds the plan, or the suggestions, and changes nothing."""

from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes import EventBridgeEvent, event_source
from aws_lambda_powertools.utilities.typing import LambdaContext

from hireflow.bootstrap import services
from hireflow.platform.observability import logger, metrics, tracer

services()  # cold start: a missing setting fails here, with its name


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
@event_source(data_class=EventBridgeEvent)
def lambda_handler(event: EventBridgeEvent, context: LambdaContext) -> dict[str, Any]:
    if event.detail_type == "performance.reviewed":
        detail = event.detail
        made = services().performance_gaps.reviewed(detail["employee_id"], detail["period"])
        metrics.add_metric("TrainingSuggested", MetricUnit.Count, len(made))
        return {"employee_id": detail["employee_id"], "suggestions": len(made)}
    plan = services().onboarding.start(event.detail["employee_id"])
    logger.info("onboarding started", employee_id=plan.employee_id, tasks=len(plan.tasks))
    metrics.add_metric("OnboardingPlansStarted", MetricUnit.Count, 1)
    return {"employee_id": plan.employee_id, "tasks": len(plan.tasks)}

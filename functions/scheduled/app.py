"""Scheduled function: hourly reminders to candidates and reviewers (and approvers, the
owners of onboarding tasks, managers asked for probation reviews); every 5 minutes, the
outbox sweep (letters and events whose delivery failed after their change); every
minute, the webhook deliveries due for another attempt."""

from datetime import datetime
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
    if event.get("job") == "outbox":
        delivered, failed = services().outbox.sweep()
        metrics.add_metric("OutboxEntriesSwept", MetricUnit.Count, delivered)
        metrics.add_metric("OutboxSubjectsStillFailing", MetricUnit.Count, failed)
        return {"delivered": delivered, "still_failing": failed}
    if event.get("job") == "webhooks":
        counts = services().webhook_deliveries.retry_due()
        metrics.add_metric("WebhookRetriesDelivered", MetricUnit.Count, counts.delivered)
        metrics.add_metric("WebhookRetriesFailed", MetricUnit.Count, counts.failed)
        return counts.as_dict()
    # "Now" is the schedule's time, so a late or repeated delivery judges the same window.
    at = datetime.fromisoformat(event["time"].replace("Z", "+00:00"))
    result = services().schedule.reminders(at)
    metrics.add_metric("CandidateReminders", MetricUnit.Count, result.candidates_reminded)
    metrics.add_metric("ReviewerReminders", MetricUnit.Count, result.reviewers_reminded)
    metrics.add_metric("OnboardingTaskReminders", MetricUnit.Count, result.onboarding_messages)
    metrics.add_metric("ProbationReviewRequests", MetricUnit.Count, result.probation_messages)
    return result.model_dump()

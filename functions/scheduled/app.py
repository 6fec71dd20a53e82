"""Scheduled function: hourly reminders to candidates and reviewers (and approvers, the
owners of onboarding tasks, managers asked for probation reviews); every 5 minutes, the
outbox sweep (letters and events whose delivery failed after their change); every
minute, the webhook deliveries due for another attempt; daily at 03:00 UTC, the retention
sweep (docs/privacy.md "Retention")."""

from datetime import UTC, datetime
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
    if event.get("job") == "retention":
        receipt = services().retention_sweep.run(retention_run_for(event))
        for name, count in (
            ("RetentionSubjects", sum(line.subjects for line in receipt.lines)),
            ("RetentionItems", sum(line.items for line in receipt.lines)),
            ("RetentionHeld", sum(line.held for line in receipt.lines)),
        ):
            metrics.add_metric(name, MetricUnit.Count, count)
        return {"run_for": receipt.run_for.isoformat(), "lines": len(receipt.lines)}
    # "Now" is the schedule's time, so a late or repeated delivery judges the same window.
    at = datetime.fromisoformat(event["time"].replace("Z", "+00:00"))
    result = services().schedule.reminders(at)
    metrics.add_metric("CandidateReminders", MetricUnit.Count, result.candidates_reminded)
    metrics.add_metric("ReviewerReminders", MetricUnit.Count, result.reviewers_reminded)
    metrics.add_metric("OnboardingTaskReminders", MetricUnit.Count, result.onboarding_messages)
    metrics.add_metric("ProbationReviewRequests", MetricUnit.Count, result.probation_messages)
    return result.model_dump()


def retention_run_for(event: dict[str, Any]) -> datetime:
    """The run a delivery belongs to: the day's 03:00 UTC (a repeated or late delivery the
    same day is the same run), or ``at`` when someone runs it for a given time (make tick)."""
    if event.get("at"):
        return datetime.fromisoformat(str(event["at"]).replace("Z", "+00:00"))
    return datetime.now(UTC).replace(hour=3, minute=0, second=0, microsecond=0)

"""Webhook delivery function: every hireflow domain event on the bus (an EventBridge
rule), delivered to the webhook subscriptions that want it - signed, logged, and retried
with back-off by the scheduled function's ``{"job": "webhooks"}``."""

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
    counts = services().webhook_deliveries.deliver_event(
        event.detail_type, dict(event.detail), event.get_id, event.time
    )
    metrics.add_metric("WebhooksDelivered", MetricUnit.Count, counts.delivered)
    metrics.add_metric("WebhooksFailed", MetricUnit.Count, counts.failed)
    return counts.as_dict()

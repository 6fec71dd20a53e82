"""Answer-recorded function: S3 object-created events for uploaded interview answers."""

from typing import Any
from urllib.parse import unquote_plus

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes import S3Event, event_source
from aws_lambda_powertools.utilities.typing import LambdaContext

from hireflow.bootstrap import services
from hireflow.platform.observability import logger, metrics, tracer

services()  # cold start: a missing setting fails here, with its name


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
@event_source(data_class=S3Event)
def lambda_handler(event: S3Event, context: LambdaContext) -> dict[str, Any]:
    recorded = 0
    for record in event.records:
        uploaded = record.s3.get_object
        # S3 URL-encodes keys in notifications; a versioned bucket names the version.
        if services().portal.record_answer(
            unquote_plus(uploaded.key), uploaded.version_id, uploaded.etag
        ):
            recorded += 1
    metrics.add_metric("AnswersRecorded", MetricUnit.Count, recorded)
    return {"recorded": recorded}

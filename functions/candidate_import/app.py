"""Candidate-import function: S3 object-created events for uploaded Excel imports."""

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
    imported = 0
    for record in event.records:
        # S3 URL-encodes keys in notifications.
        progress = services().candidate_import.process(unquote_plus(record.s3.get_object.key))
        if progress:
            imported += len(progress.created)
            logger.info("candidate import", import_id=progress.id, status=progress.status)
    metrics.add_metric("CandidatesImported", MetricUnit.Count, imported)
    return {"imported": imported}

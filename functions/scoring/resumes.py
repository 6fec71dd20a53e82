"""Résumé-parsing function (the scoring image: PDFium, python-docx and the OCR models are
there, not in the zip functions' layer): S3 object-created events under resumes/ read
the uploaded file, parse it and store the reading (ResumeIntake.received)."""

from typing import Any
from urllib.parse import unquote_plus

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes import S3Event
from aws_lambda_powertools.utilities.typing import LambdaContext

from hireflow.bootstrap import services
from hireflow.platform.observability import logger, metrics, tracer

services()  # cold start: a missing setting fails here, with its name


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    intake = services().resumes
    received = 0
    for record in S3Event(event).records:
        uploaded = record.s3.get_object
        # S3 URL-encodes keys in notifications; a versioned bucket names the version.
        intake.received(unquote_plus(uploaded.key), uploaded.version_id, uploaded.etag)
        received += 1
    metrics.add_metric("ResumesReceived", MetricUnit.Count, received)
    return {"received": received}

"""Document-uploaded function: S3 object-created events for a new hire's documents under
onboarding/ (their type, structure and active content checked), and the portal's request
to look at one now (``{"check": <key>}``) when the new hire's upload beat the event."""

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
    checks = services().document_checks
    received = 0
    if "check" in event:
        received += checks.received(str(event["check"]))
    for record in S3Event(event).records if "Records" in event else []:
        uploaded = record.s3.get_object
        # S3 URL-encodes keys in notifications; a versioned bucket names the version.
        received += checks.received(unquote_plus(uploaded.key), uploaded.version_id, uploaded.etag)
    metrics.add_metric("DocumentsReceived", MetricUnit.Count, received)
    return {"received": received}

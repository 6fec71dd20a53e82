"""Candidate API function: the interview portal's public routes (throttled API)."""

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from hireflow.api import create_portal_app
from hireflow.platform.observability import logger, tracer

app = create_portal_app()


# The event is not logged: its path carries the candidate's link token.
@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    return app.resolve(event, context)

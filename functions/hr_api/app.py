"""HR API function: API Gateway (Cognito-authorized) -> the hireflow HR API resolver."""

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from hireflow.api import create_app
from hireflow.bootstrap import services
from hireflow.platform.observability import logger, tracer

app = create_app()


services()  # cold start: a missing setting fails here, with its name


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    return app.resolve(event, context)

"""The HR API: a powertools REST resolver and its routers, one module per resource."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response, content_types
from aws_lambda_powertools.event_handler.exceptions import NotFoundError

from hireflow.api import me
from hireflow.identity import NoRole, NotAuthenticated
from hireflow.observability import logger


def _error(status: int, message: str) -> Response[dict[str, str]]:
    return Response(
        status_code=status, content_type=content_types.APPLICATION_JSON, body={"message": message}
    )


def create_app() -> APIGatewayRestResolver:
    app = APIGatewayRestResolver(enable_validation=True)
    app.include_router(me.router)

    @app.exception_handler(NotAuthenticated)
    def _unauthenticated(exc: NotAuthenticated) -> Response[dict[str, str]]:
        return _error(401, "Unauthorized")

    @app.exception_handler(NoRole)
    def _no_role(exc: NoRole) -> Response[dict[str, str]]:
        logger.info("refused a caller without role or branch")
        return _error(403, str(exc))

    @app.not_found
    def _not_found(exc: NotFoundError) -> Response[dict[str, str]]:
        return _error(404, "Not Found")

    return app

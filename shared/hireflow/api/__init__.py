"""The HR API: a powertools REST resolver and its routers, one module per context.

Errors leave as ``{"message": ..., "errors": [{"field": ..., "message": ...}]}`` with the
status that fits: 400/422 for bad input, 403 for a role that may not, 404 for what is
missing or out of reach, 409 for conflicts, 413/415 for uploads. Never a stack trace.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response, content_types
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from pydantic import ValidationError

from hireflow.api import (
    assessment,
    audit,
    docs,
    identity,
    interviews,
    notifications,
    organisation,
    portal,
    recruiting,
    reviews,
    scoring,
)
from hireflow.identity.model import NoRole, NotAuthenticated
from hireflow.platform.errors import HireflowError
from hireflow.platform.observability import logger
from hireflow.platform.store import BadCursor


def _error(status: int, message: str, errors: list[dict[str, str]] | None = None) -> Response[Any]:
    body: dict[str, Any] = {"message": message}
    if errors:
        body["errors"] = errors
    return Response(status_code=status, content_type=content_types.APPLICATION_JSON, body=body)


def _field_errors(errors: list[Any]) -> list[dict[str, str]]:
    return [
        {
            "field": ".".join(str(part) for part in e.get("loc", ()) if part != "body") or "body",
            "message": str(e.get("msg", "invalid")).removeprefix("Value error, "),
        }
        for e in errors
    ]


def create_app() -> APIGatewayRestResolver:
    """The HR API (Cognito-authorized)."""
    app = APIGatewayRestResolver(enable_validation=True)
    routers = (
        identity,
        organisation,
        recruiting,
        assessment,
        notifications,
        interviews,
        reviews,
        scoring,
        audit,
        docs,
    )
    for module in routers:
        app.include_router(module.router)
    handle_errors(app)
    docs.attach(app)
    return app


def create_portal_app() -> APIGatewayRestResolver:
    """The candidate portal's API (public routes; the link token and a session)."""
    app = APIGatewayRestResolver(enable_validation=True)
    app.include_router(portal.router)
    handle_errors(app)
    return app


def handle_errors(app: APIGatewayRestResolver) -> None:
    """One error shape for every API."""

    @app.exception_handler(HireflowError)
    def _domain_error(exc: HireflowError) -> Response[Any]:
        return _error(exc.status, exc.message, [e.__dict__ for e in exc.errors])

    @app.exception_handler(RequestValidationError)
    def _invalid_request(exc: RequestValidationError) -> Response[Any]:
        return _error(422, "the request is not valid", _field_errors(list(exc.errors())))

    @app.exception_handler(ValidationError)
    def _invalid_entity(exc: ValidationError) -> Response[Any]:
        return _error(422, "the request is not valid", _field_errors(list(exc.errors())))

    @app.exception_handler(BadCursor)
    def _bad_cursor(exc: BadCursor) -> Response[Any]:
        return _error(400, "the cursor is not valid; start again without it")

    @app.exception_handler(NotAuthenticated)
    def _unauthenticated(exc: NotAuthenticated) -> Response[Any]:
        return _error(401, "Unauthorized")

    @app.exception_handler(NoRole)
    def _no_role(exc: NoRole) -> Response[Any]:
        logger.info("refused a caller without role or branch")
        return _error(403, str(exc))

    @app.not_found
    def _not_found(exc: NotFoundError) -> Response[Any]:
        return _error(404, "Not Found")

"""The HR API: a powertools REST resolver and its routers, one module per context.

Errors leave as ``{"message": ..., "code": ..., "params": {...}, "errors": [{"field": ...,
"message": ..., "code": ..., "params": {...}}]}`` (``docs.ERROR_SCHEMA``): the English
message for API users, the code and its params for the front ends, which show them in the
reader's language (web/shared/messages.js); with the status that fits: 400/422 for bad
input, 403 for a role that may not, 404 for what is missing or out of reach, 409 for
conflicts, 413/415 for uploads. Never a stack trace. The OpenAPI document lists these
statuses for every route (``docs.ERROR_STATUSES``).

A body the API cannot read at all (bytes that are not UTF-8 where text is expected, a
form instead of JSON) is refused by the resolver itself, before any route, so the
answer is the same behind API Gateway as behind the local gateway.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response, content_types
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType,
    RequestValidationError,
)
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import ValidationError

from hireflow.api import (
    analytics,
    assessment,
    audit,
    docs,
    duplicates,
    feedback,
    identity,
    integrations,
    interviews,
    new_hire_portal,
    notifications,
    offer_portal,
    offers,
    onboarding,
    onboarding_documents,
    organisation,
    performance,
    portal,
    portal_consents,
    portal_privacy,
    privacy_notices,
    privacy_requests,
    privacy_retention,
    privacy_switches,
    probation,
    reassessments,
    recruiting,
    resumes,
    reviews,
    scoring,
    talent,
    talent_pool,
    training,
)
from hireflow.identity.model import NoRole, NotAuthenticated
from hireflow.platform.errors import HireflowError, UnsupportedMediaType
from hireflow.platform.observability import logger
from hireflow.platform.store import BadCursor


def _body(
    message: str,
    code: str,
    params: Mapping[str, Any] | None = None,
    errors: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {"message": message, "code": code, "params": dict(params or {})}
    if errors:
        body["errors"] = errors
    return body


def _error(
    status: int,
    message: str,
    code: str,
    params: Mapping[str, Any] | None = None,
    errors: list[dict[str, Any]] | None = None,
) -> Response[Any]:
    return Response(
        status_code=status,
        content_type=content_types.APPLICATION_JSON,
        body=_body(message, code, params, errors),
    )


def _proxy_error(refusal: HireflowError) -> dict[str, Any]:
    """The REST proxy result of ``_error``, for a refusal made before the resolver runs."""
    return {
        "statusCode": refusal.status,
        "multiValueHeaders": {"Content-Type": [content_types.APPLICATION_JSON]},
        "body": json.dumps(_body(refusal.message, refusal.code, refusal.params)),
        "isBase64Encoded": False,
    }


_TEXT_BODIES = ("application/json", "application/x-www-form-urlencoded", "text/")


def unreadable_body(event: Mapping[str, Any]) -> HireflowError | None:
    """Why the request's body cannot be read, or None. Every route takes JSON, except
    the Excel import (binary, which the route checks); none takes a multipart form."""
    body = event.get("body")
    if not body:
        return None
    headers: Mapping[str, Any] = event.get("headers") or {}
    content_type = next(
        (str(v) for k, v in headers.items() if k.lower() == "content-type"), ""
    ).lower()
    if content_type.startswith("multipart/"):
        return UnsupportedMediaType(
            "send the request body as application/json", code="body_not_json"
        )
    if event.get("isBase64Encoded"):
        try:
            data = base64.b64decode(body, validate=True)
        except (binascii.Error, ValueError):
            return HireflowError("the request body is not valid base64", code="body_not_base64")
    else:
        return None  # API Gateway passed it as text: it is a str already
    if not content_type or content_type.startswith(_TEXT_BODIES):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return HireflowError("the request body is not valid UTF-8", code="body_not_utf8")
    return None


class Api(APIGatewayRestResolver):
    """The REST resolver with validation, refusing an unreadable body up front."""

    def __init__(self) -> None:
        super().__init__(enable_validation=True)

    def resolve(self, event: Mapping[str, Any], context: LambdaContext) -> dict[str, Any]:
        refusal = unreadable_body(event)
        if refusal is not None:
            return _proxy_error(refusal)
        return super().resolve(event, context)


def _field_errors(errors: list[Any]) -> list[dict[str, Any]]:
    """pydantic's errors as ours: its error type is the code (``missing``,
    ``string_too_long``, or a ``PydanticCustomError``'s), its context the params."""
    return [
        {
            "field": ".".join(str(part) for part in e.get("loc", ()) if part != "body") or "body",
            "message": str(e.get("msg", "invalid")).removeprefix("Value error, "),
            "code": str(e.get("type", "invalid")),
            "params": {
                k: _plain(v)
                for k, v in (e.get("ctx") or {}).items()
                if k not in ("error", "reason")
            },
        }
        for e in errors
    ]


def _plain(value: Any) -> Any:
    """A JSON value for an error parameter (pydantic's context may hold any object)."""
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)


def create_app() -> Api:
    """The HR API (Cognito-authorized)."""
    app = Api()
    routers = (
        identity,
        organisation,
        recruiting,
        assessment,
        notifications,
        integrations,
        interviews,
        reviews,
        scoring,
        offers,
        onboarding,
        probation,
        onboarding_documents,
        audit,
        training,
        performance,
        reassessments,
        analytics,
        talent_pool,
        talent,
        duplicates,
        feedback,
        resumes,
        privacy_switches,
        privacy_requests,
        privacy_retention,
        privacy_notices,
        docs,
    )
    for module in routers:
        app.include_router(module.router)
    handle_errors(app)
    docs.attach(app)
    return app


def create_portal_app() -> Api:
    """The candidate portal's API (public routes; the link token and a session)."""
    app = Api()
    app.include_router(portal.router)
    app.include_router(offer_portal.router)
    app.include_router(new_hire_portal.router)
    app.include_router(talent_pool.portal_router)
    app.include_router(feedback.portal_router)
    app.include_router(resumes.portal_router)
    app.include_router(portal_privacy.router)
    app.include_router(portal_consents.router)
    handle_errors(app)
    return app


def handle_errors(app: APIGatewayRestResolver) -> None:
    """One error shape for every API."""

    @app.exception_handler(HireflowError)
    def _domain_error(exc: HireflowError) -> Response[Any]:
        return _error(
            exc.status, exc.message, exc.code, exc.params, [asdict(e) for e in exc.errors]
        )

    # A body powertools could not parse, and a model a service built from it refused.
    @app.exception_handler([RequestValidationError, ValidationError])
    def _invalid_request(exc: RequestValidationError | ValidationError) -> Response[Any]:
        return _error(
            422,
            "the request is not valid",
            "invalid_request",
            None,
            _field_errors(list(exc.errors())),
        )

    @app.exception_handler(RequestUnsupportedContentType)
    def _unsupported_body(exc: RequestUnsupportedContentType) -> Response[Any]:
        return _error(415, "send the request body as application/json", "body_not_json")

    @app.exception_handler(BadCursor)
    def _bad_cursor(exc: BadCursor) -> Response[Any]:
        return _error(
            400,
            "invalid cursor: start again without it",
            "bad_cursor",
            None,
            [
                {
                    "field": "cursor",
                    "message": "not a cursor this list gave out",
                    "code": "bad_cursor",
                    "params": {},
                }
            ],
        )

    @app.exception_handler(NotAuthenticated)
    def _unauthenticated(exc: NotAuthenticated) -> Response[Any]:
        return _error(401, "Unauthorized", "unauthorized")

    @app.exception_handler(NoRole)
    def _no_role(exc: NoRole) -> Response[Any]:
        logger.info("refused a caller without role or branch")
        return _error(403, str(exc), "no_role")

    @app.not_found
    def _not_found(exc: NotFoundError) -> Response[Any]:
        return _error(404, "Not Found", "no_such_route")

"""Request-scoped helpers shared by the routers."""

from __future__ import annotations

import base64
from typing import Any

from aws_lambda_powertools.event_handler.api_gateway import Router
from pydantic import BaseModel

from hireflow.identity.model import Caller, caller_from_claims


def current_caller(router: Router) -> Caller:
    """The verified caller of the request the router is handling (REST API, Cognito
    authorizer: the claims are in requestContext.authorizer.claims)."""
    context = router.current_event.get("requestContext") or {}
    authorizer = context.get("authorizer") or {}
    return caller_from_claims(authorizer.get("claims"))


def raw_body(router: Router) -> bytes:
    """The request body as bytes (API Gateway base64-encodes binary media types)."""
    event = router.current_event
    body = event.get("body") or ""
    if event.get("isBase64Encoded"):
        return base64.b64decode(body)
    return body.encode("utf-8")


def header(router: Router, name: str) -> str:
    headers: dict[str, Any] = router.current_event.get("headers") or {}
    wanted = name.lower()
    return next((str(v) for k, v in headers.items() if k.lower() == wanted), "")


class Listing(BaseModel):
    """A page of results; pass ``cursor`` back to get the next page."""

    items: list[Any]
    cursor: str | None = None

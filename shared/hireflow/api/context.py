"""Request-scoped helpers shared by the routers."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent

from hireflow.identity import Caller, caller_from_claims


def current_caller(router: Router) -> Caller:
    """The verified caller of the request the router is handling (REST API, Cognito
    authorizer: the claims are in requestContext.authorizer.claims)."""
    event = router.current_event
    assert isinstance(event, APIGatewayProxyEvent)
    claims = (event.get("requestContext") or {}).get("authorizer") or {}
    return caller_from_claims(claims.get("claims"))

"""API Gateway REST API proxy events (payload format 1.0), built in one place: the local
gateway sends them to the API functions and the tests call handlers with them.

The shape is the one events/hr_api_me.json (a SAM sample) shows. Where a header or a
query parameter comes more than once, the single-value maps hold the last value and the
multi-value maps hold all of them, as API Gateway does.
"""

from __future__ import annotations

import base64
import time
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from infra.localcloud.template import ACCOUNT_ID

Pairs = Mapping[str, str] | Iterable[tuple[str, str]]


def _pairs(values: Pairs | None) -> list[tuple[str, str]]:
    if values is None:
        return []
    if isinstance(values, Mapping):
        return list(values.items())
    return list(values)


def _multi(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    return grouped


def rest_proxy_event(
    method: str,
    path: str,
    *,
    resource_path: str,
    path_parameters: Mapping[str, str] | None = None,
    query: Pairs | None = None,
    headers: Pairs | None = None,
    body: str | None = None,
    binary: bytes | None = None,
    claims: Mapping[str, str] | None = None,
    stage: str = "dev",
    source_ip: str = "127.0.0.1",
    api_id: str = "local",
    request_id: str | None = None,
) -> dict[str, Any]:
    """The event a REST API's Lambda proxy integration gets for one request.

    method, path: the request's (path without the stage); resource_path: the matched
    resource, e.g. /api/{proxy+}, with its path_parameters; body for a text payload or
    binary for one API Gateway passes base64-encoded (one of them at most); claims: the
    Cognito authorizer's, None on a route without an authorizer.
    """
    if body is not None and binary is not None:
        raise ValueError("a request has a text body or a binary one, not both")
    header_pairs = _pairs(headers)
    query_pairs = _pairs(query)
    user_agent = next(
        (value for key, value in reversed(header_pairs) if key.lower() == "user-agent"), ""
    )
    request_id = request_id or str(uuid.uuid4())
    return {
        "resource": resource_path,
        "path": path,
        "httpMethod": method,
        "headers": dict(header_pairs),
        "multiValueHeaders": _multi(header_pairs),
        "queryStringParameters": dict(query_pairs) or None,
        "multiValueQueryStringParameters": _multi(query_pairs) or None,
        "pathParameters": dict(path_parameters or {}) or None,
        "stageVariables": None,
        "requestContext": {
            "resourcePath": resource_path,
            "httpMethod": method,
            "path": f"/{stage}{path}",
            "stage": stage,
            "requestId": request_id,
            "extendedRequestId": request_id,
            "requestTimeEpoch": int(time.time() * 1000),
            "protocol": "HTTP/1.1",
            "accountId": ACCOUNT_ID,
            "apiId": api_id,
            "identity": {"sourceIp": source_ip, "userAgent": user_agent},
            "authorizer": {"claims": dict(claims)} if claims else None,
        },
        "body": base64.b64encode(binary).decode() if binary is not None else body,
        "isBase64Encoded": binary is not None,
    }

"""The OpenAPI document, generated from the routes, and Swagger UI (served offline from
the web host's /vendor/swagger-ui/).

Powertools documents each route's success and a 422 of its own shape; ``openapi_document``
adds, in this one place, the error statuses the APIs answer with (``ERROR_STATUSES``) and
the one error shape they all share (``ERROR_SCHEMA``, see ``hireflow.api``)."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router

router = Router()
_app: APIGatewayRestResolver | None = None

_CODE = {
    "type": "string",
    "description": "What went wrong, as a stable name (e.g. `candidate_not_in_review`): "
    "the front ends show it in the reader's language",
}
_PARAMS = {
    "type": "object",
    "description": 'The values the message needs (e.g. `{"status": "invited"}`)',
    "additionalProperties": True,
}
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Every error the API answers with. `code` and `params` are absent only "
    "on answers API Gateway gives before the function runs (401, 413, 429, 502).",
    "required": ["message"],
    "properties": {
        "message": {"type": "string", "description": "The reason in English, for API users"},
        "code": _CODE,
        "params": _PARAMS,
        "errors": {
            "type": "array",
            "description": "One entry per field that is not valid (422)",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {
                    "field": {"type": "string", "description": "e.g. `stages.0.answer_seconds`"},
                    "message": {"type": "string"},
                    "code": _CODE,
                    "params": _PARAMS,
                },
            },
        },
    },
}
# Routes of the HR API that need no sign-in (the authorizer lets them through).
PUBLIC_PATHS = ("/api/health", "/config.json", "/api/ehr/performance")  # the EHR: signed
# The Authorize button of /api/docs: the Cognito ID token in the Authorization header.
SECURITY_SCHEME: dict[str, Any] = {
    "type": "apiKey",
    "in": "header",
    "name": "Authorization",
    "description": "The Cognito ID token (the HR app's sign-in puts it here by itself)",
}

# What each error status means, and on which operations it can come back.
ERROR_STATUSES: dict[int, str] = {
    400: "The request cannot be read (a body that is not UTF-8, an invalid cursor)",
    401: "No valid sign-in (HR API) or interview session (candidate API)",
    403: "The caller's role may not do this",
    404: "Not found, or outside the caller's branch",
    409: "The object changed meanwhile, or a value is already taken",
    410: "The interview link has expired or the interview is over",
    413: "The request body is too large",
    415: "The request body is not of a type this route takes",
    422: "The request is not valid; ``errors`` names each field",
    423: "Locked after too many wrong attempts",
    429: "Too many requests; try again later",
}
ALL_OPERATIONS = (400, 401, 403, 404, 422, 429)
WRITES = (409, 413, 415)
PORTAL = (409, 410, 423)


def error_statuses(method: str, portal: bool) -> tuple[int, ...]:
    statuses = set(ALL_OPERATIONS)
    if method.upper() in ("POST", "PUT", "PATCH", "DELETE"):
        statuses.update(WRITES)
    if portal:
        statuses.update(PORTAL)
    return tuple(sorted(statuses))


def openapi_document(
    app: APIGatewayRestResolver, title: str, description: str, *, portal: bool = False
) -> dict[str, Any]:
    """The app's OpenAPI document, with every error status each operation may answer."""
    schema: dict[str, Any] = json.loads(
        app.get_openapi_json_schema(title=title, version="1", description=description)
    )
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):  # powertools' 422 shape
        components.pop(unused, None)
    components["Error"] = ERROR_SCHEMA
    if not portal:
        schema["components"]["securitySchemes"] = {"cognito": SECURITY_SCHEME}
        schema["security"] = [{"cognito": []}]
        for path in PUBLIC_PATHS:
            for operation in schema.get("paths", {}).get(path, {}).values():
                operation["security"] = []  # no sign-in needed
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for item in schema.get("paths", {}).values():
        for method, operation in item.items():
            responses = operation.setdefault("responses", {})
            for status in error_statuses(method, portal):
                responses[str(status)] = {"description": ERROR_STATUSES[status], "content": error}
    return schema


SWAGGER_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>hireflow HR API</title>
<link rel="stylesheet" href="/vendor/swagger-ui/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/vendor/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/vendor/swagger-ui/init.js"></script>
</body></html>"""


def attach(app: APIGatewayRestResolver) -> None:
    global _app
    _app = app


@router.get("/api/openapi.json", summary="This API's OpenAPI document", include_in_schema=False)
def openapi() -> Response[Any]:
    assert _app is not None
    schema = openapi_document(
        _app,
        "hireflow HR API",
        "HR API of hireflow. Send the Cognito ID token in the Authorization header.",
    )
    return Response(status_code=200, content_type=content_types.APPLICATION_JSON, body=schema)


@router.get("/api/docs", summary="Swagger UI", include_in_schema=False)
def swagger() -> Response[str]:
    return Response(status_code=200, content_type="text/html; charset=utf-8", body=SWAGGER_PAGE)

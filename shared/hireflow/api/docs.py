"""The OpenAPI document, generated from the routes, and Swagger UI (served offline from
the web host's /vendor/swagger-ui/)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router

router = Router()
_app: APIGatewayRestResolver | None = None

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
    schema = _app.get_openapi_json_schema(
        title="hireflow HR API",
        version="1",
        description="HR API of hireflow. Send the Cognito ID token in the Authorization header.",
    )
    return Response(status_code=200, content_type=content_types.APPLICATION_JSON, body=schema)


@router.get("/api/docs", summary="Swagger UI", include_in_schema=False)
def swagger() -> Response[str]:
    return Response(status_code=200, content_type="text/html; charset=utf-8", body=SWAGGER_PAGE)

"""Helpers shared by the test suites: the template, its functions, sample events."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from infra.localcloud.apigw import rest_proxy_event
from infra.localcloud.functions import LocalFunction
from infra.localcloud.template import function_code, load_template

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = load_template(ROOT / "template.yaml")


def sample_event(name: str) -> dict[str, Any]:
    return json.loads((ROOT / "events" / name).read_text(encoding="utf-8"))


def template_function(logical_id: str) -> LocalFunction:
    """The template's function, loadable in-process like the local cloud loads it."""
    code_dir, handler = function_code(ROOT, TEMPLATE["Resources"][logical_id])
    return LocalFunction(
        logical_id=logical_id,
        name=logical_id,
        code_dir=code_dir,
        handler=handler,
        memory_mb=512,
        timeout_seconds=29,
        environment={},
    )


def api_event(
    method: str,
    path: str,
    claims: dict[str, str] | None,
    body: Any = None,
    query: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    binary: bytes | None = None,
    source_ip: str = "127.0.0.1",
) -> dict[str, Any]:
    """An API Gateway REST proxy event as the Cognito-authorized API sends it (from
    ``source_ip``)."""
    return rest_proxy_event(
        method,
        path,
        resource_path="/api/{proxy+}",
        path_parameters={"proxy": path.removeprefix("/api/")},
        query=query,
        headers={"Content-Type": "application/json", **(headers or {})},
        body=json.dumps(body) if body is not None else None,
        binary=binary,
        claims=claims,
        source_ip=source_ip,
    )

"""A local stand-in for API Gateway and the static web host.

- serves web/ and a /config.json the browser pages read;
- forwards /api/* to the API functions as REST API proxy events, after checking the
  Cognito ID token as the authorizer would;
- answers like API Gateway when it refuses: 401, 404, 413, 502 - never a stack trace;
- /local/outbox shows what the product sent.
"""

from __future__ import annotations

import base64
import json
import logging
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from werkzeug.security import safe_join
from werkzeug.serving import BaseWSGIServer, make_server
from werkzeug.utils import send_file
from werkzeug.wrappers import Request, Response

from infra.localcloud.apigw import rest_proxy_event
from infra.localcloud.auth import CognitoVerifier, TokenRejected, authorizer_claims
from infra.localcloud.functions import FunctionRegistry
from infra.localcloud.outbox import render_outbox, sent_messages
from infra.localcloud.provision import ApiRoute

log = logging.getLogger("hireflow.localcloud.gateway")

MAX_PAYLOAD_BYTES = 10 * 1024 * 1024  # API Gateway's request payload limit
_TEXT_TYPES = ("text/", "application/json", "application/x-www-form-urlencoded", "application/xml")


def _route_pattern(path: str) -> re.Pattern[str]:
    """/api/things/{id} -> regex with named groups; {proxy+} swallows the rest."""
    pattern = ""
    for part in re.split(r"(\{[^}]+\})", path):
        if part.startswith("{") and part.endswith("+}"):
            pattern += f"(?P<{part[1:-2]}>.+)"
        elif part.startswith("{"):
            pattern += f"(?P<{part[1:-1]}>[^/]+)"
        else:
            pattern += re.escape(part)
    return re.compile(f"^{pattern}$")


def _specificity(route: ApiRoute) -> tuple[bool, int, int, bool]:
    # Literal paths beat {param}, which beats {proxy+}; a longer literal prefix beats a
    # shorter one (/api/interview/{proxy+} before /api/{proxy+}); a method beats ANY.
    prefix = route.path.split("{", 1)[0]
    return ("+}" in route.path, -len(prefix), route.path.count("{"), route.method == "ANY")


def _json(status: int, body: dict[str, Any]) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json")


class Gateway:
    def __init__(
        self,
        routes: list[ApiRoute],
        functions: FunctionRegistry,
        verifier: CognitoVerifier,
        web_root: Path,
        config: Callable[[], dict[str, Any]],
        region: str,
        stage: str,
    ) -> None:
        self.routes = sorted(routes, key=_specificity)
        self._patterns = {route: _route_pattern(route.path) for route in self.routes}
        self.functions = functions
        self.verifier = verifier
        self.web_root = web_root
        self.config = config
        self.region = region
        self.stage = stage
        self._server: BaseWSGIServer | None = None
        # One request at a time per API function, as in one Lambda execution environment:
        # the handler keeps the current request in module state (Powertools' resolver),
        # which concurrent requests on the gateway's threads would otherwise share.
        self._environments = {route.function: threading.Lock() for route in routes}

    # ------------------------------------------------------------------ WSGI
    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        try:
            response = self.dispatch(request)
        except Exception:
            log.exception("gateway failure on %s %s", request.method, request.path)
            response = _json(500, {"message": "Internal server error"})
        return response(environ, start_response)

    def dispatch(self, request: Request) -> Response:
        path = request.path
        if path == "/api" or path.startswith("/api/"):
            return self.api(request)
        if path == "/config.json":
            return _json(200, self.config())
        if path == "/local/outbox":
            return Response(
                render_outbox(sent_messages(self.region)), content_type="text/html; charset=utf-8"
            )
        if path == "/local/outbox.json":
            return _json(200, {"messages": [m.__dict__ for m in sent_messages(self.region)]})
        return self.static(request)

    def static(self, request: Request) -> Response:
        relative = request.path.lstrip("/")
        if relative == "" or relative.endswith("/"):
            relative += "index.html"
        target = safe_join(str(self.web_root), relative)
        if target is None or not Path(target).is_file():
            return Response("Not Found", status=404, content_type="text/plain; charset=utf-8")
        return send_file(target, request.environ, max_age=0)

    # ------------------------------------------------------------------ API
    def match(self, method: str, path: str) -> tuple[ApiRoute, dict[str, str]] | None:
        for route in self.routes:
            if route.method not in ("ANY", method):
                continue
            found = self._patterns[route].match(path)
            if found:
                return route, found.groupdict()
        return None

    def api(self, request: Request) -> Response:
        if request.method == "OPTIONS":
            return Response(status=204)
        matched = self.match(request.method, request.path)
        if matched is None:
            return _json(404, {"message": "Not Found"})
        route, path_parameters = matched
        length = request.content_length or 0
        if length > MAX_PAYLOAD_BYTES:
            return _json(413, {"message": "Request Too Long"})
        claims: dict[str, str] | None = None
        if not route.public:
            try:
                claims = authorizer_claims(
                    self.verifier.claims(request.headers.get("Authorization"))
                )
            except TokenRejected:
                return _json(401, {"message": "Unauthorized"})
        event = self.proxy_event(request, route, path_parameters, claims)
        with self._environments[route.function]:
            result, error = self.functions.invoke(route.function, event)
        if error or not isinstance(result, dict) or "statusCode" not in result:
            log.error("%s returned no proxy response (%s)", route.function, error or "bad shape")
            return _json(502, {"message": "Internal server error"})
        return self.proxy_response(result)

    def proxy_event(
        self,
        request: Request,
        route: ApiRoute,
        path_parameters: dict[str, str],
        claims: dict[str, str] | None,
    ) -> dict[str, Any]:
        raw = request.get_data(cache=False)
        is_text = request.headers.get("Content-Type", "").startswith(_TEXT_TYPES)
        return rest_proxy_event(
            request.method,
            request.path,
            resource_path=route.path,
            path_parameters=path_parameters,
            query=request.args.items(multi=True),
            headers=request.headers.items(),
            body=raw.decode("utf-8") if raw and is_text else None,
            binary=raw if raw and not is_text else None,
            claims=claims,
            stage=self.stage,
            source_ip=request.remote_addr or "127.0.0.1",
        )

    @staticmethod
    def proxy_response(result: dict[str, Any]) -> Response:
        body = result.get("body") or ""
        data = base64.b64decode(body) if result.get("isBase64Encoded") else body.encode("utf-8")
        response = Response(data, status=int(result["statusCode"]))
        response.headers.pop("Content-Type", None)
        for key, value in (result.get("headers") or {}).items():
            response.headers[key] = str(value)
        for key, values in (result.get("multiValueHeaders") or {}).items():
            response.headers.pop(key, None)
            for value in values:
                response.headers.add(key, str(value))
        return response

    # ------------------------------------------------------------------ server
    def start(self, port: int) -> int:
        self._server = make_server("127.0.0.1", port, self, threaded=True)
        threading.Thread(target=self._server.serve_forever, daemon=True, name="gateway").start()
        return int(self._server.server_address[1])

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server = None

"""A local stand-in for API Gateway and the static web host.

- serves web/ and a /config.json the browser pages read;
- forwards /api/* to the API functions as REST API proxy events, after checking the
  Cognito ID token as the authorizer would;
- answers like API Gateway when it refuses: 401, 404, 413, 502 - never a stack trace;
- adds CloudFront's security headers (the template's response headers policy);
- /local/outbox shows what the product sent;
- /local/receiver stands in for webhook subscribers and group robots (receiver.py).
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

from werkzeug.exceptions import HTTPException
from werkzeug.routing import BaseConverter, Map, Rule
from werkzeug.security import safe_join
from werkzeug.serving import BaseWSGIServer, make_server
from werkzeug.utils import send_file
from werkzeug.wrappers import Request, Response

from infra.localcloud.apigw import rest_proxy_event
from infra.localcloud.auth import CognitoVerifier, TokenRejected, authorizer_claims
from infra.localcloud.functions import FunctionRegistry
from infra.localcloud.outbox import render_outbox, sent_messages
from infra.localcloud.provision import ApiRoute
from infra.localcloud.receiver import Receiver
from infra.localcloud.security_headers import Header

log = logging.getLogger("hireflow.localcloud.gateway")

MAX_PAYLOAD_BYTES = 10 * 1024 * 1024  # API Gateway's request payload limit
_TEXT_TYPES = ("text/", "application/json", "application/x-www-form-urlencoded", "application/xml")

# The gateway's own endpoints; an API route's endpoint is its ApiRoute.
_NO_API_ROUTE = "no-api-route"  # under /api/ but no resource of the APIs matches
_CONFIG = "config"
_OUTBOX = "outbox"
_OUTBOX_JSON = "outbox.json"
_RECEIVED = "received"
_RECEIVE = "receive"
_STATIC = "static"


class _GreedyConverter(BaseConverter):
    """API Gateway's greedy path variable {name+}: the rest of the path, slashes included."""

    regex = r"[\s\S]+"  # any character, a newline (%0A) too, as API Gateway takes it
    part_isolating = False
    weight = 200  # as werkzeug's path converter: after static parts and {name} variables


def _rule_path(template_path: str) -> str:
    """/api/interview/{token}/{proxy+} -> /api/interview/<token>/<greedy:proxy>"""
    return re.sub(
        r"\{(\w+)(\+?)\}",
        lambda found: f"<greedy:{found[1]}>" if found[2] else f"<{found[1]}>",
        template_path,
    )


class _ApiRule(Rule):
    """A resource and method of an API. ANY takes every method; a GET resource does not
    take HEAD (werkzeug adds it to GET rules, API Gateway does not)."""

    def __init__(self, route: ApiRoute) -> None:
        methods = None if route.method == "ANY" else [route.method]
        super().__init__(_rule_path(route.path), endpoint=route, methods=methods)
        if methods is not None:
            self.methods = set(methods)


def _routing_map(routes: list[ApiRoute]) -> Map:
    """What answers a path. Werkzeug matches the most specific rule, as API Gateway does:
    literal segments before {param} before {proxy+}, so /api/health before /api/{proxy+}
    and /api/interview/{token} before it; a method that does not fit goes on to the next
    rule. On one path, a route for the method comes before ANY (rules keep their order).
    The gateway answers /config.json itself, from the local cloud's settings, as it did
    before the map: only the template's routes under /api reach the functions."""
    api_routes = [r for r in routes if r.path == "/api" or r.path.startswith("/api/")]
    rules: list[Rule] = [_ApiRule(route) for route in sorted(api_routes, key=_any_last)]
    rules += [
        Rule("/api", endpoint=_NO_API_ROUTE),
        Rule("/api/", endpoint=_NO_API_ROUTE),
        Rule("/api/<greedy:rest>", endpoint=_NO_API_ROUTE),
        Rule("/config.json", endpoint=_CONFIG),
        Rule("/local/outbox", endpoint=_OUTBOX),
        Rule("/local/outbox.json", endpoint=_OUTBOX_JSON),
        Rule("/local/receiver", endpoint=_RECEIVED, methods=["GET"]),
        Rule("/local/receiver/<kind>/<name>", endpoint=_RECEIVE, methods=["POST"]),
        Rule("/", endpoint=_STATIC),
        Rule("/<greedy:file>", endpoint=_STATIC),
    ]
    # Paths are taken as they come: no redirects to merged slashes.
    return Map(rules, converters={"greedy": _GreedyConverter}, merge_slashes=False)


def _any_last(route: ApiRoute) -> bool:
    return route.method == "ANY"


def _utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


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
        security_headers: list[Header] | None = None,
        receiver: Receiver | None = None,
    ) -> None:
        self.routes = routes
        self._urls = _routing_map(routes).bind("localhost")
        self.functions = functions
        self.verifier = verifier
        self.web_root = web_root
        self.config = config
        self.region = region
        self.stage = stage
        self.security_headers = security_headers or []
        self.receiver = receiver or Receiver()
        self._server: BaseWSGIServer | None = None

    # ------------------------------------------------------------------ WSGI
    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        try:
            response = self.dispatch(request)
        except Exception:
            log.exception("gateway failure on %s %s", request.method, request.path)
            response = _json(500, {"message": "Internal server error"})
        self.add_security_headers(request, response)
        return response(environ, start_response)

    def add_security_headers(self, request: Request, response: Response) -> None:
        """What CloudFront adds to every response; not to the local-only pages (/local/),
        which have no CloudFront counterpart."""
        if request.path.startswith("/local/"):
            return
        for header in self.security_headers:
            if header.override or header.name not in response.headers:
                response.headers[header.name] = header.value

    def resolve(self, method: str, path: str) -> tuple[Any, dict[str, str]]:
        """The endpoint that answers, and the path's variables."""
        try:
            endpoint, values = self._urls.match(path, method)
        except HTTPException:  # no rule for the path (the catch-all static rule aside)
            return _STATIC, {}
        return endpoint, dict(values)

    def dispatch(self, request: Request) -> Response:
        endpoint, values = self.resolve(request.method, request.path)
        if isinstance(endpoint, ApiRoute) or endpoint == _NO_API_ROUTE:
            if request.method == "OPTIONS":
                return Response(status=204)
            if not isinstance(endpoint, ApiRoute):
                return _json(404, {"message": "Not Found"})
            return self.api(request, endpoint, values)
        if endpoint == _CONFIG:
            return _json(200, self.config())
        if endpoint == _OUTBOX:
            return Response(
                render_outbox(sent_messages(self.region)), content_type="text/html; charset=utf-8"
            )
        if endpoint == _OUTBOX_JSON:
            return _json(200, {"messages": [m.__dict__ for m in sent_messages(self.region)]})
        if endpoint == _RECEIVED:
            return self.receiver.listing(request)
        if endpoint == _RECEIVE:
            return self.receiver.receive(request, values["kind"], values["name"])
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
        """The API route a request goes to, with its path parameters."""
        endpoint, values = self.resolve(method, path)
        return (endpoint, values) if isinstance(endpoint, ApiRoute) else None

    def api(self, request: Request, route: ApiRoute, path_parameters: dict[str, str]) -> Response:
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
        # The function's pool of execution environments takes one request each.
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
        # Bytes that are not UTF-8 go on base64-encoded: the function refuses them (400).
        is_text = request.headers.get("Content-Type", "").startswith(_TEXT_TYPES) and _utf8(raw)
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

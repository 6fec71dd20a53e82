"""The local gateway's routing and response mapping, as API Gateway does them."""

from pathlib import Path

from infra.localcloud.apigw import rest_proxy_event
from infra.localcloud.functions import FunctionRegistry
from infra.localcloud.gateway import Gateway
from infra.localcloud.provision import ApiRoute
from tests.support import sample_event


def gateway(routes):
    return Gateway(routes, FunctionRegistry("us-east-1"), None, Path("."), dict, "us-east-1", "t")  # type: ignore[arg-type]


def test_literal_paths_win_over_parameters_and_greedy_proxies():
    gw = gateway(
        [
            ApiRoute("Proxy", "ANY", "/api/{proxy+}", False),
            ApiRoute("Health", "GET", "/api/health", True),
            ApiRoute("Interview", "ANY", "/api/interview/{token}", True),
        ]
    )
    route, params = gw.match("GET", "/api/health")
    assert route.function == "Health" and params == {}
    route, params = gw.match("POST", "/api/interview/abc")
    assert route.function == "Interview" and params == {"token": "abc"}
    route, params = gw.match("DELETE", "/api/candidates/42/reviews")
    assert route.function == "Proxy" and params == {"proxy": "candidates/42/reviews"}
    assert gw.match("GET", "/elsewhere") is None


def test_a_method_specific_route_does_not_answer_other_methods():
    gw = gateway([ApiRoute("Health", "GET", "/api/health", True)])
    assert gw.match("POST", "/api/health") is None


def test_proxy_response_headers_and_base64_bodies():
    response = Gateway.proxy_response(
        {
            "statusCode": 201,
            "headers": {"Content-Type": "application/octet-stream"},
            "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]},
            "body": "aGVsbG8=",
            "isBase64Encoded": True,
        }
    )
    assert response.status_code == 201
    assert response.get_data() == b"hello"
    assert response.headers.getlist("Set-Cookie") == ["a=1", "b=2"]
    assert response.headers["Content-Type"] == "application/octet-stream"


def test_a_greedy_proxy_after_a_parameter_and_get_routes_do_not_take_head():
    gw = gateway(
        [
            ApiRoute("Proxy", "ANY", "/api/{proxy+}", False),
            ApiRoute("Health", "GET", "/api/health", True),
            ApiRoute("Overview", "GET", "/api/interview/{token}", True),
            ApiRoute("Actions", "ANY", "/api/interview/{token}/{proxy+}", True),
        ]
    )
    route, params = gw.match("POST", "/api/interview/abc/answers/q1/upload")
    assert route.function == "Actions" and params == {"token": "abc", "proxy": "answers/q1/upload"}
    route, params = gw.match("POST", "/api/interview/abc")
    assert route.function == "Proxy" and params == {"proxy": "interview/abc"}
    route, _ = gw.match("HEAD", "/api/health")
    assert route.function == "Proxy"
    route, params = gw.match("GET", "/api/health/")
    assert route.function == "Proxy" and params == {"proxy": "health/"}
    assert gw.match("GET", "/api/") is None and gw.match("GET", "/config.json") is None


def test_the_proxy_event_has_the_shape_of_the_sam_sample():
    sample = sample_event("hr_api_me.json")
    event = rest_proxy_event(
        "GET",
        "/api/me",
        resource_path="/api/{proxy+}",
        path_parameters={"proxy": "me"},
        query=[("q", "a"), ("q", "b")],
        headers=[("Accept", "application/json"), ("User-Agent", "sample")],
        claims=sample["requestContext"]["authorizer"]["claims"],
        stage="dev",
    )
    assert set(event) == set(sample)
    assert set(sample["requestContext"]) <= set(event["requestContext"])
    for key in ("resource", "path", "httpMethod", "pathParameters", "body", "isBase64Encoded"):
        assert event[key] == sample[key], key
    context, expected = event["requestContext"], sample["requestContext"]
    for key in ("resourcePath", "httpMethod", "path", "stage", "authorizer"):
        assert context[key] == expected[key], key
    assert context["identity"]["userAgent"] == "sample"
    # Repeated parameters: the last one in the single-value map, as API Gateway does.
    assert event["queryStringParameters"] == {"q": "b"}
    assert event["multiValueQueryStringParameters"] == {"q": ["a", "b"]}


def test_binary_bodies_are_base64_encoded():
    event = rest_proxy_event("POST", "/api/x", resource_path="/api/{proxy+}", binary=b"hello")
    assert event["body"] == "aGVsbG8=" and event["isBase64Encoded"] is True
    event = rest_proxy_event("POST", "/api/x", resource_path="/api/{proxy+}", body="{}")
    assert event["body"] == "{}" and event["isBase64Encoded"] is False


def test_every_page_and_api_answer_carries_the_cloudfront_security_headers(tmp_path):
    from werkzeug.test import Client as WsgiClient

    from infra.localcloud.security_headers import security_headers
    from infra.localcloud.template import Resolver, parameter_values
    from tests.support import TEMPLATE

    (tmp_path / "index.html").write_text("<!doctype html><title>x</title>")
    resolver = Resolver("us-east-1", "t", parameter_values(TEMPLATE, {}))
    headers = security_headers(TEMPLATE, resolver, "http://127.0.0.1:4566")
    gw = Gateway([], FunctionRegistry("us-east-1"), None, tmp_path, dict, "us-east-1", "t", headers)  # type: ignore[arg-type]
    client = WsgiClient(gw)
    for path in ("/", "/config.json", "/api/no-such-route"):
        sent = client.get(path).headers
        csp = sent["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self';" in csp
        # Sign-in and uploads go to the emulator, as they go to Cognito and S3 on AWS.
        assert "connect-src 'self' http://127.0.0.1:4566 http://127.0.0.1:4566" in csp
        assert "unsafe-inline" not in csp and "${" not in csp
        assert sent["Strict-Transport-Security"].startswith("max-age=63072000")
        assert sent["X-Frame-Options"] == "DENY"
        assert sent["X-Content-Type-Options"] == "nosniff"
        assert sent["Referrer-Policy"] == "same-origin"
        assert "camera=(self)" in sent["Permissions-Policy"]
    # The local-only pages have no CloudFront counterpart.
    assert "Content-Security-Policy" not in client.get("/local/outbox.json").headers

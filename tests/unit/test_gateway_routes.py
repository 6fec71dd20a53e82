"""The local gateway's routing and response mapping, as API Gateway does them."""

from pathlib import Path

from infra.localcloud.functions import FunctionRegistry
from infra.localcloud.gateway import Gateway
from infra.localcloud.provision import ApiRoute


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

"""Requests the API cannot read - a body that is not UTF-8, a multipart form, a cursor it
never gave out - get a 4xx with a reason from the functions themselves (as on AWS, where
no local gateway stands in front of them), never a 500."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from tests.support import api_event, template_function
from tests.support.builders import english_candidate

NOT_UTF8 = '{"name": "李雷"}'.encode("gbk")  # a real mistake: a GBK-encoded JSON body

FUNCTIONS = {"hr": "HrApiFunction", "candidate": "CandidateApiFunction"}
# One route with a JSON body on each API.
JSON_ROUTES = {"hr": "/api/candidates", "candidate": "/api/interview/some-token/verify"}


def call(api: str, event: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    result, error = template_function(FUNCTIONS[api]).invoke(event, "us-east-1")
    assert error is None, result
    return result["statusCode"], json.loads(result["body"])


def post(api: str, hr, binary: bytes, content_type: str) -> tuple[int, dict[str, Any]]:
    claims = hr.claims("shanghai.hr") if api == "hr" else None
    event = api_event(
        "POST", JSON_ROUTES[api], claims, binary=binary, headers={"Content-Type": content_type}
    )
    return call(api, event)


@pytest.mark.parametrize("api", FUNCTIONS)
@pytest.mark.parametrize("content_type", ["application/json", "application/json; charset=gbk"])
def test_a_json_body_that_is_not_utf8_is_a_400(hr, api, content_type):
    assert post(api, hr, NOT_UTF8, content_type) == (
        400,
        {"message": "the request body is not valid UTF-8", "code": "body_not_utf8", "params": {}},
    )


@pytest.mark.parametrize("api", FUNCTIONS)
@pytest.mark.parametrize("content_type", ["multipart/form-data", "multipart/form-data; boundary=x"])
def test_a_multipart_form_is_refused_as_unsupported(hr, api, content_type):
    status, body = post(
        api, hr, b"--x\r\nContent-Disposition: form-data\r\n\r\n1\r\n--x--", content_type
    )
    assert status == 415
    assert "application/json" in body["message"]


def test_a_body_of_another_text_type_gets_the_api_error_shape(hr):
    status, body = post("hr", hr, b"name=Li", "text/plain")
    assert (status, body) == (
        415,
        {
            "message": "send the request body as application/json",
            "code": "body_not_json",
            "params": {},
        },
    )


def cursor_of(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode()


CRAFTED = {
    "not base64": "%%%",
    "not ascii": "光标",
    "base64 of bytes": base64.urlsafe_b64encode(b"\xff\xfe\x00").decode(),
    "a list": cursor_of(["pk"]),
    "unknown keys": cursor_of({"a": 1}),
    "wrong value type": cursor_of({"pk": "x", "sk": "y", "gsi1pk": "z", "gsi1sk": "w"}),
    "another partition": cursor_of(
        {
            "pk": {"S": "CANDIDATE#x"},
            "sk": {"S": "CANDIDATE"},
            "gsi1pk": {"S": "BRANCH#shenzhen#CANDIDATES"},
            "gsi1sk": {"S": "2026"},
        }
    ),
    "too long": "A" * 5000,
}


@pytest.mark.parametrize("path", ["/api/candidates", "/api/audit"])
@pytest.mark.parametrize("cursor", CRAFTED.values(), ids=CRAFTED.keys())
def test_a_crafted_cursor_is_a_400_invalid_cursor(hr, path, cursor):
    reply = hr.get(path, "shanghai.hr", query={"cursor": cursor})
    assert reply.status == 400, reply
    assert reply.json["message"].startswith("invalid cursor")


def test_a_cursor_the_list_gave_out_pages_on_and_cannot_be_moved_to_another_branch(hr):
    for name in ("Ann Lee", "Bo Chen", "Cy Wu"):
        english_candidate(hr, name)
    first = hr.get("/api/candidates", "shanghai.hr", query={"limit": "2"}).json
    assert first["cursor"]
    rest = hr.get("/api/candidates", "shanghai.hr", query={"limit": "2", "cursor": first["cursor"]})
    assert rest.status == 200 and len(rest.json["items"]) == 1
    key = json.loads(base64.urlsafe_b64decode(first["cursor"]))
    key["gsi1pk"]["S"] = key["gsi1pk"]["S"].replace("shanghai", "shenzhen")
    moved = hr.get("/api/candidates", "shanghai.hr", query={"cursor": cursor_of(key)})
    assert moved.status == 400

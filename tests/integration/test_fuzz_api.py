"""Both APIs fuzzed on the local cloud with schemathesis, from their own OpenAPI documents:
the HR API as a signed-in branch HR user, the candidate API as the public. Every case must
get no 5xx and a status, content type, headers and body that the document describes.

Bounded and deterministic: a fixed number of positive and negative cases per operation
(over 1,000 in all), generated with a derandomized seed, no example database, no
shrinking (failures are collected, not minimised), so a run takes a few minutes and CI
sees the same cases every time. The fuzzing HR user works in a branch of its own, so what
it creates touches no other test's data. ``-s`` prints the tally.
"""

from __future__ import annotations

import base64
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from hireflow.api import create_portal_app
from hireflow.api.docs import openapi_document
from infra.localcloud.cloud import LocalCloud
from tests.support.client import Client

CASES_PER_OPERATION = {GenerationMode.POSITIVE: 20, GenerationMode.NEGATIVE: 20}
MIN_CASES = 1000
CHECKS: dict[str, Callable[..., Any]] = {
    "not_a_server_error": not_a_server_error,
    "status_code_conformance": status_code_conformance,
    "content_type_conformance": content_type_conformance,
    "response_headers_conformance": response_headers_conformance,
    "response_schema_conformance": response_schema_conformance,
    "negative_data_rejection": negative_data_rejection,
}
FUZZ_BRANCH, FUZZ_USER, FUZZ_PASSWORD = "fuzz", "fuzz.hr", "Fuzz-Passw0rd!"


@dataclass
class Tally:
    cases: int = 0
    passed: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    def report(self, api: str) -> str:
        checks = ", ".join(
            f"{n} {self.passed[n]}/{self.passed[n] + self.failed[n]}" for n in CHECKS
        )
        return f"{api}: {self.cases} cases; checks passed: {checks}"


def fuzz(raw_schema: dict[str, Any], base_url: str, headers: dict[str, str]) -> Tally:
    schema = schemathesis.openapi.from_dict(raw_schema)
    # The fuzz signs in itself (``headers``): the document's security scheme (the docs'
    # Authorize button) is not a parameter to fuzz; a bad token is the authorizer's to refuse.
    schema.config.generation.update(with_security_parameters=False)
    tally = Tally()
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]  # Err raises: a broken document
        for mode, examples in CASES_PER_OPERATION.items():

            @settings(
                max_examples=examples,
                derandomize=True,
                database=None,
                deadline=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case: Any) -> None:
                response = case.call(base_url=base_url, headers=headers, timeout=30)
                tally.cases += 1
                for name, check in CHECKS.items():
                    try:
                        case.validate_response(response, checks=[check], headers=headers)
                    except (AssertionError, FailureGroup) as failure:
                        tally.failed[name] += 1
                        summary = str(failure).strip().splitlines()[0][:200]
                        tally.failures.append(
                            f"{name}: {case.method} {case.formatted_path} -> "
                            f"{response.status_code}: {summary}"
                        )
                    else:
                        tally.passed[name] += 1

            try:
                run()
            except Unsatisfiable:  # negative mode: an operation with nothing to make invalid
                assert mode == GenerationMode.NEGATIVE, operation.label
    return tally


@pytest.fixture(scope="module")
def fuzz_token(cloud: LocalCloud, hr: Client) -> str:
    """A branch HR user in a branch of its own."""
    branch = hr.post("/api/branches", "hq.admin", {"id": FUZZ_BRANCH, "name": "Fuzz"})
    assert branch.status in (201, 409), branch.text
    user = hr.post(
        "/api/users",
        "hq.admin",
        {
            "username": FUZZ_USER,
            "email": "fuzz.hr@example.com",
            "display_name": "Fuzz HR",
            "role": "branch_hr",
            "branch_id": FUZZ_BRANCH,
        },
    )
    assert user.status in (201, 409), user.text
    assert cloud.resources
    cloud.client("cognito-idp").admin_set_user_password(
        UserPoolId=cloud.resources.user_pool_id,
        Username=FUZZ_USER,
        Password=FUZZ_PASSWORD,
        Permanent=True,
    )
    return cloud.sign_in(FUZZ_USER, FUZZ_PASSWORD)


_tallies: dict[str, Tally] = {}


def finish(api: str, tally: Tally) -> None:
    _tallies[api] = tally
    print("\n" + tally.report(api))
    assert not tally.failures, "\n".join(sorted(set(tally.failures))[:40])


def test_fuzz_the_hr_api(cloud: LocalCloud, fuzz_token: str) -> None:
    schema = requests.get(
        f"{cloud.url}/api/openapi.json", headers={"Authorization": fuzz_token}, timeout=30
    ).json()
    finish("HR API", fuzz(schema, cloud.url, {"Authorization": fuzz_token}))


def test_fuzz_the_candidate_api(cloud: LocalCloud) -> None:
    schema = openapi_document(
        create_portal_app(), "hireflow candidate API", "The interview portal", portal=True
    )
    finish("candidate API", fuzz(schema, cloud.url, {}))


def test_the_fuzzing_was_big_enough() -> None:
    if len(_tallies) < 2:
        pytest.skip("runs after both fuzz tests")
    assert sum(t.cases for t in _tallies.values()) >= MIN_CASES


# ------------------------------------------------ what the outside tester found (finding 1)


def cursor_of(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode()


@pytest.mark.parametrize(
    ("path", "content_type", "body", "status"),
    [
        ("/api/candidates", "application/json", '{"name": "李雷"}'.encode("gbk"), 400),
        ("/api/candidates", "multipart/form-data", b"--x\r\n\r\n--x--", 415),
        ("/api/interview/t0ken/verify", "application/json", b'{"phone": "\xff"}', 400),
        ("/api/interview/t0ken/verify", "multipart/form-data", b"--x\r\n\r\n--x--", 415),
    ],
)
def test_unreadable_bodies_through_the_gateway_are_4xx(
    cloud: LocalCloud, fuzz_token: str, path: str, content_type: str, body: bytes, status: int
) -> None:
    reply = requests.post(
        f"{cloud.url}{path}",
        data=body,
        headers={"Content-Type": content_type, "Authorization": fuzz_token},
        timeout=30,
    )
    assert reply.status_code == status, reply.text
    assert reply.json()["message"]


@pytest.mark.parametrize("path", ["/api/candidates", "/api/audit"])
@pytest.mark.parametrize(
    "cursor", ["%%%", cursor_of({"pk": "x"}), cursor_of({"pk": {"S": "AUDIT#x"}, "sk": {"S": ""}})]
)
def test_crafted_cursors_through_the_gateway_are_400(
    cloud: LocalCloud, fuzz_token: str, path: str, cursor: str
) -> None:
    reply = requests.get(
        f"{cloud.url}{path}",
        params={"cursor": cursor},
        headers={"Authorization": fuzz_token},
        timeout=30,
    )
    assert reply.status_code == 400, reply.text
    assert reply.json()["message"].startswith("invalid cursor")

"""Unit tests run against moto's in-memory mock: no server, no network."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from moto import mock_aws
from moto.ses.models import ses_backends

from hireflow.bootstrap import reset
from hireflow.identity.directory import CognitoDirectory
from infra.localcloud import demo
from infra.localcloud.functions import FunctionRegistry
from infra.localcloud.provision import Provisioned, Provisioner
from infra.localcloud.template import ACCOUNT_ID
from tests.support import ROOT, TEMPLATE, api_event

TABLE = "hireflow-unit"


@pytest.fixture(autouse=True)
def aws_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("HIREFLOW_TABLE", TABLE)
    monkeypatch.setenv("POWERTOOLS_TRACE_DISABLED", "true")
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "true")
    monkeypatch.setenv("POWERTOOLS_SERVICE_NAME", "hireflow")
    monkeypatch.setenv("POWERTOOLS_METRICS_NAMESPACE", "Hireflow")
    reset()  # settings are read once: read them again for this test's environment


@pytest.fixture
def aws() -> Iterator[None]:
    with mock_aws(config={"lambda": {"use_docker": False}}):
        yield


@pytest.fixture
def table(aws: None, monkeypatch: pytest.MonkeyPatch) -> str:
    """The template's HireflowTable (keys, GSIs, TTL), created the local cloud's way."""
    provisioner = Provisioner(
        {"Resources": {"HireflowTable": TEMPLATE["Resources"]["HireflowTable"]}},
        ROOT,
        endpoint=None,
        region="us-east-1",
        stack_name="unit",
        parameters={},
        functions=FunctionRegistry("us-east-1"),
    )
    provisioner.resolver.resources["DataKey"] = {"Ref": "alias/aws/dynamodb", "Arn": ""}
    provisioner.tables()
    name = provisioner.resolver.ref("HireflowTable")
    monkeypatch.setenv("HIREFLOW_TABLE", name)
    reset()
    return name


class Api:
    """Calls the HR API function's real handler as a given demo user."""

    def __init__(self, provisioned: Provisioned, directory: CognitoDirectory) -> None:
        self.function = provisioned.functions.get("HrApiFunction")
        self.directory = directory
        self._claims: dict[str, dict[str, str]] = {}

    def claims(self, username: str) -> dict[str, str]:
        if username not in self._claims:
            user = self.directory.cognito.admin_get_user(
                UserPoolId=self.directory.user_pool_id, Username=username
            )
            attributes = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
            groups = self.directory.cognito.admin_list_groups_for_user(
                UserPoolId=self.directory.user_pool_id, Username=username
            )["Groups"]
            self._claims[username] = {
                **attributes,
                "cognito:username": username,
                "cognito:groups": ",".join(g["GroupName"] for g in groups),
                "token_use": "id",
            }
        return self._claims[username]

    def user_id(self, username: str) -> str:
        return self.claims(username)["sub"]

    def call(self, method: str, path: str, as_user: str | None, body: Any = None, **kwargs: Any):
        claims = self.claims(as_user) if as_user else None
        event = api_event(method, path, claims, body, **kwargs)
        result, error = self.function.invoke(event, "us-east-1")
        assert error is None, result
        raw = result["body"] or ""
        if result.get("isBase64Encoded"):
            return Reply(result["statusCode"], None, base64.b64decode(raw), result)
        content_type = (result.get("multiValueHeaders") or {}).get("Content-Type", [""])[0]
        parsed = json.loads(raw) if raw and content_type.startswith("application/json") else None
        return Reply(result["statusCode"], parsed, raw.encode(), result)

    def get(self, path: str, as_user: str | None, **kwargs: Any):
        return self.call("GET", path, as_user, **kwargs)

    def post(self, path: str, as_user: str | None, body: Any = None, **kwargs: Any):
        return self.call("POST", path, as_user, body, **kwargs)

    def patch(self, path: str, as_user: str | None, body: Any = None, **kwargs: Any):
        return self.call("PATCH", path, as_user, body, **kwargs)

    def put(self, path: str, as_user: str | None, body: Any = None, **kwargs: Any):
        return self.call("PUT", path, as_user, body, **kwargs)


@dataclass
class Reply:
    status: int
    json: Any
    raw: bytes
    result: dict[str, Any]

    def __repr__(self) -> str:
        return f"Reply({self.status}, {self.json!r})"


@pytest.fixture
def hr(aws: None, monkeypatch: pytest.MonkeyPatch) -> Api:
    """Every template resource in moto's memory, the demo organisation seeded, and the
    HR API's real handler to call."""
    registry = FunctionRegistry("us-east-1")
    provisioner = Provisioner(
        TEMPLATE, ROOT, None, "us-east-1", "unit", {"Stage": "unit"}, registry
    )
    provisioned = provisioner.provision()
    for key, value in provisioned.environment.items():
        monkeypatch.setenv(key, value)
    _detach_function_targets()
    reset()
    directory = CognitoDirectory()
    demo.seed(directory)
    return Api(provisioned, directory)


def _detach_function_targets() -> None:
    """Unit tests call handlers themselves; plain moto cannot deliver events to Lambda
    (the local cloud's emulator does), so rules keep their patterns but lose those targets."""
    events = boto3.client("events", region_name="us-east-1")
    for bus in events.list_event_buses()["EventBuses"]:
        for rule in events.list_rules(EventBusName=bus["Name"])["Rules"]:
            targets = events.list_targets_by_rule(Rule=rule["Name"], EventBusName=bus["Name"])
            lambdas = [t["Id"] for t in targets["Targets"] if ":function:" in t["Arn"]]
            if lambdas:
                events.remove_targets(Rule=rule["Name"], EventBusName=bus["Name"], Ids=lambdas)


def sent_emails() -> list[Any]:
    return list(ses_backends[ACCOUNT_ID]["us-east-1"].sent_messages)

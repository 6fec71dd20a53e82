"""Unit tests run against moto's in-memory mock: no server, no network."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from moto import mock_aws

from infra.localcloud.functions import FunctionRegistry
from infra.localcloud.provision import Provisioner
from tests.support import ROOT, TEMPLATE

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
    return name

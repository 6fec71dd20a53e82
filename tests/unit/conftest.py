"""Unit tests run against moto's in-memory mock: no server, no network.

moto starts once for the unit tests, and the template's resources (with the demo's Cognito
users) are provisioned once into it; before each test that asks for ``hr``, what earlier
tests wrote is wiped and the demo data seeded again. Tests that ask for ``aws`` or
``table`` instead get an empty AWS account of their own in the same moto.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import boto3
import pytest
from moto import mock_aws
from moto.dynamodb.models import dynamodb_backends
from moto.ses.models import ses_backends
from moto.sns.models import sns_backends
from moto.transcribe.models import transcribe_backends

from hireflow.bootstrap import reset
from hireflow.identity.directory import CognitoDirectory
from infra.localcloud import demo
from infra.localcloud.emulator import install_dynamodb_undo_log
from infra.localcloud.functions import FunctionRegistry
from infra.localcloud.provision import Provisioned, Provisioner
from infra.localcloud.template import ACCOUNT_ID, resources_of_type
from tests.support import ROOT, TEMPLATE
from tests.support.client import Client, InProcess

TABLE = "hireflow-unit"
REGION = "us-east-1"


def _aws_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.setenv("AWS_REGION", REGION)
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("HIREFLOW_TABLE", TABLE)
    monkeypatch.setenv("POWERTOOLS_TRACE_DISABLED", "true")
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "true")
    monkeypatch.setenv("POWERTOOLS_SERVICE_NAME", "hireflow")
    monkeypatch.setenv("POWERTOOLS_METRICS_NAMESPACE", "Hireflow")
    reset()  # settings are read once: read them again for this test's environment


@pytest.fixture(autouse=True)
def aws_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    _aws_environment(monkeypatch)


@pytest.fixture(scope="package")
def in_memory_aws() -> Iterator[None]:
    """moto's in-memory AWS, started once for the unit tests. Package scope: it stops (and
    forgets everything) before the integration tests start a local cloud in this process."""
    with pytest.MonkeyPatch.context() as environment:
        _aws_environment(environment)
        # Transactions roll back through an undo log, as on the local cloud: moto's own
        # rollback copies the whole table per transaction.
        install_dynamodb_undo_log()
        with mock_aws(config={"lambda": {"use_docker": False}}):
            yield


_accounts = itertools.count(1)


@pytest.fixture
def aws(in_memory_aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """An AWS account of this test's own in moto: empty, and seen by no other test."""
    monkeypatch.setenv("MOTO_ACCOUNT_ID", str(200000000000 + next(_accounts)))


@pytest.fixture
def table(aws: None, monkeypatch: pytest.MonkeyPatch) -> str:
    """The template's HireflowTable (keys, GSIs, TTL), created the local cloud's way."""
    provisioner = Provisioner(
        {"Resources": {"HireflowTable": TEMPLATE["Resources"]["HireflowTable"]}},
        ROOT,
        endpoint=None,
        region=REGION,
        stack_name="unit",
        parameters={},
        functions=FunctionRegistry(REGION),
    )
    provisioner.resolver.resources["DataKey"] = {"Ref": "alias/aws/dynamodb", "Arn": ""}
    provisioner.tables()
    name = provisioner.resolver.ref("HireflowTable")
    monkeypatch.setenv("HIREFLOW_TABLE", name)
    reset()
    return name


@dataclass
class UnitCloud:
    """Every template resource in moto's memory (account ACCOUNT_ID), provisioned once,
    and the demo's Cognito users."""

    provisioned: Provisioned
    user_ids: dict[str, str]
    tables: list[str] = field(default_factory=list)
    buckets: list[str] = field(default_factory=list)

    def reset(self) -> None:
        """Forget what tests wrote, keep what the template made; seed the demo data again.
        Runs with the provisioned environment set."""
        dynamodb = dynamodb_backends[ACCOUNT_ID][REGION]
        for name in self.tables:
            dynamodb.get_table(name).items.clear()
        for bucket in self.buckets:
            listed = self.s3.list_object_versions(Bucket=bucket)
            stored = listed.get("Versions", []) + listed.get("DeleteMarkers", [])
            if stored:
                self.s3.delete_objects(
                    Bucket=bucket,
                    Delete={
                        "Objects": [{"Key": o["Key"], "VersionId": o["VersionId"]} for o in stored]
                    },
                )
        ses = ses_backends[ACCOUNT_ID][REGION]
        ses.sent_messages.clear()
        ses.sent_message_count = 0
        sns_backends[ACCOUNT_ID][REGION].sms_messages.clear()
        transcribe_backends[ACCOUNT_ID][REGION].transcriptions.clear()
        self._remove_users_tests_made()
        demo.seed_data(self.user_ids)

    def _remove_users_tests_made(self) -> None:
        pool = self.provisioned.user_pool_id
        for page in self.cognito.get_paginator("list_users").paginate(UserPoolId=pool):
            for user in page["Users"]:
                if user["Username"] not in self.user_ids:
                    self.cognito.admin_delete_user(UserPoolId=pool, Username=user["Username"])

    @cached_property
    def s3(self) -> Any:
        return boto3.client("s3", region_name=REGION)

    @cached_property
    def cognito(self) -> Any:
        return boto3.client("cognito-idp", region_name=REGION)


@pytest.fixture(scope="package")
def unit_cloud(in_memory_aws: None) -> UnitCloud:
    with pytest.MonkeyPatch.context() as environment:
        registry = FunctionRegistry(REGION)
        provisioner = Provisioner(TEMPLATE, ROOT, None, REGION, "unit", {"Stage": "unit"}, registry)
        provisioned = provisioner.provision()
        for key, value in provisioned.environment.items():
            environment.setenv(key, value)
        _detach_function_targets()
        reset()
        user_ids = demo.demo_users(CognitoDirectory())
        return UnitCloud(
            provisioned,
            user_ids,
            tables=[
                provisioned.resolver.ref(logical_id)
                for logical_id, _ in resources_of_type(TEMPLATE, "AWS::DynamoDB::Table")
            ],
            buckets=[
                provisioned.resolver.ref(logical_id)
                for logical_id, _ in resources_of_type(TEMPLATE, "AWS::S3::Bucket")
            ],
        )


@pytest.fixture
def hr(unit_cloud: UnitCloud, monkeypatch: pytest.MonkeyPatch) -> Client:
    """Every template resource in moto's memory, the demo organisation seeded (and nothing
    else), and the HR API's real handler to call."""
    for key, value in unit_cloud.provisioned.environment.items():
        monkeypatch.setenv(key, value)
    reset()  # settings and services for this environment, before the data is seeded
    unit_cloud.reset()
    function = unit_cloud.provisioned.functions.get("HrApiFunction")
    return Client(InProcess(function, CognitoDirectory()))


def _detach_function_targets() -> None:
    """Unit tests call handlers themselves; plain moto cannot deliver events to Lambda
    (the local cloud's emulator does), so rules keep their patterns but lose those targets."""
    events = boto3.client("events", region_name=REGION)
    for bus in events.list_event_buses()["EventBuses"]:
        for rule in events.list_rules(EventBusName=bus["Name"])["Rules"]:
            targets = events.list_targets_by_rule(Rule=rule["Name"], EventBusName=bus["Name"])
            lambdas = [t["Id"] for t in targets["Targets"] if ":function:" in t["Arn"]]
            if lambdas:
                events.remove_targets(Rule=rule["Name"], EventBusName=bus["Name"], Ids=lambdas)


def sent_emails() -> list[Any]:
    return list(ses_backends[ACCOUNT_ID][REGION].sent_messages)

"""moto's gaps, filled: S3 notifications, EventBridge rules and Lambda Invoke reach the
real handler in-process."""

import json
import sys
import threading
from pathlib import Path
from typing import Any
from urllib.parse import unquote_plus

import boto3
import pytest

from infra.localcloud import schedules
from infra.localcloud.emulator import _install_seams, install_dynamodb_undo_log
from infra.localcloud.functions import FunctionRegistry, LocalFunction
from infra.localcloud.provision import Schedule

PROBE = """
import json, os, pathlib
def handler(event, context):
    log = pathlib.Path(os.environ["PROBE_LOG"])
    with log.open("a") as out:
        out.write(json.dumps({"event": event, "fn": context.function_name}) + "\\n")
    if isinstance(event, dict) and event.get("fail"):
        raise ValueError("asked to fail")
    return {"seen": True}
"""


@pytest.fixture
def probe(aws, tmp_path, monkeypatch):
    (tmp_path / "probe").mkdir()
    (tmp_path / "probe" / "app.py").write_text(PROBE)
    log = tmp_path / "calls.jsonl"
    monkeypatch.setenv("PROBE_LOG", str(log))
    registry = FunctionRegistry("us-east-1")
    registry.add(LocalFunction("Probe", "probe-fn", tmp_path / "probe", "app.handler", 128, 3, {}))
    _install_seams(registry)
    iam = boto3.client("iam")
    role = iam.create_role(RoleName="r", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    arn = boto3.client("lambda").create_function(
        FunctionName="probe-fn",
        Runtime="python3.12",
        Role=role,
        Handler="app.handler",
        Code={"ZipFile": b"PK\x05\x06" + b"\x00" * 18},
    )["FunctionArn"]
    return arn, log


def wait_for_calls(log: Path, count: int) -> list[dict]:
    done = threading.Event()
    for _ in range(100):
        if log.exists() and len(log.read_text().splitlines()) >= count:
            break
        done.wait(0.05)
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def test_lambda_invoke_runs_the_handler_and_reports_its_errors(probe):
    arn, log = probe
    client = boto3.client("lambda")
    ok = client.invoke(FunctionName=arn, Payload=json.dumps({"hello": 1}))
    assert json.loads(ok["Payload"].read()) == {"seen": True}
    failed = client.invoke(FunctionName=arn, Payload=json.dumps({"fail": True}))
    assert failed["FunctionError"] == "Handled"
    assert json.loads(failed["Payload"].read())["errorType"] == "ValueError"
    assert wait_for_calls(log, 2)[0]["event"] == {"hello": 1}


def test_s3_object_created_notification_reaches_the_handler(probe):
    arn, log = probe
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="media")
    s3.put_bucket_notification_configuration(
        Bucket="media",
        NotificationConfiguration={
            "LambdaFunctionConfigurations": [
                {"LambdaFunctionArn": arn, "Events": ["s3:ObjectCreated:*"]}
            ]
        },
    )
    s3.put_object(Bucket="media", Key="answers/a1/q1.webm", Body=b"x")
    calls = wait_for_calls(log, 1)
    record = calls[0]["event"]["Records"][0]
    # S3 URL-encodes keys in notifications; handlers decode them.
    assert unquote_plus(record["s3"]["object"]["key"]) == "answers/a1/q1.webm"
    assert record["eventName"].startswith("ObjectCreated")


def test_eventbridge_rule_with_a_lambda_target_delivers_matching_events_only(probe):
    arn, log = probe
    events = boto3.client("events")
    events.create_event_bus(Name="domain")
    events.put_rule(
        Name="completed",
        EventBusName="domain",
        EventPattern=json.dumps({"detail-type": ["interview.completed"]}),
    )
    events.put_targets(Rule="completed", EventBusName="domain", Targets=[{"Id": "1", "Arn": arn}])
    events.put_events(
        Entries=[
            {"EventBusName": "domain", "Source": "hireflow", "DetailType": t, "Detail": "{}"}
            for t in ("candidate.invited", "interview.completed")
        ]
    )
    calls = wait_for_calls(log, 1)
    assert [c["event"]["detail-type"] for c in calls] == ["interview.completed"]


GATED = """
import threading
entered = threading.Event()
release = threading.Event()
requests_seen = []  # module state: one list per execution environment
def handler(event, context):
    requests_seen.append(event["n"])
    entered.set()
    if event.get("hold"):
        release.wait(10)
    return {"seen_here": list(requests_seen)}
"""


def _gated_function(tmp_path: Path, logical_id: str, concurrency: int) -> LocalFunction:
    (tmp_path / "gated").mkdir()
    (tmp_path / "gated" / "app.py").write_text(GATED)
    return LocalFunction(
        logical_id, "gated-fn", tmp_path / "gated", "app.handler", 128, 3, {}, concurrency
    )


def _environment(logical_id: str, number: int):
    """The handler module of a function's n-th execution environment, once it is running."""
    name = f"hireflow_local_fn_{logical_id}_{number}"
    for _ in range(200):
        entered = getattr(sys.modules.get(name), "entered", None)  # None: still loading
        if entered is not None and entered.is_set():
            return sys.modules[name]
        threading.Event().wait(0.05)
    raise AssertionError(f"{name} never ran")


def _hold(function: LocalFunction, results: list) -> threading.Thread:
    thread = threading.Thread(
        target=lambda: results.append(function.invoke({"n": 1, "hold": 1}, "r"))
    )
    thread.start()
    return thread


def test_a_busy_function_starts_another_environment_with_its_own_state(tmp_path):
    function = _gated_function(tmp_path, "Busy", concurrency=2)
    results: list = []
    held = _hold(function, results)
    first = _environment("Busy", 1)
    # The first request holds its environment; a second one does not wait for it.
    answer, error = function.invoke({"n": 2}, "r")
    assert error is None and answer == {"seen_here": [2]}  # not the held request's state
    assert function.environments == 2
    first.release.set()
    held.join(10)
    assert results == [({"seen_here": [1]}, None)]
    # Environments are reused once free: no third cold start.
    assert function.invoke({"n": 3}, "r")[0]["seen_here"][-1] == 3
    assert function.environments == 2


def test_at_the_concurrency_limit_a_request_waits_for_a_free_environment(tmp_path):
    function = _gated_function(tmp_path, "Limited", concurrency=1)
    results: list = []
    held = _hold(function, results)
    first = _environment("Limited", 1)
    second_done = threading.Event()
    threading.Thread(target=lambda: (function.invoke({"n": 2}, "r"), second_done.set())).start()
    assert not second_done.wait(0.3)  # queued behind the held request
    first.release.set()
    assert second_done.wait(10)
    held.join(10)
    assert function.environments == 1


def test_a_cancelled_transaction_restores_every_item_it_touched_and_no_other(aws):
    install_dynamodb_undo_log()
    dynamodb = boto3.client("dynamodb")
    dynamodb.create_table(
        TableName="t",
        KeySchema=[
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )

    def key(name: str) -> dict:
        return {"pk": {"S": "p"}, "sk": {"S": name}}

    for name, value in (("changed", "before"), ("deleted", "kept"), ("bystander", "same")):
        dynamodb.put_item(TableName="t", Item={**key(name), "v": {"S": value}})
    written_first = [
        {"Put": {"TableName": "t", "Item": {**key("new"), "v": {"S": "new"}}}},
        {
            "Update": {
                "TableName": "t",
                "Key": key("changed"),
                "UpdateExpression": "SET v = :v",
                "ExpressionAttributeValues": {":v": {"S": "after"}},
            }
        },
        {"Delete": {"TableName": "t", "Key": key("deleted")}},
    ]
    failing = {
        "ConditionCheck": {
            "TableName": "t",
            "Key": key("missing"),
            "ConditionExpression": "attribute_exists(pk)",
        }
    }
    with pytest.raises(dynamodb.exceptions.TransactionCanceledException):
        dynamodb.transact_write_items(TransactItems=[*written_first, failing])

    def stored() -> dict[str, str]:
        items = dynamodb.query(
            TableName="t",
            KeyConditionExpression="pk = :p",
            ExpressionAttributeValues={":p": {"S": "p"}},
        )["Items"]
        return {i["sk"]["S"]: i["v"]["S"] for i in items}

    assert stored() == {"changed": "before", "deleted": "kept", "bystander": "same"}
    dynamodb.transact_write_items(TransactItems=written_first)
    assert stored() == {"changed": "after", "new": "new", "bystander": "same"}


def test_rate_schedules_fire_on_their_own_and_cron_ones_on_demand(tmp_path, monkeypatch):
    assert [schedules.period_seconds(e) for e in ("rate(5 minutes)", "rate(1 hour)")] == [
        300,
        3600,
    ]
    assert schedules.period_seconds("cron(0 2 * * ? *)") is None
    fired: list[tuple[str, Any]] = []
    monkeypatch.setattr(schedules, "invoke_async", lambda name, event: fired.append((name, event)))
    monkeypatch.setitem(schedules._UNIT_SECONDS, "minute", 0.1)  # a tenth of a second
    registry = FunctionRegistry("us-east-1")
    registry.add(_gated_function(tmp_path, "Scheduled", concurrency=1))
    scheduler = schedules.Scheduler(
        [
            Schedule("Scheduled.Sweep", "Scheduled", "rate(1 minute)", {"job": "outbox"}),
            Schedule("Scheduled.Nightly", "Scheduled", "cron(0 2 * * ? *)", None),
        ],
        registry,
        "us-east-1",
    )
    scheduler.start()
    threading.Event().wait(0.35)
    scheduler.stop()
    count = len(fired)
    assert 2 <= count <= 4 and set(map(str, fired)) == {str(("gated-fn", {"job": "outbox"}))}
    threading.Event().wait(0.25)
    assert len(fired) == count  # stopped


def _template_user_pool(mfa: str) -> tuple[Any, str, str]:
    """The template's user pool and app client, provisioned the local cloud's way with
    HrMfa=``mfa``, and one confirmed user ``mfa.user``."""
    from infra.localcloud.emulator import install_cognito_mfa_setup
    from infra.localcloud.provision import Provisioner
    from tests.support import ROOT, TEMPLATE

    install_cognito_mfa_setup()
    resources = {k: TEMPLATE["Resources"][k] for k in ("UserPool", "UserPoolClient")}
    provisioner = Provisioner(
        {**TEMPLATE, "Resources": resources},
        ROOT,
        endpoint=None,
        region="us-east-1",
        stack_name="unit",
        parameters={"HrMfa": mfa},
        functions=FunctionRegistry("us-east-1"),
    )
    provisioner.user_pools()
    pool, client = provisioner.result.user_pool_id, provisioner.result.user_pool_client_id
    cognito = boto3.client("cognito-idp", region_name="us-east-1")
    cognito.admin_create_user(UserPoolId=pool, Username="mfa.user", MessageAction="SUPPRESS")
    cognito.admin_set_user_password(
        UserPoolId=pool, Username="mfa.user", Password="Mfa-user-pass-1", Permanent=True
    )
    return cognito, pool, client


def _password_sign_in(cognito: Any, client: str) -> dict[str, Any]:
    return dict(
        cognito.initiate_auth(
            ClientId=client,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "mfa.user", "PASSWORD": "Mfa-user-pass-1"},
        )
    )


def test_a_pool_with_mfa_on_makes_a_new_user_set_up_an_authenticator_then_asks_for_codes(
    aws, monkeypatch
):
    from tests.support.totp import fresh_totp, wrong_totp

    monkeypatch.setenv("MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP", "true")
    cognito, pool, client = _template_user_pool("ON")
    assert cognito.get_user_pool_mfa_config(UserPoolId=pool)["MfaConfiguration"] == "ON"

    first = _password_sign_in(cognito, client)
    assert "AuthenticationResult" not in first
    assert first["ChallengeName"] == "MFA_SETUP"
    assert json.loads(first["ChallengeParameters"]["MFAS_CAN_SETUP"]) == ["SOFTWARE_TOKEN_MFA"]
    # A wrong password is still refused before any MFA step.
    with pytest.raises(cognito.exceptions.NotAuthorizedException):
        cognito.initiate_auth(
            ClientId=client,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "mfa.user", "PASSWORD": "Wrong-pass-123"},
        )

    associated = cognito.associate_software_token(Session=first["Session"])
    secret = associated["SecretCode"]
    with pytest.raises(cognito.exceptions.CodeMismatchException):
        cognito.verify_software_token(Session=associated["Session"], UserCode=wrong_totp(secret))
    verified = cognito.verify_software_token(
        Session=associated["Session"], UserCode=fresh_totp(secret)
    )
    assert verified["Status"] == "SUCCESS"
    signed_in = cognito.respond_to_auth_challenge(
        ClientId=client,
        ChallengeName="MFA_SETUP",
        Session=verified["Session"],
        ChallengeResponses={"USERNAME": "mfa.user"},
    )
    assert signed_in["AuthenticationResult"]["IdToken"]

    # From now on the password leads to the code, and only the right code signs in.
    second = _password_sign_in(cognito, client)
    assert second["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    with pytest.raises(cognito.exceptions.CodeMismatchException):
        cognito.respond_to_auth_challenge(
            ClientId=client,
            ChallengeName="SOFTWARE_TOKEN_MFA",
            Session=second["Session"],
            ChallengeResponses={
                "USERNAME": "mfa.user",
                "SOFTWARE_TOKEN_MFA_CODE": wrong_totp(secret),
            },
        )
    done = cognito.respond_to_auth_challenge(
        ClientId=client,
        ChallengeName="SOFTWARE_TOKEN_MFA",
        Session=second["Session"],
        ChallengeResponses={"USERNAME": "mfa.user", "SOFTWARE_TOKEN_MFA_CODE": fresh_totp(secret)},
    )
    assert done["AuthenticationResult"]["AccessToken"]


def test_the_withheld_tokens_of_a_user_who_must_set_up_mfa_are_not_valid(aws):
    cognito, _, client = _template_user_pool("ON")
    before = {p.id: set(p.access_tokens) for p in _pools()}
    _password_sign_in(cognito, client)
    assert {p.id: set(p.access_tokens) for p in _pools()} == before


def _pools() -> list[Any]:
    import os

    from moto.cognitoidp.models import cognitoidp_backends

    return list(cognitoidp_backends[os.environ["MOTO_ACCOUNT_ID"]]["us-east-1"].user_pools.values())


def test_an_optional_pool_signs_in_with_the_password_until_the_user_turns_mfa_on(aws, monkeypatch):
    from tests.support.totp import fresh_totp

    monkeypatch.setenv("MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP", "true")
    cognito, _, client = _template_user_pool("OPTIONAL")
    tokens = _password_sign_in(cognito, client)["AuthenticationResult"]
    secret = cognito.associate_software_token(AccessToken=tokens["AccessToken"])["SecretCode"]
    cognito.verify_software_token(AccessToken=tokens["AccessToken"], UserCode=fresh_totp(secret))
    cognito.set_user_mfa_preference(
        AccessToken=tokens["AccessToken"],
        SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True},
    )
    assert _password_sign_in(cognito, client)["ChallengeName"] == "SOFTWARE_TOKEN_MFA"

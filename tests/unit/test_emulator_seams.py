"""moto's gaps, filled: S3 notifications, EventBridge rules and Lambda Invoke reach the
real handler in-process."""

import json
import threading
from pathlib import Path
from urllib.parse import unquote_plus

import boto3
import pytest

from infra.localcloud.emulator import _install_seams, install_dynamodb_undo_log
from infra.localcloud.functions import FunctionRegistry, LocalFunction

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

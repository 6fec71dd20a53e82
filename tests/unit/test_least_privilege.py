"""Each function's IAM policy (template.yaml) allows what its code does and no more: every
AWS call a function makes (the portal on every route, the answer recorder, the import
worker, sealing and checking a letter) is recorded and checked against the template's
statements - actions, for DynamoDB the key prefixes (dynamodb:LeadingKeys) it may read or
write, and for KMS the key it may use."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from fnmatch import fnmatchcase
from typing import Any

import boto3
import pytest
from botocore.client import BaseClient

from hireflow.platform import sealing
from hireflow.recruiting.model import ImportJobRepository
from infra.localcloud.template import resources_of_type
from tests.support import TEMPLATE, template_function
from tests.support.builders import invited
from tests.unit.test_import_worker import started
from tests.unit.test_portal import PHONE, Portal, put, s3_event, verified

QUESTIONS = ("intro", "damaged-order", "difficult-teammate")
# SAM policy templates the template uses, as the actions they grant.
SAM_POLICY_ACTIONS = {
    "EventBridgePutEventsPolicy": ["events:PutEvents"],
    "LambdaInvokePolicy": ["lambda:InvokeFunction"],
}


def _leading_keys(operation: str, params: dict[str, Any]) -> list[tuple[str, str]]:
    """(IAM action, partition key value) for each item a DynamoDB call touches."""
    if operation in ("GetItem", "DeleteItem", "UpdateItem"):
        return [(operation, params["Key"]["pk"]["S"])]
    if operation == "PutItem":
        return [(operation, params["Item"]["pk"]["S"])]
    if operation == "Query":
        names = {v: k for k, v in params.get("ExpressionAttributeNames", {}).items()}
        for name in ("pk", "gsi1pk", "gsi2pk"):
            found = re.search(
                rf"{re.escape(names.get(name, name))} = (:\w+)", params["KeyConditionExpression"]
            )
            if found:
                return [(operation, params["ExpressionAttributeValues"][found[1]]["S"])]
        raise AssertionError(f"no partition key in {params['KeyConditionExpression']}")
    if operation == "BatchGetItem":
        return [
            (operation, key["pk"]["S"])
            for request in params["RequestItems"].values()
            for key in request["Keys"]
        ]
    if operation == "BatchWriteItem":
        touched = []
        for requests in params["RequestItems"].values():
            for request in requests:
                if "DeleteRequest" in request:
                    touched.append((operation, request["DeleteRequest"]["Key"]["pk"]["S"]))
                else:
                    touched.append((operation, request["PutRequest"]["Item"]["pk"]["S"]))
        return touched
    if operation == "TransactWriteItems":
        kinds = {"Put": "PutItem", "Update": "UpdateItem", "Delete": "DeleteItem"}
        kinds["ConditionCheck"] = "ConditionCheckItem"
        touched = []
        for item in params["TransactItems"]:
            ((kind, request),) = item.items()
            key = request.get("Key") or request["Item"]
            touched.append((kinds[kind], key["pk"]["S"]))
        return touched
    raise AssertionError(f"DynamoDB {operation} is not an access pattern the portal should use")


def _s3_actions(operation: str, params: dict[str, Any]) -> list[tuple[str, str]]:
    """(IAM action, object key - or the prefix a listing asks for) of an S3 call."""
    if operation == "DeleteObjects":
        return [
            ("s3:DeleteObjectVersion" if o.get("VersionId") else "s3:DeleteObject", o["Key"])
            for o in params["Delete"]["Objects"]
        ]
    if operation == "ListObjectVersions":
        return [("s3:ListBucketVersions", params.get("Prefix", ""))]
    if operation in ("ListObjects", "ListObjectsV2"):
        return [("s3:ListBucket", params.get("Prefix", ""))]
    action = {"HeadObject": "GetObject"}.get(operation, operation)
    if action == "GetObject" and params.get("VersionId"):
        action = "GetObjectVersion"
    return [(f"s3:{action}", params.get("Key", ""))]


@contextmanager
def recorded_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, str]]]:
    """(IAM action, what it touches) for every AWS call made inside the block."""
    calls: list[tuple[str, str]] = []
    make_api_call = BaseClient._make_api_call

    def record(client: BaseClient, operation: str, params: dict[str, Any]) -> Any:
        service = client.meta.service_model.signing_name
        if service == "dynamodb":
            calls.extend((f"dynamodb:{a}", key) for a, key in _leading_keys(operation, params))
        elif service == "s3":
            calls.extend(_s3_actions(operation, params))
        elif service == "kms":
            calls.append((f"kms:{operation}", params.get("KeyId", "")))
        elif service == "lambda":  # the API's Invoke is IAM's InvokeFunction
            action = {"Invoke": "InvokeFunction"}.get(operation, operation)
            calls.append((f"lambda:{action}", params.get("FunctionName", "")))
        else:
            calls.append((f"{service}:{operation}", ""))
        return make_api_call(client, operation, params)

    with monkeypatch.context() as patched:
        patched.setattr(BaseClient, "_make_api_call", record)
        yield calls


def _statements(logical_id: str) -> list[dict[str, Any]]:
    statements: list[dict[str, Any]] = []
    for policy in TEMPLATE["Resources"][logical_id]["Properties"]["Policies"]:
        if "Statement" in policy:
            statements += policy["Statement"]
            continue
        ((name, _),) = policy.items()
        assert name in SAM_POLICY_ACTIONS, f"{logical_id} uses {name}: say what it grants here"
        statements.append({"Effect": "Allow", "Action": SAM_POLICY_ACTIONS[name]})
    return statements


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _object_key(resource: Any) -> str:
    """The object key pattern of an S3 object ARN (written with !Sub in the template)."""
    arn = resource["Fn::Sub"] if isinstance(resource, dict) else resource
    # arn:...:::<bucket>/<key> or ${MediaBucket.Arn}/<key>: a bucket name holds no "/".
    return arn.split("/", 1)[1] if "/" in arn else ""


def allows(statements: list[dict[str, Any]], action: str, touched: str) -> bool:
    for statement in statements:
        if statement["Effect"] != "Allow":
            continue
        if not any(fnmatchcase(action, a) for a in _listed(statement["Action"])):
            continue
        if action.startswith("dynamodb:"):
            condition = statement.get("Condition", {}).get("ForAllValues:StringLike", {})
            prefixes = _listed(condition.get("dynamodb:LeadingKeys", []))
            if not any(fnmatchcase(touched, p) for p in prefixes):
                continue
        if action in ("s3:ListBucketVersions", "s3:ListBucket"):  # the prefixes it names
            prefixes = statement.get("Condition", {}).get("StringLike", {}).get("s3:prefix", [])
            if not any(fnmatchcase(touched, p) for p in _listed(prefixes)):
                continue
        elif action.startswith("s3:"):
            keys = [_object_key(r) for r in _listed(statement["Resource"])]
            if not any(fnmatchcase(touched, k) for k in keys):
                continue
        key_arn = {"Fn::GetAtt": [touched, "Arn"]}  # for KMS, touched is the key's logical id
        if action.startswith("kms:") and key_arn not in _listed(statement["Resource"]):
            continue
        return True
    return False


def test_the_candidate_function_may_do_what_the_portal_does_and_nothing_wider(hr, monkeypatch):
    portal = Portal()
    _, locked_token = invited(hr, "Wrong Number", "13900139000")
    _, token = invited(hr, "Li Lei", PHONE)
    with recorded_calls(monkeypatch) as calls:
        assert portal.call("GET", "/api/interview/not-a-real-token")[0] == 404
        assert portal.call("GET", f"/api/interview/{token}")[0] == 200
        wrong = {"phone": "13900000000", "consent": True}
        for _ in range(5):
            portal.call("POST", f"/api/interview/{locked_token}/verify", wrong)
        assert portal.call("POST", f"/api/interview/{token}/alternative", {"reason": "x"})[0] == 200
        session = verified(portal, token)
        assert portal.call("GET", f"/api/interview/{token}/questions", session=session)[0] == 200
        grants = [
            portal.call(
                "POST", f"/api/interview/{token}/answers/{question}/upload", {}, session=session
            )[1]
            for question in QUESTIONS
        ]
        # A reload lost the first answer in flight: recorded as interrupted, then retaken.
        lost = f"/api/interview/{token}/answers/{QUESTIONS[0]}/interrupted"
        assert portal.call("POST", lost, {"attempt": 1}, session=session)[1]["interruptions"] == 1
        grants[0] = portal.call(
            "POST", f"/api/interview/{token}/answers/{QUESTIONS[0]}/upload", {}, session=session
        )[1]
    # The browser's uploads, without their S3 events: /complete finds the objects.
    s3 = boto3.client("s3", region_name="us-east-1")
    for grant in grants:
        s3.put_object(Bucket=os.environ["HIREFLOW_MEDIA_BUCKET"], Key=grant["key"], Body=b"x")
    with recorded_calls(monkeypatch) as completing:
        # After another reload, the page finds its retake's upload arrived after all.
        assert portal.call("POST", lost, {"attempt": 2}, session=session)[1]["state"] == "answered"
        status, body = portal.call("POST", f"/api/interview/{token}/complete", session=session)
        assert status == 200, body

    statements = _statements("CandidateApiFunction")
    denied = sorted(
        {
            (action, re.sub(r"[0-9a-f]{32,}", "<id>", touched))
            for action, touched in calls + completing
            if not allows(statements, action, touched)
        }
    )
    assert denied == [], "the candidate function's policy does not allow these calls"
    # The recording saw the paths that matter (reads, writes, the event to scoring).
    actions = {action for action, _ in calls + completing}
    assert {
        "dynamodb:GetItem",
        "dynamodb:Query",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
    } <= actions
    assert {"events:PutEvents", "ses:SendEmail", "s3:GetObject"} <= actions


def test_the_answer_recorder_may_record_answers_and_nothing_wider(hr, monkeypatch):
    portal = Portal()
    recorder = template_function("AnswerRecordedFunction")
    _, token = invited(hr, "Li Lei", PHONE)
    session = verified(portal, token)
    grant = portal.call(
        "POST", f"/api/interview/{token}/answers/intro/upload", {}, session=session
    )[1]
    uploaded = put(grant["key"])
    with recorded_calls(monkeypatch) as calls:
        result, error = recorder.invoke(s3_event(grant["key"], uploaded), "us-east-1")
        assert error is None and result == {"recorded": 1}
    statements = _statements("AnswerRecordedFunction")
    assert [(a, t) for a, t in calls if not allows(statements, a, t)] == []
    assert {"dynamodb:PutItem", "events:PutEvents"} <= {action for action, _ in calls}


def test_no_function_may_scan_the_table():
    """Every access pattern is a key or a query: no function's policy grants Scan (nor
    SAM's CRUD policy template, which does)."""
    for logical_id, resource in resources_of_type(TEMPLATE, "AWS::Serverless::Function"):
        policies = resource["Properties"].get("Policies", [])
        assert not any("DynamoDBCrudPolicy" in p or "DynamoDBReadPolicy" in p for p in policies)
        for statement in _statements(logical_id):
            assert not any(fnmatchcase("dynamodb:Scan", a) for a in _listed(statement["Action"])), (
                logical_id
            )


def test_the_import_worker_may_import_and_nothing_wider(hr, monkeypatch):
    worker = template_function("CandidateImportFunction")
    _, key = started(hr)
    event = {
        "Records": [
            {
                "eventSource": "aws:s3",
                "eventName": "ObjectCreated:Put",
                "s3": {"bucket": {"name": "b"}, "object": {"key": key, "size": 1}},
            }
        ]
    }
    with recorded_calls(monkeypatch) as calls:
        result, error = worker.invoke(event, "us-east-1")
        assert error is None and result["imported"] > 0
    statements = _statements("CandidateImportFunction")
    denied = sorted({(a, t) for a, t in calls if not allows(statements, a, t)})
    assert denied == []
    assert {"dynamodb:PutItem", "dynamodb:BatchGetItem", "s3:GetObject"} <= {a for a, _ in calls}


def test_the_hr_api_may_administer_users_and_print_review_files_and_nothing_wider(hr, monkeypatch):
    """HQ's user administration (Cognito) and the PDF review file (report from S3,
    the audit entry): every call the HR API makes for them is granted."""
    from tests.unit.test_api_admin import _new_user, _scored_round

    user = _new_user(hr)
    candidate, _ = invited(hr, "陈静")
    _scored_round(candidate["id"])
    with recorded_calls(monkeypatch) as calls:
        path = f"/api/users/{user['user_id']}"
        assert hr.patch(path, "hq.admin", {"role": "hiring_manager"}).status == 200
        assert hr.patch(path, "hq.admin", {"enabled": False}).status == 200
        assert hr.patch(path, "hq.admin", {"enabled": True}).status == 200
        pdf = hr.get(f"/api/candidates/{candidate['id']}/report.pdf", "shanghai.hr")
        assert pdf.status == 200
        searched = hr.get("/api/audit/search", "hq.admin", query={"action": "user."})
        assert searched.status == 200
    statements = _statements("HrApiFunction")
    # The HR API reads and writes the whole table (every context's keys): its DynamoDB
    # grant has no key condition, so only the actions are checked there.
    table = [s for s in statements if "dynamodb:GetItem" in _listed(s["Action"])]
    assert len(table) == 1 and "Condition" not in table[0]
    denied = sorted(
        {
            (a, t)
            for a, t in calls
            if not (
                a in table[0]["Action"] if a.startswith("dynamodb:") else allows(statements, a, t)
            )
        }
    )
    assert denied == []
    assert {
        "cognito-idp:AdminDisableUser",
        "cognito-idp:AdminEnableUser",
        "cognito-idp:AdminRemoveUserFromGroup",
        "cognito-idp:AdminUserGlobalSignOut",
        "s3:GetObject",
    } <= {a for a, _ in calls}


def _key_names(unit_cloud: Any, calls: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """KMS calls with the key id they used replaced by the template's logical id."""
    resolver = unit_cloud.provisioned.resolver
    names = {
        resolver.ref(logical_id): logical_id
        for logical_id, _ in resources_of_type(TEMPLATE, "AWS::KMS::Key")
    }
    return [(a, names.get(t, t) if a.startswith("kms:") else t) for a, t in calls]


def test_the_workflow_may_seal_letters_and_the_hr_api_only_check_them(hr, unit_cloud, monkeypatch):
    """The workflow seals with the sealing key (the letter step), the HR API checks a seal
    against its public half; neither may use any other key, the HR API may not sign."""
    from tests.unit.test_sealing import letter

    def cold_process() -> None:  # the key and certificate are fetched once per process
        sealing._public_key.cache_clear()
        sealing._certificate.cache_clear()

    cold_process()
    with recorded_calls(monkeypatch) as sealed_calls:
        sealed = sealing.configured_sealer().seal(
            letter(), signer_name="Wang Fang", reason="Offer letter", location="Shanghai"
        )
    cold_process()
    with recorded_calls(monkeypatch) as checked_calls:
        assert sealing.configured_sealer().verify(sealed).valid
    sealed_calls = _key_names(unit_cloud, sealed_calls)
    checked_calls = _key_names(unit_cloud, checked_calls)
    assert set(sealed_calls) == {
        ("kms:Sign", "OfferSealingKey"),
        ("kms:GetPublicKey", "OfferSealingKey"),
    }
    assert set(checked_calls) == {("kms:GetPublicKey", "OfferSealingKey")}
    workflow, hr_api = _statements("WorkflowFunction"), _statements("HrApiFunction")
    assert [(a, t) for a, t in sealed_calls + checked_calls if not allows(workflow, a, t)] == []
    assert [(a, t) for a, t in checked_calls if not allows(hr_api, a, t)] == []
    assert not allows(hr_api, "kms:Sign", "OfferSealingKey")
    assert not allows(workflow, "kms:Sign", "DataKey")


def test_the_webhook_function_reads_subscriptions_and_writes_its_log_and_nothing_wider(
    hr, unit_cloud, monkeypatch
):
    """Its events: the subscriptions (and their encrypted secrets), the delivery log;
    the data key to decrypt a secret. No other key of the table, no S3, no other key."""
    from hireflow.bootstrap import reset
    from tests.support import sample_event
    from tests.support.subscriber import running_subscriber

    monkeypatch.setenv("HIREFLOW_OUTBOUND_ALLOW_LOOPBACK", "true")
    reset()
    function = template_function("WebhookDeliveryFunction")
    with running_subscriber() as subscriber:
        created = hr.post("/api/webhooks", "hq.admin", {"name": "EHR", "url": subscriber.url})
        assert created.status == 201
        with recorded_calls(monkeypatch) as calls:
            result, error = function.invoke(
                sample_event("webhooks_offer_accepted.json"), "us-east-1"
            )
            assert error is None and result["delivered"] == 1
            assert function.invoke(sample_event("webhooks_offer_accepted.json"), "us-east-1")[
                0
            ] == {
                **result,
                "delivered": 0,
                "duplicates": 1,
            }
    calls = _key_names(unit_cloud, calls)
    statements = _statements("WebhookDeliveryFunction")
    denied = sorted(
        {(a, re.sub(r"[0-9a-f]{32}", "<id>", t)) for a, t in calls if not allows(statements, a, t)}
    )
    assert denied == []
    assert {
        ("kms:Decrypt", "DataKey"),
        ("dynamodb:PutItem", f"WEBHOOK#{created.json['subscription']['id']}"),
    } <= set(calls)
    assert not any(a.startswith("s3:") for a, _ in calls)


def test_the_hr_api_may_encrypt_integration_secrets_with_the_data_key_only(
    hr, unit_cloud, monkeypatch
):
    with recorded_calls(monkeypatch) as calls:
        assert (
            hr.post(
                "/api/webhooks", "hq.admin", {"name": "EHR", "url": "https://93.184.216.34/hook"}
            ).status
            == 201
        )
        robot = {
            "kind": "wecom",
            "name": "群",
            "url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k-123456789",
        }
        assert hr.post("/api/branches/shanghai/robots", "shanghai.hr", robot).status == 201
    kms = [(a, t) for a, t in _key_names(unit_cloud, calls) if a.startswith("kms:")]
    assert set(kms) == {("kms:Encrypt", "DataKey")}
    statements = _statements("HrApiFunction")
    assert all(allows(statements, a, t) for a, t in kms)
    assert not allows(statements, "kms:Encrypt", "OfferSealingKey")


def test_the_candidate_function_may_run_the_new_hire_portal_and_nothing_wider(hr, monkeypatch):
    """Every route of the new hire's portal - a lock that tells HR, the grant, "I uploaded
    it" asking the checking function - within the candidate function's grants; it never
    reads a document."""
    from tests.support.new_hires import NewHirePage, welcomed

    _, _, token = welcomed(hr)
    _, _, locked_token = welcomed(hr, phone="13900139222")
    with recorded_calls(monkeypatch) as calls:
        assert NewHirePage("not-a-real-token").call("GET")[0] == 404
        assert NewHirePage(token).call("GET")[0] == 200
        for _ in range(5):
            NewHirePage(locked_token).call("POST", "/verify", {"phone": "13900000000"})
        page = NewHirePage(token).verify()
        assert page.call("GET", "/notice")[0] == 200
        assert page.call("GET", "/checklist")[0] == 200
        status, grant = page.grant("id-card", "application/pdf", 1000)
        assert status == 200, grant
        assert page.call("POST", "/documents/id-card/uploaded")[0] == 200
    statements = _statements("CandidateApiFunction")
    denied = sorted(
        {
            (action, re.sub(r"[0-9a-f]{32,}", "<id>", touched))
            for action, touched in calls
            if not allows(statements, action, touched)
        }
    )
    assert denied == [], "the candidate function's policy does not allow these calls"
    actions = {action for action, _ in calls}
    assert {"dynamodb:Query", "dynamodb:PutItem", "ses:SendEmail", "lambda:InvokeFunction"} <= (
        actions
    )
    assert not any(a.startswith("s3:Get") for a in actions)
    assert not allows(statements, "s3:GetObject", grant["key"])


def test_the_document_checker_may_judge_documents_and_nothing_wider(hr, monkeypatch):
    """A superseded upload and a refused one (both deleted), then one that passes: the
    checking function reads and deletes documents, and writes the employee's items only."""
    from tests.support.new_hires import NewHirePage, png, welcomed

    checker = template_function("DocumentUploadedFunction")
    _, _, token = welcomed(hr)
    page = NewHirePage(token).verify()
    s3 = boto3.client("s3", region_name="us-east-1")
    bucket = os.environ["HIREFLOW_MEDIA_BUCKET"]
    uploads = []
    for body in (png(), b"not a picture"):
        grant = page.grant("id-card", "image/png", len(body))[1]
        s3.put_object(Bucket=bucket, Key=grant["key"], Body=body)
        uploads.append(grant["key"])
    with recorded_calls(monkeypatch) as calls:
        for key in uploads:
            result, error = checker.invoke({"check": key}, "us-east-1")
            assert error is None and result == {"received": 0}, result
    grant = page.grant("id-card", "image/png", 100)[1]
    put = s3.put_object(Bucket=bucket, Key=grant["key"], Body=png())
    event = {
        "Records": [
            {
                "eventSource": "aws:s3",
                "s3": {
                    "bucket": {"name": bucket},
                    "object": {"key": grant["key"], "versionId": put["VersionId"]},
                },
            }
        ]
    }
    with recorded_calls(monkeypatch) as passing:
        result, error = checker.invoke(event, "us-east-1")
        assert error is None and result == {"received": 1}, result
    statements = _statements("DocumentUploadedFunction")
    denied = sorted(
        {
            (a, re.sub(r"[0-9a-f]{32,}", "<id>", t))
            for a, t in calls + passing
            if not allows(statements, a, t)
        }
    )
    assert denied == []
    actions = {a for a, _ in calls + passing}
    assert {"s3:GetObjectVersion", "s3:DeleteObjectVersion", "s3:ListBucketVersions"} <= actions
    assert {"dynamodb:PutItem", "dynamodb:Query"} <= actions


def test_the_hr_api_may_review_documents_and_nothing_wider(hr, monkeypatch):
    """HR's side of a new hire's documents: the list, a download (presigned: no read by
    the function itself), approve, reject (an SMS to the new hire) and a fresh link."""
    from tests.support.new_hires import received_document

    employee, document = received_document(hr)
    base = f"/api/employees/{employee.id}"
    for user in ("shanghai.hr", "hq.hr"):
        hr.claims(user)  # the test's own look-up of the users' groups, not the function's
    with recorded_calls(monkeypatch) as calls:
        assert hr.get(f"{base}/documents", "shanghai.hr").status == 200
        assert hr.get(f"{base}/documents/{document.id}/download", "shanghai.hr").status == 200
        assert (
            hr.post(f"{base}/documents/{document.id}/reject", "shanghai.hr", {"reason": "x"}).status
            == 200
        )
        assert hr.post(f"{base}/onboarding/link", "hq.hr").status == 200
    statements = _statements("HrApiFunction")
    denied = sorted(
        {(a, t) for a, t in calls if not a.startswith("dynamodb:") and not allows(statements, a, t)}
    )
    assert denied == []
    assert {"ses:SendEmail", "sns:Publish"} <= {a for a, _ in calls}


def test_resume_uploads_and_the_import_worker_may_store_resumes_and_nothing_wider(hr, monkeypatch):
    """Presigned POSTs are signed with the granting function's role: the HR API's and the
    candidate API's may write résumés (tagged); the import worker reads the archive and
    writes each row's résumé."""
    import io
    import zipfile

    from tests.workbooks import workbook

    key = "resumes/" + "a" * 32 + "/" + "b" * 32 + ".pdf"
    for function in ("HrApiFunction", "CandidateApiFunction"):
        statements = _statements(function)
        assert allows(statements, "s3:PutObject", key)
        assert allows(statements, "s3:PutObjectTagging", key)
    assert not allows(_statements("CandidateApiFunction"), "s3:GetObject", key)
    assert allows(_statements("HrApiFunction"), "s3:GetObjectVersion", key)  # the download
    grant = hr.post("/api/candidates/import/resume-archive", "shanghai.hr").json
    assert allows(_statements("HrApiFunction"), "s3:PutObject", grant["key"])
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("cv.pdf", b"%PDF-1.7\n%%EOF\n")
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.put_object(
        Bucket=os.environ["HIREFLOW_MEDIA_BUCKET"], Key=grant["key"], Body=packed.getvalue()
    )
    rows = [
        ["姓名", "手机", "邮箱", "应聘岗位", "简历"],
        ["李雷", 13800138201, "a@example.com", "客户服务专员", "cv.pdf"],
    ]
    with recorded_calls(monkeypatch) as asking:
        reply = hr.post(
            "/api/candidates/import",
            "shanghai.hr",
            binary=workbook(rows),
            headers={"Content-Type": "application/octet-stream"},
            query={"resume_archive": grant["archive_id"]},
        )
        assert reply.status == 202, reply
    hr_statements = _statements("HrApiFunction")
    assert [
        (a, t) for a, t in asking if a.startswith("s3:") and not allows(hr_statements, a, t)
    ] == []
    job = ImportJobRepository().get(reply.json["id"])
    event = {
        "Records": [
            {
                "eventSource": "aws:s3",
                "eventName": "ObjectCreated:Put",
                "s3": {"bucket": {"name": "b"}, "object": {"key": job.file_key, "size": 1}},
            }
        ]
    }
    with recorded_calls(monkeypatch) as calls:
        result, error = template_function("CandidateImportFunction").invoke(event, "us-east-1")
        assert error is None and result["imported"] == 1, result
    statements = _statements("CandidateImportFunction")
    assert sorted({(a, t) for a, t in calls if not allows(statements, a, t)}) == []
    assert {"s3:GetObject", "s3:PutObject"} <= {a for a, _ in calls}


def _denied(logical_id: str, calls: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The calls the function's policy does not grant; its DynamoDB grants have no key
    condition (the privacy holders reach every context's items), so only their actions
    are checked there."""
    statements = _statements(logical_id)
    table = {a for s in statements for a in _listed(s["Action"]) if str(a).startswith("dynamodb:")}
    return sorted(
        {
            (a, re.sub(r"[0-9a-f]{32,}", "<id>", t))
            for a, t in calls
            if not (a in table if a.startswith("dynamodb:") else allows(statements, a, t))
        }
    )


def test_the_retention_sweep_may_erase_what_its_holders_keep_and_nothing_wider(hr, monkeypatch):
    from datetime import timedelta

    from hireflow.bootstrap import services
    from hireflow.platform.ids import now
    from hireflow.privacy import reactions
    from tests.unit.test_erasure import _applicant
    from tests.unit.test_talent_pool import ended

    candidate, _, _ = _applicant(hr)
    ended(candidate)  # the sweep erases an application only while it is still ended
    detail = {"candidate_id": candidate["id"], "branch_id": "shanghai",
              "occurred_at": now().isoformat()}  # fmt: skip
    reactions.rejected(services(), detail)
    at = (now() + timedelta(days=800)).isoformat()
    with recorded_calls(monkeypatch) as calls:
        result, error = template_function("ScheduledFunction").invoke(
            {"job": "retention", "at": at}, "us-east-1"
        )
        assert error is None and result["lines"] > 0
    assert _denied("ScheduledFunction", calls) == []
    actions = {a for a, _ in calls}
    assert {"s3:ListBucketVersions", "s3:DeleteObjectVersion"} <= actions
    assert "transcribe:ListTranscriptionJobs" in actions
    # Only under the holders' prefixes: a branch's logo or an export is out of reach.
    statements = _statements("ScheduledFunction")
    assert not allows(statements, "s3:DeleteObjectVersion", "branding/shanghai.png")
    assert not allows(statements, "s3:ListBucketVersions", "exports/x.zip")


def test_the_privacy_function_may_export_and_erase_a_person_and_nothing_wider(hr, monkeypatch):
    from tests.unit.test_erasure import _applicant

    candidate, _, _ = _applicant(hr)
    function = template_function("PrivacyEventsFunction")

    def asked(kind: str) -> dict[str, Any]:
        made = hr.post(
            f"/api/candidates/{candidate['id']}/privacy-requests", "shanghai.hr", {"kind": kind}
        )
        assert made.status == 202, made.text
        return {
            "version": "0",
            "id": "e-" + made.json["id"],
            "detail-type": "data_request.received",
            "source": "hireflow",
            "account": "123456789012",
            "time": "2026-01-01T00:00:00Z",
            "region": "us-east-1",
            "resources": [],
            "detail": {"request_id": made.json["id"], "kind": kind, "branch_id": "shanghai"},
        }

    with recorded_calls(monkeypatch) as calls:
        for kind in ("export", "erasure"):
            _, error = function.invoke(asked(kind), "us-east-1")
            assert error is None, error
    assert _denied("PrivacyEventsFunction", calls) == []
    actions = {a for a, _ in calls}
    assert {"s3:GetObject", "s3:PutObject", "s3:DeleteObjectVersion"} <= actions
    statements = _statements("PrivacyEventsFunction")
    for key in ("offers/c/letter.pdf", "onboarding/e/id-card.jpg"):
        assert allows(statements, "s3:DeleteObjectVersion", key)
        assert allows(statements, "s3:GetObject", key)
        assert allows(statements, "s3:ListBucketVersions", key)


def test_the_hr_api_may_hand_out_an_export_link():
    assert allows(_statements("HrApiFunction"), "s3:GetObject", "exports/r.zip")


def test_the_candidate_function_may_only_append_to_the_audit_trail():
    statements = _statements("CandidateApiFunction")
    assert allows(statements, "dynamodb:PutItem", "AUDIT#shanghai#2026-01")
    for action in ("dynamodb:UpdateItem", "dynamodb:DeleteItem"):
        assert not allows(statements, action, "AUDIT#shanghai#2026-01")

"""A new hire's documents after the upload, on moto: the checks when S3 has the bytes
(the DocumentUploadedFunction's real handler), and HR's side - the list, every download
audited, approve and reject, and who may do any of it."""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import parse_qs, urlparse

import boto3
import pytest

from hireflow.bootstrap import services
from hireflow.onboarding.model import DocumentStatus, TaskStatus
from hireflow.platform.events import EventBridgePublisher
from tests.support import template_function
from tests.support.new_hires import NewHirePage, jpeg, links_sent, pdf, png, welcomed

REGION = "us-east-1"


@pytest.fixture
def published(monkeypatch):
    """The events put on the bus: (detail-type, detail)."""
    seen = []
    publish = EventBridgePublisher.publish

    def recording(self, detail_type, detail):
        publish(self, detail_type, detail)
        seen.append((detail_type, detail))

    monkeypatch.setattr(EventBridgePublisher, "publish", recording)
    return seen


def s3() -> Any:
    return boto3.client("s3", region_name=REGION)


def bucket() -> str:
    return os.environ["HIREFLOW_MEDIA_BUCKET"]


def s3_event(key: str, version_id: str, etag: str = '"e"') -> dict[str, Any]:
    return {
        "Records": [
            {
                "eventSource": "aws:s3",
                "eventName": "ObjectCreated:Post",
                "s3": {
                    "bucket": {"name": bucket()},
                    "object": {"key": key, "size": 1, "versionId": version_id, "eTag": etag},
                },
            }
        ]
    }


def check(key: str, version_id: str) -> dict[str, Any]:
    """S3's object-created event for the upload, handled by the function S3 calls."""
    result, error = template_function("DocumentUploadedFunction").invoke(
        s3_event(key, version_id), REGION
    )
    assert error is None, result
    return result


def upload(page: NewHirePage, task_id: str, content_type: str, body: bytes) -> tuple[str, str]:
    """The browser's upload under a grant (without the policy: moto does not check it;
    the local cloud's test does): (key, version id)."""
    status, grant = page.grant(task_id, content_type, max(len(body), 1))
    assert status == 200, grant
    put = s3().put_object(Bucket=bucket(), Key=grant["key"], Body=body, ContentType=content_type)
    return grant["key"], put["VersionId"]


def versions(key: str) -> list[str]:
    listed = s3().list_object_versions(Bucket=bucket(), Prefix=key)
    return [v["VersionId"] for v in listed.get("Versions", [])]


def document(employee_id: str, key: str):
    document_id = key.rsplit("/", 1)[1].split(".")[0]
    return services().new_hire_portal.new_hires.document(employee_id, document_id)


def received(hr, content_type="application/pdf", body=None, task_id="id-card", **changes):
    """A welcomed new hire whose upload passed the checks: (employee, page, document)."""
    employee, _, token = welcomed(hr, **changes)
    page = NewHirePage(token).verify(changes.get("phone", "13800138000"))
    key, version = upload(page, task_id, content_type, body or pdf())
    assert check(key, version) == {"received": 1}
    return employee, page, document(employee.id, key)


# ------------------------------------------------------------------ the checks


@pytest.mark.parametrize(
    ("content_type", "body"),
    [("application/pdf", pdf()), ("image/png", png()), ("image/jpeg", jpeg())],
    ids=["pdf", "png", "jpeg"],
)
def test_a_real_file_of_its_declared_type_is_received_and_waits_for_hr(hr, content_type, body):
    employee, _, token = welcomed(hr)
    page = NewHirePage(token).verify()
    key, version = upload(page, "id-card", content_type, body)
    assert check(key, version) == {"received": 1}
    stored = document(employee.id, key)
    assert (stored.status, stored.version_id, stored.size) == ("received", version, len(body))
    item = page.item("id-card")
    assert item["status"] == "submitted" and item["document"]["status"] == "received"
    assert versions(key) == [version]
    # Encrypted with the bucket's KMS key (the data key), like every object there.
    head = s3().head_object(Bucket=bucket(), Key=key)
    assert head["ServerSideEncryption"] == "aws:kms"
    # A duplicate event changes nothing; a new grant is refused while HR reviews it.
    assert check(key, version) == {"received": 0}
    assert page.grant("id-card", "application/pdf", 100)[1]["code"] == "document_in_review"


@pytest.mark.parametrize(
    ("declared", "body", "code"),
    [
        ("application/pdf", png(), "file_type_mismatch"),  # a PNG renamed to .pdf
        ("image/png", pdf(), "file_type_mismatch"),
        (
            "application/pdf",
            pdf(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
            "file_pdf_active_content",
        ),
        (
            "application/pdf",
            pdf(b"/OpenAction << /S /J#61vaScript /JS (x) >>"),
            "file_pdf_active_content",
        ),
        (
            "application/pdf",
            pdf(b"/OpenAction << /S /Launch /F (cmd.exe) >>"),
            "file_pdf_active_content",
        ),
        ("application/pdf", pdf()[:-40], "file_pdf_incomplete"),
        ("application/pdf", b"", "file_empty"),
        ("image/png", png()[:-12], "file_image_malformed"),
        ("image/png", png() + b"PK\x03\x04 a zip behind the picture", "file_image_malformed"),
        ("image/jpeg", jpeg()[:-500], "file_image_malformed"),
    ],
    ids=[
        "png-as-pdf",
        "pdf-as-png",
        "javascript",
        "escaped-javascript",
        "launch",
        "truncated-pdf",
        "empty",
        "truncated-png",
        "png-with-zip",
        "truncated-jpeg",
    ],
)
def test_a_file_that_fails_the_checks_is_deleted_and_the_new_hire_told_why(
    hr, declared, body, code
):
    _employee, _, token = welcomed(hr)
    page = NewHirePage(token).verify()
    key, version = upload(page, "id-card", declared, body)
    assert check(key, version) == {"received": 0}
    assert versions(key) == []  # every version of it is gone
    item = page.item("id-card")
    assert item["status"] == "open" and item["checking"] is False
    assert (item["document"]["status"], item["document"]["refusal_code"]) == ("refused", code)
    # The duplicate event is harmless, and the new hire may upload again.
    assert check(key, version) == {"received": 0}
    assert page.grant("id-card", "application/pdf", 100)[0] == 200


def test_a_second_object_under_a_received_key_is_deleted(hr):
    _employee, _page, first = received(hr)
    again = s3().put_object(
        Bucket=bucket(), Key=first.object_key, Body=png(), ContentType="image/png"
    )
    assert check(first.object_key, again["VersionId"]) == {"received": 0}
    assert versions(first.object_key) == [first.version_id]


def test_an_upload_for_an_older_grant_is_refused(hr):
    employee, _, token = welcomed(hr)
    page = NewHirePage(token).verify()
    older = page.grant("id-card", "application/pdf", 500)[1]
    newer = page.grant("id-card", "application/pdf", 500)[1]
    put = s3().put_object(Bucket=bucket(), Key=older["key"], Body=pdf())
    assert check(older["key"], put["VersionId"]) == {"received": 0}
    assert document(employee.id, older["key"]).refusal_code == "document_superseded"
    put = s3().put_object(Bucket=bucket(), Key=newer["key"], Body=pdf())
    assert check(newer["key"], put["VersionId"]) == {"received": 1}


def test_i_uploaded_it_is_checking_until_the_checks_have_judged(hr):
    _employee, _, token = welcomed(hr)
    page = NewHirePage(token).verify()
    key, _version = upload(page, "id-card", "application/pdf", pdf())
    status, item = page.call("POST", "/documents/id-card/uploaded")
    assert status == 200 and item["checking"] is True and item["status"] == "open"
    # The checking function (asked by the portal, or S3's event) looks at it.
    result, error = template_function("DocumentUploadedFunction").invoke({"check": key}, REGION)
    assert error is None and result == {"received": 1}
    assert page.item("id-card")["status"] == "submitted"
    # Said again: nothing changes.
    status, item = page.call("POST", "/documents/id-card/uploaded")
    assert (status, item["checking"], item["status"]) == (200, False, "submitted")


# ------------------------------------------------------------------ HR's side


def test_hr_sees_metadata_only_and_every_download_is_audited(hr):
    employee, _, doc = received(hr)
    listed = hr.get(f"/api/employees/{employee.id}/documents", "shanghai.hr")
    assert listed.status == 200
    (view,) = listed.json
    assert (view["id"], view["task_id"], view["status"]) == (doc.id, "id-card", "received")
    assert view["actions"] == ["download", "approve", "reject"]
    assert "url" not in view and "key" not in view
    path = f"/api/employees/{employee.id}/documents/{doc.id}/download"
    for user in ("shanghai.hr", "hq.hr", "shanghai.hr"):
        got = hr.get(path, user)
        assert got.status == 200, got.text
        assert got.json["expires_in"] == 60
        query = parse_qs(urlparse(got.json["url"]).query)
        assert query["versionId"] == [doc.version_id]
        assert query["response-content-disposition"] == ['attachment; filename="id-card.pdf"']
        assert query["X-Amz-Expires"] == ["60"]
    trail = hr.get("/api/audit/search", "hq.hr", query={"action": "read.document"}).json["items"]
    assert sorted((e["actor"], e["entity_id"]) for e in trail) == sorted(
        [("shanghai.hr", doc.id), ("hq.hr", doc.id), ("shanghai.hr", doc.id)]
    )
    assert all(e["branch_id"] == "shanghai" for e in trail)


def test_approving_completes_the_document_task(hr, published):
    employee, page, doc = received(hr)
    approved = hr.post(f"/api/employees/{employee.id}/documents/{doc.id}/approve", "shanghai.hr")
    assert approved.status == 200, approved.text
    assert approved.json["status"] == "approved" and approved.json["reviewed_by"] == "shanghai.hr"
    plan = services().new_hire_portal.onboarding.plan(employee.id)
    task = plan.task("id-card")
    assert task.status == TaskStatus.DONE and task.done_by == hr.user_id("shanghai.hr")
    completed = [d for t, d in published if t == "onboarding.task_completed"]
    assert [(d["employee_id"], d["task_id"], d["kind"], d["owner"]) for d in completed] == [
        (employee.id, "id-card", "document", "new_hire")
    ]
    assert page.item("id-card")["status"] == "done"
    # Approved once: again is a conflict, and nothing more is published.
    again = hr.post(f"/api/employees/{employee.id}/documents/{doc.id}/approve", "shanghai.hr")
    assert (again.status, again.json["code"]) == (409, "document_not_in_review")
    assert len([t for t, _ in published if t == "onboarding.task_completed"]) == 1
    trail = hr.get("/api/audit/search", "shanghai.hr", query={"action": "document."}).json
    assert [e["action"] for e in trail["items"]] == ["document.approve"]


def test_rejecting_opens_the_task_again_and_asks_the_new_hire_with_the_reason(hr, published):
    employee, page, doc = received(hr, locale="en")
    before = len(hr.outbox(employee.email)), len(hr.outbox(employee.phone))
    path = f"/api/employees/{employee.id}/documents/{doc.id}/reject"
    assert hr.post(path, "shanghai.hr", {"reason": " "}).status == 422
    rejected = hr.post(path, "shanghai.hr", {"reason": "The photo is blurred; scan it again."})
    assert rejected.status == 200, rejected.text
    assert rejected.json["status"] == "rejected"
    told = hr.outbox(employee.email)[before[0] :] + hr.outbox(employee.phone)[before[1] :]
    assert sorted(m["channel"] for m in told) == ["email", "sms"]
    email = next(m for m in told if m["channel"] == "email")
    assert email["subject"] == "Please upload your A copy of your ID card again"
    assert "The photo is blurred; scan it again." in email["body"]
    # A fresh link (the first token is not kept), which opens the same portal.
    fresh = links_sent([email], employee.email)[0]
    assert fresh != page.token
    again = NewHirePage(fresh).verify()
    item = again.item("id-card")
    assert item["status"] == "open"
    assert item["document"]["rejection_reason"] == "The photo is blurred; scan it again."
    assert [t for t, _ in published if t.startswith("onboarding.")] == []
    key, version = upload(again, "id-card", "image/jpeg", jpeg())
    assert check(key, version) == {"received": 1}
    assert again.item("id-card")["status"] == "submitted"
    # Rejected once: a repeated request sends nothing more.
    assert hr.post(path, "shanghai.hr", {"reason": "again"}).status == 409
    assert len(hr.outbox(employee.email)) == before[0] + 1


def test_only_hr_of_the_branch_and_hq_reach_the_documents(hr):
    employee, _, doc = received(hr)
    base = f"/api/employees/{employee.id}"
    reads = [f"{base}/documents", f"{base}/documents/{doc.id}/download"]
    writes = [
        (f"{base}/documents/{doc.id}/approve", None),
        (f"{base}/documents/{doc.id}/reject", {"reason": "no"}),
        (f"{base}/onboarding/link", None),
    ]
    # Another branch's HR: the employee does not exist for them.
    for path in reads:
        assert hr.get(path, "shenzhen.hr").status == 404
    for path, body in writes:
        assert hr.post(path, "shenzhen.hr", body).status == 404
    # Roles that never look after documents: reading finds nothing, changing is refused.
    for user in ("shanghai.interviewer", "shanghai.it", "shanghai.manager", "gm.approver"):
        for path in reads:
            assert hr.get(path, user).status == 404, (user, path)
        for path, body in writes:
            reply = hr.post(path, user, body)
            assert (reply.status, reply.json["code"]) == (403, "role_required"), (user, path)
    assert document(employee.id, doc.object_key).status == DocumentStatus.RECEIVED
    assert hr.get("/api/audit/search", "hq.hr", query={"action": "document."}).json["items"] == []
    assert hr.get(reads[0], "hq.admin").status == 200


def test_i_uploaded_it_answers_with_the_check_that_landed_meanwhile(hr, monkeypatch):
    """S3's event is judged while the portal answers "I uploaded it": the answer is the
    submitted task, never an open task whose upload was received (the page would offer
    to upload it again)."""
    from hireflow.onboarding.uploads import DocumentUploads

    def checked_meanwhile(uploads, key):
        assert services().document_checks.received(key)

    monkeypatch.setattr(DocumentUploads, "_ask_for_check", checked_meanwhile)
    _, _, token = welcomed(hr)
    page = NewHirePage(token).verify()
    upload(page, "id-card", "application/pdf", pdf())
    status, item = page.call("POST", "/documents/id-card/uploaded")
    assert status == 200
    assert (item["status"], item["checking"], item["document"]["status"]) == (
        "submitted",
        False,
        "received",
    )

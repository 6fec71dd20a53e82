"""The new hire's portal on the local cloud: the welcome's link, the phone check, a real
browser upload with the portal's signed form, S3's event to the checking function, and
HR's review - the way a new hire and HR go through it."""

from __future__ import annotations

from typing import Any

import requests

from hireflow.bootstrap import services
from hireflow.onboarding.model import OnboardingDocument
from tests.support.builders import wait_until
from tests.support.client import Client
from tests.support.new_hires import TEMPLATE, hired, links_sent, pdf

PHONE = "13600136777"


def post(grant: dict[str, Any], name: str, body: bytes, **fields: str) -> requests.Response:
    """The browser's POST of a file with the grant's signed form (``fields``: changed)."""
    files = {"file": (name, body, grant["fields"]["Content-Type"])}
    data = {**grant["fields"], **fields}
    return requests.post(grant["url"], data=data, files=files, timeout=10)


def test_an_id_copy_uploaded_in_the_portal_is_checked_and_approved_by_hr(hr: Client) -> None:
    employee, plan = hired("陈静", PHONE)
    assert services().new_hire_portal.welcome(employee, plan, TEMPLATE)
    token = wait_until(lambda: links_sent(hr.outbox(employee.email), employee.email))[-1]
    api = f"{hr.cloud.url}/api/new-hire/{token}"
    assert requests.get(api, timeout=10).json()["position"] == "客户服务专员"
    verified = requests.post(f"{api}/verify", json={"phone": PHONE}, timeout=10)
    assert verified.status_code == 200, verified.text
    headers = {"X-New-Hire-Session": verified.json()["session"]}
    body = pdf()

    def grant(task_id: str, content_type: str = "application/pdf") -> dict[str, Any]:
        reply = requests.post(
            f"{api}/documents/{task_id}/upload",
            json={"content_type": content_type, "size": len(body)},
            headers=headers,
            timeout=10,
        )
        assert reply.status_code == 200, reply.text
        return reply.json()

    def document(granted: dict[str, Any]) -> OnboardingDocument | None:
        return services().new_hire_portal.new_hires.document(employee.id, granted["document_id"])

    # S3 holds the browser to the form: another type, or more than the limit, is refused.
    id_card = grant("id-card")
    refused = post(id_card, "id.html", b"<script></script>", **{"Content-Type": "text/html"})
    assert refused.status_code == 403 and "Policy Condition failed" in refused.text
    untagged = post(id_card, "id.pdf", body, tagging="<Tagging><TagSet/></Tagging>")
    assert untagged.status_code == 403
    too_big = post(id_card, "id.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))
    assert too_big.status_code == 400 and "EntityTooLarge" in too_big.text

    uploaded = post(id_card, "身份证.pdf", body)
    assert uploaded.status_code == 204, uploaded.text
    received = wait_until(lambda: (d := document(id_card)) and d.status == "received" and d)
    assert received.version_id and received.size == len(body)
    s3, bucket = hr.cloud.client("s3"), hr.cloud.physical_id("MediaBucket")
    tags = s3.get_object_tagging(Bucket=bucket, Key=id_card["key"])["TagSet"]
    assert {"Key": "data-class", "Value": "onboarding-document"} in tags
    checklist = requests.get(f"{api}/checklist", headers=headers, timeout=10).json()
    assert next(i for i in checklist if i["id"] == "id-card")["status"] == "submitted"

    # HR of the branch sees it, downloads it (audited), approves it: the task is done.
    base = f"/api/employees/{employee.id}/documents"
    (listed,) = hr.get(base, "shanghai.hr").json
    assert (listed["id"], listed["status"]) == (received.id, "received")
    link = hr.get(f"{base}/{received.id}/download", "shanghai.hr").json
    downloaded = requests.get(link["url"], timeout=10)
    assert downloaded.status_code == 200 and downloaded.content == body
    assert hr.get(base, "shenzhen.hr").status == 404
    approved = hr.post(f"{base}/{received.id}/approve", "shanghai.hr")
    assert approved.status == 200, approved.text
    checklist = requests.get(f"{api}/checklist", headers=headers, timeout=10).json()
    assert next(i for i in checklist if i["id"] == "id-card")["status"] == "done"
    trail = hr.get(f"/api/audit/people/{employee.id}", "shanghai.hr").json
    mine = [e["action"] for e in trail["items"] if e["entity_id"] == received.id]
    assert sorted(mine) == ["document.approve", "read.document"]

    # A diploma with a script in it: "I uploaded it" has the checking function look, and
    # the new hire is told why it was refused; nothing of it is kept.
    diploma = grant("diploma")
    scripted = pdf(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>")
    assert post(diploma, "diploma.pdf", scripted).status_code == 204
    said = requests.post(f"{api}/documents/diploma/uploaded", headers=headers, timeout=10)
    assert said.status_code == 200, said.text
    item = wait_until(
        lambda: next(
            (
                i
                for i in requests.get(f"{api}/checklist", headers=headers, timeout=10).json()
                if i["id"] == "diploma" and i["document"]
            ),
            None,
        )
    )
    assert item["status"] == "open"
    assert item["document"]["refusal_code"] == "file_pdf_active_content"
    assert item["document"]["refusal_params"] == {"features": ["JavaScript"]}
    listed = s3.list_object_versions(Bucket=bucket, Prefix=diploma["key"])
    assert listed.get("Versions", []) == []

"""A person's erasure and export (docs/privacy.md "Requests from a person"): every copy
goes - table items, every S3 version, the person in audit snapshots - the receipt says
what went and what was kept, a repeat changes nothing, a legal hold refuses it."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from typing import Any, ClassVar

import boto3

from hireflow.bootstrap import services
from hireflow.onboarding.personal_data import OnboardingRecords
from hireflow.people.personal_data import EmployeeRecords
from hireflow.platform.ids import new_id, now
from hireflow.privacy.model import DataClass, LegalHold
from hireflow.privacy.personal_data import PersonRef
from tests.support.builders import english_candidate, hired

PHONE, EMAIL, NAME = "13700139999", "erase.me@example.com", "Erase Me"


def _everything(table: str) -> list[dict[str, Any]]:
    """Every item of the table: moto's backend read directly (the app never scans)."""
    from moto.dynamodb.models import dynamodb_backends

    backend = dynamodb_backends["123456789012"]["us-east-1"]
    return [item.to_json()["Attributes"] for item in backend.get_table(table).all_items()]


def _applicant(hr: Any) -> tuple[dict[str, Any], Any, str]:
    candidate = english_candidate(hr, NAME, PHONE, EMAIL)
    bucket = services().settings.media_bucket
    s3 = boto3.client("s3", region_name="us-east-1")
    for body in (b"first take", b"second take"):  # two versions of one recording
        s3.put_object(Bucket=bucket, Key=f"answers/{candidate['id']}/01/q1/1-a.webm", Body=body)
    s3.put_object(Bucket=bucket, Key=f"resumes/{candidate['id']}/r.pdf", Body=b"%PDF cv")
    s3.put_object(Bucket=bucket, Key=f"reports/{candidate['id']}/01/report.json", Body=b"{}")
    return candidate, s3, bucket


def test_an_erasure_leaves_no_trace_and_a_receipt(hr: Any) -> None:
    candidate, s3, bucket = _applicant(hr)
    asked = hr.post(
        f"/api/candidates/{candidate['id']}/privacy-requests", "shanghai.hr", {"kind": "erasure"}
    )
    assert asked.status == 202, asked.text
    assert (
        hr.post(
            f"/api/candidates/{candidate['id']}/privacy-requests",
            "shenzhen.hr",
            {"kind": "erasure"},
        ).status
        == 404
    )

    done = services().data_requests.run(asked.json["id"])

    assert done.status == "done"
    counts = {(line.holder, line.data_class): line.count for line in done.receipt}
    assert counts[("recruiting.applications", "application")] >= 1
    # Copies counted: one recording with two versions (platform.objects.delete_every_version).
    assert counts[("interviews.interviews", "recordings")] == 2
    assert counts[("scoring.reports", "reports")] >= 1
    kept = [line for line in done.receipt if line.action == "kept"]
    assert [line.reason_code for line in kept] == ["consent_proof_kept"]
    table = services().settings.table
    leftovers = [
        i
        for i in _everything(table)
        if any(v in str(i) for v in (PHONE, EMAIL, NAME, candidate["id"] + '"'))
    ]
    assert [i for i in leftovers if PHONE in str(i) or EMAIL in str(i) or NAME in str(i)] == []
    versions = s3.list_object_versions(Bucket=bucket, Prefix="")
    names = [v["Key"] for v in versions.get("Versions", []) + versions.get("DeleteMarkers", [])]
    assert not [n for n in names if candidate["id"] in n]
    # A repeated delivery finds the request finished and changes nothing.
    assert services().data_requests.run(done.id).finished_at == done.finished_at
    shown = hr.get(f"/api/privacy-requests/{done.id}", "shanghai.hr")
    assert shown.status == 200 and shown.json["status"] == "done"
    assert hr.get(f"/api/privacy-requests/{done.id}", "shenzhen.hr").status == 404


def test_a_legal_hold_refuses_the_erasure_with_the_reason(hr: Any) -> None:
    candidate, s3, bucket = _applicant(hr)
    services().data_requests.privacy.holds.put(
        LegalHold(
            subject_id=candidate["id"], branch_id="shanghai", reason="court case 42", placed_by="hq"
        )
    )
    asked = hr.post(
        f"/api/candidates/{candidate['id']}/privacy-requests", "shanghai.hr", {"kind": "erasure"}
    )
    done = services().data_requests.run(asked.json["id"])
    assert (done.status, done.status_code) == ("refused", "legal_hold")
    assert "court case 42" in done.receipt[0].where
    assert s3.list_object_versions(Bucket=bucket, Prefix=f"answers/{candidate['id']}/")["Versions"]


def test_the_export_zip_holds_the_application_the_recordings_and_the_resume(hr: Any) -> None:
    candidate, s3, bucket = _applicant(hr)
    asked = hr.post(
        f"/api/candidates/{candidate['id']}/privacy-requests", "shanghai.hr", {"kind": "export"}
    )
    done = services().data_requests.run(asked.json["id"])
    assert done.status == "done" and done.export_key
    body = s3.get_object(Bucket=bucket, Key=done.export_key)["Body"].read()
    names = zipfile.ZipFile(io.BytesIO(body)).namelist()
    assert f"recruiting.applications/{candidate['id']}/application.json" in names
    link = hr.get(f"/api/privacy-requests/{done.id}/download", "shanghai.hr")
    assert link.status == 200 and link.json["url"].startswith("http")


def test_the_hr_download_of_an_export_is_one_read_export_entry(hr: Any) -> None:
    candidate, _, _ = _applicant(hr)
    asked = hr.post(
        f"/api/candidates/{candidate['id']}/privacy-requests", "shanghai.hr", {"kind": "export"}
    )
    done = services().data_requests.run(asked.json["id"])
    assert hr.get(f"/api/privacy-requests/{done.id}/download", "shanghai.hr").status == 200
    about = services().data_requests.trail.about(candidate["id"], None, 100).items
    reads = [e for e in about if e.action.startswith("read.")]
    assert [(e.action, e.entity, e.entity_id, e.before) for e in reads] == [
        ("read.export", "data_request", done.id, None)
    ]


class OtherBranch:
    """Stands for recruiting's merge: the person also applied in Shenzhen."""

    name = "recruiting.fake_merge"
    classes: ClassVar[dict[DataClass, str]] = {}

    def __init__(self, other_id: str) -> None:
        self.other_id = other_id

    def expand(self, person: PersonRef) -> PersonRef:
        return person.merged(PersonRef(candidate_ids=[self.other_id], branch_ids=["shenzhen"]))

    def export(self, person: PersonRef, bundle: Any) -> None:
        pass

    def erase(self, person: PersonRef, classes: Any, *, anonymise: bool) -> list[Any]:
        return []


def test_a_merged_persons_export_is_for_hq_and_their_erasure_reaches_every_branch(
    hr: Any,
) -> None:
    candidate, s3, bucket = _applicant(hr)
    other_id = new_id()  # the person's application in Shenzhen, merged with this one
    requests = services().data_requests
    merged = dataclasses.replace(requests, holders=[*requests.holders, OtherBranch(other_id)])
    # An earlier export asked through the Shenzhen application.
    earlier = requests.run(requests.create(other_id, "shenzhen", "export", None).id)
    assert earlier.export_key
    assert s3.list_object_versions(Bucket=bucket, Prefix=earlier.export_key).get("Versions")

    export = merged.run(requests.create(candidate["id"], "shanghai", "export", None).id)
    assert export.branch_ids == ["shanghai", "shenzhen"]
    refused = hr.get(f"/api/privacy-requests/{export.id}/download", "shanghai.hr")
    assert (refused.status, refused.json["code"]) == (403, "privacy_export_other_branches")
    assert hr.get(f"/api/privacy-requests/{export.id}/download", "hq.hr").status == 200

    erasure = merged.run(requests.create(candidate["id"], "shanghai", "erasure", None).id)
    line = next(x for x in erasure.receipt if x.holder == "privacy.exports")
    assert line.count >= 2  # this person's Shanghai export and the earlier Shenzhen one
    assert not s3.list_object_versions(Bucket=bucket, Prefix=earlier.export_key).get("Versions")


def test_a_current_employees_record_and_documents_are_kept_until_they_leave(hr: Any) -> None:
    employee = hired(hr)
    holders = services().data_requests.holders
    records = next(h for h in holders if isinstance(h, EmployeeRecords))
    documents = next(h for h in holders if isinstance(h, OnboardingRecords))
    person = PersonRef(employee_ids=[employee.id])
    every = frozenset(DataClass)

    for holder in (records, documents):
        lines = holder.erase(person, every, anonymise=False)
        kept = [x for x in lines if x.action == "kept"]
        assert [(x.reason_code, x.kept_until) for x in kept] == [("employed", None)]
        assert all(x.count == 0 for x in lines if x.action != "kept")
    assert documents.plans.plan(employee.id) is not None
    assert hr.get(f"/api/employees/{employee.id}", "shanghai.hr").json["name"] == employee.name

    left = hr.post(f"/api/employees/{employee.id}/departure", "shanghai.hr",
                   {"left_on": str(now().date()), "reason": "个人原因"})  # fmt: skip
    assert left.status == 201
    for holder in (documents, records):
        lines = holder.erase(person, every, anonymise=False)
        assert [x.action for x in lines] == ["deleted"] and lines[0].count >= 1
    assert documents.plans.plan(employee.id) is None
    assert records.employees.get(employee.id) is None

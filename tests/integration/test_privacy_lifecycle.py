"""Issue 19's done-when on the local cloud, through the product's routes and functions:
the retention sweep fired as ``make tick`` fires it, for a moved clock (before the
period: nothing; after it: the recordings - every version - transcripts and report of a
rejected application gone, the dashboard's counts unchanged; a legal hold keeps all),
then a person's export (the zip) and erasure (no trace in the table, in any object or
version of the buckets, in audit snapshots; a receipt of what went and what was kept)."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta
from typing import Any

import requests

from hireflow.bootstrap import services
from infra.localcloud.__main__ import schedules, tick_payload
from infra.localcloud.cloud import REGION
from infra.localcloud.template import ACCOUNT_ID
from tests.integration.test_lifecycle_e2e import decide, upload_answers
from tests.integration.test_scoring_e2e import interview_to_report
from tests.support.builders import english_candidate, invite, wait_for_status, wait_until
from tests.support.client import Client

TICK = "ScheduledFunction.RetentionSweep"


def tick(hr: Client, days: int) -> dict[str, Any]:
    """``make tick NAME=ScheduledFunction.RetentionSweep AT=<now + days>``."""
    (schedule,) = [s for s in schedules() if s["name"] == TICK]
    at = (datetime.now(UTC) + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert hr.cloud is not None
    result, error = hr.cloud.resources.functions.invoke(
        schedule["function"], tick_payload(schedule, at)
    )
    assert error is None, result
    return result


def versions(hr: Client, prefix: str) -> list[str]:
    """Every version and delete marker under ``prefix`` in the media bucket."""
    s3, bucket = hr.cloud.client("s3"), hr.cloud.physical_id("MediaBucket")
    listed = s3.list_object_versions(Bucket=bucket, Prefix=prefix)
    return [v["VersionId"] for v in listed.get("Versions", []) + listed.get("DeleteMarkers", [])]


def media_of(hr: Client, candidate_id: str) -> dict[str, int]:
    stage = services().settings.stage
    prefixes = {
        "recordings": f"answers/{candidate_id}/",
        "transcripts": f"transcripts/hireflow-{stage}-{candidate_id}-",
        "reports": f"reports/{candidate_id}/",
    }
    return {what: len(versions(hr, prefix)) for what, prefix in prefixes.items()}


def counts(hr: Client) -> Any:
    """The dashboard's counts per branch (what a sweep must not change): its whole
    numbers; durations, which move with the real clock, left out."""

    def whole(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: whole(v) for k, v in value.items() if not isinstance(v, float)}
        if isinstance(value, list):
            return [whole(v) for v in value if not isinstance(v, float)]
        return value

    return whole(hr.get("/api/dashboard", "hq.hr").json)


def finished(hr: Client, request_id: str) -> dict[str, Any]:
    """The request once the PrivacyEventsFunction has run it."""
    path = f"/api/privacy-requests/{request_id}"
    return wait_until(
        lambda: (r := hr.get(path, "shanghai.hr").json)["status"] != "received" and r,
        seconds=60,
    )


def test_retention_and_a_persons_rights_on_the_local_cloud(hr: Client, answer_videos):
    # (a) and (b): two applications interview to a report (scored side by side) and are
    # rejected; HR puts the second under a legal hold.
    swept, held = (interview_to_report(hr, name, answer_videos) for name in ("Swept", "Held"))
    for candidate in (swept, held):
        wait_for_status(hr, candidate["id"], "in_review", seconds=90)
        assert decide(hr, candidate, "shanghai.hr", decision="reject").status == 202
        wait_for_status(hr, candidate["id"], "rejected")
    hold = hr.call("PUT", f"/api/privacy/holds/{held['id']}", "shanghai.hr", {"reason": "Claim"})
    assert hold.status == 200, hold.text
    before = {c["id"]: media_of(hr, c["id"]) for c in (swept, held)}
    # Recordings and the report (the local cloud transcribes in-process: its transcripts
    # are in the report, no transcripts/ objects).
    assert before[swept["id"]]["recordings"] and before[swept["id"]]["reports"], before
    board = counts(hr)

    tick(hr, days=100)  # within the 183 days: nothing goes
    assert {c["id"]: media_of(hr, c["id"]) for c in (swept, held)} == before

    tick(hr, days=190)
    assert media_of(hr, swept["id"]) == {"recordings": 0, "transcripts": 0, "reports": 0}
    assert media_of(hr, held["id"]) == before[held["id"]]
    report = "/api/candidates/{}/report"
    assert hr.get(report.format(swept["id"]), "shanghai.hr").status == 404
    assert hr.get(report.format(held["id"]), "shanghai.hr").status == 200
    assert hr.get(f"/api/candidates/{swept['id']}", "shanghai.hr").status == 200  # anonymised later
    assert counts(hr) == board
    receipts = hr.get("/api/privacy/retention-receipts", "hq.hr").json
    lines = [line for r in receipts[:1] for line in r["lines"]]
    assert any(line["data_class"] == "recordings" and line["held"] >= 1 for line in lines)

    # (c) someone who interviewed asks HR for an export, then for erasure.
    person = english_candidate(hr, "Erin Erasure", email="erin.erasure@example.org")
    invite(hr, person)
    lifecycle = services().portal.lifecycle
    wait_until(lambda: lifecycle.waits.get(person["id"], "interview") is not None)
    upload_answers(hr, person, answer_videos)
    s3, bucket = hr.cloud.client("s3"), hr.cloud.physical_id("MediaBucket")
    # No résumé here: the export reads a résumé through its table item (recruiting's
    # holder); tests/unit/test_erasure.py covers it.
    recordings = [
        o["Key"]
        for o in s3.list_objects_v2(Bucket=bucket, Prefix=f"answers/{person['id']}/")["Contents"]
    ]

    path = f"/api/candidates/{person['id']}/privacy-requests"
    export = finished(hr, hr.post(path, "shanghai.hr", {"kind": "export"}).json["id"])
    assert export["status"] == "done", export
    link = hr.get(f"/api/privacy-requests/{export['id']}/download", "shanghai.hr").json["url"]
    names = zipfile.ZipFile(io.BytesIO(requests.get(link, timeout=10).content)).namelist()
    assert f"recruiting.applications/{person['id']}/application.json" in names
    assert len([n for n in names if n.endswith(".webm")]) >= len(recordings), names

    erasure = finished(hr, hr.post(path, "shanghai.hr", {"kind": "erasure"}).json["id"])
    assert erasure["status"] == "done", erasure
    receipt = erasure["receipt"]
    assert any(r["action"] == "deleted" and r["data_class"] == "recordings" for r in receipt)
    # Kept, and why: the consent ledger as proof; the audit entries, the person stripped.
    why = {(r["action"], r["reason_code"]) for r in receipt}
    assert {("kept", "consent_proof_kept"), ("anonymised", "audit_trail_kept")} <= why

    traces = [person["name"], person["email"], person["phone"], person["phone"].lstrip("+")]
    from moto.dynamodb.models import dynamodb_backends  # the app never scans: read moto

    table = dynamodb_backends[ACCOUNT_ID][REGION].get_table(services().settings.table)
    for item in table.all_items():  # the audit entries' snapshots included
        text = json.dumps(item.to_json()["Attributes"], ensure_ascii=False)
        assert not any(t in text for t in traces), text[:300]
    for name in [b["Name"] for b in s3.list_buckets()["Buckets"]]:
        pages = s3.get_paginator("list_object_versions").paginate(Bucket=name)
        for found in (v for page in pages for v in page.get("Versions", [])):
            if found["Size"] > 2_000_000:
                continue  # recordings of other tests' candidates: media, no text
            body = s3.get_object(Bucket=name, Key=found["Key"], VersionId=found["VersionId"])
            data = body["Body"].read()
            assert not any(t.encode() in data for t in traces), (name, found["Key"])

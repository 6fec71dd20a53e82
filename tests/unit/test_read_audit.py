"""Oversight (docs/privacy.md, "Oversight: who read what"): opening a person's sensitive
data leaves one ``read.<what>`` entry naming the reader and the person; HQ reads a
person's whole trail (branch HR only its own branch's people); the trail is append-only;
a read whose entry cannot be written does not happen."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

from hireflow.api import create_app
from hireflow.audit.model import AuditEntry, AuditRepository
from hireflow.audit.service import record
from hireflow.bootstrap import services
from hireflow.identity.model import Caller, Role
from hireflow.platform import aws
from hireflow.platform.settings import settings
from hireflow.platform.store import AlreadyExists
from hireflow.scoring.reports import report_key
from tests.support import api_event
from tests.support.builders import english_candidate, uploaded_answer
from tests.support.new_hires import received_document
from tests.unit.test_human_oversight import DEADLINE, run
from tests.unit.test_resumes import uploaded


def interviewed(hr, with_report: bool = True) -> str:
    """A Shanghai candidate in round 1 with one recorded answer and a stored AI report."""
    candidate = english_candidate(hr, "Wu Lei", "13800138001")
    run("send_invitation", candidate["id"], deadline=DEADLINE)
    s3, bucket = aws.client("s3"), settings().media_bucket
    key = uploaded_answer(s3, bucket, candidate["id"], "intro", b"recording")
    assert services().portal.record_answer(key) is True
    report = {
        "candidate_id": candidate["id"],
        "round": 1,
        "position_id": candidate["position_id"],
        "template_id": "t",
        "template_version": 1,
        "language": "en",
        "created_at": "2026-01-01T00:00:00+00:00",
        "overall": None,
        "dimensions": [],
        "suggestion": "",
        "integrity_flags": [],
        "key_moments": {},
        "missing_rubric": {},
        "percentile": None,
        "compared_with": 0,
        "answers": [],
        "models": {},
    }
    s3.put_object(
        Bucket=bucket, Key=report_key(candidate["id"], 1, "json"), Body=json.dumps(report)
    )
    return candidate["id"]


def with_resume(hr) -> str:
    candidate = english_candidate(hr, "Li Lei", "13800138002")
    uploaded(hr, candidate["id"])
    return candidate["id"]


def with_document(hr) -> tuple[str, str]:
    employee, document = received_document(hr)
    return employee.id, f"/api/employees/{employee.id}/documents/{document.id}/download"


def trail(hr, subject_id: str, user: str = "hq.hr") -> list[dict]:
    reply = hr.get(f"/api/audit/people/{subject_id}", user, query={"limit": "100"})
    assert reply.status == 200, reply
    return reply.json["items"]


def reads(hr, subject_id: str) -> list[dict]:
    return [e for e in trail(hr, subject_id) if e["action"].startswith("read.")]


# (what, setup -> (subject id, path), reader, the entry's entity)
CASES = [
    ("read.report", lambda hr: (c := interviewed(hr), f"/api/candidates/{c}/report"), "report"),
    (
        "read.recording",
        lambda hr: (c := interviewed(hr), f"/api/candidates/{c}/recordings"),
        "interview",
    ),
    ("read.resume", lambda hr: (c := with_resume(hr), f"/api/candidates/{c}/resume"), "resume"),
    ("read.document", with_document, "onboarding_document"),
]


@pytest.mark.parametrize(("action", "setup", "entity"), CASES, ids=[c[0] for c in CASES])
def test_opening_sensitive_data_leaves_one_entry_naming_the_reader_and_the_person(
    hr, action, setup, entity
):
    subject, path = setup(hr)
    assert reads(hr, subject) == []  # setting up read nothing
    hr.get("/api/candidates", "shanghai.hr")  # a list is not a read of sensitive data
    opened = hr.get(path, "shanghai.hr")
    assert opened.status == 200, opened
    (entry,) = reads(hr, subject)
    assert entry["action"] == action and entry["entity"] == entity
    assert (entry["actor"], entry["subject_id"], entry["branch_id"]) == (
        "shanghai.hr",
        subject,
        "shanghai",
    )
    assert entry["before"] is None and entry["after"] is None
    # HQ's query per user: the same read, by its reader.
    by_user = hr.get(
        "/api/audit/search", "hq.hr", query={"actor": "shanghai.hr", "action": "read."}
    )
    assert [e["id"] for e in by_user.json["items"]] == [entry["id"]]


def test_a_persons_trail_has_their_reads_and_changes_only_and_stays_in_the_branch(hr):
    subject = interviewed(hr)
    other = english_candidate(hr, "Zhou Li", "13800138003")["id"]
    hr.get(f"/api/candidates/{subject}/report", "hq.hr")
    hr.get(f"/api/candidates/{other}", "shanghai.hr")
    entries = trail(hr, subject)
    assert {e["subject_id"] for e in entries} == {subject}
    actions = [e["action"] for e in entries]
    assert actions[0] == "read.report"  # newest first
    assert "candidate.create" in actions and "read.report" in actions, actions
    # Branch HR: their own branch's person, not another branch's; reviewers: nothing.
    assert [e["id"] for e in trail(hr, subject, "shanghai.hr")] == [e["id"] for e in entries]
    for user in ("shenzhen.hr", "shanghai.interviewer"):
        refused = hr.get(f"/api/audit/people/{subject}", user)
        assert refused.status == 404 and refused.json["code"] == "not_found_or_other_branch"
    assert hr.get("/api/audit/people/nobody", "shanghai.hr").status == 404


def test_no_route_updates_or_deletes_audit_entries_and_entries_are_never_written_over(hr):
    app = create_app()
    audit_routes = [
        (r.method, r.path)
        for r in app._static_routes + app._dynamic_routes
        if r.path.startswith("/api/audit")
    ]
    assert audit_routes and all(method == "GET" for method, _ in audit_routes), audit_routes
    # A read's entry is a create: the same key twice is refused, not overwritten.
    entry = AuditEntry(
        actor_id="u", actor="hq.hr", branch_id="shanghai", action="read.report",
        entity="report", entity_id="x", subject_id="c",
    )  # fmt: skip
    AuditRepository().append(entry)
    with pytest.raises(AlreadyExists):
        AuditRepository().append(entry.model_copy(update={"actor": "someone.else"}))
    # A change's entry too (``record`` in the change's unit of work).
    calls: list[str] = []

    class Spy:
        def __getattr__(self, name):
            return lambda *args, **kwargs: calls.append(name)

    hq = Caller(user_id="u", username="hq.hr", roles=(Role.HQ_HR,), branch_id="hq")
    record(Spy(), hq, "candidate.update", branch_id="shanghai", entity=entry, entity_id="x")
    assert calls == ["create"]


def test_a_read_whose_entry_cannot_be_written_fails_and_hands_out_nothing(hr, monkeypatch):
    subject = interviewed(hr)

    def throttled(self, entry):
        error = {"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "slow"}}
        raise ClientError(error, "PutItem")

    monkeypatch.setattr(AuditRepository, "append", throttled)
    event = api_event(
        "GET", f"/api/candidates/{subject}/report", hr.transport.claims("shanghai.hr"), None
    )
    result, error = hr.transport.function.invoke(event, "us-east-1")
    assert error is not None  # the function fails: API Gateway answers 502, no report
    assert "X-Amz-Signature" not in json.dumps(result)

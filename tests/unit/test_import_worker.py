"""The Excel import's worker: progress by batch, per-row results with Excel row numbers,
and a retried run that continues without creating anyone twice."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hireflow.bootstrap import services
from hireflow.platform.ids import now
from hireflow.recruiting import model as recruiting_model
from hireflow.recruiting.importing import BATCH_ROWS, MAX_BYTES, MAX_ROWS
from hireflow.recruiting.model import WORKER_ATTEMPTS, WORKER_SILENCE, ImportJobRepository
from hireflow.recruiting.service import CandidateService
from tests.support import ROOT
from tests.workbooks import workbook

HEADER = ["姓名", "手机", "邮箱", "应聘岗位"]
ROWS = 2 * BATCH_ROWS + 10  # three batches


def book() -> bytes:
    """ROWS people from Excel row 2 on; every tenth has a broken e-mail address, and the
    last repeats the first one's phone number."""
    rows = [
        [
            f"候选人{i}",
            13700000000 + i,
            f"p{i}@example{'' if i % 10 == 9 else '.com'}",
            "客户服务专员",
        ]
        for i in range(ROWS - 1)
    ]
    rows.append(["重复", 13700000000, "again@example.com", "客户服务专员"])
    return workbook([HEADER, *rows])


def started(hr) -> tuple[str, str]:
    reply = hr.post(
        "/api/candidates/import",
        "shanghai.hr",
        binary=book(),
        headers={"Content-Type": "application/octet-stream"},
    )
    assert reply.status == 202, reply
    assert (reply.json["status"], reply.json["done"], reply.json["total"]) == ("queued", 0, ROWS)
    job = ImportJobRepository().get(reply.json["id"])
    assert job is not None and job.file_key.startswith("imports/shanghai/")
    return job.id, job.file_key


def progress(hr, import_id: str) -> dict:
    reply = hr.get(f"/api/candidates/import/{import_id}", "shanghai.hr")
    assert reply.status == 200, reply
    return reply.json


def check_results(result: dict) -> None:
    broken = [i + 2 for i in range(ROWS - 1) if i % 10 == 9]  # Excel rows (header is row 1)
    assert [(e["row"], e["field"]) for e in result["errors"]] == [(r, "email") for r in broken]
    assert [(d["row"], d["field"]) for d in result["duplicates"]] == [(ROWS + 1, "phone")]
    assert len(result["created"]) == ROWS - 1 - len(broken)
    assert result["created"][0] == {**result["created"][0], "row": 2, "name": "候选人0"}


def listed_in_shanghai(hr) -> int:
    count, cursor = 0, None
    while True:
        query = {"branch_id": "shanghai", "limit": "100", **({"cursor": cursor} if cursor else {})}
        page = hr.get("/api/candidates", "shanghai.hr", query=query).json
        count += len(page["items"])
        if not (cursor := page["cursor"]):
            return count


def test_the_worker_imports_in_batches_and_reports_every_row(hr):
    import_id, key = started(hr)
    services().candidate_import.process(key)
    result = progress(hr, import_id)
    assert (result["status"], result["done"], result["total"]) == ("done", ROWS, ROWS)
    check_results(result)
    assert listed_in_shanghai(hr) == len(result["created"])


def test_a_retried_worker_continues_and_creates_nobody_twice(hr, monkeypatch):
    import_id, key = started(hr)
    create = CandidateService.create
    calls = {"n": 0}

    def crashing_in_the_second_batch(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == BATCH_ROWS + 3:
            raise RuntimeError("the function timed out")
        return create(self, *args, **kwargs)

    monkeypatch.setattr(CandidateService, "create", crashing_in_the_second_batch)
    with pytest.raises(RuntimeError):
        services().candidate_import.process(key)
    halfway = progress(hr, import_id)
    assert (halfway["status"], halfway["done"]) == ("running", BATCH_ROWS)
    assert max(c["row"] for c in halfway["created"]) <= BATCH_ROWS + 1
    monkeypatch.setattr(CandidateService, "create", create)

    services().candidate_import.process(key)  # the retry
    result = progress(hr, import_id)
    assert (result["status"], result["done"]) == ("done", ROWS)
    check_results(result)  # rows created before the crash count as created, not duplicates
    services().candidate_import.process(key)  # a duplicate event changes nothing
    assert progress(hr, import_id) == result
    assert listed_in_shanghai(hr) == len(result["created"])


def test_an_import_is_read_by_its_branch_and_hq_only(hr):
    import_id, key = started(hr)
    services().candidate_import.process(key)
    assert hr.get(f"/api/candidates/import/{import_id}", "hq.hr").status == 200
    for outsider in ("shenzhen.hr", "shanghai.interviewer"):
        assert hr.get(f"/api/candidates/import/{import_id}", outsider).status == 404


def test_the_limits_stated_are_the_limits_enforced():
    code = (ROOT / "web/hr/views/import.js").read_text()
    assert f"export const MAX_ROWS = {MAX_ROWS};" in code
    assert f"export const MAX_MB = {MAX_BYTES // 2**20};" in code
    for document in ("README.md", "docs/decisions.md"):
        text = (ROOT / document).read_text()
        assert f"{MAX_ROWS:,} rows" in text and f"{MAX_BYTES // 2**20} MB" in text, document


def test_an_import_whose_last_attempt_fails_says_where_it_stopped(hr, monkeypatch):
    import_id, key = started(hr)
    create = CandidateService.create
    calls = {"n": 0}

    def failing_from_the_second_batch(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] > BATCH_ROWS:
            raise RuntimeError("DynamoDB is unavailable")
        return create(self, *args, **kwargs)

    monkeypatch.setattr(CandidateService, "create", failing_from_the_second_batch)
    for attempt in range(WORKER_ATTEMPTS):  # the first run and Lambda's two retries
        with pytest.raises(RuntimeError):
            services().candidate_import.process(key)
        still = progress(hr, import_id)["status"]
        assert still == ("failed" if attempt == WORKER_ATTEMPTS - 1 else "running")
    result = progress(hr, import_id)
    assert result["done"] == BATCH_ROWS
    assert result["failure"].startswith(f"the import stopped after {BATCH_ROWS} of {ROWS} rows")
    # What the message advises: importing the file again brings in the rest, once each.
    monkeypatch.setattr(CandidateService, "create", create)
    _, again = started(hr)
    services().candidate_import.process(again)
    good_rows = ROWS - 1 - len([i for i in range(ROWS - 1) if i % 10 == 9])
    assert listed_in_shanghai(hr) == good_rows


def test_an_import_nobody_works_on_shows_as_failed(hr, monkeypatch):
    """The upload's event never came (or the last attempt was killed): after the time all
    attempts could take, HR sees it stopped instead of a progress bar that never moves."""
    import_id, _ = started(hr)
    assert progress(hr, import_id)["status"] == "queued"
    later = now() + WORKER_SILENCE + timedelta(seconds=1)
    monkeypatch.setattr(recruiting_model, "now", lambda: later)
    result = progress(hr, import_id)
    assert (result["status"], result["done"]) == ("failed", 0)
    assert result["failure"].startswith(f"the import stopped after 0 of {ROWS} rows")

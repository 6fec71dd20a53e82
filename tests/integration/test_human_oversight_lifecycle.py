"""People take over, on the local cloud with the real state machine: an answer whose
scoring broke is re-run after the fix, and the lifecycle carries on to the report, the
review and a decision (a new execution begun at AwaitScoring)."""

from __future__ import annotations

from hireflow.bootstrap import services
from hireflow.scoring import analysis
from tests.integration.test_scoring_e2e import interview_to_report
from tests.support.builders import wait_for_status, wait_until


def test_a_broken_scoring_is_re_run_after_the_fix_and_the_lifecycle_carries_on(
    hr, answer_videos, monkeypatch
):
    working = analysis.analyse

    def broken(path, question, *args, **kwargs):
        if question.id == "damaged-order":
            raise RuntimeError("decoder crashed")
        return working(path, question, *args, **kwargs)

    monkeypatch.setattr(analysis, "analyse", broken)
    candidate = interview_to_report(hr, "Rescored Candidate", answer_videos)
    cid = candidate["id"]
    stored = wait_for_status(hr, cid, "needs_attention", seconds=120)
    assert stored["status_reason"] == (
        "answer to damaged-order: scoring failed (RuntimeError); the recording is kept"
    )
    first_execution = stored["execution_arn"]

    monkeypatch.setattr(analysis, "analyse", working)  # the fix
    path = f"/api/candidates/{cid}/rounds/1/answers/damaged-order/rescore"
    reply = hr.post(path, "shanghai.hr", None)
    assert reply.status == 202, reply.text
    assert reply.json["lifecycle_resumed"] is True
    wait_for_status(hr, cid, "in_review", seconds=120)

    report = hr.get(f"/api/candidates/{cid}/report", "shanghai.hr").json
    answers = {a["question_id"]: a for a in report["answers"]}
    assert answers["damaged-order"]["assessment"]["scores"] is not None
    assert answers["damaged-order"]["needs_attention"] is None
    assert 0 < report["overall"] <= 100 and report["ai_dropped"] is None
    steps = [s["status"] for s in hr.get(f"/api/candidates/{cid}/timeline", "shanghai.hr").json]
    assert steps[-3:] == ["needs_attention", "completed", "in_review"]
    current = hr.candidate(cid)
    assert current["execution_arn"] != first_execution  # a new execution carried on

    # The decision resumes the new execution as after any interview.
    lifecycle = services().portal.lifecycle
    wait_until(lambda: lifecycle.waits.get(cid, "review") is not None)
    decided = hr.post(f"/api/candidates/{cid}/decision", "shanghai.hr", {"decision": "reject"})
    assert decided.status == 202, decided.text
    wait_for_status(hr, cid, "rejected", seconds=60)

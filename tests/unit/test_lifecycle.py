"""Lifecycle tasks run directly (the state machine's Task payloads), on moto."""

import json
import re

import pytest

from hireflow.bootstrap import services
from hireflow.interviews.steps import CannotInvite
from hireflow.platform import aws
from hireflow.platform.settings import settings
from hireflow.recruiting.model import CandidateStatus
from hireflow.workflow.tasks import UnknownTask
from tests.support import sample_event, template_function
from tests.support.builders import english_candidate, uploaded_answer
from tests.unit.conftest import sent_emails

EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:lifecycle:c1-1"
DEADLINE = "2099-01-01T12:00:00+08:00"


@pytest.fixture
def candidate(hr):
    return english_candidate(hr, "Li Lei", "13800138000")


def run(task, candidate_id, **payload):
    return services().workflow.run({"task": task, "candidate_id": candidate_id, **payload})


def mails_to(address):
    return [m for m in sent_emails() if address in m.destinations["ToAddresses"]]


def test_invitation_sends_a_working_link_once_and_stores_only_its_hash(hr, candidate):
    result = run("send_invitation", candidate["id"], deadline=DEADLINE)
    assert result == {"status": "invited", "round": 1}
    mails = mails_to("li.lei@example.com")
    assert len(mails) == 1
    assert mails[0].subject == "Your video interview for Customer Service Associate"
    assert "2099-01-01 12:00 (UTC+8)" in mails[0].body
    token = re.search(r"/interview/#([\w-]+)", mails[0].body).group(1)
    assert len(token) >= 43  # 256 bits, url-safe
    interviews = services().portal.interviews
    found = interviews.by_token(token)
    assert found.candidate_id == candidate["id"] and found.round == 1
    interview = interviews.interview(candidate["id"], 1)
    assert token not in interview.model_dump_json()
    assert interview.question_ids == ["intro", "damaged-order", "difficult-teammate"]
    # Step Functions retries the task: nothing is sent twice.
    assert run("send_invitation", candidate["id"], deadline=DEADLINE)["round"] == 1
    assert len(mails_to("li.lei@example.com")) == 1


def test_a_position_without_template_cannot_invite(hr, candidate):
    hr.post(
        "/api/positions",
        "shanghai.hr",
        {
            "id": "no-template",
            "branch_id": "shanghai",
            "title": "Porter",
            "competency_model": {"dimensions": [{"key": "a", "name": "A", "weight": 1}]},
        },
    )
    hr.post(
        f"/api/candidates/{candidate['id']}/assign", "shanghai.hr", {"position_id": "no-template"}
    )
    with pytest.raises(CannotInvite, match="no interview template"):
        run("send_invitation", candidate["id"], deadline=DEADLINE)


def test_completion_and_scoring_steps_are_idempotent(hr, candidate):
    run("send_invitation", candidate["id"], deadline=DEADLINE)
    s3, bucket = aws.client("s3"), settings().media_bucket
    key = uploaded_answer(s3, bucket, candidate["id"], "intro", b"recording")
    assert services().portal.record_answer(key) is True
    other = uploaded_answer(s3, bucket, candidate["id"], "difficult-teammate", b"recording")
    assert services().portal.record_answer(other) is True
    run("interview_completed", candidate["id"])
    run("interview_completed", candidate["id"])
    assert len(mails_to("li.lei@example.com")) == 2  # invitation + one completion notice
    lifecycle = services().workflow.scoring
    assert lifecycle.answer_scored(candidate["id"], 1, "intro", key) is False  # one still to go
    assert lifecycle.answer_scored(candidate["id"], 1, "intro", key) is False
    interview = lifecycle.interviews.interview(candidate["id"], 1)
    assert [q for q, a in interview.answers.items() if a.scored_at] == ["intro"]
    statuses = [
        s["status"]
        for s in hr.get(f"/api/candidates/{candidate['id']}/timeline", "shanghai.hr").json
    ]
    assert statuses == ["imported", "invited", "completed"]


def test_needs_attention_shows_the_error_message_not_the_stack(hr, candidate):
    cause = json.dumps(
        {"errorType": "CannotInvite", "errorMessage": "position has no template", "stackTrace": []}
    )
    run(
        "mark_needs_attention",
        candidate["id"],
        failed_state="SendInvitation",
        error={"Error": "CannotInvite", "Cause": cause},
    )
    stored = hr.get(f"/api/candidates/{candidate['id']}", "shanghai.hr").json
    assert stored["status"] == "needs_attention"
    assert (
        stored["status_reason"] == "SendInvitation failed: CannotInvite (position has no template)"
    )
    board = hr.get("/api/dashboard", "shanghai.hr").json[0]
    assert [a["candidate_id"] for a in board["needs_attention"]] == [candidate["id"]]
    assert board["now"] == {"needs_attention": 1}


def test_open_application_and_unknown_tasks(hr, candidate):
    run("open_application", candidate["id"], execution_arn=EXECUTION)
    assert (
        hr.get(f"/api/candidates/{candidate['id']}", "shanghai.hr").json["execution_arn"]
        == EXECUTION
    )
    with pytest.raises(UnknownTask):
        run("make_coffee", candidate["id"])
    assert (
        CandidateStatus.IMPORTED.value
        == hr.get(f"/api/candidates/{candidate['id']}", "hq.hr").json["status"]
    )


def test_the_sample_scheduled_event_runs_the_reminder_sweep(hr):
    scheduled = template_function("ScheduledFunction")
    result, error = scheduled.invoke(sample_event("scheduled_reminders.json"), "us-east-1")
    assert error is None, result
    assert result == {
        "candidates_reminded": 0,
        "reviewers_reminded": 0,
        "offer_messages": 0,
        "onboarding_messages": 0,
        "probation_messages": 0,
        "reassessments_started": 0,
    }


def test_scores_combine_ai_and_human_with_the_positions_weights(hr, candidate):
    from hireflow.scoring.model import AiDimensionScores

    run("send_invitation", candidate["id"], deadline=DEADLINE)
    run("interview_completed", candidate["id"])
    run("report_ready", candidate["id"])
    # What the scorer stores for the round (the scoring issue writes this).
    services().reviews.scoring.store_ai_scores(
        AiDimensionScores(
            candidate_id=candidate["id"],
            round=1,
            dimensions={"communication": 80, "problem_solving": 40, "teamwork": 70},
            overall=63.0,
        )
    )
    hr.post(
        f"/api/candidates/{candidate['id']}/assign",
        "shanghai.hr",
        {"interviewer_id": hr.user_id("shanghai.interviewer")},
    )
    reply = hr.post(
        f"/api/candidates/{candidate['id']}/reviews",
        "shanghai.interviewer",
        {"scores": {"communication": 70, "problem_solving": 75, "teamwork": 72}, "comment": "calm"},
    )
    assert reply.status == 201, reply
    scores = hr.get(f"/api/candidates/{candidate['id']}/scores", "shanghai.hr").json
    rows = {d["key"]: d for d in scores["dimensions"]}
    assert rows["communication"]["combined"] == round(0.4 * 80 + 0.6 * 70, 1)
    assert rows["problem_solving"]["disagreement"] is True  # 40 vs 75
    assert rows["communication"]["disagreement"] is False  # 80 vs 70
    assert scores["reviewers"] == 1 and scores["disagreement_threshold"] == 20
    expected = round(0.35 * 74 + 0.35 * 61 + 0.30 * 71.2, 1)
    assert abs(scores["combined_overall"] - expected) < 0.2
    bad = hr.post(
        f"/api/candidates/{candidate['id']}/reviews",
        "shanghai.interviewer",
        {"scores": {"communication": 170, "teamwork": 1}},
    )
    assert bad.status == 422
    outsider = hr.post(
        f"/api/candidates/{candidate['id']}/reviews",
        "shanghai.manager",
        {"scores": {"communication": 1, "problem_solving": 1, "teamwork": 1}},
    )
    assert outsider.status == 404  # not assigned: the candidate is out of reach

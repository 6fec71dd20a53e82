"""Every round's reviews stay visible to whoever decides: who scored what and when, their
comments, who is still to score, the combined score per round, and each decision with
the reason its decider gave where the AI and the reviewers disagreed."""

from __future__ import annotations

from typing import Any

import pytest

from hireflow.bootstrap import services
from hireflow.platform.stepfunctions import StateMachine
from hireflow.scoring.model import AiDimensionScores
from tests.support.builders import english_candidate
from tests.unit.test_lifecycle import DEADLINE, run

TASKS = {"reject": "send_rejection", "second_round": "send_second_round", "offer": "request_offer"}


@pytest.fixture
def step_functions(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Stands in for the state machine's review wait: a decision resumes it with its
    output, and the decision's task runs as the machine would run it."""
    resumed: list[dict[str, Any]] = []

    def send_success(task_token: str, output: dict[str, Any]) -> bool:
        resumed.append(output)
        run(TASKS[output["decision"]], task_token, decision=output)
        return True

    monkeypatch.setattr(StateMachine, "send_success", staticmethod(send_success))
    return resumed


def in_review(hr) -> dict[str, Any]:
    made = english_candidate(hr, "Two Rounds", reviewers=True)
    run("send_invitation", made["id"], deadline=DEADLINE)
    run("interview_completed", made["id"])
    run("report_ready", made["id"])
    run("await_review", made["id"], task_token=made["id"])  # the token names the candidate
    services().reviews.scoring.store_ai_scores(
        AiDimensionScores(
            candidate_id=made["id"],
            round=1,
            dimensions={"communication": 80, "problem_solving": 40, "teamwork": 70},
            overall=63.0,
        )
    )
    return made


def review(hr, cid: str, user: str, scores: list[int], comment: str) -> None:
    keys = ["communication", "problem_solving", "teamwork"]
    reply = hr.post(
        f"/api/candidates/{cid}/reviews",
        user,
        {"scores": dict(zip(keys, scores, strict=True)), "comment": comment},
    )
    assert reply.status == 201, reply.text


def test_two_rounds_of_reviews_stay_visible_with_pending_reviewers_and_the_reason(
    hr, step_functions
):
    cid = in_review(hr)["id"]
    review(hr, cid, "shanghai.interviewer", [70, 75, 72], "Calm; solved the order problem well.")

    first = hr.get(f"/api/candidates/{cid}/reviews", "shanghai.manager").json
    assert first["current_round"] == 1 and [r["round"] for r in first["rounds"]] == [1]
    round1 = first["rounds"][0]
    assert round1["open"] is True and round1["decision"] is None
    [card] = round1["scorecards"]
    assert card["reviewer"] == "shanghai.interviewer" and card["role"] == "interviewer"
    assert card["comment"] == "Calm; solved the order problem well."
    assert card["scores"] == {"communication": 70, "problem_solving": 75, "teamwork": 72}
    assert card["at"]
    assert [(p["role"], p["user_id"]) for p in round1["pending"]] == [
        ("hiring_manager", hr.user_id("shanghai.manager"))
    ]
    rows = {d["key"]: d for d in round1["scores"]["dimensions"]}
    assert rows["communication"]["combined"] == round(0.4 * 80 + 0.6 * 70, 1)
    assert rows["problem_solving"]["disagreement"] is True  # AI 40, people 75

    # The gap asks the decider for a reason; without one nothing is decided.
    second_round = {
        "decision": "second_round",
        "interview_time": "Monday 10:00",
        "interview_place": "Shanghai office",
    }
    refused = hr.post(f"/api/candidates/{cid}/decision", "shanghai.manager", second_round)
    assert refused.status == 422, refused.text
    assert [(e["field"], e["code"]) for e in refused.json["errors"]] == [
        ("disagreement_reason", "disagreement_reason_required")
    ]
    assert refused.json["code"] == "disagreement_needs_reason"
    assert refused.json["params"]["dimensions_zh"] == ["解决问题"]
    assert "problem" in refused.json["message"].lower()
    assert step_functions == [] and hr.candidate(cid)["status"] == "in_review"
    blank = hr.post(
        f"/api/candidates/{cid}/decision",
        "shanghai.manager",
        {**second_round, "disagreement_reason": "   "},
    )
    assert blank.status == 422

    reason = "The AI missed the apology in her answer; we follow the interviewer."
    decided = hr.post(
        f"/api/candidates/{cid}/decision",
        "shanghai.manager",
        {**second_round, "disagreement_reason": reason},
    )
    assert decided.status == 202, decided.text
    assert "disagreement_reason" not in step_functions[0]  # the workflow needs no reason
    assert hr.candidate(cid)["status"] == "second_round"
    run("await_review", cid, task_token=cid)  # the machine waits for round 2's decision

    # Round 2: both reviewers score; round 1's scorecards and decision stay.
    after = hr.get(f"/api/candidates/{cid}/reviews", "shanghai.hr").json
    assert [r["round"] for r in after["rounds"]] == [2, 1]
    round2, round1 = after["rounds"]
    assert round2["open"] is True and round2["scorecards"] == []
    assert {p["role"] for p in round2["pending"]} == {"interviewer", "hiring_manager"}
    assert round1["open"] is False and round1["pending"] == []
    assert round1["scorecards"][0]["comment"] == "Calm; solved the order problem well."
    decision = round1["decision"]
    assert decision["decision"] == "second_round"
    assert decision["decided_by"] == "shanghai.manager"
    assert decision["disagreement_reason"] == reason
    assert [(g["key"], g["ai"], g["human"]) for g in decision["disagreement"]] == [
        ("problem_solving", 40, 75)
    ]

    review(hr, cid, "shanghai.interviewer", [78, 45, 72], "In person: warm and clear.")
    review(hr, cid, "shanghai.manager", [82, 50, 66], "Ready for the role.")
    final = hr.get(f"/api/candidates/{cid}/reviews", "shanghai.manager").json
    round2, round1 = final["rounds"]
    assert round2["pending"] == []
    assert [c["comment"] for c in round2["scorecards"]] == [
        "In person: warm and clear.",
        "Ready for the role.",
    ]
    assert round2["scores"]["reviewers"] == 2 and round1["scores"]["reviewers"] == 1
    assert round2["scores"]["dimensions"][0]["human"] == 80.0  # (78 + 82) / 2
    assert round1["scores"]["dimensions"][0]["human"] == 70.0  # round 1 kept its own

    # No large gap this round: the offer needs no reason, and none is stored.
    offer = hr.post(f"/api/candidates/{cid}/decision", "shanghai.manager", {"decision": "offer"})
    assert offer.status == 202, offer.text
    closed = hr.get(f"/api/candidates/{cid}/reviews", "shanghai.hr").json["rounds"][0]
    assert closed["decision"]["decision"] == "offer"
    assert closed["decision"]["disagreement"] == []
    assert closed["decision"]["disagreement_reason"] is None
    assert closed["open"] is False


def test_a_candidate_never_interviewed_has_no_rounds(hr):
    made = english_candidate(hr, "Fresh Face")
    history = hr.get(f"/api/candidates/{made['id']}/reviews", "shanghai.hr").json
    assert history == {"candidate_id": made["id"], "current_round": 0, "rounds": []}


def test_an_unassigned_interviewer_cannot_read_the_reviews(hr):
    made = english_candidate(hr, "Out Of Reach")
    reply = hr.get(f"/api/candidates/{made['id']}/reviews", "shanghai.interviewer")
    assert reply.status == 404

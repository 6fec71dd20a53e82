"""People take over where the AI cannot advise (docs/human-oversight.md): a candidate who
needs attention (HR is told, watches every recording, re-runs the scoring of an answer,
reviews without the AI, or invites again with a message), and a candidate who asked for
a process without AI (an interview with a person, or the request declined with a reason).
Lifecycle tasks run directly, on moto."""

import pytest

from hireflow.bootstrap import services
from hireflow.platform import aws
from hireflow.platform.settings import settings
from tests.support.builders import english_candidate, invited, uploaded_answer
from tests.unit.conftest import sent_emails
from tests.unit.test_portal import PHONE, Portal

DEADLINE = "2099-01-01T12:00:00+08:00"
QUESTIONS = ("intro", "damaged-order", "difficult-teammate")


def run(task, candidate_id, **payload):
    return services().workflow.run({"task": task, "candidate_id": candidate_id, **payload})


def mails_to(address):
    return [m for m in sent_emails() if address in m.destinations["ToAddresses"]]


def candidate_of(hr, candidate_id, user="shanghai.hr"):
    return hr.get(f"/api/candidates/{candidate_id}", user).json


@pytest.fixture
def unusable(hr):
    """A candidate whose interview is complete and whose damaged-order answer the AI could
    not use (the other two scored): the application needs attention."""
    candidate = english_candidate(hr, "Wu Lei", "13800138001", reviewers=True)
    run("send_invitation", candidate["id"], deadline=DEADLINE)
    s3, bucket = aws.client("s3"), settings().media_bucket
    keys = {}
    for question in QUESTIONS:
        keys[question] = uploaded_answer(s3, bucket, candidate["id"], question, b"recording")
        assert services().portal.record_answer(keys[question]) is True
    run("interview_completed", candidate["id"])
    scoring = services().workflow.scoring
    for question in ("intro", "difficult-teammate"):
        scoring.answer_scored(candidate["id"], 1, question, keys[question])
    scoring.answer_unusable(
        candidate["id"], 1, "damaged-order", keys["damaged-order"], "the language is not zh or en"
    )
    return candidate


def test_hr_is_told_and_sees_every_recording_and_why_the_ai_could_not_score(hr, unusable):
    cid = unusable["id"]
    stored = candidate_of(hr, cid)
    assert stored["status"] == "needs_attention"
    assert stored["status_reason"] == "answer to damaged-order: the language is not zh or en"
    told = mails_to("shanghai.hr@example.com")
    assert [m.subject for m in told] == ["候选人 Wu Lei 需要处理"]  # once, in the reader's language
    # What HR can do, and the link; why is on the candidate page, in the reader's language
    # (the English reason is not put into a Chinese e-mail).
    body = told[0].body
    assert f"#/candidates/{cid}" in body and "重新评分" in body and "不使用 AI" in body
    assert "the language is not zh or en" not in body
    # In the app: the attention list (what the badge counts), for the branch only.
    assert [a["candidate_id"] for a in hr.get("/api/attention", "shanghai.hr").json] == [cid]
    assert hr.get("/api/attention", "shenzhen.hr").json == []
    assert hr.get("/api/attention", "shanghai.interviewer").status == 403

    recordings = hr.get(f"/api/candidates/{cid}/recordings", "shanghai.hr").json
    (round1,) = recordings["rounds"]
    answers = {a["question_id"]: a for a in round1["answers"]}
    assert answers["damaged-order"]["outcome"] == "unusable"
    assert answers["damaged-order"]["reason"] == "the language is not zh or en"
    assert answers["intro"]["outcome"] == "scored" and answers["intro"]["reason"] is None
    assert all("Signature" in a["video_url"] for a in answers.values())
    assert recordings["expires_in"] <= 300
    # The assigned interviewer watches too; another branch does not.
    assert hr.get(f"/api/candidates/{cid}/recordings", "shanghai.interviewer").status == 200
    assert hr.get(f"/api/candidates/{cid}/recordings", "shenzhen.hr").status == 404


def test_re_running_the_scoring_of_an_answer_carries_the_application_on_once(hr, unusable):
    cid = unusable["id"]
    path = f"/api/candidates/{cid}/rounds/1/answers/damaged-order/rescore"
    assert hr.post(path, "shanghai.interviewer", None).status == 403
    assert (
        hr.post(f"/api/candidates/{cid}/rounds/1/answers/intro/rescore", "shanghai.hr", None).status
        == 409
    )
    reply = hr.post(path, "shanghai.hr", None)
    assert reply.status == 202, reply.text
    assert reply.json["rescores"] == 1 and reply.json["lifecycle_resumed"] is True
    stored = candidate_of(hr, cid)
    assert stored["status"] == "completed"
    assert stored["status_reason"] == "scoring of damaged-order re-run by shanghai.hr"
    interview = services().workflow.scoring.interviews.interview(cid, 1)
    answer = interview.answers["damaged-order"]
    assert answer.needs_attention is None and answer.scored_at is None and answer.rescores == 1
    # Asked again (a double click): the same run, not a second one.
    again = hr.post(path, "shanghai.hr", None)
    assert again.status == 202 and again.json["rescores"] == 1
    assert hr.get("/api/attention", "shanghai.hr").json == []
    # The re-run scores: the round's scoring concludes as after any upload.
    scoring = services().workflow.scoring
    scoring.answer_scored(cid, 1, "damaged-order", answer.media_key)
    report = hr.get(f"/api/candidates/{cid}/report", "shanghai.hr")
    assert report.status == 200 and report.json["ai_dropped"] is None


@pytest.mark.parametrize("user", ["shanghai.hr", "shanghai.interviewer", "shanghai.manager"])
def test_the_take_over_actions_offered_are_accepted_and_the_withheld_refused(hr, unusable, user):
    """As every candidate action (tests/unit/test_capabilities.py): HR are offered what
    works from needs_attention, the assigned reviewers nothing, and the API agrees."""
    cid = unusable["id"]
    take_over = {"reinvite", "rescore", "review_without_ai"}
    actions = set(candidate_of(hr, cid, user)["actions"])
    assert actions & take_over == (take_over if user == "shanghai.hr" else set())
    (round1,) = hr.get(f"/api/candidates/{cid}/recordings", user).json["rounds"]
    rescorable = [a["question_id"] for a in round1["answers"] if a["rescorable"]]
    assert rescorable == (["damaged-order"] if "rescore" in actions else [])
    rescore = hr.post(f"/api/candidates/{cid}/rounds/1/answers/damaged-order/rescore", user, None)
    assert rescore.status == (202 if "rescore" in actions else 403), rescore.text
    # Re-run, the application carries on: nothing is offered to take over, and refused.
    actions = set(candidate_of(hr, cid, user)["actions"])
    assert not actions & take_over
    refused = 409 if user == "shanghai.hr" else 403
    review = hr.post(f"/api/candidates/{cid}/review-without-ai", user, {"reason": "x"})
    assert review.status == refused, review.text
    again = hr.post(f"/api/candidates/{cid}/invite", user, {"message": "why"})
    assert again.status == refused, again.text


def test_people_review_without_the_ai_and_decide(hr, unusable):
    cid = unusable["id"]
    path = f"/api/candidates/{cid}/review-without-ai"
    assert hr.post(path, "shanghai.hr", {"reason": " "}).status == 422
    assert hr.post(path, "shanghai.manager", {"reason": "x"}).status == 403
    reply = hr.post(path, "shanghai.hr", {"reason": "an answer in German"})
    assert reply.status == 202, reply.text
    assert reply.json["status"] == "in_review" and reply.json["ai_dropped"] == "an answer in German"
    assert hr.post(path, "shanghai.hr", {"reason": "again"}).status == 409  # one take-over
    # The report exists, says so, and has no AI overall or ranking.
    report = hr.get(f"/api/candidates/{cid}/report", "shanghai.hr").json
    assert report["ai_dropped"] == "an answer in German" and report["overall"] is None
    assert report["suggestion"].startswith("no AI suggestion")
    # The combined score is the reviewers' alone.
    marks = {"communication": 70, "problem_solving": 60, "teamwork": 80}
    assert (
        hr.post(f"/api/candidates/{cid}/reviews", "shanghai.interviewer", {"scores": marks}).status
        == 201
    )
    scores = hr.get(f"/api/candidates/{cid}/scores", "shanghai.hr").json
    assert scores["ai_dropped"] == "an answer in German"
    assert scores["weights"] == {"ai": 0.0, "human": 1.0}
    assert scores["ai_overall"] is None and scores["combined_overall"] == scores["human_overall"]
    assert {d["key"]: d["combined"] for d in scores["dimensions"]} == marks
    assert candidate_of(hr, cid)["ai_dropped"] == "an answer in German"


def test_invited_again_the_candidate_reads_why(hr, unusable):
    cid = unusable["id"]
    reply = hr.post(
        f"/api/candidates/{cid}/invite",
        "shanghai.hr",
        {"message": "one answer could not be played"},
    )
    assert reply.status == 202, reply.text
    run("send_invitation", cid, deadline=DEADLINE)
    letter = mails_to(unusable["email"])[-1]
    assert (
        letter.subject == "Please record your video interview for Customer Service Associate again"
    )
    assert "Why: one answer could not be played" in letter.body and "/interview/#" in letter.body
    # Round 1 stays in view after round 2 starts.
    rounds = hr.get(f"/api/candidates/{cid}/recordings", "shanghai.hr").json["rounds"]
    assert [r["round"] for r in rounds] == [2, 1]
    assert rounds[1]["answers"][1]["reason"] == "the language is not zh or en"


def test_a_request_for_no_ai_waits_for_hr_who_declines_with_a_reason(hr):
    candidate, token = invited(hr, "Zhao Min", PHONE)
    cid = candidate["id"]
    portal = Portal()
    status, body = portal.call(
        "POST", f"/api/interview/{token}/alternative", {"reason": "no camera"}
    )
    assert status == 200 and body["alternative_requested"] is True
    stored = candidate_of(hr, cid)
    assert stored["status"] == "alternative_requested"
    assert stored["status_reason"] == "asked for a process without AI analysis: no camera"
    assert [a["status"] for a in hr.get("/api/attention", "shanghai.hr").json] == [
        "alternative_requested"
    ]
    assert portal.call("GET", f"/api/interview/{token}")[0] == 200  # the link stays open
    path = f"/api/candidates/{cid}/alternative/decline"
    assert hr.post(path, "shanghai.hr", {"message": ""}).status == 422
    reply = hr.post(path, "shanghai.hr", {"message": "every applicant for this role records"})
    assert reply.status == 200, reply.text
    assert reply.json["status"] == "invited"
    letter = mails_to(candidate["email"])[-1]
    assert "every applicant for this role records" in letter.body
    assert "2099" in letter.body or "(UTC+8)" in letter.body  # until when the link works
    assert hr.post(path, "shanghai.hr", {"message": "again"}).status == 409
    assert hr.get("/api/attention", "shanghai.hr").json == []
    assert portal.call("GET", f"/api/interview/{token}")[0] == 200
    steps = [s["status"] for s in hr.get(f"/api/candidates/{cid}/timeline", "shanghai.hr").json]
    assert steps == ["imported", "invited", "alternative_requested", "invited"]


def test_a_request_for_no_ai_gets_an_interview_with_a_person(hr):
    candidate, token = invited(hr, "Sun Li", PHONE)
    cid = candidate["id"]
    Portal().call("POST", f"/api/interview/{token}/alternative", {"reason": ""})
    interviewer = hr.user_id("shanghai.interviewer")
    path = f"/api/candidates/{cid}/alternative/schedule"
    body = {
        "interviewer_id": interviewer,
        "interview_time": "2099-01-05 10:00",
        "interview_place": "https://meet.example.com/abc",
    }
    assert hr.post(path, "shanghai.hr", {**body, "interviewer_id": "nobody"}).status == 422
    reply = hr.post(path, "shanghai.hr", body)
    assert reply.status == 202, reply.text
    scheduled = reply.json
    assert scheduled["status"] == "in_review" and scheduled["interviewer_id"] == interviewer
    assert scheduled["ai_dropped"] == "the candidate asked for a process without AI analysis"
    letter = mails_to(candidate["email"])[-1]
    assert letter.subject == "Your interview for Customer Service Associate, with a person"
    assert "When: 2099-01-05 10:00" in letter.body
    assert "Where: https://meet.example.com/abc" in letter.body
    assert "With: " in letter.body and "With: \n" not in letter.body + "\n"
    # The link is closed: the interview happens with a person.
    assert Portal().call("GET", f"/api/interview/{token}")[0] == 410
    assert hr.post(path, "shanghai.hr", body).status == 409

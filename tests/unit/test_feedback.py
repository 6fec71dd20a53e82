"""Feedback candidates value (docs/talent.md "Candidate feedback"): where they stand (only
when HQ switches it on), a rejection note built from what people reviewed and edited by
HR, the letter's link to the candidate's page, and requests about the decision."""

from __future__ import annotations

import importlib.util
import re
from typing import Any

import boto3

from hireflow.bootstrap import services
from hireflow.platform.ids import now
from hireflow.platform.settings import settings
from hireflow.platform.store import Repository
from hireflow.reviews.model import Scorecard
from hireflow.scoring.model import AiDimensionScores, InterviewReport
from hireflow.scoring.reports import report_key
from tests.support import ROOT
from tests.support.builders import english_candidate
from tests.unit.test_lifecycle import DEADLINE, mails_to, run
from tests.unit.test_portal import Portal, verified
from tests.unit.test_review_rounds import step_functions

__all__ = ["step_functions"]  # the fixture

POSITION = "/api/positions/shanghai-customer-service"
PHONE = "13700139001"


def _reactions() -> dict[str, Any]:
    spec = importlib.util.spec_from_file_location(
        "talent_events_app", ROOT / "functions" / "talent_events" / "app.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.REACTIONS


def in_review(hr, name: str, locale: str = "en", phone: str = PHONE) -> dict[str, Any]:
    """Interviewed and scored by the AI: communication 80, problem solving 40, teamwork 30;
    the report has a percentile of 60 against 35 and an integrity flag."""
    made = english_candidate(hr, name, phone, reviewers=True)
    if locale == "zh":
        services().candidates.candidates.save(
            services().candidates.candidates.get(made["id"]).model_copy(update={"locale": "zh"})
        )
    run("send_invitation", made["id"], deadline=DEADLINE)
    run("interview_completed", made["id"])
    run("report_ready", made["id"])
    run("await_review", made["id"], task_token=made["id"])
    ai = {"communication": 80, "problem_solving": 40, "teamwork": 30}
    report = InterviewReport(
        candidate_id=made["id"],
        round=1,
        position_id="shanghai-customer-service",
        template_id="customer-facing",
        template_version=1,
        language=locale,
        created_at=now().isoformat(),
        overall=52.0,
        dimensions=[
            {"key": k, "weight": 0.33, "score": v, "formula": "f", "evidence": []}
            for k, v in ai.items()
        ],
        suggestion="",
        integrity_flags=[{"question_id": "intro", "flag": "another voice in the room"}],
        key_moments={},
        missing_rubric={},
        percentile=60.0,
        compared_with=35,
        answers=[],
        models={},
    )
    boto3.client("s3", region_name=settings().region).put_object(
        Bucket=settings().media_bucket,
        Key=report_key(made["id"], 1, "json"),
        Body=report.model_dump_json().encode(),
    )
    services().reviews.scoring.store_ai_scores(
        AiDimensionScores(candidate_id=made["id"], round=1, dimensions=ai, overall=52.0)
    )
    return made


def ready(candidate: dict[str, Any]) -> list[Any]:
    """report.ready delivered to the talent events function's reactions."""
    detail = {"candidate_id": candidate["id"], "round": 1, "branch_id": "shanghai"}
    return [react(services(), detail) for _, react in _reactions()["report.ready"]]


def standing_mails(email: str) -> list[Any]:
    return [m for m in mails_to(email) if "Where you stand" in m.subject or "位置" in m.subject]


def test_where_they_stand_only_when_hq_switches_it_on(hr):
    en = in_review(hr, "Stand Ing")
    zh = in_review(hr, "张立", locale="zh", phone="13700139002")
    ready(en)
    assert standing_mails(en["email"]) == []  # off by default

    refused = hr.patch(POSITION, "shanghai.hr", {"share_percentile": True})
    assert refused.status == 403 and refused.json["code"] == "share_percentile_hq_only"
    assert hr.patch(POSITION, "hq.hr", {"share_percentile": True}).status == 200

    ready(en), ready(en), ready(zh)  # delivered twice: told once
    [mail] = standing_mails(en["email"])
    assert "better than 60 % of the 35 candidates who interviewed for this position" in mail.body
    assert "AI's analysis of your answers only; people review every interview" in mail.body
    [mail_zh] = standing_mails(zh["email"])
    assert "35 位候选人中的 60%" in mail_zh.body and "由人作出" in mail_zh.body


def _review(hr, cid: str, scores: dict[str, int]) -> None:
    reply = hr.post(
        f"/api/candidates/{cid}/reviews", "shanghai.interviewer", {"scores": scores, "comment": ""}
    )
    assert reply.status == 201, reply.text


def _scored_before_teamwork_was_added(cid: str) -> None:
    """A scorecard from before the position's model gained teamwork: people scored
    communication and problem solving; teamwork has the AI's score alone."""
    Repository(Scorecard).put(
        Scorecard(
            candidate_id=cid,
            round=1,
            reviewer_id="u-1",
            reviewer="shanghai.interviewer",
            role="interviewer",
            scores={"communication": 75, "problem_solving": 45},
        )
    )


def test_the_draft_is_built_from_reviewed_dimensions_with_hqs_suggestions(hr):
    en = in_review(hr, "Dra Ft")
    zh = in_review(hr, "王芳", locale="zh", phone="13700139003")
    empty = hr.get(f"/api/candidates/{en['id']}/feedback-draft", "shanghai.hr").json
    assert empty["text"] == "" and empty["reason"] == "feedback_nothing_reviewed"

    # HQ's suggestion texts: HQ alone edits them.
    suggestions = hr.get("/api/feedback-suggestions", "shanghai.hr").json
    assert "3 分钟" in suggestions["suggestions"][0]["zh"]
    edited = [
        {**s, "en": "Explain one customer problem a day in five steps."}
        if s["dimension"] == "problem_solving"
        else s
        for s in suggestions["suggestions"]
    ]
    assert hr.put("/api/feedback-suggestions", "shanghai.hr", {"suggestions": edited}).status == 403
    assert hr.put("/api/feedback-suggestions", "hq.hr", {"suggestions": edited}).status == 200

    # People scored communication and problem solving; teamwork (30) is the AI's alone.
    for made in (en, zh):
        _scored_before_teamwork_was_added(made["id"])
    draft = hr.get(f"/api/candidates/{en['id']}/feedback-draft", "shanghai.hr").json
    assert draft["locale"] == "en" and draft["reviewed"] is True
    assert [s["dimension"] for s in draft["strongest"]] == ["communication"]
    assert draft["weakest"] == [
        {
            "dimension": "problem_solving",
            "name": "Problem solving",
            "suggestion": "Explain one customer problem a day in five steps.",
        }
    ]
    text = draft["text"]
    assert "Communication" in text and "Explain one customer problem" in text
    assert "Teamwork" not in text and "voice" not in text  # AI-only; integrity flag
    assert not re.search(r"\d", text.replace("one customer problem a day in five", ""))
    draft_zh = hr.get(f"/api/candidates/{zh['id']}/feedback-draft", "shanghai.hr").json
    assert draft_zh["locale"] == "zh" and "沟通" in draft_zh["text"]
    assert "解决问题" in draft_zh["text"] and "团队合作" not in draft_zh["text"]
    assert "结构化" in draft_zh["text"]  # HQ's default zh suggestion stays
    assert hr.get(f"/api/candidates/{en['id']}/feedback-draft", "shenzhen.hr").status == 404


def test_rejection_letter_page_and_requests(hr, step_functions):
    portal = Portal()
    made = in_review(hr, "Re Jected")
    cid = made["id"]
    _review(hr, cid, {"communication": 75, "problem_solving": 45, "teamwork": 40})
    note = "Your communication stood out. Practise explaining a problem in steps."
    decided = hr.post(
        f"/api/candidates/{cid}/decision",
        "shanghai.manager",
        {"decision": "reject", "feedback": note},
    )
    assert decided.status == 202, decided.text
    [letter] = [m for m in mails_to(made["email"]) if "Your application" in m.subject]
    assert note in letter.body and "keep your details for future roles" in letter.body
    assert "We keep your details" not in letter.body
    token = re.search(r"/interview/#([\w-]+)", letter.body)[1]

    # After the interview the phone check alone opens the page (the consent was to the
    # analysis of answers still to be recorded): the page sends no consent.
    status, body = portal.call("POST", f"/api/interview/{token}/verify", {"phone": PHONE})
    assert status == 200, body
    session = body["session"]
    status, page = portal.call("GET", f"/api/interview/{token}/outcome", session=session)
    assert status == 200, page
    assert page["status"] == "decided" and page["feedback"] == note
    assert page["completed_at"] and page["results_by"] and page["standing"] is None

    # A human review tells the branch's HR and waits on their list; one open at a time.
    status, asked = portal.call(
        "POST", f"/api/interview/{token}/requests", {"kind": "human_review", "message": "请复核"},
        session=session,
    )  # fmt: skip
    assert status == 201 and asked["status"] == "open"
    again = portal.call(
        "POST", f"/api/interview/{token}/requests", {"kind": "human_review"}, session=session
    )
    assert again[0] == 409 and again[1]["code"] == "request_already_open"
    hr_mails = [m for m in mails_to("shanghai.hr@example.com") if "Re Jected" in m.subject]
    assert len(hr_mails) == 1 and "申请人工复核" in hr_mails[0].body  # in her language
    [listed] = hr.get("/api/candidate-requests", "shanghai.hr").json
    assert listed["candidate_name"] == "Re Jected" and listed["message"] == "请复核"
    assert hr.get("/api/candidate-requests", "shenzhen.hr").json == []

    # An explanation is answered at once: what was scored, the weights, a person decided.
    status, explained = portal.call(
        "POST", f"/api/interview/{token}/requests", {"kind": "explanation"}, session=session
    )
    assert status == 201, explained
    text = explained["explanation"]["text"]
    assert "Communication (35 %)" in text and "40 %" in text and "60 %" in text
    assert "A person made the decision: the hiring manager" in text
    assert "No emotion or face recognition decides anything" in text
    assert [m for m in mails_to(made["email"]) if "How AI was used" in m.subject]

    # HR answer: the request closes, the candidate reads the answer.
    answered = hr.post(
        f"/api/candidate-requests/{cid}/{listed['id']}/answer",
        "shanghai.hr",
        {"answer": "A second reviewer looked again; the decision stands."},
    )
    assert answered.status == 200 and answered.json["status"] == "answered"
    assert [m for m in mails_to(made["email"]) if "decision stands" in m.body]
    open_now = hr.get("/api/candidate-requests", "shanghai.hr").json
    assert [r["kind"] for r in open_now] == ["explanation"]
    _, page = portal.call("GET", f"/api/interview/{token}/outcome", session=session)
    assert {r["kind"]: r["status"] for r in page["requests"]} == {
        "human_review": "answered",
        "explanation": "open",
    }

    # Another candidate's link and session reach nothing of this one.
    other = english_candidate(hr, "Other One", "13700139009")
    run("send_invitation", other["id"], deadline=DEADLINE)
    [invite] = [m for m in mails_to(other["email"]) if "/interview/#" in m.body]
    other_token = re.search(r"/interview/#([\w-]+)", invite.body)[1]
    other_session = verified(portal, other_token, "13700139009")
    assert portal.call("GET", f"/api/interview/{token}/outcome", session=other_session)[0] == 401
    status, theirs = portal.call(
        "GET", f"/api/interview/{other_token}/outcome", session=other_session
    )
    assert status == 200 and theirs["requests"] == [] and theirs["feedback"] is None

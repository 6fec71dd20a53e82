"""The résumé-vs-interview cross-check (docs/talent.md) and HQ's skill map behind it.

A candidate in review whose interview scored problem solving 40, communication 85 and
teamwork 70 (pass lines 60), with a résumé that claims Python (mapped to problem
solving), teamwork and Kubernetes (not in the map): the planted exaggeration is one
question for HR with both sides, the strong unclaimed communication is another, teamwork
raises none, Kubernetes is listed for HQ to map. The questions change nothing a decision
reads, and a human score that lifts problem solving over its line takes its question away.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from hireflow.bootstrap import services
from hireflow.platform import aws
from hireflow.recruiting.model import Claim, Resume, ResumeFields, ResumeRepository, Span
from hireflow.scoring.model import (
    AiDimensionScores,
    DimensionEvidence,
    DimensionResult,
    InterviewReport,
    Moment,
    ReportAnswer,
)
from hireflow.scoring.reports import report_key
from hireflow.talent.model import CrossCheck
from tests.support import ROOT, template_function
from tests.unit.test_api_admin import pdf_text
from tests.unit.test_review_rounds import in_review

TEXT = "技能：精通 Python，团队合作，Kubernetes"
AI = {"communication": 85.0, "problem_solving": 40.0, "teamwork": 70.0}


def claim(key: str, text: str) -> Claim:
    start = TEXT.index(text)
    span = Span(start=start, end=start + len(text), page=1, text=text)
    return Claim(key=key, text=text, span=span)


def scored(hr, ai: dict[str, float] = AI) -> str:
    """A candidate in review with the round's AI scores and report (no résumé yet)."""
    cid = in_review(hr)["id"]
    services().reviews.scoring.store_ai_scores(
        AiDimensionScores(candidate_id=cid, round=1, dimensions=ai, overall=63.0)
    )
    _store_report(cid, ai)
    return cid


def with_resume(cid: str) -> str:
    fields = ResumeFields(
        skills=[
            claim("python", "精通 Python"),
            claim("teamwork", "团队合作"),
            claim("kubernetes", "Kubernetes"),
        ]
    )
    ResumeRepository().put(
        Resume(
            candidate_id=cid,
            branch_id="shanghai",
            file_key=f"resumes/{cid}/r.pdf",
            format="pdf",
            origin="hr",
            uploaded_by="shanghai.hr",
            status="parsed",
            pages=1,
            text=TEXT,
            parsed=fields,
            fields=fields,
        )
    )
    return cid


def _store_report(cid: str, ai: dict[str, float]) -> None:
    """The AI report in S3: one answer per dimension, with its key moments."""
    report = InterviewReport(
        candidate_id=cid,
        round=1,
        position_id="shanghai-customer-service",
        template_id="customer-facing",
        template_version=1,
        language="zh",
        created_at="2026-02-01T10:00:00+00:00",
        overall=63.0,
        dimensions=[
            DimensionResult(
                key=key,
                weight=0.3,
                score=score,
                formula="",
                evidence=[
                    DimensionEvidence(
                        question_id=f"q-{key}",
                        score=score,
                        content=score,
                        delivery=score,
                        presence=None,
                    )
                ],
            )
            for key, score in ai.items()
        ],
        suggestion="",
        integrity_flags=[],
        key_moments={
            f"q-{key}": [Moment(start=12.0, end=19.5, text=f"{key} answer")] for key in ai
        },
        missing_rubric={},
        percentile=None,
        compared_with=0,
        answers=[
            ReportAnswer(question_id=f"q-{key}", question=f"{key}?", media_key=None) for key in ai
        ],
        models={},
    )
    aws.client("s3").put_object(
        Bucket=services().settings.media_bucket,
        Key=report_key(cid, 1, "json"),
        Body=report.model_dump_json().encode(),
    )


def cross_check(hr, cid: str, user: str = "shanghai.hr") -> dict[str, Any]:
    reply = hr.get(f"/api/candidates/{cid}/cross-check", user)
    assert reply.status == 200, reply.text
    return reply.json


def by_kind(view: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for flag in view["check"]["flags"]:
        out.setdefault(flag["kind"], []).append(flag)
    return out


def test_a_planted_exaggeration_and_an_unclaimed_strength_are_questions_with_both_sides(hr):
    cid = scored(hr)
    scores_without = hr.get(f"/api/candidates/{cid}/scores", "shanghai.hr").json
    assert cross_check(hr, cid)["status"] == "no_resume"
    with_resume(cid)

    view = cross_check(hr, cid, "shanghai.manager")  # anyone who may read the candidate
    assert view["status"] == "ready"
    flags = by_kind(view)
    [exaggeration] = flags["claim_not_shown"]
    assert exaggeration["resume"] == {
        "claim": "精通 Python",
        "kind": "skill",
        "span": {"start": 3, "end": 12, "page": 1, "text": "精通 Python"},
        "level": None,  # this planted claim has its level in its text
    }
    side = exaggeration["interview"]
    assert (side["dimension"], side["score"], side["pass_line"], side["source"]) == (
        "problem_solving",
        40.0,
        60.0,
        "ai",
    )
    assert side["moments"] == [
        {
            "question_id": "q-problem_solving",
            "question": "problem_solving?",
            "question_en": None,
            "question_zh": None,
            "answer_score": 40,
            "start": 12.0,
            "end": 19.5,
            "text": "problem_solving answer",
        }
    ]
    assert exaggeration["code"] == "cross_check_claim_not_shown"
    assert exaggeration["params"]["claim"] == "精通 Python" and exaggeration["params"]["page"] == 1
    [strength] = flags["shown_not_claimed"]
    assert strength["resume"]["claim"] is None
    assert strength["interview"]["dimension"] == "communication"
    assert strength["interview"]["score"] == 85.0 and strength["params"]["margin"] == 20.0
    # Teamwork is claimed and scored 70, above its line: no question about it.
    assert {f["interview"]["dimension"] for f in view["check"]["flags"]} == {
        "problem_solving",
        "communication",
    }
    assert view["check"]["unmapped_claims"] == ["Kubernetes"]
    assert view["check"]["checked_claims"] == 2
    # Questions, never scores: the candidate's scores are the same with the résumé.
    assert hr.get(f"/api/candidates/{cid}/scores", "shanghai.hr").json == scores_without

    # The review file prints them for the reviewer, in its language, as questions.
    pdf = hr.get(f"/api/candidates/{cid}/report.pdf", "shanghai.hr", query={"lang": "zh"})
    text = pdf_text(pdf.raw)
    assert "简历与面试对照" in text and "精通Python" in text and "低于及格线60" in text
    lines = services().review_file.cross_check.lines(
        services().candidates.candidates.get(cid), 1, "en"
    )
    assert lines[0].startswith("精通 Python: claimed on the résumé (“精通 Python”, p. 1)")
    assert "Question for HR" in lines[0] and not any("lie" in x or "fraud" in x for x in lines)


def test_a_human_score_over_the_line_takes_the_question_away_and_unscored_raises_none(hr):
    cid = with_resume(scored(hr))
    assert "claim_not_shown" in by_kind(cross_check(hr, cid))
    for user in ("shanghai.interviewer", "shanghai.manager"):
        reply = hr.post(
            f"/api/candidates/{cid}/reviews",
            user,
            {"scores": {"communication": 80, "problem_solving": 90, "teamwork": 70}},
        )
        assert reply.status == 201, reply.text
    # combined problem solving = 0.4 x 40 + 0.6 x 90 = 70, over its line of 60
    view = cross_check(hr, cid)
    assert "claim_not_shown" not in by_kind(view)
    [strength] = by_kind(view)["shown_not_claimed"]
    assert strength["interview"]["source"] == "combined"
    assert strength["interview"]["score"] == pytest.approx(0.4 * 85 + 0.6 * 80)

    # Not measured (no AI score, nobody scored it): a claim on it raises no question.
    other = with_resume(scored(hr, {"communication": 70.0, "problem_solving": 65.0}))
    view = cross_check(hr, other)
    assert view["status"] == "ready" and view["check"]["flags"] == []
    # A re-assessment's round is not cross-checked.
    candidate = services().candidates.candidates.get(other)
    employee = candidate.model_copy(update={"employee_id": "e-1"})
    assert services().cross_checks.compute(employee, 1) == ("reassessment", None)


def test_report_ready_delivered_twice_keeps_one_check_of_the_round(hr):
    cid = with_resume(scored(hr))
    event = json.loads((ROOT / "events" / "talent_report_ready.json").read_text("utf-8"))
    event["detail"]["candidate_id"] = cid
    function = template_function("TalentEventsFunction")
    for _ in range(2):
        result, error = function.invoke(event, "us-east-1")
        assert error is None, result
        assert "cross_check" in result["reactions"]  # with the standing notice
    pk, _ = CrossCheck.key(cid, 1)
    items = aws.client("dynamodb").query(
        TableName=services().settings.table,
        KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": {"S": pk}},
    )["Items"]
    stored = [i for i in items if i["kind"]["S"] == CrossCheck.KIND]
    assert len(stored) == 1
    flags = stored[0]["data"]["M"]["flags"]["L"]
    assert [f["M"]["kind"]["S"] for f in flags] == [
        "claim_not_shown",
        "shown_not_claimed",
    ]


def test_hq_keeps_the_skill_map_and_hr_read_it(hr):
    seeded = hr.get("/api/skill-map", "shanghai.hr")
    assert seeded.status == 200
    assert "problem_solving" in {d["key"] for d in seeded.json["dimensions"]}
    assert hr.get("/api/skill-map", "shanghai.interviewer").status == 403
    body = {
        "skills": [{"key": "Python", "names": ["Python 3"], "dimensions": ["problem_solving"]}],
        "revision": seeded.json["skill_map"]["revision"],
    }
    refused = hr.put("/api/skill-map", "shanghai.hr", body)
    assert refused.status == 403 and refused.json["code"] == "role_required"
    unclear = hr.put(
        "/api/skill-map",
        "hq.hr",
        {
            "skills": [
                *body["skills"],
                {"key": "py", "names": ["python 3"], "dimensions": ["problem_solving"]},
                {"key": "  ", "dimensions": ["teamwork"]},
            ]
        },
    )
    assert unclear.status == 422, unclear.text
    assert [e["code"] for e in unclear.json["errors"]] == ["skill_name_taken", "skill_key_empty"]
    body["skills"].append({"key": "rust", "dimensions": ["systems"]})
    saved = hr.put("/api/skill-map", "hq.hr", body)
    assert saved.status == 200, saved.text
    assert saved.json["skill_map"]["skills"][0]["key"] == "python"
    assert saved.json["unknown_dimensions"] == ["systems"]  # kept, with a warning
    assert hr.put("/api/skill-map", "hq.admin", body).json["code"] == "edited_meanwhile"
    assert hr.get("/api/skill-map", "shanghai.hr").json["skill_map"]["updated_by"] == "hq.hr"

"""Builders for the training tests: an employee hired with an interview baseline, the AI
report the baseline came from (stored where the scoring pipeline stores it), and the
onboarding plan ``employee.created`` makes for the employee."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

from hireflow.bootstrap import services
from hireflow.onboarding.model import OnboardingPlan
from hireflow.people.model import BaselineDimension, Employee
from hireflow.platform import aws
from hireflow.platform.ids import new_id
from hireflow.platform.store import Repository
from hireflow.scoring.model import (
    AnswerAssessment,
    AnswerScores,
    ContentFeatures,
    DimensionEvidence,
    DimensionResult,
    InterviewReport,
    ReportAnswer,
    RubricFinding,
    Score,
    Segment,
    SpeechFeatures,
    Transcript,
    VisionFeatures,
)
from hireflow.scoring.reports import report_key

SHANGHAI_POSITION = "shanghai-customer-service"
NAMES = {
    "communication": ("Communication", "沟通", 0.35),
    "problem_solving": ("Problem solving", "解决问题", 0.35),
    "teamwork": ("Teamwork", "团队合作", 0.30),
}
_numbers = itertools.count(1)


def baseline(**combined: float | None) -> list[BaselineDimension]:
    """The interview baseline: ``combined`` scores by dimension (ai and human around it)."""
    return [
        BaselineDimension(
            key=key,
            name=NAMES[key][0],
            name_zh=NAMES[key][1],
            weight=NAMES[key][2],
            ai=None if score is None else score - 4,
            human=None if score is None else score + 3,
            combined=score,
        )
        for key, score in combined.items()
    ]


def hired(
    scores: dict[str, float | None],
    *,
    branch_id: str = "shanghai",
    position_id: str = SHANGHAI_POSITION,
    start_date: date | None = None,
    manager_id: str | None = None,
) -> Employee:
    """An employee stored as hiring stores one, with the given combined scores."""
    number = next(_numbers)
    employee = Employee(
        number=f"E2026{number:05d}",
        candidate_id=new_id(),
        name=f"王芳{number}",
        email=f"new.hire.{number}@example.com",
        phone=f"+86139{number:08d}",
        locale="zh",
        branch_id=branch_id,
        department="客服部",
        position_id=position_id,
        position_title="客户服务专员",
        start_date=start_date or date.today() + timedelta(days=7),
        manager_id=manager_id,
        offer_id=new_id(),
        baseline_round=1,
        baseline=baseline(**scores),
    )
    return Repository(Employee).create(employee)


def segment(start: float, text: str) -> Segment:
    return Segment(start=start, end=start + 4, text=text)


def assessment(
    question_id: str,
    said: list[Segment],
    *,
    content: float,
    delivery: float,
    rubric: dict[str, bool] | None = None,
    delivery_parts: dict[str, float] | None = None,
    speech: dict[str, Any] | None = None,
) -> AnswerAssessment:
    parts = delivery_parts or {"pace": 90.0, "fluency": 90.0, "flow": 90.0, "fullness": 90.0}
    return AnswerAssessment(
        question_id=question_id,
        duration=60.0,
        transcript=Transcript(language="zh", model="test", segments=said),
        speech=SpeechFeatures(
            **{
                "words": 120,
                "speaking_seconds": 40.0,
                "words_per_minute": 200.0,
                "fillers": 2,
                "filler_ratio": 0.02,
                "filler_words": ["嗯"],
                "long_pauses": [],
                "pause_share": 0.05,
                **(speech or {}),
            }
        ),
        content=ContentFeatures(
            rubric=[
                RubricFinding(key=label, label=label, covered=covered)
                for label, covered in (rubric or {}).items()
            ],
            rubric_coverage=None,
            rubric_in_order=None,
            exemplar_similarity=None,
            closest_moment=None,
            star=None,
        ),
        vision=VisionFeatures(
            frames=10,
            face_present=1.0,
            several_faces=0.0,
            centred=1.0,
            frontal=1.0,
            brightness=120.0,
            sharpness=150.0,
            several_faces_at=[],
            model="test",
        ),
        scores=AnswerScores(
            content=Score(value=content, formula="", parts={}),
            delivery=Score(value=delivery, formula="", parts=parts),  # type: ignore[arg-type]
            presence=Score(value=100.0, formula="", parts={}),
        ),
        flags=[],
        models={},
    )


QUESTIONS = {
    "complaint": (
        "顾客因为发货延迟而投诉，你会怎么处理？",
        "A customer complains about a late delivery.",
    ),
    "teamwork": (
        "讲一次你和同事意见不同的经历。",
        "Tell us about a disagreement with a colleague.",
    ),
}


def interview_report(
    employee: Employee,
    dimensions: dict[str, list[DimensionEvidence]],
    answers: list[AnswerAssessment],
    *,
    missing_rubric: dict[str, list[str]] | None = None,
    ai_dropped: str | None = None,
) -> InterviewReport:
    """The AI report of the employee's interview (in Chinese)."""
    return InterviewReport(
        candidate_id=employee.candidate_id,
        round=1,
        position_id=employee.position_id,
        template_id="customer-facing",
        template_version=1,
        language="zh",
        created_at="2026-02-01T10:00:00+00:00",
        overall=55.0,
        dimensions=[
            DimensionResult(
                key=key,
                weight=NAMES[key][2],
                score=round(sum(e.score for e in found) / len(found), 1) if found else None,
                formula="",
                evidence=found,
            )
            for key, found in dimensions.items()
        ],
        suggestion="",
        integrity_flags=[],
        key_moments={},
        missing_rubric=missing_rubric or {},
        percentile=None,
        compared_with=0,
        answers=[
            ReportAnswer(
                question_id=a.question_id,
                question=QUESTIONS[a.question_id][0],
                question_zh=QUESTIONS[a.question_id][0],
                question_en=QUESTIONS[a.question_id][1],
                media_key=None,
                assessment=a,
            )
            for a in answers
        ],
        models={},
        ai_dropped=ai_dropped,
    )


def store_report(report: InterviewReport) -> InterviewReport:
    """The report in the media bucket, where the scoring pipeline stores it."""
    aws.client("s3").put_object(
        Bucket=services().settings.media_bucket,
        Key=report_key(report.candidate_id, report.round, "json"),
        Body=report.model_dump_json().encode(),
    )
    return report


def onboarding_plan(hr: Any, employee: Employee, *, mentor: str | None = None) -> OnboardingPlan:
    """The employee's plan as ``employee.created`` makes it (``OnboardingService.start``:
    HQ's closest template, then the courses of ``TrainingPlanner.courses_for``), with the
    user ``mentor`` (a username) named mentor by HQ's HR."""
    services().onboarding.start(employee.id)
    if mentor:
        named = hr.put(
            f"/api/employees/{employee.id}/onboarding/mentor",
            "hq.hr",
            {"mentor_id": hr.user_id(mentor)},
        )
        assert named.status == 200, named.text
    plan = services().onboarding.onboarding.plan(employee.id)
    assert plan is not None
    return plan

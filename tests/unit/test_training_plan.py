"""Training personalised from the interview: a dimension that scored below the position's
line adds the course HQ mapped to it, with the score, the line and what the interview
showed; nothing else does (docs/onboarding.md)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hireflow.bootstrap import services
from hireflow.onboarding.evidence import evidence_lines
from hireflow.onboarding.model import CourseReason
from hireflow.onboarding.training import EVIDENCE_COURSE_DUE_DAYS
from hireflow.scoring.model import DimensionEvidence
from tests.support.training import (
    SHANGHAI_POSITION,
    assessment,
    baseline,
    hired,
    interview_report,
    onboarding_plan,
    segment,
    store_report,
)


def add_course(hr, course_id: str, title: str, title_zh: str, exam: float | None = None) -> None:
    body = {
        "id": course_id,
        "title": title,
        "title_zh": title_zh,
        "provider": "HQ Academy",
        "hours": 4,
        "exam_passing_score": exam,
    }
    reply = hr.post("/api/training/courses", "hq.hr", body)
    assert reply.status == 201, reply.text


def catalogue(hr) -> None:
    """Three courses; communication maps to the complaints course for every position."""
    add_course(hr, "CS-101", "Handling complaints", "投诉处理", exam=80)
    add_course(hr, "TEAM-1", "Working in a team", "团队协作")
    add_course(hr, "PRODUCT-1", "Our products", "产品知识", exam=60)
    mapped = hr.put(
        "/api/training/dimension-map/communication/*", "hq.hr", {"course_ids": ["CS-101"]}
    )
    assert mapped.status == 200, mapped.text


def weak_communication(employee):
    """The interview's evidence: the complaint answer missed two rubric points."""
    return interview_report(
        employee,
        {
            "communication": [
                DimensionEvidence(
                    question_id="complaint", score=38.0, content=30.0, delivery=62.0, presence=None
                ),
                DimensionEvidence(
                    question_id="teamwork", score=58.0, content=55.0, delivery=64.0, presence=None
                ),
            ]
        },
        [
            assessment(
                "complaint",
                [segment(3.2, "我会先给他退款，然后就结束了"), segment(9.0, "嗯")],
                content=30.0,
                delivery=62.0,
                rubric={"倾听": True, "道歉": False, "解决": True, "跟进": False},
            ),
            assessment("teamwork", [segment(1.0, "我们商量了一下")], content=55.0, delivery=64.0),
        ],
        missing_rubric={"complaint": ["道歉", "跟进"]},
    )


def planner():
    return services().training_planner


def test_a_dimension_below_its_line_adds_its_course_with_the_score_the_line_and_the_evidence(hr):
    catalogue(hr)
    employee = hired({"communication": 48.0, "problem_solving": 72.0, "teamwork": 66.0})
    store_report(weak_communication(employee))

    tasks = planner().courses_for(employee)

    assert [t.course_id for t in tasks] == ["CS-101"]
    task = tasks[0]
    assert (task.id, task.kind, task.owner) == ("course-CS-101", "training", "new_hire")
    assert (task.title, task.title_zh) == ("Handling complaints", "投诉处理")
    assert task.due == employee.start_date + timedelta(days=EVIDENCE_COURSE_DUE_DAYS)
    reason = task.reason
    assert reason is not None
    assert (reason.source, reason.dimension, reason.dimension_name_zh) == (
        "dimension",
        "communication",
        "沟通",
    )
    assert (reason.score, reason.threshold) == (48.0, 60.0)
    # The weakest answer, what was said in it, and the next answer also below the line.
    assert reason.evidence == [
        "“顾客因为发货延迟而投诉，你会怎么处理？”：38/100，未涉及道歉、跟进",
        "0:03 “我会先给他退款，然后就结束了”",
        "“讲一次你和同事意见不同的经历。”：58/100，内容 55/100",
    ]


def test_at_or_above_the_line_adds_nothing(hr):
    catalogue(hr)
    employee = hired({"communication": 60.0, "problem_solving": 45.0, "teamwork": 90.0})
    store_report(weak_communication(employee))
    # Problem solving is weak, but HQ mapped no course to it: nothing to add either.
    assert planner().courses_for(employee) == []


def test_a_dimension_without_a_combined_score_adds_nothing(hr):
    catalogue(hr)
    employee = hired({"communication": None, "problem_solving": 70.0, "teamwork": 70.0})
    assert planner().courses_for(employee) == []


@pytest.mark.parametrize(
    ("pass_line", "score", "added"),
    [(None, 59.9, True), (None, 60.0, False), (75.0, 70.0, True), (50.0, 55.0, False)],
    ids=["below-60", "at-60", "below-own-75", "above-own-50"],
)
def test_the_line_is_the_positions_pass_line_else_60(hr, pass_line, score, added):
    catalogue(hr)
    position = hr.get(f"/api/positions/{SHANGHAI_POSITION}", "hq.hr").json
    model = position["competency_model"]
    for dimension in model["dimensions"]:
        if dimension["key"] == "communication":
            dimension["pass_line"] = pass_line
    changed = hr.patch(
        f"/api/positions/{SHANGHAI_POSITION}",
        "shanghai.hr",
        {"competency_model": model, "revision": position["revision"]},
    )
    assert changed.status == 200, changed.text
    employee = hired({"communication": score, "problem_solving": 80.0, "teamwork": 80.0})

    tasks = planner().courses_for(employee)

    assert [t.course_id for t in tasks] == (["CS-101"] if added else [])
    if added:
        assert tasks[0].reason.threshold == (pass_line or 60.0)  # type: ignore[union-attr]


def test_a_course_both_planned_and_called_for_appears_once_with_the_dimensions_reason(hr):
    catalogue(hr)
    plan = {
        "courses": [
            {"course_id": "PRODUCT-1", "due_offset_days": 3},
            {"course_id": "CS-101", "due_offset_days": 10},
        ]
    }
    assert hr.put(f"/api/training/position-plans/{SHANGHAI_POSITION}", "hq.hr", plan).status == 200
    employee = hired({"communication": 40.0, "problem_solving": 80.0, "teamwork": 80.0})
    store_report(weak_communication(employee))

    tasks = planner().courses_for(employee)

    assert [(t.course_id, t.due - employee.start_date) for t in tasks] == [
        ("PRODUCT-1", timedelta(days=3)),
        ("CS-101", timedelta(days=10)),  # the position plan's date
    ]
    assert tasks[0].reason == CourseReason(source="position")
    assert tasks[1].reason is not None and tasks[1].reason.source == "dimension"
    assert tasks[1].reason.score == 40.0


def test_a_positions_own_mapping_replaces_the_general_one_and_retired_courses_stay_out(hr):
    catalogue(hr)
    own = {"course_ids": ["TEAM-1", "PRODUCT-1"]}
    assert (
        hr.put(f"/api/training/dimension-map/communication/{SHANGHAI_POSITION}", "hq.hr", own)
    ).status == 200
    product = hr.get("/api/training/courses", "shanghai.hr").json
    retired = next(c for c in product if c["id"] == "PRODUCT-1")
    assert (
        hr.put("/api/training/courses/PRODUCT-1", "hq.hr", {**retired, "active": False}).status
        == 200
    )
    employee = hired({"communication": 40.0, "problem_solving": 80.0, "teamwork": 80.0})

    assert [t.course_id for t in planner().courses_for(employee)] == ["TEAM-1"]


def test_no_ai_evidence_says_the_interviewers_mark_and_no_mark_says_nothing():
    line = 60.0
    people = baseline(communication=45.0)[0]
    assert evidence_lines(None, people, line, "zh") == ["面试官评分 48；该维度没有 AI 证据"]
    assert evidence_lines(None, people, line, "en") == [
        "interviewers' mark 48; no AI evidence for this dimension"
    ]
    ai_only = people.model_copy(update={"human": None})
    assert evidence_lines(None, ai_only, line, "zh") == []


def test_weak_delivery_names_the_feature_that_pulled_the_answer_down():
    report = interview_report(
        _Employee(),  # type: ignore[arg-type]
        {
            "communication": [
                DimensionEvidence(
                    question_id="complaint", score=41.0, content=70.0, delivery=35.0, presence=None
                )
            ]
        },
        [
            assessment(
                "complaint",
                [segment(65.0, "嗯，那个，就是，我会处理")],
                content=70.0,
                delivery=35.0,
                delivery_parts={"pace": 80.0, "fluency": 20.0, "flow": 70.0, "fullness": 90.0},
                speech={"filler_ratio": 0.18, "filler_words": ["嗯", "那个", "就是", "嗯"]},
            )
        ],
    )
    lines = evidence_lines(report, baseline(communication=44.0)[0], 60.0, "zh")
    assert lines == [
        "“顾客因为发货延迟而投诉，你会怎么处理？”：41/100，口头禅占 18%（嗯、那个、就是）",
        "1:05 “嗯，那个，就是，我会处理”",
        "面试官 47 分，AI 40 分",  # who scored the dimension: one answer, people too
    ]


class _Employee:
    """What ``interview_report`` reads of an employee (no table needed)."""

    candidate_id = "c-1"
    position_id = SHANGHAI_POSITION


def test_a_course_hqs_template_names_keeps_its_task_and_takes_the_dimensions_reason(hr):
    """The plan made from employee.created: HQ's template already has the course."""
    catalogue(hr)
    template = {
        "name": "Customer service",
        "position_id": SHANGHAI_POSITION,
        "tasks": [
            {
                "key": "complaints-course",
                "title": "Handling complaints",
                "kind": "training",
                "owner": "new_hire",
                "due_offset_days": 14,
                "course_id": "CS-101",
            }
        ],
    }
    assert hr.post("/api/onboarding/templates", "hq.hr", template).status == 201
    employee = hired({"communication": 40.0, "problem_solving": 80.0, "teamwork": 80.0})
    store_report(weak_communication(employee))

    plan = onboarding_plan(hr, employee)

    courses = [t for t in plan.tasks if t.course_id == "CS-101"]
    assert [t.id for t in courses] == ["complaints-course"]
    assert courses[0].due == employee.start_date + timedelta(days=14)
    assert courses[0].reason is not None and courses[0].reason.source == "dimension"
    assert courses[0].reason.evidence[0].startswith("“顾客因为发货延迟而投诉")


def test_an_english_interviews_evidence_is_in_english():
    report = interview_report(
        _Employee(),  # type: ignore[arg-type]
        {
            "communication": [
                DimensionEvidence(
                    question_id="complaint", score=30.0, content=20.0, delivery=70.0, presence=None
                )
            ]
        },
        [
            assessment(
                "complaint",
                [segment(2.0, "I would give a refund and close the ticket")],
                content=20.0,
                delivery=70.0,
            )
        ],
        missing_rubric={"complaint": ["apologise", "follow up"]},
    ).model_copy(update={"language": "en"})
    people_only = baseline(communication=35.0)[0].model_copy(update={"human": None})
    assert evidence_lines(report, people_only, 60.0, "en") == [
        "“A customer complains about a late delivery.”: 30/100, missed apologise, follow up",
        "0:02 “I would give a refund and close the ticket”",
    ]

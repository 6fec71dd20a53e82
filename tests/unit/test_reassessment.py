"""Periodic re-assessment (docs/analytics.md): an employee re-assessed through the
candidates' own steps (no state machine: each step run as it would run), the scores kept
with the employee, history and all; which employees a schedule makes due; a daily run
that invites nobody twice."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from hireflow.bootstrap import services
from hireflow.people.model import (
    Employee,
    LatestReassessment,
    ReassessmentSchedule,
)
from hireflow.people.reassessment import due
from hireflow.platform.stepfunctions import StateMachine
from hireflow.platform.store import Repository
from hireflow.recruiting.model import Candidate, Dashboard
from hireflow.recruiting.status import CandidateStatus
from hireflow.scoring.model import AiDimensionScores
from tests.support.builders import hired
from tests.unit.test_lifecycle import DEADLINE, run

KEYS = ["communication", "problem_solving", "teamwork"]
NOW = datetime(2026, 6, 1, 4, 0, tzinfo=UTC)  # noon in China
TODAY = date(2026, 6, 1)


def reassessment_of(employee_id: str) -> Candidate:
    latest = services().reassessments.reassessments.latest(employee_id)
    assert latest is not None
    candidate = services().candidates.candidates.get(latest.candidate_id)
    assert candidate is not None and candidate.employee_id == employee_id
    return candidate


def test_an_employee_is_re_assessed_like_a_candidate_and_the_result_joins_the_record(
    hr, monkeypatch
):
    resumed: list[dict[str, Any]] = []
    monkeypatch.setattr(
        StateMachine, "send_success", staticmethod(lambda token, out: resumed.append(out) or True)
    )
    employee = hired(hr, name="复评员工", onboard=False, baseline=dict.fromkeys(KEYS, 60.0))
    path = f"/api/employees/{employee.id}/reassessments"
    counted = Dashboard.counters("shanghai")
    assert hr.post(path, "shanghai.interviewer", {}).status in (403, 404)
    started = hr.post(path, "shanghai.hr", {})
    assert started.status == 201, started.text
    assert started.json["latest"]["open"] and not started.json["may_start"]
    assert hr.post(path, "hq.hr", {}).json["code"] == "reassessment_open"
    cid = reassessment_of(employee.id).id

    # The candidates' steps, unchanged: the invitation goes to the employee's contact.
    run("send_invitation", cid, deadline=DEADLINE)
    run("interview_completed", cid)
    services().reviews.scoring.store_ai_scores(
        AiDimensionScores(
            candidate_id=cid,
            round=1,
            dimensions=dict(zip(KEYS, [70, 50, 80], strict=True)),
            overall=66.0,
        )
    )
    # The manager reviews it: the lifecycle is not asked for a decision before that.
    assert run("report_ready", cid) == {"status": "in_review", "final": False}
    run("await_review", cid, task_token=cid)
    assert resumed == []
    scores = dict(zip(KEYS, [80, 60, 90], strict=True))
    reply = hr.post(f"/api/candidates/{cid}/reviews", "shanghai.manager", {"scores": scores})
    assert reply.status == 201, reply.text
    assert resumed == [{"decision": "reassessed", "round": 1}]
    refused = hr.post(f"/api/candidates/{cid}/decision", "shanghai.hr", {"decision": "offer"})
    assert refused.json["code"] == "reassessment_not_decided"

    # The machine's CloseReassessment, and its retry.
    assert run("close_reassessment", cid)["overall"] == 72.0  # 76, 56, 86 by 35 %, 35 %, 30 %
    assert run("close_reassessment", cid) == {"status": "reassessed"}

    current = services().reassessments.assessments.current(employee)
    assert current.source == "reassessment" and current.candidate_id == cid
    # Scored the hiring baseline's way: ai 40 % + reviewers 60 % per dimension.
    assert [d.combined for d in current.dimensions] == [76.0, 56.0, 86.0]
    history = hr.get(path, "shanghai.hr").json
    assert [row["source"] for row in history["assessments"]] == ["hiring", "reassessment"]
    assert history["assessments"][1]["change"] == {
        "communication": 16.0,
        "problem_solving": -4.0,
        "teamwork": 26.0,
    }
    assert history["latest"]["status"] == "reassessed" and history["may_start"]
    assert hr.get(path, "shenzhen.hr").status == 404

    # Told as an employee, never treated as a candidate: no letter, no list, no funnel.
    mail = [m["subject"] for m in hr.outbox(employee.email) if m["channel"] == "email"]
    assert len(mail) == 2 and "定期复评" in mail[0], mail
    listed = hr.get("/api/candidates", "hq.hr", query={"branch_id": "shanghai"}).json["items"]
    assert cid not in [c["id"] for c in listed]
    assert cid not in [c["id"] for c in hr.get("/api/candidates", "shanghai.manager").json["items"]]
    assert Dashboard.counters("shanghai") == counted
    assert services().employees.employees.hired_as(cid) is None


def employee(
    *,
    branch: str = "shanghai",
    position: str = "shanghai-customer-service",
    months_ago: int = 30,
    **changes: Any,
) -> Employee:
    hired_at = NOW - timedelta(days=months_ago * 30.5)
    return Employee(
        number="E1",
        candidate_id="c0",
        name="王芳",
        email="wang.fang@example.com",
        phone="+8613900000001",
        locale="zh",
        branch_id=branch,
        department="客服部",
        position_id=position,
        position_title="客户服务专员",
        start_date=hired_at.date(),
        offer_id="o1",
        baseline_round=1,
        created_at=hired_at,
        **changes,
    )


def schedule(**changes: Any) -> ReassessmentSchedule:
    fields = {"name": "core staff", "every_months": 24, "min_tenure_months": 12, **changes}
    return ReassessmentSchedule(created_by="hq.hr", **fields)


def latest(months_ago: int, closed: bool) -> LatestReassessment:
    at = NOW - timedelta(days=months_ago * 30.5)
    return LatestReassessment(
        employee_id="e",
        branch_id="shanghai",
        candidate_id="c1",
        started_at=at,
        started_by="schedule",
        closed_at=at + timedelta(days=5) if closed else None,
    )


S = CandidateStatus


@pytest.mark.parametrize(
    ("case", "the_schedule", "the_employee", "the_latest", "status", "expected"),
    [
        ("hired 30 months ago, every 24", schedule(), employee(), None, None, True),
        ("hired 20 months ago", schedule(), employee(months_ago=20), None, None, False),
        ("tenure short of the minimum", schedule(every_months=6, min_tenure_months=36),
         employee(), None, None, False),
        ("re-assessed 10 months ago", schedule(), employee(), latest(10, True), None, False),
        ("re-assessed 25 months ago", schedule(), employee(months_ago=60), latest(25, True),
         None, True),
        ("one open for 25 months", schedule(), employee(months_ago=60), latest(25, False),
         S.IN_REVIEW, False),
        ("one ran out 25 months ago", schedule(), employee(months_ago=60), latest(25, False),
         S.EXPIRED, True),
        ("one ran out last month", schedule(), employee(), latest(1, False), S.EXPIRED, False),
        ("another branch", schedule(branch_id="shenzhen"), employee(), None, None, False),
        ("its branch", schedule(branch_id="shanghai"), employee(), None, None, True),
        ("another position", schedule(position_id="shenzhen-store-supervisor"), employee(),
         None, None, False),
        ("paused", schedule(active=False), employee(), None, None, False),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)  # fmt: skip
def test_which_employees_a_schedule_makes_due(
    case, the_schedule, the_employee, the_latest, status, expected
):
    assert due(the_schedule, the_employee, the_latest, TODAY, status) is expected, case


def test_the_daily_run_invites_each_due_employee_once(hr):
    body = {"name": "核心员工两年一评", "every_months": 24, "min_tenure_months": 12}
    assert hr.post("/api/reassessment-schedules", "shanghai.hr", body).status == 403
    made = hr.post("/api/reassessment-schedules", "hq.hr", {**body, "branch_id": "shanghai"})
    assert made.status == 201, made.text
    bad = hr.post("/api/reassessment-schedules", "hq.hr", {**body, "template_id": "nope"})
    assert bad.json["code"] == "bad_schedule"
    staff = {
        "due": employee(),
        "new": employee(months_ago=6),
        "shenzhen": employee(branch="shenzhen", position="shenzhen-store-supervisor"),
    }
    for person in staff.values():
        Repository(Employee).create(person)
    reassessments = services().reassessments
    assert reassessments.run(NOW) == 1
    assert reassessments.run(NOW + timedelta(hours=1)) == 0  # done for the day
    assert reassessments.run(NOW + timedelta(days=1)) == 0  # the one started is open
    started = {
        name: reassessments.reassessments.latest(person.id) for name, person in staff.items()
    }
    assert [name for name, found in started.items() if found] == ["due"]
    assert started["due"].schedule_id == made.json["id"]
    edited = hr.put(
        f"/api/reassessment-schedules/{made.json['id']}",
        "hq.hr",
        {**body, "active": False, "revision": made.json["revision"]},
    )
    assert edited.status == 200 and not edited.json["active"], edited.text
    audit = hr.get("/api/audit", "hq.hr").json
    assert "reassessment_schedule.update" in str(audit)

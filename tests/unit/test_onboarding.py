"""Onboarding as its users meet it: the plan an employee gets from HQ's template with
real dates, the owners' tasks (overdue first), the mentor, each branch's progress, and
``employee.created`` delivered twice."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from hireflow.bootstrap import services
from hireflow.platform.events import EventBridgePublisher
from tests.support import template_function
from tests.support.builders import hired

TEMPLATE_BODY = {
    "name": "客服入职",
    "position_id": "shanghai-customer-service",
    "tasks": [
        {
            "key": "id_card",
            "title": "ID card copy",
            "title_zh": "身份证复印件",
            "kind": "document",
            "owner": "new_hire",
            "due_offset_days": -5,
            "document_type": "id_card",
        },
        {
            "key": "headset",
            "title": "Headset and phone line",
            "title_zh": "耳机和电话线路",
            "kind": "equipment",
            "owner": "it",
            "due_offset_days": -1,
        },
        {
            "key": "shadowing",
            "title": "Shadow a senior associate",
            "title_zh": "跟岗学习",
            "kind": "meeting",
            "owner": "mentor",
            "due_offset_days": 3,
        },
    ],
    "what_to_bring_zh": ["身份证原件"],
}


@pytest.fixture
def published(monkeypatch):
    seen: list[tuple[str, dict]] = []
    publish = EventBridgePublisher.publish

    def recording(self, detail_type, detail):
        publish(self, detail_type, detail)
        seen.append((detail_type, detail))

    monkeypatch.setattr(EventBridgePublisher, "publish", recording)
    return seen


def plan_of(hr, employee_id: str, user: str = "shanghai.hr") -> dict:
    reply = hr.get(f"/api/employees/{employee_id}/onboarding", user)
    assert reply.status == 200, reply.json
    return reply.json


def test_the_plan_has_the_company_templates_tasks_on_real_dates(hr):
    employee = hired(hr, start_in_days=14)
    plan = plan_of(hr, employee.id)
    assert plan["template_id"] == "company-onboarding"
    due = {t["id"]: date.fromisoformat(t["due"]) for t in plan["tasks"]}
    assert due["id_card"] == employee.start_date - timedelta(days=7)
    assert due["computer"] == employee.start_date - timedelta(days=2)
    assert due["mentor_week"] == employee.start_date + timedelta(days=5)
    assert [t["due"] for t in plan["tasks"]] == sorted(t["due"] for t in plan["tasks"])
    assert (plan["done"], plan["total"], plan["status"]) == (0, 9, "active")


def test_a_positions_own_template_wins_over_the_company_default(hr):
    made = hr.post("/api/onboarding/templates", "hq.hr", TEMPLATE_BODY)
    assert made.status == 201, made.json
    employee = hired(hr)
    plan = plan_of(hr, employee.id)
    assert plan["template_id"] == made.json["id"]
    assert [t["id"] for t in plan["tasks"]] == ["id_card", "headset", "shadowing"]
    # Shenzhen's hires keep the company's template.
    other = hired(hr, branch_id="shenzhen", position_id="shenzhen-store-supervisor", manager=None)
    assert plan_of(hr, other.id, "hq.hr")["template_id"] == "company-onboarding"


def test_employee_created_delivered_twice_makes_one_plan_and_one_started_event(hr, published):
    employee = hired(hr, onboard=False)
    function = template_function("EmployeeEventsFunction")
    with open("events/employee_created.json", encoding="utf-8") as sample:
        event = json.load(sample)
    event["detail"]["employee_id"] = employee.id
    for _ in range(2):
        result, error = function.invoke(event, "us-east-1")
        assert error is None, result
    assert [d for d, _ in published].count("onboarding.started") == 1
    assert plan_of(hr, employee.id)["total"] == 9


def test_it_sees_its_tasks_overdue_first_and_completes_them(hr, published):
    late = hired(hr, name="迟到者", start_in_days=1)  # computer was due yesterday
    hired(hr, name="新人", start_in_days=20)
    tasks = hr.get("/api/onboarding/tasks", "shanghai.it").json
    assert {t["task"]["owner"] for t in tasks} == {"it"}
    assert tasks[0]["overdue"] and tasks[0]["employee_name"] == "迟到者"
    assert [t["overdue"] for t in tasks] == sorted((t["overdue"] for t in tasks), reverse=True)
    done = hr.post(
        f"/api/employees/{late.id}/onboarding/tasks/computer/complete",
        "shanghai.it",
        {"note": "ThinkPad T14, 资产编号 SH-0231"},
    )
    assert done.status == 200, done.json
    assert done.json["status"] == "done" and done.json["note"].startswith("ThinkPad")
    assert ("onboarding.task_completed", "computer") in [
        (d, detail.get("task_id")) for d, detail in published
    ]
    left = hr.get("/api/onboarding/tasks", "shanghai.it").json
    assert ("computer", late.id) not in [(t["task"]["id"], t["employee_id"]) for t in left]


def test_tasks_are_completed_by_their_owner_or_hr_and_documents_by_their_review(hr):
    employee = hired(hr)
    path = f"/api/employees/{employee.id}/onboarding/tasks"
    assert hr.post(f"{path}/welcome/complete", "shanghai.interviewer", {}).status == 404
    assert hr.post(f"{path}/welcome/complete", "shenzhen.hr", {}).status == 404
    assert hr.post(f"{path}/computer/complete", "shanghai.manager", {}).status == 404
    assert hr.post(f"{path}/welcome/complete", "shanghai.manager", {}).status == 200
    assert hr.post(f"{path}/badge/complete", "shanghai.hr", {}).status == 200
    refused = hr.post(f"{path}/id_card/complete", "shanghai.hr", {})
    assert (refused.status, refused.json["code"]) == (409, "task_completed_elsewhere")


def test_the_manager_names_a_mentor_who_is_told_and_follows_the_plan(hr):
    employee = hired(hr)
    path = f"/api/employees/{employee.id}/onboarding"
    mentor_id = hr.user_id("shanghai.interviewer")
    assert hr.get(path, "shanghai.interviewer").status == 404  # not yet their mentee
    candidates = hr.get(f"{path}/mentors", "shanghai.manager").json
    assert mentor_id in [p["user_id"] for p in candidates]
    outsider = hr.put(f"{path}/mentor", "shanghai.manager", {"mentor_id": hr.user_id("hq.hr")})
    assert (outsider.status, outsider.json["code"]) == (422, "mentor_not_in_branch")
    named = hr.put(f"{path}/mentor", "shanghai.manager", {"mentor_id": mentor_id})
    assert named.status == 200 and named.json["mentor"]["user_id"] == mentor_id
    told = hr.outbox("shanghai.interviewer@example.com")
    assert any("导师" in m["subject"] and employee.name in m["subject"] for m in told)
    assert hr.get(path, "shanghai.interviewer").status == 200
    shadow = f"{path}/tasks/mentor_week/complete"
    assert hr.post(shadow, "shanghai.interviewer", {}).status == 200
    # The mentor follows; naming another is for the manager or HR.
    again = hr.put(f"{path}/mentor", "shanghai.interviewer", {"mentor_id": mentor_id})
    assert again.status == 403


def test_progress_per_branch_hq_sees_every_branch_hr_only_its_own(hr):
    shanghai = hired(hr)
    hired(hr, branch_id="shenzhen", position_id="shenzhen-store-supervisor", manager=None)
    hr.post(f"/api/employees/{shanghai.id}/onboarding/tasks/badge/complete", "shanghai.hr", {})
    everywhere = hr.get("/api/onboarding/progress", "hq.hr").json
    assert [b["branch_id"] for b in everywhere] == ["shanghai", "shenzhen"]
    own = hr.get("/api/onboarding/progress", "shanghai.hr").json
    assert [b["branch_id"] for b in own] == ["shanghai"]
    (hire,) = own[0]["new_hires"]
    assert (hire["name"], hire["done"], hire["total"]) == (shanghai.name, 1, 9)
    assert hr.get("/api/onboarding/progress", "shanghai.interviewer").status == 403


def test_only_hq_writes_templates_and_a_document_task_is_the_new_hires(hr):
    assert hr.post("/api/onboarding/templates", "shanghai.hr", TEMPLATE_BODY).status == 403
    wrong = json.loads(json.dumps(TEMPLATE_BODY))
    wrong["tasks"][0]["owner"] = "hr"
    refused = hr.post("/api/onboarding/templates", "hq.hr", wrong)
    assert refused.status == 422
    made = hr.post("/api/onboarding/templates", "hq.hr", TEMPLATE_BODY).json
    changed = dict(TEMPLATE_BODY, name="客服入职 v2", revision=made["revision"])
    updated = hr.put(f"/api/onboarding/templates/{made['id']}", "hq.hr", changed)
    assert updated.status == 200 and updated.json["version"] == 2
    stale = hr.put(f"/api/onboarding/templates/{made['id']}", "hq.hr", changed)
    assert stale.status == 409


def test_a_plan_already_made_keeps_its_tasks_when_the_template_changes(hr):
    employee = hired(hr)
    before = plan_of(hr, employee.id)["tasks"]
    template = services().onboarding.onboarding.template("company-onboarding")
    assert template is not None
    hr.put(
        "/api/onboarding/templates/company-onboarding",
        "hq.admin",
        {
            **template.model_dump(
                mode="json",
                include={"name", "position_id", "branch_id", "department", "what_to_bring"},
            ),
            "tasks": [t.model_dump(mode="json") for t in template.tasks[:2]],
        },
    )
    assert plan_of(hr, employee.id)["tasks"] == before

"""Course results: the mentor (or HR, HQ, the new hire) records a completion and its exam;
a pass completes the course once, a failed exam is kept and the course stays open; the
mentor sees the mentees' courses and why each was added (docs/onboarding.md)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from hireflow.bootstrap import services
from hireflow.onboarding.results import NEW_HIRE
from hireflow.platform.events import EventBridgePublisher
from tests.support.training import hired, onboarding_plan, store_report
from tests.unit.test_training_plan import catalogue, weak_communication

YESTERDAY = (date.today() - timedelta(days=1)).isoformat()


@pytest.fixture
def published(monkeypatch):
    """The (detail-type, detail) put on the event bus."""
    seen = []
    publish = EventBridgePublisher.publish

    def recording(self, detail_type, detail):
        publish(self, detail_type, detail)
        seen.append((detail_type, detail))

    monkeypatch.setattr(EventBridgePublisher, "publish", recording)
    return seen


def mentored(hr, mentor: str = "shanghai.interviewer"):
    """A Shanghai new hire weak in communication, mentored by ``mentor``, managed by
    Shanghai's hiring manager: the plan has the complaints course for that reason."""
    catalogue(hr)
    employee = hired(
        {"communication": 48.0, "problem_solving": 75.0, "teamwork": 70.0},
        manager_id=hr.user_id("shanghai.manager"),
    )
    store_report(weak_communication(employee))
    onboarding_plan(hr, employee, mentor=mentor)
    return employee


def result_path(employee, task_id: str = "course-CS-101") -> str:
    return f"/api/employees/{employee.id}/training/{task_id}/result"


def course_of(training: dict, course_id: str = "CS-101") -> dict:
    return next(c for c in training["courses"] if c["course_id"] == course_id)


def test_the_mentor_sees_why_a_course_was_added_and_records_its_exam(hr, published):
    employee = mentored(hr)

    mine = hr.get("/api/mentees", "shanghai.interviewer").json
    assert [m["employee_id"] for m in mine] == [employee.id]
    course = course_of(mine[0])
    assert course["reason"]["dimension"] == "communication"
    assert (course["reason"]["score"], course["reason"]["threshold"]) == (48.0, 60.0)
    assert course["reason"]["evidence"][0].startswith("“顾客因为发货延迟而投诉")
    assert (course["exam_passing_score"], course["status"]) == (80.0, "open")
    total = mine[0]["tasks_total"]  # HQ's template's tasks and the course
    assert mine[0]["tasks_done"] == 0 and total > 1

    reply = hr.post(
        result_path(employee), "shanghai.interviewer", {"completed_on": YESTERDAY, "exam_score": 86}
    )

    assert reply.status == 200, reply.text
    done = course_of(reply.json)
    assert done["status"] == "done"
    assert done["result"]["passed"] is True and done["result"]["exam_score"] == 86
    assert done["result"]["recorded_by"] == hr.user_id("shanghai.interviewer")
    assert (reply.json["tasks_done"], reply.json["tasks_total"]) == (1, total)
    completed = [d for t, d in published if t == "training.completed"]
    assert len(completed) == 1
    assert (completed[0]["course_id"], completed[0]["exam_score"], completed[0]["passed"]) == (
        "CS-101",
        86,
        True,
    )
    assert completed[0]["employee_id"] == employee.id and "name" not in completed[0]
    assert "onboarding.task_completed" in [t for t, _ in published]
    # On the audit trail of the branch, as the mentor's change.
    entries = hr.get("/api/audit", "shanghai.hr").json["items"]
    assert any(
        e["action"] == "training.result_recorded" and e["entity_id"] == employee.id for e in entries
    )


def test_a_result_recorded_twice_is_harmless_and_publishes_once(hr, published):
    employee = mentored(hr)
    body = {"completed_on": YESTERDAY, "exam_score": 90}
    first = hr.post(result_path(employee), "shanghai.hr", body)
    again = hr.post(result_path(employee), "shanghai.hr", body)
    assert (first.status, again.status) == (200, 200)
    assert course_of(again.json)["result"] == course_of(first.json)["result"]
    assert [t for t, _ in published].count("training.completed") == 1
    # Another result for a completed course: the completion stands.
    other = hr.post(result_path(employee), "shanghai.hr", {**body, "exam_score": 95})
    assert other.status == 409 and other.json["code"] == "training_already_completed"
    assert other.json["params"]["exam_score"] == 90


def test_an_exam_below_the_passing_score_is_kept_and_the_course_stays_open(hr, published):
    employee = mentored(hr)
    failed = hr.post(
        result_path(employee), "shanghai.interviewer", {"completed_on": YESTERDAY, "exam_score": 70}
    )
    assert failed.status == 200, failed.text
    course = course_of(failed.json)
    assert course["status"] == "open"
    assert course["result"]["passed"] is False and course["result"]["exam_score"] == 70
    assert "training.completed" not in [t for t, _ in published]

    retaken = hr.post(
        result_path(employee), "shanghai.interviewer", {"completed_on": YESTERDAY, "exam_score": 81}
    )
    assert course_of(retaken.json)["status"] == "done"
    assert [t for t, _ in published].count("training.completed") == 1


def test_a_course_with_an_exam_needs_its_score_and_a_result_cannot_be_in_the_future(hr):
    employee = mentored(hr)
    missing = hr.post(result_path(employee), "shanghai.hr", {"completed_on": YESTERDAY})
    assert missing.status == 422 and missing.json["code"] == "exam_score_required"
    assert missing.json["params"] == {"passing_score": 80.0}
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    future = hr.post(
        result_path(employee), "shanghai.hr", {"completed_on": tomorrow, "exam_score": 90}
    )
    assert future.status == 422 and future.json["code"] == "completed_in_future"
    unknown = hr.post(result_path(employee, "welcome"), "shanghai.hr", {"completed_on": YESTERDAY})
    assert unknown.status == 404 and unknown.json["code"] == "training_task_not_found"


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("shanghai.interviewer", 200),  # the mentor
        ("shanghai.hr", 200),
        ("hq.hr", 200),
        ("shenzhen.hr", 404),  # another branch: no such employee
        ("shanghai.manager", 403),  # the manager reads the training, does not record it
        ("shanghai.it", 404),  # nobody to this employee
    ],
)
def test_who_records_a_result(hr, user, status):
    employee = mentored(hr)
    reply = hr.post(result_path(employee), user, {"completed_on": YESTERDAY, "exam_score": 85})
    assert reply.status == status, reply.text
    seen = hr.get(f"/api/employees/{employee.id}/training", user)
    assert seen.status == (404 if status == 404 else 200)
    if status == 200:
        assert seen.json["may_record"] is True
        assert course_of(seen.json)["status"] == "done"
    elif status == 403:
        assert reply.json["code"] == "training_result_not_allowed"
        assert seen.json["may_record"] is False


def test_an_interviewer_who_is_not_the_mentor_is_refused(hr):
    employee = mentored(hr, mentor="shanghai.manager")
    reply = hr.post(
        result_path(employee), "shanghai.interviewer", {"completed_on": YESTERDAY, "exam_score": 85}
    )
    assert reply.status == 404
    assert hr.get("/api/mentees", "shanghai.interviewer").json == []
    plan = services().training_results.onboarding.plan(employee.id)
    assert plan is not None and plan.task("course-CS-101").training is None  # type: ignore[union-attr]


def test_the_new_hire_records_in_the_portal(hr, published):
    employee = mentored(hr)
    view = services().training_results.record_result(
        NEW_HIRE, employee.id, "course-CS-101", date.today(), 92.0
    )
    assert course_of(view.model_dump(mode="json"))["result"]["recorded_by"] == "new_hire"
    own = services().training_results.of_new_hire(employee.id).model_dump(mode="json")
    assert course_of(own)["reason"]["dimension"] == "communication"
    assert course_of(own)["status"] == "done"
    assert [t for t, _ in published].count("training.completed") == 1


def test_the_mentees_list_shows_only_the_callers_mentees(hr):
    mine = mentored(hr)
    theirs = hired({"communication": 30.0}, manager_id=hr.user_id("shanghai.manager"))
    onboarding_plan(hr, theirs, mentor="shanghai.manager")
    unassigned = hired({"communication": 30.0})
    onboarding_plan(hr, unassigned)

    assert [m["employee_id"] for m in hr.get("/api/mentees", "shanghai.interviewer").json] == [
        mine.id
    ]
    assert [m["employee_id"] for m in hr.get("/api/mentees", "shanghai.manager").json] == [
        theirs.id
    ]
    assert hr.get("/api/mentees", "shanghai.hr").json == []


def test_only_hq_changes_the_training_set_up_and_every_change_is_audited(hr):
    course = {"id": "SALES-2", "title": "Selling", "provider": "Vendor", "hours": 2}
    assert hr.post("/api/training/courses", "shanghai.hr", course).status == 403
    assert hr.post("/api/training/courses", "hq.admin", course).status == 201
    again = hr.post("/api/training/courses", "hq.hr", course)
    assert again.status == 409 and again.json["code"] == "course_exists"
    bad_id = hr.post("/api/training/courses", "hq.hr", {**course, "id": "a#b"})
    assert bad_id.status == 422 and bad_id.json["errors"][0]["code"] == "course_id_pattern"
    unknown = hr.put(
        "/api/training/position-plans/shanghai-customer-service",
        "hq.hr",
        {"courses": [{"course_id": "NOPE", "due_offset_days": 1}]},
    )
    assert unknown.status == 422 and unknown.json["code"] == "unknown_courses"
    assert hr.get("/api/training/courses", "shanghai.interviewer").status == 200
    assert hr.get("/api/training/dimension-map", "shanghai.hr").status == 403
    mapping = "/api/training/dimension-map/teamwork/*"
    assert hr.put(mapping, "hq.hr", {"course_ids": ["SALES-2"]}).status == 200
    assert [m["dimension"] for m in hr.get("/api/training/dimension-map", "hq.hr").json] == [
        "teamwork"
    ]
    assert hr.call("DELETE", mapping, "hq.hr").status == 204
    assert hr.call("DELETE", mapping, "hq.hr").status == 404
    actions = {e["action"] for e in hr.get("/api/audit", "hq.admin").json["items"]}
    assert {"course.add", "training_map.put", "training_map.delete"} <= actions


def test_the_positions_line_is_kept_with_its_competency_model(hr):
    position = hr.get("/api/positions/shanghai-customer-service", "shanghai.hr").json
    model = position["competency_model"]
    model["dimensions"][0]["pass_line"] = 101
    refused = hr.patch(
        "/api/positions/shanghai-customer-service", "shanghai.hr", {"competency_model": model}
    )
    assert refused.status == 422
    model["dimensions"][0]["pass_line"] = 70
    kept = hr.patch(
        "/api/positions/shanghai-customer-service", "shanghai.hr", {"competency_model": model}
    )
    assert kept.json["competency_model"]["dimensions"][0]["pass_line"] == 70

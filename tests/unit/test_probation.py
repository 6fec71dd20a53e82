"""The probation review: the manager asked once, 14 days before the end (and again for an
extension's new end); the decision with a score per dimension next to the interview's,
stored with the employee and published once; the law's six months; who may decide."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta

from hireflow.bootstrap import services
from hireflow.onboarding.model import CHINA_TIME, ProbationRepository, china_day
from hireflow.onboarding.probation import open_probation
from hireflow.people.model import Employee
from hireflow.platform.events import EventBridgePublisher
from hireflow.platform.ids import now
from hireflow.platform.unit_of_work import UnitOfWork
from tests.support.builders import hired

# The hires below started 70 days ago (the builder counts from today's UTC date) with the
# offer's three months: their probation ends in about 20 days.
START = now().date() - timedelta(days=70)
END = START + relativedelta(months=3)
LIMIT = START + relativedelta(months=6)  # the law's longest probation
MANAGER = "shanghai.manager@example.com"
ASKED = "转正评估"  # the ask's subject, in the manager's language
SCORES = {"communication": 80, "problem_solving": 70, "teamwork": 60}
BASELINE = {"communication": 75.0, "problem_solving": 65.0, "teamwork": 85.0}


def on_probation(
    hr, name: str = "王芳", *, started: int = 70, months: int = 3, **hire: Any
) -> Employee:
    """A hire ``started`` days ago on the offer's ``months`` of probation, with an
    interview baseline; the probation opened as onboarding opens it with the plan."""
    employee = hired(
        hr,
        name=name,
        start_in_days=-started,
        probation_months=months,
        baseline=BASELINE,
        onboard=False,
        **hire,
    )
    with UnitOfWork(services().outbox) as uow:
        open_probation(uow, employee)
        uow.commit()
    return employee


def days_left(end: date) -> int:
    return (end - china_day(now())).days


@pytest.fixture
def published(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The detail of every probation.decided that reached the bus."""
    seen: list[dict[str, Any]] = []
    publish = EventBridgePublisher.publish

    def recording(self: EventBridgePublisher, detail_type: str, detail: Any) -> None:
        publish(self, detail_type, detail)
        if detail_type == "probation.decided":
            seen.append(detail)

    monkeypatch.setattr(EventBridgePublisher, "publish", recording)
    return seen


def ask(day: date, hour: int = 9) -> int:
    at = datetime.combine(day, time(hour), CHINA_TIME)
    return services().schedule.reminders(at).probation_messages


def path(new_hire) -> str:
    return f"/api/employees/{new_hire.id}/probation"


def decision(**changes: Any) -> dict[str, Any]:
    return {
        "period": 1,
        "outcome": "confirmed",
        "scores": SCORES,
        "comment": "按时完成了所有培训，客户反馈良好。",
        **changes,
    }


def field_codes(reply) -> dict[str, str]:
    return {e["field"]: e["code"] for e in reply.json.get("errors", [])}


# ---------------------------------------------------------------------- asking


def test_the_manager_is_asked_once_fourteen_days_before_the_end_and_not_before(hr):
    new_hire = on_probation(hr)
    assert ask(END - timedelta(days=15), hour=23) == 0
    assert [m for m in hr.outbox(MANAGER) if ASKED in m["subject"]] == []
    assert ask(END - timedelta(days=14), hour=0) == 1
    ask(END - timedelta(days=14), hour=1)
    ask(END - timedelta(days=13))  # late, or again: asked already
    ask(END + timedelta(days=3))  # the end passed undecided: still once
    (asked,) = [m for m in hr.outbox(MANAGER) if ASKED in m["subject"]]
    assert str(END) in asked["subject"] and new_hire.name in asked["subject"]
    assert f"#/employees/{new_hire.id}" in asked["body"]
    view = hr.get(path(new_hire), "shanghai.manager").json
    assert view["asked_at"] is not None


def test_an_extension_opens_a_new_period_with_a_new_ask_for_the_new_end(hr):
    new_hire = on_probation(hr)
    ask(END - timedelta(days=14))
    new_end = END + timedelta(days=30)
    extended = hr.post(
        path(new_hire), "shanghai.manager", decision(outcome="extended", extended_to=str(new_end))
    )
    assert extended.status == 201, extended.text
    assert extended.json["period"] == 2 and extended.json["probation_end"] == str(new_end)
    assert extended.json["asked_at"] is None  # not asked for the new period yet
    # The employee's record carries the new end.
    assert hr.get(f"/api/employees/{new_hire.id}", "shanghai.hr").json["probation_end"] == str(
        new_end
    )
    assert ask(new_end - timedelta(days=15)) == 0
    assert ask(new_end - timedelta(days=14)) == 1
    ask(new_end - timedelta(days=10))
    asks = [m["subject"] for m in hr.outbox(MANAGER) if ASKED in m["subject"]]
    assert len(asks) == 2 and str(new_end) in asks[1]


def test_without_a_manager_the_branchs_hr_is_asked(hr):
    on_probation(hr, "赵敏", manager=None)
    assert ask(END - timedelta(days=14)) == 1
    (asked,) = [m for m in hr.outbox("shanghai.hr@example.com") if ASKED in m["subject"]]
    assert "赵敏" in asked["subject"]


# ---------------------------------------------------------------------- deciding


def test_the_view_compares_each_dimension_with_the_interview(hr):
    new_hire = on_probation(hr)
    view = hr.get(path(new_hire), "shanghai.manager").json
    assert view["probation_end"] == str(END) and view["days_left"] == days_left(END)
    assert view["longest_end"] == str(LIMIT) and view["actions"] == ["decide"]
    assert [(d["key"], d["name_zh"], d["baseline"]) for d in view["dimensions"]] == [
        ("communication", "沟通", 75.0),
        ("problem_solving", "解决问题", 65.0),
        ("teamwork", "团队合作", 85.0),
    ]
    assert view["reviews"] == []


def test_the_decision_stores_the_scores_and_weighted_overall_and_is_published_once(hr, published):
    new_hire = on_probation(hr)
    body = decision()
    first = hr.post(path(new_hire), "shanghai.manager", body)
    assert first.status == 201, first.text
    (review,) = first.json["reviews"]
    # 80 x .35 + 70 x .35 + 60 x .30
    assert review["overall"] == 70.5 and review["outcome"] == "confirmed"
    assert {s["key"]: s["score"] for s in review["scores"]} == SCORES
    assert review["reviewer"] == "Shanghai Hiring Manager" and review["on_behalf_of"] is None
    assert first.json["open"] is False and first.json["decided"] == "confirmed"
    assert first.json["actions"] == []
    # A retried request is harmless; a different decision of the period is refused.
    again = hr.post(path(new_hire), "shanghai.manager", body)
    assert again.status == 201 and len(again.json["reviews"]) == 1
    other = hr.post(path(new_hire), "shanghai.manager", decision(outcome="not_confirmed"))
    assert other.status == 409 and other.json["code"] == "probation_decided"
    assert other.json["params"] == {"period": 1, "outcome": "confirmed"}
    assert [(e["review"], e["outcome"], e["overall"]) for e in published] == [
        (1, "confirmed", 70.5)
    ]
    assert published[0]["employee_id"] == new_hire.id and published[0]["extended_to"] is None
    stored = ProbationRepository().reviews(new_hire.id)
    assert len(stored) == 1 and stored[0].score_of("teamwork") == 60
    # The decided probation leaves the list of reviews due.
    assert hr.get("/api/probation/due", "shanghai.manager").json == []


def test_hr_records_the_managers_review_and_both_are_kept(hr, published):
    new_hire = on_probation(hr)
    reply = hr.post(path(new_hire), "hq.hr", decision(outcome="not_confirmed"))
    assert reply.status == 201, reply.text
    (review,) = reply.json["reviews"]
    assert review["reviewer_id"] == hr.user_id("hq.hr") and review["reviewer"] == "HQ HR"
    assert review["on_behalf_of"] == hr.user_id("shanghai.manager")
    assert review["on_behalf_of_name"] == "Shanghai Hiring Manager"
    trail = hr.get(
        "/api/audit/search", "hq.hr", query={"action": "probation.", "branch_id": "shanghai"}
    ).json["items"]
    assert [(e["action"], e["entity_id"], e["actor"]) for e in trail] == [
        ("probation.decide", new_hire.id, "hq.hr")
    ]
    assert [e["outcome"] for e in published] == ["not_confirmed"]


@pytest.mark.parametrize(
    "changes, code, fields",
    [
        (
            {"scores": {"communication": 80, "problem_solving": 70}},
            "score_every_dimension",
            {"scores.teamwork": "missing"},
        ),
        (
            {"scores": {**SCORES, "punctuality": 90}},
            "score_every_dimension",
            {"scores.punctuality": "not_a_dimension"},
        ),
        (
            {"scores": {**SCORES, "teamwork": 101}},
            "invalid_request",
            {"scores.teamwork": "less_than_equal"},
        ),
        ({"comment": "   "}, "invalid_request", {"comment": "review_comment_required"}),
        ({"comment": None}, "invalid_request", {"comment": "string_type"}),
        ({"outcome": "extended"}, "extended_to_required", {"extended_to": "extended_to_required"}),
        (
            {"outcome": "extended", "extended_to": str(END)},
            "extension_not_later",
            {"extended_to": "extension_not_later"},
        ),
        (
            {"outcome": "extended", "extended_to": str(LIMIT + timedelta(days=1))},
            "probation_over_six_months",
            {"extended_to": "probation_over_six_months"},
        ),
        (
            {"extended_to": str(END + timedelta(days=10))},
            "extended_to_unexpected",
            {"extended_to": "extended_to_unexpected"},
        ),
    ],
    ids=[
        "missing-dimension",
        "unknown-dimension",
        "score-above-100",
        "blank-comment",
        "no-comment",
        "extension-without-date",
        "extension-not-later",
        "beyond-six-months",
        "date-without-extension",
    ],
)
def test_a_decision_is_refused_with_the_reason_under_its_field(
    hr, published, changes, code, fields
):
    new_hire = on_probation(hr)
    reply = hr.post(path(new_hire), "shanghai.manager", decision(**changes))
    assert reply.status == 422, reply.text
    assert reply.json["code"] == code and field_codes(reply) == fields
    assert published == [] and ProbationRepository().reviews(new_hire.id) == []


def test_a_missing_comment_is_named(hr):
    new_hire = on_probation(hr)
    body = decision()
    del body["comment"]
    reply = hr.post(path(new_hire), "shanghai.manager", body)
    assert reply.status == 422 and field_codes(reply) == {"comment": "missing"}


def test_an_extension_to_exactly_six_months_is_allowed_and_the_refusal_names_the_limit(hr):
    new_hire = on_probation(hr)
    beyond = hr.post(
        path(new_hire),
        "shanghai.manager",
        decision(outcome="extended", extended_to=str(LIMIT + timedelta(days=1))),
    )
    assert beyond.json["params"] == {"start_date": str(START), "limit": str(LIMIT)}
    assert "six months" in beyond.json["message"]
    at_limit = hr.post(
        path(new_hire), "shanghai.manager", decision(outcome="extended", extended_to=str(LIMIT))
    )
    assert at_limit.status == 201, at_limit.text
    # The second period is decided on its own; period 1 is settled.
    second = hr.post(path(new_hire), "shanghai.manager", decision(period=2))
    assert second.status == 201 and [r["period"] for r in second.json["reviews"]] == [1, 2]
    stale = hr.post(path(new_hire), "shanghai.manager", decision(period=3))
    assert stale.status == 409 and stale.json["code"] == "not_the_open_period"


def test_an_employee_without_probation_has_nothing_to_decide(hr):
    made = hired(hr, onboard=False)
    stored = services().employees.employees.get(made.id)
    with UnitOfWork(services().outbox) as uow:  # an offer without probation
        uow.save(stored.model_copy(update={"probation_end": None}))
        uow.commit()
    new_hire = stored
    view = hr.get(path(new_hire), "shanghai.hr").json
    assert view["probation_end"] is None and view["actions"] == []
    reply = hr.post(path(new_hire), "shanghai.hr", decision())
    assert reply.status == 409 and reply.json["code"] == "no_probation"


# ---------------------------------------------------------------------- who


@pytest.mark.parametrize(
    "user, status, code",
    [
        ("shanghai.manager", 404, "employee_not_found"),  # a manager, not this employee's
        ("shenzhen.hr", 404, "employee_not_found"),  # HR of another branch
        ("shanghai.interviewer", 403, "role_required"),  # never reviews probation
        ("gm.approver", 403, "role_required"),
    ],
)
def test_only_the_manager_hr_of_the_branch_and_hq_decide(hr, published, user, status, code):
    someone_elses = on_probation(hr, manager="hq.admin")
    reply = hr.post(path(someone_elses), user, decision())
    assert (reply.status, reply.json["code"]) == (status, code)
    assert hr.get(path(someone_elses), user).status == 404  # nothing to read either
    assert published == []
    assert hr.post(path(someone_elses), "shanghai.hr", decision()).status == 201


def test_the_reviews_due_are_the_callers_people_ending_within_thirty_days(hr):
    mine = on_probation(hr, "李雷")
    later = on_probation(hr, "韩梅梅", started=-20, months=1)  # ends in about 50 days
    not_mine = on_probation(hr, "张伟", manager="hq.admin")
    shenzhen = on_probation(
        hr,
        "刘洋",
        started=75,
        manager=None,
        branch_id="shenzhen",
        position_id="shenzhen-store-supervisor",
    )  # fmt: skip  (ends a few days before the others)

    def due(user: str, **query: str) -> list[str]:
        reply = hr.get("/api/probation/due", user, query=query or None)
        assert reply.status == 200, reply.text
        return [item["employee_id"] for item in reply.json]

    assert due("shanghai.manager") == [mine.id]
    assert sorted(due("shanghai.hr")) == sorted([mine.id, not_mine.id])
    assert due("shenzhen.hr") == [shenzhen.id]
    assert due("hq.hr")[0] == shenzhen.id  # the earliest end first
    assert sorted(due("hq.hr")) == sorted([mine.id, not_mine.id, shenzhen.id])
    assert due("hq.hr", branch_id="shenzhen") == [shenzhen.id]
    assert later.id not in due("hq.hr")
    assert hr.get("/api/probation/due", "shanghai.interviewer").status == 403
    item = hr.get("/api/probation/due", "shanghai.manager").json[0]
    assert item["days_left"] == days_left(END) and item["asked"] is False

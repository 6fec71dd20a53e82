"""Performance data in and the 15 % rule (docs/analytics.md): the rule's edges, KPI
formula versions and the computed overall, the import's row errors and a harmless
re-import, the EHR's signature, probation reviews as performance data, and who reaches an
employee's performance."""

from __future__ import annotations

import json
import time
from dataclasses import replace

import pytest

from hireflow.bootstrap import services
from hireflow.integrations.inbound import EHR_CALLER
from hireflow.integrations.signing import signature_header
from hireflow.people.model import PerformanceRepository
from hireflow.people.performance import ReviewInput
from tests.support.training import hired
from tests.unit.test_probation import SCORES, on_probation
from tests.workbooks import workbook

MANAGER = "shanghai.manager"
SALES = {
    "terms": [
        {"key": "sales_completion", "name": "Sales completion", "name_zh": "销售完成率",
         "weight": 0.6, "scale": "completion"},
        {"key": "satisfaction", "name": "Customer satisfaction", "name_zh": "客户满意度",
         "weight": 0.4, "scale": "percent"},
    ]
}  # fmt: skip


@pytest.fixture
def courses(hr) -> None:
    """A course mapped to communication (every position): what a suggestion offers."""
    course = {"id": "COMM-1", "title": "Clear answers", "title_zh": "清晰表达",
              "provider": "Academy", "hours": 2}  # fmt: skip
    assert hr.post("/api/training/courses", "hq.hr", course).status == 201
    mapped = {"course_ids": ["COMM-1"]}
    assert hr.put("/api/training/dimension-map/communication/*", "hq.hr", mapped).status == 200


# (assessed, performance, threshold or None for the default, a suggestion made?)
RULE = [
    (100, 85.1, None, False),  # 14.9 % below
    (100, 84.9, None, True),  # 15.1 % below
    (80, 68, None, False),  # exactly 15 %: not more than it
    (100, 88, 0.10, True),  # the setting lowered: 12 % is a gap
    (100, 84.9, 0.20, False),  # the setting raised
    (None, 10, None, False),  # the assessment never measured the dimension
]


def test_the_15_percent_rule(hr, courses):
    for assessed, performance, threshold, expected in RULE:
        gaps = services().performance_gaps
        if threshold is not None:
            gaps = replace(gaps, threshold=threshold)
        employee = hired(
            {"communication": assessed, "teamwork": 90}, manager_id=hr.user_id(MANAGER)
        )
        entry = ReviewInput(period="2026-H1", dimensions={"communication": performance})
        services().performance.save(EHR_CALLER, employee, entry, "hr")
        made = gaps.reviewed(employee.id, "2026-H1")
        label = (assessed, performance, threshold)
        # Teamwork, not reviewed, is ignored (a missing dimension makes nothing up).
        assert [s.dimension for s in made] == (["communication"] if expected else []), label
        # The same event delivered again makes nothing more.
        assert gaps.reviewed(employee.id, "2026-H1") == [], label
        kept = hr.get(f"/api/employees/{employee.id}/training-suggestions", MANAGER).json
        assert len(kept) == (1 if expected else 0), label


def test_a_gap_is_suggested_once_to_the_manager_who_accepts_or_dismisses(hr, courses):
    employee = hired({"communication": 80, "teamwork": 70}, manager_id=hr.user_id(MANAGER))
    services().onboarding.start(employee.id)
    review = {"period": "2026-Q3", "dimensions": {"communication": 50, "teamwork": 70},
              "overall": 60, "comment": "答复客户时条理不清"}  # fmt: skip
    path = f"/api/employees/{employee.id}"
    recorded = hr.post(f"{path}/performance", MANAGER, review)
    assert recorded.status == 201, recorded.text
    row = recorded.json["reviews"][0]["dimensions"]
    assert [(d["key"], d["below"]) for d in row] == [
        ("communication", True), ("problem_solving", False), ("teamwork", False)
    ]  # fmt: skip
    for _ in range(2):  # EventBridge delivers at least once
        services().performance_gaps.reviewed(employee.id, "2026-Q3")
    suggestions = hr.get(f"{path}/training-suggestions", MANAGER).json
    assert [(s["dimension"], s["gap"]) for s in suggestions] == [("communication", 0.375)]
    assert suggestions[0]["review_comment"] == "答复客户时条理不清"
    mails = [m for m in hr.outbox() if "清晰表达" in m["body"] or "Clear answers" in m["body"]]
    assert len(mails) == 1
    accepted = hr.post(f"{path}/training-suggestions/{suggestions[0]['id']}/accept", MANAGER)
    assert accepted.status == 200, accepted.text
    plan = hr.get(f"{path}/training", "shanghai.hr").json
    assert "COMM-1" in json.dumps(plan)
    again = hr.post(f"{path}/training-suggestions/{suggestions[0]['id']}/dismiss", MANAGER,
                    {"reason": "late"})  # fmt: skip
    assert again.status == 409 and again.json["code"] == "suggestion_decided"


def test_kpi_formula_versions_and_the_computed_overall(hr):
    position = "/api/positions/shanghai-customer-service/kpi-formula"
    assert hr.put(position, "shanghai.hr", SALES).status == 403  # HQ's
    assert hr.put(position, "hq.hr", SALES).json["current"]["version"] == 1
    changed = {
        "terms": [{**SALES["terms"][0], "weight": 0.5}, {**SALES["terms"][1], "weight": 0.5}]
    }
    assert hr.put(position, "hq.hr", changed).json["current"]["version"] == 2
    bad = {"terms": [{**SALES["terms"][0], "weight": 0.7}, SALES["terms"][1]]}
    assert hr.put(position, "hq.hr", bad).status == 422
    employee = hired({"communication": 70})
    path = f"/api/employees/{employee.id}/performance"
    # 50 % x min(100, 1.2 x 100) + 50 % x 88: completion is capped at 100.
    kpis = {"sales_completion": 1.2, "satisfaction": 88}
    made = hr.post(path, "hq.hr", {"period": "2026", "kpis": kpis})
    assert made.status == 201, made.text
    stored = made.json["reviews"][0]["review"]
    assert (stored["overall"], stored["formula_version"]) == (94.0, 2)
    typed = hr.post(path, "hq.hr", {"period": "2025", "kpis": kpis, "overall": 80})
    assert typed.json["code"] == "overall_is_computed", typed.text
    partial = hr.post(path, "hq.hr", {"period": "2025", "kpis": {"satisfaction": 88}})
    assert partial.json["code"] == "kpis_not_the_formula"
    versions = hr.get(position, "shanghai.hr").json["versions"]
    assert [v["version"] for v in versions] == [2, 1]


def test_import_reports_row_errors_and_a_second_import_changes_nothing(hr):
    ours = hired({"communication": 70})
    theirs = hired({"communication": 70}, branch_id="shenzhen")
    data = workbook(
        [
            ["员工编号", "考核周期", "沟通", "Teamwork", "综合得分", "评估人", "评语"],
            [ours.number, "2026-H1", 82, 75, 80, "李经理", "稳定"],  # 3 recorded
            ["E404", "2026-H1", 82, 75, 80, "李经理", ""],  # 4 unknown
            [ours.number, "2026-H2", 150, 75, 80, "李经理", ""],  # 5 bad score
            [ours.number, "probation-1", 82, 75, 80, "李经理", ""],  # 6 reserved
            [theirs.number, "2026-H1", 82, 75, 80, "李经理", ""],  # 7 another branch's
        ],
        title_rows=1,
    )
    headers = {"Content-Type": "application/octet-stream"}

    def run():
        reply = hr.post("/api/performance/import", "shanghai.hr", binary=data, headers=headers)
        assert reply.status == 200, reply.text
        return reply.json

    first = run()
    assert [r["row"] for r in first["recorded"]] == [3]
    assert [(e["row"], e["code"]) for e in first["errors"]] == [
        (4, "no_such_employee"),
        (5, "less_than_equal"),
        (6, "probation_period_reserved"),
        (7, "no_such_employee"),
    ]
    stored = PerformanceRepository().get(ours.id, "2026-H1")
    assert stored is not None and stored.source == "import"
    assert (stored.score_of("communication"), stored.score_of("teamwork")) == (82, 75)
    assert stored.reviewer_name == "李经理"
    second = run()
    assert second["recorded"] == [] and second["unchanged"] == [3]
    assert PerformanceRepository().get(ours.id, "2026-H1").revision == stored.revision


def test_the_ehr_posts_only_with_the_current_secret(hr):
    employee = hired({"communication": 70})
    assert hr.post("/api/integrations/ehr/secret", "hq.hr").status == 403  # the admin's
    secret = hr.post("/api/integrations/ehr/secret", "hq.admin").json["secret"]
    body = json.dumps({"employee_number": employee.number, "period": "2026-Q1",
                       "dimensions": {"communication": 66}, "overall": 70}).encode()  # fmt: skip

    def post(key: str, stamp: int | None = None):
        stamp = stamp or int(time.time())
        headers = {"Content-Type": "application/json", "X-Hireflow-Timestamp": str(stamp),
                   "X-Hireflow-Signature": signature_header([key], stamp, body)}  # fmt: skip
        return hr.post("/api/ehr/performance", None, binary=body, headers=headers)

    assert post("not-the-secret").status == 401
    assert post(secret, int(time.time()) - 3600).status == 401  # a replay
    assert hr.post("/api/ehr/performance", None, binary=body).status == 401
    good = post(secret)
    assert good.status == 200 and good.json["outcome"] == "recorded", good.text
    assert post(secret).json["outcome"] == "unchanged"
    stored = PerformanceRepository().get(employee.id, "2026-Q1")
    assert stored is not None and stored.source == "ehr"


def test_a_probation_decision_is_performance_data_and_reach_is_the_reviewers(hr):
    employee = on_probation(hr)
    path = f"/api/employees/{employee.id}"
    decision = {"period": 1, "outcome": "confirmed", "scores": SCORES, "comment": "好"}
    decided = hr.post(f"{path}/probation", MANAGER, decision)
    assert decided.status == 201, decided.text
    view = hr.get(f"{path}/performance", MANAGER).json
    review = view["reviews"][0]["review"]
    assert (review["period"], review["source"]) == ("probation-1", "probation")
    assert {d["key"]: d["score"] for d in review["dimensions"]} == SCORES
    for user, status in [("hq.hr", 200), ("shanghai.hr", 200), ("shenzhen.hr", 404),
                         ("shanghai.interviewer", 404)]:  # fmt: skip
        assert hr.get(f"{path}/performance", user).status == status, user
    other = hired({"communication": 70})  # no manager: not the manager's report
    assert hr.get(f"/api/employees/{other.id}/performance", MANAGER).status == 404

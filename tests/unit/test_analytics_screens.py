"""The analytics screens' API (docs/analytics.md "Reading the results"): HQ reads what the
job stored, a branch its own group view, a manager their own people; HQ applies a weight
proposal only when nothing stands against it; demographic answers are voluntary, kept
apart and never shown to HR."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook

from hireflow.analytics.model import AnalyticsRepository, DemographicsRepository
from tests.support import analytics
from tests.support.builders import invited
from tests.unit.test_portal import Portal, verified

HQ_ROUTES = [
    "/api/analytics/overview",
    "/api/analytics/validity",
    "/api/analytics/weight-proposals",
    "/api/analytics/calibration",
    "/api/analytics/fairness",
    "/api/analytics/demographic-categories",
]
NOT_HQ = ["shanghai.hr", "shanghai.manager", "shanghai.interviewer", "gm.approver"]


@pytest.fixture
def stored(hr):
    return analytics.store(hr.user_id("shanghai.manager"))


def test_hq_reads_every_result_and_no_one_else_does(hr, stored):
    read = {path: hr.get(path, "hq.hr") for path in HQ_ROUTES}
    assert {path: reply.status for path, reply in read.items()} == dict.fromkeys(HQ_ROUTES, 200)
    overview = read["/api/analytics/overview"].json
    assert overview["last_run"]["employees"] == 260
    assert (overview["positions"], overview["positions_with_enough_data"]) == (2, 1)
    assert overview["open_proposals"] == 1
    alerts = {
        (a["kind"], (a.get("branch") or {}).get("id"), a.get("value")) for a in overview["alerts"]
    }
    assert alerts == {("calibration", "shanghai", None), ("fairness", None, "50+"),
                      ("proposal", None, None)}  # fmt: skip
    validity = {v["position"]["id"]: v for v in read["/api/analytics/validity"].json}
    assert validity["shenzhen-store-supervisor"]["dimensions"][0]["r"] is None  # n = 12
    assert validity["shanghai-customer-service"]["ranked"][0] == "communication"
    [proposal] = read["/api/analytics/weight-proposals"].json
    assert (proposal["current_error"], proposal["proposed_error"]) == (12.4, 10.1)
    [fair] = read["/api/analytics/fairness"].json
    unknown = fair["stages"][0]["cells"][2]
    assert unknown["suppressed"] and unknown["rate"] is None and unknown["n"] == 4
    assert read["/api/analytics/demographic-categories"].json["categories"] == []
    for user in NOT_HQ:
        refused = {path: hr.get(path, user).status for path in HQ_ROUTES}
        assert refused == dict.fromkeys(HQ_ROUTES, 403), user


@pytest.mark.parametrize(
    ("user", "query", "status", "people", "groups"),
    [
        ("hq.hr", None, 200, {"E001", "E002", "E003"}, 3),
        ("hq.admin", {"branch_id": "shenzhen"}, 200, {"E003"}, 2),
        ("shanghai.hr", None, 200, {"E001", "E002"}, 2),
        ("shanghai.hr", {"branch_id": "shenzhen"}, 403, None, None),
        # A manager: only the people reporting to them, no group averages.
        ("shanghai.manager", None, 200, {"E001"}, 0),
        ("shanghai.interviewer", None, 403, None, None),
        ("gm.approver", None, 403, None, None),
    ],
)
def test_the_group_view_shows_each_caller_only_their_reach(
    hr, stored, user, query, status, people, groups
):
    reply = hr.get("/api/analytics/groups", user, query=query)
    assert reply.status == status, reply.text
    if status == 200:
        assert {i["number"] for i in reply.json["high_fit_low_performance"]} == people
        assert len(reply.json["groups"]) == groups


def _template(hr) -> dict:
    return hr.get("/api/templates/customer-facing", "hq.hr").json


def _move_template_on(hr) -> None:
    current = _template(hr)
    body = {k: current[k] for k in ("name", "stages", "dimension_weights", "feature_weights")}
    saved = hr.put("/api/templates/customer-facing", "hq.hr", {**body, "base_version": 1})
    assert saved.status == 200, saved.text


REFUSALS = {
    "impact_check_missing": lambda hr: AnalyticsRepository().store(
        analytics.proposal(id="p-refused", adverse_impact=None)
    ),
    "impact_check_alert": lambda hr: AnalyticsRepository().store(
        analytics.proposal(id="p-refused", adverse_impact=analytics.impact_check(0.7))
    ),
    "template_moved_on": lambda hr: (
        AnalyticsRepository().store(analytics.proposal(id="p-refused")),
        _move_template_on(hr),
    ),
    "proposal_not_open": lambda hr: AnalyticsRepository().store(
        analytics.proposal(id="p-refused", status="dismissed")
    ),
}


@pytest.mark.parametrize("code", sorted(REFUSALS))
def test_a_proposal_is_not_applied_when_something_stands_against_it(hr, code):
    REFUSALS[code](hr)
    version = _template(hr)["version"]
    refused = hr.post("/api/analytics/weight-proposals/p-refused/apply", "hq.admin", {})
    assert (refused.status, refused.json["code"]) == (409, code), refused.text
    assert _template(hr)["version"] == version
    assert (
        hr.get("/api/analytics/weight-proposals/p-refused", "hq.hr").json["applied_version"] is None
    )


def test_applying_makes_a_new_template_version_moves_the_positions_and_is_audited(hr, stored):
    path = f"/api/analytics/weight-proposals/{stored.proposal_id}/apply"
    assert hr.post(path, "shanghai.hr", {}).status == 403
    applied = hr.post(path, "hq.admin", {})
    assert applied.status == 200, applied.text
    assert applied.json["template_version"] == 2
    template = _template(hr)
    assert (template["version"], template["dimension_weights"]) == (2, analytics.PROPOSED)
    assert (
        hr.get("/api/templates/customer-facing/versions/1", "hq.hr").json["dimension_weights"]
        == analytics.CURRENT
    )  # the earlier version is kept as it was
    # Both positions interviewed with the template: their overalls weigh the same way now.
    for position_id in ("shanghai-customer-service", "shenzhen-store-supervisor"):
        position = hr.get(f"/api/positions/{position_id}", "hq.hr").json
        weights = {d["key"]: d["weight"] for d in position["competency_model"]["dimensions"]}
        assert weights == analytics.PROPOSED
    assert sorted(applied.json["positions"]) == [
        "shanghai-customer-service",
        "shenzhen-store-supervisor",
    ]
    shown = hr.get(f"/api/analytics/weight-proposals/{stored.proposal_id}", "hq.hr").json
    assert (shown["status"], shown["applied_version"], shown["decided_by"]) == (
        "applied", 2, "hq.admin"
    )  # fmt: skip
    # One change, one audit entry per thing it changed.
    trail = hr.get("/api/audit", "hq.admin").json["items"]
    assert sorted((e["action"], e["entity_id"]) for e in trail if e["actor"] == "hq.admin") == [
        ("position.update", "shanghai-customer-service"),
        ("position.update", "shenzhen-store-supervisor"),
        ("template.new_version", "customer-facing"),
        ("weight_proposal.apply", stored.proposal_id),
    ]
    again = hr.post(path, "hq.admin", {})
    assert (again.status, again.json["code"]) == (409, "proposal_not_open")


def test_dismissing_needs_a_reason_and_closes_the_proposal(hr, stored):
    path = f"/api/analytics/weight-proposals/{stored.proposal_id}/dismiss"
    assert hr.post(path, "hq.hr", {"reason": ""}).status == 422
    dismissed = hr.post(path, "hq.hr", {"reason": "wait for another year of reviews"})
    assert dismissed.status == 200, dismissed.text
    assert (dismissed.json["status"], dismissed.json["dismissed_reason"]) == (
        "dismissed", "wait for another year of reviews"
    )  # fmt: skip
    assert hr.get("/api/analytics/overview", "hq.hr").json["open_proposals"] == 0
    assert _template(hr)["version"] == 1


MARKER = "band_q7zx"  # an option key nothing else in hireflow could print
CATEGORIES = {
    "categories": [
        {
            "key": "sex",
            "en": "Sex",
            "zh": "性别",
            "options": [
                {"key": "female", "en": "Female", "zh": "女"},
                {"key": "male", "en": "Male", "zh": "男"},
            ],
        },
        {
            "key": "age_band",
            "en": "Age band",
            "zh": "年龄段",
            "options": [
                {"key": MARKER, "en": "30-39", "zh": "30-39 岁"},
                {"key": "40-49", "en": "40-49", "zh": "40-49 岁"},
            ],
        },
    ]
}


def test_demographic_answers_are_voluntary_kept_apart_and_never_shown_to_hr(hr):
    assert hr.put("/api/analytics/demographic-categories", "shanghai.hr", CATEGORIES).status == 403
    reserved = {
        "categories": [
            {
                **CATEGORIES["categories"][0],
                "options": [
                    {"key": "unknown", "en": "Unknown", "zh": "未知"},
                    {"key": "male", "en": "Male", "zh": "男"},
                ],
            }
        ]
    }
    assert hr.put("/api/analytics/demographic-categories", "hq.hr", reserved).status == 422
    assert hr.put("/api/analytics/demographic-categories", "hq.hr", CATEGORIES).status == 200
    portal = Portal()
    candidate, token = invited(hr, "Han Meimei", "13800138001")
    path = f"/api/interview/{token}/demographics"
    assert portal.call("GET", path)[0] == 401  # after the phone check only
    session = verified(portal, token, "13800138001")
    status, form = portal.call("GET", path, session=session)
    assert status == 200 and [c["key"] for c in form["categories"]] == ["sex", "age_band"]
    assert form["answers"] == {}
    bad = portal.call("PUT", path, {"answers": {"religion": "x"}}, session=session)
    assert bad[0] == 422
    answers = {"sex": "prefer_not_to_say", "age_band": MARKER}
    status, saved = portal.call("PUT", path, {"answers": answers}, session=session)
    assert status == 200 and saved["answers"] == {"age_band": MARKER}
    repository = DemographicsRepository()
    assert repository.of_candidate(candidate["id"]).answers == {"age_band": MARKER}

    # Nothing HR or a reviewer reads about the candidate carries them.
    cid = candidate["id"]
    for user in ("hq.admin", "shanghai.hr", "shanghai.manager"):
        for path_read in (f"/api/candidates/{cid}", f"/api/candidates/{cid}/timeline",
                          f"/api/candidates/{cid}/report", f"/api/candidates/{cid}/reviews",
                          f"/api/candidates/{cid}/scores", "/api/candidates"):  # fmt: skip
            text = hr.get(path_read, user).raw.decode("utf-8", "replace")
            assert MARKER not in text and "age_band" not in text, (user, path_read)
    # The trail (HR read it) has HQ's choice of categories, never a candidate's answers.
    trail = hr.get("/api/audit", "hq.admin").json["items"]
    assert {e["entity"] for e in trail if "demographic" in e["entity"]} == {
        "demographic_categories"
    }
    export = hr.get("/api/candidates/export", "hq.hr", query={"lang": "en"})
    assert export.status == 200
    cells = [str(v) for sheet in load_workbook(io.BytesIO(export.raw)).worksheets
             for row in sheet.iter_rows(values_only=True) for v in row]  # fmt: skip
    assert "Han Meimei" in " ".join(cells) and not any(MARKER in c for c in cells)

    # Declining everything takes the earlier answers back; a candidate who never answers
    # has nothing stored.
    status, _ = portal.call("PUT", path, {"answers": {"sex": "prefer_not_to_say"}}, session=session)
    assert status == 200 and repository.of_candidate(cid) is None
    other, _ = invited(hr, "Li Lei", "13800138002")
    assert repository.of_candidate(other["id"]) is None
    assert json.dumps(repository.everyone()) == "[]"

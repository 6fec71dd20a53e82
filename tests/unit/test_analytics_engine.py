"""The analytics engine (docs/analytics.md): the statistics on labelled synthetic history
with a planted truth and on hand-computed tables, and the job on moto - what it stores,
what an incremental run recomputes, and that running twice changes nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from hireflow.analytics import calibration, fairness, synthetic, validity
from hireflow.analytics.facts import performance
from hireflow.analytics.job import MARKING_EVENTS, proposal
from hireflow.analytics.model import UNKNOWN, AnalyticsRepository
from hireflow.bootstrap import services
from hireflow.people.model import EmployeeRepository, PerformanceReview
from hireflow.platform.store import Repository
from tests.support import TEMPLATE, template_function
from tests.unit.test_least_privilege import _statements, allows, recorded_calls

ONE_BRANCH = synthetic.Plan(employees=400, branches=("shanghai",), over_scoring=None)


def _facts(plan: synthetic.Plan):
    facts = synthetic.facts(synthetic.generate(plan))
    return facts, performance(facts.employees, facts.reviews)


def test_validity_recovers_the_planted_relation_with_intervals_that_cover_the_truth():
    plan = synthetic.Plan(employees=300)
    facts, perf = _facts(plan)
    truth = synthetic.true_validity(plan, employees=30_000)
    found = validity.position_validity(facts, perf, 0)
    assert found.n >= 30 and found.ranked == ["communication", "problem_solving", "teamwork"]
    for dimension in found.dimensions:
        assert dimension.enough and dimension.p_value is not None
        assert dimension.ci_low <= truth[dimension.key] <= dimension.ci_high, dimension
    # Performance owes nothing to teamwork: its interval reaches 0.
    teamwork = next(d for d in found.dimensions if d.key == "teamwork")
    assert teamwork.ci_low < 0 < teamwork.ci_high


def test_the_weight_proposal_orders_the_dimensions_as_planted_and_predicts_better():
    facts, perf = _facts(ONE_BRANCH)
    found = proposal(facts, perf, 0)
    assert found is not None and found.n >= 250
    weights = found.proposed
    assert weights["communication"] > weights["problem_solving"] > weights["teamwork"]
    assert weights["teamwork"] < 0.05 and abs(sum(weights.values()) - 1) < 1e-3
    assert found.current == {"communication": 0.35, "problem_solving": 0.35, "teamwork": 0.3}
    assert found.proposed_error < found.current_error
    assert "ridge" in found.method and found.folds == 5
    # The adverse-impact check ran on the position's past candidates.
    assert found.adverse_impact and found.adverse_impact.stage == "ai_above_cut"
    assert sum(c.n for c in found.adverse_impact.cells if c.category == "sex") == 1200


def test_below_thirty_employees_only_n_is_given_and_nothing_is_proposed():
    facts, perf = _facts(synthetic.Plan(employees=25, branches=("shanghai",)))
    found = validity.position_validity(facts, perf, 0)
    assert 0 < found.n < 30 and found.ranked == []
    assert all(not d.enough and d.r is None and d.ci_low is None for d in found.dimensions)
    assert proposal(facts, perf, 0) is None


@pytest.mark.parametrize(
    ("over_scoring", "flagged"),
    [("shenzhen", {"shenzhen": "higher"}), (None, {})],
)
def test_calibration_flags_the_over_scoring_branch_and_no_fair_one(over_scoring, flagged):
    facts, _ = _facts(synthetic.Plan(employees=300, over_scoring=over_scoring))
    (result, *_) = calibration.calibrations(facts, [0, 1, 2])
    assert {b.branch.id: b.flagged for b in result.branches if b.flagged} == flagged
    for branch in result.branches:
        assert "Mann-Whitney" in branch.test and branch.p_value is not None
        assert sum(branch.ai_histogram) == sum(branch.human_histogram) == branch.n
        assert branch.agreement and branch.agreement > 0.7
        assert len(branch.drift) == 9  # the quarters decided in
    if over_scoring:
        shifted = next(b for b in result.branches if b.branch.id == over_scoring)
        assert shifted.p_value < 0.01 and 6 < shifted.shift < 10


def test_calibration_holm_adjusts_step_down():
    assert calibration.holm([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06])


def _codes(*groups: tuple[int, int, int]) -> tuple[np.ndarray, np.ndarray]:
    """(option index, n, selected) per group -> the per-candidate arrays."""
    codes, selected = [], []
    for option, n, chosen in groups:
        codes += [option] * n
        selected += [True] * chosen + [False] * (n - chosen)
    return np.array(codes), np.array(selected)


def test_impact_ratios_and_suppression_on_a_hand_computed_table():
    options = ["female", "male", "other", UNKNOWN]
    # female 3/10 = 0.30, male 10/20 = 0.50, other 2 of 3 (suppressed), unknown 4/6.
    codes, selected = _codes((0, 10, 3), (1, 20, 10), (2, 3, 2), (3, 6, 4))
    cells = {c.value: c for c in fairness.cells("sex", options, codes, selected)}
    assert (cells["female"].rate, cells["female"].impact_ratio) == (0.3, 0.6)
    assert cells["female"].alert and not cells["male"].alert
    assert (cells["male"].rate, cells["male"].impact_ratio) == (0.5, 1.0)
    other = cells["other"]
    assert other.suppressed and other.n == 3 and other.rate is None and other.selected is None
    # Unknown is counted with its rate, but is no group: no ratio, and not the reference
    # although its rate (0.67) is the highest.
    assert cells[UNKNOWN].n == 6 and cells[UNKNOWN].rate == pytest.approx(0.6667)
    assert cells[UNKNOWN].impact_ratio is None and not cells[UNKNOWN].alert
    # Exactly four fifths is no alert.
    codes, selected = _codes((0, 10, 4), (1, 20, 10))
    female = fairness.cells("sex", options, codes, selected)[0]
    assert female.impact_ratio == 0.8 and not female.alert


@pytest.mark.parametrize(("fair", "alerts"), [(True, 0), (False, 1)])
def test_the_fairness_monitor_alerts_only_when_selection_is_unfair(fair, alerts):
    facts, _ = _facts(synthetic.Plan(employees=300, fair=fair))
    everyone = np.ones(len(facts.candidates), dtype=bool)
    report = fairness.report(facts, everyone, "ALL", None)
    stages = {s.stage: s for s in report.stages}
    assert list(stages) == ["ai_above_cut", "hr_advance", "offer", "ai_score"]
    assert stages["ai_score"].kind == "scoring"
    female = next(c for c in stages["ai_above_cut"].cells if c.value == "female")
    assert female.alert == (not fair)
    assert sum(c.alert for c in stages["ai_above_cut"].cells if c.category == "sex") == alerts
    assert sum(c.n for c in stages["ai_above_cut"].cells if c.category == "sex") == 900


def test_the_marking_events_are_the_ones_the_template_routes_to_the_function():
    function = TEMPLATE["Resources"]["AnalyticsFunction"]["Properties"]
    pattern = function["Events"]["FactsChanged"]["Properties"]["Pattern"]
    assert set(pattern["detail-type"]) == MARKING_EVENTS


# ------------------------------------------------------------------------ the job


def _seed(plan: synthetic.Plan) -> synthetic.Synthetic:
    data = synthetic.generate(plan)
    for items in synthetic.records(data).values():
        Repository(type(items[0])).put_many(items)
    return data


def _items(repo: AnalyticsRepository) -> dict[str, object]:
    found = {
        f"validity/{p}": repo.validity(p)
        for p in ("synthetic-shanghai-customer-service", "synthetic-shenzhen-customer-service")
    }
    found |= {f"groups/{s}": repo.groups(s) for s in ("ALL", "shanghai", "shenzhen")}
    found |= {
        f"fairness/{s}": repo.fairness(s) for s in ("ALL", "synthetic-shenzhen-customer-service")
    }
    return found


def test_the_job_stores_every_result_recomputes_only_what_is_marked_and_may_run_twice(
    table, monkeypatch
):
    data = _seed(synthetic.Plan(employees=30, branches=("shanghai", "shenzhen"), seed=5))
    # Small enough for moto: 15 employees a position, so proposals from 10.
    job, repo = replace(services().analytics_job(), min_n=10), AnalyticsRepository()
    function = template_function("AnalyticsFunction")

    with recorded_calls(monkeypatch) as calls:
        run = job.full()
    assert (run.mode, run.employees, run.candidates) == ("full", len(data.hired), 90)
    first = _items(repo)
    assert all(first.values()), [k for k, v in first.items() if not v]
    shanghai = "synthetic-shanghai-customer-service"
    calibrated = repo.calibration(shanghai)
    assert {b.branch.id for b in calibrated.branches} == {"shanghai", "shenzhen"}  # one role
    proposals = repo.proposals(shanghai)
    assert [p.status for p in proposals] == ["proposed"]

    # Twice: the same proposal stays open, nothing is proposed again.
    job.full()
    assert [(p.id, p.status) for p in repo.proposals(shanghai)] == [(proposals[0].id, "proposed")]
    assert job.incremental() is None  # nothing marked

    # A review for a Shanghai employee arrives: its event marks Shanghai.
    employee = next(e for e in EmployeeRepository().everyone() if e.branch_id == "shanghai")
    review = PerformanceReview(
        employee_id=employee.id,
        branch_id="shanghai",
        department=employee.department,
        position_id=shanghai,
        period="2026-Q1",
        period_end=date(2026, 3, 31),
        overall=1,
        reviewer_id="synthetic",
    )
    Repository(PerformanceReview).put(review)
    detail = {"employee_id": review.employee_id, "branch_id": "shanghai", "position_id": shanghai}
    event = {"source": "hireflow", "detail-type": "performance.reviewed", "detail": detail}
    assert function.invoke(event, "us-east-1")[0] == {"marked": 2}
    unrelated = {**event, "detail-type": "candidate.invited"}
    assert function.invoke(unrelated, "us-east-1")[0] == {"marked": 0}

    before = _items(repo)
    with recorded_calls(monkeypatch) as incremental_calls:
        result, error = function.invoke({"job": "incremental"}, "us-east-1")
    assert error is None and result["mode"] == "incremental"
    after = _items(repo)
    changed = {k for k in after if after[k] != before[k]}
    assert changed == {f"validity/{shanghai}", "groups/ALL", "groups/shanghai", "fairness/ALL"}
    assert repo.dirty() == []  # the marks were dealt with
    assert repo.last_run().mode == "incremental"
    # What it did, its policy allows: reads by Query and GetItem only, writes its own keys.
    statements = _statements("AnalyticsFunction")
    assert [(a, t) for a, t in calls + incremental_calls if not allows(statements, a, t)] == []
    assert {a for a, _ in calls} == {
        "dynamodb:Query",
        "dynamodb:GetItem",
        "dynamodb:PutItem",
    }
    assert "dynamodb:DeleteItem" in {a for a, _ in incremental_calls}

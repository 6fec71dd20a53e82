"""Stored analytics results for the screens' tests, as the analytics job would leave
them: the customer-facing template's positions in Shanghai and Shenzhen, Shanghai's
branch over-scoring, a weight proposal, fairness with a suppressed cell and an alert."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from hireflow.analytics.model import (
    AnalyticsRepository,
    AnalyticsRun,
    BranchCalibration,
    DimensionValidity,
    DriftPoint,
    FairnessCell,
    FairnessReport,
    FairnessStage,
    GroupAnalysis,
    GroupPoint,
    Individual,
    Named,
    PositionCalibration,
    PositionValidity,
    WeightProposal,
)

SHANGHAI_POSITION = Named(
    id="shanghai-customer-service", name="Customer Service Associate", name_zh="客户服务专员"
)
SHENZHEN_POSITION = Named(
    id="shenzhen-store-supervisor", name="Store Supervisor", name_zh="门店主管"
)
SHANGHAI = Named(id="shanghai", name="Shanghai", name_zh="上海")
SHENZHEN = Named(id="shenzhen", name="Shenzhen", name_zh="深圳")
CURRENT = {"communication": 0.35, "problem_solving": 0.35, "teamwork": 0.30}
PROPOSED = {"communication": 0.5, "problem_solving": 0.3, "teamwork": 0.2}
AT = datetime(2026, 5, 1, 2, 0, tzinfo=UTC)


def cell(
    category: str, value: str, n: int, selected: int | None, ratio: float | None
) -> FairnessCell:
    suppressed = n < 5
    return FairnessCell(
        category=category,
        value=value,
        n=n,
        selected=None if suppressed else selected,
        rate=None if suppressed or selected is None else round(selected / n, 3),
        impact_ratio=None if suppressed else ratio,
        suppressed=suppressed,
        alert=ratio is not None and not suppressed and ratio < 0.8,
    )


def impact_check(female_ratio: float = 0.92) -> FairnessStage:
    cells = [
        cell("sex", "male", 60, 30, 1.0),
        cell("sex", "female", 58, round(29 * female_ratio), female_ratio),
        cell("sex", "unknown", 3, None, None),
    ]
    return FairnessStage(
        stage="ai_above_cut", kind="selection", cells=cells, alerts=sum(c.alert for c in cells)
    )


def proposal(**changes) -> WeightProposal:
    fields = {
        "position": SHANGHAI_POSITION,
        "template_id": "customer-facing",
        "template_version": 1,
        "current": CURRENT,
        "proposed": PROPOSED,
        "current_error": 12.4,
        "proposed_error": 10.1,
        "folds": 5,
        "n": 121,
        "method": "ridge (alpha 3.2, chosen by 5-fold CV), non-negative, sum 1",
        "adverse_impact": impact_check(),
        "computed_at": AT,
    }
    return WeightProposal(**{**fields, **changes})


def individual(number: str, name: str, branch: str, manager_id: str | None) -> Individual:
    return Individual(
        employee_id=f"e-{number}",
        number=number,
        name=name,
        branch_id=branch,
        department="Customer service",
        position_title="Customer Service Associate",
        manager_id=manager_id,
        fit=84.0,
        performance=52.0,
    )


def groups(scope: str, people: list[Individual]) -> GroupAnalysis:
    points = [
        GroupPoint(kind="branch", group=SHANGHAI, n=140, fit=74.0, performance=61.0,
                   quadrant="high_fit_low_performance"),
        GroupPoint(kind="branch", group=SHENZHEN, n=120, fit=66.0, performance=70.0,
                   quadrant="low_fit_high_performance"),
        GroupPoint(kind="department", group=Named(id="customer-service", name="Customer service",
                   name_zh="客户服务部"), n=90, fit=72.0, performance=71.0,
                   quadrant="high_fit_high_performance"),
    ]  # fmt: skip
    if scope != "ALL":
        points = [p for p in points if p.kind == "department" or p.group.id == scope]
    return GroupAnalysis(
        scope=scope,
        fit_line=70.0,
        performance_line=65.0,
        groups=points,
        high_fit_low_performance=[p for p in people if scope in ("ALL", p.branch_id)],
        employees=sum(p.n for p in points if p.kind == "branch"),
        computed_at=AT,
    )


def calibration() -> PositionCalibration:
    def branch(named: Named, human: float, flagged, p_value: float) -> BranchCalibration:
        return BranchCalibration(
            branch=named, n=80, ai_mean=64.0, human_mean=human,
            ai_histogram=[0, 0, 1, 3, 8, 20, 25, 15, 6, 2],
            human_histogram=[0, 0, 0, 2, 5, 12, 20, 25, 12, 4] if flagged else
            [0, 0, 1, 3, 9, 19, 24, 16, 6, 2],
            agreement=0.71, mean_gap=round(human - 64.0, 1),
            drift=[DriftPoint(period="2025-Q4", n=40, gap=round(human - 64.0, 1)),
                   DriftPoint(period="2026-Q1", n=40, gap=round(human - 63.0, 1))],
            shift=round(human - 65.0, 1), test="Mann-Whitney U, two-sided, Holm-adjusted",
            p_value=p_value, flagged=flagged,
        )  # fmt: skip

    return PositionCalibration(
        position=SHANGHAI_POSITION,
        branches=[branch(SHANGHAI, 72.5, "higher", 0.0004), branch(SHENZHEN, 65.0, None, 0.41)],
        computed_at=AT,
    )


def validity() -> list[PositionValidity]:
    def dim(key: str, name: str, name_zh: str, n: int, r: float | None) -> DimensionValidity:
        enough = n >= 30
        return DimensionValidity(
            key=key, name=name, name_zh=name_zh, n=n, enough=enough,
            r=r if enough else None, ci_low=round(r - 0.15, 2) if enough and r else None,
            ci_high=round(r + 0.13, 2) if enough and r else None, p_value=0.001 if enough else None,
        )  # fmt: skip

    return [
        PositionValidity(
            position=SHANGHAI_POSITION,
            n=121,
            dimensions=[
                dim("communication", "Communication", "沟通", 121, 0.52),
                dim("problem_solving", "Problem solving", "解决问题", 121, 0.31),
                dim("teamwork", "Teamwork", "团队合作", 121, 0.08),
            ],
            ranked=["communication", "problem_solving", "teamwork"],
            computed_at=AT,
        ),
        PositionValidity(
            position=SHENZHEN_POSITION,
            n=12,
            dimensions=[dim("communication", "Communication", "沟通", 12, None)],
            computed_at=AT,
        ),
    ]


def fairness() -> FairnessReport:
    stages = [
        FairnessStage(stage="ai_above_cut", kind="selection", cells=[
            cell("sex", "male", 200, 110, 1.0), cell("sex", "female", 190, 100, 0.96),
            cell("sex", "unknown", 4, None, None),
            cell("age_band", "18-29", 150, 90, 1.0), cell("age_band", "50+", 40, 17, 0.71),
        ]),
        FairnessStage(stage="offer", kind="selection", cells=[
            cell("sex", "male", 110, 30, 1.0), cell("sex", "female", 100, 26, 0.95),
        ]),
    ]  # fmt: skip
    for stage in stages:
        stage.alerts = sum(c.alert for c in stage.cells)
    return FairnessReport(scope="ALL", stages=stages, candidates=394, computed_at=AT)


@dataclass
class StoredResults:
    proposal_id: str
    # Shanghai's high fit / low performance people: one reports to Shanghai's manager.
    reports_to_manager: str
    other_shanghai: str
    shenzhen: str


def store(manager_id: str, hidden_name: str = "王秘密") -> StoredResults:
    """Everything a run would leave, in the table the settings name."""
    results = AnalyticsRepository()
    people = [
        individual("E001", "张三", "shanghai", manager_id),
        individual("E002", hidden_name, "shanghai", "another-manager"),
        individual("E003", "李四", "shenzhen", "shenzhen-manager"),
    ]
    for scope in ("ALL", "shanghai", "shenzhen"):
        results.store(groups(scope, people))
    for item in validity():
        results.store(item)
    results.store(calibration())
    results.store(fairness())
    made = proposal()
    results.store(made)
    results.store(
        AnalyticsRun(
            mode="full", started_at=AT, finished_at=AT, employees=260, reviews=1900,
            candidates=394, seconds=4.2,
        )
    )  # fmt: skip
    return StoredResults(made.id, "E001", "E002", "E003")

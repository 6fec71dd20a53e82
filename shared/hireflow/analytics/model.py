"""Analytics: what the job stores and the HQ screens read, and the voluntary demographic
answers the fairness monitor counts (docs/analytics.md).

The job computes; routes only read these items, so a dashboard read is a GetItem or a
short Query whatever the number of employees. Every result says when it was computed,
from how many people, and whether there was enough data to show it.

Demographic answers: a candidate may answer, or not, on the interview page, apart from
the application. They are kept in their own item, read only by the analytics job, never
returned by a route a reviewer can call and never used in scoring. A category not
answered counts as "unknown".

Access patterns:
- one result: GetItem pk=ANALYTICS#<kind>, sk=<scope> (scope: "ALL", a position id,
  a branch id)
- a kind's results: Query pk=ANALYTICS#<kind>
- a weight proposal: GetItem pk=WEIGHT_PROPOSAL#<id>, sk=WEIGHT_PROPOSAL; by position:
  Query gsi1 gsi1pk=WEIGHT_PROPOSALS (sk <position id>#<computed at>: every proposal, or one
  position's with the prefix)
- one candidate's demographic answers: GetItem pk=DEMOGRAPHICS#<candidate id>, sk=DEMOGRAPHICS
- every answer (the analytics job): Query gsi2 gsi2pk=DEMOGRAPHICS
- the categories HQ collects: GetItem pk=SETTINGS, sk=DEMOGRAPHIC_CATEGORIES
- what changed since the last run (the incremental job): Query pk=ANALYTICS_DIRTY
  (sk=<position|branch>#<id>)
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from hireflow.platform.ids import new_id, now
from hireflow.platform.store import ItemKeys, Repository, Stored, field

# Results below these sizes are not shown, only "not enough data yet (n = ...)".
MIN_VALIDITY_N = 30
# Fairness cells smaller than this are suppressed (counted, never shown as a rate).
MIN_CELL = 5
FOUR_FIFTHS = 0.8
# The longest list of individuals a group analysis keeps.
MAX_LISTED = 200


class Named(BaseModel):
    id: str
    name: str
    name_zh: str | None = None


# ------------------------------------------------------------------ predictive validity


class DimensionValidity(BaseModel):
    key: str
    name: str
    name_zh: str | None = None
    n: int
    enough: bool  # n >= min_n; otherwise r and the interval are None
    r: float | None = None  # Pearson, interview score vs later performance (overall)
    ci_low: float | None = None  # 95 %, Fisher z
    ci_high: float | None = None
    p_value: float | None = None


class PositionValidity(Stored):
    KIND = "analytics_validity"

    position: Named
    n: int
    min_n: int = MIN_VALIDITY_N
    dimensions: list[DimensionValidity]
    # Dimension keys, strongest relation first (only those with enough data).
    ranked: list[str] = Field(default_factory=list)
    computed_at: datetime = Field(default_factory=now)

    def item_keys(self) -> ItemKeys:
        return ItemKeys(f"ANALYTICS#{self.KIND}", self.position.id)


# ------------------------------------------------------------------------- fairness


class FairnessCell(BaseModel):
    category: str  # e.g. "sex"
    value: str  # e.g. "female", or "unknown"
    n: int
    selected: int | None = None  # None when suppressed
    rate: float | None = None
    impact_ratio: float | None = None  # rate / the highest shown rate in the category
    suppressed: bool = False  # n < MIN_CELL
    alert: bool = False  # impact ratio < FOUR_FIFTHS


class FairnessStage(BaseModel):
    # ai_above_cut, hr_advance, offer: selection rates; ai_score: scoring rate (share
    # above the median).
    stage: str
    kind: Literal["selection", "scoring"]
    cells: list[FairnessCell]
    alerts: int = 0


class FairnessReport(Stored):
    KIND = "analytics_fairness"

    scope: str  # "ALL" or a position id
    position: Named | None = None
    stages: list[FairnessStage]
    candidates: int
    computed_at: datetime = Field(default_factory=now)

    def item_keys(self) -> ItemKeys:
        return ItemKeys(f"ANALYTICS#{self.KIND}", self.scope)


# ------------------------------------------------------------------ weight proposals


class WeightProposal(Stored):
    """New dimension weights fitted to performance; HQ applies or dismisses, never the job."""

    KIND = "weight_proposal"

    id: str = Field(default_factory=new_id)
    position: Named
    template_id: str
    template_version: int
    current: dict[str, float]
    proposed: dict[str, float]
    # Cross-validated error of predicting performance (0-100 points, RMSE) from the
    # weighted interview score, with the current and the proposed weights.
    current_error: float
    proposed_error: float
    folds: int
    n: int
    method: str  # e.g. "ridge (alpha 3.2, chosen by 5-fold CV), non-negative, sum 1"
    # The fairness check of the proposal: stage ai_above_cut rescored with the proposed
    # weights. None: not run (then it cannot be applied).
    adverse_impact: FairnessStage | None = None
    status: Literal["proposed", "applied", "dismissed", "superseded"] = "proposed"
    decided_by: str | None = None
    decided_at: datetime | None = None
    applied_version: int | None = None
    # Why HQ dismissed it (required to dismiss); the positions whose competency-model
    # weights moved with the template when it was applied.
    dismissed_reason: str | None = None
    applied_positions: list[str] = Field(default_factory=list)
    computed_at: datetime = Field(default_factory=now)

    @property
    def impact_alerts(self) -> list[FairnessCell]:
        """The adverse-impact check's cells under the four-fifths line."""
        if self.adverse_impact is None:
            return []
        return [
            c
            for c in self.adverse_impact.cells
            if c.alert or (c.impact_ratio is not None and c.impact_ratio < FOUR_FIFTHS)
        ]

    @staticmethod
    def key(proposal_id: str) -> tuple[str, str]:
        return f"WEIGHT_PROPOSAL#{proposal_id}", "WEIGHT_PROPOSAL"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(
            *self.key(self.id),
            gsi1=(ALL_PROPOSALS, f"{self.position.id}#{self.computed_at.isoformat()}"),
        )


# ------------------------------------------------------------------- group analysis

Quadrant = Literal[
    "high_fit_high_performance",
    "high_fit_low_performance",  # a management or training problem
    "low_fit_high_performance",  # the interview may undervalue something
    "low_fit_low_performance",  # the hiring bar
]


class GroupPoint(BaseModel):
    kind: Literal["department", "branch"]
    group: Named
    n: int
    fit: float  # mean interview overall (0-100)
    performance: float  # mean latest performance overall (0-100)
    quadrant: Quadrant


class Individual(BaseModel):
    employee_id: str
    number: str
    name: str
    branch_id: str
    department: str
    position_title: str
    manager_id: str | None = None
    fit: float
    performance: float


class GroupAnalysis(Stored):
    KIND = "analytics_groups"

    scope: str  # "ALL" (HQ) or a branch id (that branch's HR and managers)
    # The lines that split the quadrants: the company's medians.
    fit_line: float
    performance_line: float
    groups: list[GroupPoint]
    high_fit_low_performance: list[Individual]
    # How many employees are in that corner; the list keeps the widest gaps first, at
    # most MAX_LISTED (an item stays far below DynamoDB's 400 KB).
    high_fit_low_performance_total: int = 0
    employees: int
    computed_at: datetime = Field(default_factory=now)

    def item_keys(self) -> ItemKeys:
        return ItemKeys(f"ANALYTICS#{self.KIND}", self.scope)


# ---------------------------------------------------------------------- calibration


class DriftPoint(BaseModel):
    period: str  # e.g. "2026-Q3"
    n: int
    gap: float  # mean human - AI overall


class BranchCalibration(BaseModel):
    branch: Named
    n: int
    ai_mean: float
    human_mean: float
    # Counts per 10-point bin (0-10, ..., 90-100), for the distribution charts.
    ai_histogram: list[int]
    human_histogram: list[int]
    agreement: float | None  # Pearson r of human vs AI overall on the same candidates
    mean_gap: float  # human - AI
    drift: list[DriftPoint]
    # The branch's human - AI gaps against every other branch's (same position).
    shift: float  # difference of the mean gap from the others'
    test: str  # e.g. "Mann-Whitney U, two-sided, Holm-adjusted"
    p_value: float | None
    flagged: Literal["higher", "lower"] | None = None


class PositionCalibration(Stored):
    KIND = "analytics_calibration"

    position: Named
    branches: list[BranchCalibration]
    alpha: float = 0.01
    computed_at: datetime = Field(default_factory=now)

    def item_keys(self) -> ItemKeys:
        return ItemKeys(f"ANALYTICS#{self.KIND}", self.position.id)


# -------------------------------------------------------------------------- the run


class AnalyticsRun(Stored):
    """The last computation: the screens say how fresh the numbers are."""

    KIND = "analytics_run"

    mode: Literal["full", "incremental"]
    started_at: datetime
    finished_at: datetime
    employees: int
    reviews: int
    candidates: int
    seconds: float

    @staticmethod
    def key() -> tuple[str, str]:
        return f"ANALYTICS#{AnalyticsRun.KIND}", "LAST"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key())


# ------------------------------------------------------------ demographic answers

UNKNOWN = "unknown"


class DemographicAnswers(Stored):
    KIND = "demographics"

    candidate_id: str
    # category key -> the option chosen, e.g. {"sex": "female", "age_band": "30-39"}
    answers: dict[str, str] = Field(default_factory=dict)
    answered_at: datetime = Field(default_factory=now)

    @staticmethod
    def key(candidate_id: str) -> tuple[str, str]:
        return f"DEMOGRAPHICS#{candidate_id}", "DEMOGRAPHICS"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.candidate_id), gsi2=(ALL_ANSWERS, self.candidate_id))


ALL_ANSWERS = "DEMOGRAPHICS"


class CategoryOption(BaseModel):
    key: str = Field(pattern=r"^[a-z0-9][a-z0-9_+-]{0,39}$")
    en: str
    zh: str


class DemographicCategory(BaseModel):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")
    en: str
    zh: str
    options: list[CategoryOption] = Field(min_length=2)


class DemographicCategories(Stored):
    """What HQ asks candidates, voluntarily (none by default)."""

    KIND = "demographic_categories"

    categories: list[DemographicCategory] = Field(default_factory=list)

    @staticmethod
    def key() -> tuple[str, str]:
        return "SETTINGS", "DEMOGRAPHIC_CATEGORIES"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key())


class DemographicsRepository:
    def __init__(self) -> None:
        self._answers = Repository(DemographicAnswers)
        self._categories = Repository(DemographicCategories)

    def of_candidate(self, candidate_id: str) -> DemographicAnswers | None:
        return self._answers.get(*DemographicAnswers.key(candidate_id))

    def put(self, answers: DemographicAnswers) -> None:
        self._answers.put(answers)

    def everyone(self) -> list[DemographicAnswers]:
        return list(self._answers.iterate(ALL_ANSWERS, index="gsi2"))

    def put_categories(self, categories: DemographicCategories) -> None:
        """Seeding (the demo's questions); HQ's edits go through a unit of work."""
        self._categories.put(categories)

    def forget(self, candidate_id: str) -> None:
        """The candidate took every answer back ("prefer not to say" throughout)."""
        self._answers.delete(*DemographicAnswers.key(candidate_id))

    def categories(self) -> DemographicCategories:
        return self._categories.get(*DemographicCategories.key()) or DemographicCategories()


# ------------------------------------------------------------- the job's bookkeeping


class DirtyScope(Stored):
    """A position or branch whose results are out of date: a domain event about it
    arrived since the last run. The incremental run recomputes it and removes the mark
    (unless it was marked again meanwhile: ``marked_at`` changed)."""

    KIND = "analytics_dirty"

    scope: Literal["position", "branch"]
    id: str
    marked_at: datetime = Field(default_factory=now)
    by: str = ""  # the event's detail-type

    @staticmethod
    def key(scope: str, scope_id: str) -> tuple[str, str]:
        return DIRTY, f"{scope}#{scope_id}"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.scope, self.id))


DIRTY = "ANALYTICS_DIRTY"
ALL_PROPOSALS = "WEIGHT_PROPOSALS"

Result = PositionValidity | FairnessReport | GroupAnalysis | PositionCalibration


class AnalyticsRepository:
    """The stored results the job writes and the screens read (one by kind and scope:
    GetItem; a kind's: Query on its partition), the weight proposals (Query gsi1) and the
    incremental job's marks. Never a scan."""

    def __init__(self) -> None:
        self._validity = Repository(PositionValidity)
        self._fairness = Repository(FairnessReport)
        self._groups = Repository(GroupAnalysis)
        self._calibration = Repository(PositionCalibration)
        self._proposals = Repository(WeightProposal)
        self._runs = Repository(AnalyticsRun)
        self._dirty = Repository(DirtyScope)

    def store(self, result: Result | WeightProposal | AnalyticsRun) -> None:
        Repository(type(result)).put(result)

    def validity(self, position_id: str) -> PositionValidity | None:
        return self._validity.get(f"ANALYTICS#{PositionValidity.KIND}", position_id)

    def all_validity(self) -> list[PositionValidity]:
        return list(self._validity.iterate(f"ANALYTICS#{PositionValidity.KIND}"))

    def fairness(self, scope: str) -> FairnessReport | None:
        return self._fairness.get(f"ANALYTICS#{FairnessReport.KIND}", scope)

    def all_fairness(self) -> list[FairnessReport]:
        return list(self._fairness.iterate(f"ANALYTICS#{FairnessReport.KIND}"))

    def groups(self, scope: str) -> GroupAnalysis | None:
        return self._groups.get(f"ANALYTICS#{GroupAnalysis.KIND}", scope)

    def calibration(self, position_id: str) -> PositionCalibration | None:
        return self._calibration.get(f"ANALYTICS#{PositionCalibration.KIND}", position_id)

    def all_calibration(self) -> list[PositionCalibration]:
        return list(self._calibration.iterate(f"ANALYTICS#{PositionCalibration.KIND}"))

    def proposal(self, proposal_id: str) -> WeightProposal | None:
        return self._proposals.get(*WeightProposal.key(proposal_id))

    def proposals(self, position_id: str | None = None) -> list[WeightProposal]:
        prefix = f"{position_id}#" if position_id else ""
        return list(self._proposals.iterate(ALL_PROPOSALS, prefix, index="gsi1"))

    def save_proposal(self, proposal: WeightProposal) -> WeightProposal:
        return self._proposals.save(proposal)

    def add_proposal(self, proposal: WeightProposal) -> WeightProposal:
        return self._proposals.create(proposal)

    def last_run(self) -> AnalyticsRun | None:
        return self._runs.get(*AnalyticsRun.key())

    def record_run(self, run: AnalyticsRun) -> None:
        self._runs.put(run)

    def mark(self, dirty: DirtyScope) -> None:
        self._dirty.put(dirty)

    def dirty(self) -> list[DirtyScope]:
        return list(self._dirty.iterate(DIRTY))

    def clean(self, dirty: DirtyScope) -> bool:
        """Remove a mark the run has dealt with; False when it was marked again since."""
        return self._dirty.delete_if(
            *DirtyScope.key(dirty.scope, dirty.id),
            field("marked_at") == dirty.model_dump(mode="json")["marked_at"],
        )

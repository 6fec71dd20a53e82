"""Performance reviews: how an employee did in a period, per dimension of the position's
competency model, on the interview's 0-100 scale, so the two can be compared
(docs/analytics.md).

A review comes from the HR app, an Excel import, the EHR (the API), or a probation review
(the first performance data an employee has). One review per employee and period: a
second one for the same period replaces the first (an import run twice changes nothing).

Access patterns:
- an employee's reviews: Query pk=EMPLOYEE#<id>, sk begins_with PERFORMANCE#
- one review: GetItem pk=EMPLOYEE#<id>, sk=PERFORMANCE#<period>
- every review, oldest period first (the analytics job): Query gsi2 gsi2pk=PERFORMANCE
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from hireflow.platform.ids import new_id, now
from hireflow.platform.store import ItemKeys, Repository, Stored

# A period's name: "2026" (a year), "2026-H1" (a half), "2026-Q3" (a quarter), "2026-07"
# (a month), or "probation-1" (the first probation period's review).
PERIOD_PATTERN = r"^(\d{4}(-(H[12]|Q[1-4]|(0[1-9]|1[0-2])))?|probation-\d{1,2})$"

ReviewSource = Literal["hr", "import", "ehr", "probation"]


class KpiResult(BaseModel):
    """A measured result behind the scores, e.g. sales completion 0.93 of target."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")
    value: float
    # The result on the 0-100 scale, by the position's KPI formula.
    score: float | None = Field(default=None, ge=0, le=100)


class DimensionPerformance(BaseModel):
    key: str
    score: float = Field(ge=0, le=100)


class PerformanceReview(Stored):
    KIND = "performance_review"

    id: str = Field(default_factory=new_id)
    employee_id: str
    branch_id: str
    department: str
    position_id: str
    period: str = Field(pattern=PERIOD_PATTERN)
    # The last day of the period: orders the reviews and dates them against the interview.
    period_end: date
    dimensions: list[DimensionPerformance] = Field(default_factory=list)
    kpis: list[KpiResult] = Field(default_factory=list)
    # The KPI formula version that turned the KPIs into ``overall`` (None: not from KPIs).
    formula_version: int | None = None
    overall: float = Field(ge=0, le=100)
    reviewer_id: str
    reviewer_name: str | None = None
    comment: str = ""
    source: ReviewSource = "hr"
    recorded_at: datetime = Field(default_factory=now)

    @staticmethod
    def partition(employee_id: str) -> str:
        return f"EMPLOYEE#{employee_id}"

    @classmethod
    def key(cls, employee_id: str, period: str) -> tuple[str, str]:
        return cls.partition(employee_id), f"{ALL_OF_EMPLOYEE}{period}"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(
            *self.key(self.employee_id, self.period),
            gsi2=(ALL_REVIEWS, f"{self.period_end.isoformat()}#{self.employee_id}"),
        )

    def score_of(self, dimension: str) -> float | None:
        return next((d.score for d in self.dimensions if d.key == dimension), None)


ALL_OF_EMPLOYEE = "PERFORMANCE#"
ALL_REVIEWS = "PERFORMANCE"


class PerformanceRepository:
    def __init__(self) -> None:
        self._reviews = Repository(PerformanceReview)

    def get(self, employee_id: str, period: str) -> PerformanceReview | None:
        return self._reviews.get(*PerformanceReview.key(employee_id, period))

    def of_employee(self, employee_id: str) -> list[PerformanceReview]:
        reviews = self._reviews.iterate(PerformanceReview.partition(employee_id), ALL_OF_EMPLOYEE)
        return sorted(reviews, key=lambda r: r.period_end)

    def everyone(self) -> list[PerformanceReview]:
        return list(self._reviews.iterate(ALL_REVIEWS, index="gsi2"))

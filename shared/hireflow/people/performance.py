"""Performance reviews in (docs/analytics.md, "Performance data in"): how an employee did
in a period, per dimension of the position's competency model on the interview's 0-100
scale, the KPI results behind it and the overall, next to the current assessment (the
hiring baseline or the latest re-assessment).

Four ways in, one set of rules (``build`` and ``stage_review``):
- the HR app: HR of the employee's branch, HQ, and the employee's manager;
- an Excel import (``people.performance_import``): HR of a branch for its employees, HQ
  for all;
- the EHR, through a signed machine-to-machine request (``api.performance``);
- a probation decision (``onboarding.probation``), period ``probation-N``.

One review per employee and period: a second one for the period replaces the first (on
the audit trail), the same one again changes nothing (no write, no event), so a retried
request or a re-imported file is harmless. Each recorded or replaced review publishes
``performance.reviewed``.

With a KPI formula for the position (HQ's, versioned) and the KPIs' values, the overall is
computed by the formula, and the review keeps the version used; a typed overall that
disagrees is refused. Without KPIs the overall is the one given, else the dimensions'
weighted mean.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, Field, field_validator

from hireflow.audit.service import record
from hireflow.identity.model import Caller
from hireflow.identity.permissions import Capability, can, may_review_performance, require
from hireflow.organisation.model import OrganisationRepository
from hireflow.people.events import PerformanceReviewed
from hireflow.people.model import (
    PERIOD_PATTERN,
    AssessmentRepository,
    CurrentAssessment,
    DimensionPerformance,
    Employee,
    EmployeeRepository,
    KpiFormula,
    KpiFormulaFields,
    KpiFormulaRepository,
    KpiResult,
    PerformanceRepository,
    PerformanceReview,
    ReviewSource,
    period_end,
)
from hireflow.platform.errors import FieldError, Invalid, NotFound, invalid_value
from hireflow.platform.unit_of_work import UnitOfWork, UnitOfWorkFactory
from hireflow.recruiting.model import Position, PositionRepository
from hireflow.reviews.scores import weighted

Score = Annotated[float, Field(ge=0, le=100)]
# A typed overall may differ from the formula's by rounding, no more.
OVERALL_TOLERANCE = 0.5
Outcome = Literal["recorded", "replaced", "unchanged"]


class ReviewInput(BaseModel):
    period: str = Field(
        pattern=PERIOD_PATTERN,
        description='"2026", "2026-H1", "2026-Q3" or "2026-07"; one review per period',
    )
    dimensions: dict[str, Score] = Field(
        default_factory=dict,
        description="0-100 per dimension of the position's competency model, by key",
    )
    kpis: dict[str, float] = Field(
        default_factory=dict,
        description="raw KPI values by the formula's keys; with them the overall is computed",
    )
    overall: Score | None = Field(
        default=None, description="0-100; computed from the KPIs or dimensions when absent"
    )
    comment: str = Field(default="", max_length=4000)
    reviewer_name: str | None = Field(
        default=None, max_length=100, description="who reviewed, when not the caller"
    )

    @field_validator("period")
    @classmethod
    def _not_probation(cls, value: str) -> str:
        if value.startswith("probation-"):
            raise invalid_value(
                "probation_period_reserved",
                "probation periods are recorded by the probation review",
            )
        return value

    @field_validator("comment")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()


class DimensionInfo(BaseModel):
    key: str
    name: str
    name_zh: str | None = None
    weight: float
    # The current assessment's combined score (AI and reviewers), 0-100.
    assessed: float | None = None


class DimensionComparison(BaseModel):
    key: str
    performance: float | None
    assessed: float | None
    # (assessed - performance) / assessed: 0.2 is performance 20 % below the assessment.
    gap: float | None
    below: bool  # the gap is over the threshold: a training suggestion is due


class ReviewRow(BaseModel):
    review: PerformanceReview
    dimensions: list[DimensionComparison]


class PerformanceView(BaseModel):
    employee_id: str
    branch_id: str
    position_id: str
    manager_id: str | None
    assessment: CurrentAssessment
    threshold: float
    dimensions: list[DimensionInfo]
    formula: KpiFormula | None
    reviews: list[ReviewRow]  # the newest period first
    actions: list[Literal["review"]]


class FormulaView(BaseModel):
    position_id: str
    current: KpiFormula | None
    versions: list[KpiFormula]  # the newest first


def relative_gap(assessed: float | None, performance: float | None) -> float | None:
    """How far performance is below the assessment, relative to it (negative: above)."""
    if assessed is None or performance is None or assessed <= 0:
        return None
    return round((assessed - performance) / assessed, 6)


def is_below(gap: float | None, threshold: float) -> bool:
    return gap is not None and gap > threshold


def _same(before: PerformanceReview, after: PerformanceReview) -> bool:
    fields = {"dimensions", "kpis", "overall", "comment", "reviewer_name", "formula_version"}
    return before.model_dump(include=fields) == after.model_dump(include=fields)


def stage_review(
    uow: UnitOfWork,
    caller: Caller,
    employee: Employee,
    review: PerformanceReview,
    before: PerformanceReview | None,
) -> Outcome:
    """Stage ``review`` in the unit of work (module doc): recorded, replacing ``before``
    (the period's stored review), or unchanged when it says the same."""
    if before is not None and _same(before, review):
        return "unchanged"
    if before is None:
        uow.create(review)
    else:
        review = review.model_copy(update={"id": before.id, "revision": before.revision})
        uow.save(review)
    record(
        uow,
        caller,
        "performance.review" if before is None else "performance.replace",
        branch_id=employee.branch_id,
        entity=review,
        entity_id=employee.id,
        before=before,
    )
    uow.publish(
        PerformanceReviewed.of(
            employee,
            period=review.period,
            period_end=review.period_end.isoformat(),
            overall=review.overall,
            source=review.source,
        )
    )
    return "recorded" if before is None else "replaced"


def _refuse(field: str, message: str, *, code: str, **params: object) -> Invalid:
    return Invalid(message, [FieldError(field, message, code, dict(params))], code=code)


@dataclass(frozen=True)
class PerformanceService:
    employees: EmployeeRepository
    performance: PerformanceRepository
    assessments: AssessmentRepository
    formulas: KpiFormulaRepository
    positions: PositionRepository
    organisation: OrganisationRepository
    uow: UnitOfWorkFactory
    # A dimension's performance this far below its assessment (relative) is a gap.
    gap_threshold: float = 0.15

    # -------------------------------------------------------------- reach
    def reach(self, caller: Caller, employee_id: str) -> Employee:
        employee = self.employees.get(employee_id)
        # Out of reach looks the same as missing (another branch, another manager's people).
        if (
            employee is None
            or not can(caller, Capability.REVIEW_PERFORMANCE)
            or not may_review_performance(caller, employee.branch_id, employee.manager_id)
        ):
            raise NotFound("employee not found", code="employee_not_found")
        return employee

    # -------------------------------------------------------------- reading
    def view(self, caller: Caller, employee_id: str) -> PerformanceView:
        return self._view(self.reach(caller, employee_id))

    def _view(self, employee: Employee) -> PerformanceView:
        assessment = self.assessments.current(employee)
        dimensions = self.dimensions(employee, assessment)
        assessed = {d.key: d.assessed for d in dimensions}
        rows = []
        for review in reversed(self.performance.of_employee(employee.id)):
            compared = []
            for key in [d.key for d in dimensions]:
                score, base = review.score_of(key), assessed.get(key)
                gap = relative_gap(base, score)
                compared.append(
                    DimensionComparison(
                        key=key,
                        performance=score,
                        assessed=base,
                        gap=gap,
                        below=is_below(gap, self.gap_threshold),
                    )
                )
            rows.append(ReviewRow(review=review, dimensions=compared))
        return PerformanceView(
            employee_id=employee.id,
            branch_id=employee.branch_id,
            position_id=employee.position_id,
            manager_id=employee.manager_id,
            assessment=assessment,
            threshold=self.gap_threshold,
            dimensions=dimensions,
            formula=self.formulas.current(employee.position_id),
            reviews=rows,
            actions=["review"],
        )

    def dimensions(
        self, employee: Employee, assessment: CurrentAssessment | None = None
    ) -> list[DimensionInfo]:
        """The position's competency model now (the baseline's when the position is gone),
        with the current assessment's score of each dimension."""
        current = assessment or self.assessments.current(employee)
        scored = {d.key: d for d in current.dimensions}
        return [
            DimensionInfo(
                key=c.key,
                name=c.name,
                name_zh=c.name_zh,
                weight=c.weight,
                assessed=scored[c.key].combined if c.key in scored else None,
            )
            for c in employee.competencies(self.positions.get(employee.position_id))
        ]

    # -------------------------------------------------------------- writing
    def record(self, caller: Caller, employee_id: str, entry: ReviewInput) -> PerformanceView:
        require(caller, Capability.REVIEW_PERFORMANCE, "a performance review")
        employee = self.reach(caller, employee_id)
        self.save(caller, employee, entry, "hr")
        return self._view(employee)

    def save(
        self, caller: Caller, employee: Employee, entry: ReviewInput, source: ReviewSource
    ) -> tuple[Outcome, PerformanceReview]:
        """Validate and store one review (any way in but probation's): what happened and
        the period's review now."""
        review = self.build(caller, employee, entry, source)
        before = self.performance.get(employee.id, entry.period)
        with self.uow() as uow:
            outcome = stage_review(uow, caller, employee, review, before)
            if outcome != "unchanged":
                uow.commit(on_duplicate="this period's review was recorded meanwhile")
        return outcome, (before if outcome == "unchanged" and before else review)

    def build(
        self, caller: Caller, employee: Employee, entry: ReviewInput, source: ReviewSource
    ) -> PerformanceReview:
        """The review ``entry`` makes, or Invalid with the field at fault."""
        model = self.dimensions(employee)
        weights = {d.key: d.weight for d in model}
        unknown = sorted(set(entry.dimensions) - set(weights))
        if unknown:
            raise Invalid(
                "score only the dimensions of the position's competency model",
                [
                    FieldError(f"dimensions.{k}", "not a dimension", "not_a_dimension")
                    for k in unknown
                ],
                code="not_a_dimension",
                params={"dimensions": unknown},
            )
        kpis: list[KpiResult] = []
        version: int | None = None
        if entry.kpis:
            formula = self.formulas.current(employee.position_id)
            if formula is None:
                raise _refuse("kpis", "the position has no KPI formula", code="no_kpi_formula")
            keys = {t.key for t in formula.terms}
            if set(entry.kpis) != keys:
                missing = sorted(keys - set(entry.kpis))
                extra = sorted(set(entry.kpis) - keys)
                raise _refuse(
                    "kpis",
                    "give a value for every KPI of the formula, and only those",
                    code="kpis_not_the_formula",
                    missing=missing,
                    unknown=extra,
                )
            kpis, overall = formula.overall(entry.kpis)
            version = formula.version
            if entry.overall is not None and abs(entry.overall - overall) > OVERALL_TOLERANCE:
                raise _refuse(
                    "overall",
                    f"the KPI formula makes the overall {overall}",
                    code="overall_is_computed",
                    computed=overall,
                )
        elif entry.overall is not None:
            overall = entry.overall
        else:
            computed = weighted(dict(entry.dimensions), weights)
            if computed is None:
                raise _refuse(
                    "overall", "give the overall, KPIs or dimension scores", code="overall_required"
                )
            overall = computed
        return PerformanceReview(
            employee_id=employee.id,
            branch_id=employee.branch_id,
            department=employee.department,
            position_id=employee.position_id,
            period=entry.period,
            period_end=period_end(entry.period),
            dimensions=[
                DimensionPerformance(key=d.key, score=entry.dimensions[d.key])
                for d in model
                if d.key in entry.dimensions
            ],
            kpis=kpis,
            formula_version=version,
            overall=overall,
            reviewer_id=caller.user_id,
            reviewer_name=entry.reviewer_name or self._name(caller),
            comment=entry.comment,
            source=source,
        )

    def _name(self, caller: Caller) -> str:
        profile = self.organisation.get_user(caller.user_id)
        return profile.display_name if profile else caller.username

    # -------------------------------------------------------------- KPI formulas
    def formula(self, caller: Caller, position_id: str) -> FormulaView:
        if not can(caller, Capability.REVIEW_PERFORMANCE):  # out of reach: as missing
            raise NotFound("position not found", code="position_not_found")
        self._position(caller, position_id)
        versions = self.formulas.versions(position_id)
        return FormulaView(
            position_id=position_id,
            current=versions[0] if versions else None,
            versions=versions,
        )

    def save_formula(
        self, caller: Caller, position_id: str, fields: KpiFormulaFields
    ) -> FormulaView:
        """A new version of the position's formula (reviews keep the version they used)."""
        require(caller, Capability.EDIT_KPI_FORMULAS, "changing a KPI formula")
        position = self._position(caller, position_id)
        current = self.formulas.current(position_id)
        formula = KpiFormula(
            position_id=position_id,
            version=(current.version + 1) if current else 1,
            terms=fields.terms,
            updated_by=caller.username,
        )
        with self.uow() as uow:
            uow.create(formula)
            record(
                uow,
                caller,
                "kpi_formula.save",
                branch_id=position.branch_id,
                entity=formula,
                entity_id=position_id,
                before=current,
            )
            uow.commit(on_duplicate="the formula was changed meanwhile; reload and try again")
        return self.formula(caller, position_id)

    def _position(self, caller: Caller, position_id: str) -> Position:
        position = self.positions.get(position_id)
        if position is None or not caller.can_see_branch(position.branch_id):
            raise NotFound("position not found", code="position_not_found")
        return position

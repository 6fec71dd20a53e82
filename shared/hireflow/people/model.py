"""Employees: the record a hired candidate becomes.

Access patterns:
- an employee: GetItem pk=EMPLOYEE#<id>, sk=EMPLOYEE
- the employee a candidate became: GetItem pk=EMPLOYEE_OF#<candidate id> (also the guard
  that makes hiring happen once)
- a branch's employees: Query gsi1pk=BRANCH#<id>#EMPLOYEES
- the company's employee numbers: GetItem pk=SEQUENCE, sk=EMPLOYEE_NUMBER
- an employee's performance reviews: Query pk=EMPLOYEE#<id>, sk begins_with PERFORMANCE#
- one review: GetItem pk=EMPLOYEE#<id>, sk=PERFORMANCE#<period>
- every review, oldest period first (the analytics job): Query gsi2 gsi2pk=PERFORMANCE
- an employee's re-assessments: Query pk=EMPLOYEE#<id>, sk begins_with ASSESSMENT#
- every re-assessment (the analytics job): Query gsi2 gsi2pk=ASSESSMENTS
- a position's KPI formula versions: Query pk=KPI_FORMULA#<position id>, sk begins_with
  VERSION# (newest first: the current one)
- HQ's re-assessment schedules: Query pk=REASSESSMENT_SCHEDULES; one: GetItem
  pk=REASSESSMENT_SCHEDULES, sk=SCHEDULE#<id>
- an employee's latest re-assessment started (the open one, and the guard that starts one
  at a time): GetItem pk=EMPLOYEE#<id>, sk=REASSESSMENT; many: BatchGet
- the daily re-assessment run of a day done: GetItem pk=REASSESSMENT_RUN, sk=<China day>
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Literal, NamedTuple

from pydantic import BaseModel, Field, model_validator

if TYPE_CHECKING:
    from hireflow.recruiting.model import Position

from hireflow.platform.errors import invalid_value
from hireflow.platform.ids import new_id, now
from hireflow.platform.store import ItemKeys, Repository, Stored


class BaselineDimension(BaseModel):
    """A competency dimension's interview score, kept to compare later performance with."""

    key: str
    name: str
    name_zh: str | None = None
    weight: float
    ai: float | None
    human: float | None
    combined: float | None


class Competency(NamedTuple):
    key: str
    name: str
    name_zh: str | None
    weight: float


class Employee(Stored):
    KIND = "employee"

    id: str = Field(default_factory=new_id)
    number: str
    candidate_id: str
    name: str
    email: str
    phone: str
    locale: str
    branch_id: str
    department: str
    position_id: str
    position_title: str
    start_date: date
    # From the offer: where the new hire reports, and when probation ends (None: none).
    work_location: str = ""
    probation_end: date | None = None
    manager_id: str | None = None
    offer_id: str
    # The interview's scores when the offer was decided: the baseline of the record.
    baseline_round: int
    baseline: list[BaselineDimension] = Field(default_factory=list)
    baseline_overall: float | None = None
    created_at: datetime = Field(default_factory=now)
    # The departure (people/departure.py): the last day, why, and the archive that closes
    # the record to everyday reading (lists leave it out); ``anonymised_at``: retention
    # stripped what identifies the person (docs/privacy.md "Retention").
    left_on: date | None = None
    departure_reason: str | None = None
    archived_at: datetime | None = None
    anonymised_at: datetime | None = None

    def competencies(self, position: Position | None) -> list[Competency]:
        """The position's competency model now, or the baseline's when the position is
        gone: what reviews of this employee score."""
        if position is not None:
            return [
                Competency(d.key, d.name, d.name_zh, d.weight)
                for d in position.competency_model.dimensions
            ]
        return [Competency(b.key, b.name, b.name_zh, b.weight) for b in self.baseline]

    @staticmethod
    def key(employee_id: str) -> tuple[str, str]:
        return f"EMPLOYEE#{employee_id}", "EMPLOYEE"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(
            *self.key(self.id),
            gsi1=(f"BRANCH#{self.branch_id}#EMPLOYEES", f"{self.number}"),
            gsi2=("EMPLOYEES", f"{self.number}"),
        )


class HiredAs(Stored):
    """Which employee a candidate became: created with the employee, so a retried or
    duplicate acceptance finds it and never creates a second one."""

    KIND = "hired_as"

    candidate_id: str
    employee_id: str
    number: str

    @staticmethod
    def key(candidate_id: str) -> tuple[str, str]:
        return f"EMPLOYEE_OF#{candidate_id}", "EMPLOYEE_OF"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.candidate_id))


class EmployeeNumbers(Stored):
    """The company's last employee number; saved with the revision read, so two hires
    never take the same number."""

    KIND = "sequence"

    last: int = 0

    @staticmethod
    def key() -> tuple[str, str]:
        return "SEQUENCE", "EMPLOYEE_NUMBER"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key())


def format_number(pattern: str, sequence: int, year: int) -> str:
    """``pattern`` uses {year} and {seq} (with a format spec: ``E{year}{seq:05d}``)."""
    return pattern.format(year=year, seq=sequence)


class EmployeeRepository:
    def __init__(self) -> None:
        self._employees = Repository(Employee)
        self._hired = Repository(HiredAs)
        self._numbers = Repository(EmployeeNumbers)

    def get(self, employee_id: str) -> Employee | None:
        return self._employees.get(*Employee.key(employee_id))

    def many(self, employee_ids: list[str]) -> list[Employee]:
        return self._employees.batch_get([Employee.key(i) for i in employee_ids])

    def hired_as(self, candidate_id: str) -> HiredAs | None:
        return self._hired.get(*HiredAs.key(candidate_id))

    def numbers(self) -> EmployeeNumbers:
        return self._numbers.get(*EmployeeNumbers.key()) or EmployeeNumbers()

    def of_branch(self, branch_id: str) -> list[Employee]:
        return list(self._employees.iterate(f"BRANCH#{branch_id}#EMPLOYEES", index="gsi1"))

    def everyone(self) -> list[Employee]:
        return list(self._employees.iterate("EMPLOYEES", index="gsi2"))

    def by_number(self, number: str) -> Employee | None:
        """The employee with this number (Query gsi2 gsi2pk=EMPLOYEES, sk=<number>)."""
        found = self._employees.iterate("EMPLOYEES", number, index="gsi2")
        return next((e for e in found if e.number == number), None)


# ------------------------------------------------------------ performance reviews
# Performance reviews: how an employee did in a period, per dimension of the position's
# competency model, on the interview's 0-100 scale, so the two can be compared
# (docs/analytics.md).
#
# A review comes from the HR app, an Excel import, the EHR (the API), or a probation review
# (the first performance data an employee has). One review per employee and period: a
# second one for the same period replaces the first (an import run twice changes nothing).

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
        return cls.partition(employee_id), f"{REVIEWS_OF_EMPLOYEE}{period}"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(
            *self.key(self.employee_id, self.period),
            gsi2=(ALL_REVIEWS, f"{self.period_end.isoformat()}#{self.employee_id}"),
        )

    def score_of(self, dimension: str) -> float | None:
        return next((d.score for d in self.dimensions if d.key == dimension), None)


REVIEWS_OF_EMPLOYEE = "PERFORMANCE#"
ALL_REVIEWS = "PERFORMANCE"


class PerformanceRepository:
    def __init__(self) -> None:
        self._reviews = Repository(PerformanceReview)

    def get(self, employee_id: str, period: str) -> PerformanceReview | None:
        return self._reviews.get(*PerformanceReview.key(employee_id, period))

    def of_employee(self, employee_id: str) -> list[PerformanceReview]:
        reviews = self._reviews.iterate(
            PerformanceReview.partition(employee_id), REVIEWS_OF_EMPLOYEE
        )
        return sorted(reviews, key=lambda r: r.period_end)

    def everyone(self) -> list[PerformanceReview]:
        return list(self._reviews.iterate(ALL_REVIEWS, index="gsi2"))


# ------------------------------------------------------------------ re-assessments
# An employee's assessments: the interview at hiring (``Employee.baseline``, never
# changed) and every periodic re-assessment after it, each kept (docs/analytics.md).
# Performance is compared with the latest one.


class EmployeeAssessment(Stored):
    """A re-assessment's scores, on the same scale and dimensions as the baseline."""

    KIND = "employee_assessment"

    employee_id: str
    branch_id: str
    position_id: str
    # The interview that measured it (a re-assessment application, scored like a
    # candidate's) and its round.
    candidate_id: str
    round: int
    dimensions: list[BaselineDimension] = Field(default_factory=list)
    overall: float | None = None
    assessed_at: datetime = Field(default_factory=now)
    # The schedule that started it (None: HR started it by hand).
    schedule_id: str | None = None

    @staticmethod
    def partition(employee_id: str) -> str:
        return f"EMPLOYEE#{employee_id}"

    def item_keys(self) -> ItemKeys:
        stamp = self.assessed_at.isoformat()
        return ItemKeys(
            self.partition(self.employee_id),
            f"{ASSESSMENTS_OF_EMPLOYEE}{stamp}#{self.candidate_id}",
            gsi2=(ALL_ASSESSMENTS, f"{stamp}#{self.employee_id}"),
        )


ASSESSMENTS_OF_EMPLOYEE = "ASSESSMENT#"
ALL_ASSESSMENTS = "ASSESSMENTS"


class CurrentAssessment(BaseModel):
    """What performance is compared with: the latest re-assessment, else the baseline."""

    source: str  # "hiring" or "reassessment"
    at: datetime
    candidate_id: str
    dimensions: list[BaselineDimension]
    overall: float | None


class AssessmentRepository:
    def __init__(self) -> None:
        self._assessments = Repository(EmployeeAssessment)

    def of_employee(self, employee_id: str) -> list[EmployeeAssessment]:
        found = self._assessments.iterate(
            EmployeeAssessment.partition(employee_id), ASSESSMENTS_OF_EMPLOYEE
        )
        return sorted(found, key=lambda a: a.assessed_at)

    def everyone(self) -> list[EmployeeAssessment]:
        return list(self._assessments.iterate(ALL_ASSESSMENTS, index="gsi2"))

    def current(self, employee: Employee) -> CurrentAssessment:
        history = self.of_employee(employee.id)
        if history:
            last = history[-1]
            return CurrentAssessment(
                source="reassessment",
                at=last.assessed_at,
                candidate_id=last.candidate_id,
                dimensions=last.dimensions,
                overall=last.overall,
            )
        return CurrentAssessment(
            source="hiring",
            at=employee.created_at,
            candidate_id=employee.candidate_id,
            dimensions=employee.baseline,
            overall=employee.baseline_overall,
        )


# ------------------------------------------------------------------ KPI formulas
# How a position's KPIs make the overall performance score (docs/analytics.md): HQ's
# weighted terms, each saying how its raw value becomes 0-100. Kept in the data and
# versioned: every save is a new version, and a review names the version it used.
#
# Access patterns:
# - a position's formula versions, newest first: Query pk=KPI_FORMULA#<position id>,
#   sk begins_with VERSION#
# - one version: GetItem pk=KPI_FORMULA#<position id>, sk=VERSION#<000001>

KpiScale = Literal["completion", "percent", "points"]


class KpiTerm(BaseModel):
    """One KPI of the formula and its weight. How the raw value becomes 0-100:
    - ``completion``: the result against ``target`` (1.0 when the raw value is already a
      share of target, e.g. 0.93), as a percentage, capped at ``cap``;
    - ``percent``: already a percentage (customer satisfaction 88), clipped to 0-100;
    - ``points``: on a scale of ``out_of`` points (4.5 of 5 is 90)."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")
    name: str = Field(min_length=1, max_length=80)
    name_zh: str | None = Field(default=None, max_length=80)
    weight: float = Field(gt=0, le=1)
    scale: KpiScale = "percent"
    target: float = Field(default=1.0, gt=0)
    cap: float = Field(default=100.0, gt=0, le=100)
    out_of: float = Field(default=5.0, gt=0)

    def score(self, value: float) -> float:
        if self.scale == "completion":
            raw = value / self.target * 100
            return round(max(0.0, min(self.cap, raw)), 2)
        if self.scale == "points":
            return round(max(0.0, min(100.0, value / self.out_of * 100)), 2)
        return round(max(0.0, min(100.0, value)), 2)


class KpiFormulaFields(BaseModel):
    terms: list[KpiTerm] = Field(min_length=1, max_length=12)

    @model_validator(mode="after")
    def _weights(self) -> KpiFormulaFields:
        keys = [t.key for t in self.terms]
        if len(set(keys)) != len(keys):
            raise invalid_value("kpi_keys_unique", "each KPI once")
        if abs(sum(t.weight for t in self.terms) - 1.0) > 0.001:
            raise invalid_value("kpi_weights_sum", "the KPI weights add up to 100 %")
        return self


class KpiFormula(KpiFormulaFields, Stored):
    KIND = "kpi_formula"

    position_id: str
    version: int = Field(ge=1)
    updated_by: str
    created_at: datetime = Field(default_factory=now)

    def term(self, key: str) -> KpiTerm | None:
        return next((t for t in self.terms if t.key == key), None)

    def overall(self, values: dict[str, float]) -> tuple[list[KpiResult], float]:
        """Each KPI's score and the weighted overall, for a value of every term."""
        scores = [t.score(values[t.key]) for t in self.terms]
        results = [
            KpiResult(key=t.key, value=values[t.key], score=score)
            for t, score in zip(self.terms, scores, strict=True)
        ]
        total = sum(score * t.weight for t, score in zip(self.terms, scores, strict=True))
        return results, round(total, 2)

    @staticmethod
    def partition(position_id: str) -> str:
        return f"KPI_FORMULA#{position_id}"

    @classmethod
    def key(cls, position_id: str, version: int) -> tuple[str, str]:
        return cls.partition(position_id), f"{FORMULA_VERSIONS}{version:06d}"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.position_id, self.version))


FORMULA_VERSIONS = "VERSION#"


class KpiFormulaRepository:
    def __init__(self) -> None:
        self._formulas = Repository(KpiFormula)

    def current(self, position_id: str) -> KpiFormula | None:
        page = self._formulas.query(
            KpiFormula.partition(position_id), FORMULA_VERSIONS, limit=1, newest_first=True
        )
        return page.items[0] if page.items else None

    def version(self, position_id: str, version: int) -> KpiFormula | None:
        return self._formulas.get(*KpiFormula.key(position_id, version))

    def versions(self, position_id: str) -> list[KpiFormula]:
        found = self._formulas.iterate(KpiFormula.partition(position_id), FORMULA_VERSIONS)
        return sorted(found, key=lambda f: -f.version)

    def put(self, formula: KpiFormula) -> None:
        """Seeding only; people save through the unit of work (a new version each)."""
        self._formulas.put(formula)


def period_end(period: str, probation_end: date | None = None) -> date:
    """The last day of a period (PERIOD_PATTERN); a probation period ends when the
    probation did (``probation_end``)."""
    if period.startswith("probation-"):
        if probation_end is None:
            raise ValueError("a probation period needs its end")
        return probation_end
    year, _, part = period.partition("-")
    last_month = {"": 12, "H1": 6, "H2": 12, "Q1": 3, "Q2": 6, "Q3": 9, "Q4": 12}.get(part)
    month = last_month if last_month is not None else int(part)
    following = date(int(year) + (month == 12), month % 12 + 1, 1)
    return following - timedelta(days=1)


# ------------------------------------------------------- periodic re-assessment
# HQ's schedules (a group: position, branch, tenure; every N months) and, per employee,
# the latest re-assessment started: the guard that opens one at a time (docs/analytics.md
# "Periodic re-assessment").


class ScheduleFields(BaseModel):
    name: str = Field(min_length=1, max_length=120)
    position_id: str | None = Field(default=None, description="None: every position")
    branch_id: str | None = Field(default=None, description="None: every branch")
    min_tenure_months: int = Field(default=0, ge=0, le=600)
    every_months: int = Field(ge=1, le=120)
    template_id: str | None = Field(
        default=None, description="the interview template; None: the position's own"
    )
    active: bool = True


class ReassessmentSchedule(ScheduleFields, Stored):
    KIND = "reassessment_schedule"

    id: str = Field(default_factory=new_id)
    created_by: str
    created_at: datetime = Field(default_factory=now)
    updated_at: datetime = Field(default_factory=now)

    @staticmethod
    def key(schedule_id: str) -> tuple[str, str]:
        return ALL_SCHEDULES, f"SCHEDULE#{schedule_id}"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.id))

    def covers(self, employee: Employee) -> bool:
        """The employee is in the schedule's group (tenure and timing aside)."""
        return (self.position_id in (None, employee.position_id)) and (
            self.branch_id in (None, employee.branch_id)
        )


ALL_SCHEDULES = "REASSESSMENT_SCHEDULES"


class LatestReassessment(Stored):
    """The employee's latest re-assessment: its application (a ``Candidate`` with
    ``employee_id``), who or which schedule started it, and when it was closed with its
    scores. Created or saved with the revision read, in the unit of work that creates
    the application: two runs (or a run and a click) cannot both open one."""

    KIND = "latest_reassessment"

    employee_id: str
    branch_id: str
    candidate_id: str
    schedule_id: str | None = None
    started_at: datetime = Field(default_factory=now)
    started_by: str
    closed_at: datetime | None = None

    @staticmethod
    def key(employee_id: str) -> tuple[str, str]:
        return f"EMPLOYEE#{employee_id}", "REASSESSMENT"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.employee_id))


class ReassessmentRunDone(Stored):
    """The daily run finished for a (China) day: the hourly schedule runs it once a day."""

    KIND = "reassessment_run"

    day: date
    started: int = 0

    @staticmethod
    def key(day: date) -> tuple[str, str]:
        return "REASSESSMENT_RUN", day.isoformat()

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.day))

    def expires_at(self) -> datetime | None:
        return datetime.combine(self.day, time(), tzinfo=UTC) + _RUN_KEPT


_RUN_KEPT = timedelta(days=30)


class ReassessmentRepository:
    def __init__(self) -> None:
        self._schedules = Repository(ReassessmentSchedule)
        self._latest = Repository(LatestReassessment)
        self._runs = Repository(ReassessmentRunDone)

    def schedules(self) -> list[ReassessmentSchedule]:
        return sorted(self._schedules.iterate(ALL_SCHEDULES), key=lambda s: s.created_at)

    def schedule(self, schedule_id: str) -> ReassessmentSchedule | None:
        return self._schedules.get(*ReassessmentSchedule.key(schedule_id))

    def latest(self, employee_id: str) -> LatestReassessment | None:
        return self._latest.get(*LatestReassessment.key(employee_id))

    def latest_of(self, employee_ids: list[str]) -> dict[str, LatestReassessment]:
        found = self._latest.batch_get([LatestReassessment.key(i) for i in employee_ids])
        return {f.employee_id: f for f in found}

    def run_done(self, day: date) -> bool:
        return self._runs.get(*ReassessmentRunDone.key(day)) is not None

    def mark_run(self, done: ReassessmentRunDone) -> None:
        self._runs.put(done)

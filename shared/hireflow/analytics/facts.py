"""The analytics job's facts: everything it computes from, loaded once per run and held as
columns (numpy arrays), so the computations (validity.py, weights.py, groups.py,
calibration.py, fairness.py) are pure functions of arrays.

``Facts`` is what the computations see; ``FactsLoader`` reads it from the table with the
owning contexts' repositories (every read a Query on a key or an index: no Scan);
``analytics.synthetic`` builds the same shape from a generator, for tests and the bench.

Scores are on the interview's 0-100 scale; a missing value is NaN. Dates are days since
1970-01-01 (int), so comparing them is vectorised.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np

from hireflow.analytics.model import UNKNOWN, DemographicCategory, DemographicsRepository, Named
from hireflow.assessment.model import DEFAULT_PASS_LINE, TemplateRepository
from hireflow.organisation.model import OrganisationRepository
from hireflow.people.model import AssessmentRepository, EmployeeRepository, PerformanceRepository
from hireflow.recruiting.model import CandidateRepository, Position, PositionRepository
from hireflow.recruiting.status import CandidateStatus
from hireflow.reviews.model import ReviewRepository
from hireflow.scoring.model import ScoringRepository

# A candidate reached an offer when any of these was among its statuses.
OFFERED = frozenset(
    {
        CandidateStatus.OFFER_SENT,
        CandidateStatus.HIRED,
        CandidateStatus.OFFER_DECLINED,
        CandidateStatus.OFFER_EXPIRED,
        CandidateStatus.OFFER_WITHDRAWN,
    }
)


def day_number(value: date | datetime) -> int:
    """Days since 1970-01-01."""
    day = value.date() if isinstance(value, datetime) else value
    return day.toordinal() - 719163


def quarter_of(day: int) -> str:
    moment = date.fromordinal(day + 719163)
    return f"{moment.year}-Q{(moment.month - 1) // 3 + 1}"


@dataclass(frozen=True)
class PositionInfo:
    """A position as the computations need it: its dimensions (in the competency model's
    order), the weights the interview score uses now, and the AI cut."""

    named: Named
    branch_id: str
    dimensions: list[Named]
    weights: dict[str, float]
    # The AI overall at or above which a candidate is "above the cut": the competency
    # model's pass lines weighted like the overall (DEFAULT_PASS_LINE where none is set).
    cut: float
    template_id: str | None = None
    template_version: int = 0
    # Positions interviewed with the same template are "the same role" across branches:
    # calibration compares their branches (docs/analytics.md).
    role: str = ""

    @property
    def keys(self) -> list[str]:
        return [d.id for d in self.dimensions]


@dataclass
class Employees:
    """One row per employee."""

    ids: list[str]
    numbers: list[str]
    names: list[str]
    position_titles: list[str]
    manager_ids: list[str | None]
    branch: np.ndarray  # int, index into Facts.branch_ids
    department: np.ndarray  # int, index into Facts.departments
    position: np.ndarray  # int, index into Facts.positions
    start: np.ndarray  # int day
    baseline: np.ndarray  # (n, D) float: the hiring interview's combined score per dimension
    baseline_overall: np.ndarray  # (n,) float
    fit: np.ndarray  # (n,) float: the latest assessment's overall (re-assessment, else hiring)

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class Reviews:
    """One row per performance review."""

    employee: np.ndarray  # int, index into Employees
    day: np.ndarray  # int: the period's last day
    overall: np.ndarray  # float

    def __len__(self) -> int:
        return len(self.employee)


@dataclass
class Candidates:
    """One row per candidate (application)."""

    ids: list[str]
    position: np.ndarray  # int, index into Facts.positions
    branch: np.ndarray  # int
    ai_overall: np.ndarray  # float: the latest video interview's AI overall
    ai: np.ndarray  # (n, D) float: its AI score per dimension
    human_overall: np.ndarray  # float: the reviewers' overall at the first decision
    ai_at_decision: np.ndarray  # float: the AI overall that decision saw
    decided_day: np.ndarray  # int (-1: not decided)
    decided: np.ndarray  # bool: a decision was made
    advanced: np.ndarray  # bool: a second round or an offer was decided
    offered: np.ndarray  # bool: an offer was made
    # Category key -> each candidate's answer as an index into ``options[category]``;
    # the last option is always UNKNOWN.
    answers: dict[str, np.ndarray] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class Facts:
    positions: list[PositionInfo]
    branches: list[Named]
    departments: list[str]
    dimension_keys: list[str]  # the columns of Employees.baseline and Candidates.ai
    employees: Employees
    reviews: Reviews
    candidates: Candidates
    categories: list[DemographicCategory]

    @property
    def branch_ids(self) -> list[str]:
        return [b.id for b in self.branches]

    def options(self, category: DemographicCategory) -> list[str]:
        return [o.key for o in category.options] + [UNKNOWN]

    def columns(self, position: PositionInfo) -> list[int]:
        return [self.dimension_keys.index(k) for k in position.keys]


def position_info(
    position: Position, template_weights: dict[str, float], version: int
) -> PositionInfo:
    dimensions = position.competency_model.dimensions
    keys = [d.key for d in dimensions]
    weights = {d.key: d.weight for d in dimensions}
    if template_weights and set(keys) <= set(template_weights):
        total = sum(template_weights[k] for k in keys)
        if total > 0:
            weights = {k: template_weights[k] / total for k in keys}
    cut = sum(weights[d.key] * d.line for d in dimensions)
    return PositionInfo(
        named=Named(id=position.id, name=position.title, name_zh=position.title_zh),
        branch_id=position.branch_id,
        dimensions=[Named(id=d.key, name=d.name, name_zh=d.name_zh) for d in dimensions],
        weights=weights,
        cut=round(cut, 1) if dimensions else DEFAULT_PASS_LINE,
        template_id=position.template_id,
        template_version=version,
        role=position.template_id or f"position:{position.id}",
    )


def _indexer(values: Iterable[str]) -> dict[str, int]:
    return {v: i for i, v in enumerate(dict.fromkeys(values))}


def _nan(shape: int | tuple[int, int]) -> np.ndarray:
    return np.full(shape, np.nan)


def _float(value: float | None) -> float:
    return np.nan if value is None else float(value)


@dataclass(frozen=True)
class FactsLoader:
    """Reads the facts from the table: a Query per index partition (employees, reviews,
    re-assessments, decisions, demographic answers, candidates, positions) and one per
    position for its AI scores."""

    employees: EmployeeRepository
    performance: PerformanceRepository
    assessments: AssessmentRepository
    positions: PositionRepository
    templates: TemplateRepository
    organisation: OrganisationRepository
    candidates: CandidateRepository
    reviews: ReviewRepository
    scoring: ScoringRepository
    demographics: DemographicsRepository

    def load(self) -> Facts:
        positions = self._positions()
        dimension_keys = list(dict.fromkeys(k for p in positions for k in p.keys))
        branches = [
            Named(id=b.id, name=b.name, name_zh=b.name_zh)
            for b in self.organisation.list_branches()
        ]
        employees = self.employees.everyone()
        branch_index = _indexer([b.id for b in branches] + [e.branch_id for e in employees])
        for extra in list(branch_index)[len(branches) :]:  # a branch no longer listed
            branches.append(Named(id=extra, name=extra))
        candidates = self.candidates.every(None, None)
        for c in candidates:
            if c.branch_id not in branch_index:
                branch_index[c.branch_id] = len(branches)
                branches.append(Named(id=c.branch_id, name=c.branch_id))
        position_index = {p.named.id: i for i, p in enumerate(positions)}
        departments = sorted({e.department for e in employees})
        department_index = {d: i for i, d in enumerate(departments)}
        columns = {k: i for i, k in enumerate(dimension_keys)}

        known = [e for e in employees if e.position_id in position_index]
        n = len(known)
        baseline = _nan((n, len(dimension_keys)))
        for row, employee in enumerate(known):
            for dimension in employee.baseline:
                if dimension.key in columns:
                    baseline[row, columns[dimension.key]] = _float(dimension.combined)
        fit = np.array([_float(e.baseline_overall) for e in known])
        employee_index = {e.id: i for i, e in enumerate(known)}
        for assessment in sorted(self.assessments.everyone(), key=lambda a: a.assessed_at):
            reassessed = employee_index.get(assessment.employee_id)
            if reassessed is not None and assessment.overall is not None:
                fit[reassessed] = assessment.overall  # the latest one wins
        table = Employees(
            ids=[e.id for e in known],
            numbers=[e.number for e in known],
            names=[e.name for e in known],
            position_titles=[e.position_title for e in known],
            manager_ids=[e.manager_id for e in known],
            branch=np.array([branch_index[e.branch_id] for e in known], dtype=np.int32),
            department=np.array([department_index[e.department] for e in known], dtype=np.int32),
            position=np.array([position_index[e.position_id] for e in known], dtype=np.int32),
            start=np.array([day_number(e.start_date) for e in known], dtype=np.int32),
            baseline=baseline,
            baseline_overall=np.array([_float(e.baseline_overall) for e in known]),
            fit=fit,
        )
        reviews = [r for r in self.performance.everyone() if r.employee_id in employee_index]
        review_table = Reviews(
            employee=np.array([employee_index[r.employee_id] for r in reviews], dtype=np.int32),
            day=np.array([day_number(r.period_end) for r in reviews], dtype=np.int32),
            overall=np.array([r.overall for r in reviews], dtype=float),
        )
        categories = self.demographics.categories().categories
        return Facts(
            positions=positions,
            branches=branches,
            departments=departments,
            dimension_keys=dimension_keys,
            employees=table,
            reviews=review_table,
            candidates=self._candidates(
                [c for c in candidates if c.position_id in position_index],
                positions,
                position_index,
                branch_index,
                columns,
                categories,
            ),
            categories=categories,
        )

    def _positions(self) -> list[PositionInfo]:
        found = []
        templates: dict[str, tuple[dict[str, float], int]] = {}
        for position in self.positions.all():
            template_id = position.template_id
            if template_id and template_id not in templates:
                current = self.templates.current(template_id)
                templates[template_id] = (
                    (current.dimension_weights, current.version) if current else ({}, 0)
                )
            weights, version = templates.get(template_id or "", ({}, 0))
            found.append(position_info(position, weights, version))
        return found

    def _candidates(
        self,
        candidates: Sequence,
        positions: list[PositionInfo],
        position_index: dict[str, int],
        branch_index: dict[str, int],
        columns: dict[str, int],
        categories: list[DemographicCategory],
    ) -> Candidates:
        n = len(candidates)
        row_of = {c.id: i for i, c in enumerate(candidates)}
        ai_overall, ai = _nan(n), _nan((n, len(columns)))
        latest_round = np.zeros(n, dtype=np.int32)
        for position in positions:
            for scores in self.scoring.position_overalls(position.named.id):
                row = row_of.get(scores.candidate_id)
                if row is None or scores.round < latest_round[row]:
                    continue
                latest_round[row] = scores.round
                ai_overall[row] = _float(scores.overall)
                ai[row, :] = np.nan
                for key, value in scores.dimensions.items():
                    if key in columns:
                        ai[row, columns[key]] = value
        human, ai_seen = _nan(n), _nan(n)
        decided_day = np.full(n, -1, dtype=np.int32)
        decided = np.zeros(n, dtype=bool)
        advanced = np.zeros(n, dtype=bool)
        first_round = np.full(n, 1 << 30, dtype=np.int32)
        for decision in self.reviews.every_decision():
            row = row_of.get(decision.candidate_id)
            if row is None:
                continue
            decided[row] = True
            advanced[row] |= decision.decision in ("second_round", "offer")
            if decision.round < first_round[row]:
                first_round[row] = decision.round
                human[row] = _float(decision.human_overall)
                ai_seen[row] = _float(decision.ai_overall)
                decided_day[row] = day_number(decision.at)
        offered = np.array(
            [bool(OFFERED & ({*c.reached, c.status})) for c in candidates], dtype=bool
        )
        answers = {
            a.candidate_id: a.answers
            for a in self.demographics.everyone()
            if a.candidate_id in row_of
        }
        coded = {}
        for category in categories:
            options = {o.key: i for i, o in enumerate(category.options)}
            unknown = len(options)
            coded[category.key] = np.array(
                [
                    options.get(answers.get(c.id, {}).get(category.key, ""), unknown)
                    for c in candidates
                ],
                dtype=np.int32,
            )
        return Candidates(
            ids=[c.id for c in candidates],
            position=np.array([position_index[c.position_id] for c in candidates], dtype=np.int32),
            branch=np.array([branch_index[c.branch_id] for c in candidates], dtype=np.int32),
            ai_overall=ai_overall,
            ai=ai,
            human_overall=human,
            ai_at_decision=ai_seen,
            decided_day=decided_day,
            decided=decided,
            advanced=advanced,
            offered=offered,
            answers=coded,
        )


@dataclass(frozen=True)
class Performance:
    """Per employee: the mean overall of the reviews since the start date (what validity
    and the weights predict), the latest review's overall (what groups compare), and how
    many reviews there were. NaN where an employee has none."""

    mean: np.ndarray
    latest: np.ndarray
    reviews: np.ndarray


def performance(employees: Employees, reviews: Reviews) -> Performance:
    n = len(employees)
    after = reviews.day >= employees.start[reviews.employee]
    who, overall = reviews.employee[after], reviews.overall[after]
    count = np.bincount(who, minlength=n)
    total = np.bincount(who, weights=overall, minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(count > 0, total / np.maximum(count, 1), np.nan)
    latest = _nan(n)
    if len(who):
        order = np.lexsort((reviews.day[after], who))
        last = np.r_[who[order][1:] != who[order][:-1], True]
        latest[who[order][last]] = overall[order][last]
    return Performance(mean=mean, latest=latest, reviews=count)

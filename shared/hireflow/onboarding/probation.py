"""The probation review (转正评估): before the probation ends (the offer's date), the
employee's manager is asked to decide - confirm (转正), extend (延长试用期) or not confirm
(不予转正) - with a score 0-100 for every dimension of the position's competency model
and a comment. The review is stored with the employee and published as
``probation.decided``: the first performance data point after the interview, whose
scores sit next to it per dimension. The same unit of work stores it as a performance
review (period ``probation-N``, source ``probation``: ``people.performance``), so the
15 % rule and the analytics see it like any other.

Who decides: the employee's manager, HR of the employee's branch, or HQ (HR and HQ
record it for the manager, and both are kept). Anyone else finds no such employee (404);
a role that never reviews probation is refused (403) when it tries to.

One decision per period, and an extension opens the next period (with its own ask and
decision). The request names the period it decides, so a retried request is recognised:
the same decision again changes nothing, a different one is refused (409).

An extension stays within the law: the whole probation at most six months from the start
date (PRC Labour Contract Law, art. 19, the longest probation of any contract).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Annotated, Literal

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, Field, field_validator

from hireflow.audit.service import record
from hireflow.identity.model import Caller
from hireflow.identity.permissions import (
    HR,
    Capability,
    can,
    has_role,
    list_scope,
    may_review_probation,
    require,
)
from hireflow.onboarding.events import ProbationDecided
from hireflow.onboarding.model import (
    Probation,
    ProbationOutcome,
    ProbationRepository,
    ProbationReview,
    ProbationScore,
    china_day,
)
from hireflow.organisation.model import OrganisationRepository
from hireflow.people.model import (
    DimensionPerformance,
    Employee,
    EmployeeRepository,
    PerformanceRepository,
    PerformanceReview,
)
from hireflow.people.performance import stage_review
from hireflow.platform.errors import Conflict, FieldError, Invalid, NotFound, invalid_value
from hireflow.platform.ids import now
from hireflow.platform.unit_of_work import UnitOfWork, UnitOfWorkFactory
from hireflow.recruiting.model import PositionRepository
from hireflow.reviews.scores import weighted

# PRC Labour Contract Law, art. 19: no probation longer than six months.
LONGEST_PROBATION = relativedelta(months=6)
# The list of reviews due: probations ending within this many days (and overdue ones).
DUE_WITHIN_DAYS = 30

Score = Annotated[int, Field(ge=0, le=100)]


def longest_end(start_date: date) -> date:
    """The latest end a probation may have (as the offer's end is counted: start + months)."""
    return start_date + LONGEST_PROBATION


def open_probation(uow: UnitOfWork, employee: Employee) -> Probation | None:
    """Stage the employee's probation, from the offer's end date, in the unit of work that
    starts onboarding: from then on the hourly run asks the manager for the review and the
    list of reviews due shows it. None: the offer set no probation."""
    if employee.probation_end is None:
        return None
    probation = Probation.of(employee, employee.probation_end)
    uow.create(probation)
    return probation


# ---------------------------------------------------------------------- the API's shapes


class ProbationDecision(BaseModel):
    period: int = Field(
        ge=1,
        le=99,
        description="the period decided (the view's ``period``): the same decision sent "
        "again changes nothing; a second, different decision of a period is refused",
    )
    outcome: ProbationOutcome
    scores: dict[str, Score] = Field(
        description="0-100 for every dimension of the position's competency model, by key"
    )
    comment: str = Field(max_length=4000)
    extended_to: date | None = Field(
        default=None, description="the new end, for an extension (and only then)"
    )

    @field_validator("comment")
    @classmethod
    def _comment(cls, value: str) -> str:
        if not value.strip():
            raise invalid_value(
                "review_comment_required", "say why in a comment: it is kept with the review"
            )
        return value.strip()


class ProbationDimension(BaseModel):
    key: str
    name: str
    name_zh: str | None = None
    weight: float
    # The interview's score of the dimension (AI and reviewers combined): the comparison.
    baseline: float | None = None


class ProbationView(BaseModel):
    employee_id: str
    branch_id: str
    start_date: date
    probation_end: date | None  # None: the offer set no probation
    days_left: int | None  # below 0: the end has passed without a decision
    period: int  # the period a decision now is for
    open: bool
    decided: ProbationOutcome | None  # confirmed or not confirmed: the probation is over
    longest_end: date  # an extension may not end later
    manager_id: str | None
    manager_name: str | None
    asked_at: datetime | None  # when the manager was asked for this period's review
    dimensions: list[ProbationDimension]
    baseline_overall: float | None
    reviews: list[ProbationReview]
    actions: list[Literal["decide"]]


class ProbationDue(BaseModel):
    employee_id: str
    number: str
    name: str
    branch_id: str
    department: str
    position_id: str
    position_title: str
    manager_id: str | None
    probation_end: date
    days_left: int
    period: int
    asked: bool


# ---------------------------------------------------------------------- deciding


@dataclass(frozen=True)
class ProbationService:
    employees: EmployeeRepository
    probations: ProbationRepository
    positions: PositionRepository
    organisation: OrganisationRepository
    uow: UnitOfWorkFactory
    performance: PerformanceRepository = field(default_factory=PerformanceRepository)

    # -------------------------------------------------------------- reach
    def _reach(self, caller: Caller, employee_id: str) -> Employee:
        employee = self.employees.get(employee_id)
        # Out of reach looks the same as missing (another branch, another manager's people).
        if (
            employee is None
            or not can(caller, Capability.REVIEW_PROBATION)
            or not may_review_probation(caller, employee.branch_id, employee.manager_id)
        ):
            raise NotFound("employee not found", code="employee_not_found")
        return employee

    def _probation(self, employee: Employee) -> Probation | None:
        """The stored probation, or the one the offer set (not stored yet: onboarding has
        not opened it); None without a probation."""
        stored = self.probations.probation(employee.id)
        if stored is not None or employee.probation_end is None:
            return stored
        return Probation.of(employee, employee.probation_end)

    # -------------------------------------------------------------- reading
    def view(self, caller: Caller, employee_id: str) -> ProbationView:
        return self._view(self._reach(caller, employee_id))

    def _view(self, employee: Employee) -> ProbationView:
        probation = self._probation(employee)
        manager = self.organisation.get_user(employee.manager_id) if employee.manager_id else None
        is_open = probation is not None and probation.open
        return ProbationView(
            employee_id=employee.id,
            branch_id=employee.branch_id,
            start_date=employee.start_date,
            probation_end=employee.probation_end,
            days_left=(employee.probation_end - china_day(now())).days
            if employee.probation_end and is_open
            else None,
            period=probation.period if probation else 1,
            open=is_open,
            decided=probation.decided if probation else None,
            longest_end=longest_end(employee.start_date),
            manager_id=employee.manager_id,
            manager_name=manager.display_name if manager else None,
            asked_at=probation.asked_at
            if probation and probation.asked_period == probation.period
            else None,
            dimensions=self._dimensions(employee),
            baseline_overall=employee.baseline_overall,
            reviews=self.probations.reviews(employee.id),
            actions=["decide"] if is_open else [],
        )

    def _dimensions(self, employee: Employee) -> list[ProbationDimension]:
        """The position's competency model now (the employee's baseline's when the
        position is gone), with the interview's score of each dimension."""
        baseline = {b.key: b for b in employee.baseline}
        return [
            ProbationDimension(
                key=c.key,
                name=c.name,
                name_zh=c.name_zh,
                weight=c.weight,
                baseline=baseline[c.key].combined if c.key in baseline else None,
            )
            for c in employee.competencies(self.positions.get(employee.position_id))
        ]

    def due(self, caller: Caller, branch_id: str | None = None) -> list[ProbationDue]:
        """Open probations ending within 30 days (or already ended, undecided): a manager's
        own people; HR's branch; HQ's every branch (or ``branch_id``)."""
        require(caller, Capability.REVIEW_PROBATION, "the probation reviews due")
        branch = list_scope(caller, branch_id)
        today = china_day(now())
        last_day = today + timedelta(days=DUE_WITHIN_DAYS)
        if has_role(caller, *HR):
            found = list(self.probations.open_ending_by(last_day, branch_id=branch))
        else:
            found = list(self.probations.open_ending_by(last_day, manager_id=caller.user_id))
        employees = {e.id: e for e in self.employees.many([p.employee_id for p in found])}
        return [
            ProbationDue(
                employee_id=e.id,
                number=e.number,
                name=e.name,
                branch_id=e.branch_id,
                department=e.department,
                position_id=e.position_id,
                position_title=e.position_title,
                manager_id=e.manager_id,
                probation_end=p.end,
                days_left=(p.end - today).days,
                period=p.period,
                asked=p.asked_period == p.period,
            )
            for p in found
            if (e := employees.get(p.employee_id))
        ]

    # -------------------------------------------------------------- deciding
    def decide(
        self, caller: Caller, employee_id: str, decision: ProbationDecision
    ) -> ProbationView:
        require(caller, Capability.REVIEW_PROBATION, "a probation review")
        employee = self._reach(caller, employee_id)
        probation = self._probation(employee)
        if probation is None:
            raise Conflict("the offer set no probation for this employee", code="no_probation")
        if decision.period != probation.period or not probation.open:
            self._decided_already(employee, probation, decision)
            return self._view(employee)  # the same decision again: nothing happens twice
        scores = self._scores(employee, decision)
        self._check_extension(employee, probation, decision)
        # HR or HQ deciding for an employee with a manager record the manager's review.
        manager = employee.manager_id
        on_behalf = manager if manager and manager != caller.user_id else None
        review = ProbationReview(
            employee_id=employee.id,
            branch_id=employee.branch_id,
            position_id=employee.position_id,
            period=probation.period,
            outcome=decision.outcome,
            scores=scores,
            overall=weighted(
                {s.key: float(s.score) for s in scores}, {s.key: s.weight for s in scores}
            )
            or 0.0,
            comment=decision.comment,
            period_end=probation.end,
            extended_to=decision.extended_to,
            reviewer_id=caller.user_id,
            reviewer=self._name(caller.user_id) or caller.username,
            on_behalf_of=on_behalf,
            on_behalf_of_name=self._name(on_behalf) if on_behalf else None,
        )
        if decision.outcome == ProbationOutcome.EXTENDED:
            assert decision.extended_to is not None
            after = probation.model_copy(
                update={
                    "end": decision.extended_to,
                    "period": probation.period + 1,
                    "manager_id": employee.manager_id,
                }
            )
        else:
            after = probation.model_copy(update={"decided": decision.outcome})
        with self.uow() as uow:
            uow.create(review)
            if probation.revision == 0:
                uow.create(after)
            else:
                uow.save(after)
            if decision.extended_to is not None:
                employee = employee.model_copy(update={"probation_end": decision.extended_to})
                uow.save(employee)
            record(
                uow,
                caller,
                "probation.decide",
                branch_id=employee.branch_id,
                entity=review,
                entity_id=employee.id,
            )
            period = f"probation-{review.period}"
            stage_review(
                uow,
                caller,
                employee,
                self._performance(employee, review, period),
                self.performance.get(employee.id, period),
            )
            uow.publish(
                ProbationDecided.of(
                    employee,
                    review=review.period,
                    outcome=review.outcome.value,
                    overall=review.overall,
                    extended_to=review.extended_to.isoformat() if review.extended_to else None,
                )
            )
            uow.commit(on_duplicate="this period's probation was decided meanwhile")
        return self._view(employee)

    @staticmethod
    def _performance(employee: Employee, review: ProbationReview, period: str) -> PerformanceReview:
        """The probation review as performance data (module doc)."""
        return PerformanceReview(
            employee_id=employee.id,
            branch_id=employee.branch_id,
            department=employee.department,
            position_id=employee.position_id,
            period=period,
            period_end=review.period_end,
            dimensions=[DimensionPerformance(key=s.key, score=s.score) for s in review.scores],
            overall=review.overall,
            reviewer_id=review.reviewer_id,
            reviewer_name=review.reviewer,
            comment=review.comment,
            source="probation",
        )

    def _decided_already(
        self, employee: Employee, probation: Probation, decision: ProbationDecision
    ) -> None:
        """A decision for a period decided already: harmless when it is the same one
        (a retry), refused otherwise."""
        done = self.probations.review(employee.id, decision.period)
        if done is None:  # a period not reached yet
            raise Conflict(
                f"the open probation period is {probation.period}; reload and decide that",
                code="not_the_open_period",
                params={"period": probation.period},
            )
        same = (
            done.outcome == decision.outcome
            and {s.key: s.score for s in done.scores} == decision.scores
            and done.comment == decision.comment
            and done.extended_to == decision.extended_to
        )
        if not same:
            raise Conflict(
                f"probation period {done.period} was decided already ({done.outcome.value})",
                code="probation_decided",
                params={"period": done.period, "outcome": done.outcome.value},
            )

    def _scores(self, employee: Employee, decision: ProbationDecision) -> list[ProbationScore]:
        dimensions = self._dimensions(employee)
        keys = {d.key for d in dimensions}
        if set(decision.scores) != keys:
            missing, unknown = keys - set(decision.scores), set(decision.scores) - keys
            raise Invalid(
                "score every dimension of the position, and only those",
                [FieldError(f"scores.{k}", "missing", "missing") for k in sorted(missing)]
                + [
                    FieldError(f"scores.{k}", "not a dimension", "not_a_dimension")
                    for k in sorted(unknown)
                ],
                code="score_every_dimension",
            )
        return [
            ProbationScore(
                key=d.key,
                name=d.name,
                name_zh=d.name_zh,
                weight=d.weight,
                score=decision.scores[d.key],
            )
            for d in dimensions
        ]

    @staticmethod
    def _check_extension(
        employee: Employee, probation: Probation, decision: ProbationDecision
    ) -> None:
        def refuse(message: str, code: str, **params: str) -> Invalid:
            return Invalid(
                message,
                [FieldError("extended_to", message, code, params)],
                code=code,
                params=params,
            )

        if decision.outcome != ProbationOutcome.EXTENDED:
            if decision.extended_to is not None:
                raise refuse("only an extension sets a new end", code="extended_to_unexpected")
            return
        if decision.extended_to is None:
            raise refuse("an extension needs the new end date", code="extended_to_required")
        if decision.extended_to <= probation.end:
            raise refuse(
                f"the new end must be after the current end, {probation.end}",
                code="extension_not_later",
                end=probation.end.isoformat(),
            )
        limit = longest_end(employee.start_date)
        if decision.extended_to > limit:
            raise refuse(
                f"a probation may last at most six months (PRC Labour Contract Law, art. 19): "
                f"from the start date {employee.start_date} it ends by {limit} at the latest",
                code="probation_over_six_months",
                start_date=employee.start_date.isoformat(),
                limit=limit.isoformat(),
            )

    def _name(self, user_id: str) -> str | None:
        profile = self.organisation.get_user(user_id)
        return profile.display_name if profile else None

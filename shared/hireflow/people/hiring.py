"""Hiring: the employee record an accepted offer creates, with the next employee number
and the interview baseline.

The number, the employee and the candidate's ``HiredAs`` guard are written in the unit of
work of the hire: a retried or duplicate acceptance finds the guard and creates nothing,
and two hires at once cannot take the same number (the sequence is saved with the
revision read; the loser's transaction fails and its step is retried).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

from hireflow.people.model import (
    BaselineDimension,
    Employee,
    EmployeeRepository,
    HiredAs,
    format_number,
)
from hireflow.platform.ids import now
from hireflow.platform.unit_of_work import UnitOfWork
from hireflow.recruiting.model import Candidate, PositionRepository
from hireflow.reviews.scores import Scores


def assessed(scores: Scores) -> list[BaselineDimension]:
    """A round's scores per dimension as the employee's record keeps them (the hiring
    baseline, and every re-assessment: ai, human and combined, as reviews combine them)."""
    return [
        BaselineDimension(
            key=d.key,
            name=d.name,
            name_zh=d.name_zh,
            weight=d.weight,
            ai=d.ai,
            human=d.human,
            combined=d.combined,
        )
        for d in scores.dimensions
    ]


@dataclass(frozen=True)
class Hiring:
    employees: EmployeeRepository
    positions: PositionRepository
    baseline: Callable[[Candidate], Scores]
    number_pattern: str

    def stage(
        self,
        uow: UnitOfWork,
        candidate: Candidate,
        *,
        offer_id: str,
        department: str,
        start_date: date,
        work_location: str,
        probation_months: int,
    ) -> Employee | None:
        """Stage the employee for ``candidate`` in ``uow``; None when it exists already."""
        if self.employees.hired_as(candidate.id):
            return None
        numbers = self.employees.numbers()
        following = numbers.model_copy(update={"last": numbers.last + 1})
        if numbers.revision == 0:
            uow.create(following)
        else:
            uow.save(following)
        position = self.positions.get(candidate.position_id)
        scores = self.baseline(candidate)
        employee = Employee(
            number=format_number(self.number_pattern, following.last, now().year),
            candidate_id=candidate.id,
            name=candidate.name,
            email=candidate.email,
            phone=candidate.phone,
            locale=candidate.locale,
            branch_id=candidate.branch_id,
            department=department,
            position_id=candidate.position_id,
            position_title=position.title if position else "",
            start_date=start_date,
            work_location=work_location,
            probation_end=start_date + relativedelta(months=probation_months)
            if probation_months
            else None,
            manager_id=candidate.hiring_manager_id,
            offer_id=offer_id,
            baseline_round=scores.round,
            baseline=assessed(scores),
            baseline_overall=scores.combined_overall,
        )
        uow.create(employee)
        uow.create(
            HiredAs(candidate_id=candidate.id, employee_id=employee.id, number=employee.number)
        )
        return employee

"""The base of every event about an employee (onboarding, training, probation): the
detail every subscriber can rely on (docs/events.md)."""

from __future__ import annotations

from typing import Any, ClassVar, Self

from hireflow.people.model import Employee
from hireflow.platform.events import DomainEvent


class EmployeeEvent(DomainEvent):
    """A fact about one employee."""

    employee_id: str
    branch_id: str
    position_id: str

    # A fact that can happen several times names what tells them apart.
    distinct_by: ClassVar[tuple[str, ...]] = ()

    @property
    def subject_id(self) -> str:
        return self.employee_id

    def identity(self) -> str:
        parts = [self.employee_id, self.detail_type]
        parts += [str(getattr(self, name)) for name in self.distinct_by]
        return ":".join(parts)

    @classmethod
    def of(cls, employee: Employee, **facts: Any) -> Self:
        return cls(
            employee_id=employee.id,
            branch_id=employee.branch_id,
            position_id=employee.position_id,
            **facts,
        )


class PerformanceReviewed(EmployeeEvent):
    """A performance review of a period was recorded or replaced (``period``, its last
    day ``period_end``, ``overall`` 0-100, ``source``: hr, import, ehr or probation). The
    scores per dimension stay in the API; a replaced review is published again."""

    detail_type = "performance.reviewed"
    distinct_by: ClassVar[tuple[str, ...]] = ("period",)
    period: str
    period_end: str
    overall: float
    source: str


class EmployeeReassessed(EmployeeEvent):
    """A periodic re-assessment's scores are stored with the employee (``candidate_id``:
    the re-assessment's interview; ``overall``: its combined score 0-100, None when no
    dimension was scored; ``previous_overall``: the assessment before it, hiring's or the
    last re-assessment's). Scores per dimension stay in the API."""

    detail_type = "employee.reassessed"
    distinct_by: ClassVar[tuple[str, ...]] = ("candidate_id",)
    candidate_id: str
    overall: float | None
    previous_overall: float | None
    schedule_id: str | None = None


class EmployeeDeparted(EmployeeEvent):
    """HR recorded the employee's departure (``left_on``: the last day): the record and
    the onboarding documents are archived and the retention clock of the departure starts
    (docs/privacy.md "Retention"). The reason stays in the API."""

    detail_type = "employee.departed"
    left_on: str

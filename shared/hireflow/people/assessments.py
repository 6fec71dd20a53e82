"""An employee's assessments: the interview at hiring (``Employee.baseline``, never
changed) and every periodic re-assessment after it, each kept (docs/analytics.md).
Performance is compared with the latest one.

Access patterns:
- an employee's re-assessments: Query pk=EMPLOYEE#<id>, sk begins_with ASSESSMENT#
- every re-assessment (the analytics job): Query gsi2 gsi2pk=ASSESSMENTS
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from hireflow.people.model import BaselineDimension, Employee
from hireflow.platform.ids import now
from hireflow.platform.store import ItemKeys, Repository, Stored


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

    @staticmethod
    def partition(employee_id: str) -> str:
        return f"EMPLOYEE#{employee_id}"

    def item_keys(self) -> ItemKeys:
        stamp = self.assessed_at.isoformat()
        return ItemKeys(
            self.partition(self.employee_id),
            f"{ALL_OF_EMPLOYEE}{stamp}#{self.candidate_id}",
            gsi2=(ALL_ASSESSMENTS, f"{stamp}#{self.employee_id}"),
        )


ALL_OF_EMPLOYEE = "ASSESSMENT#"
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
            EmployeeAssessment.partition(employee_id), ALL_OF_EMPLOYEE
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

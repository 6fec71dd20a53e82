"""Employees: the record a hired candidate becomes.

Access patterns:
- an employee: GetItem pk=EMPLOYEE#<id>, sk=EMPLOYEE
- the employee a candidate became: GetItem pk=EMPLOYEE_OF#<candidate id> (also the guard
  that makes hiring happen once)
- a branch's employees: Query gsi1pk=BRANCH#<id>#EMPLOYEES
- the company's employee numbers: GetItem pk=SEQUENCE, sk=EMPLOYEE_NUMBER
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

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

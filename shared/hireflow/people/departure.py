"""An employee's departure: HR of the employee's branch (or HQ) record the last day and
the reason. The record is archived at once (lists leave it out; it is kept, closed to
everyday reading) and ``employee.departed`` starts the retention clock of the departure
and archives the onboarding documents (docs/privacy.md "Retention")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, Field

from hireflow.audit.service import audited_write
from hireflow.identity.model import Caller
from hireflow.identity.permissions import Capability, require
from hireflow.people.events import EmployeeDeparted
from hireflow.people.model import Employee
from hireflow.people.service import EmployeeService
from hireflow.platform.errors import Conflict
from hireflow.platform.ids import now
from hireflow.platform.unit_of_work import UnitOfWorkFactory


class Departure(BaseModel):
    left_on: date
    reason: str = Field(min_length=1, max_length=500)


@dataclass(frozen=True)
class Departures:
    employees: EmployeeService
    uow: UnitOfWorkFactory

    def record(self, caller: Caller, employee_id: str, departure: Departure) -> Employee:
        require(caller, Capability.RECORD_DEPARTURES, "recording a departure")
        employee = self.employees.get(caller, employee_id)
        if employee.left_on is not None:
            raise Conflict(
                "the departure is already recorded",
                code="employee_already_departed",
                params={"left_on": str(employee.left_on)},
            )
        left = employee.model_copy(
            update={
                "left_on": departure.left_on,
                "departure_reason": departure.reason,
                "archived_at": now(),
            }
        )
        with self.uow() as uow:
            saved = audited_write(
                uow,
                caller,
                "employee.departure",
                left,
                entity_id=employee.id,
                branch_id=employee.branch_id,
                before=employee,
                subject_id=employee.id,
            )
            uow.publish(EmployeeDeparted.of(left, left_on=departure.left_on.isoformat()))
            uow.commit()
        return saved

"""Reading employees: HR of the branch and HQ."""

from __future__ import annotations

from dataclasses import dataclass

from hireflow.identity.model import Caller
from hireflow.identity.permissions import Capability, can, list_scope, require, require_branch
from hireflow.people.model import Employee, EmployeeRepository
from hireflow.platform.errors import NotFound


@dataclass(frozen=True)
class EmployeeService:
    employees: EmployeeRepository

    def list(
        self, caller: Caller, branch_id: str | None = None, archived: bool = False
    ) -> list[Employee]:
        """The employees in reach; an archived record (the employee left) only when asked."""
        require(caller, Capability.LIST_EMPLOYEES, "listing employees")
        branch = list_scope(caller, branch_id)
        found = self.employees.of_branch(branch) if branch else self.employees.everyone()
        return sorted((e for e in found if archived or not e.archived_at), key=lambda e: e.number)

    def get(self, caller: Caller, employee_id: str) -> Employee:
        employee = self.employees.get(employee_id)
        # Out of reach looks the same as missing, for a role that may not read employees too.
        if employee is None or not can(caller, Capability.LIST_EMPLOYEES):
            raise NotFound("employee not found", code="employee_not_found")
        require_branch(caller, employee.branch_id, "employee")
        return employee

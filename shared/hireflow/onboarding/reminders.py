"""The hourly onboarding sweep: the owners of an open task are told once when it comes due
(``onboarding_due_soon_days`` before its due date, 2 by default) and once when it is
overdue (the day after its due date); the manager is asked for the probation review
(``probation_ask_days`` before the period ends, 14 by default), once per period.

Judged at the schedule's time in China's calendar, so a late or repeated run does the
same, once: each reminder is a marker on the task ("before", "overdue"), saved with the
plan's revision read and with its messages filed in the same unit of work. A run that
lost the race to another change (a task completed meanwhile) leaves the plan to the next
run, which judges it again.

Who is told: the task's owners (HR or IT of the branch by role, the employee's manager,
the mentor). A task whose owners cannot be told (no IT user in the branch, no mentor
named yet, nobody with an e-mail address) goes to the branch's HR instead, the task's
name saying whose it is. The new hire's own tasks are reminded through ``new_hire``,
which the portal provides (it owns the new hire's link); without it they are left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from hireflow.identity.model import Role
from hireflow.notifications.model import NotificationEvent
from hireflow.notifications.sending import MessageRequest
from hireflow.onboarding.model import (
    OnboardingPlan,
    OnboardingRepository,
    PlanStatus,
    PlanTask,
    ProbationRepository,
    TaskOwner,
    china_day,
)
from hireflow.onboarding.notices import EmployeeNotices
from hireflow.organisation.model import OrganisationRepository, UserProfile
from hireflow.people.model import Employee, EmployeeRepository
from hireflow.platform.errors import ChangedMeanwhile
from hireflow.platform.observability import logger
from hireflow.platform.unit_of_work import UnitOfWork, UnitOfWorkFactory

BEFORE, OVERDUE = "before", "overdue"
EVENTS = {
    BEFORE: NotificationEvent.ONBOARDING_TASK_DUE,
    OVERDUE: NotificationEvent.ONBOARDING_TASK_OVERDUE,
}

# Said after the task's name when the branch's HR is told in its owners' stead (HR's own
# tasks have no one else to fall back on).
STAND_IN = {
    TaskOwner.IT: {
        "en": "IT's task: no IT user in the branch to tell",
        "zh": "IT 的任务：本分支机构没有可通知的 IT 人员",
    },
    TaskOwner.MENTOR: {
        "en": "the mentor's task: no mentor named yet",
        "zh": "导师的任务：尚未指定导师",
    },
    TaskOwner.MANAGER: {
        "en": "the manager's task: no manager to tell",
        "zh": "经理的任务：没有可通知的经理",
    },
}


class NewHireReminder(Protocol):
    """The new hire's reminder of one of their tasks (``marker``: "before" or "overdue"),
    staged in ``uow`` with the task's marker; returns how many messages it staged. The
    portal provides it: the message carries the new hire's link."""

    def __call__(self, uow: UnitOfWork, employee: Employee, task: PlanTask, marker: str) -> int: ...


def reminder_due(task: PlanTask, today: date, due_soon_days: int) -> str | None:
    """The reminder ``task`` is owed on ``today`` (and has not had), or None."""
    if task.done:
        return None
    if today > task.due:
        return OVERDUE if OVERDUE not in task.reminded else None
    if today >= task.due - timedelta(days=due_soon_days) and BEFORE not in task.reminded:
        return BEFORE
    return None


@dataclass(frozen=True)
class OnboardingReminders:
    onboarding: OnboardingRepository
    employees: EmployeeRepository
    notices: EmployeeNotices
    uow: UnitOfWorkFactory
    due_soon_days: int = 2
    # The extension point for the new hire's own tasks (the portal's); None: not reminded.
    new_hire: NewHireReminder | None = None

    def run(self, at: datetime) -> int:
        """Messages filed (each owner told of each task is one)."""
        today = china_day(at)
        sent = 0
        for plan in self.onboarding.plans(PlanStatus.ACTIVE):
            owed = [
                (task, marker)
                for task in plan.tasks
                if (marker := reminder_due(task, today, self.due_soon_days))
                and (task.owner != TaskOwner.NEW_HIRE or self.new_hire is not None)
            ]
            if not owed:
                continue
            employee = self.employees.get(plan.employee_id)
            if employee is None:
                continue
            sent += self._remind(plan, employee, owed)
        return sent

    def _remind(
        self, plan: OnboardingPlan, employee: Employee, owed: list[tuple[PlanTask, str]]
    ) -> int:
        """One unit of work per task (a task's owners may be many): the plan saved with the
        task's marker and the revision read, the messages filed with it."""
        sent = 0
        for task, marker in owed:
            marked = plan.with_task(task.model_copy(update={"reminded": [*task.reminded, marker]}))
            with self.uow() as uow:
                uow.save(marked)
                if task.owner == TaskOwner.NEW_HIRE:
                    assert self.new_hire is not None
                    filed = self.new_hire(uow, employee, task, marker)
                else:
                    requests = self._to_owners(plan, employee, task, marker)
                    self.notices.file(uow, employee, f"onboarding_{marker}:{task.id}", requests)
                    filed = len(requests)
                try:
                    uow.commit()
                except ChangedMeanwhile:
                    return sent  # the plan changed: the next run judges it afresh
            plan = marked.model_copy(update={"revision": plan.revision + 1})
            sent += filed
        return sent

    def _to_owners(
        self, plan: OnboardingPlan, employee: Employee, task: PlanTask, marker: str
    ) -> list[MessageRequest]:
        owners = self._reachable(self.notices.owners(plan, task.owner))
        stand_in = not owners
        if stand_in:
            owners = self._reachable(self.notices.owners(plan, TaskOwner.HR))
        if not owners:
            logger.warning(
                "no one to tell of an onboarding task",
                employee_id=employee.id,
                task_id=task.id,
                owner=task.owner.value,
            )
            return []
        requests: list[MessageRequest] = []
        for locale in ("zh", "en"):
            readers = [u for u in owners if u.locale == locale]
            if readers:
                name = task.title_in(locale)
                if stand_in:
                    note = STAND_IN[task.owner][locale]
                    name = f"{name}（{note}）" if locale == "zh" else f"{name} ({note})"
                requests += self.notices.to_users(
                    employee, EVENTS[marker], readers, task=name, due=task.due.isoformat()
                )
        return requests

    @staticmethod
    def _reachable(users: list[UserProfile]) -> list[UserProfile]:
        return [u for u in users if u.enabled and u.email]


# ---------------------------------------------------------------------- asking


@dataclass(frozen=True)
class ProbationReminders:
    """The hourly ask: ``ask_days`` (14) before a probation period ends, its manager (the
    branch's HR when there is none to tell) is asked for the review, once per period. The
    ask is marked on the probation, saved with the revision read and with the messages
    filed in one unit of work, so a repeated or late run asks once."""

    probations: ProbationRepository
    employees: EmployeeRepository
    organisation: OrganisationRepository
    notices: EmployeeNotices
    uow: UnitOfWorkFactory
    ask_days: int = 14

    def run(self, at: datetime) -> int:
        """Messages filed."""
        sent = 0
        last_day = china_day(at) + timedelta(days=self.ask_days)
        for probation in self.probations.open_ending_by(last_day):
            if probation.asked_period == probation.period:
                continue
            employee = self.employees.get(probation.employee_id)
            if employee is None:
                continue
            requests = self.notices.to_users(
                employee, NotificationEvent.PROBATION_REVIEW_DUE, self._asked(employee)
            )
            with self.uow() as uow:
                uow.save(
                    probation.model_copy(update={"asked_period": probation.period, "asked_at": at})
                )
                self.notices.file(uow, employee, f"probation_ask:{probation.period}", requests)
                try:
                    uow.commit()
                except ChangedMeanwhile:
                    continue  # decided or asked meanwhile: the next run judges it again
            sent += len(requests)
        return sent

    def _asked(self, employee: Employee) -> list[UserProfile]:
        manager = self.organisation.get_user(employee.manager_id) if employee.manager_id else None
        if manager and manager.enabled and manager.email:
            return [manager]
        return [
            u
            for u in self.notices.of_role(employee.branch_id, Role.BRANCH_HR)
            if u.enabled and u.email
        ]

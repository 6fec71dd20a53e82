"""Onboarding's use cases: the plan made when an employee is created (the
``employee.created`` event, never a direct call), the plan as people read it, each
owner's tasks, completing them, the mentor, HQ's templates and every branch's progress.

Who reads a plan: HQ, HR of the employee's branch, the employee's manager and mentor;
anyone else is told it does not exist. Who completes a task: its owner (HR or IT of the
branch by role, the manager, the mentor), or HR on their behalf; documents and courses
are completed where they are checked (the document review, the course result).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from pydantic import BaseModel, Field

from hireflow.audit.service import audited_write, record
from hireflow.identity.model import Caller, Role
from hireflow.identity.permissions import (
    HR,
    Capability,
    can,
    has_role,
    list_scope,
    require,
)
from hireflow.notifications.model import NotificationEvent
from hireflow.onboarding.events import MentorAssigned, OnboardingStarted
from hireflow.onboarding.model import (
    OnboardingPlan,
    OnboardingRepository,
    OnboardingTemplate,
    OnboardingTemplateFields,
    PlanStatus,
    PlanTask,
    TaskKind,
    TaskOwner,
    best_template,
    china_day,
    plan_tasks,
)
from hireflow.onboarding.notices import OWNER_ROLES, EmployeeNotices
from hireflow.onboarding.probation import open_probation
from hireflow.onboarding.tasks import stage_completion
from hireflow.organisation.model import OrganisationRepository, UserProfile
from hireflow.people.model import Employee, EmployeeRepository
from hireflow.platform.errors import Conflict, FieldError, Forbidden, Invalid, NotFound
from hireflow.platform.ids import now
from hireflow.platform.store import AlreadyExists
from hireflow.platform.unit_of_work import UnitOfWorkFactory, check_revision
from hireflow.recruiting.model import PositionRepository

# Documents and courses are done where they are checked, not by a click.
COMPLETED_ELSEWHERE = {TaskKind.DOCUMENT, TaskKind.TRAINING}


class CoursePlanner(Protocol):
    def courses_for(self, employee: Employee) -> list[PlanTask]:
        """The courses the employee's plan gets (the position's, and the interview's)."""
        ...


class Welcome(Protocol):
    def welcome(
        self, employee: Employee, plan: OnboardingPlan, template: OnboardingTemplate | None
    ) -> None:
        """Give the new hire the portal link with the onboarding notice (once)."""
        ...


class Person(BaseModel):
    user_id: str
    name: str


class PlanView(BaseModel):
    employee_id: str
    employee_number: str
    name: str
    branch_id: str
    department: str
    position_id: str
    position_title: str
    position_title_zh: str | None
    start_date: date
    work_location: str
    probation_end: date | None
    manager: Person | None
    mentor: Person | None
    template_id: str | None
    status: PlanStatus
    done: int
    total: int
    overdue: int
    tasks: list[PlanTask]
    # What the caller may do here: complete these tasks, name the mentor.
    completable: list[str]
    may_assign_mentor: bool


class MyTask(BaseModel):
    employee_id: str
    employee_name: str
    position_title: str
    position_title_zh: str | None
    branch_id: str
    start_date: date
    task: PlanTask
    overdue: bool


class Completion(BaseModel):
    note: str | None = Field(default=None, max_length=1000)


class MentorChoice(BaseModel):
    mentor_id: str = Field(min_length=1, max_length=64)


class NewHireProgress(BaseModel):
    employee_id: str
    employee_number: str
    name: str
    branch_id: str
    position_title: str
    position_title_zh: str | None
    start_date: date
    probation_end: date | None
    mentor: str | None
    status: PlanStatus
    done: int
    total: int
    overdue: int
    next_due: date | None


class BranchProgress(BaseModel):
    branch_id: str
    branch_name: str
    branch_name_zh: str | None
    active: int
    completed: int
    overdue_tasks: int
    new_hires: list[NewHireProgress]


class TemplateInput(OnboardingTemplateFields):
    revision: int | None = None  # the revision edited (optimistic locking)


@dataclass(frozen=True)
class OnboardingService:
    employees: EmployeeRepository
    onboarding: OnboardingRepository
    organisation: OrganisationRepository
    positions: PositionRepository
    notices: EmployeeNotices
    uow: UnitOfWorkFactory
    planner: CoursePlanner
    welcome: Welcome

    # -------------------------------------------------------------- the start
    def start(self, employee_id: str) -> OnboardingPlan:
        """Make the employee's plan from the closest template (once: a duplicate or
        retried ``employee.created`` finds the plan), then welcome the new hire."""
        employee = self.employees.get(employee_id)
        if employee is None:
            raise NotFound("employee not found", code="employee_not_found")
        template = best_template(self.onboarding.templates(), employee)
        plan = self.onboarding.plan(employee_id)
        if plan is None:
            plan = self._new_plan(employee, template)
            try:
                with self.uow() as uow:
                    uow.create(plan)
                    open_probation(uow, employee)
                    uow.publish(
                        OnboardingStarted.of(
                            employee,
                            template_id=plan.template_id,
                            tasks=len(plan.tasks),
                            start_date=employee.start_date.isoformat(),
                        )
                    )
                    uow.commit()
            except Conflict:  # made by a concurrent delivery of the same event
                plan = self.onboarding.plan(employee_id) or plan
        self.welcome.welcome(employee, plan, template)
        return plan

    def _new_plan(self, employee: Employee, template: OnboardingTemplate | None) -> OnboardingPlan:
        tasks = plan_tasks(template, employee.start_date) if template else []
        courses = [t.course_id for t in tasks if t.course_id]
        for course in self.planner.courses_for(employee):
            if course.course_id in courses:  # the template names it already: keep the why
                tasks = [
                    t.model_copy(update={"reason": course.reason})
                    if t.course_id == course.course_id
                    else t
                    for t in tasks
                ]
            else:
                tasks.append(course)
        return OnboardingPlan(
            employee_id=employee.id,
            branch_id=employee.branch_id,
            position_id=employee.position_id,
            department=employee.department,
            manager_id=employee.manager_id,
            template_id=template.id if template else None,
            template_version=template.version if template else None,
            start_date=employee.start_date,
            probation_end=employee.probation_end,
            tasks=sorted(tasks, key=lambda t: t.due),
        )

    # -------------------------------------------------------------- reading a plan
    def _reach(self, caller: Caller, employee_id: str) -> tuple[Employee, OnboardingPlan]:
        employee = self.employees.get(employee_id)
        plan = self.onboarding.plan(employee_id) if employee else None
        if employee is None or plan is None or not self._follows(caller, plan):
            raise NotFound("onboarding plan not found", code="onboarding_not_found")
        return employee, plan

    @staticmethod
    def _follows(caller: Caller, plan: OnboardingPlan) -> bool:
        if caller.user_id in (plan.manager_id, plan.mentor_id):
            return True
        return can(caller, Capability.LIST_EMPLOYEES) and caller.can_see_branch(plan.branch_id)

    @staticmethod
    def _acts_for_owner(caller: Caller, plan: OnboardingPlan, owner: TaskOwner) -> bool:
        """The caller is the task's owner, or HR of the plan's branch acting for them."""
        if has_role(caller, *HR) and caller.can_see_branch(plan.branch_id):
            return owner != TaskOwner.NEW_HIRE
        if owner in OWNER_ROLES:
            return has_role(caller, OWNER_ROLES[owner]) and caller.branch_id == plan.branch_id
        person = {TaskOwner.MANAGER: plan.manager_id, TaskOwner.MENTOR: plan.mentor_id}.get(owner)
        return person is not None and caller.user_id == person

    def _title_zh(self, employee: Employee) -> str | None:
        """The position's Chinese title, for Chinese screens (the employee keeps the
        English one it was hired with)."""
        position = self.positions.get(employee.position_id)
        return position.title_zh if position else None

    def _person(self, user_id: str | None) -> Person | None:
        user = self.organisation.get_user(user_id) if user_id else None
        return Person(user_id=user.user_id, name=user.display_name) if user else None

    def view(self, caller: Caller, employee_id: str) -> PlanView:
        employee, plan = self._reach(caller, employee_id)
        done, total = plan.progress
        return PlanView(
            employee_id=employee.id,
            employee_number=employee.number,
            name=employee.name,
            branch_id=employee.branch_id,
            department=employee.department,
            position_id=employee.position_id,
            position_title=employee.position_title,
            position_title_zh=self._title_zh(employee),
            start_date=employee.start_date,
            work_location=employee.work_location,
            probation_end=employee.probation_end,
            manager=self._person(plan.manager_id),
            mentor=self._person(plan.mentor_id),
            template_id=plan.template_id,
            status=plan.status,
            done=done,
            total=total,
            overdue=len(plan.overdue(china_day(now()))),
            tasks=plan.tasks,
            completable=[
                t.id
                for t in plan.tasks
                if not t.done
                and t.kind not in COMPLETED_ELSEWHERE
                and self._acts_for_owner(caller, plan, t.owner)
            ],
            may_assign_mentor=self._may_assign_mentor(caller, plan),
        )

    # -------------------------------------------------------------- my tasks
    def my_tasks(self, caller: Caller) -> list[MyTask]:
        """The open tasks the caller owns (by role in their branch, or as the manager or
        mentor), overdue first, then by due date."""
        require(caller, Capability.ONBOARDING_TASKS, "onboarding tasks")
        today = china_day(now())
        mine: list[MyTask] = []
        for plan in self.onboarding.plans_of_branch(caller.branch_id, PlanStatus.ACTIVE):
            tasks = [t for t in plan.tasks if not t.done and self._owns(caller, plan, t.owner)]
            if not tasks:
                continue
            employee = self.employees.get(plan.employee_id)
            if employee is None:
                continue
            mine += [
                MyTask(
                    employee_id=employee.id,
                    employee_name=employee.name,
                    position_title=employee.position_title,
                    position_title_zh=self._title_zh(employee),
                    branch_id=employee.branch_id,
                    start_date=employee.start_date,
                    task=task,
                    overdue=task.due < today,
                )
                for task in tasks
            ]
        return sorted(mine, key=lambda m: (not m.overdue, m.task.due, m.employee_name))

    @staticmethod
    def _owns(caller: Caller, plan: OnboardingPlan, owner: TaskOwner) -> bool:
        if owner == TaskOwner.HR:
            return has_role(caller, *HR)
        if owner == TaskOwner.IT:
            return has_role(caller, Role.IT)
        person = {TaskOwner.MANAGER: plan.manager_id, TaskOwner.MENTOR: plan.mentor_id}.get(owner)
        return person is not None and caller.user_id == person

    def complete(
        self, caller: Caller, employee_id: str, task_id: str, completion: Completion
    ) -> PlanTask:
        """The task done; returned as it now is (IT completes without reading the plan)."""
        employee, plan = self._reach_for_task(caller, employee_id)
        task = plan.task(task_id)
        if task is None:
            raise NotFound("task not found", code="task_not_found")
        if task.kind in COMPLETED_ELSEWHERE:
            raise Conflict(
                "this task is done when its document is approved or its course result recorded",
                code="task_completed_elsewhere",
            )
        if not self._acts_for_owner(caller, plan, task.owner):
            raise NotFound("task not found", code="task_not_found")
        if task.done:
            return task
        with self.uow() as uow:
            completed = stage_completion(
                uow, employee, plan, task_id, caller.user_id, note=completion.note
            )
            record(
                uow,
                caller,
                "onboarding.task_completed",
                branch_id=plan.branch_id,
                entity=completed,
                entity_id=f"{employee_id}#{task_id}",
                before=plan,
            )
            uow.commit()
        done = completed.task(task_id)
        assert done is not None
        return done

    def _reach_for_task(self, caller: Caller, employee_id: str) -> tuple[Employee, OnboardingPlan]:
        """IT completes its tasks without following the whole plan; the rest need reach."""
        employee = self.employees.get(employee_id)
        plan = self.onboarding.plan(employee_id) if employee else None
        if employee is None or plan is None or not caller.can_see_branch(plan.branch_id):
            raise NotFound("onboarding plan not found", code="onboarding_not_found")
        return employee, plan

    # -------------------------------------------------------------- the mentor
    @staticmethod
    def _may_assign_mentor(caller: Caller, plan: OnboardingPlan) -> bool:
        if caller.user_id == plan.manager_id:
            return True
        return has_role(caller, *HR) and caller.can_see_branch(plan.branch_id)

    def assign_mentor(self, caller: Caller, employee_id: str, choice: MentorChoice) -> PlanView:
        """The manager (or HR) names a mentor from the branch's people, who is told."""
        employee, plan = self._reach(caller, employee_id)
        if not self._may_assign_mentor(caller, plan):
            raise Forbidden("the manager or HR name the mentor", code="mentor_named_by_manager")
        mentor = self.organisation.get_user(choice.mentor_id)
        if mentor is None or mentor.branch_id != plan.branch_id or not mentor.enabled:
            raise Invalid(
                "the mentor must be an active user of the new hire's branch",
                [
                    FieldError(
                        "mentor_id", "not an active user of the branch", "mentor_not_in_branch"
                    )
                ],
                code="mentor_not_in_branch",
            )
        if plan.mentor_id == mentor.user_id:
            return self.view(caller, employee_id)
        named = plan.model_copy(update={"mentor_id": mentor.user_id})
        with self.uow() as uow:
            audited_write(
                uow,
                caller,
                "onboarding.mentor",
                named,
                entity_id=employee_id,
                branch_id=plan.branch_id,
                before=plan,
            )
            uow.publish(MentorAssigned.of(employee, mentor_id=mentor.user_id))
            self.notices.file(
                uow,
                employee,
                f"mentor:{mentor.user_id}",
                self.notices.to_users(employee, NotificationEvent.MENTOR_ASSIGNED, [mentor]),
            )
            uow.commit()
        return self.view(caller, employee_id)

    def mentor_candidates(self, caller: Caller, employee_id: str) -> list[Person]:
        """Who can be named: the active users of the new hire's branch."""
        _, plan = self._reach(caller, employee_id)
        users: list[UserProfile] = self.organisation.branch_users(plan.branch_id)
        return [
            Person(user_id=u.user_id, name=u.display_name)
            for u in sorted(users, key=lambda u: u.display_name)
            if u.enabled
        ]

    # -------------------------------------------------------------- progress
    def progress(self, caller: Caller, branch_id: str | None = None) -> list[BranchProgress]:
        """Each new hire's progress per branch: HQ every branch, HR their own, a manager
        their own people."""
        require(caller, Capability.FOLLOW_ONBOARDING, "onboarding progress")
        branch = list_scope(caller, branch_id)
        plans = self.onboarding.plans_of_branch(branch) if branch else self.onboarding.plans()
        if not can(caller, Capability.LIST_EMPLOYEES):
            plans = [p for p in plans if p.manager_id == caller.user_id]
        today = china_day(now())
        by_branch: dict[str, list[NewHireProgress]] = {}
        employees = {e.id: e for e in self.employees.many([p.employee_id for p in plans])}
        for plan in plans:
            employee = employees.get(plan.employee_id)
            if employee is None:
                continue
            done, total = plan.progress
            open_dues = [t.due for t in plan.tasks if not t.done]
            mentor = self._person(plan.mentor_id)
            by_branch.setdefault(plan.branch_id, []).append(
                NewHireProgress(
                    employee_id=employee.id,
                    employee_number=employee.number,
                    name=employee.name,
                    branch_id=plan.branch_id,
                    position_title=employee.position_title,
                    position_title_zh=self._title_zh(employee),
                    start_date=plan.start_date,
                    probation_end=employee.probation_end,
                    mentor=mentor.name if mentor else None,
                    status=plan.status,
                    done=done,
                    total=total,
                    overdue=len(plan.overdue(today)),
                    next_due=min(open_dues) if open_dues else None,
                )
            )
        return [
            BranchProgress(
                branch_id=branch_id,
                branch_name=branch.name
                if (branch := self.organisation.get_branch(branch_id))
                else branch_id,
                branch_name_zh=branch.name_zh if branch else None,
                active=sum(1 for h in hires if h.status == PlanStatus.ACTIVE),
                completed=sum(1 for h in hires if h.status == PlanStatus.COMPLETED),
                overdue_tasks=sum(h.overdue for h in hires),
                new_hires=sorted(hires, key=lambda h: (h.status, h.start_date)),
            )
            for branch_id, hires in sorted(by_branch.items())
        ]

    # -------------------------------------------------------------- HQ's templates
    def templates(self, caller: Caller) -> list[OnboardingTemplate]:
        require(caller, Capability.EDIT_ONBOARDING_TEMPLATES, "onboarding templates")
        return sorted(self.onboarding.templates(), key=lambda t: t.name)

    def template(self, caller: Caller, template_id: str) -> OnboardingTemplate:
        require(caller, Capability.EDIT_ONBOARDING_TEMPLATES, "onboarding templates")
        found = self.onboarding.template(template_id)
        if found is None:
            raise NotFound("onboarding template not found", code="onboarding_template_not_found")
        return found

    def _check_scope(self, fields: OnboardingTemplateFields) -> None:
        if fields.branch_id != "*" and self.organisation.get_branch(fields.branch_id) is None:
            raise NotFound("branch not found", code="branch_not_found")
        if fields.position_id != "*" and self.positions.get(fields.position_id) is None:
            raise NotFound("position not found", code="position_not_found")

    def create_template(self, caller: Caller, fields: TemplateInput) -> OnboardingTemplate:
        require(caller, Capability.EDIT_ONBOARDING_TEMPLATES, "changing onboarding templates")
        self._check_scope(fields)
        template = OnboardingTemplate(
            **fields.model_dump(exclude={"revision"}), updated_by=caller.username
        )
        try:
            with self.uow() as uow:
                audited_write(
                    uow,
                    caller,
                    "onboarding_template.create",
                    template,
                    entity_id=template.id,
                    branch_id=template.branch_id,
                )
                uow.commit()
        except AlreadyExists as exc:  # pragma: no cover - ids are random
            raise Conflict("the template exists", code="already_exists") from exc
        return self.onboarding.template(template.id) or template

    def update_template(
        self, caller: Caller, template_id: str, fields: TemplateInput
    ) -> OnboardingTemplate:
        """A new version; plans made from the old one keep their tasks and dates."""
        current = self.template(caller, template_id)
        require(caller, Capability.EDIT_ONBOARDING_TEMPLATES, "changing onboarding templates")
        check_revision(current, fields.revision, "onboarding template")
        self._check_scope(fields)
        updated = current.model_copy(
            update={
                **{name: getattr(fields, name) for name in OnboardingTemplateFields.model_fields},
                "version": current.version + 1,
                "updated_at": now(),
                "updated_by": caller.username,
            }
        )
        with self.uow() as uow:
            audited_write(
                uow,
                caller,
                "onboarding_template.update",
                updated,
                entity_id=template_id,
                branch_id=updated.branch_id,
                before=current,
            )
            uow.commit()
        return self.onboarding.template(template_id) or updated

"""Course results: a completion and its exam score, entered by the new hire (portal), the
mentor or HR, or imported from a learning system's export (``training_import``); and the
training as the people around a new hire see it (the employee page, the mentor's list).

A result is recorded on the course's task of the plan (``TrainingRecord``):
- no exam, or an exam passed (``Course.exam_passing_score``): the task is completed the
  one way tasks are (``tasks.stage_completion``) and ``training.completed`` is published
  in the same unit of work;
- an exam below the passing score: the attempt is recorded and shown, the task stays open
  (the course is taken again), and nothing is published;
- the same result again: nothing changes; another result for a completed course: 409
  (the completion stands; the audit trail says who recorded it).

Who records: the plan's mentor (whatever their role), HR of the employee's branch, HQ,
and the new hire (the portal checks its link, then calls with ``NEW_HIRE``). The
employee's manager may read the training but not record it (403); anyone else finds no
such employee (404).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from hireflow.audit.service import record
from hireflow.identity.model import Caller, Role
from hireflow.identity.permissions import has_role
from hireflow.onboarding.events import TrainingCompleted
from hireflow.onboarding.model import (
    Course,
    CourseReason,
    OnboardingPlan,
    OnboardingRepository,
    PlanTask,
    TaskKind,
    TaskStatus,
    TrainingRecord,
    TrainingRepository,
    china_day,
)
from hireflow.onboarding.tasks import stage_completion
from hireflow.people.model import Employee, EmployeeRepository
from hireflow.platform.errors import Conflict, FieldError, Forbidden, Invalid, NotFound
from hireflow.platform.ids import now
from hireflow.platform.unit_of_work import UnitOfWork, UnitOfWorkFactory

NEW_HIRE = "new_hire"  # the actor when the new hire records in the portal
IMPORTED = "import"  # ``TrainingRecord.recorded_by`` of an imported result
Outcome = Literal["completed", "failed", "unchanged"]
Reach = Literal["record", "read"]


def today() -> date:
    """Today on China's calendar (plan dates are China's days)."""
    return china_day(now())


class TrainingResultInput(BaseModel):
    completed_on: date
    exam_score: float | None = Field(default=None, ge=0, le=100)


class CourseTask(BaseModel):
    """A course on the plan, why it is there, and its result."""

    task_id: str
    course_id: str | None
    title: str
    title_zh: str | None = None
    provider: str | None = None
    hours: float | None = None
    exam_passing_score: float | None = None
    due: date
    status: TaskStatus
    reason: CourseReason | None = None
    # The latest result: a completion, or a failed attempt while the task is open.
    result: TrainingRecord | None = None


class EmployeeTraining(BaseModel):
    employee_id: str
    number: str
    name: str
    branch_id: str
    position_id: str
    position_title: str
    start_date: date
    mentor_id: str | None
    # The whole plan's progress, and its courses.
    tasks_done: int
    tasks_total: int
    courses: list[CourseTask]
    may_record: bool


def training_view(
    employee: Employee, plan: OnboardingPlan, catalogue: dict[str, Course], may_record: bool
) -> EmployeeTraining:
    done, total = plan.progress
    courses = []
    for task in plan.tasks:
        if task.kind != TaskKind.TRAINING:
            continue
        course = catalogue.get(task.course_id or "")
        courses.append(
            CourseTask(
                task_id=task.id,
                course_id=task.course_id,
                title=task.title,
                title_zh=task.title_zh,
                provider=course.provider if course else None,
                hours=course.hours if course else None,
                exam_passing_score=course.exam_passing_score if course else None,
                due=task.due,
                status=task.status,
                reason=task.reason,
                result=task.training,
            )
        )
    return EmployeeTraining(
        employee_id=employee.id,
        number=employee.number,
        name=employee.name,
        branch_id=employee.branch_id,
        position_id=employee.position_id,
        position_title=employee.position_title,
        start_date=employee.start_date,
        mentor_id=plan.mentor_id,
        tasks_done=done,
        tasks_total=total,
        courses=courses,
        may_record=may_record,
    )


def reach(caller: Caller, employee: Employee, plan: OnboardingPlan) -> Reach | None:
    """What the caller may do with the employee's training (module doc)."""
    if plan.mentor_id == caller.user_id or caller.is_hq:
        return "record"
    if caller.branch_id != employee.branch_id:
        return None
    if has_role(caller, Role.BRANCH_HR):
        return "record"
    return "read" if plan.manager_id == caller.user_id else None


def checked_result(
    course: Course | None, completed_on: date, exam_score: float | None
) -> bool | None:
    """Whether the result passes (None: no exam); refuses one that cannot be right."""
    if completed_on > today():
        raise Invalid(
            "a course cannot be completed after today",
            [FieldError("completed_on", "after today", "completed_in_future")],
            code="completed_in_future",
        )
    if course is not None and course.exam_passing_score is not None and exam_score is None:
        raise Invalid(
            "the course has an exam: give its score",
            [FieldError("exam_score", "required", "exam_score_required")],
            code="exam_score_required",
            params={"passing_score": course.exam_passing_score},
        )
    return course.passed(exam_score) if course else None


def stage_result(
    uow: UnitOfWork,
    employee: Employee,
    plan: OnboardingPlan,
    task: PlanTask,
    course: Course | None,
    completed_on: date,
    exam_score: float | None,
    *,
    by: str,
    recorded_by: str,
) -> tuple[OnboardingPlan, Outcome]:
    """Stage the result on the task in ``uow`` (the caller commits; module doc); returns
    the plan as it will be saved and what happened."""
    passed = checked_result(course, completed_on, exam_score)
    previous = task.training
    if (
        previous is not None
        and previous.completed_on == completed_on
        and previous.exam_score == exam_score
    ):
        return plan, "unchanged"
    if task.done:
        raise Conflict(
            "the course is completed already; its result stands",
            code="training_already_completed",
            params={
                "completed_on": previous.completed_on.isoformat() if previous else None,
                "exam_score": previous.exam_score if previous else None,
            },
        )
    result = TrainingRecord(
        completed_on=completed_on, exam_score=exam_score, passed=passed, recorded_by=recorded_by
    )
    if passed is False:  # recorded, the course taken again: the task stays open
        attempted = plan.with_task(task.model_copy(update={"training": result}))
        uow.save(attempted)
        return attempted, "failed"
    completed = stage_completion(uow, employee, plan, task.id, by, training=result)
    uow.publish(
        TrainingCompleted.of(
            employee, course_id=task.course_id or task.id, exam_score=exam_score, passed=passed
        )
    )
    return completed, "completed"


def training_task(plan: OnboardingPlan, task_id: str) -> PlanTask:
    task = plan.task(task_id)
    if task is None or task.kind != TaskKind.TRAINING:
        raise NotFound("no such course on the plan", code="training_task_not_found")
    return task


@dataclass(frozen=True)
class TrainingResults:
    employees: EmployeeRepository
    onboarding: OnboardingRepository
    training: TrainingRepository
    uow: UnitOfWorkFactory

    def _find(self, employee_id: str) -> tuple[Employee, OnboardingPlan]:
        employee = self.employees.get(employee_id)
        plan = self.onboarding.plan(employee_id) if employee else None
        if employee is None or plan is None:
            raise NotFound("employee not found", code="employee_not_found")
        return employee, plan

    def _reached(self, caller: Caller, employee_id: str) -> tuple[Employee, OnboardingPlan, Reach]:
        employee, plan = self._find(employee_id)
        allowed = reach(caller, employee, plan)
        if allowed is None:  # out of reach looks the same as missing
            raise NotFound("employee not found", code="employee_not_found")
        return employee, plan, allowed

    def _view(self, employee: Employee, plan: OnboardingPlan, may_record: bool) -> EmployeeTraining:
        ids = [t.course_id for t in plan.tasks if t.kind == TaskKind.TRAINING and t.course_id]
        catalogue = self.training.courses_by_id(list(dict.fromkeys(ids)))
        return training_view(employee, plan, catalogue, may_record)

    def view(self, caller: Caller, employee_id: str) -> EmployeeTraining:
        """The employee's courses, why each is there and its result."""
        employee, plan, allowed = self._reached(caller, employee_id)
        return self._view(employee, plan, allowed == "record")

    def of_new_hire(self, employee_id: str) -> EmployeeTraining:
        """The new hire's own courses, for the portal (once it has checked the link)."""
        employee, plan = self._find(employee_id)
        return self._view(employee, plan, True)

    def record_result(
        self,
        actor: Caller | Literal["new_hire"],
        employee_id: str,
        task_id: str,
        completed_on: date,
        exam_score: float | None = None,
    ) -> EmployeeTraining:
        """Record a course's completion and exam (module doc). ``actor``: the signed-in
        caller, or ``NEW_HIRE`` from the portal once it has checked the link."""
        if isinstance(actor, Caller):
            employee, plan, allowed = self._reached(actor, employee_id)
            if allowed != "record":
                raise Forbidden(
                    "the mentor, HR of the branch or HQ record course results",
                    code="training_result_not_allowed",
                )
            by = actor.user_id
        else:
            employee, plan = self._find(employee_id)
            by = NEW_HIRE
        task = training_task(plan, task_id)
        course = self.training.course(task.course_id) if task.course_id else None
        with self.uow() as uow:
            changed, outcome = stage_result(
                uow, employee, plan, task, course, completed_on, exam_score, by=by, recorded_by=by
            )
            if outcome == "unchanged":
                return self._view(employee, plan, True)
            if isinstance(actor, Caller):
                record(
                    uow,
                    actor,
                    "training.result_recorded",
                    branch_id=employee.branch_id,
                    entity=changed,
                    entity_id=employee.id,
                    before=plan,
                )
            uow.commit()
        saved = changed.model_copy(update={"revision": plan.revision + 1})
        return self._view(employee, saved, True)

    def mentees(self, caller: Caller) -> list[EmployeeTraining]:
        """The caller's mentees (any role can mentor): each plan's progress and courses."""
        found = []
        for plan in self.training.mentees(caller.branch_id, caller.user_id):
            employee = self.employees.get(plan.employee_id)
            if employee is not None:
                found.append(self._view(employee, plan, True))
        return sorted(found, key=lambda m: (m.start_date, m.number))

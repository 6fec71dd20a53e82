"""Completing a task of a plan, the one way every kind is completed (an owner's click, a
document HR approved, a course result recorded): the plan saved with the revision read,
``onboarding.task_completed`` and, with the last task, ``onboarding.completed``."""

from __future__ import annotations

from hireflow.onboarding.events import OnboardingCompleted, OnboardingTaskCompleted
from hireflow.onboarding.model import OnboardingPlan, PlanStatus
from hireflow.people.model import Employee
from hireflow.platform.unit_of_work import UnitOfWork


def stage_completion(
    uow: UnitOfWork,
    employee: Employee,
    plan: OnboardingPlan,
    task_id: str,
    by: str,
    **changes: object,
) -> OnboardingPlan:
    """Stage the task's completion in ``uow`` (the caller commits); returns the plan as
    it will be saved. A task already done is left as it is."""
    task = plan.task(task_id)
    assert task is not None
    if task.done:
        return plan
    completed = plan.completing(task_id, by, **changes)
    uow.save(completed)
    uow.publish(
        OnboardingTaskCompleted.of(
            employee, task_id=task.id, kind=task.kind.value, owner=task.owner.value
        )
    )
    if completed.status == PlanStatus.COMPLETED and plan.status == PlanStatus.ACTIVE:
        uow.publish(OnboardingCompleted.of(employee))
    return completed

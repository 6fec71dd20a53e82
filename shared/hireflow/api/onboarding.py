"""Onboarding: each new hire's plan, the owners' tasks, the mentor, every branch's
progress, and HQ's onboarding templates."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from hireflow.api.context import current_caller
from hireflow.bootstrap import services
from hireflow.onboarding.model import OnboardingTemplate, PlanTask
from hireflow.onboarding.service import (
    BranchProgress,
    Completion,
    MentorChoice,
    MyTask,
    Person,
    PlanView,
    TemplateInput,
)

router = Router()


@router.get("/api/employees/<employee_id>/onboarding", summary="The new hire's onboarding plan")
def plan(employee_id: str) -> PlanView:
    return services().onboarding.view(current_caller(router), employee_id)


@router.post(
    "/api/employees/<employee_id>/onboarding/tasks/<task_id>/complete",
    summary="Complete a task the caller owns (HR may complete one for its owner)",
)
def complete(employee_id: str, task_id: str, completion: Completion) -> PlanTask:
    return services().onboarding.complete(current_caller(router), employee_id, task_id, completion)


@router.put(
    "/api/employees/<employee_id>/onboarding/mentor",
    summary="Name the new hire's mentor (the manager or HR); the mentor is told",
)
def mentor(employee_id: str, choice: MentorChoice) -> PlanView:
    return services().onboarding.assign_mentor(current_caller(router), employee_id, choice)


@router.get(
    "/api/employees/<employee_id>/onboarding/mentors",
    summary="Who can be named mentor: the active users of the new hire's branch",
)
def mentors(employee_id: str) -> list[Person]:
    return services().onboarding.mentor_candidates(current_caller(router), employee_id)


@router.get("/api/onboarding/tasks", summary="The caller's open onboarding tasks, overdue first")
def my_tasks() -> list[MyTask]:
    return services().onboarding.my_tasks(current_caller(router))


@router.get("/api/onboarding/progress", summary="Each new hire's progress, per branch")
def progress(branch_id: Annotated[str | None, Query(max_length=40)] = None) -> list[BranchProgress]:
    return services().onboarding.progress(current_caller(router), branch_id)


@router.get("/api/onboarding/templates", summary="HQ's onboarding templates")
def templates() -> list[OnboardingTemplate]:
    return services().onboarding.templates(current_caller(router))


@router.post("/api/onboarding/templates", summary="A new onboarding template", status_code=201)
def create_template(fields: TemplateInput) -> OnboardingTemplate:
    return services().onboarding.create_template(current_caller(router), fields)


@router.get("/api/onboarding/templates/<template_id>", summary="One onboarding template")
def template(template_id: str) -> OnboardingTemplate:
    return services().onboarding.template(current_caller(router), template_id)


@router.put(
    "/api/onboarding/templates/<template_id>",
    summary="A new version of a template (plans already made keep theirs)",
)
def update_template(template_id: str, fields: TemplateInput) -> OnboardingTemplate:
    return services().onboarding.update_template(current_caller(router), template_id, fields)

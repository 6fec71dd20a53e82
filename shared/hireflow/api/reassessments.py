"""Periodic re-assessment (docs/analytics.md "Periodic re-assessment"): HQ's schedules,
and an employee's assessments from hiring on, with the open one; HR start one by hand."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from hireflow.api.context import current_caller
from hireflow.bootstrap import services
from hireflow.people.model import ReassessmentSchedule, ScheduleFields
from hireflow.people.reassessment import ReassessmentHistory, ScheduleChange, StartReassessment

router = Router()


@router.get(
    "/api/reassessment-schedules",
    summary="HQ's re-assessment schedules: a group (position, branch, tenure), every N months",
)
def schedules() -> list[ReassessmentSchedule]:
    return services().reassessments.schedules(current_caller(router))


@router.post(
    "/api/reassessment-schedules",
    summary="Schedule a periodic re-assessment (HQ)",
    status_code=201,
)
def create_schedule(fields: ScheduleFields) -> ReassessmentSchedule:
    return services().reassessments.create_schedule(current_caller(router), fields)


@router.put(
    "/api/reassessment-schedules/<schedule_id>",
    summary="Change a re-assessment schedule, or pause it (active: false) (HQ)",
)
def update_schedule(schedule_id: str, change: ScheduleChange) -> ReassessmentSchedule:
    return services().reassessments.update_schedule(current_caller(router), schedule_id, change)


@router.get(
    "/api/employees/<employee_id>/reassessments",
    summary="The employee's assessments (hiring, then each re-assessment) and the latest one",
)
def history(employee_id: str) -> ReassessmentHistory:
    return services().reassessments.history(current_caller(router), employee_id)


@router.post(
    "/api/employees/<employee_id>/reassessments",
    summary="Start a re-assessment of the employee now (HR of the branch, HQ)",
    status_code=201,
)
def start(employee_id: str, body: StartReassessment) -> ReassessmentHistory:
    return services().reassessments.start(current_caller(router), employee_id, body)

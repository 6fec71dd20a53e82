"""Training: HQ's catalogue, the positions' training plans and the dimension -> course
map; an employee's courses and their results (the mentor, HR, HQ); a learning system's
export imported; the mentor's mentees (docs/onboarding.md)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from hireflow.api.context import current_caller, header, raw_body
from hireflow.bootstrap import services
from hireflow.onboarding.courses import CourseChange, CourseInput
from hireflow.onboarding.model import (
    Course,
    DimensionCourses,
    DimensionCoursesFields,
    PositionTrainingPlan,
    PositionTrainingPlanFields,
)
from hireflow.onboarding.results import EmployeeTraining, TrainingResultInput
from hireflow.onboarding.training_import import TrainingImportResult
from hireflow.platform.errors import UnsupportedMediaType

router = Router()

# A CSV is sent as bytes (application/octet-stream): an export in GBK is not UTF-8 text.
IMPORT_TYPES = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/octet-stream",
    "text/csv",
)


@router.get("/api/training/courses", summary="The course catalogue (retired courses last)")
def courses() -> list[Course]:
    return services().training_catalogue.courses(current_caller(router))


@router.post("/api/training/courses", summary="Add a course (HQ)", status_code=201)
def add_course(course: CourseInput) -> Course:
    return services().training_catalogue.add_course(current_caller(router), course)


@router.put(
    "/api/training/courses/<course_id>",
    summary="Change a course, or retire it (active false) (HQ)",
)
def change_course(course_id: str, change: CourseChange) -> Course:
    return services().training_catalogue.change_course(current_caller(router), course_id, change)


@router.get("/api/training/position-plans", summary="Every position's training plan (HQ)")
def position_plans() -> list[PositionTrainingPlan]:
    return services().training_catalogue.position_plans(current_caller(router))


@router.put(
    "/api/training/position-plans/<position_id>",
    summary="The courses every new hire of the position takes (HQ)",
)
def put_position_plan(position_id: str, plan: PositionTrainingPlanFields) -> PositionTrainingPlan:
    return services().training_catalogue.put_position_plan(
        current_caller(router), position_id, plan
    )


@router.get(
    "/api/training/dimension-map",
    summary="Which courses a dimension scored below its line adds (HQ)",
)
def dimension_map() -> list[DimensionCourses]:
    return services().training_catalogue.dimension_map(current_caller(router))


@router.put(
    "/api/training/dimension-map/<dimension>/<position_id>",
    summary='Map a dimension to courses, for one position or for every one ("*") (HQ)',
)
def put_mapping(
    dimension: str, position_id: str, courses: DimensionCoursesFields
) -> DimensionCourses:
    return services().training_catalogue.put_mapping(
        current_caller(router), dimension, position_id, courses
    )


@router.delete(
    "/api/training/dimension-map/<dimension>/<position_id>",
    summary="Remove a mapping (HQ)",
    status_code=204,
)
def delete_mapping(dimension: str, position_id: str) -> None:
    services().training_catalogue.delete_mapping(current_caller(router), dimension, position_id)


@router.get(
    "/api/employees/<employee_id>/training",
    summary="The employee's courses, why each was added, and their results",
)
def employee_training(employee_id: str) -> EmployeeTraining:
    return services().training_results.view(current_caller(router), employee_id)


@router.post(
    "/api/employees/<employee_id>/training/<task_id>/result",
    summary="Record a course's completion and exam score (the mentor, HR of the branch, HQ)",
)
def record_result(employee_id: str, task_id: str, result: TrainingResultInput) -> EmployeeTraining:
    return services().training_results.record_result(
        current_caller(router), employee_id, task_id, result.completed_on, result.exam_score
    )


@router.post(
    "/api/training/import",
    summary="Import course results from a learning system's export (the body is the .csv "
    "or .xlsx, at most 2 MB and 5000 rows)",
)
def import_results() -> TrainingImportResult:
    content_type = header(router, "Content-Type").split(";")[0].strip().lower()
    if content_type not in IMPORT_TYPES:
        raise UnsupportedMediaType(
            "send the export as .csv or .xlsx (application/octet-stream)", code="send_csv_or_xlsx"
        )
    return services().training_import.run(current_caller(router), raw_body(router))


@router.get("/api/mentees", summary="The new hires the caller mentors: progress and courses")
def mentees() -> list[EmployeeTraining]:
    return services().training_results.mentees(current_caller(router))

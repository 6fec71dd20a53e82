"""Performance data in and the 15 % rule (docs/analytics.md): an employee's reviews next to
the current assessment, recording one, HQ's KPI formulas, the Excel import, the training
suggestions the rule made (accept, dismiss), and the EHR's signed posts."""

from __future__ import annotations

from typing import Literal

from aws_lambda_powertools.event_handler.api_gateway import Router
from pydantic import BaseModel, Field

from hireflow.api.context import current_caller, header, raw_body
from hireflow.api.training import IMPORT_TYPES
from hireflow.bootstrap import services
from hireflow.integrations.inbound import EHR_CALLER, InboundSecretShown, InboundStatus
from hireflow.onboarding.model import TrainingSuggestion
from hireflow.onboarding.performance_gaps import Dismissal
from hireflow.people.model import KpiFormulaFields
from hireflow.people.performance import FormulaView, PerformanceView, ReviewInput
from hireflow.people.performance_import import PerformanceImportResult
from hireflow.platform.errors import NotFound, Unauthorized, UnsupportedMediaType

router = Router()


@router.get(
    "/api/employees/<employee_id>/performance",
    summary="The employee's performance reviews, each dimension next to the current assessment",
)
def performance(employee_id: str) -> PerformanceView:
    return services().performance.view(current_caller(router), employee_id)


@router.post(
    "/api/employees/<employee_id>/performance",
    summary="Record the review of a period (a second one for the period replaces it)",
    status_code=201,
)
def record(employee_id: str, review: ReviewInput) -> PerformanceView:
    return services().performance.record(current_caller(router), employee_id, review)


@router.get(
    "/api/positions/<position_id>/kpi-formula",
    summary="The position's KPI formula and its earlier versions",
)
def formula(position_id: str) -> FormulaView:
    return services().performance.formula(current_caller(router), position_id)


@router.put(
    "/api/positions/<position_id>/kpi-formula",
    summary="Save the position's KPI formula: a new version (HQ)",
)
def save_formula(position_id: str, fields: KpiFormulaFields) -> FormulaView:
    return services().performance.save_formula(current_caller(router), position_id, fields)


@router.post(
    "/api/performance/import",
    summary="Import performance reviews (the body is the .xlsx or .csv, at most 2 MB)",
)
def import_reviews() -> PerformanceImportResult:
    content_type = header(router, "Content-Type").split(";")[0].strip().lower()
    if content_type not in IMPORT_TYPES:
        raise UnsupportedMediaType(
            "send the file as .xlsx or .csv (application/octet-stream)", code="send_csv_or_xlsx"
        )
    return services().performance_import.run(current_caller(router), raw_body(router))


@router.get(
    "/api/employees/<employee_id>/training-suggestions",
    summary="Training suggested after reviews below the assessment (the 15 % rule)",
)
def suggestions(employee_id: str) -> list[TrainingSuggestion]:
    return services().training_suggestions.of_employee(current_caller(router), employee_id)


@router.post(
    "/api/employees/<employee_id>/training-suggestions/<suggestion_id>/accept",
    summary="Accept a suggestion: its courses join the employee's training plan",
)
def accept(employee_id: str, suggestion_id: str) -> TrainingSuggestion:
    return services().training_suggestions.accept(
        current_caller(router), employee_id, suggestion_id
    )


@router.post(
    "/api/employees/<employee_id>/training-suggestions/<suggestion_id>/dismiss",
    summary="Dismiss a suggestion, saying why",
)
def dismiss(employee_id: str, suggestion_id: str, dismissal: Dismissal) -> TrainingSuggestion:
    return services().training_suggestions.dismiss(
        current_caller(router), employee_id, suggestion_id, dismissal
    )


# ---------------------------------------------------------------------- the EHR
@router.get("/api/integrations/ehr", summary="Whether the EHR has a signing secret (HQ admin)")
def ehr_status() -> InboundStatus:
    return services().ehr_inbound.status(current_caller(router))


@router.post(
    "/api/integrations/ehr/secret",
    summary="Make or rotate the EHR's signing secret, shown this once (HQ admin)",
)
def ehr_secret() -> InboundSecretShown:
    return services().ehr_inbound.rotate(current_caller(router))


class EhrReview(ReviewInput):
    employee_number: str = Field(min_length=1, max_length=40)


class EhrReceipt(BaseModel):
    employee_number: str
    period: str
    outcome: Literal["recorded", "replaced", "unchanged"]
    overall: float


@router.post(
    "/api/ehr/performance",
    summary="The EHR posts a performance review: no login, signed with the EHR's secret "
    "(X-Hireflow-Timestamp, X-Hireflow-Signature: docs/security.md)",
)
def ehr_review() -> EhrReceipt:
    body = raw_body(router)
    signed = services().ehr_inbound.verify(
        header(router, "X-Hireflow-Timestamp"), body, header(router, "X-Hireflow-Signature")
    )
    if not signed:
        raise Unauthorized(
            "the request is not signed with the EHR's current secret, or is too old",
            code="bad_signature",
        )
    entry = EhrReview.model_validate_json(body)  # refused as any request body is
    performance = services().performance
    employee = performance.employees.by_number(entry.employee_number)
    if employee is None:
        raise NotFound("no employee with this number", code="employee_not_found")
    review = ReviewInput.model_validate(entry.model_dump(exclude={"employee_number"}))
    outcome, stored = performance.save(EHR_CALLER, employee, review, "ehr")
    return EhrReceipt(
        employee_number=employee.number,
        period=stored.period,
        outcome=outcome,
        overall=stored.overall,
    )

"""Probation reviews (docs/onboarding.md "Probation"): an employee's probation with the
interview's scores to compare, the manager's decision (HR and HQ may record it for them),
and the reviews due soon for the caller's people."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from hireflow.api.context import current_caller
from hireflow.bootstrap import services
from hireflow.onboarding.probation import ProbationDecision, ProbationDue, ProbationView

router = Router()


@router.get(
    "/api/employees/<employee_id>/probation",
    summary="The probation: its end, the dimensions with the interview's scores, the reviews",
)
def probation(employee_id: str) -> ProbationView:
    return services().probation.view(current_caller(router), employee_id)


@router.post(
    "/api/employees/<employee_id>/probation",
    summary="Decide the probation period: confirm, extend or do not confirm, with scores",
    status_code=201,
)
def decide(employee_id: str, decision: ProbationDecision) -> ProbationView:
    return services().probation.decide(current_caller(router), employee_id, decision)


@router.get(
    "/api/probation/due",
    summary="Probations ending within 30 days, undecided: a manager's people, HR's branch",
)
def due(branch_id: str | None = None) -> list[ProbationDue]:
    return services().probation.due(current_caller(router), branch_id)

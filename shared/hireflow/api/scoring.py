"""The AI report of a candidate's video interview."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from hireflow.api.context import current_caller
from hireflow.bootstrap import services
from hireflow.scoring.reports import ReportView

router = Router()


@router.get(
    "/api/candidates/<candidate_id>/report",
    summary="The AI report: scores with their evidence, flags, transcript, video links",
)
def report(candidate_id: str) -> ReportView:
    return services().reports.report(current_caller(router), candidate_id)

"""The AI report of a candidate's video interview; re-running the scoring of an answer."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from hireflow.api.context import current_caller
from hireflow.bootstrap import services
from hireflow.scoring.reports import ReportView
from hireflow.scoring.rescoring import Rescore

router = Router()


@router.get(
    "/api/candidates/<candidate_id>/report",
    summary="The AI report: scores with their evidence, flags, transcript, video links",
)
def report(candidate_id: str) -> ReportView:
    return services().reports.report(current_caller(router), candidate_id)


@router.post(
    "/api/candidates/<candidate_id>/rounds/<round_number>/answers/<question_id>/rescore",
    summary="Re-run the scoring of an answer the AI could not use (after a fix)",
    status_code=202,
)
def rescore(candidate_id: str, round_number: int, question_id: str) -> Rescore:
    return services().rescoring.rescore(
        current_caller(router), candidate_id, round_number, question_id
    )

"""Analytics (docs/analytics.md "Reading the results"): the results the job stored, read
by HQ; a branch's group view for its HR and a manager's own people; HQ's decisions on
weight proposals and on the demographic categories asked."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from hireflow.analytics.demographics import CategoriesEdit
from hireflow.analytics.model import (
    DemographicCategories,
    FairnessReport,
    GroupAnalysis,
    PositionCalibration,
    PositionValidity,
    WeightProposal,
)
from hireflow.analytics.service import Application, Applied, Dismissal, Overview
from hireflow.api.context import current_caller
from hireflow.bootstrap import services

router = Router()


@router.get(
    "/api/analytics/overview",
    summary="HQ: the last run, how many results there are and what needs a look",
)
def overview() -> Overview:
    return services().analytics.overview(current_caller(router))


@router.get(
    "/api/analytics/validity",
    summary="HQ: per position, each dimension's correlation with later performance",
)
def validity() -> list[PositionValidity]:
    return services().analytics.validity(current_caller(router))


@router.get(
    "/api/analytics/weight-proposals",
    summary="HQ: the weight proposals, newest first (one position's with position_id)",
)
def proposals(
    position_id: Annotated[str | None, Query(max_length=80)] = None,
) -> list[WeightProposal]:
    return services().analytics.proposals(current_caller(router), position_id)


@router.get("/api/analytics/weight-proposals/<proposal_id>", summary="HQ: one weight proposal")
def proposal(proposal_id: str) -> WeightProposal:
    return services().analytics.proposal(current_caller(router), proposal_id)


@router.post(
    "/api/analytics/weight-proposals/<proposal_id>/apply",
    summary="HQ: apply a proposal: a new template version with its weights (409 when the "
    "adverse-impact check did not run or alerts, the template moved on, or it is decided)",
)
def apply(proposal_id: str, application: Application) -> Applied:
    return services().weight_decisions.apply(current_caller(router), proposal_id, application)


@router.post(
    "/api/analytics/weight-proposals/<proposal_id>/dismiss",
    summary="HQ: dismiss a proposal, with the reason",
)
def dismiss(proposal_id: str, dismissal: Dismissal) -> WeightProposal:
    return services().weight_decisions.dismiss(current_caller(router), proposal_id, dismissal)


@router.get(
    "/api/analytics/groups",
    summary="Fit vs performance by department and branch (HQ: the company's, or a branch's "
    "with branch_id; branch HR: their branch's; a manager: their own people only)",
)
def groups(
    branch_id: Annotated[str | None, Query(max_length=80)] = None,
) -> GroupAnalysis | None:
    return services().analytics.groups(current_caller(router), branch_id)


@router.get(
    "/api/analytics/calibration",
    summary="HQ: per position, each branch's AI and human score distributions and drift",
)
def calibration() -> list[PositionCalibration]:
    return services().analytics.calibration(current_caller(router))


@router.get(
    "/api/analytics/fairness",
    summary="HQ: selection and scoring rates and impact ratios (the company's, then each "
    "position's)",
)
def fairness() -> list[FairnessReport]:
    return services().analytics.fairness(current_caller(router))


@router.get(
    "/api/analytics/demographic-categories",
    summary="HQ: the categories candidates are asked, voluntarily (none by default)",
)
def demographic_categories() -> DemographicCategories:
    return services().demographics.categories(current_caller(router))


@router.put(
    "/api/analytics/demographic-categories",
    summary="HQ: choose the categories candidates are asked",
)
def set_demographic_categories(edit: CategoriesEdit) -> DemographicCategories:
    return services().demographics.set_categories(current_caller(router), edit)

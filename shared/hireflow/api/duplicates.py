"""The same person applying twice (recruiting/duplicates.py): the open pairs, an
application's pairs and the other applications of its person, merge and keep apart."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from hireflow.api.context import current_caller
from hireflow.bootstrap import services
from hireflow.recruiting.duplicates import CandidateDuplicates, Decision, PairList, PairView

router = Router()


@router.get(
    "/api/duplicates",
    summary="Open pairs of applications that look like one person (newest first)",
)
def open_pairs(branch_id: Annotated[str | None, Query()] = None) -> PairList:
    return services().duplicate_review.open_pairs(current_caller(router), branch_id)


@router.get(
    "/api/candidates/<candidate_id>/duplicates",
    summary="The pairs an application is in and the other applications of its person",
)
def of_candidate(candidate_id: str) -> CandidateDuplicates:
    return services().duplicate_review.of_candidate(current_caller(router), candidate_id)


@router.post(
    "/api/duplicates/<first_id>/<second_id>/merge",
    summary="One person: the later application joins the earlier one's person",
)
def merge(first_id: str, second_id: str, decision: Decision) -> PairView:
    return services().duplicate_review.merge(current_caller(router), first_id, second_id, decision)


@router.post(
    "/api/duplicates/<first_id>/<second_id>/keep-apart",
    summary="Different people: the pair is closed and never surfaced again",
)
def keep_apart(first_id: str, second_id: str, decision: Decision) -> PairView:
    return services().duplicate_review.keep_apart(
        current_caller(router), first_id, second_id, decision
    )

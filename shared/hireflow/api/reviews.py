"""Reviewing a candidate: scorecards, AI + human scores, the decision."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler.api_gateway import Router

from hireflow.api.context import current_caller
from hireflow.api.recruiting import view
from hireflow.bootstrap import services
from hireflow.reviews.model import Scorecard
from hireflow.reviews.rounds import RoundSummary
from hireflow.reviews.scores import Scores
from hireflow.reviews.service import DecisionInput, ReviewInput

router = Router()


@router.post(
    "/api/candidates/<candidate_id>/reviews",
    summary="A scorecard (0-100 per dimension)",
    status_code=201,
)
def review(candidate_id: str, review: ReviewInput) -> Scorecard:
    return services().reviews.review(current_caller(router), candidate_id, review)


@router.get("/api/candidates/<candidate_id>/scores", summary="AI, human and combined scores")
def scores(candidate_id: str) -> Scores:
    return services().reviews.scores(current_caller(router), candidate_id)


@router.get(
    "/api/candidates/<candidate_id>/rounds",
    summary="Every interview round side by side: dates, recordings, AI/human/combined scores",
)
def rounds(candidate_id: str) -> list[RoundSummary]:
    return services().rounds.rounds(current_caller(router), candidate_id)


@router.post(
    "/api/candidates/<candidate_id>/decision",
    summary="reject | second_round | offer; the letter goes out automatically",
    status_code=202,
)
def decide(candidate_id: str, decision: DecisionInput) -> dict[str, Any]:
    candidate = services().reviews.decide(current_caller(router), candidate_id, decision)
    return view(candidate)

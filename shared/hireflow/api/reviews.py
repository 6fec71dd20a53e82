"""Reviewing a candidate: scorecards, AI + human scores, the decision."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler.api_gateway import Router

from hireflow.api.context import current_caller
from hireflow.api.recruiting import view
from hireflow.bootstrap import services
from hireflow.reviews.model import Scorecard
from hireflow.reviews.oversight import DeclineAlternative, HumanReview, InPersonInterview
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


@router.post(
    "/api/candidates/<candidate_id>/decision",
    summary="reject | second_round | offer; the letter goes out automatically",
    status_code=202,
)
def decide(candidate_id: str, decision: DecisionInput) -> dict[str, Any]:
    candidate = services().reviews.decide(current_caller(router), candidate_id, decision)
    return view(candidate)


@router.post(
    "/api/candidates/<candidate_id>/review-without-ai",
    summary="A candidate who needs attention is reviewed by people, the AI's weight dropped",
    status_code=202,
)
def review_without_ai(candidate_id: str, request: HumanReview) -> dict[str, Any]:
    candidate = services().oversight.review_without_ai(
        current_caller(router), candidate_id, request
    )
    return view(candidate)


@router.post(
    "/api/candidates/<candidate_id>/alternative/schedule",
    summary="Answer a request for a process without AI: an interview with a person",
    status_code=202,
)
def schedule_in_person(candidate_id: str, request: InPersonInterview) -> dict[str, Any]:
    candidate = services().oversight.schedule_in_person(
        current_caller(router), candidate_id, request
    )
    return view(candidate)


@router.post(
    "/api/candidates/<candidate_id>/alternative/decline",
    summary="Decline a request for a process without AI, saying why (the link stays open)",
)
def decline_alternative(candidate_id: str, request: DeclineAlternative) -> dict[str, Any]:
    candidate = services().oversight.decline_alternative(
        current_caller(router), candidate_id, request
    )
    return view(candidate)

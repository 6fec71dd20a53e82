"""Reviewing a candidate: scorecards, AI + human scores, the decision."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from hireflow.api.context import current_caller
from hireflow.api.recruiting import view
from hireflow.bootstrap import services
from hireflow.reviews.model import Scorecard
from hireflow.reviews.oversight import DeclineAlternative, HumanReview, InPersonInterview
from hireflow.reviews.paper import PDF_TYPE, content_disposition
from hireflow.reviews.scores import Scores
from hireflow.reviews.service import DecisionInput, ReviewHistory, ReviewInput

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
    caller = current_caller(router)
    candidate = services().reviews.decide(caller, candidate_id, decision)
    return view(candidate, caller)


@router.get(
    "/api/candidates/<candidate_id>/reviews",
    summary="Every round's reviews: its video interview (when, answers recorded), who "
    "scored what and when, comments, who is still to score, combined scores, the decision "
    "and its reason",
)
def reviews(candidate_id: str) -> ReviewHistory:
    return services().reviews.history(current_caller(router), candidate_id)


@router.get(
    "/api/candidates/<candidate_id>/report.pdf",
    summary="The AI report of every round and the reviews, as a PDF to print or file "
    "(Chinese by default; the export is audited)",
    responses={200: {"description": "The PDF", "content": {PDF_TYPE: {"schema": {}}}}},
)
def review_file(  # no return annotation: powertools would validate the bytes as text
    candidate_id: str,
    lang: Annotated[Literal["zh", "en"], Query(description="the file's language")] = "zh",
):
    candidate, content = services().review_file.pdf(current_caller(router), candidate_id, lang)
    return Response(
        status_code=200,
        content_type=PDF_TYPE,
        body=content,
        headers={
            "Content-Disposition": content_disposition(candidate),
            "Cache-Control": "no-store",
        },
    )


@router.post(
    "/api/candidates/<candidate_id>/review-without-ai",
    summary="A candidate who needs attention is reviewed by people, the AI's weight dropped",
    status_code=202,
)
def review_without_ai(candidate_id: str, request: HumanReview) -> dict[str, Any]:
    caller = current_caller(router)
    candidate = services().oversight.review_without_ai(caller, candidate_id, request)
    return view(candidate, caller)


@router.post(
    "/api/candidates/<candidate_id>/alternative/schedule",
    summary="Answer a request for a process without AI: an interview with a person",
    status_code=202,
)
def schedule_in_person(candidate_id: str, request: InPersonInterview) -> dict[str, Any]:
    caller = current_caller(router)
    candidate = services().oversight.schedule_in_person(caller, candidate_id, request)
    return view(candidate, caller)


@router.post(
    "/api/candidates/<candidate_id>/alternative/decline",
    summary="Decline a request for a process without AI, saying why (the link stays open)",
)
def decline_alternative(candidate_id: str, request: DeclineAlternative) -> dict[str, Any]:
    caller = current_caller(router)
    candidate = services().oversight.decline_alternative(caller, candidate_id, request)
    return view(candidate, caller)

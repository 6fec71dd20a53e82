"""The lifecycle from HR's side: invite, review, scores, decide, timeline, dashboard."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler.api_gateway import Router

from hireflow.api.candidates import view
from hireflow.api.context import current_caller
from hireflow.bootstrap import services
from hireflow.interviews.model import Scorecard
from hireflow.recruiting.dashboard import BranchDashboard
from hireflow.reviews.service import (
    DecisionInput,
    InterviewState,
    Invitation,
    ReportView,
    ReviewInput,
    Scores,
    TimelineStep,
)

router = Router()


@router.post(
    "/api/candidates/<candidate_id>/invite",
    summary="Invite by e-mail and SMS; starts the candidate's lifecycle",
)
def invite(candidate_id: str, invitation: Invitation) -> tuple[dict[str, Any], int]:
    candidate = services().reviews.invite(current_caller(router), candidate_id, invitation)
    return view(candidate), 202


@router.post("/api/candidates/<candidate_id>/reviews", summary="A scorecard (0-100 per dimension)")
def review(candidate_id: str, review: ReviewInput) -> tuple[Scorecard, int]:
    return services().reviews.review(current_caller(router), candidate_id, review), 201


@router.get("/api/candidates/<candidate_id>/scores", summary="AI, human and combined scores")
def scores(candidate_id: str) -> Scores:
    return services().reviews.scores(current_caller(router), candidate_id)


@router.post(
    "/api/candidates/<candidate_id>/decision",
    summary="reject | second_round | offer; the letter goes out automatically",
)
def decide(candidate_id: str, decision: DecisionInput) -> tuple[dict[str, Any], int]:
    candidate = services().reviews.decide(current_caller(router), candidate_id, decision)
    return view(candidate), 202


@router.get("/api/candidates/<candidate_id>/timeline", summary="Each status, entered and left")
def timeline(candidate_id: str) -> list[TimelineStep]:
    return services().reviews.timeline(current_caller(router), candidate_id)


@router.get(
    "/api/candidates/<candidate_id>/interview",
    summary="The video interview: verification, consent, alternative request, answers",
)
def interview(candidate_id: str) -> InterviewState:
    return services().reviews.interview(current_caller(router), candidate_id)


@router.get(
    "/api/candidates/<candidate_id>/report",
    summary="The AI report: scores with their evidence, flags, transcript, video links",
)
def report(candidate_id: str) -> ReportView:
    return services().reviews.report(current_caller(router), candidate_id)


@router.get("/api/dashboard", summary="Per-branch funnel, completion, time in stage, attention")
def get_dashboard() -> list[BranchDashboard]:
    return services().reviews.dashboard(current_caller(router))

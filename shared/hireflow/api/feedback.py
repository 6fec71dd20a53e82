"""Candidate feedback (docs/talent.md "Candidate feedback"): HQ's suggestion texts, the
rejection note's draft, candidates' requests for HR (``router``, the HR API); the
candidate's page after the interview and their requests (``portal_router``, the
candidate portal: the link and a verified session)."""

from __future__ import annotations

from typing import Annotated, Literal

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from hireflow.api.context import current_caller, header
from hireflow.bootstrap import services
from hireflow.talent.feedback import FeedbackDraft, Outcome, SuggestionsChange
from hireflow.talent.model import FeedbackSuggestions
from hireflow.talent.requests import AnswerInput, RequestInput, RequestListItem, RequestMade

router = Router()
portal_router = Router()
SESSION_HEADER = "X-Interview-Session"


# ------------------------------------------------------------------ HR
@router.get(
    "/api/feedback-suggestions",
    summary="HQ's practice suggestions per dimension for the rejection note (zh and en)",
)
def suggestions() -> FeedbackSuggestions:
    current_caller(router)
    return services().feedback.suggestions()


@router.put("/api/feedback-suggestions", summary="HQ edits the suggestions (audited)")
def save_suggestions(change: SuggestionsChange) -> FeedbackSuggestions:
    return services().feedback.save_suggestions(current_caller(router), change)


@router.get(
    "/api/candidates/<candidate_id>/feedback-draft",
    summary="The rejection note proposed from what people reviewed, in the candidate's "
    "language: the strongest dimensions, the weakest below their pass line with HQ's "
    "suggestion; never integrity flags, AI-only scores or numbers",
)
def feedback_draft(candidate_id: str) -> FeedbackDraft:
    return services().feedback.draft(current_caller(router), candidate_id)


@router.get(
    "/api/candidate-requests",
    summary="Candidates' open requests (human review, explanation): branch HR their "
    "branch, HQ any or all",
)
def candidate_requests(
    branch_id: Annotated[str | None, Query(max_length=64)] = None,
    status: Annotated[Literal["open"], Query()] = "open",
) -> list[RequestListItem]:
    return services().candidate_requests.listed(current_caller(router), branch_id, status)


@router.get(
    "/api/candidates/<candidate_id>/requests",
    summary="The candidate's requests about decisions, open and answered",
)
def requests_of(candidate_id: str) -> list[RequestListItem]:
    return services().candidate_requests.of_candidate(current_caller(router), candidate_id)


@router.post(
    "/api/candidate-requests/<candidate_id>/<request_id>/answer",
    summary="Answer a request: it closes and the answer is e-mailed to the candidate",
)
def answer(candidate_id: str, request_id: str, given: AnswerInput) -> RequestListItem:
    return services().candidate_requests.answer(
        current_caller(router), candidate_id, request_id, given
    )


# ------------------------------------------------------------------ the candidate
def _session() -> str:
    return header(portal_router, SESSION_HEADER)


@portal_router.get(
    "/api/interview/<token>/outcome",
    summary="The candidate's page after the interview: when results come, where they "
    "stand (if shared), the rejection letter's note, their requests",
)
def outcome(token: str) -> Outcome:
    return services().feedback.outcome(token, _session())


@portal_router.post(
    "/api/interview/<token>/requests",
    summary="Ask for a human review of the decision or an explanation of the AI's role",
    status_code=201,
)
def ask(token: str, asked: RequestInput) -> RequestMade:
    return services().candidate_requests.ask(token, _session(), asked)

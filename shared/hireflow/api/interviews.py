"""The video interview from HR's side: invite (starts the candidate's lifecycle) and the
interview's state."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler.api_gateway import Router

from hireflow.api.context import current_caller
from hireflow.api.recruiting import view
from hireflow.bootstrap import services
from hireflow.interviews.recordings import Recordings
from hireflow.interviews.service import InterviewState, Invitation

router = Router()


@router.post(
    "/api/candidates/<candidate_id>/invite",
    summary="Invite by e-mail and SMS; starts the candidate's lifecycle",
    status_code=202,
)
def invite(candidate_id: str, invitation: Invitation) -> dict[str, Any]:
    caller = current_caller(router)
    candidate = services().interviews.invite(caller, candidate_id, invitation)
    return view(candidate, caller)


@router.post(
    "/api/candidates/<candidate_id>/remind",
    summary="Remind an invited candidate now by e-mail and SMS (at most once an hour)",
)
def remind(candidate_id: str) -> dict[str, Any]:
    caller = current_caller(router)
    return view(services().interviews.remind(caller, candidate_id), caller)


@router.get(
    "/api/candidates/<candidate_id>/interview",
    summary="The video interview: verification, consent, alternative request, answers",
)
def interview(candidate_id: str) -> InterviewState:
    return services().interviews.state(current_caller(router), candidate_id)


@router.get(
    "/api/candidates/<candidate_id>/recordings",
    summary="Every round's recordings (short-lived links) and why the AI could not score any",
)
def recordings(candidate_id: str) -> Recordings:
    return services().recordings.recordings(current_caller(router), candidate_id)

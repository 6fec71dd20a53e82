"""The person's consents through their interview link (session header): the notice and
each purpose's state, and giving or withdrawing one purpose at a time."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from hireflow.api.context import header
from hireflow.bootstrap import services
from hireflow.interviews.consents import ConsentChoice, ConsentsView

router = Router()
SESSION_HEADER = "X-Interview-Session"


@router.get(
    "/api/interview/<token>/consents",
    summary="The notice and the state of each consent it asks",
)
def consents(token: str) -> ConsentsView:
    return services().portal_consents.view(token, header(router, SESSION_HEADER))


@router.put(
    "/api/interview/<token>/consents/<purpose>",
    summary="Give or withdraw one consent (recording, ai_analysis, transfer)",
    description="A ledger line with the words shown. Withdrawing recording deletes every "
    "recording of the application (every S3 version) and moves it to a process without "
    "AI: an interview with a person if unfinished, review by people only if completed.",
)
def choose(token: str, purpose: str, choice: ConsentChoice) -> ConsentsView:
    return services().portal_consents.choose(token, header(router, SESSION_HEADER), purpose, choice)

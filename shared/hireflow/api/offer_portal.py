"""The candidate's offer page (public: the link token, then a verified session)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from hireflow.api.context import header
from hireflow.bootstrap import services
from hireflow.offers.letters import PDF_TYPE
from hireflow.offers.portal import (
    Acceptance,
    Answer,
    LetterView,
    OfferOverview,
    OfferSessionGrant,
    PhoneCheck,
    Refusal,
)

router = Router()
SESSION_HEADER = "X-Offer-Session"


def _session() -> str:
    return header(router, SESSION_HEADER)


def _identity() -> dict[str, Any]:
    return (router.current_event.get("requestContext") or {}).get("identity") or {}


@router.get("/api/offer/<token>", summary="What the candidate sees before verifying")
def overview(token: str) -> OfferOverview:
    return services().offer_portal.overview(token)


@router.post("/api/offer/<token>/verify", summary="The phone number on file -> a session")
def verify(token: str, check: PhoneCheck) -> OfferSessionGrant:
    source = _identity().get("sourceIp") or "unknown"
    return services().offer_portal.verify(token, check, source)


@router.get("/api/offer/<token>/letter", summary="The letter (each opening is recorded)")
def letter(token: str) -> LetterView:
    return services().offer_portal.letter(token, _session())


@router.get(
    "/api/offer/<token>/letter.pdf",
    summary="The letter as sent, as a PDF",
    responses={200: {"description": "The PDF", "content": {PDF_TYPE: {"schema": {}}}}},
)
def letter_pdf(token: str):  # no return annotation: powertools would validate bytes
    body = services().offer_portal.pdf(token, _session())
    return Response(
        status_code=200,
        content_type=PDF_TYPE,
        body=body,
        headers={
            "Content-Disposition": 'attachment; filename="offer.pdf"',
            "Cache-Control": "no-store",
        },
    )


@router.post(
    "/api/offer/<token>/accept",
    summary="Accept and sign: the typed name, a drawn or typed signature, the consent",
)
def accept(token: str, acceptance: Acceptance) -> Answer:
    identity = _identity()
    return services().offer_portal.accept(
        token,
        _session(),
        acceptance,
        ip=str(identity.get("sourceIp") or "unknown"),
        user_agent=str(identity.get("userAgent") or header(router, "User-Agent") or "unknown"),
    )


@router.post("/api/offer/<token>/decline", summary="Decline, with a reason")
def decline(token: str, refusal: Refusal) -> Answer:
    return services().offer_portal.decline(token, _session(), refusal)

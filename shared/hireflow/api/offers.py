"""Offers: HR draft, submit, withdraw and extend; approvers vote from their inbox; HQ
configure the approval chains; HR read the employees hires become. The candidate's offer
page has its own routes (``offer_portal``)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse

from hireflow.api.context import current_caller, header, raw_body
from hireflow.bootstrap import services
from hireflow.offers.letters import PDF_TYPE
from hireflow.offers.model import ApprovalChain, OfferTerms
from hireflow.offers.service import (
    DeadlineInput,
    InboxItem,
    LetterTemplateInput,
    LetterTemplateView,
    Locale,
    OfferView,
    VoteInput,
    WithdrawInput,
)
from hireflow.people.model import Employee
from hireflow.platform.errors import UnsupportedMediaType

router = Router()
PDF_RESPONSE: dict[int, OpenAPIResponse] = {
    200: {"description": "The PDF", "content": {PDF_TYPE: {"schema": {}}}}
}


def pdf(body: bytes, name: str) -> Response[bytes]:
    return Response(
        status_code=200,
        content_type=PDF_TYPE,
        body=body,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


@router.get("/api/candidates/<candidate_id>/offer", summary="The offer, its versions and votes")
def offer(candidate_id: str) -> OfferView:
    return services().offers.view(current_caller(router), candidate_id)


@router.put(
    "/api/candidates/<candidate_id>/offer",
    summary="Draft the offer, or save a new version of a draft or returned offer",
)
def draft(candidate_id: str, terms: OfferTerms) -> OfferView:
    return services().offers.draft(current_caller(router), candidate_id, terms)


@router.post(
    "/api/candidates/<candidate_id>/offer/submit",
    summary="Send the offer to its approval chain",
)
def submit(candidate_id: str) -> OfferView:
    return services().offers.submit(current_caller(router), candidate_id)


@router.post(
    "/api/candidates/<candidate_id>/offer/vote",
    summary="Approve, or return to HR with a comment (HQ may vote on behalf of an approver)",
)
def vote(candidate_id: str, vote: VoteInput) -> OfferView:
    return services().offers.vote(current_caller(router), candidate_id, vote)


@router.post(
    "/api/candidates/<candidate_id>/offer/withdraw",
    summary="Withdraw the offer (the candidate is told if it was sent)",
)
def withdraw(candidate_id: str, request: WithdrawInput) -> OfferView:
    return services().offers.withdraw(current_caller(router), candidate_id, request)


@router.post(
    "/api/candidates/<candidate_id>/offer/deadline",
    summary="Give the candidate more time to answer a sent offer",
)
def extend(candidate_id: str, request: DeadlineInput) -> OfferView:
    return services().offers.extend(current_caller(router), candidate_id, request)


@router.get(
    "/api/candidates/<candidate_id>/offer/letter.pdf",
    summary="The letter as it will be sent, or as it was sent",
    responses=PDF_RESPONSE,
)
def letter(candidate_id: str):  # no return annotation: powertools would validate bytes
    candidate, body = services().offers.letter_pdf(current_caller(router), candidate_id)
    return pdf(body, f"offer-{candidate.id}.pdf")


@router.get(
    "/api/candidates/<candidate_id>/offer/signed.pdf",
    summary="The signed letter, sealed (each download is audited)",
    responses=PDF_RESPONSE,
)
def signed(candidate_id: str):  # no return annotation: powertools would validate bytes
    candidate, body = services().offers.signed_pdf(current_caller(router), candidate_id)
    return pdf(body, f"offer-{candidate.id}-signed.pdf")


@router.get("/api/approvals", summary="Offers waiting for the caller's approval")
def approvals() -> list[InboxItem]:
    return services().offers.inbox(current_caller(router))


@router.get("/api/approval-chains", summary="Every approval chain (HQ)")
def chains() -> list[ApprovalChain]:
    return services().offers.chains(current_caller(router))


@router.put("/api/approval-chains", summary="Create or replace a branch's (department's) chain")
def put_chain(chain: ApprovalChain) -> ApprovalChain:
    return services().offers.put_chain(current_caller(router), chain)


@router.delete(
    "/api/approval-chains/<branch_id>/<department>",
    summary="Remove a chain (the branch then uses its own default, or HQ's)",
    status_code=204,
)
def delete_chain(branch_id: str, department: str) -> None:
    services().offers.delete_chain(current_caller(router), branch_id, department)


@router.get("/api/employees", summary="Employees (HR of the branch, HQ)")
def employees(branch_id: str | None = None) -> list[Employee]:
    return services().employees.list(current_caller(router), branch_id)


@router.get("/api/employees/<employee_id>", summary="An employee, with the interview baseline")
def employee(employee_id: str) -> Employee:
    return services().employees.get(current_caller(router), employee_id)


@router.get(
    "/api/branches/<branch_id>/offer-template/<locale>",
    summary="The words of the branch's offer letters (its own, else HQ's or the built-in)",
)
def letter_template(branch_id: str, locale: Locale) -> LetterTemplateView:
    return services().letter_settings.template(current_caller(router), branch_id, locale)


@router.put(
    "/api/branches/<branch_id>/offer-template/<locale>",
    summary="Write the branch's offer letter words (HQ); placeholders as in notifications",
)
def put_letter_template(
    branch_id: str, locale: Locale, words: LetterTemplateInput
) -> LetterTemplateView:
    return services().letter_settings.put_template(current_caller(router), branch_id, locale, words)


@router.put(
    "/api/branches/<branch_id>/logo",
    summary="The logo on the branch's letters (the body is a PNG or JPEG, at most 500 KB)",
    status_code=204,
)
def put_logo(branch_id: str) -> None:
    content_type = header(router, "Content-Type").split(";")[0].strip().lower()
    if content_type not in ("image/png", "image/jpeg"):
        raise UnsupportedMediaType("send the logo as image/png or image/jpeg", code="send_image")
    services().letter_settings.put_logo(current_caller(router), branch_id, raw_body(router))

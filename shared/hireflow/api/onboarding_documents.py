"""The new hire's documents and portal link, for HR of the employee's branch and HQ."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from hireflow.api.context import current_caller
from hireflow.bootstrap import services
from hireflow.onboarding.documents import DocumentDownload, DocumentView, Rejection
from hireflow.onboarding.portal import LinkSent

router = Router()


@router.get(
    "/api/employees/<employee_id>/documents",
    summary="The new hire's uploaded documents (metadata only), newest first",
)
def documents(employee_id: str) -> list[DocumentView]:
    return services().document_review.documents(current_caller(router), employee_id)


@router.get(
    "/api/employees/<employee_id>/documents/<document_id>/download",
    summary="A one-minute download link for the document (every call is on the audit trail)",
)
def download(employee_id: str, document_id: str) -> DocumentDownload:
    return services().document_review.download(current_caller(router), employee_id, document_id)


@router.post(
    "/api/employees/<employee_id>/documents/<document_id>/approve",
    summary="Accept the document: its onboarding task is done",
)
def approve(employee_id: str, document_id: str) -> DocumentView:
    return services().document_review.approve(current_caller(router), employee_id, document_id)


@router.post(
    "/api/employees/<employee_id>/documents/<document_id>/reject",
    summary="Refuse the document with a reason: the new hire is asked to upload it again",
)
def reject(employee_id: str, document_id: str, rejection: Rejection) -> DocumentView:
    return services().document_review.reject(
        current_caller(router), employee_id, document_id, rejection
    )


@router.post(
    "/api/employees/<employee_id>/onboarding/link",
    summary="Send the onboarding notice again with a fresh link (opens a locked portal)",
)
def send_link(employee_id: str) -> LinkSent:
    return services().new_hire_portal.send_link(current_caller(router), employee_id)

"""The new hire's portal (public: the link token, then a verified session)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler.api_gateway import Router

from hireflow.api.context import header
from hireflow.bootstrap import services
from hireflow.onboarding.portal import (
    ChecklistItem,
    NewHireOverview,
    NewHireSessionGrant,
    NoticeView,
    PhoneNumber,
)
from hireflow.onboarding.uploads import DocumentGrant, UploadRequest

router = Router()
SESSION_HEADER = "X-New-Hire-Session"


def _session() -> str:
    return header(router, SESSION_HEADER)


def _identity() -> dict[str, Any]:
    return (router.current_event.get("requestContext") or {}).get("identity") or {}


@router.get("/api/new-hire/<token>", summary="What the new hire sees before verifying")
def overview(token: str) -> NewHireOverview:
    return services().new_hire_portal.overview(token)


@router.post("/api/new-hire/<token>/verify", summary="The phone number on file -> a session")
def verify(token: str, given: PhoneNumber) -> NewHireSessionGrant:
    source = _identity().get("sourceIp") or "unknown"
    return services().new_hire_portal.verify(token, given, source)


@router.get(
    "/api/new-hire/<token>/notice",
    summary="The onboarding notice: start date, address, what to bring, HQ's words",
)
def notice(token: str) -> NoticeView:
    return services().new_hire_portal.notice(token, _session())


@router.get(
    "/api/new-hire/<token>/checklist",
    summary="The new hire's own tasks, each document's state and why it was refused",
)
def checklist(token: str) -> list[ChecklistItem]:
    return services().new_hire_portal.checklist(token, _session())


@router.post(
    "/api/new-hire/<token>/documents/<task_id>/upload",
    summary="A presigned POST for one upload of the task's document (PDF, JPEG or PNG)",
)
def upload(token: str, task_id: str, request: UploadRequest) -> DocumentGrant:
    return services().document_uploads.grant(token, _session(), task_id, request)


@router.post(
    "/api/new-hire/<token>/documents/<task_id>/uploaded",
    summary="The upload finished: check it now if S3's event has not come",
)
def uploaded(token: str, task_id: str) -> ChecklistItem:
    return services().document_uploads.uploaded(token, _session(), task_id)

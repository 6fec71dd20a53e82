"""Recruiting: positions; candidates (list, create, read, edit, assign, the Excel
import, the timeline); the dashboard."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from hireflow.api.context import Listing, current_caller, header, raw_body
from hireflow.bootstrap import services
from hireflow.identity.model import Caller
from hireflow.platform.errors import UnsupportedMediaType
from hireflow.platform.observability import logger
from hireflow.recruiting.actions import candidate_actions
from hireflow.recruiting.dashboard import BranchDashboard
from hireflow.recruiting.importing import XLSX_TYPE, ImportProgress
from hireflow.recruiting.model import AttentionItem, Candidate, Position
from hireflow.recruiting.positions import PositionChange, PositionDraft
from hireflow.recruiting.service import (
    Assign,
    CandidateChange,
    CandidateDraft,
    CandidateFilters,
    TimelineStep,
)
from hireflow.recruiting.status import CandidateStatus

router = Router()


def view(candidate: Candidate, caller: Caller) -> dict[str, Any]:
    """A candidate as the API shows it, with ``actions``: what the caller may do now."""
    shown = candidate.model_dump(mode="json", exclude={"search"})
    return {**shown, "actions": candidate_actions(caller, candidate)}


@router.get("/api/candidates", summary="Candidates, newest first, filtered; cursor pagination")
def list_candidates(
    branch_id: Annotated[str | None, Query()] = None,
    status: Annotated[CandidateStatus | None, Query()] = None,
    position_id: Annotated[str | None, Query()] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    cursor: Annotated[str | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 25,
) -> Listing:
    filters = CandidateFilters(branch_id=branch_id, status=status, position_id=position_id, q=q)
    caller = current_caller(router)
    page = services().candidates.search(caller, filters, cursor, limit)
    return Listing(items=[view(c, caller) for c in page.items], cursor=page.cursor)


@router.post("/api/candidates", summary="Add a candidate", status_code=201)
def create_candidate(draft: CandidateDraft) -> dict[str, Any]:
    caller = current_caller(router)
    return view(services().candidates.create(caller, draft), caller)


@router.get(
    "/api/candidates/import-template",
    summary="The .xlsx to fill for an import",
    responses={200: {"description": "The workbook", "content": {XLSX_TYPE: {"schema": {}}}}},
)
def import_template():  # no return annotation: powertools would validate the bytes as text
    workbook = services().candidate_import.template(current_caller(router))
    return Response(
        status_code=200,
        content_type=XLSX_TYPE,
        body=workbook,
        headers={"Content-Disposition": 'attachment; filename="hireflow-candidates.xlsx"'},
    )


@router.post(
    "/api/candidates/import",
    summary="Start importing a filled .xlsx (the request body is the file); poll its progress",
    status_code=202,
)
def import_candidates() -> ImportProgress:
    content_type = header(router, "Content-Type").split(";")[0].strip().lower()
    if content_type not in (XLSX_TYPE, "application/octet-stream"):
        raise UnsupportedMediaType(f"send the .xlsx file as {XLSX_TYPE}", code="send_xlsx")
    started = services().candidate_import.start(current_caller(router), raw_body(router))
    logger.info("candidate import started", import_id=started.id, rows=started.total)
    return started


@router.get(
    "/api/candidates/import/<import_id>",
    summary="An import's progress, then its per-row results",
)
def import_progress(import_id: str) -> ImportProgress:
    return services().candidate_import.progress(current_caller(router), import_id)


@router.get("/api/candidates/<candidate_id>", summary="One candidate")
def get_candidate(candidate_id: str) -> dict[str, Any]:
    caller = current_caller(router)
    return view(services().candidates.get(caller, candidate_id), caller)


@router.patch("/api/candidates/<candidate_id>", summary="Edit contact details")
def update_candidate(candidate_id: str, change: CandidateChange) -> dict[str, Any]:
    caller = current_caller(router)
    return view(services().candidates.update(caller, candidate_id, change), caller)


@router.post(
    "/api/candidates/<candidate_id>/assign",
    summary="Set branch, position, interviewer and hiring manager (the interviewer is told)",
)
def assign_candidate(candidate_id: str, assign: Assign) -> dict[str, Any]:
    caller = current_caller(router)
    return view(services().candidates.assign(caller, candidate_id, assign), caller)


@router.get("/api/candidates/<candidate_id>/timeline", summary="Each status, entered and left")
def timeline(candidate_id: str) -> list[TimelineStep]:
    return services().candidates.timeline(current_caller(router), candidate_id)


@router.get("/api/dashboard", summary="Per-branch funnel, completion, time in stage, attention")
def get_dashboard() -> list[BranchDashboard]:
    return services().dashboard.branches(current_caller(router))


@router.get(
    "/api/attention",
    summary="Candidates waiting for a person (needs attention, asked for no AI), oldest first",
)
def attention() -> list[AttentionItem]:
    return services().dashboard.attention(current_caller(router))


@router.get("/api/positions", summary="Positions (branch users: their own branch)")
def list_positions(branch_id: Annotated[str | None, Query()] = None) -> list[Position]:
    return services().positions.list_positions(current_caller(router), branch_id)


@router.post("/api/positions", summary="Create a position", status_code=201)
def create_position(draft: PositionDraft) -> Position:
    return services().positions.create(current_caller(router), draft)


@router.get("/api/positions/<position_id>", summary="One position")
def get_position(position_id: str) -> Position:
    return services().positions.get(current_caller(router), position_id)


@router.patch("/api/positions/<position_id>", summary="Edit a position")
def update_position(position_id: str, change: PositionChange) -> Position:
    return services().positions.update(current_caller(router), position_id, change)

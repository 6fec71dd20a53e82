"""Recruiting: positions; candidates (list, sorted pages, every matching id, the Excel
export, create, read, edit, assign, notes, the Excel import, the timeline); saved lists;
the dashboard."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query
from pydantic import BaseModel

from hireflow.api.context import Listing, current_caller, header, raw_body
from hireflow.bootstrap import services
from hireflow.identity.model import Caller
from hireflow.platform.errors import UnsupportedMediaType
from hireflow.platform.observability import logger
from hireflow.recruiting.actions import candidate_actions
from hireflow.recruiting.dashboard import BranchDashboard
from hireflow.recruiting.importing import XLSX_TYPE, ImportProgress
from hireflow.recruiting.listing import CandidateRef, SavedFilterDraft, SortedPage, SortKey
from hireflow.recruiting.model import (
    AttentionItem,
    Candidate,
    CandidateNote,
    Position,
    SavedFilter,
    SourceChannel,
)
from hireflow.recruiting.notes import NoteDraft
from hireflow.recruiting.positions import PositionChange, PositionDraft
from hireflow.recruiting.service import (
    Assign,
    CandidateChange,
    CandidateDraft,
    CandidateFilters,
    TimelineStep,
)
from hireflow.recruiting.status import CandidateStatus
from hireflow.reviews.export import Locale

router = Router()


def view(candidate: Candidate, caller: Caller) -> dict[str, Any]:
    """A candidate as the API shows it, with ``actions``: what the caller may do now."""
    shown = candidate.model_dump(mode="json", exclude={"search"})
    return {**shown, "actions": candidate_actions(caller, candidate)}


class CandidateListing(Listing):
    """A cursor page; or, asked for a numbered ``page``, that page of the sorted list
    with the total that matched."""

    total: int | None = None
    page: int | None = None
    pages: int | None = None


@router.get(
    "/api/candidates",
    summary="Candidates, filtered: newest first by cursor, or sorted numbered pages with a total",
)
def list_candidates(
    branch_id: Annotated[str | None, Query()] = None,
    status: Annotated[CandidateStatus | None, Query()] = None,
    position_id: Annotated[str | None, Query()] = None,
    channel: Annotated[SourceChannel | None, Query()] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    cursor: Annotated[str | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 25,
    sort: Annotated[SortKey | None, Query()] = None,
    page: Annotated[int | None, Query(ge=1, le=10_000)] = None,
) -> CandidateListing:
    filters = CandidateFilters(
        branch_id=branch_id, status=status, position_id=position_id, channel=channel, q=q
    )
    caller = current_caller(router)
    if page is not None or sort is not None:
        numbered: SortedPage = services().candidate_list.page(
            caller, filters, sort or "-created_at", page or 1, limit
        )
        return CandidateListing(
            items=[view(c, caller) for c in numbered.items],
            total=numbered.total,
            page=numbered.page,
            pages=numbered.pages,
        )
    found = services().candidates.search(caller, filters, cursor, limit)
    return CandidateListing(items=[view(c, caller) for c in found.items], cursor=found.cursor)


class Selection(BaseModel):
    items: list[CandidateRef]
    total: int


@router.get(
    "/api/candidates/ids",
    summary="Every candidate that matches the filters (id, name, status): to select them all",
)
def matching_ids(
    branch_id: Annotated[str | None, Query()] = None,
    status: Annotated[CandidateStatus | None, Query()] = None,
    position_id: Annotated[str | None, Query()] = None,
    channel: Annotated[SourceChannel | None, Query()] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
) -> Selection:
    filters = CandidateFilters(
        branch_id=branch_id, status=status, position_id=position_id, channel=channel, q=q
    )
    found = services().candidate_list.selection(current_caller(router), filters)
    return Selection(items=found, total=len(found))


@router.get(
    "/api/candidates/export",
    summary="The filtered list as .xlsx: status and AI, human and combined scores per candidate",
    responses={200: {"description": "The workbook", "content": {XLSX_TYPE: {"schema": {}}}}},
)
def export_candidates(  # no return annotation: powertools would validate the bytes as text
    branch_id: Annotated[str | None, Query()] = None,
    status: Annotated[CandidateStatus | None, Query()] = None,
    position_id: Annotated[str | None, Query()] = None,
    channel: Annotated[SourceChannel | None, Query()] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    sort: Annotated[SortKey, Query()] = "-created_at",
    lang: Annotated[Locale, Query()] = "zh",
):
    filters = CandidateFilters(
        branch_id=branch_id, status=status, position_id=position_id, channel=channel, q=q
    )
    workbook = services().candidate_export.workbook(current_caller(router), filters, sort, lang)
    name = "候选人" if lang == "zh" else "candidates"
    return Response(
        status_code=200,
        content_type=XLSX_TYPE,
        body=workbook,
        headers={
            "Content-Disposition": 'attachment; filename="hireflow-candidates.xlsx"; '
            f"filename*=UTF-8''{quote(name)}.xlsx",
            "Cache-Control": "no-store",  # people's contact details: not for shared caches
        },
    )


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
def import_candidates(
    resume_archive: Annotated[str | None, Query(max_length=64)] = None,
) -> ImportProgress:
    content_type = header(router, "Content-Type").split(";")[0].strip().lower()
    if content_type not in (XLSX_TYPE, "application/octet-stream"):
        raise UnsupportedMediaType(f"send the .xlsx file as {XLSX_TYPE}", code="send_xlsx")
    started = services().candidate_import.start(
        current_caller(router), raw_body(router), resume_archive
    )
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


@router.get("/api/candidates/<candidate_id>/notes", summary="Colleagues' notes, oldest first")
def list_notes(candidate_id: str) -> list[CandidateNote]:
    return services().candidate_notes.list(current_caller(router), candidate_id)


@router.post("/api/candidates/<candidate_id>/notes", summary="Add a note", status_code=201)
def add_note(candidate_id: str, note: NoteDraft) -> CandidateNote:
    return services().candidate_notes.add(current_caller(router), candidate_id, note)


@router.get("/api/saved-filters", summary="The caller's saved candidate lists")
def saved_filters() -> list[SavedFilter]:
    return services().candidate_list.saved_filters(current_caller(router))


@router.post(
    "/api/saved-filters",
    summary="Save the list's filters, sort and columns under a name (a name again: replaced)",
    status_code=201,
)
def save_filter(draft: SavedFilterDraft) -> SavedFilter:
    return services().candidate_list.save_filter(current_caller(router), draft)


@router.delete("/api/saved-filters/<filter_id>", summary="Delete a saved list (the one deleted)")
def delete_filter(filter_id: str) -> SavedFilter:
    return services().candidate_list.delete_filter(current_caller(router), filter_id)


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

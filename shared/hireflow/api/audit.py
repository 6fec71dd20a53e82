"""The audit trail."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from hireflow.api.context import Listing, current_caller
from hireflow.audit.service import AuditFilters
from hireflow.bootstrap import services

router = Router()


@router.get("/api/audit", summary="Who changed what (HQ: all branches; branch HR: its own)")
def list_audit(
    month: Annotated[str | None, Query(description="YYYY-MM, default this month")] = None,
    branch_id: Annotated[str | None, Query()] = None,
    cursor: Annotated[str | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> Listing:
    page = services().audit.entries(current_caller(router), month, branch_id, cursor, limit)
    return Listing(items=[e.model_dump(mode="json") for e in page.items], cursor=page.cursor)


@router.get(
    "/api/audit/people/<subject_id>",
    summary="Every entry about one person (candidate or employee id): who read and who "
    "changed their data, newest first (HQ: anyone; branch HR: a person of its branch)",
)
def person_audit(
    subject_id: str,
    cursor: Annotated[str | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> Listing:
    page = services().audit.about(current_caller(router), subject_id, cursor, limit)
    return Listing(items=[e.model_dump(mode="json") for e in page.items], cursor=page.cursor)


@router.get(
    "/api/audit/search",
    summary="The trail filtered by person, candidate, action and date range (HQ: all "
    "branches; branch HR: its own), newest first",
)
def search_audit(
    actor: Annotated[str | None, Query(max_length=64, description="username")] = None,
    candidate_id: Annotated[str | None, Query(max_length=64)] = None,
    action: Annotated[
        str | None, Query(max_length=64, description="an action or its prefix, e.g. user.")
    ] = None,
    date_from: Annotated[date | None, Query(description="YYYY-MM-DD, included")] = None,
    date_to: Annotated[date | None, Query(description="YYYY-MM-DD, included")] = None,
    branch_id: Annotated[str | None, Query()] = None,
    cursor: Annotated[str | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> Listing:
    filters = AuditFilters(
        actor=actor,
        candidate_id=candidate_id,
        action=action,
        date_from=date_from,
        date_to=date_to,
    )
    page = services().audit.search(current_caller(router), filters, branch_id, cursor, limit)
    return Listing(items=[e.model_dump(mode="json") for e in page.items], cursor=page.cursor)

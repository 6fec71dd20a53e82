"""The audit trail."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from hireflow.api.context import Listing, current_caller
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

"""Talent: HQ's skill map and the résumé-vs-interview cross-check (docs/talent.md)."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from hireflow.api.context import current_caller
from hireflow.bootstrap import services
from hireflow.talent.cross_check import CrossCheckView
from hireflow.talent.skills import SkillMapInput, SkillMapView

router = Router()


@router.get(
    "/api/skill-map",
    summary="HQ's skill map (skill and aliases -> competency dimensions), with the "
    "dimensions positions use; HR read it",
)
def skill_map() -> SkillMapView:
    return services().skill_map.get(current_caller(router))


@router.put(
    "/api/skill-map",
    summary="Replace the skill map (HQ); send the revision you read. A dimension no "
    "position uses is kept and listed in unknown_dimensions",
)
def put_skill_map(change: SkillMapInput) -> SkillMapView:
    return services().skill_map.put(current_caller(router), change)


@router.get(
    "/api/candidates/<candidate_id>/cross-check",
    summary="The résumé-vs-interview cross-check of a round (default: the current one): "
    "questions for HR, never scores",
)
def cross_check(
    candidate_id: str, round: Annotated[int | None, Query(ge=1, le=20)] = None
) -> CrossCheckView:
    return services().cross_checks.view(current_caller(router), candidate_id, round)

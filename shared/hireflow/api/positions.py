"""Positions and their competency models."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from hireflow.api.context import current_caller
from hireflow.bootstrap import services
from hireflow.recruiting.positions import Position, PositionChange, PositionDraft

router = Router()


@router.get("/api/positions", summary="Positions (branch users: their own branch)")
def list_positions(branch_id: Annotated[str | None, Query()] = None) -> list[Position]:
    return services().positions.list_positions(current_caller(router), branch_id)


@router.post("/api/positions", summary="Create a position")
def create_position(draft: PositionDraft) -> tuple[Position, int]:
    return services().positions.create(current_caller(router), draft), 201


@router.get("/api/positions/<position_id>", summary="One position")
def get_position(position_id: str) -> Position:
    return services().positions.get(current_caller(router), position_id)


@router.patch("/api/positions/<position_id>", summary="Edit a position")
def update_position(position_id: str, change: PositionChange) -> Position:
    return services().positions.update(current_caller(router), position_id, change)

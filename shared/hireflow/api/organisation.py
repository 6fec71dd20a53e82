"""Branches and users."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from hireflow.api.context import current_caller
from hireflow.bootstrap import services
from hireflow.organisation.model import Branch, UserProfile
from hireflow.organisation.service import BranchChange, NewUser, UserChange

router = Router()


@router.get("/api/branches", summary="Branches the caller can see (HQ: all)")
def list_branches() -> list[Branch]:
    return services().organisation.list_branches(current_caller(router))


@router.post("/api/branches", summary="Create a branch (HQ admin)", status_code=201)
def create_branch(branch: Branch) -> Branch:
    return services().organisation.create_branch(current_caller(router), branch)


@router.get("/api/branches/<branch_id>", summary="One branch")
def get_branch(branch_id: str) -> Branch:
    return services().organisation.get_branch(current_caller(router), branch_id)


@router.patch("/api/branches/<branch_id>", summary="Rename a branch (HQ admin)")
def update_branch(branch_id: str, change: BranchChange) -> Branch:
    return services().organisation.update_branch(current_caller(router), branch_id, change)


@router.get("/api/users", summary="Users (HQ: all or one branch; branch HR: own branch)")
def list_users(branch_id: Annotated[str | None, Query()] = None) -> list[UserProfile]:
    return services().organisation.list_users(current_caller(router), branch_id)


@router.post(
    "/api/users", summary="Create a user with a role and branch (HQ admin)", status_code=201
)
def create_user(new: NewUser) -> UserProfile:
    return services().organisation.create_user(current_caller(router), new)


@router.patch(
    "/api/users/<user_id>",
    summary="Change a user's role, branch or name, or disable the account (HQ admin)",
)
def update_user(user_id: str, change: UserChange) -> UserProfile:
    return services().organisation.update_user(current_caller(router), user_id, change)

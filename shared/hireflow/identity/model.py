"""Who is calling: roles (Cognito groups), the caller's branch, and what HQ means.

API Gateway's Cognito authorizer has already verified the token; the claims arrive in
``requestContext.authorizer.claims``. Everything here trusts only those claims.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

HQ_BRANCH_ID = "hq"


class Role(StrEnum):
    """One Cognito group per role; the order is precedence when a user has several."""

    HQ_ADMIN = "hq_admin"
    HQ_HR = "hq_hr"
    BRANCH_HR = "branch_hr"
    HIRING_MANAGER = "hiring_manager"
    INTERVIEWER = "interviewer"
    APPROVER = "approver"
    # IT of a branch: prepares new hires' equipment and accounts (onboarding tasks).
    IT = "it"


HQ_ROLES = frozenset({Role.HQ_ADMIN, Role.HQ_HR})


class Caller(BaseModel):
    model_config = ConfigDict(frozen=True)

    user_id: str
    username: str
    email: str | None = None
    roles: tuple[Role, ...]
    branch_id: str

    @property
    def role(self) -> Role:
        """The caller's primary role (highest precedence)."""
        return self.roles[0]

    @property
    def is_hq(self) -> bool:
        return any(role in HQ_ROLES for role in self.roles)

    def can_see_branch(self, branch_id: str) -> bool:
        return self.is_hq or branch_id == self.branch_id


class NotAuthenticated(Exception):
    """The request carries no usable identity (the authorizer should have refused it)."""


class NoRole(Exception):
    """An authenticated user who holds none of hireflow's roles, or has no branch."""


def _groups(raw: Any) -> list[str]:
    # REST API authorizers pass groups as "a,b"; HTTP APIs as "[a b]"; tests as a list.
    if isinstance(raw, list):
        return [str(g) for g in raw]
    text = str(raw or "").strip().strip("[]")
    return [g for g in text.replace(",", " ").split() if g]


def caller_from_claims(claims: dict[str, Any] | None) -> Caller:
    if not claims or not claims.get("sub"):
        raise NotAuthenticated("no verified identity on the request")
    known = {role.value for role in Role}
    granted = {g for g in _groups(claims.get("cognito:groups")) if g in known}
    roles = tuple(role for role in Role if role.value in granted)
    if not roles:
        raise NoRole("the user has no hireflow role")
    branch_id = str(claims.get("custom:branch_id") or "")
    if not branch_id:
        raise NoRole("the user has no branch")
    return Caller(
        user_id=str(claims["sub"]),
        username=str(claims.get("cognito:username") or claims.get("username") or claims["sub"]),
        email=claims.get("email"),
        roles=roles,
        branch_id=branch_id,
    )

"""Who may see and do what. Every route asks here; nothing trusts the client.

Two kinds of refusal:
- a role that may never do something gets 403 (it says nothing about any object);
- an object outside the caller's reach is reported as missing, 404, so a branch cannot
  probe another branch's data.
"""

from __future__ import annotations

from hireflow.identity.model import Caller, Role
from hireflow.platform.errors import Forbidden, NotFound

HQ = (Role.HQ_ADMIN, Role.HQ_HR)
HR = (Role.HQ_ADMIN, Role.HQ_HR, Role.BRANCH_HR)
REVIEWERS = (Role.INTERVIEWER, Role.HIRING_MANAGER)


def has_role(caller: Caller, *roles: Role) -> bool:
    return any(role in roles for role in caller.roles)


def require_role(caller: Caller, *roles: Role, action: str) -> None:
    if not has_role(caller, *roles):
        allowed = ", ".join(r.value for r in roles)
        raise Forbidden(
            f"{action} needs one of these roles: {allowed}",
            code="role_required",
            params={"roles": [r.value for r in roles]},
        )


def require_branch(caller: Caller, branch_id: str, what: str) -> None:
    """The caller works in this branch (or is HQ); otherwise the object does not exist."""
    if not caller.can_see_branch(branch_id):
        raise NotFound(f"{what} not found", code="not_found_or_other_branch")


def list_scope(caller: Caller, requested_branch: str | None) -> str | None:
    """The branch a list is limited to: HQ may pick any or none (all), everyone else
    sees only their own."""
    if caller.is_hq:
        return requested_branch
    if requested_branch and requested_branch != caller.branch_id:
        raise Forbidden("you can list only your own branch", code="own_branch_only")
    return caller.branch_id

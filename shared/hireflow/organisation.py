"""The organisation: head office (HQ) and its branches, and the users who work in them.

Access patterns:
- list branches: Query pk=ORG, sk begins_with BRANCH#
- get a branch: GetItem pk=ORG, sk=BRANCH#<id>
- get a user profile: GetItem pk=USER#<sub>, sk=PROFILE
- list a branch's users: Query gsi1 gsi1pk=BRANCH#<id>#USERS
"""

from __future__ import annotations

from pydantic import Field

from hireflow.identity import Role
from hireflow.store import ItemKeys, Repository, Stored


class Branch(Stored):
    KIND = "branch"

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")
    name: str = Field(min_length=1, max_length=100)
    name_zh: str | None = Field(default=None, max_length=100)
    city: str | None = Field(default=None, max_length=100)
    is_hq: bool = False

    def item_keys(self) -> ItemKeys:
        return ItemKeys(pk="ORG", sk=f"BRANCH#{self.id}")


class UserProfile(Stored):
    KIND = "user"

    user_id: str
    username: str
    email: str | None = None
    display_name: str
    role: Role
    branch_id: str

    def item_keys(self) -> ItemKeys:
        return ItemKeys(
            pk=f"USER#{self.user_id}",
            sk="PROFILE",
            gsi1=(f"BRANCH#{self.branch_id}#USERS", self.username),
        )


class OrganisationRepository:
    def __init__(self) -> None:
        self.branches = Repository(Branch)
        self.users = Repository(UserProfile)

    def list_branches(self) -> list[Branch]:
        return list(self.branches.iterate("ORG", "BRANCH#"))

    def get_branch(self, branch_id: str) -> Branch | None:
        return self.branches.get("ORG", f"BRANCH#{branch_id}")

    def get_user(self, user_id: str) -> UserProfile | None:
        return self.users.get(f"USER#{user_id}", "PROFILE")

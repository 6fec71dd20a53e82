"""The organisation: head office (HQ) and its branches, and the users who work in them.

Access patterns:
- list branches: Query pk=ORG, sk begins_with BRANCH#
- get a branch: GetItem pk=ORG, sk=BRANCH#<id>
- get a user profile: GetItem pk=USER#<sub>, sk=PROFILE
- list a branch's users: Query gsi1 gsi1pk=BRANCH#<id>#USERS
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from hireflow.identity.model import Role
from hireflow.platform.store import ItemKeys, Repository, Stored

BRANCH_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,39}$"


class Branch(Stored):
    KIND = "branch"

    id: str = Field(pattern=BRANCH_ID_PATTERN)
    name: str = Field(min_length=1, max_length=100)
    name_zh: str | None = Field(default=None, max_length=100)
    city: str | None = Field(default=None, max_length=100)
    is_hq: bool = False

    def name_in(self, locale: str) -> str:
        return self.name_zh if locale == "zh" and self.name_zh else self.name

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.id))

    @staticmethod
    def key(branch_id: str) -> tuple[str, str]:
        return "ORG", f"BRANCH#{branch_id}"


class UserProfile(Stored):
    KIND = "user"

    user_id: str
    username: str
    email: str | None = None
    display_name: str
    role: Role
    branch_id: str
    locale: Literal["zh", "en"] = "zh"
    enabled: bool = True  # False: the account is disabled in the user pool (no sign-in)

    def item_keys(self) -> ItemKeys:
        return ItemKeys(
            *self.key(self.user_id), gsi1=(self.of_branch(self.branch_id), self.username)
        )

    @staticmethod
    def key(user_id: str) -> tuple[str, str]:
        return f"USER#{user_id}", "PROFILE"

    @staticmethod
    def of_branch(branch_id: str) -> str:
        return f"BRANCH#{branch_id}#USERS"


class OrganisationRepository:
    def __init__(self) -> None:
        self._branches = Repository(Branch)
        self._users = Repository(UserProfile)

    def list_branches(self) -> list[Branch]:
        return list(self._branches.iterate("ORG", "BRANCH#"))

    def get_branch(self, branch_id: str) -> Branch | None:
        return self._branches.get(*Branch.key(branch_id))

    def get_user(self, user_id: str) -> UserProfile | None:
        return self._users.get(*UserProfile.key(user_id))

    def branch_users(self, branch_id: str) -> list[UserProfile]:
        return list(self._users.iterate(UserProfile.of_branch(branch_id), index="gsi1"))

    def put_branch(self, branch: Branch) -> None:
        """Seeding (the demo organisation); HR changes go through a unit of work."""
        self._branches.put(branch)

    def put_user(self, user: UserProfile) -> None:
        self._users.put(user)

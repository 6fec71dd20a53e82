"""The organisation: head office (HQ) and its branches, and the users who work in them.

Access patterns:
- list branches: Query pk=ORG, sk begins_with BRANCH#
- get a branch: GetItem pk=ORG, sk=BRANCH#<id>
- get a user profile: GetItem pk=USER#<sub>, sk=PROFILE
- list a branch's users: Query gsi1 gsi1pk=BRANCH#<id>#USERS
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from hireflow.audit.changes import check_revision, commit_change
from hireflow.identity.directory import Directory
from hireflow.identity.model import HQ_BRANCH_ID, HQ_ROLES, Caller, Role
from hireflow.identity.permissions import list_scope, require_branch, require_role
from hireflow.platform.contact import Email
from hireflow.platform.errors import FieldError, Invalid, NotFound
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
        return ItemKeys(pk="ORG", sk=f"BRANCH#{self.id}")


class UserProfile(Stored):
    KIND = "user"

    user_id: str
    username: str
    email: str | None = None
    display_name: str
    role: Role
    branch_id: str
    locale: Literal["zh", "en"] = "zh"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(
            pk=f"USER#{self.user_id}",
            sk="PROFILE",
            gsi1=(f"BRANCH#{self.branch_id}#USERS", self.username),
        )


class BranchChange(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=100)
    name_zh: str | None = Field(default=None, max_length=100)
    city: str | None = Field(default=None, max_length=100)
    revision: int | None = None


class NewUser(BaseModel):
    username: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]{2,63}$")
    email: Email
    display_name: str = Field(min_length=1, max_length=100)
    role: Role
    branch_id: str


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

    def branch_users(self, branch_id: str) -> list[UserProfile]:
        return list(self.users.iterate(f"BRANCH#{branch_id}#USERS", index="gsi1"))


class OrganisationService:
    def __init__(self, repository: OrganisationRepository, directory: Directory) -> None:
        self.repository = repository
        self.directory = directory

    # -------------------------------------------------------------- branches
    def list_branches(self, caller: Caller) -> list[Branch]:
        return [b for b in self.repository.list_branches() if caller.can_see_branch(b.id)]

    def get_branch(self, caller: Caller, branch_id: str) -> Branch:
        require_branch(caller, branch_id, "branch")
        branch = self.repository.get_branch(branch_id)
        if branch is None:
            raise NotFound("branch not found")
        return branch

    def create_branch(self, caller: Caller, branch: Branch) -> Branch:
        require_role(caller, Role.HQ_ADMIN, action="creating a branch")
        branch = branch.model_copy(update={"is_hq": branch.id == HQ_BRANCH_ID})
        return commit_change(
            caller,
            "branch.create",
            branch,
            entity_id=branch.id,
            branch_id=branch.id,
            on_duplicate=f"branch {branch.id!r} already exists",
        )

    def update_branch(self, caller: Caller, branch_id: str, change: BranchChange) -> Branch:
        require_role(caller, Role.HQ_ADMIN, action="editing a branch")
        current = self.get_branch(caller, branch_id)
        check_revision(current, change.revision, "branch")
        updated = current.model_copy(
            update=change.model_dump(exclude_unset=True, exclude={"revision"})
        )
        return commit_change(
            caller,
            "branch.update",
            updated,
            entity_id=branch_id,
            branch_id=branch_id,
            before=current,
        )

    # -------------------------------------------------------------- users
    def list_users(self, caller: Caller, branch_id: str | None) -> list[UserProfile]:
        require_role(caller, Role.HQ_ADMIN, Role.HQ_HR, Role.BRANCH_HR, action="listing users")
        scope = list_scope(caller, branch_id)
        branches = [scope] if scope else [b.id for b in self.repository.list_branches()]
        return [u for b in branches for u in self.repository.branch_users(b)]

    def create_user(self, caller: Caller, new: NewUser) -> UserProfile:
        require_role(caller, Role.HQ_ADMIN, action="creating users")
        if self.repository.get_branch(new.branch_id) is None:
            raise Invalid("unknown branch", [FieldError("branch_id", "no such branch")])
        if new.role in HQ_ROLES and new.branch_id != HQ_BRANCH_ID:
            raise Invalid("HQ roles belong to HQ", [FieldError("branch_id", "must be 'hq'")])
        if new.role == Role.BRANCH_HR and new.branch_id == HQ_BRANCH_ID:
            raise Invalid(
                "branch HR belongs to a branch", [FieldError("branch_id", "must not be 'hq'")]
            )
        user_id = self.directory.create_user(
            new.username, new.email, new.display_name, new.role, new.branch_id
        )
        profile = UserProfile(user_id=user_id, **new.model_dump())
        return commit_change(
            caller, "user.create", profile, entity_id=user_id, branch_id=new.branch_id
        )

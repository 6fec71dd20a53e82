"""Branches and users: what HQ admins set up, and what a caller may see of it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field

from hireflow.audit.service import audited_write
from hireflow.identity.directory import Directory
from hireflow.identity.model import HQ_BRANCH_ID, HQ_ROLES, Caller, Role
from hireflow.identity.permissions import (
    Capability,
    capabilities,
    list_scope,
    require,
    require_branch,
)
from hireflow.organisation.model import Branch, OrganisationRepository, UserProfile
from hireflow.platform.contact import Email
from hireflow.platform.errors import FieldError, Invalid, NotFound
from hireflow.platform.unit_of_work import UnitOfWorkFactory, check_revision


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


class UserChange(BaseModel):
    """What HQ changes about a user: the role, the branch, the name, or disabling the
    account (a disabled user cannot sign in; enabling restores it)."""

    display_name: str | None = Field(default=None, min_length=1, max_length=100)
    role: Role | None = None
    branch_id: str | None = None
    enabled: bool | None = None
    revision: int | None = None


class Me(BaseModel):
    user_id: str
    username: str
    email: str | None
    display_name: str | None
    role: str
    roles: list[str]
    branch_id: str
    branch_name: str | None
    branch_name_zh: str | None = None
    is_hq: bool
    # The language the user reads: the HR app's, and their e-mails' (report ready ...).
    locale: Literal["zh", "en"] = "zh"

    # What the caller's roles allow (identity.permissions.Capability): the app offers
    # only these screens and buttons.
    capabilities: list[str] = []


class LocaleChoice(BaseModel):
    locale: Literal["zh", "en"]


@dataclass(frozen=True)
class OrganisationService:
    repository: OrganisationRepository
    directory: Directory
    uow: UnitOfWorkFactory

    def me(self, caller: Caller) -> Me:
        profile = self.repository.get_user(caller.user_id)
        branch = self.repository.get_branch(caller.branch_id)
        return Me(
            user_id=caller.user_id,
            username=caller.username,
            email=caller.email,
            display_name=profile.display_name if profile else None,
            role=caller.role.value,
            roles=[r.value for r in caller.roles],
            branch_id=caller.branch_id,
            branch_name=branch.name if branch else None,
            branch_name_zh=branch.name_zh if branch else None,
            is_hq=caller.is_hq,
            locale=profile.locale if profile else "zh",
            capabilities=capabilities(caller),
        )

    def choose_locale(self, caller: Caller, choice: LocaleChoice) -> Me:
        """The caller's own language: the app remembers it and their e-mails use it."""
        profile = self.repository.get_user(caller.user_id)
        if profile is None:
            raise NotFound("no profile for this user", code="no_profile")
        if profile.locale != choice.locale:
            with self.uow() as uow:
                audited_write(
                    uow,
                    caller,
                    "user.locale",
                    profile.model_copy(update={"locale": choice.locale}),
                    entity_id=profile.user_id,
                    branch_id=profile.branch_id,
                    before=profile,
                )
                uow.commit()
        return self.me(caller)

    # -------------------------------------------------------------- branches
    def list_branches(self, caller: Caller) -> list[Branch]:
        return [b for b in self.repository.list_branches() if caller.can_see_branch(b.id)]

    def get_branch(self, caller: Caller, branch_id: str) -> Branch:
        require_branch(caller, branch_id, "branch")
        branch = self.repository.get_branch(branch_id)
        if branch is None:
            raise NotFound("branch not found", code="branch_not_found")
        return branch

    def create_branch(self, caller: Caller, branch: Branch) -> Branch:
        require(caller, Capability.EDIT_BRANCHES, action="creating a branch")
        branch = branch.model_copy(update={"is_hq": branch.id == HQ_BRANCH_ID})
        with self.uow() as uow:
            saved = audited_write(
                uow,
                caller,
                "branch.create",
                branch,
                entity_id=branch.id,
                branch_id=branch.id,
            )
            uow.commit(on_duplicate=f"branch {branch.id!r} already exists")
        return saved

    def update_branch(self, caller: Caller, branch_id: str, change: BranchChange) -> Branch:
        require(caller, Capability.EDIT_BRANCHES, action="editing a branch")
        current = self.get_branch(caller, branch_id)
        check_revision(current, change.revision, "branch")
        updated = current.model_copy(
            update=change.model_dump(exclude_unset=True, exclude={"revision"})
        )
        with self.uow() as uow:
            saved = audited_write(
                uow,
                caller,
                "branch.update",
                updated,
                entity_id=branch_id,
                branch_id=branch_id,
                before=current,
            )
            uow.commit()
        return saved

    # -------------------------------------------------------------- users
    def list_users(self, caller: Caller, branch_id: str | None) -> list[UserProfile]:
        require(caller, Capability.LIST_USERS, action="listing users")
        scope = list_scope(caller, branch_id)
        branches = [scope] if scope else [b.id for b in self.repository.list_branches()]
        return [u for b in branches for u in self.repository.branch_users(b)]

    def _check_role_and_branch(self, role: Role, branch_id: str) -> None:
        if self.repository.get_branch(branch_id) is None:
            raise Invalid(
                "unknown branch",
                [FieldError("branch_id", "no such branch", "no_such_branch")],
                code="unknown_branch",
            )
        if role in HQ_ROLES and branch_id != HQ_BRANCH_ID:
            raise Invalid(
                "HQ roles belong to HQ",
                [FieldError("branch_id", "must be 'hq'", "hq_role_in_hq")],
                code="hq_role_in_hq",
            )
        if role == Role.BRANCH_HR and branch_id == HQ_BRANCH_ID:
            raise Invalid(
                "branch HR belongs to a branch",
                [FieldError("branch_id", "must not be 'hq'", "branch_role_in_branch")],
                code="branch_role_in_branch",
            )

    def create_user(self, caller: Caller, new: NewUser) -> UserProfile:
        require(caller, Capability.ADD_USERS, action="creating users")
        self._check_role_and_branch(new.role, new.branch_id)
        user_id = self.directory.create_user(
            new.username, new.email, new.display_name, new.role, new.branch_id
        )
        profile = UserProfile(user_id=user_id, **new.model_dump())
        with self.uow() as uow:
            saved = audited_write(
                uow, caller, "user.create", profile, entity_id=user_id, branch_id=new.branch_id
            )
            uow.commit()
        return saved

    def update_user(self, caller: Caller, user_id: str, change: UserChange) -> UserProfile:
        """Change a user's role, branch or name, or disable the account (HQ admin). The
        sign-in account changes first: a retry after a failed save applies it again
        harmlessly, and the audit entry is written with the profile."""
        require(caller, Capability.EDIT_USERS, action="changing users")
        current = self.repository.get_user(user_id)
        if current is None:
            raise NotFound("user not found", code="user_not_found")
        check_revision(current, change.revision, "user")
        if user_id == caller.user_id and (
            change.enabled is False or (change.role and change.role != current.role)
        ):
            field = "role" if change.enabled is not False else "enabled"
            raise Invalid(
                "you cannot disable yourself or change your own role",
                [FieldError(field, "your own", "not_yourself")],
                code="not_yourself",
            )
        fields = change.model_dump(exclude_unset=True, exclude={"revision"})
        fields = {k: v for k, v in fields.items() if v is not None}
        updated = current.model_copy(update=fields)
        self._check_role_and_branch(updated.role, updated.branch_id)
        if updated == current:
            return current
        self.directory.change_account(
            current.username,
            role=(current.role, updated.role) if updated.role != current.role else None,
            branch_id=updated.branch_id if updated.branch_id != current.branch_id else None,
            display_name=(
                updated.display_name if updated.display_name != current.display_name else None
            ),
            enabled=updated.enabled if updated.enabled != current.enabled else None,
        )
        with self.uow() as uow:
            saved = audited_write(
                uow,
                caller,
                "user.disable" if current.enabled and not updated.enabled else "user.update",
                updated,
                entity_id=user_id,
                branch_id=updated.branch_id,
                before=current,
            )
            uow.commit()
        return saved

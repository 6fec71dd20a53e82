"""Creating, finding, editing and assigning candidates, with branch isolation; a
candidate's timeline."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from hireflow.audit.service import audited_write
from hireflow.identity.model import Caller, Role
from hireflow.identity.permissions import HR, Capability, has_role, list_scope, require
from hireflow.notifications.model import NotificationEvent
from hireflow.organisation.model import OrganisationRepository, UserProfile
from hireflow.platform.contact import Email, PersonName, Phone
from hireflow.platform.errors import Conflict, FieldError, Forbidden, Invalid, NotFound
from hireflow.platform.ids import now
from hireflow.platform.observability import logger
from hireflow.platform.store import AlreadyExists, Page, field
from hireflow.platform.unit_of_work import UnitOfWork, UnitOfWorkFactory, check_revision
from hireflow.recruiting.duplicates import Duplicates
from hireflow.recruiting.model import (
    Assignment,
    Candidate,
    CandidateRepository,
    ContactField,
    Dashboard,
    DuplicatePair,
    DuplicateRepository,
    Position,
    PositionRepository,
    Resume,
    SourceChannel,
    TimelineEntry,
    UniqueValue,
    search_term,
)
from hireflow.recruiting.notices import Notices
from hireflow.recruiting.status import CandidateStatus


class CandidateDraft(BaseModel):
    name: PersonName
    phone: Phone
    email: Email
    branch_id: str
    position_id: str
    resume_ref: str | None = Field(default=None, max_length=500)
    locale: Literal["zh", "en"] = "zh"
    channel: SourceChannel | None = None


class CandidateChange(BaseModel):
    name: PersonName | None = None
    phone: Phone | None = None
    email: Email | None = None
    resume_ref: str | None = Field(default=None, max_length=500)
    locale: Literal["zh", "en"] | None = None
    channel: SourceChannel | None = None
    revision: int | None = None


class Assign(BaseModel):
    branch_id: str | None = None
    position_id: str | None = None
    interviewer_id: str | None = None
    hiring_manager_id: str | None = None
    revision: int | None = None


class CandidateFilters(BaseModel):
    branch_id: str | None = None
    status: CandidateStatus | None = None
    position_id: str | None = None
    q: str | None = Field(default=None, max_length=100)
    channel: SourceChannel | None = None


CONTACT_FIELDS: tuple[ContactField, ...] = ("phone", "email")


class TimelineStep(BaseModel):
    status: CandidateStatus
    entered_at: datetime
    left_at: datetime | None
    actor: str
    note: str | None
    note_code: str | None = None  # the note in any language (``platform.errors``)
    note_params: dict[str, Any] = {}


@dataclass(frozen=True)
class CandidateService:
    candidates: CandidateRepository
    positions: PositionRepository
    organisation: OrganisationRepository
    notices: Notices
    uow: UnitOfWorkFactory
    # Finds other applications of the same person after a create or a contact change.
    duplicates: Duplicates | None = None

    # -------------------------------------------------------------- reading
    def get(self, caller: Caller, candidate_id: str) -> Candidate:
        candidate = self.candidates.get(candidate_id)
        if candidate is None or not candidate.readable_by(caller):
            raise NotFound("candidate not found", code="candidate_not_found")
        return candidate

    def manageable(self, caller: Caller, candidate_id: str, refusal: str) -> Candidate:
        """A candidate the caller may change (404 when out of reach, 403 for reviewers)."""
        candidate = self.get(caller, candidate_id)
        if not candidate.manageable_by(caller):
            raise Forbidden(refusal, code="hr_only")
        return candidate

    def timeline(self, caller: Caller, candidate_id: str) -> list[TimelineStep]:
        candidate = self.get(caller, candidate_id)
        entries = self.candidates.history(candidate.id)
        return [
            TimelineStep(
                status=entry.status,
                entered_at=entry.at,
                left_at=entries[i + 1].at if i + 1 < len(entries) else None,
                actor=entry.actor,
                note=entry.note,
                note_code=entry.note_code,
                note_params=entry.note_params,
            )
            for i, entry in enumerate(entries)
        ]

    def search(
        self, caller: Caller, filters: CandidateFilters, cursor: str | None, limit: int
    ) -> Page[Candidate]:
        if not has_role(caller, *HR):
            require(caller, Capability.LIST_CANDIDATES, action="listing candidates")
            return self._assigned(caller, filters)
        scope = list_scope(caller, filters.branch_id)
        return self.candidates.search(scope, _condition(filters), cursor, limit)

    def matching(self, caller: Caller, filters: CandidateFilters) -> list[Candidate]:
        """Every candidate the caller may see that matches, newest first (for sorting,
        counting, selecting all and exporting)."""
        if not has_role(caller, *HR):
            require(caller, Capability.LIST_CANDIDATES, action="listing candidates")
            return self._assigned(caller, filters).items
        scope = list_scope(caller, filters.branch_id)
        return self.candidates.every(scope, _condition(filters))

    def _assigned(self, caller: Caller, filters: CandidateFilters) -> Page[Candidate]:
        q = search_term(filters.q or "")
        found = [
            c
            for c in self.candidates.assigned_to(caller.user_id)
            if c.readable_by(caller)
            and not c.employee_id  # a re-assessment is reached from the employee's page
            and (not filters.status or c.status == filters.status)
            and (not filters.position_id or c.position_id == filters.position_id)
            and (not filters.channel or c.channel == filters.channel)
            and (not q or q in c.search)
        ]
        return Page(items=sorted(found, key=lambda c: c.created_at, reverse=True), cursor=None)

    # -------------------------------------------------------------- writing
    def _position_in(self, branch_id: str, position_id: str) -> Position:
        position = self.positions.get(position_id)
        if position is None or position.branch_id != branch_id:
            raise Invalid(
                "unknown position",
                [FieldError("position_id", "no such position in the branch", "no_such_position")],
                code="unknown_position",
            )
        return position

    def create(
        self,
        caller: Caller,
        draft: CandidateDraft,
        source: Literal["manual", "import", "pool"] = "manual",
        candidate_id: str | None = None,
        position: Position | None = None,
        person_id: str | None = None,
        detect: bool = True,
    ) -> Candidate:
        """A new candidate. An import passes ``candidate_id`` (chosen so a retried row
        creates the same one) and ``position``, the draft's position as it just read it
        with its branch, which saves reading both again for every row; and ``detect``
        False when it looks for duplicates itself (to report them on the row)."""
        require(caller, Capability.ADD_CANDIDATES, action="adding candidates")
        if not caller.can_see_branch(draft.branch_id):
            raise Forbidden(
                "you can add candidates only to your own branch", code="own_branch_only"
            )
        known = position and (position.id, position.branch_id) == (
            draft.position_id,
            draft.branch_id,
        )
        if not known:
            if self.organisation.get_branch(draft.branch_id) is None:
                raise Invalid(
                    "unknown branch",
                    [FieldError("branch_id", "no such branch", "no_such_branch")],
                    code="unknown_branch",
                )
            self._position_in(draft.branch_id, draft.position_id)
        candidate = Candidate(
            **draft.model_dump(),
            source=source,
            person_id=person_id,
            created_by=caller.username,
            reached=[CandidateStatus.IMPORTED],
        )
        if candidate_id:
            candidate = candidate.model_copy(update={"id": candidate_id})
        with self._contacts_guarded(candidate), self.uow() as uow:
            created = audited_write(
                uow,
                caller,
                "candidate.create",
                candidate,
                entity_id=candidate.id,
                branch_id=candidate.branch_id,
            )
            Dashboard.count_entry(uow, candidate.branch_id, candidate.status.value)
            uow.put(
                TimelineEntry(
                    candidate_id=candidate.id,
                    status=candidate.status,
                    actor=caller.username,
                    note=f"added ({source})",
                    note_code=f"added_{source}",
                    at=candidate.created_at,
                )
            )
            for name in CONTACT_FIELDS:
                uow.create(_guard(candidate, name))
            DuplicateRepository.index(uow, candidate)
            uow.commit()
        if detect:
            self.detect_duplicates(created)
        return created

    def detect_duplicates(
        self, candidate: Candidate, resume: Resume | None = None
    ) -> list[DuplicatePair]:
        """The open pairs of this application with others of the same person, looked
        for now. Never fails its caller: the application stands, the next change (or a
        résumé) looks again."""
        if self.duplicates is None:
            return []
        try:
            return self.duplicates.detect(candidate, resume)
        except Exception:
            logger.exception("could not look for duplicates", candidate_id=candidate.id)
            return []

    @contextmanager
    def _contacts_guarded(self, candidate: Candidate) -> Iterator[None]:
        """Around a write that guards phone/e-mail: a taken value becomes a 409 naming it."""
        try:
            yield
        except Conflict as exc:
            cause = exc.__cause__
            if isinstance(cause, AlreadyExists):
                taken = [
                    name
                    for name in CONTACT_FIELDS
                    if self.candidates.owner_of(
                        name, getattr(candidate, name), candidate.position_id
                    )
                    not in (None, candidate.id)
                ]
                if taken:
                    raise DuplicateCandidate(taken) from exc
            raise

    def update(self, caller: Caller, candidate_id: str, change: CandidateChange) -> Candidate:
        current = self.manageable(caller, candidate_id, "only HR can change candidates")
        check_revision(current, change.revision, "candidate")
        fields = change.model_dump(exclude_unset=True, exclude={"revision"})
        updated = current.model_copy(update={**fields, "updated_at": now()})
        with self._contacts_guarded(updated), self.uow() as uow:
            saved = audited_write(
                uow,
                caller,
                "candidate.update",
                updated,
                entity_id=current.id,
                branch_id=current.branch_id,
                before=current,
            )
            _move_guards(uow, current, updated)
            DuplicateRepository.reindex(uow, current, updated)
            uow.commit()
        if any(getattr(current, f) != getattr(saved, f) for f in CONTACT_FIELDS):
            self.detect_duplicates(saved)
        return saved

    def _staff(
        self, user_id: str, branch_id: str, roles: tuple[Role, ...], what: str
    ) -> UserProfile:
        user = self.organisation.get_user(user_id)
        if user is None or user.branch_id != branch_id or user.role not in roles:
            raise Invalid(
                f"unknown {what}",
                [
                    FieldError(
                        f"{what}_id",
                        f"no {what} with this id in branch {branch_id}",
                        f"no_such_{what}",
                    )
                ],
                code=f"unknown_{what}",
            )
        return user

    def assign(self, caller: Caller, candidate_id: str, assign: Assign) -> Candidate:
        require(caller, Capability.ASSIGN_CANDIDATES, action="assigning candidates")
        current = self.manageable(caller, candidate_id, "only HR can change candidates")
        check_revision(current, assign.revision, "candidate")
        branch_id = assign.branch_id or current.branch_id
        if branch_id != current.branch_id:
            require(
                caller, Capability.MOVE_CANDIDATES, action="moving a candidate to another branch"
            )
            if self.organisation.get_branch(branch_id) is None:
                raise Invalid(
                    "unknown branch",
                    [FieldError("branch_id", "no such branch", "no_such_branch")],
                    code="unknown_branch",
                )
        position_id = assign.position_id or current.position_id
        self._position_in(branch_id, position_id)
        fields = assign.model_dump(exclude_unset=True, exclude={"revision"})
        # Moving branch drops assignees of the old branch unless new ones are given.
        keep = branch_id == current.branch_id
        interviewer_id = fields.get("interviewer_id", current.interviewer_id if keep else None)
        manager_id = fields.get("hiring_manager_id", current.hiring_manager_id if keep else None)
        interviewer = (
            self._staff(
                interviewer_id, branch_id, (Role.INTERVIEWER, Role.HIRING_MANAGER), "interviewer"
            )
            if interviewer_id
            else None
        )
        if manager_id:
            self._staff(manager_id, branch_id, (Role.HIRING_MANAGER,), "hiring_manager")
        updated = current.model_copy(
            update={
                "branch_id": branch_id,
                "position_id": position_id,
                "interviewer_id": interviewer_id,
                "hiring_manager_id": manager_id,
                "updated_at": now(),
            }
        )

        # One adjacency item per (user, candidate), even if one person holds both roles.
        wanted: dict[str, Literal["interviewer", "hiring_manager"]] = {}
        if interviewer_id:
            wanted[interviewer_id] = "interviewer"
        if manager_id:
            wanted.setdefault(manager_id, "hiring_manager")
        with self._contacts_guarded(updated), self.uow() as uow:
            saved = audited_write(
                uow,
                caller,
                "candidate.assign",
                updated,
                entity_id=current.id,
                branch_id=current.branch_id,
                before=current,
            )
            for user_id in set(current.assignees) - set(wanted):
                uow.delete_key(Assignment.key(user_id, current.id))
            if branch_id != current.branch_id:
                Dashboard.count_branch_move(uow, current.branch_id, branch_id, current.status.value)
            _move_guards(uow, current, updated)
            DuplicateRepository.reindex(uow, current, updated)
            for user_id, role in wanted.items():
                uow.put(
                    Assignment(
                        user_id=user_id, candidate_id=current.id, branch_id=branch_id, role=role
                    )
                )
            uow.commit()
        if interviewer and interviewer_id != current.interviewer_id:
            self._tell_interviewer(interviewer, saved)
        if branch_id != current.branch_id and self.duplicates is not None:
            try:
                self.duplicates.moved(saved)
            except Exception:  # the move stands; the pair keeps its old listing
                logger.exception("could not move the duplicates' listing", candidate_id=saved.id)
        return saved

    def _tell_interviewer(self, interviewer: UserProfile, candidate: Candidate) -> None:
        try:
            self.notices.send(
                self.notices.to_staff(
                    candidate, NotificationEvent.INTERVIEWER_ASSIGNED, [interviewer]
                )
            )
        except Exception:  # the assignment stands; the notice can be resent
            logger.exception("could not notify the interviewer", candidate_id=candidate.id)


def _condition(filters: CandidateFilters) -> Any:
    """The filter expression of a branch (or HQ) query for these filters."""
    conditions: list[Any] = []
    if filters.status:
        conditions.append(field("status") == filters.status.value)
    if filters.position_id:
        conditions.append(field("position_id") == filters.position_id)
    if filters.channel:
        conditions.append(field("channel") == filters.channel)
    if filters.q and filters.q.strip():
        conditions.append(field("search").contains(search_term(filters.q)))
    condition = None
    for c in conditions:
        condition = c if condition is None else condition & c
    return condition


def _guard(candidate: Candidate, name: ContactField) -> UniqueValue:
    return UniqueValue(
        field=name,
        value=getattr(candidate, name),
        candidate_id=candidate.id,
        position_id=candidate.position_id,
    )


def _move_guards(uow: UnitOfWork, before: Candidate, after: Candidate) -> None:
    """A changed phone / e-mail, or another position: the guards follow the application."""
    for name in CONTACT_FIELDS:
        old, new = _guard(before, name), _guard(after, name)
        if old.item_keys() != new.item_keys():
            uow.delete_key(UniqueValue.key(name, old.value, old.position_id))
            uow.create(new)


class DuplicateCandidate(Conflict):
    def __init__(self, fields: Sequence[str]) -> None:
        super().__init__(
            f"a candidate with this {' and '.join(fields)} already applied to this position",
            [FieldError(f, "already registered", "already_registered") for f in fields],
            code="duplicate_candidate",
            params={"fields": list(fields)},
        )
        self.fields = list(fields)

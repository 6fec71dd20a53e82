"""Retention: how long each class of personal data is kept (HQ's policies per branch and
data class), the clocks the domain's events start, and legal holds that stop every
clock of a subject (docs/privacy.md "Retention").

The company's defaults are in code (``DEFAULTS``): a fresh install and the demo have
them without seeding; HQ's changes are stored policies, the company-wide ones (``*``)
over the defaults and a branch's over both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from hireflow.audit.service import audited_write
from hireflow.identity.model import Caller
from hireflow.identity.permissions import Capability, can, require, require_branch
from hireflow.platform.errors import FieldError, Invalid, NotFound
from hireflow.platform.ids import now
from hireflow.platform.store import AlreadyExists
from hireflow.platform.unit_of_work import UnitOfWorkFactory
from hireflow.privacy.model import (
    ALL_BRANCHES,
    MIN_AUDIT_DAYS,
    ClockEvent,
    DataClass,
    LegalHold,
    PrivacyRepository,
    RetentionAction,
    RetentionClock,
    RetentionPolicy,
    SubjectKind,
    SweepReceipt,
)

# Six months (183 days) after a rejection; the application two years; an employee's
# record and onboarding documents three years after the departure (they are archived on
# the departure itself: docs/privacy.md); sent messages one year, audit entries two.
YEAR = 365
EMPLOYMENT_RECORDS_DAYS = 3 * YEAR


def _default(data_class: DataClass, event: ClockEvent, days: int, action: RetentionAction):
    return RetentionPolicy(data_class=data_class, counted_from=event, days=days, action=action)


_D, _A = RetentionAction.DELETE, RetentionAction.ANONYMISE
DEFAULTS: tuple[RetentionPolicy, ...] = tuple(
    _default(data_class, event, days, action)
    for data_class, event, days, action in [
        (DataClass.RECORDINGS, ClockEvent.REJECTION, 183, _D),
        (DataClass.TRANSCRIPTS, ClockEvent.REJECTION, 183, _D),
        (DataClass.REPORTS, ClockEvent.REJECTION, 183, _D),
        (DataClass.RESUMES, ClockEvent.REJECTION, 183, _D),
        (DataClass.APPLICATION, ClockEvent.REJECTION, 2 * YEAR, _A),
        # A withdrawn consent to recording: the recordings go at once (the sweep's next run).
        (DataClass.RECORDINGS, ClockEvent.WITHDRAWAL, 0, _D),
        (DataClass.ONBOARDING_DOCUMENTS, ClockEvent.DEPARTURE, EMPLOYMENT_RECORDS_DAYS, _D),
        (DataClass.EMPLOYEE_RECORD, ClockEvent.DEPARTURE, EMPLOYMENT_RECORDS_DAYS, _A),
        (DataClass.SENT_MESSAGES, ClockEvent.RECORDED, YEAR, _D),
        (DataClass.AUDIT_ENTRIES, ClockEvent.RECORDED, 2 * YEAR, _D),
    ]
)

PolicySource = Literal["default", "company", "branch"]


class EffectivePolicy(BaseModel):
    """A policy as it applies to a branch, and where it comes from."""

    branch_id: str  # the branch it applies to (``*``: the company's, HQ's view)
    data_class: DataClass
    counted_from: ClockEvent
    days: int
    action: RetentionAction
    source: PolicySource
    changed_by: str
    changed_at: datetime


class PolicyChange(BaseModel):
    days: int = Field(ge=0, le=36500)
    action: RetentionAction = RetentionAction.DELETE


class HoldRequest(BaseModel):
    reason: str = Field(min_length=1, max_length=500)


class HoldView(BaseModel):
    subject_id: str
    held: bool
    hold: LegalHold | None = None


def _slot(policy: RetentionPolicy) -> tuple[DataClass, ClockEvent]:
    return policy.data_class, policy.counted_from


class PolicyBook:
    """Every policy read once (a sweep, a request): what applies to each branch."""

    def __init__(self, stored: Iterable[RetentionPolicy]) -> None:
        self.company = {_slot(p): p for p in DEFAULTS}
        self.branches: dict[str, dict[tuple[DataClass, ClockEvent], RetentionPolicy]] = {}
        for policy in stored:
            if policy.branch_id == ALL_BRANCHES:
                self.company[_slot(policy)] = policy
            else:
                self.branches.setdefault(policy.branch_id, {})[_slot(policy)] = policy

    def of(self, branch_id: str) -> list[RetentionPolicy]:
        return list({**self.company, **self.branches.get(branch_id, {})}.values())

    def view(self, branch_id: str) -> list[EffectivePolicy]:
        own = self.branches.get(branch_id, {})
        return [
            self._view(p, branch_id, "branch" if _slot(p) in own else self._source(p))
            for p in self.of(branch_id)
        ]

    def company_view(self) -> list[EffectivePolicy]:
        found = [self._view(p, ALL_BRANCHES, self._source(p)) for p in self.company.values()]
        for branch_id, policies in sorted(self.branches.items()):
            found += [self._view(p, branch_id, "branch") for p in policies.values()]
        return found

    @staticmethod
    def _source(policy: RetentionPolicy) -> PolicySource:
        return "default" if policy.changed_by == "seed" else "company"

    @staticmethod
    def _view(policy: RetentionPolicy, branch_id: str, source: PolicySource) -> EffectivePolicy:
        return EffectivePolicy(
            branch_id=branch_id,
            **policy.model_dump(include={"data_class", "counted_from", "days", "action"}),
            source=source,
            changed_by=policy.changed_by,
            changed_at=policy.changed_at,
        )


# The branch of a subject (an application or an employee record), None when there is no
# such subject: bootstrap wires recruiting's and people's lookups (they sit above privacy).
SubjectBranch = Callable[[str], str | None]


@dataclass(frozen=True)
class Retention:
    privacy: PrivacyRepository
    uow: UnitOfWorkFactory
    subject_branch: SubjectBranch
    branch_exists: Callable[[str], bool]

    # ------------------------------------------------------------------ policies
    def book(self) -> PolicyBook:
        return PolicyBook(self.privacy.all_policies())

    def policies(self, caller: Caller, branch_id: str | None = None) -> list[EffectivePolicy]:
        """HQ: the company's policies and every branch's overrides (or one branch's
        effective policies); branch HR: their own branch's effective policies."""
        require(caller, Capability.READ_RETENTION, "reading retention policies")
        book = self.book()
        if not caller.is_hq:
            return book.view(caller.branch_id)
        return book.view(branch_id) if branch_id else book.company_view()

    def set_policy(
        self,
        caller: Caller,
        branch_id: str,
        data_class: DataClass,
        counted_from: ClockEvent,
        change: PolicyChange,
    ) -> EffectivePolicy:
        require(caller, Capability.EDIT_RETENTION, "changing retention policies")
        if branch_id != ALL_BRANCHES and not self.branch_exists(branch_id):
            raise NotFound("branch not found", code="branch_not_found")
        recorded = data_class in (DataClass.AUDIT_ENTRIES, DataClass.SENT_MESSAGES)
        if recorded != (counted_from == ClockEvent.RECORDED):
            raise Invalid(
                "audit entries and sent messages are counted from their own time; "
                "everything else from an event",
                [
                    FieldError(
                        "counted_from", "does not fit the data class", "retention_clock_mismatch"
                    )
                ],
                code="retention_clock_mismatch",
            )
        if data_class == DataClass.AUDIT_ENTRIES and (
            change.days < MIN_AUDIT_DAYS or change.action != RetentionAction.DELETE
        ):
            minimum = {"days": MIN_AUDIT_DAYS}
            raise Invalid(
                f"audit entries are kept at least {MIN_AUDIT_DAYS} days",
                [
                    FieldError(
                        "days",
                        f"at least {MIN_AUDIT_DAYS}",
                        "audit_retention_below_minimum",
                        minimum,
                    )
                ],
                code="audit_retention_below_minimum",
                params=minimum,
            )
        before = self.privacy.policies.get(
            *RetentionPolicy.key(branch_id, data_class, counted_from)
        )
        policy = RetentionPolicy(
            branch_id=branch_id,
            data_class=data_class,
            counted_from=counted_from,
            days=change.days,
            action=change.action,
            changed_by=caller.username,
            changed_at=now(),
        )
        with self.uow() as uow:
            audited_write(
                uow,
                caller,
                "retention.policy",
                policy,
                entity_id=f"{branch_id}#{data_class}#{counted_from}",
                branch_id=branch_id if branch_id != ALL_BRANCHES else "hq",
                before=before,
            )
            uow.commit()
        scope = "branch" if branch_id != ALL_BRANCHES else "company"
        return PolicyBook._view(policy, branch_id, scope)

    def receipts(self, caller: Caller, limit: int = 50) -> list[SweepReceipt]:
        require(caller, Capability.EDIT_RETENTION, "reading the sweeps' receipts")
        pk, _ = SweepReceipt.key(now())
        return self.privacy.receipts.query(pk, limit=limit, newest_first=True).items

    # ------------------------------------------------------------------ clocks
    def start_clock(
        self,
        subject_id: str,
        subject_kind: SubjectKind,
        branch_id: str,
        event: ClockEvent,
        at: datetime,
    ) -> RetentionClock:
        """The subject's clock of ``event``, written once: a repeat (a second delivery, a
        second rejection) keeps the first time."""
        clock = RetentionClock(
            subject_id=subject_id,
            subject_kind=subject_kind,
            branch_id=branch_id,
            event=event,
            at=at,
        )
        try:
            return self.privacy.clocks.create(clock)
        except AlreadyExists:
            return self.privacy.clocks.get(*_clock_key(clock)) or clock

    # ------------------------------------------------------------------ legal holds
    def _subject(self, caller: Caller, subject_id: str) -> str:
        branch_id = self.subject_branch(subject_id)
        # Out of reach looks the same as missing, for a role that may not place holds too.
        if branch_id is None or not can(caller, Capability.LEGAL_HOLDS):
            raise NotFound("no such person", code="subject_not_found")
        require_branch(caller, branch_id, "person")
        return branch_id

    def hold_of(self, caller: Caller, subject_id: str) -> HoldView:
        self._subject(caller, subject_id)
        hold = self.privacy.hold(subject_id)
        return HoldView(subject_id=subject_id, held=bool(hold and hold.active), hold=hold)

    def place_hold(self, caller: Caller, subject_id: str, request: HoldRequest) -> HoldView:
        branch_id = self._subject(caller, subject_id)
        before = self.privacy.hold(subject_id)
        hold = LegalHold(
            subject_id=subject_id,
            branch_id=branch_id,
            reason=request.reason,
            placed_by=caller.username,
        )
        with self.uow() as uow:
            audited_write(
                uow,
                caller,
                "retention.hold",
                hold,
                entity_id=subject_id,
                branch_id=branch_id,
                before=before,
                subject_id=subject_id,
            )
            uow.commit()
        return HoldView(subject_id=subject_id, held=True, hold=hold)

    def release_hold(self, caller: Caller, subject_id: str) -> HoldView:
        """Release: the record stays, with who released it and when."""
        branch_id = self._subject(caller, subject_id)
        before = self.privacy.hold(subject_id)
        if before is None or not before.active:
            return HoldView(subject_id=subject_id, held=False, hold=before)
        released = before.model_copy(update={"released_by": caller.username, "released_at": now()})
        with self.uow() as uow:
            audited_write(
                uow,
                caller,
                "retention.hold_released",
                released,
                entity_id=subject_id,
                branch_id=branch_id,
                before=before,
                subject_id=subject_id,
            )
            uow.commit()
        return HoldView(subject_id=subject_id, held=False, hold=released)

    def held(self, subject_id: str) -> bool:
        """Is the subject under an active legal hold (part E's erasure asks here too)?"""
        hold = self.privacy.hold(subject_id)
        return bool(hold and hold.active)


def _clock_key(clock: RetentionClock) -> tuple[str, str]:
    keys = clock.item_keys()
    return keys.pk, keys.sk

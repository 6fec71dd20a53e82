"""The retention sweep (docs/privacy.md "Retention"): once a day, every clock whose period
has run out under the policy of its branch -> the holders erase, anonymise or archive
that class of the subject's data; audit entries (and whatever else is kept by its own
time) older than their period are deleted. A legal hold skips the subject.

Idempotent: each clock remembers what was done from it, and the receipt is keyed by the
schedule's time, so a repeated delivery of a run returns the same receipt and a later
run finds nothing left of what an earlier one did.

Retention is per subject (an application, an employee record), not per person: one
application's rejection does not erase the same person's other applications.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol, runtime_checkable

from hireflow.audit.model import AuditEntry
from hireflow.platform.ids import now
from hireflow.platform.model import OutboxRepository
from hireflow.platform.observability import logger
from hireflow.platform.store import Repository
from hireflow.privacy.model import (
    ALL_BRANCHES,
    MIN_AUDIT_DAYS,
    ClockEvent,
    ConsentLedger,
    DataClass,
    PrivacyRepository,
    Purpose,
    ReceiptLine,
    RetentionAction,
    RetentionClock,
    RetentionPolicy,
    SweepLine,
    SweepReceipt,
)
from hireflow.privacy.personal_data import PersonalDataHolder, PersonRef
from hireflow.privacy.retention import PolicyBook, Retention


@runtime_checkable
class ArchivingHolder(Protocol):
    """A holder that can close data to everyday reading and keep it (the employee record,
    onboarding documents): the ARCHIVE action."""

    name: str
    classes: dict[DataClass, str]

    def archive(self, person: PersonRef, classes: frozenset[DataClass]) -> list[ReceiptLine]: ...


class RecordedData(Protocol):
    """Data kept by its own time (counted from RECORDED): what is older than ``before`` in
    a branch is deleted; returns how many items went. A source that knows no branch
    (``per_branch`` False) is asked once per run, under the company's policy (``*``)."""

    name: str
    data_class: DataClass
    per_branch: bool

    def expire(self, branch_id: str, before: datetime) -> int: ...


# Months back from a cutoff the audit expiry looks for entries, stopping sooner after this
# many empty months in a row (the trail's partitions are per branch and month).
EMPTY_MONTHS_TO_STOP = 24


class AuditExpiry:
    """Audit entries older than their period: the only delete of the audit trail. An entry
    about a subject under a legal hold (its ``subject_id``, or its ``entity_id``) is kept:
    ``held`` is retention's hold check."""

    name = "audit.trail"
    data_class = DataClass.AUDIT_ENTRIES
    per_branch = True

    def __init__(self, held: Callable[[str], bool]) -> None:
        self._entries = Repository(AuditEntry)
        self._held = held

    def expire(self, branch_id: str, before: datetime) -> int:
        # Never younger than the minimum, by the real clock (a moved clock deletes nothing).
        before = min(before, now() - timedelta(days=MIN_AUDIT_DAYS))
        year, month, empty, deleted = before.year, before.month, 0, 0
        holds: dict[str, bool] = {}

        def held(entry: AuditEntry) -> bool:
            ids = [i for i in (entry.subject_id, entry.entity_id) if i]
            for subject_id in ids:
                if subject_id not in holds:
                    holds[subject_id] = self._held(subject_id)
            return any(holds[i] for i in ids)

        while empty < EMPTY_MONTHS_TO_STOP:
            partition = AuditEntry.branch_month(branch_id, f"{year:04d}-{month:02d}")
            found = list(self._entries.iterate(partition, sk_before=before.isoformat()))
            for entry in found:
                if held(entry):
                    continue
                keys = entry.item_keys()
                self._entries.delete(keys.pk, keys.sk)
                deleted += 1
            empty = 0 if found else empty + 1
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        return deleted


class OutboxExpiry:
    """Sent messages older than their period. The outbox deletes a letter or an event once
    it is delivered (``platform.outbox``; the delivered e-mail or text is the provider's),
    so what is left to expire is an entry that never went out - its deliverer failing ever
    since - with the address and the text in it. The outbox knows no branch: the company's
    policy (``*``) applies, and the receipt's line says why its count is small."""

    name = "platform.outbox"
    data_class = DataClass.SENT_MESSAGES
    per_branch = False
    reason_code = "sent_messages_deleted_on_delivery"

    def __init__(self, outbox: OutboxRepository) -> None:
        self._outbox = outbox

    def expire(self, branch_id: str, before: datetime) -> int:
        stale = list(self._outbox.filed_before(before))
        for entry in stale:
            self._outbox.remove(entry)
        return len(stale)


def _tag(policy: RetentionPolicy) -> str:
    return f"{policy.data_class}:{policy.action}"


@dataclass
class RetentionSweep:
    privacy: PrivacyRepository
    retention: Retention
    holders: Sequence[PersonalDataHolder]
    recorded: Sequence[RecordedData]
    branches: Callable[[], list[str]]
    ledger: ConsentLedger
    # Has the application ended (gone, or rejected / expired / an offer declined, expired or
    # withdrawn)? Bootstrap asks recruiting: a re-opened application keeps its data.
    still_ended: Callable[[str], bool]

    def run(self, run_for: datetime) -> SweepReceipt:
        existing = self.privacy.receipts.get(*SweepReceipt.key(run_for))
        if existing and existing.finished_at:
            return existing  # a repeated delivery of a finished run
        receipt = existing or SweepReceipt(run_for=run_for)
        book = self.retention.book()
        # A retried run adds to what the first attempt saved; holds are counted afresh (a
        # held clock is never marked done, so every attempt meets it again).
        lines: dict[tuple[str, DataClass, ClockEvent], SweepLine] = {
            (line.policy_branch, line.data_class, line.counted_from): line.model_copy(
                update={"held": 0}
            )
            for line in receipt.lines
        }

        def save() -> None:
            """The receipt as far as the run got: a timeout and a retry lose no count."""
            nonlocal receipt
            receipt = receipt.model_copy(update={"lines": list(lines.values())})
            self.privacy.receipts.put(receipt)

        def line(policy: RetentionPolicy) -> SweepLine:
            key = (policy.branch_id, policy.data_class, policy.counted_from)
            if key not in lines:
                lines[key] = SweepLine(
                    policy_branch=policy.branch_id,
                    data_class=policy.data_class,
                    counted_from=policy.counted_from,
                    days=policy.days,
                    action=policy.action,
                )
            return lines[key]

        branch_ids = self.branches()
        for event in ClockEvent:
            if event == ClockEvent.RECORDED:
                continue
            self._clocks(event, run_for, book, branch_ids, line, save)
        for branch_id in [*branch_ids, ALL_BRANCHES]:
            for policy in book.of(branch_id):
                if policy.counted_from != ClockEvent.RECORDED:
                    continue
                days = policy.days
                if policy.data_class == DataClass.AUDIT_ENTRIES:
                    days = max(days, MIN_AUDIT_DAYS)
                for source in self.recorded:
                    if source.data_class != policy.data_class:
                        continue
                    if source.per_branch == (branch_id == ALL_BRANCHES):
                        continue  # per-branch data once per branch; the rest once, under *
                    gone = source.expire(branch_id, run_for - timedelta(days=days))
                    line(policy).items += gone
                    note = getattr(source, "reason_code", None)
                    if note:
                        line(policy).reason_code = note
                    save()
        receipt = receipt.model_copy(update={"lines": list(lines.values()), "finished_at": now()})
        self.privacy.receipts.put(receipt)
        logger.info(
            "retention sweep",
            run_for=run_for.isoformat(),
            subjects=sum(x.subjects for x in receipt.lines),
            items=sum(x.items for x in receipt.lines),
            held=sum(x.held for x in receipt.lines),
        )
        return receipt

    def _clocks(
        self,
        event: ClockEvent,
        run_for: datetime,
        book: PolicyBook,
        branch_ids: list[str],
        line: Callable[[RetentionPolicy], SweepLine],
        save: Callable[[], None],
    ) -> None:
        periods = [
            p.days for b in [*branch_ids, "*"] for p in book.of(b) if p.counted_from == event
        ]
        if not periods:
            return
        cutoff = run_for - timedelta(days=min(periods))
        clocks = self.privacy.clocks.iterate(
            RetentionClock.of_event(event), index="gsi1", sk_before=f"{cutoff.isoformat()}~"
        )
        for clock in list(clocks):
            due = [
                p
                for p in book.of(clock.branch_id)
                if p.counted_from == event
                and clock.at + timedelta(days=p.days) <= run_for
                and _tag(p) not in clock.done
            ]
            if not due:
                continue
            if event == ClockEvent.WITHDRAWAL and self._given_again(clock):
                continue
            if (
                event == ClockEvent.REJECTION
                and clock.subject_kind == "candidate"
                and not self.still_ended(clock.subject_id)
            ):
                continue  # re-opened: the clock waits for the application to end again
            if self.retention.held(clock.subject_id):
                for policy in due:
                    line(policy).held += 1
                continue
            person = _person(clock)
            for policy in due:
                done = self.apply(person, policy.action, frozenset({policy.data_class}))
                line(policy).subjects += 1
                line(policy).items += sum(r.count for r in done if r.action != "kept")
            save()  # before the clock says done: a retry then finds the counts kept
            clock.done = [*clock.done, *(_tag(p) for p in due)]
            self.privacy.clocks.save(clock)

    def _given_again(self, clock: RetentionClock) -> bool:
        """A withdrawal clock whose consent to recording is given again now: the clock
        goes (a later withdrawal starts a new one) and nothing is deleted. Read again after
        the delete: a withdrawal in between puts the clock back."""
        if not self.ledger.given(clock.subject_id, Purpose.RECORDING):
            return False
        keys = clock.item_keys()
        self.privacy.clocks.delete(keys.pk, keys.sk)
        if self.ledger.given(clock.subject_id, Purpose.RECORDING):
            return True
        self.privacy.clocks.put(clock)
        return False

    def apply(
        self, person: PersonRef, action: RetentionAction, classes: frozenset[DataClass]
    ) -> list[ReceiptLine]:
        """Every holder of these classes does ``action`` to the person's data in them."""
        done: list[ReceiptLine] = []
        for holder in self.holders:
            if not classes & set(holder.classes):
                continue
            if action == RetentionAction.ARCHIVE:
                if isinstance(holder, ArchivingHolder):
                    done += holder.archive(person, classes)
                continue
            done += holder.erase(person, classes, anonymise=action == RetentionAction.ANONYMISE)
        return done


def _person(clock: RetentionClock) -> PersonRef:
    ids = [clock.subject_id]
    if clock.subject_kind == "employee":
        return PersonRef(employee_ids=ids, branch_ids=[clock.branch_id])
    return PersonRef(candidate_ids=ids, branch_ids=[clock.branch_id])

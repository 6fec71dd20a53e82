"""Privacy's own personal-data holders, for the contexts below it: the audit trail
(entries stay - append-only - with the person stripped from their snapshots), the sent
messages and events still waiting in the outbox, and the consent ledger (kept as the
proof of consent, reported as kept). Also ``PartitionData``: the holder of a context
whose data about a person is a set of items under the application's partition."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from hireflow.audit.model import AuditEntry, AuditRepository
from hireflow.platform.ids import now
from hireflow.platform.model import OutboxRepository
from hireflow.platform.store import (
    Repository,
    delete_keys,
    items_under,
    keys_under,
    remove_fields,
)
from hireflow.privacy.model import ConsentLedger, DataClass, ReceiptLine
from hireflow.privacy.personal_data import ExportBundle, PersonRef

ERASED = "(erased)"
# Snapshot fields that name or reach a person, whatever the entity: stripped from audit
# snapshots and sent messages on erasure (besides any value equal to an identifier).
PERSONAL_FIELDS = frozenset(
    {
        "name",
        "phone",
        "email",
        "search",
        "resume_ref",
        "candidate_name",
        "file_name",
        "text",
        "comment",
        "feedback",
        "message",
        "answer",
        "note",
        "status_reason",
        "invitation_message",
        "alternative_reason",
        "disagreement_reason",
        "address",
        "id_number",
        "bank_account",
    }
)


def scrub(value: Any, identifiers: list[str]) -> tuple[Any, bool]:
    """The value with personal fields and the person's identifiers replaced; and whether
    anything changed."""
    if isinstance(value, dict):
        changed, out = False, {}
        for key, item in value.items():
            if key in PERSONAL_FIELDS and item not in (None, "", [], {}):
                out[key], changed = ERASED, True
            else:
                out[key], moved = scrub(item, identifiers)
                changed = changed or moved
        return out, changed
    if isinstance(value, list):
        pairs = [scrub(item, identifiers) for item in value]
        return [p[0] for p in pairs], any(p[1] for p in pairs)
    if isinstance(value, str):
        text = value
        for word in identifiers:
            if word and word in text:
                text = text.replace(word, ERASED)
        return text, text != value
    return value, False


def _months(since: datetime) -> list[str]:
    month, until, out = since.replace(day=1), now(), []
    while month <= until:
        out.append(month.strftime("%Y-%m"))
        month = month.replace(year=month.year + month.month // 12, month=month.month % 12 + 1)
    return out


@dataclass(frozen=True)
class AuditTrailData:
    """Entries about the person: through gsi2 (``subject_id``), and - for entries written
    before entries named their subject - by the application id in ``entity_id``, in the
    month partitions of each branch involved since ``since(candidate id)`` (the
    application's creation; bootstrap gives it). Entries about the person's records
    under another id (e.g. an offer's id) written before ``subject_id`` existed are not
    reached by the second path (docs/privacy.md)."""

    audit: AuditRepository
    since: Callable[[str], datetime | None] = lambda _: None

    name: ClassVar[str] = "audit.trail"
    classes: ClassVar[dict[DataClass, str]] = {
        DataClass.AUDIT_ENTRIES: "table: audit entries about the person (kept, append-only; "
        "the person stripped from the before/after snapshots)",
    }

    def expand(self, person: PersonRef) -> PersonRef:
        return person

    def entries(self, person: PersonRef) -> Iterator[AuditEntry]:
        seen: set[str] = set()
        for subject in [*person.candidate_ids, *person.employee_ids]:
            cursor: str | None = None
            while True:
                page = self.audit.about(subject, cursor, 100)
                for entry in page.items:
                    if entry.id not in seen:
                        seen.add(entry.id)
                        yield entry
                if not page.cursor:
                    break
                cursor = page.cursor
        from hireflow.platform.store import field as data_field

        ids = [*person.candidate_ids, *person.employee_ids]
        for candidate_id in person.candidate_ids:
            since = self.since(candidate_id)
            if since is None:
                continue
            for branch in person.branch_ids:
                for month in _months(since):
                    cursor = None
                    while True:
                        page = self.audit.of_branch(
                            branch, month, cursor, 100, data_field("entity_id").is_in(*ids)
                        )
                        for entry in page.items:
                            if entry.id not in seen:
                                seen.add(entry.id)
                                yield entry
                        if not page.cursor:
                            break
                        cursor = page.cursor

    def export(self, person: PersonRef, bundle: ExportBundle) -> None:
        bundle.add_json(
            f"{self.name}/entries.json",
            [
                e.model_dump(mode="json", include={"at", "actor", "action", "entity", "entity_id"})
                for e in self.entries(person)
            ],
        )

    def erase(
        self, person: PersonRef, classes: frozenset[DataClass], *, anonymise: bool
    ) -> list[ReceiptLine]:
        if DataClass.AUDIT_ENTRIES not in classes:
            return []
        repository = Repository(AuditEntry)
        changed = 0
        for entry in list(self.entries(person)):
            before, moved_before = scrub(entry.before, person.identifiers)
            after, moved_after = scrub(entry.after, person.identifiers)
            if moved_before or moved_after:
                # A correction of the entry's snapshots, not a new fact: written over the
                # entry (same keys), the only write the trail allows besides retention.
                repository.put(entry.model_copy(update={"before": before, "after": after}))
                changed += 1
        return [
            ReceiptLine(
                data_class=DataClass.AUDIT_ENTRIES,
                holder=self.name,
                where=self.classes[DataClass.AUDIT_ENTRIES],
                action="anonymised",
                count=changed,
                reason_code="audit_trail_kept",
            )
        ]


@dataclass(frozen=True)
class SentMessagesData:
    """Letters and events filed for the person's applications and not yet delivered
    (the outbox keeps an entry until it is delivered, then deletes it: a delivered
    letter is kept by the mail provider, not here)."""

    outbox: OutboxRepository

    name: ClassVar[str] = "platform.outbox"
    classes: ClassVar[dict[DataClass, str]] = {
        DataClass.SENT_MESSAGES: "table: letters and events waiting in the outbox",
    }

    def expand(self, person: PersonRef) -> PersonRef:
        return person

    def export(self, person: PersonRef, bundle: ExportBundle) -> None:
        letters = [
            e.model_dump(mode="json", include={"kind", "filed_at", "payload"})
            for c in person.candidate_ids
            for e in self.outbox.pending(c)
        ]
        bundle.add_json(f"{self.name}/pending.json", letters)

    def erase(
        self, person: PersonRef, classes: frozenset[DataClass], *, anonymise: bool
    ) -> list[ReceiptLine]:
        if DataClass.SENT_MESSAGES not in classes:
            return []
        count = 0
        for candidate_id in person.candidate_ids:
            for entry in self.outbox.pending(candidate_id):
                self.outbox.remove(entry)
                count += 1
        return [
            ReceiptLine(
                data_class=DataClass.SENT_MESSAGES,
                holder=self.name,
                where=self.classes[DataClass.SENT_MESSAGES],
                action="deleted",
                count=count,
            )
        ]


@dataclass(frozen=True)
class ConsentLedgerData:
    """The consent ledger is kept: it is the proof that each processing had consent
    (GDPR art. 7(1), PIPL art. 14); its lines carry no contact details."""

    ledger: ConsentLedger

    name: ClassVar[str] = "privacy.consent_ledger"
    classes: dict[DataClass, str] = field(default_factory=dict)
    where = "table: the consent ledger (the text shown, the notice version, when)"

    def expand(self, person: PersonRef) -> PersonRef:
        return person

    def export(self, person: PersonRef, bundle: ExportBundle) -> None:
        bundle.add_json(
            f"{self.name}/consents.json",
            [
                e.model_dump(mode="json", exclude={"revision"})
                for c in person.candidate_ids
                for e in self.ledger.entries(c)
            ],
        )

    def erase(
        self, person: PersonRef, classes: frozenset[DataClass], *, anonymise: bool
    ) -> list[ReceiptLine]:
        lines = sum(len(self.ledger.entries(c)) for c in person.candidate_ids)
        return [
            ReceiptLine(
                data_class=DataClass.APPLICATION,
                holder=self.name,
                where=self.where,
                action="kept",
                count=lines,
                reason_code="consent_proof_kept",
            )
        ]


@dataclass(frozen=True)
class PartitionData:
    """A context's data about a person kept as items under each application's partition,
    by sort-key prefix and data class (reviews, talent). Anonymising removes the
    ``free_text`` fields and keeps the rest (the numbers statistics need)."""

    name: str
    partition: Callable[[str], str]
    prefixes: dict[DataClass, tuple[str, ...]]
    where: dict[DataClass, str]
    free_text: tuple[str, ...] = ()

    @property
    def classes(self) -> dict[DataClass, str]:  # type: ignore[override]
        return self.where

    def expand(self, person: PersonRef) -> PersonRef:
        return person

    def _keys(self, candidate_id: str, data_class: DataClass) -> list[tuple[str, str]]:
        pk = self.partition(candidate_id)
        return [k for p in self.prefixes.get(data_class, ()) for k in keys_under(pk, p)]

    def export(self, person: PersonRef, bundle: ExportBundle) -> None:
        for candidate_id in person.candidate_ids:
            pk = self.partition(candidate_id)
            items = [
                data
                for prefixes in self.prefixes.values()
                for p in prefixes
                for _, _, data in items_under(pk, p)
            ]
            bundle.add_json(f"{self.name}/{candidate_id}.json", items)

    def erase(
        self, person: PersonRef, classes: frozenset[DataClass], *, anonymise: bool
    ) -> list[ReceiptLine]:
        lines: list[ReceiptLine] = []
        for data_class in self.prefixes:
            if data_class not in classes:
                continue
            keys = [k for c in person.candidate_ids for k in self._keys(c, data_class)]
            if anonymise and self.free_text:
                count, action = remove_fields(keys, list(self.free_text)), "anonymised"
            else:
                count, action = delete_keys(keys), "deleted"
            lines.append(
                ReceiptLine(
                    data_class=data_class,
                    holder=self.name,
                    where=self.where[data_class],
                    action=action,  # type: ignore[arg-type]
                    count=count,
                )
            )
        return lines

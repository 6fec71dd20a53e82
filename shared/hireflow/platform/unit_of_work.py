"""The unit of work: one business change, read top to bottom.

    with uow_factory() as uow:
        uow.save(candidate)                        # writes, collected
        record_audit(uow, caller, "candidate.update", ...)
        uow.publish(CandidateRejected.of(candidate))  # filed in the outbox
        uow.commit()                               # one transaction, then delivery

Writes are collected and committed in one DynamoDB transaction, together with the
outbox entries of the events and messages the change causes. After the commit the
entries are delivered (and deleted); a delivery that fails is retried by the next
``Outbox.drain`` of the same entity, so a side effect happens once per change, not once
per attempt. Leaving the block without ``commit()`` writes nothing.

Conflicts come back translated: a taken key as ``Conflict`` (409, or the message given),
a stale revision as ``ChangedMeanwhile`` (409 for a person; the workflow retries it).
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any

from hireflow.platform.errors import ChangedMeanwhile, Conflict
from hireflow.platform.events import DomainEvent
from hireflow.platform.ids import now
from hireflow.platform.model import CLAIM, OutboxEntry
from hireflow.platform.outbox import Outbox
from hireflow.platform.store import AlreadyExists, RevisionConflict, Stored, Transaction


class UnitOfWork:
    def __init__(self, outbox: Outbox) -> None:
        self.outbox = outbox
        self._transaction = Transaction()
        self._filed: list[OutboxEntry] = []

    def __enter__(self) -> UnitOfWork:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        # Nothing to roll back: nothing was written before commit().
        self._transaction = Transaction()
        self._filed = []

    # -------------------------------------------------------------- writes
    def create(self, item: Stored) -> None:
        """A new item; the commit fails with a Conflict if its key is taken."""
        self._transaction.create(item)

    def save(self, item: Stored) -> None:
        """An item changed since it was read at ``item.revision``."""
        self._transaction.save(item)

    def put(self, item: Stored) -> None:
        """An item written whatever is there (append-only records, markers)."""
        self._transaction.put(item)

    def delete(self, item: Stored) -> None:
        keys = item.item_keys()
        self._transaction.delete(keys.pk, keys.sk)

    def delete_key(self, key: tuple[str, str]) -> None:
        """Delete by an entity's key (``Entity.key(...)``), when only the key is known."""
        self._transaction.delete(*key)

    def increment(self, pk: str, sk: str, by: float) -> None:
        self._transaction.increment(pk, sk, by)

    # -------------------------------------------------------------- side effects
    def publish(self, event: DomainEvent) -> None:
        self.file(
            event.subject_id,
            f"event#{event.event_id}",
            "event",
            {"detail_type": event.detail_type, "detail": event.detail()},
        )

    def file(self, subject_id: str, effect_id: str, kind: str, payload: dict[str, Any]) -> None:
        """A side effect of kind ``kind`` (a deliverer bootstrap wires), delivered after
        the commit in the order filed. ``effect_id`` names it: the same change filed again
        is the same effect."""
        entry = OutboxEntry(
            subject_id=subject_id,
            id=f"{len(self._filed):03d}#{effect_id}",  # sorts in filing order
            kind=kind,
            payload=payload,
        )
        self._filed.append(entry)

    # -------------------------------------------------------------- commit
    def commit(self, *, on_duplicate: str | None = None, deliver: bool = True) -> None:
        """Write everything at once. ``deliver=False`` leaves the filed side effects to the
        next ``Outbox.drain`` of their entity (a workflow task drains after its work)."""
        # Filed claimed when this unit of work delivers them, so no drain sends them too.
        claim = now() + CLAIM if deliver else None
        filed = [entry.model_copy(update={"claimed_until": claim}) for entry in self._filed]
        for entry in filed:
            self._transaction.put(entry)
        try:
            self._transaction.commit()
        except AlreadyExists as exc:
            raise Conflict(on_duplicate or "it already exists", code="already_exists") from exc
        except RevisionConflict as exc:
            raise ChangedMeanwhile(
                "it was changed by someone else meanwhile; reload and try again",
                code="changed_meanwhile",
            ) from exc
        self._transaction, self._filed = Transaction(), []
        if deliver:
            self.outbox.deliver(filed)


UnitOfWorkFactory = Callable[[], UnitOfWork]


def check_revision(current: Stored, expected: int | None, what: str) -> None:
    """Optimistic locking for edits: the client sends the revision it edited."""
    if expected is not None and expected != current.revision:
        raise Conflict(
            f"{what} was changed by someone else (now revision {current.revision}, "
            f"you edited {expected}); reload and try again",
            code="edited_meanwhile",
            params={"revision": current.revision, "edited": expected},
        )

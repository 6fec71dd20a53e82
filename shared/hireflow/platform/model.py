"""What the platform keeps in the table: the outbox.

Access patterns:
- an entity's undelivered side effects: Query pk=OUTBOX#<entity id>
- every undelivered side effect (the scheduled sweep): Query gsi2pk=OUTBOX_PENDING#<shard>
  for each shard
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from pydantic import Field

from hireflow.platform.ids import now
from hireflow.platform.store import ItemKeys, Repository, RevisionConflict, Stored

# How long a deliverer holds an entry before another may take it over (a crashed one).
CLAIM = timedelta(seconds=60)
# The sweep's index partitions: entries are written and deleted at the pace of the whole
# product's changes, so they are spread rather than all written to one index partition.
SWEEP_SHARDS = 4


def _sweep_partition(subject_id: str) -> str:
    shard = hashlib.sha256(subject_id.encode()).digest()[0] % SWEEP_SHARDS
    return f"OUTBOX_PENDING#{shard}"


class OutboxEntry(Stored):
    """A side effect of a committed change (an event to publish, a message to send),
    written in the change's transaction and deleted once delivered."""

    KIND = "outbox"

    subject_id: str
    # Unique per side effect: the same change filed again writes the same item.
    id: str
    kind: str
    payload: dict[str, Any]
    filed_at: datetime = Field(default_factory=now)
    # Set while a process delivers it, so that two processes do not both deliver it.
    claimed_until: datetime | None = None

    def claimed(self) -> bool:
        return self.claimed_until is not None and self.claimed_until > now()

    @staticmethod
    def partition(subject_id: str) -> str:
        return f"OUTBOX#{subject_id}"

    def item_keys(self) -> ItemKeys:
        swept = (_sweep_partition(self.subject_id), f"{self.filed_at.isoformat()}#{self.id}")
        return ItemKeys(pk=self.partition(self.subject_id), sk=self.id, gsi2=swept)


class OutboxRepository:
    def __init__(self) -> None:
        self._entries = Repository(OutboxEntry)

    def pending(self, subject_id: str) -> list[OutboxEntry]:
        return list(self._entries.iterate(OutboxEntry.partition(subject_id)))

    def everything_pending(self) -> Iterator[OutboxEntry]:
        """Every entry not yet delivered, oldest first within each shard."""
        for shard in range(SWEEP_SHARDS):
            yield from self._entries.iterate(f"OUTBOX_PENDING#{shard}", index="gsi2")

    def filed_before(self, before: datetime) -> Iterator[OutboxEntry]:
        """Every entry still kept that was filed before ``before`` (not delivered since)."""
        for shard in range(SWEEP_SHARDS):
            yield from self._entries.iterate(
                f"OUTBOX_PENDING#{shard}", index="gsi2", sk_before=before.isoformat()
            )

    def claim(self, entry: OutboxEntry) -> OutboxEntry | None:
        """Take the entry for delivery; None when another process holds it."""
        if entry.claimed():
            return None
        try:
            return self._entries.save(entry.model_copy(update={"claimed_until": now() + CLAIM}))
        except RevisionConflict:
            return None

    def release(self, entry: OutboxEntry) -> None:
        """Give a claimed entry back (its delivery failed): the next drain retries it."""
        with contextlib.suppress(RevisionConflict):  # taken over meanwhile
            self._entries.save(entry.model_copy(update={"claimed_until": None}))

    def remove(self, entry: OutboxEntry) -> None:
        keys = entry.item_keys()
        self._entries.delete(keys.pk, keys.sk)

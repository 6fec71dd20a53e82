"""What the platform keeps in the table: the outbox.

Access patterns:
- an entity's undelivered side effects: Query pk=OUTBOX#<entity id>
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from hireflow.platform.ids import now
from hireflow.platform.store import ItemKeys, Repository, Stored


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

    @staticmethod
    def partition(subject_id: str) -> str:
        return f"OUTBOX#{subject_id}"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(pk=self.partition(self.subject_id), sk=self.id)


class OutboxRepository:
    def __init__(self) -> None:
        self._entries = Repository(OutboxEntry)

    def pending(self, subject_id: str) -> list[OutboxEntry]:
        return list(self._entries.iterate(OutboxEntry.partition(subject_id)))

    def remove(self, entry: OutboxEntry) -> None:
        keys = entry.item_keys()
        self._entries.delete(keys.pk, keys.sk)

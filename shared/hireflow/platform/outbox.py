"""Delivering the side effects a unit of work filed: each entry goes to the deliverer of
its kind (bootstrap wires "event" to EventBridge and "message" to the notifier), and is
deleted once delivered.

A delivery that fails leaves the entry in place; the next ``drain`` of the same entity
(a retried workflow step, the next change to it) delivers it. An entry is deleted only
after its delivery, so a crash in between delivers it again: subscribers drop repeated
events by ``event_id``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from hireflow.platform.model import OutboxEntry, OutboxRepository
from hireflow.platform.observability import logger

Deliver = Callable[[dict[str, Any]], None]


@dataclass(frozen=True)
class Outbox:
    entries: OutboxRepository
    deliverers: Mapping[str, Deliver]

    def deliver(self, entries: Iterable[OutboxEntry]) -> int:
        delivered = 0
        for entry in entries:
            self.deliverers[entry.kind](entry.payload)
            self.entries.remove(entry)
            delivered += 1
        return delivered

    def drain(self, subject_id: str) -> int:
        """Deliver whatever is still pending for the entity (after a failed delivery)."""
        delivered = self.deliver(self.entries.pending(subject_id))
        if delivered:
            logger.info("outbox drained", subject_id=subject_id, delivered=delivered)
        return delivered

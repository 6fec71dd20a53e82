"""Delivering the side effects a unit of work filed: each entry goes to the deliverer of
its kind (bootstrap wires "event" to EventBridge and "message" to the notifier), and is
deleted once delivered.

A delivery that fails gives the entry back; the next ``drain`` of the same entity (a
retried workflow step, the next S3 event for it) delivers it, and the scheduled ``sweep``
(every 5 minutes) drains every entity that still has entries, so a side effect of a
request that is never retried (a letter after an HR decision, SES down just then) goes
out too. An entry is claimed while
one process delivers it (the committing unit of work files its entries claimed), so
concurrent drains do not send it twice; a claim runs out after a minute, so the entry of
a process that crashed mid-delivery goes out with a later drain. It is deleted only after
delivery: a crash between the two sends it again, and subscribers drop repeated events
by ``event_id``.
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

    def deliver(self, claimed: Iterable[OutboxEntry]) -> int:
        """Deliver entries this process holds, in order; a failure gives back the rest.
        An entry delivered but not removed (the table failed just then) does not stop the
        others; its removal is tried once more at the end, and until it succeeds the
        entry stays claimed, so no drain of the next minute sends it again."""
        pending = list(claimed)
        not_removed: list[OutboxEntry] = []
        for done, entry in enumerate(pending):
            try:
                self.deliverers[entry.kind](entry.payload)
            except Exception:
                for undelivered in pending[done:]:
                    self.entries.release(undelivered)
                self._remove(not_removed)
                raise
            try:
                self.entries.remove(entry)
            except Exception:
                not_removed.append(entry)
        self._remove(not_removed)
        return len(pending)

    def _remove(self, delivered: list[OutboxEntry]) -> None:
        for entry in delivered:
            self.entries.remove(entry)

    def sweep(self) -> tuple[int, int]:
        """Drain every entity with undelivered entries: (entries delivered, entities whose
        delivery failed again - left for the next sweep)."""
        delivered = failed = 0
        for subject_id in dict.fromkeys(e.subject_id for e in self.entries.everything_pending()):
            try:
                delivered += self.drain(subject_id)
            except Exception:  # this entity's deliverer is still failing: try the others
                failed += 1
                logger.exception("outbox sweep: delivery failed", subject_id=subject_id)
        return delivered, failed

    def drain(self, subject_id: str) -> int:
        """Deliver whatever is still pending for the entity (after a failed delivery)."""
        claimed = [self.entries.claim(entry) for entry in self.entries.pending(subject_id)]
        delivered = self.deliver(entry for entry in claimed if entry is not None)
        if delivered:
            logger.info("outbox drained", subject_id=subject_id, delivered=delivered)
        return delivered

"""Privacy's domain events (docs/events.md)."""

from __future__ import annotations

from hireflow.platform.events import DomainEvent
from hireflow.privacy.model import ConsentEntry


class ConsentChanged(DomainEvent):
    """A person gave, refused or withdrew a consent (one ledger line): the contexts that
    process for that purpose react (a withdrawn recording consent deletes the
    recordings; a withdrawn AI consent drops the AI's weight; retention clocks start)."""

    detail_type = "consent.changed"
    entry_id: str
    candidate_id: str
    branch_id: str
    purpose: str
    given: bool

    @property
    def subject_id(self) -> str:
        return self.candidate_id

    def identity(self) -> str:
        return f"{self.candidate_id}:{self.detail_type}:{self.entry_id}"

    @classmethod
    def of(cls, entry: ConsentEntry) -> ConsentChanged:
        return cls(
            entry_id=entry.id,
            candidate_id=entry.subject_id,
            branch_id=entry.branch_id,
            purpose=str(entry.purpose),
            given=entry.given,
        )


class DataRequestReceived(DomainEvent):
    """A person asked for their data (export) or its erasure, through HR or the portal:
    PrivacyEventsFunction carries it out (``privacy.requests.DataRequests.run``). Names no
    person: the request id, its kind and branch."""

    detail_type = "data_request.received"
    request_id: str
    kind: str
    branch_id: str

    @property
    def subject_id(self) -> str:
        return self.request_id

    def identity(self) -> str:
        return f"{self.request_id}:{self.detail_type}"

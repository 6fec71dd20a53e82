"""Candidates: a person applying to one position in one branch, with the state of that
application, the people assigned to it, and its timeline.

Access patterns:
- get a candidate: GetItem pk=CANDIDATE#<id>, sk=CANDIDATE
- a branch's candidates, newest first: Query gsi1 gsi1pk=BRANCH#<id>#CANDIDATES
- every branch's candidates (HQ), newest first: Query gsi2 gsi2pk=CANDIDATES
  (status, position and text are filters on those queries)
- the candidates assigned to an interviewer / hiring manager: Query pk=USER#<sub>#ASSIGNED,
  then BatchGet the candidates
- is this phone / e-mail taken: GetItem pk=UNIQUE#phone#<e164> / UNIQUE#email#<address>
- a candidate's timeline: Query pk=CANDIDATE#<id>, sk begins_with TIMELINE#
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import Field, computed_field

from hireflow.platform.ids import new_id, now
from hireflow.platform.store import ItemKeys, Repository, Stored, Transaction
from hireflow.recruiting import dashboard


class CandidateStatus(StrEnum):
    IMPORTED = "imported"
    INVITED = "invited"
    COMPLETED = "completed"
    IN_REVIEW = "in_review"
    SECOND_ROUND = "second_round"
    OFFER_PENDING = "offer_pending"
    REJECTED = "rejected"
    EXPIRED = "expired"
    NEEDS_ATTENTION = "needs_attention"


class Candidate(Stored):
    KIND = "candidate"

    id: str = Field(default_factory=new_id)
    name: str
    phone: str
    email: str
    branch_id: str
    position_id: str
    resume_ref: str | None = None
    locale: Literal["zh", "en"] = "zh"
    source: Literal["manual", "import"] = "manual"
    status: CandidateStatus = CandidateStatus.IMPORTED
    status_reason: str | None = None
    status_since: datetime = Field(default_factory=now)
    # Interview rounds so far (1 after the first invitation, 2 after a second round...).
    round: int = 0
    invitations: int = 0
    # Lifecycle executions started by HR (names them: <candidate id>-<n>).
    invitations_started: int = 0
    interviewer_id: str | None = None
    hiring_manager_id: str | None = None
    execution_arn: str | None = None
    created_at: datetime = Field(default_factory=now)
    updated_at: datetime = Field(default_factory=now)
    created_by: str | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def search(self) -> str:
        """Lower-cased name, e-mail and phone digits: what the text filter matches."""
        return " ".join([self.name.lower(), self.email.lower(), self.phone.lstrip("+")])

    @property
    def assignees(self) -> list[str]:
        return [u for u in (self.interviewer_id, self.hiring_manager_id) if u]

    def item_keys(self) -> ItemKeys:
        sort = f"{self.created_at.isoformat()}#{self.id}"
        return ItemKeys(
            pk=f"CANDIDATE#{self.id}",
            sk="CANDIDATE",
            gsi1=(f"BRANCH#{self.branch_id}#CANDIDATES", sort),
            gsi2=("CANDIDATES", sort),
        )


class UniqueValue(Stored):
    """Guards one phone number or e-mail address: created in the same transaction as the
    candidate, so two imports of the same person cannot both succeed."""

    KIND = "unique_value"

    field: Literal["phone", "email"]
    value: str
    candidate_id: str

    def item_keys(self) -> ItemKeys:
        return ItemKeys(pk=f"UNIQUE#{self.field}#{self.value}", sk="UNIQUE")


class Assignment(Stored):
    """An interviewer or hiring manager assigned to a candidate (adjacency item)."""

    KIND = "assignment"

    user_id: str
    candidate_id: str
    branch_id: str
    role: Literal["interviewer", "hiring_manager"]

    def item_keys(self) -> ItemKeys:
        return ItemKeys(pk=f"USER#{self.user_id}#ASSIGNED", sk=f"CANDIDATE#{self.candidate_id}")


class TimelineEntry(Stored):
    KIND = "timeline_entry"

    candidate_id: str
    status: CandidateStatus
    at: datetime = Field(default_factory=now)
    actor: str
    note: str | None = None

    def item_keys(self) -> ItemKeys:
        return ItemKeys(
            pk=f"CANDIDATE#{self.candidate_id}",
            sk=f"TIMELINE#{self.at.isoformat()}#{self.status.value}",
        )


def candidate_key(candidate_id: str) -> tuple[str, str]:
    return f"CANDIDATE#{candidate_id}", "CANDIDATE"


class CandidateRepository:
    def __init__(self) -> None:
        self.candidates = Repository(Candidate)
        self.unique = Repository(UniqueValue)
        self.assignments = Repository(Assignment)
        self.timeline = Repository(TimelineEntry)

    def get(self, candidate_id: str) -> Candidate | None:
        return self.candidates.get(*candidate_key(candidate_id))

    def owner_of(self, field: Literal["phone", "email"], value: str) -> str | None:
        guard = self.unique.get(f"UNIQUE#{field}#{value}", "UNIQUE")
        return guard.candidate_id if guard else None

    def history(self, candidate_id: str) -> list[TimelineEntry]:
        return list(self.timeline.iterate(f"CANDIDATE#{candidate_id}", "TIMELINE#"))

    def assigned_to(self, user_id: str) -> list[Candidate]:
        ids = [a.candidate_id for a in self.assignments.iterate(f"USER#{user_id}#ASSIGNED")]
        return self.candidates.batch_get([candidate_key(i) for i in ids])

    def move(
        self,
        candidate: Candidate,
        status: CandidateStatus,
        *,
        actor: str,
        reason: str | None = None,
        changes: dict[str, object] | None = None,
        with_it: Callable[[Transaction], None] | None = None,
    ) -> Candidate:
        """Change status and record it on the timeline and the dashboard, together;
        repeating the same move changes nothing (a retried task or a duplicate event)."""
        if candidate.status == status and candidate.status_reason == reason and not changes:
            return candidate
        at = now()
        moved = candidate.model_copy(
            update={
                **(changes or {}),
                "status": status,
                "status_reason": reason,
                "status_since": at if status != candidate.status else candidate.status_since,
                "updated_at": at,
            }
        )
        transaction = Transaction()
        transaction.save(moved)
        if status != candidate.status:
            transaction.put(
                TimelineEntry(
                    candidate_id=candidate.id, status=status, actor=actor, note=reason, at=at
                )
            )
            dashboard.count_move(transaction, candidate, moved)
        if with_it:
            with_it(transaction)
        transaction.commit()
        return moved.model_copy(update={"revision": moved.revision + 1})

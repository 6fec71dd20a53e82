"""Recruiting's domain events, and the base of every event about a candidate's
application (the detail every subscriber can rely on: see docs/events.md)."""

from __future__ import annotations

from typing import Any, ClassVar, Self

from hireflow.platform.events import DomainEvent
from hireflow.recruiting.model import Candidate


class CandidateEvent(DomainEvent):
    """A fact about one candidate's application in one round."""

    candidate_id: str
    branch_id: str
    position_id: str
    status: str
    round: int

    # A fact that can happen several times in a round names what tells them apart.
    distinct_by: ClassVar[tuple[str, ...]] = ()

    @property
    def subject_id(self) -> str:
        return self.candidate_id

    def identity(self) -> str:
        parts = [self.candidate_id, self.detail_type, str(self.round)]
        parts += [str(getattr(self, name)) for name in self.distinct_by]
        return ":".join(parts)

    @classmethod
    def of(cls, candidate: Candidate, **facts: Any) -> Self:
        return cls(
            candidate_id=candidate.id,
            branch_id=candidate.branch_id,
            position_id=candidate.position_id,
            status=candidate.status.value,
            round=candidate.round,
            **facts,
        )


class CandidateNeedsAttention(CandidateEvent):
    """A lifecycle step failed, or a recording could not be used (``reason``)."""

    detail_type = "candidate.needs_attention"
    reason: str


class ResumeParsed(CandidateEvent):
    """A résumé was read (``resume_status``: parsed, unreadable or refused); ``upload_id``
    tells two résumés of one application apart."""

    detail_type = "resume.parsed"
    upload_id: str
    resume_status: str
    method: str | None = None
    pages: int = 0
    distinct_by = ("upload_id",)


class PositionOpened(DomainEvent):
    """A position was created open or opened again (``opening``: counts its openings, so
    each is its own fact); the talent pool is matched to it."""

    detail_type = "position.opened"
    position_id: str
    branch_id: str
    opening: int

    @property
    def subject_id(self) -> str:
        return self.position_id

    def identity(self) -> str:
        return f"{self.position_id}:{self.detail_type}:{self.opening}"

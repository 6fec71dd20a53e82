"""Reviews: reviewers' scorecards, and the candidates whose report waits for a decision.

Access patterns:
- a candidate's scorecards of a round: Query pk=CANDIDATE#<id>, sk begins_with REVIEW#<round>#
- reviews waiting for a decision (reminders): Query pk=REVIEWS_PENDING, sk=<candidate id>
"""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from hireflow.platform.ids import now
from hireflow.platform.store import ItemKeys, Repository, RevisionConflict, Stored


class Scorecard(Stored):
    """One reviewer's scores (0-100 per dimension) of one round: a resend replaces it."""

    KIND = "scorecard"

    candidate_id: str
    round: int
    reviewer_id: str
    reviewer: str
    role: str
    scores: dict[str, int]
    comment: str = ""
    at: datetime = Field(default_factory=now)

    @staticmethod
    def partition(candidate_id: str) -> str:
        return f"CANDIDATE#{candidate_id}"

    @staticmethod
    def of_round(round_: int) -> str:
        return f"REVIEW#{round_:02d}#"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(
            pk=self.partition(self.candidate_id),
            sk=f"{self.of_round(self.round)}{self.reviewer_id}",
        )


PENDING = "REVIEWS_PENDING"


class PendingReview(Stored):
    """A candidate whose report waits for the reviewers' decision."""

    KIND = "pending_review"

    candidate_id: str
    branch_id: str
    since: datetime
    reviewer_ids: list[str]
    reminded_at: datetime | None = None

    @staticmethod
    def key(candidate_id: str) -> tuple[str, str]:
        return PENDING, candidate_id

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.candidate_id))


class ReviewRepository:
    def __init__(self) -> None:
        self._scorecards = Repository(Scorecard)
        self._pending = Repository(PendingReview)

    def scorecards(self, candidate_id: str, round_: int) -> list[Scorecard]:
        return list(
            self._scorecards.iterate(Scorecard.partition(candidate_id), Scorecard.of_round(round_))
        )

    def pending_since_before(self, cutoff: datetime) -> list[PendingReview]:
        # A scheduled sweep over the (small) set of open reviews, not a request path.
        return [p for p in self._pending.iterate(PENDING) if p.since <= cutoff]

    def mark_reminded(self, pending: PendingReview, at: datetime) -> bool:
        """False when another run marked it first."""
        try:
            self._pending.save(pending.model_copy(update={"reminded_at": at}))
        except RevisionConflict:
            return False
        return True

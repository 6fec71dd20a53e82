"""Reviews: reviewers' scorecards, each round's decision (with the reason given where AI
and reviewers disagreed), and the candidates whose report waits for a decision.

Access patterns:
- a candidate's scorecards of a round: Query pk=CANDIDATE#<id>, sk begins_with REVIEW#<round>#
- a candidate's scorecards of every round: Query pk=CANDIDATE#<id>, sk begins_with REVIEW#
- a candidate's decisions, one per round: Query pk=CANDIDATE#<id>, sk begins_with DECISION#
- reviews waiting for a decision (reminders): Query pk=REVIEWS_PENDING, sk=<candidate id>
- every decision (the analytics job): Query gsi2 gsi2pk=DECISIONS
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

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


ALL_ROUNDS = "REVIEW#"


class Gap(BaseModel):
    """A dimension where the AI and the reviewers' mean differed by more than the
    threshold when the decision was made."""

    key: str
    name: str
    ai: float
    human: float


class RoundDecision(Stored):
    """Who decided a round, how, and why: kept with the decision, shown with the round.
    ``disagreement`` is what the decider saw; ``disagreement_reason`` is required then."""

    KIND = "round_decision"

    candidate_id: str
    round: int
    decision: Literal["reject", "second_round", "offer"]
    decider_id: str
    decided_by: str
    role: str
    feedback: str | None = None
    disagreement: list[Gap] = Field(default_factory=list)
    disagreement_reason: str | None = None
    ai_overall: float | None = None
    human_overall: float | None = None
    combined_overall: float | None = None
    at: datetime = Field(default_factory=now)

    @staticmethod
    def of_candidate() -> str:
        return "DECISION#"

    @classmethod
    def key(cls, candidate_id: str, round_: int) -> tuple[str, str]:
        return Scorecard.partition(candidate_id), f"{cls.of_candidate()}{round_:02d}"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(
            *self.key(self.candidate_id, self.round),
            gsi2=(ALL_DECISIONS, f"{self.candidate_id}#{self.round:02d}"),
        )


ALL_DECISIONS = "DECISIONS"
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
        self._decisions = Repository(RoundDecision)
        self._pending = Repository(PendingReview)

    def scorecards(self, candidate_id: str, round_: int) -> list[Scorecard]:
        return list(
            self._scorecards.iterate(Scorecard.partition(candidate_id), Scorecard.of_round(round_))
        )

    def every_round(self, candidate_id: str) -> dict[int, list[Scorecard]]:
        """Every round's scorecards (one Query), by round."""
        rounds: dict[int, list[Scorecard]] = {}
        for card in self._scorecards.iterate(Scorecard.partition(candidate_id), ALL_ROUNDS):
            rounds.setdefault(card.round, []).append(card)
        return rounds

    def decisions(self, candidate_id: str) -> dict[int, RoundDecision]:
        """Each decided round's decision (one Query), by round."""
        found = self._decisions.iterate(
            Scorecard.partition(candidate_id), RoundDecision.of_candidate()
        )
        return {d.round: d for d in found}

    def every_decision(self) -> list[RoundDecision]:
        """Every candidate's decisions (the analytics job; decisions stored before the
        index existed are not in it)."""
        return list(self._decisions.iterate(ALL_DECISIONS, index="gsi2"))

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


# The items under an application's partition that are the reviews' (erasure).
REVIEW_SORT_PREFIXES = ("REVIEW#", "DECISION#")

"""Reviewing a candidate: scorecards, the combined AI and human scores, and the decision
that resumes the lifecycle."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from hireflow.audit.service import record
from hireflow.identity.model import Caller
from hireflow.identity.permissions import may_decide, may_review
from hireflow.platform.errors import Conflict, FieldError, Forbidden, Invalid
from hireflow.platform.unit_of_work import UnitOfWorkFactory
from hireflow.recruiting.lifecycle import ApplicationLifecycle
from hireflow.recruiting.model import Candidate, PositionRepository, ScoreWeights
from hireflow.recruiting.service import CandidateService
from hireflow.recruiting.status import decidable
from hireflow.reviews.model import ReviewRepository, Scorecard
from hireflow.reviews.scores import Scores, combine
from hireflow.scoring.model import ScoringRepository


class ReviewInput(BaseModel):
    scores: dict[str, int] = Field(min_length=1)
    comment: str = Field(default="", max_length=4000)

    @model_validator(mode="after")
    def _in_range(self) -> ReviewInput:
        bad = [k for k, v in self.scores.items() if not 0 <= v <= 100]
        if bad:
            raise ValueError(f"scores must be 0-100: {', '.join(bad)}")
        return self


class DecisionInput(BaseModel):
    decision: Literal["reject", "second_round", "offer"]
    feedback: str | None = Field(default=None, max_length=4000)
    interview_time: str | None = Field(default=None, max_length=100)
    interview_place: str | None = Field(default=None, max_length=200)
    interviewer_name: str | None = Field(default=None, max_length=100)

    @model_validator(mode="after")
    def _second_round_needs_when_and_where(self) -> DecisionInput:
        if self.decision == "second_round" and not (self.interview_time and self.interview_place):
            raise ValueError("a second round needs interview_time and interview_place")
        return self


@dataclass(frozen=True)
class ReviewService:
    candidates: CandidateService
    positions: PositionRepository
    reviews: ReviewRepository
    scoring: ScoringRepository
    lifecycle: ApplicationLifecycle
    uow: UnitOfWorkFactory

    def review(self, caller: Caller, candidate_id: str, review: ReviewInput) -> Scorecard:
        candidate = self.candidates.get(caller, candidate_id)
        if not may_review(caller, candidate.assignees):
            raise Forbidden("only the assigned interviewer or hiring manager (or HR) reviews")
        if not decidable(candidate.status):
            raise Conflict(f"the candidate is {candidate.status.value}, not in review")
        position = self.positions.get(candidate.position_id)
        dimensions = {d.key for d in position.competency_model.dimensions} if position else set()
        if set(review.scores) != dimensions:
            missing, unknown = dimensions - set(review.scores), set(review.scores) - dimensions
            raise Invalid(
                "score every dimension of the position, and only those",
                [FieldError(f"scores.{k}", "missing") for k in sorted(missing)]
                + [FieldError(f"scores.{k}", "not a dimension") for k in sorted(unknown)],
            )
        scorecard = Scorecard(
            candidate_id=candidate.id,
            round=candidate.round,
            reviewer_id=caller.user_id,
            reviewer=caller.username,
            role=caller.role.value,
            scores=review.scores,
            comment=review.comment,
        )
        with self.uow() as uow:
            uow.put(scorecard)  # one scorecard per reviewer and round: a resend replaces it
            record(
                uow,
                caller,
                "candidate.review",
                branch_id=candidate.branch_id,
                entity=scorecard,
                entity_id=candidate.id,
            )
            uow.commit()
        return scorecard

    def scores(self, caller: Caller, candidate_id: str) -> Scores:
        candidate = self.candidates.get(caller, candidate_id)
        position = self.positions.get(candidate.position_id)
        weights = position.score_weights if position else ScoreWeights()
        ai = self.scoring.latest_ai_scores(candidate.id, candidate.round)
        return combine(
            candidate.id,
            candidate.round,
            position.competency_model.dimensions if position else [],
            ai.dimensions if ai else {},
            [s.scores for s in self.reviews.scorecards(candidate.id, candidate.round)],
            ai_weight=weights.ai,
            human_weight=weights.human,
        )

    def decide(self, caller: Caller, candidate_id: str, decision: DecisionInput) -> Candidate:
        candidate = self.candidates.get(caller, candidate_id)
        if not may_decide(caller, candidate.branch_id, candidate.hiring_manager_id):
            raise Forbidden("HR or the candidate's hiring manager decides")
        if not decidable(candidate.status):
            raise Conflict(f"the candidate is {candidate.status.value}; there is nothing to decide")
        output = {**decision.model_dump(), "decided_by": caller.username, "round": candidate.round}
        if not self.lifecycle.resume(candidate.id, "review", output):
            raise Conflict("a decision was already made for this round")
        with self.uow() as uow:
            record(
                uow,
                caller,
                f"candidate.decision.{decision.decision}",
                branch_id=candidate.branch_id,
                entity=candidate,
                entity_id=candidate.id,
                before=candidate,
            )
            uow.commit()
        return candidate

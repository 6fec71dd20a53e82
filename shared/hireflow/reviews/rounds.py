"""Every interview round of a candidate side by side: when it ran, how much was
recorded, and its AI, human and combined scores per dimension (a second round in person
has no recordings; its AI scores are the latest video interview's, as in ``scores``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pydantic import BaseModel

from hireflow.identity.model import Caller
from hireflow.interviews.model import InterviewRepository
from hireflow.recruiting.model import PositionRepository, ScoreWeights
from hireflow.recruiting.service import CandidateService
from hireflow.reviews.model import ReviewRepository
from hireflow.reviews.scores import Scores, combine
from hireflow.scoring.model import ScoringRepository


class RoundSummary(BaseModel):
    round: int
    kind: Literal["video", "in_person"]
    invited_at: datetime | None
    deadline: datetime | None
    completed_at: datetime | None
    questions: int
    answers_recorded: int
    scores: Scores


@dataclass(frozen=True)
class RoundsOverview:
    candidates: CandidateService
    positions: PositionRepository
    interviews: InterviewRepository
    reviews: ReviewRepository
    scoring: ScoringRepository

    def rounds(self, caller: Caller, candidate_id: str) -> list[RoundSummary]:
        candidate = self.candidates.get(caller, candidate_id)
        position = self.positions.get(candidate.position_id)
        weights = position.score_weights if position else ScoreWeights()
        dimensions = position.competency_model.dimensions if position else []
        summaries = []
        for round_ in range(1, candidate.round + 1):
            interview = self.interviews.interview(candidate.id, round_)
            ai = self.scoring.latest_ai_scores(candidate.id, round_)
            scores = combine(
                candidate.id,
                round_,
                dimensions,
                ai.dimensions if ai else {},
                [s.scores for s in self.reviews.scorecards(candidate.id, round_)],
                ai_weight=weights.ai,
                human_weight=weights.human,
            )
            summaries.append(
                RoundSummary(
                    round=round_,
                    kind="video" if interview else "in_person",
                    invited_at=interview.invited_at if interview else None,
                    deadline=interview.deadline if interview else None,
                    completed_at=interview.completed_at if interview else None,
                    questions=len(interview.question_ids) if interview else 0,
                    answers_recorded=(
                        sum(1 for a in interview.answers.values() if a.uploaded_at)
                        if interview
                        else 0
                    ),
                    scores=scores,
                )
            )
        return summaries

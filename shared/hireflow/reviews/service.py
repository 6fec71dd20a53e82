"""Reviewing a candidate: scorecards, the combined AI and human scores, every round's
reviews as the decider sees them (with the round's video interview: when, how much was
recorded), and the decision that resumes the lifecycle.

Where the AI and the reviewers disagree by more than the threshold on a dimension, the
decider gives a reason, whichever side the decision follows; it is kept with the
decision (``RoundDecision``) and shown with the round."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from hireflow.audit.service import record
from hireflow.identity.model import Caller
from hireflow.identity.permissions import Capability, may_decide, may_review, require
from hireflow.interviews.model import Interview, InterviewRepository
from hireflow.platform.errors import Conflict, FieldError, Forbidden, Invalid, invalid_value
from hireflow.platform.unit_of_work import UnitOfWorkFactory
from hireflow.recruiting.lifecycle import ApplicationLifecycle
from hireflow.recruiting.model import Candidate, Position, PositionRepository
from hireflow.recruiting.service import CandidateService
from hireflow.recruiting.status import decidable
from hireflow.reviews.model import Gap, ReviewRepository, RoundDecision, Scorecard
from hireflow.reviews.scores import Scores, round_scores
from hireflow.scoring.model import ScoringRepository


class ReviewInput(BaseModel):
    scores: dict[str, int] = Field(min_length=1)
    comment: str = Field(default="", max_length=4000)

    @model_validator(mode="after")
    def _in_range(self) -> ReviewInput:
        bad = [k for k, v in self.scores.items() if not 0 <= v <= 100]
        if bad:
            raise invalid_value(
                "scores_range", f"scores must be 0-100: {', '.join(bad)}", dimensions=bad
            )
        return self


class DecisionInput(BaseModel):
    decision: Literal["reject", "second_round", "offer"]
    feedback: str | None = Field(default=None, max_length=4000)
    interview_time: str | None = Field(default=None, max_length=100)
    interview_place: str | None = Field(default=None, max_length=200)
    interviewer_name: str | None = Field(default=None, max_length=100)
    disagreement_reason: str | None = Field(
        default=None,
        max_length=2000,
        description="why the decision follows or overrules the side it does, required "
        "when AI and reviewers disagree by more than the threshold on a dimension",
    )

    @model_validator(mode="after")
    def _second_round_needs_when_and_where(self) -> DecisionInput:
        if self.decision == "second_round" and not (self.interview_time and self.interview_place):
            raise invalid_value(
                "second_round_needs_when_where",
                "a second round needs interview_time and interview_place",
            )
        return self


class Reviewer(BaseModel):
    user_id: str
    name: str
    role: str


class ScorecardView(BaseModel):
    """One reviewer's scorecard of a round: who, when, the marks per dimension, comment."""

    reviewer_id: str
    reviewer: str
    reviewer_name: str
    role: str
    scores: dict[str, int]
    comment: str
    at: datetime


class RoundInterview(BaseModel):
    """The round's video interview (a second round in person has none)."""

    invited_at: datetime
    deadline: datetime
    completed_at: datetime | None
    questions: int
    answers_recorded: int

    @classmethod
    def of(cls, interview: Interview) -> RoundInterview:
        return cls(
            invited_at=interview.invited_at,
            deadline=interview.deadline,
            completed_at=interview.completed_at,
            questions=len(interview.question_ids),
            answers_recorded=sum(1 for a in interview.answers.values() if a.uploaded_at),
        )


class RoundReviews(BaseModel):
    round: int
    open: bool  # the round waits for reviews and a decision
    interview: RoundInterview | None  # None: in person
    scores: Scores  # AI (the latest video interview's), the reviewers' mean, combined
    scorecards: list[ScorecardView]
    pending: list[Reviewer]  # assigned reviewers who have not scored the open round
    decision: RoundDecision | None


class ReviewHistory(BaseModel):
    """Every round's reviews, newest round first."""

    candidate_id: str
    current_round: int
    rounds: list[RoundReviews]


@dataclass(frozen=True)
class ReviewService:
    candidates: CandidateService
    positions: PositionRepository
    reviews: ReviewRepository
    scoring: ScoringRepository
    interviews: InterviewRepository
    lifecycle: ApplicationLifecycle
    uow: UnitOfWorkFactory

    def review(self, caller: Caller, candidate_id: str, review: ReviewInput) -> Scorecard:
        candidate = self.candidates.get(caller, candidate_id)
        if not may_review(caller, candidate.assignees):
            raise Forbidden(
                "only the assigned interviewer or hiring manager (or HR) reviews",
                code="reviewers_only",
            )
        if not decidable(candidate.status):
            raise Conflict(
                f"the candidate is {candidate.status.value}, not in review",
                code="candidate_not_in_review",
                params={"status": candidate.status.value},
            )
        position = self.positions.get(candidate.position_id)
        dimensions = {d.key for d in position.competency_model.dimensions} if position else set()
        if set(review.scores) != dimensions:
            missing, unknown = dimensions - set(review.scores), set(review.scores) - dimensions
            raise Invalid(
                "score every dimension of the position, and only those",
                [FieldError(f"scores.{k}", "missing", "missing") for k in sorted(missing)]
                + [
                    FieldError(f"scores.{k}", "not a dimension", "not_a_dimension")
                    for k in sorted(unknown)
                ],
                code="score_every_dimension",
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
        if candidate.employee_id:
            self._close_when_scored(candidate)
        return scorecard

    def _close_when_scored(self, candidate: Candidate) -> None:
        """A re-assessment has no decision: its round is final once every assigned
        reviewer has scored it (HR's own scorecard counts where nobody is assigned), and
        the lifecycle's wait for the review ends with ``reassessed``."""
        scored = {c.reviewer_id for c in self.reviews.scorecards(candidate.id, candidate.round)}
        if scored and set(candidate.assignees) <= scored:
            self.lifecycle.resume(
                candidate.id, "review", {"decision": "reassessed", "round": candidate.round}
            )

    def scores(self, caller: Caller, candidate_id: str) -> Scores:
        candidate = self.candidates.get(caller, candidate_id)
        position = self.positions.get(candidate.position_id)
        cards = self.reviews.scorecards(candidate.id, candidate.round)
        return self._round_scores(candidate, position, candidate.round, cards)

    def baseline(self, candidate: Candidate) -> Scores:
        """The scores of the round the offer was decided in: a new employee's baseline."""
        position = self.positions.get(candidate.position_id)
        cards = self.reviews.scorecards(candidate.id, candidate.round)
        return self._round_scores(candidate, position, candidate.round, cards)

    def _round_scores(
        self,
        candidate: Candidate,
        position: Position | None,
        round_: int,
        cards: list[Scorecard],
    ) -> Scores:
        return read_round_scores(self.reviews, self.scoring, candidate, position, round_, cards)

    def _assigned_interviewer(self, candidate: Candidate) -> str:
        """Who meets the candidate in a second round when the decider names no one: the
        assigned interviewer (the letter's "With:" line is never empty)."""
        user = (
            self.candidates.organisation.get_user(candidate.interviewer_id)
            if candidate.interviewer_id
            else None
        )
        if user is None:
            raise Invalid(
                "name the interviewer of the second round (or assign one)",
                [FieldError("interviewer_name", "missing", "missing")],
                code="second_round_needs_interviewer",
            )
        return user.display_name

    def history(self, caller: Caller, candidate_id: str) -> ReviewHistory:
        """Every round's scorecards, who is still to score, combined scores, decision."""
        candidate = self.candidates.get(caller, candidate_id)
        position = self.positions.get(candidate.position_id)
        by_round = self.reviews.every_round(candidate.id)
        decisions = self.reviews.decisions(candidate.id)
        names: dict[str, str] = {}

        def name(user_id: str, fallback: str) -> str:
            if user_id not in names:
                user = self.candidates.organisation.get_user(user_id)
                names[user_id] = (user.display_name or user.username) if user else fallback
            return names[user_id]

        rounds = []
        for round_ in sorted(set(range(1, candidate.round + 1)) | set(by_round), reverse=True):
            cards = sorted(by_round.get(round_, []), key=lambda c: c.at)
            is_open = (
                round_ == candidate.round
                and decidable(candidate.status)
                and round_ not in decisions
            )
            reviewed = {c.reviewer_id for c in cards}
            pending = [
                Reviewer(
                    user_id=user_id,
                    name=name(user_id, user_id),
                    role="interviewer" if user_id == candidate.interviewer_id else "hiring_manager",
                )
                for user_id in candidate.assignees
                if is_open and user_id not in reviewed
            ]
            interview = self.interviews.interview(candidate.id, round_)
            rounds.append(
                RoundReviews(
                    round=round_,
                    open=is_open,
                    interview=RoundInterview.of(interview) if interview else None,
                    scores=self._round_scores(candidate, position, round_, cards),
                    scorecards=[
                        ScorecardView(
                            reviewer_id=c.reviewer_id,
                            reviewer=c.reviewer,
                            reviewer_name=name(c.reviewer_id, c.reviewer),
                            role=c.role,
                            scores=c.scores,
                            comment=c.comment,
                            at=c.at,
                        )
                        for c in cards
                    ],
                    pending=pending,
                    decision=decisions.get(round_),
                )
            )
        return ReviewHistory(
            candidate_id=candidate.id, current_round=candidate.round, rounds=rounds
        )

    def decide(self, caller: Caller, candidate_id: str, decision: DecisionInput) -> Candidate:
        require(caller, Capability.DECIDE_CANDIDATES, action="deciding on candidates")
        candidate = self.candidates.get(caller, candidate_id)
        if not may_decide(caller, candidate.branch_id, candidate.hiring_manager_id):
            raise Forbidden("HR or the candidate's hiring manager decides", code="deciders_only")
        if candidate.employee_id:
            raise Conflict(
                "a re-assessment is not decided: it is closed with the employee once scored",
                code="reassessment_not_decided",
            )
        if not decidable(candidate.status):
            raise Conflict(
                f"the candidate is {candidate.status.value}; there is nothing to decide",
                code="nothing_to_decide",
                params={"status": candidate.status.value},
            )
        if decision.decision == "second_round" and not decision.interviewer_name:
            decision = decision.model_copy(
                update={"interviewer_name": self._assigned_interviewer(candidate)}
            )
        if candidate.round in self.reviews.decisions(candidate.id):  # before asking for reasons
            raise Conflict("a decision was already made for this round", code="already_decided")
        position = self.positions.get(candidate.position_id)
        cards = self.reviews.scorecards(candidate.id, candidate.round)
        scores = self._round_scores(candidate, position, candidate.round, cards)
        gaps = [
            Gap(key=d.key, name=d.name, ai=d.ai, human=d.human)
            for d in scores.dimensions
            if d.disagreement and d.ai is not None and d.human is not None
        ]
        reason = (decision.disagreement_reason or "").strip() or None
        if gaps and not reason:
            disagreeing = [d for d in scores.dimensions if d.key in {g.key for g in gaps}]
            named = {
                "dimensions": [d.name for d in disagreeing],
                "dimensions_zh": [d.name_zh or d.name for d in disagreeing],
            }
            raise Invalid(
                f"the AI and the reviewers disagree by more than "
                f"{scores.disagreement_threshold:g} points on {', '.join(named['dimensions'])}: "
                "say why you decide as you do",
                [
                    FieldError(
                        "disagreement_reason",
                        "required when AI and reviewers disagree",
                        "disagreement_reason_required",
                        named,
                    )
                ],
                code="disagreement_needs_reason",
                params={"threshold": scores.disagreement_threshold, **named},
            )
        output = {
            **decision.model_dump(exclude={"disagreement_reason"}),
            "decided_by": caller.username,
            "round": candidate.round,
        }
        if not self.lifecycle.resume(candidate.id, "review", output):
            raise Conflict("a decision was already made for this round", code="already_decided")
        with self.uow() as uow:
            uow.put(
                RoundDecision(
                    candidate_id=candidate.id,
                    round=candidate.round,
                    decision=decision.decision,
                    decider_id=caller.user_id,
                    decided_by=caller.username,
                    role=caller.role.value,
                    feedback=decision.feedback,
                    disagreement=gaps,
                    disagreement_reason=reason if gaps else None,
                    ai_overall=scores.ai_overall,
                    human_overall=scores.human_overall,
                    combined_overall=scores.combined_overall,
                )
            )
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


def read_round_scores(
    reviews: ReviewRepository,
    scoring: ScoringRepository,
    candidate: Candidate,
    position: Position | None,
    round_: int,
    cards: Sequence[Scorecard] | None = None,
) -> Scores:
    """One round's scores by the rule of ``/scores``, read: the round's AI scores and its
    scorecards (``cards`` when the caller has them already). The one way every context
    reads a round's combined scores (the review file, the cross-check, the talent pool,
    the rejection note)."""
    if cards is None:
        cards = reviews.scorecards(candidate.id, round_)
    ai = scoring.latest_ai_scores(candidate.id, round_)
    return round_scores(
        candidate, position, round_, ai.dimensions if ai else {}, [s.scores for s in cards]
    )

"""The HR side of the lifecycle: inviting, reviewing, combining AI and human scores,
deciding, the timeline and the dashboard."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from hireflow.audit import model as audit
from hireflow.audit.changes import commit_change
from hireflow.identity.model import Caller, Role
from hireflow.identity.permissions import HR, can_manage_candidate, has_role, require_role
from hireflow.interviews.model import AiDimensionScores, InterviewRepository, Scorecard
from hireflow.platform.errors import Conflict, FieldError, Forbidden, Invalid, NotFound
from hireflow.platform.ids import now
from hireflow.platform.store import Transaction
from hireflow.recruiting import dashboard
from hireflow.recruiting.lifecycle import ExecutionExists, LifecycleControl
from hireflow.recruiting.model import Candidate, CandidateStatus
from hireflow.recruiting.service import CandidateService
from hireflow.scoring.model import InterviewReport, ReportLinks
from hireflow.scoring.reports import Reports

INVITABLE = (CandidateStatus.IMPORTED, CandidateStatus.EXPIRED, CandidateStatus.NEEDS_ATTENTION)
REVIEWABLE = (CandidateStatus.IN_REVIEW, CandidateStatus.SECOND_ROUND)
DISAGREEMENT_POINTS = 20.0


class Invitation(BaseModel):
    deadline: datetime | None = Field(default=None, description="default: in deadline_days")
    deadline_days: int = Field(default=7, ge=1, le=60)

    def resolved_deadline(self) -> datetime:
        deadline = self.deadline or now() + timedelta(days=self.deadline_days)
        if deadline.tzinfo is None:
            raise Invalid("deadline needs a time zone", [FieldError("deadline", "e.g. +08:00")])
        if deadline <= now():
            raise Invalid("the deadline is in the past", [FieldError("deadline", "in the past")])
        if deadline > now() + timedelta(days=60):
            raise Invalid("the deadline is too far", [FieldError("deadline", "at most 60 days")])
        return deadline


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


class DimensionScore(BaseModel):
    key: str
    name: str
    weight: float
    ai: float | None
    human: float | None
    combined: float | None
    disagreement: bool


class Scores(BaseModel):
    candidate_id: str
    round: int
    weights: dict[str, float]
    dimensions: list[DimensionScore]
    ai_overall: float | None
    human_overall: float | None
    combined_overall: float | None
    reviewers: int
    disagreement_threshold: float


class AnswerState(BaseModel):
    question_id: str
    attempts: int
    media_key: str | None
    uploaded_at: datetime | None
    scored_at: datetime | None
    needs_attention: str | None  # why scoring could not use the recording


class ReportView(InterviewReport):
    """The AI report, with short-lived links to its HTML rendering and the answer videos."""

    links: ReportLinks


class InterviewState(BaseModel):
    """What HR sees of a round's video interview."""

    round: int
    template_id: str
    template_version: int
    deadline: datetime
    invited_at: datetime
    invitation_sent_at: datetime | None
    verified_at: datetime | None
    consent_at: datetime | None
    wrong_phone_attempts: int
    locked_at: datetime | None
    alternative_requested_at: datetime | None
    alternative_reason: str | None
    completed_at: datetime | None
    answers: list[AnswerState]


class TimelineStep(BaseModel):
    status: CandidateStatus
    entered_at: datetime
    left_at: datetime | None
    actor: str
    note: str | None


def _timeout(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _weighted(values: dict[str, float | None], weights: dict[str, float]) -> float | None:
    known = {k: v for k, v in values.items() if v is not None}
    if not known:
        return None
    total = sum(weights[k] for k in known)
    return round(sum(v * weights[k] for k, v in known.items()) / total, 1) if total else None


class ReviewService:
    def __init__(
        self, candidates: CandidateService, interviews: InterviewRepository, reports: Reports
    ) -> None:
        self.candidates = candidates
        self.interviews = interviews
        self.reports = reports
        self.control = LifecycleControl(interviews)

    def _manageable(self, caller: Caller, candidate_id: str) -> Candidate:
        candidate = self.candidates.get(caller, candidate_id)
        if not can_manage_candidate(caller, candidate):
            raise Forbidden("only HR can do this")
        return candidate

    # -------------------------------------------------------------- invite
    def invite(self, caller: Caller, candidate_id: str, invitation: Invitation) -> Candidate:
        candidate = self._manageable(caller, candidate_id)
        if candidate.status not in INVITABLE:
            raise Conflict(
                f"the candidate is {candidate.status.value}; only imported, expired "
                "or needs_attention candidates can be invited"
            )
        deadline = invitation.resolved_deadline()
        runs = candidate.invitations_started + 1
        # The revision check makes a double click start one execution, not two.
        started = commit_change(
            caller,
            "candidate.invite",
            candidate.model_copy(update={"invitations_started": runs}),
            entity_id=candidate.id,
            branch_id=candidate.branch_id,
            before=candidate,
        )
        if candidate.execution_arn:
            # An earlier execution may still wait (a locked link, a failed step): it must
            # not expire or move the new invitation later.
            self.control.stop(candidate.execution_arn, "replaced by a new invitation")
        try:
            self.control.start(
                f"{candidate.id}-{runs}",
                {
                    "candidate_id": candidate.id,
                    "deadline": deadline.isoformat(),
                    "interview_timeout_seconds": max(1, int((deadline - now()).total_seconds())),
                    "scoring_timeout_seconds": _timeout("HIREFLOW_SCORING_TIMEOUT_SECONDS", 86400),
                    "review_timeout_seconds": _timeout("HIREFLOW_REVIEW_TIMEOUT_SECONDS", 2592000),
                },
            )
        except ExecutionExists as exc:
            raise Conflict("this invitation is already on its way") from exc
        return started

    # -------------------------------------------------------------- review
    def review(self, caller: Caller, candidate_id: str, review: ReviewInput) -> Scorecard:
        candidate = self.candidates.get(caller, candidate_id)
        reviewer = caller.user_id in candidate.assignees or has_role(caller, *HR)
        if not reviewer:
            raise Forbidden("only the assigned interviewer or hiring manager (or HR) reviews")
        if candidate.status not in REVIEWABLE:
            raise Conflict(f"the candidate is {candidate.status.value}, not in review")
        position = self.candidates.positions.get(candidate.position_id)
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
        transaction = Transaction()
        transaction.put(scorecard)  # one scorecard per reviewer and round: a resend replaces it
        audit.record(
            transaction,
            caller,
            "candidate.review",
            branch_id=candidate.branch_id,
            entity=scorecard,
            entity_id=candidate.id,
        )
        transaction.commit()
        return scorecard

    def scores(self, caller: Caller, candidate_id: str) -> Scores:
        candidate = self.candidates.get(caller, candidate_id)
        position = self.candidates.positions.get(candidate.position_id)
        dimensions = position.competency_model.dimensions if position else []
        weights = position.score_weights if position else None
        ai_weight, human_weight = (weights.ai, weights.human) if weights else (0.4, 0.6)
        ai_scores = self._latest_ai_scores(candidate)
        scorecards = self.interviews.scorecards_of(candidate.id, candidate.round)
        rows: list[DimensionScore] = []
        for dimension in dimensions:
            ai_value = ai_scores.dimensions.get(dimension.key) if ai_scores else None
            marks = [s.scores[dimension.key] for s in scorecards if dimension.key in s.scores]
            human_value = round(sum(marks) / len(marks), 1) if marks else None
            combined: float | None
            if ai_value is not None and human_value is not None:
                combined = round(ai_weight * ai_value + human_weight * human_value, 1)
            else:
                combined = ai_value if human_value is None else human_value
            rows.append(
                DimensionScore(
                    key=dimension.key,
                    name=dimension.name,
                    weight=dimension.weight,
                    ai=ai_value,
                    human=human_value,
                    combined=combined,
                    disagreement=ai_value is not None
                    and human_value is not None
                    and abs(ai_value - human_value) > DISAGREEMENT_POINTS,
                )
            )
        dimension_weights = {d.key: d.weight for d in dimensions}
        return Scores(
            candidate_id=candidate.id,
            round=candidate.round,
            weights={"ai": ai_weight, "human": human_weight},
            dimensions=rows,
            ai_overall=_weighted({r.key: r.ai for r in rows}, dimension_weights),
            human_overall=_weighted({r.key: r.human for r in rows}, dimension_weights),
            combined_overall=_weighted({r.key: r.combined for r in rows}, dimension_weights),
            reviewers=len(scorecards),
            disagreement_threshold=DISAGREEMENT_POINTS,
        )

    def _latest_ai_scores(self, candidate: Candidate) -> AiDimensionScores | None:
        # A second round is in person: the AI scores are those of the video interview.
        for round_ in range(candidate.round, 0, -1):
            found = self.interviews.ai_scores(candidate.id, round_)
            if found:
                return found
        return None

    # -------------------------------------------------------------- decide
    def decide(self, caller: Caller, candidate_id: str, decision: DecisionInput) -> Candidate:
        candidate = self.candidates.get(caller, candidate_id)
        decides = can_manage_candidate(caller, candidate) or (
            has_role(caller, Role.HIRING_MANAGER) and caller.user_id == candidate.hiring_manager_id
        )
        if not decides:
            raise Forbidden("HR or the candidate's hiring manager decides")
        if candidate.status not in REVIEWABLE:
            raise Conflict(f"the candidate is {candidate.status.value}; there is nothing to decide")
        output = {**decision.model_dump(), "decided_by": caller.username, "round": candidate.round}
        if not self.control.resume(candidate.id, "review", output):
            raise Conflict("a decision was already made for this round")
        transaction = Transaction()
        audit.record(
            transaction,
            caller,
            f"candidate.decision.{decision.decision}",
            branch_id=candidate.branch_id,
            entity=candidate,
            entity_id=candidate.id,
            before=candidate,
        )
        transaction.commit()
        return candidate

    # -------------------------------------------------------------- views
    def timeline(self, caller: Caller, candidate_id: str) -> list[TimelineStep]:
        candidate = self.candidates.get(caller, candidate_id)
        entries = self.candidates.candidates.history(candidate.id)
        return [
            TimelineStep(
                status=entry.status,
                entered_at=entry.at,
                left_at=entries[i + 1].at if i + 1 < len(entries) else None,
                actor=entry.actor,
                note=entry.note,
            )
            for i, entry in enumerate(entries)
        ]

    def interview(self, caller: Caller, candidate_id: str) -> InterviewState:
        candidate = self.candidates.get(caller, candidate_id)
        # A second round is in person: the video interview is the latest round that has one.
        found = next(
            (
                i
                for r in range(candidate.round, 0, -1)
                if (i := self.interviews.interview(candidate.id, r)) is not None
            ),
            None,
        )
        if found is None:
            raise NotFound("the candidate has not been invited to a video interview")
        return InterviewState(
            round=found.round,
            template_id=found.template_id,
            template_version=found.template_version,
            deadline=found.deadline,
            invited_at=found.invited_at,
            invitation_sent_at=found.invitation_sent_at,
            verified_at=found.verified_at,
            consent_at=found.consent_at,
            wrong_phone_attempts=found.verify_failures,
            locked_at=found.locked_at,
            alternative_requested_at=found.alternative_requested_at,
            alternative_reason=found.alternative_reason,
            completed_at=found.completed_at,
            answers=[
                AnswerState(
                    question_id=q,
                    attempts=found.upload_attempts.get(q, 0),
                    **(
                        found.answers[q].model_dump(
                            include={"media_key", "uploaded_at", "scored_at", "needs_attention"}
                        )
                        if q in found.answers
                        else {
                            "media_key": None,
                            "uploaded_at": None,
                            "scored_at": None,
                            "needs_attention": None,
                        }
                    ),
                )
                for q in found.question_ids
            ],
        )

    def report(self, caller: Caller, candidate_id: str) -> ReportView:
        candidate = self.candidates.get(caller, candidate_id)
        # A second round is in person: the report is the latest video interview's.
        for round_ in range(candidate.round, 0, -1):
            report = self.reports.read(candidate.id, round_)
            if report is not None:
                return ReportView(**report.model_dump(), links=self.reports.links(report))
        raise NotFound("no AI report yet: it is ready when every answer has been assessed")

    def dashboard(self, caller: Caller) -> list[dashboard.BranchDashboard]:
        require_role(caller, *HR, Role.HIRING_MANAGER, action="the dashboard")
        branches = [
            b
            for b in self.candidates.organisation.list_branches()
            if not b.is_hq and caller.can_see_branch(b.id)
        ]
        return [dashboard.branch_dashboard(b.id, b.name) for b in branches]

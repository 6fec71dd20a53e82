"""Feedback candidates value (docs/talent.md "Candidate feedback"): where they stand once
their report is ready (only where HQ switched it on for the position), a personalised
rejection note HR sees and edits before it goes, and the candidate's page after the
interview.

The note is built only from what a person reviewed: a dimension counts when at least
one scorecard scored it, and then with its combined score (``reviews.scores``). It names
the strongest dimensions and the weakest ones below their pass line, each weak one with
HQ's practice suggestion; it never carries integrity flags, AI-only scores or numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, Field

from hireflow.audit.service import audited_write
from hireflow.identity.model import HQ_BRANCH_ID, Caller
from hireflow.identity.permissions import Capability, require
from hireflow.interviews.model import InterviewRepository
from hireflow.interviews.portal import Portal
from hireflow.notifications.model import NotificationEvent
from hireflow.platform.errors import Conflict
from hireflow.platform.unit_of_work import UnitOfWorkFactory, check_revision
from hireflow.recruiting.model import Candidate, PositionRepository
from hireflow.recruiting.notices import Notices
from hireflow.recruiting.service import CandidateService
from hireflow.recruiting.status import CandidateStatus
from hireflow.reviews.model import ReviewRepository
from hireflow.reviews.scores import DimensionScore
from hireflow.reviews.service import read_round_scores
from hireflow.scoring.model import InterviewReport, ScoringRepository
from hireflow.scoring.reports import Reports
from hireflow.talent.model import (
    CandidateRequestRepository,
    DimensionSuggestion,
    FeedbackSuggestions,
    StandingSent,
    TalentSettings,
)

# A percentile against fewer earlier candidates says little: below this it is not shared.
MIN_COMPARED_WITH = 20
RESULTS_WITHIN_WORKING_DAYS = 3
MAX_STRONGEST = 2
MAX_WEAKEST = 2

# HQ's suggestions until HQ edits them (the demo's dimensions).
DEFAULT_SUGGESTIONS = (
    DimensionSuggestion(
        dimension="communication",
        en="Practise speaking in public: give a 3-minute talk to a small group once a week "
        "and ask them for feedback.",
        zh="练习公开表达：每周在小组中做一次 3 分钟的发言，并请他人反馈。",
    ),
    DimensionSuggestion(
        dimension="problem_solving",
        en="Practise structured problem solving: for a real customer problem, write down "
        "the cause, two options and why you would pick one, then compare with a colleague.",
        zh="练习结构化解决问题：针对一个真实的客户问题，写下原因、两种方案及选择理由，再与同事对照讨论。",
    ),
    DimensionSuggestion(
        dimension="teamwork",
        en="Practise teamwork: take on a shared task with others and agree who does what "
        "at the start; afterwards ask how it went for them.",
        zh="练习团队协作：与他人共同承担一项任务，开始时明确分工，结束后询问他人的感受与建议。",
    ),
)

STANDING_TEXT = {
    "en": "You did better than {percentile} % of the {compared_with} candidates who "
    "interviewed for this position before you. This compares the AI's analysis of your "
    "answers only; people review every interview and make the decision.",
    "zh": "您的表现优于此前参加该职位面试的 {compared_with} 位候选人中的 {percentile}%。"
    "此比较仅基于 AI 对您回答的分析；每场面试都由人工审阅，最终决定由人作出。",
}

NOTE = {
    "en": {
        "strong": "What stood out in your interview: {names}.",
        "weak": "Where you can grow:",
        "none_weak": "The reviewers saw no area below what the role asks for.",
    },
    "zh": {
        "strong": "您在面试中表现突出的方面：{names}。",
        "weak": "可以提升的方面：",
        "none_weak": "评审人员未发现低于岗位要求的方面。",
    },
}


class NoteDimension(BaseModel):
    dimension: str
    name: str
    suggestion: str | None = None


class FeedbackDraft(BaseModel):
    """The note proposed for a rejection letter, in the candidate's language. ``reviewed``
    False: no person scored any dimension, so there is nothing to base a note on (empty
    text, ``reason`` names why)."""

    locale: Literal["zh", "en"]
    text: str
    reviewed: bool
    reason: str | None = None  # a code (messages.js) when the text is empty
    strongest: list[NoteDimension] = Field(default_factory=list)
    weakest: list[NoteDimension] = Field(default_factory=list)


class SuggestionsChange(BaseModel):
    suggestions: list[DimensionSuggestion] = Field(max_length=200)
    revision: int | None = None


class Standing(BaseModel):
    percentile: float
    compared_with: int
    text: str


class RequestView(BaseModel):
    id: str
    kind: str
    status: str
    at: datetime
    answer: str | None = None
    answered_at: datetime | None = None


class Outcome(BaseModel):
    """The candidate's page after the interview."""

    status: Literal["in_review", "decided", "next_step", "closed"]
    completed_at: datetime | None
    results_by: date | None
    standing: Standing | None = None
    feedback: str | None = None  # the rejection letter's note, once the letter went out
    decided_at: datetime | None = None
    requests: list[RequestView] = Field(default_factory=list)


def _name(score: DimensionScore, locale: str) -> str:
    return score.name_zh if locale == "zh" and score.name_zh else score.name


def working_days_after(start: date, days: int) -> date:
    day = start
    while days:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def shareable_standing(report: InterviewReport | None) -> bool:
    return bool(
        report
        and not report.ai_dropped
        and report.percentile is not None
        and report.compared_with >= MIN_COMPARED_WITH
    )


def standing_of(report: InterviewReport, locale: str) -> Standing:
    percentile = round(report.percentile or 0)
    return Standing(
        percentile=percentile,
        compared_with=report.compared_with,
        text=STANDING_TEXT[locale].format(
            percentile=percentile, compared_with=report.compared_with
        ),
    )


@dataclass(frozen=True)
class Feedback:
    candidates: CandidateService
    positions: PositionRepository
    reviews: ReviewRepository
    scoring: ScoringRepository
    reports: Reports
    interviews: InterviewRepository
    portal: Portal
    settings: TalentSettings
    requests: CandidateRequestRepository
    notices: Notices
    uow: UnitOfWorkFactory

    # -------------------------------------------------------------- HQ's suggestions
    def suggestions(self, caller: Caller | None = None) -> FeedbackSuggestions:
        stored = self.settings.suggestions()
        if not stored.revision and not stored.suggestions:
            return stored.model_copy(update={"suggestions": list(DEFAULT_SUGGESTIONS)})
        return stored

    def save_suggestions(self, caller: Caller, change: SuggestionsChange) -> FeedbackSuggestions:
        require(caller, Capability.EDIT_FEEDBACK_SUGGESTIONS, action="editing feedback texts")
        current = self.settings.suggestions()
        check_revision(current, change.revision, "the feedback suggestions")
        updated = FeedbackSuggestions(
            suggestions=change.suggestions, updated_by=caller.username, revision=current.revision
        )
        with self.uow() as uow:
            saved = audited_write(
                uow,
                caller,
                "feedback_suggestions.update",
                updated,
                entity_id="feedback_suggestions",
                branch_id=HQ_BRANCH_ID,
                before=current if current.revision else None,
            )
            uow.commit()
        return saved

    # -------------------------------------------------------------- the rejection note
    def draft(self, caller: Caller, candidate_id: str) -> FeedbackDraft:
        candidate = self.candidates.manageable(
            caller, candidate_id, "HR who manage the candidate see the feedback draft"
        )
        return self.note(candidate)

    def note(self, candidate: Candidate) -> FeedbackDraft:
        locale = candidate.locale
        position = self.positions.get(candidate.position_id)
        scores = read_round_scores(self.reviews, self.scoring, candidate, position, candidate.round)
        # Only what a person scored, with its combined score: AI-only rows never count.
        reviewed = [d for d in scores.dimensions if d.human is not None and d.combined is not None]
        if not reviewed:
            return FeedbackDraft(
                locale=locale, text="", reviewed=False, reason="feedback_nothing_reviewed"
            )
        pass_lines = (
            {d.key: d.line for d in position.competency_model.dimensions} if position else {}
        )
        ranked = sorted(reviewed, key=lambda d: d.combined or 0, reverse=True)
        strong = [d for d in ranked if (d.combined or 0) >= pass_lines.get(d.key, 0)]
        weak = [d for d in reversed(ranked) if (d.combined or 0) < pass_lines.get(d.key, 0)]
        hq = self.suggestions()
        strongest = [
            NoteDimension(dimension=d.key, name=_name(d, locale)) for d in strong[:MAX_STRONGEST]
        ]
        weakest = []
        for d in weak[:MAX_WEAKEST]:
            suggestion = hq.for_dimension(d.key)
            weakest.append(
                NoteDimension(
                    dimension=d.key,
                    name=_name(d, locale),
                    suggestion=getattr(suggestion, locale) if suggestion else None,
                )
            )
        words = NOTE[locale]
        paragraphs = []
        if strongest:
            separator = "、" if locale == "zh" else ", "
            names = separator.join(s.name for s in strongest)
            paragraphs.append(words["strong"].format(names=names))
        if weakest:
            items = [
                f"- {w.name}"
                + (f"{'：' if locale == 'zh' else ': '}{w.suggestion}" if w.suggestion else "")
                for w in weakest
            ]
            paragraphs.append("\n".join([words["weak"], *items]))
        else:
            paragraphs.append(words["none_weak"])
        return FeedbackDraft(
            locale=locale,
            text="\n\n".join(paragraphs),
            reviewed=True,
            strongest=strongest,
            weakest=weakest,
        )

    # -------------------------------------------------------------- standing notice
    def report_ready(self, detail: dict[str, Any]) -> dict[str, Any]:
        """report.ready: tell the candidate where they stand, where the position shares
        it and the report has a percentile worth sharing. Once per round (the outbox's
        effect id), however often the event is delivered."""
        candidate = self.candidates.candidates.get(detail["candidate_id"])
        if candidate is None or candidate.round != detail.get("round") or candidate.employee_id:
            return {"sent": False, "why": "not_this_application"}
        position = self.positions.get(candidate.position_id)
        if position is None or not position.share_percentile:
            return {"sent": False, "why": "not_shared"}
        report = self.reports.read(candidate.id, candidate.round)
        if report is None or not shareable_standing(report):
            return {"sent": False, "why": "no_percentile"}
        standing = standing_of(report, candidate.locale)
        with self.uow() as uow:
            uow.create(StandingSent(candidate_id=candidate.id, round=candidate.round))
            self.notices.file(
                uow,
                candidate,
                f"standing:{candidate.round}",
                self.notices.to_candidate(
                    candidate,
                    NotificationEvent.STANDING,
                    percentile=int(standing.percentile),
                    compared_with=standing.compared_with,
                ),
            )
            try:
                uow.commit()
            except Conflict:  # the marker exists: told on an earlier delivery
                return {"sent": False, "why": "already_told"}
        return {"sent": True}

    # -------------------------------------------------------------- the candidate's page
    def outcome(self, token: str, session: str) -> Outcome:
        candidate = self.portal.verified(token, session)
        interview = self.interviews.interview(candidate.id, candidate.round)
        completed = interview.completed_at if interview else None
        status = candidate.status
        decision = self.reviews.decisions(candidate.id).get(candidate.round)
        shown: Literal["in_review", "decided", "next_step", "closed"]
        if status == CandidateStatus.REJECTED:
            shown = "decided"
        elif status in (
            CandidateStatus.SECOND_ROUND,
            CandidateStatus.OFFER_PENDING,
            CandidateStatus.OFFER_SENT,
            CandidateStatus.HIRED,
        ):
            shown = "next_step"
        elif status in (
            CandidateStatus.COMPLETED,
            CandidateStatus.IN_REVIEW,
            CandidateStatus.NEEDS_ATTENTION,
            CandidateStatus.ALTERNATIVE_REQUESTED,
        ):
            shown = "in_review"
        else:
            shown = "closed"
        position = self.positions.get(candidate.position_id)
        standing = None
        if position and position.share_percentile and completed:
            report = self.reports.read(candidate.id, candidate.round)
            if report and shareable_standing(report):
                standing = standing_of(report, candidate.locale)
        return Outcome(
            status=shown,
            completed_at=completed,
            results_by=working_days_after(completed.date(), RESULTS_WITHIN_WORKING_DAYS)
            if completed
            else None,
            standing=standing,
            feedback=(decision.feedback or None) if decision and shown == "decided" else None,
            decided_at=decision.at if decision and shown == "decided" else None,
            requests=[
                RequestView(
                    id=r.id,
                    kind=r.kind,
                    status=r.status,
                    at=r.at,
                    answer=r.answer,
                    answered_at=r.answered_at,
                )
                for r in self.requests.of(candidate.id)
            ],
        )

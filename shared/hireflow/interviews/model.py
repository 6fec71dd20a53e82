"""Interviews (one per round), the candidate's link token, the lifecycle's waiting
steps, and reviewers' scorecards.

Access patterns:
- a candidate's interview of a round: GetItem pk=CANDIDATE#<id>, sk=INTERVIEW#<round>
- the candidate behind a link: GetItem pk=TOKEN#<sha256 of the token>, sk=TOKEN
- invitations due within a day (reminders): Query pk=DEADLINE#<yyyy-mm-dd>
- the task token a step waits with: GetItem pk=CANDIDATE#<id>, sk=WAIT#<step>
- a candidate's scorecards: Query pk=CANDIDATE#<id>, sk begins_with REVIEW#<round>
- reviews waiting for a decision (reminders): Query pk=REVIEWS_PENDING, sk=<candidate id>
- AI scores of a position's candidates (percentiles): Query gsi2 POSITION#<id>#AI_SCORES
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Literal

from pydantic import BaseModel, Field

from hireflow.platform.ids import now
from hireflow.platform.store import ItemKeys, Repository, RevisionConflict, Stored


def token_hash(token: str) -> str:
    """Tokens are stored only as their SHA-256: a leaked table gives no working link."""
    return hashlib.sha256(token.encode()).hexdigest()


class Answer(BaseModel):
    question_id: str
    media_key: str | None = None
    uploaded_at: datetime | None = None
    scored_at: datetime | None = None
    needs_attention: str | None = None


class Interview(Stored):
    KIND = "interview"

    candidate_id: str
    round: int
    template_id: str
    template_version: int
    question_ids: list[str]
    deadline: datetime
    token_hash: str
    invited_at: datetime = Field(default_factory=now)
    invitation_sent_at: datetime | None = None
    completed_at: datetime | None = None
    reminded_at: datetime | None = None
    answers: dict[str, Answer] = Field(default_factory=dict)
    # The candidate portal's side: verification, consent, per-question timing.
    verify_failures: int = 0
    locked_at: datetime | None = None
    verified_at: datetime | None = None
    consent_at: datetime | None = None
    alternative_requested_at: datetime | None = None
    alternative_reason: str | None = None
    question_started: dict[str, datetime] = Field(default_factory=dict)
    upload_attempts: dict[str, int] = Field(default_factory=dict)

    def item_keys(self) -> ItemKeys:
        return ItemKeys(pk=f"CANDIDATE#{self.candidate_id}", sk=f"INTERVIEW#{self.round:02d}")

    @property
    def all_scored(self) -> bool:
        """Every recorded answer is scored (a question the candidate skipped has none)."""
        return all(a.scored_at is not None for a in self.answers.values() if a.media_key)


class PortalSession(Stored):
    """A verified candidate's short-lived session (stored as the hash of its token)."""

    KIND = "portal_session"

    session_hash: str
    candidate_id: str
    round: int
    expires: datetime

    def item_keys(self) -> ItemKeys:
        return ItemKeys(pk=f"SESSION#{self.session_hash}", sk="SESSION")

    def expires_at(self) -> datetime | None:
        return self.expires


class InvitationToken(Stored):
    KIND = "invitation_token"

    token_hash: str
    candidate_id: str
    round: int
    deadline: datetime

    def item_keys(self) -> ItemKeys:
        return ItemKeys(pk=f"TOKEN#{self.token_hash}", sk="TOKEN")

    def expires_at(self) -> datetime | None:
        return self.deadline + timedelta(days=30)


class DeadlineEntry(Stored):
    """An open invitation, filed under the day of its deadline for the reminder sweep."""

    KIND = "deadline"

    candidate_id: str
    round: int
    deadline: datetime

    def item_keys(self) -> ItemKeys:
        return ItemKeys(
            pk=f"DEADLINE#{self.deadline.date().isoformat()}",
            sk=f"{self.deadline.isoformat()}#{self.candidate_id}",
        )

    def expires_at(self) -> datetime | None:
        return self.deadline + timedelta(days=7)


Step = Literal["interview", "scoring", "review"]


class WaitingStep(Stored):
    """The task token a lifecycle step waits with, until something resumes it."""

    KIND = "waiting_step"

    candidate_id: str
    step: Step
    task_token: str
    since: datetime = Field(default_factory=now)

    def item_keys(self) -> ItemKeys:
        return ItemKeys(pk=f"CANDIDATE#{self.candidate_id}", sk=f"WAIT#{self.step}")


class Scorecard(Stored):
    KIND = "scorecard"

    candidate_id: str
    round: int
    reviewer_id: str
    reviewer: str
    role: str
    scores: dict[str, int]
    comment: str = ""
    at: datetime = Field(default_factory=now)

    def item_keys(self) -> ItemKeys:
        return ItemKeys(
            pk=f"CANDIDATE#{self.candidate_id}", sk=f"REVIEW#{self.round:02d}#{self.reviewer_id}"
        )


class PendingReview(Stored):
    """A candidate whose report waits for the reviewers' decision."""

    KIND = "pending_review"

    candidate_id: str
    branch_id: str
    since: datetime
    reviewer_ids: list[str]
    reminded_at: datetime | None = None

    def item_keys(self) -> ItemKeys:
        return ItemKeys(pk="REVIEWS_PENDING", sk=self.candidate_id)


class InterviewRepository:
    def __init__(self) -> None:
        self.interviews = Repository(Interview)
        self.tokens = Repository(InvitationToken)
        self.deadlines = Repository(DeadlineEntry)
        self.waits = Repository(WaitingStep)
        self.scorecards = Repository(Scorecard)
        self.pending_reviews = Repository(PendingReview)
        self.ai = Repository(AiDimensionScores)
        self.sessions = Repository(PortalSession)

    def interview(self, candidate_id: str, round_: int) -> Interview | None:
        return self.interviews.get(f"CANDIDATE#{candidate_id}", f"INTERVIEW#{round_:02d}")

    def change(
        self, candidate_id: str, round_: int, edit: Callable[[Interview], Interview | None]
    ) -> Interview | None:
        """Read-modify-write with optimistic locking, retried when another writer got
        there first. ``edit`` returns the changed interview, or None to change nothing;
        it may raise to refuse. Returns the stored result (None if there is no interview)."""
        for _ in range(8):
            interview = self.interview(candidate_id, round_)
            if interview is None:
                return None
            changed = edit(interview)
            if changed is None:
                return interview
            try:
                return self.interviews.save(changed)
            except RevisionConflict:
                continue
        raise RevisionConflict("the interview is changing too often; try again")

    def session(self, session_token: str) -> PortalSession | None:
        return self.sessions.get(f"SESSION#{token_hash(session_token)}", "SESSION")

    def by_token(self, token: str) -> InvitationToken | None:
        return self.tokens.get(f"TOKEN#{token_hash(token)}", "TOKEN")

    def waiting(self, candidate_id: str, step: Step) -> WaitingStep | None:
        return self.waits.get(f"CANDIDATE#{candidate_id}", f"WAIT#{step}")

    def scorecards_of(self, candidate_id: str, round_: int) -> list[Scorecard]:
        return list(self.scorecards.iterate(f"CANDIDATE#{candidate_id}", f"REVIEW#{round_:02d}#"))

    def ai_scores(self, candidate_id: str, round_: int) -> AiDimensionScores | None:
        return self.ai.get(f"CANDIDATE#{candidate_id}", f"AI_SCORES#{round_:02d}")

    def deadlines_on(self, day: str) -> list[DeadlineEntry]:
        return list(self.deadlines.iterate(f"DEADLINE#{day}"))

    def pending_since_before(self, cutoff: datetime) -> list[PendingReview]:
        # A scheduled sweep over the (small) set of open reviews, not a request path.
        return [p for p in self.pending_reviews.iterate("REVIEWS_PENDING") if p.since <= cutoff]


class AiDimensionScores(Stored):
    """The AI report's per-dimension scores of a round (0-100), written by scoring."""

    KIND = "ai_scores"

    candidate_id: str
    round: int
    dimensions: dict[str, float]
    overall: float
    position_id: str | None = None
    created_at: datetime = Field(default_factory=now)

    def item_keys(self) -> ItemKeys:
        # gsi2 ranks a position's candidates by overall score (the report's percentile).
        ranked = (
            (f"POSITION#{self.position_id}#AI_SCORES", f"{self.overall:05.1f}#{self.candidate_id}")
            if self.position_id
            else None
        )
        return ItemKeys(
            pk=f"CANDIDATE#{self.candidate_id}", sk=f"AI_SCORES#{self.round:02d}", gsi2=ranked
        )

"""Talent's entities, their keys and repositories: HQ's skill map, the résumé-vs-interview
cross-check, the talent pool (consent, entries, match lists), HQ's feedback suggestions
and the candidates' requests about a decision.

Access patterns:
- the skill map (HQ): GetItem pk=SETTINGS, sk=SKILL_MAP
- the feedback suggestions (HQ): GetItem pk=SETTINGS, sk=FEEDBACK_SUGGESTIONS
- a round's cross-check: GetItem pk=CANDIDATE#<id>, sk=CROSS_CHECK#<round>
- a candidate's pool consent: GetItem pk=CANDIDATE#<id>, sk=POOL_CONSENT
- a pool entry: GetItem pk=CANDIDATE#<id>, sk=POOL; a branch's pool: Query gsi1
  gsi1pk=BRANCH#<id>#POOL; the whole pool (HQ, matching): Query gsi2 gsi2pk=POOL
- a position's latest pool match: GetItem pk=POSITION#<id>, sk=POOL_MATCH
- a candidate's requests (human review, explanation): Query pk=CANDIDATE#<id>,
  sk begins_with REQUEST#; a branch's open requests: Query gsi1 BRANCH#<id>#REQUESTS
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, Field

from hireflow.platform.ids import new_id, now
from hireflow.platform.store import ItemKeys, Repository, Stored
from hireflow.recruiting.model import Span

# ------------------------------------------------------------------ HQ's skill map


class SkillMapping(BaseModel):
    """A skill (``key``: lower-case, as résumé claims are normalised) and the names it is
    written under, mapped to the competency dimension keys it is evidence for."""

    key: str = Field(min_length=1, max_length=60)
    names: list[str] = Field(default_factory=list, max_length=20)  # aliases, zh and en
    dimensions: list[str] = Field(min_length=1, max_length=10)


class SkillMap(Stored):
    KIND = "skill_map"

    skills: list[SkillMapping] = Field(default_factory=list, max_length=1000)
    updated_by: str | None = None
    updated_at: datetime = Field(default_factory=now)

    def dimensions_of(self, claim_key: str) -> list[str]:
        """The dimensions a claimed skill is evidence for (by key or any alias)."""
        wanted = claim_key.strip().lower()
        for skill in self.skills:
            if wanted == skill.key or wanted in (n.lower() for n in skill.names):
                return list(skill.dimensions)
        return []

    @staticmethod
    def key() -> tuple[str, str]:
        return "SETTINGS", "SKILL_MAP"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key())


# ------------------------------------------------------------------ cross-check

FlagKind = Literal["claim_not_shown", "shown_not_claimed"]


class InterviewSide(BaseModel):
    """The interview's evidence for one dimension: its score against the pass line and
    the moments behind it (question, seconds, words)."""

    dimension: str
    dimension_name: str
    dimension_name_zh: str | None = None
    score: float | None  # combined when people scored it, else the AI's
    pass_line: float
    source: Literal["combined", "ai"]
    moments: list[dict[str, Any]] = Field(default_factory=list)  # question_id, start, end, text


class ResumeSide(BaseModel):
    claim: str | None = None  # as written; None: the résumé does not mention it
    kind: Literal["skill", "experience", "certificate"] | None = None
    span: Span | None = None
    # The level the claim states, as written (精通 / expert): what makes a claim a question.
    level: str | None = None


class CrossCheckFlag(BaseModel):
    """A question for HR, never a score: a claim with weak interview evidence
    (claim_not_shown), or strong interview evidence the résumé does not mention
    (shown_not_claimed), with both sides side by side."""

    kind: FlagKind
    resume: ResumeSide
    interview: InterviewSide
    code: str  # the sentence in any language (messages.js), e.g. cross_check_claim_not_shown
    params: dict[str, Any] = Field(default_factory=dict)


class CrossCheck(Stored):
    KIND = "cross_check"

    candidate_id: str
    branch_id: str
    round: int
    flags: list[CrossCheckFlag] = Field(default_factory=list)
    checked_claims: int = 0  # claims mapped to a dimension of the position
    unmapped_claims: list[str] = Field(default_factory=list)  # skills the map does not know
    computed_at: datetime = Field(default_factory=now)

    @staticmethod
    def key(candidate_id: str, round_: int) -> tuple[str, str]:
        return f"CANDIDATE#{candidate_id}", f"CROSS_CHECK#{round_:02d}"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.candidate_id, self.round))


# ------------------------------------------------------------------ matching


class MatchPart(BaseModel):
    """One dimension's share of a match: the position's weight, the person's résumé and
    interview evidence for it, and what it adds to the cosine."""

    dimension: str
    weight: float
    resume: float  # 0-1: résumé evidence (mapped skills / experience) for the dimension
    interview: float | None  # 0-1: the interview's dimension score / 100; None: not measured
    contribution: float  # this dimension's term of the cosine (the terms sum to ``score``)


class Match(BaseModel):
    candidate_id: str
    score: float  # 0-1 cosine similarity (docs/talent.md)
    parts: list[MatchPart]
    resume_share: float  # how much of the score the résumé parts give (0-1)
    interview_share: float
    reasons: list[dict[str, Any]] = Field(default_factory=list)  # {code, params} for the UI


# ------------------------------------------------------------------ talent pool

PoolReason = Literal["rejected", "offer_declined", "offer_expired", "offer_withdrawn", "expired"]
ConsentChannel = Literal["rejection_letter", "portal"]
POOL_STATUSES = ("rejected", "offer_declined", "offer_expired", "offer_withdrawn", "expired")


class PoolConsent(Stored):
    """The candidate's consent to be kept in the talent pool (asked in the rejection
    letter's link or the portal), or its withdrawal. Kept per application."""

    KIND = "pool_consent"

    candidate_id: str
    given: bool
    channel: ConsentChannel
    notice_version: str = "1"  # which consent text was shown (docs/talent.md)
    at: datetime = Field(default_factory=now)

    @staticmethod
    def key(candidate_id: str) -> tuple[str, str]:
        return f"CANDIDATE#{candidate_id}", "POOL_CONSENT"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.candidate_id))


class PoolEntry(Stored):
    """A person kept in the pool, with consent, until ``retain_until`` (TTL deletes it).
    ``vector`` holds what matching needs so a 10k pool matches without other reads."""

    KIND = "pool_entry"

    candidate_id: str
    branch_id: str
    position_id: str  # the application's position
    name: str
    reason: PoolReason
    joined_at: datetime = Field(default_factory=now)
    retain_until: datetime
    tags: list[str] = Field(default_factory=list, max_length=20)
    skills: list[str] = Field(default_factory=list)  # résumé claim keys (skills+certificates)
    dimension_scores: dict[str, float] = Field(default_factory=dict)  # interview, 0-100
    experience_months: int = 0
    invited_to: list[str] = Field(default_factory=list)  # applications started from here

    def expires_at(self) -> datetime | None:
        return self.retain_until

    @staticmethod
    def key(candidate_id: str) -> tuple[str, str]:
        return f"CANDIDATE#{candidate_id}", "POOL"

    @staticmethod
    def of_branch(branch_id: str) -> str:
        return f"BRANCH#{branch_id}#POOL"

    def item_keys(self) -> ItemKeys:
        sort = f"{self.joined_at.isoformat()}#{self.candidate_id}"
        return ItemKeys(
            *self.key(self.candidate_id),
            gsi1=(self.of_branch(self.branch_id), sort),
            gsi2=(ALL_POOL, sort),
        )


ALL_POOL = "POOL"
DEFAULT_POOL_RETENTION = timedelta(days=365)


class PoolMatchList(Stored):
    """A position's pool ranked (the best ``MAX_POOL_MATCHES``), computed when the
    position opens or when HQ / HR asks."""

    KIND = "pool_match_list"

    position_id: str
    branch_id: str
    matches: list[Match] = Field(default_factory=list)
    pool_size: int = 0
    computed_at: datetime = Field(default_factory=now)
    trigger: Literal["position_opened", "asked"] = "asked"

    @staticmethod
    def key(position_id: str) -> tuple[str, str]:
        return f"POSITION#{position_id}", "POOL_MATCH"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.position_id))


MAX_POOL_MATCHES = 50


# ------------------------------------------------------------------ candidate feedback


class DimensionSuggestion(BaseModel):
    """HQ's practice suggestion for a weak dimension, in both languages."""

    dimension: str
    en: str = Field(min_length=1, max_length=500)
    zh: str = Field(min_length=1, max_length=500)


class FeedbackSuggestions(Stored):
    KIND = "feedback_suggestions"

    suggestions: list[DimensionSuggestion] = Field(default_factory=list)
    updated_by: str | None = None
    updated_at: datetime = Field(default_factory=now)

    def for_dimension(self, key: str) -> DimensionSuggestion | None:
        return next((s for s in self.suggestions if s.dimension == key), None)

    @staticmethod
    def key() -> tuple[str, str]:
        return "SETTINGS", "FEEDBACK_SUGGESTIONS"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key())


RequestKind = Literal["human_review", "explanation"]


class CandidateRequest(Stored):
    """A candidate's request about a decision: a human review of it, or an explanation
    of the AI's role. Open until HR answers; the explanation is also answered at once."""

    KIND = "candidate_request"

    id: str = Field(default_factory=new_id)
    candidate_id: str
    branch_id: str
    kind: RequestKind
    message: str = Field(default="", max_length=2000)
    at: datetime = Field(default_factory=now)
    status: Literal["open", "answered"] = "open"
    answered_by: str | None = None
    answered_at: datetime | None = None
    answer: str | None = None

    @staticmethod
    def partition(candidate_id: str) -> str:
        return f"CANDIDATE#{candidate_id}"

    @staticmethod
    def open_in(branch_id: str) -> str:
        return f"BRANCH#{branch_id}#REQUESTS"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(
            self.partition(self.candidate_id),
            f"REQUEST#{self.at.isoformat()}#{self.id}",
            gsi1=(self.open_in(self.branch_id), self.at.isoformat())
            if self.status == "open"
            else None,
        )


class TalentSettings:
    """Repositories of the HQ settings items (read and saved whole, revision-checked)."""

    def __init__(self) -> None:
        self._skills = Repository(SkillMap)
        self._suggestions = Repository(FeedbackSuggestions)

    def skill_map(self) -> SkillMap:
        return self._skills.get(*SkillMap.key()) or SkillMap()

    def suggestions(self) -> FeedbackSuggestions:
        return self._suggestions.get(*FeedbackSuggestions.key()) or FeedbackSuggestions()


class PoolRepository:
    """The talent pool: consents, entries (an expired entry is never returned: DynamoDB's
    TTL deletes it lazily, so every read filters on ``retain_until``) and match lists."""

    def __init__(self) -> None:
        self._consents = Repository(PoolConsent)
        self._entries = Repository(PoolEntry)
        self._matches = Repository(PoolMatchList)

    def consent(self, candidate_id: str) -> PoolConsent | None:
        return self._consents.get(*PoolConsent.key(candidate_id))

    def entry(self, candidate_id: str) -> PoolEntry | None:
        found = self._entries.get(*PoolEntry.key(candidate_id))
        return found if found and found.retain_until > now() else None

    def entries(self, branch_id: str | None) -> list[PoolEntry]:
        """A branch's pool, or (None) the whole pool, oldest first; kept entries only."""
        if branch_id:
            found = self._entries.iterate(PoolEntry.of_branch(branch_id), index="gsi1")
        else:
            found = self._entries.iterate(ALL_POOL, index="gsi2")
        at = now()
        return [e for e in found if e.retain_until > at]

    def entries_of(self, candidate_ids: list[str]) -> dict[str, PoolEntry]:
        at = now()
        found = self._entries.batch_get([PoolEntry.key(c) for c in candidate_ids])
        return {e.candidate_id: e for e in found if e.retain_until > at}

    def match_list(self, position_id: str) -> PoolMatchList | None:
        return self._matches.get(*PoolMatchList.key(position_id))


class CandidateRequestRepository:
    """A candidate's requests (newest first) and a branch's open ones (oldest first)."""

    def __init__(self) -> None:
        self._requests = Repository(CandidateRequest)

    @staticmethod
    def of_candidate() -> str:
        return "REQUEST#"

    def of(self, candidate_id: str) -> list[CandidateRequest]:
        found = self._requests.iterate(CandidateRequest.partition(candidate_id), "REQUEST#")
        return sorted(found, key=lambda r: r.at, reverse=True)

    def open_in(self, branch_id: str) -> list[CandidateRequest]:
        return list(self._requests.iterate(CandidateRequest.open_in(branch_id), index="gsi1"))


class StandingSent(Stored):
    """The marker that a round's standing notice was filed: created with it, so a second
    delivery of report.ready files nothing (talent/feedback.py)."""

    KIND = "standing_sent"

    candidate_id: str
    round: int
    at: datetime = Field(default_factory=now)

    @staticmethod
    def key(candidate_id: str, round_: int) -> tuple[str, str]:
        return f"CANDIDATE#{candidate_id}", f"STANDING#{round_:02d}"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.candidate_id, self.round))


# The items under an application's partition that are talent's (erasure): cross-checks,
# the candidate's requests, the standing notices sent (TALENT_SORT_PREFIXES), and the pool
# entry and its consent (POOL_SORT_PREFIXES: kept by their own period and consent, so
# retention files them with the application, not with the reports).
TALENT_SORT_PREFIXES = ("CROSS_CHECK#", "REQUEST#", "STANDING#")
POOL_SORT_PREFIXES = ("POOL",)

"""What scoring produces and stores: plain models with no heavy imports, so the HR API
can read reports without OpenCV, onnxruntime or numpy."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, Field

from hireflow.platform.ids import now
from hireflow.platform.messages import Coded
from hireflow.platform.store import AlreadyExists, ItemKeys, Repository, RevisionConflict, Stored


class Word(BaseModel):
    text: str
    start: float
    end: float
    confidence: float | None = None


class Segment(BaseModel):
    start: float
    end: float
    text: str
    words: list[Word] = Field(default_factory=list)


class Transcript(BaseModel):
    language: str  # the language transcribed in: the one heard (or the locale when unsure)
    model: str
    segments: list[Segment] = Field(default_factory=list)
    # Language identification among the interview's languages (zh, en): what was heard,
    # its probability (renormalised over those languages) and the candidate's locale, the
    # prior when identification was unsure. None: not identified (older assessments).
    detected_language: str | None = None
    language_probability: float | None = None
    locale: str | None = None

    @property
    def words(self) -> list[Word]:
        return [w for s in self.segments for w in s.words]

    @property
    def text(self) -> str:
        if self.language != "zh":
            return " ".join(s.text.strip() for s in self.segments).strip()
        text = ""
        for segment in self.segments:
            part = segment.text.strip()
            # Chinese runs on; English segments of a mixed answer keep a space between them.
            if text and part and text[-1].isascii() and part[0].isascii():
                text += " "
            text += part
        return text


class Moment(BaseModel):
    """A piece of the transcript that is evidence for something."""

    start: float
    end: float
    text: str


class SpeechFeatures(BaseModel):
    words: int  # characters for Chinese
    speaking_seconds: float
    words_per_minute: float
    fillers: int
    filler_ratio: float
    filler_words: list[str]
    long_pauses: list[Moment]  # silences over LONG_PAUSE_SECONDS inside the answer
    pause_share: float


class RubricFinding(BaseModel):
    key: str
    label: str
    covered: bool
    via: str | None = None  # 'cue "refund"' or 'meaning 0.62'
    moment: Moment | None = None


class StarFinding(BaseModel):
    part: str
    found: bool
    cue: str | None = None
    moment: Moment | None = None


class ContentFeatures(BaseModel):
    rubric: list[RubricFinding]
    rubric_coverage: float | None  # None: the question has no rubric
    rubric_in_order: float | None
    exemplar_similarity: float | None  # best cosine to an exemplar; None: no exemplars
    closest_moment: Moment | None
    star: list[StarFinding] | None  # behavioural questions only


class FrameFinding(BaseModel):
    at: float
    faces: int
    frontal: bool
    centred: bool
    brightness: float  # mean grey level (0-255) of the face, or of the frame without one
    sharpness: float  # variance of the Laplacian over the face (or the frame)


class VisionFeatures(BaseModel):
    frames: int
    face_present: float  # share of frames with at least one face
    several_faces: float  # share of frames with more than one face
    centred: float  # share of frames with a face near the middle
    frontal: float  # share of frames with a face turned to the camera
    brightness: float  # mean grey level, 0-255
    sharpness: float  # median variance of the Laplacian
    several_faces_at: list[float]  # seconds, for the integrity flag
    model: str


class Score(BaseModel):
    value: float  # 0-100
    formula: str
    parts: dict[str, float | None]
    moments: list[Moment] = Field(default_factory=list)


class AnswerScores(BaseModel):
    content: Score
    delivery: Score
    presence: Score


class AnswerAssessment(BaseModel):
    """Everything the AI found in one answer: what HR reads, and what the report adds up.

    Two outcomes: scored (``scores`` and the features behind them), or insufficient
    evidence (``insufficient_evidence`` says why the AI cannot judge the answer; no
    scores, so the answer is left out of the dimension and overall scores). Either way
    the answer is assessed and the round's scoring can finish. Broken media is neither:
    it never becomes an assessment (the answer needs attention)."""

    question_id: str
    duration: float
    insufficient_evidence: str | None = None
    insufficient_evidence_code: str | None = None  # the reason in any language
    insufficient_evidence_params: dict[str, Any] = Field(default_factory=dict)
    transcript: Transcript | None  # None: not transcribed (too short, silent)
    speech: SpeechFeatures | None
    content: ContentFeatures | None
    vision: VisionFeatures
    scores: AnswerScores | None  # None exactly when insufficient_evidence is set
    flags: list[str]
    flag_codes: list[Coded] = []  # the flags in any language (``platform.messages``)
    models: dict[str, str]


class DimensionEvidence(BaseModel):
    question_id: str
    score: float
    content: float | None
    delivery: float | None
    presence: float | None


class DimensionResult(BaseModel):
    key: str
    weight: float
    score: float | None  # None: no question measures it
    formula: str
    evidence: list[DimensionEvidence]


class ReportAnswer(BaseModel):
    question_id: str
    question: str  # in the interview's language
    # The question in each language, for a reader of the other one.
    question_en: str | None = None
    question_zh: str | None = None
    media_key: str | None
    # The exact S3 object scored: the video link is signed for this version.
    media_version: str | None = None
    media_etag: str | None = None
    needs_attention: str | None = None
    needs_attention_code: str | None = None  # the reason in any language
    needs_attention_params: dict[str, Any] = Field(default_factory=dict)
    insufficient_evidence: str | None = None  # assessed, but the AI could not judge it
    insufficient_evidence_code: str | None = None
    insufficient_evidence_params: dict[str, Any] = Field(default_factory=dict)
    assessment: AnswerAssessment | None = None
    # The AI gate kept this answer from the AI (privacy.gate): the code, e.g. ai_off_branch.
    ai_withheld: str | None = None


class UnscoredAnswer(BaseModel):
    """An answer the AI did not score, and why (left out of every score)."""

    question_id: str
    question: str
    question_zh: str | None = None
    reason: str
    code: str | None = None  # the reason in any language
    params: dict[str, Any] = Field(default_factory=dict)


class IntegrityFlag(BaseModel):
    question_id: str
    flag: str
    code: str = ""  # the flag in any language (``platform.messages``); "" before codes
    params: dict[str, Any] = {}


class InterviewReport(BaseModel):
    candidate_id: str
    round: int
    position_id: str
    template_id: str
    template_version: int
    language: str
    created_at: str
    overall: float | None  # None: no answer had enough evidence for an AI score
    dimensions: list[DimensionResult]
    suggestion: str
    suggestion_code: str | None = None  # the suggestion in any language
    suggestion_params: dict[str, Any] = {}
    integrity_flags: list[IntegrityFlag]
    key_moments: dict[str, list[Moment]]
    missing_rubric: dict[str, list[str]]
    percentile: float | None  # share of the position's earlier candidates scoring lower
    compared_with: int
    answers: list[ReportAnswer]
    models: dict[str, str]
    # Answers assessed as insufficient evidence: not in the dimension or overall scores.
    not_scored: list[UnscoredAnswer] = Field(default_factory=list)
    # Why the AI's weight is dropped for the candidate (people review and decide without
    # it): no overall, no suggestion, no ranking; the per-answer evidence stays readable.
    ai_dropped: str | None = None

    def dimension_evidence(self, key: str) -> list[DimensionEvidence]:
        """The answers behind the AI's score on dimension ``key``, weakest first; none
        where the AI's weight is dropped or no answer measured the dimension. (Onboarding's
        course reasons and talent's cross-check read the report through this.)"""
        if self.ai_dropped:
            return []
        found = next((d for d in self.dimensions if d.key == key), None)
        if found is None or found.score is None:
            return []
        return sorted(found.evidence, key=lambda e: e.score)


class ReportLinks(BaseModel):
    """Short-lived presigned GETs: the HTML rendering and each answer's video."""

    html: str
    videos: dict[str, str]
    expires_in: int


# ---------------------------------------------------------------------- stored
# Access patterns:
# - a recording's assessment: GetItem pk=CANDIDATE#<id>,
#   sk=ANSWER_SCORE#<round>#<question>#<recording file>
# - a round's assessments: Query pk=CANDIDATE#<id>, sk begins_with ANSWER_SCORE#<round>#
#   (one per scored recording: a retake's assessment never overwrites another's)
# - a Transcribe job waiting for its completion event: GetItem pk=TRANSCRIPTION#<job>, sk=JOB
# - who scores a recording version (a claim with a lease): GetItem pk=CANDIDATE#<id>,
#   sk=SCORING#<round>#<question>#<recording file>#<version>[#<phase>]
# - a round's AI dimension scores: GetItem pk=CANDIDATE#<id>, sk=AI_SCORES#<round>
# - a position's AI overall scores, ranked (percentiles): Query gsi2 POSITION#<id>#AI_SCORES


class AnswerScoreRecord(Stored):
    KIND = "answer_score"

    candidate_id: str
    round: int
    question_id: str
    media_key: str
    # The object version (and ETag) that was downloaded and scored.
    media_version: str | None = None
    media_etag: str | None = None
    assessment: AnswerAssessment
    scored_at: datetime = Field(default_factory=now)

    def item_keys(self) -> ItemKeys:
        recording = self.media_key.rsplit("/", 1)[-1]
        return ItemKeys(
            pk=self.partition(self.candidate_id),
            sk=f"{self.of_round(self.round)}{self.question_id}#{recording}",
        )

    @staticmethod
    def partition(candidate_id: str) -> str:
        return f"CANDIDATE#{candidate_id}"

    @staticmethod
    def of_round(round_: int) -> str:
        return f"ANSWER_SCORE#{round_:02d}#"


class ScoringClaim(Stored):
    """One scorer's claim on a recording version: created with a condition, so duplicate
    events find it taken. A retry of the same delivery (the same Lambda request id) takes
    over at once - its first attempt died without letting go - and any other once the
    lease has run out; a finished claim is never taken again."""

    KIND = "scoring_claim"

    candidate_id: str
    round: int
    question_id: str
    media_key: str
    media_version: str
    # "score", or "transcript" (Amazon Transcribe's second half); "-r<n>" for HR's n-th re-run
    phase: str = "score"
    lease_until: datetime
    delivery: str = ""  # the event delivery holding the claim
    finished_at: datetime | None = None

    def item_keys(self) -> ItemKeys:
        recording = self.media_key.rsplit("/", 1)[-1]
        sk = f"SCORING#{self.round:02d}#{self.question_id}#{recording}#{self.media_version}"
        return ItemKeys(
            pk=f"CANDIDATE#{self.candidate_id}",
            sk=sk if self.phase == "score" else f"{sk}#{self.phase}",
        )

    def expires_at(self) -> datetime | None:
        return self.lease_until + timedelta(days=30)


class PendingTranscription(Stored):
    """The first half of an answer's scoring, kept until Amazon Transcribe's completion
    event brings the transcript (the continuation the event resumes)."""

    KIND = "pending_transcription"

    job_name: str
    candidate_id: str
    round: int
    question_id: str
    media_key: str
    media_version: str | None = None
    media_etag: str | None = None
    language: str
    duration: float
    vision: VisionFeatures
    rescores: int = 0  # the answer's re-runs when this job started (names its claim)
    started_at: datetime = Field(default_factory=now)

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.job_name))

    @staticmethod
    def key(job_name: str) -> tuple[str, str]:
        return f"TRANSCRIPTION#{job_name}", "JOB"

    def expires_at(self) -> datetime | None:
        return self.started_at + timedelta(days=3)


class AiDimensionScores(Stored):
    """The AI report's per-dimension scores of a round (0-100), written with the report."""

    KIND = "ai_scores"

    candidate_id: str
    round: int
    dimensions: dict[str, float]
    overall: float | None  # None: no answer had enough evidence (not ranked)
    position_id: str | None = None
    created_at: datetime = Field(default_factory=now)

    @staticmethod
    def key(candidate_id: str, round_: int) -> tuple[str, str]:
        return f"CANDIDATE#{candidate_id}", f"AI_SCORES#{round_:02d}"

    @staticmethod
    def of_position(position_id: str) -> str:
        return f"POSITION#{position_id}#AI_SCORES"

    def item_keys(self) -> ItemKeys:
        # gsi2 ranks a position's candidates by overall score (the report's percentile).
        ranked = (
            (self.of_position(self.position_id), f"{self.overall:05.1f}#{self.candidate_id}")
            if self.position_id and self.overall is not None
            else None
        )
        return ItemKeys(*self.key(self.candidate_id, self.round), gsi2=ranked)


def _keys(item: Stored) -> tuple[str, str]:
    keys = item.item_keys()
    return keys.pk, keys.sk


class ScoringRepository:
    def __init__(self) -> None:
        self._scores = Repository(AnswerScoreRecord)
        self._pending = Repository(PendingTranscription)
        self._ai = Repository(AiDimensionScores)
        self._claims = Repository(ScoringClaim)

    def claim(self, claim: ScoringClaim) -> ScoringClaim | None:
        """Take the claim (None: another scorer holds it, or it is finished)."""
        try:
            return self._claims.create(claim)
        except AlreadyExists:
            pass
        held = self._claims.get(*_keys(claim))
        if held is None or held.finished_at is not None:
            return None
        retried = bool(claim.delivery) and held.delivery == claim.delivery
        if not retried and held.lease_until > now():
            return None  # a duplicate event while the first scorer works
        try:  # the scorer holding it died: take over, unless another retry did first
            taken = {"lease_until": claim.lease_until, "delivery": claim.delivery}
            return self._claims.save(held.model_copy(update=taken))
        except RevisionConflict:
            return None

    def release(self, claim: ScoringClaim) -> None:
        """Give the claim up (the work failed): the event's retry may take it."""
        self._claims.delete(*_keys(claim))

    def finish(self, claim: ScoringClaim) -> None:
        self._claims.put(claim.model_copy(update={"finished_at": now()}))

    def of_round(self, candidate_id: str, round_: int) -> list[AnswerScoreRecord]:
        return list(
            self._scores.iterate(
                AnswerScoreRecord.partition(candidate_id), AnswerScoreRecord.of_round(round_)
            )
        )

    def add(self, record: AnswerScoreRecord) -> None:
        self._scores.put(record)

    def transcription(self, job_name: str) -> PendingTranscription | None:
        return self._pending.get(*PendingTranscription.key(job_name))

    def transcribing(self, pending: PendingTranscription) -> None:
        self._pending.put(pending)

    def transcribed(self, job_name: str) -> None:
        self._pending.delete(*PendingTranscription.key(job_name))

    def ai_scores(self, candidate_id: str, round_: int) -> AiDimensionScores | None:
        return self._ai.get(*AiDimensionScores.key(candidate_id, round_))

    def latest_ai_scores(self, candidate_id: str, last_round: int) -> AiDimensionScores | None:
        """A second round is in person: the AI scores are the latest video interview's."""
        for round_ in range(last_round, 0, -1):
            found = self.ai_scores(candidate_id, round_)
            if found:
                return found
        return None

    def store_ai_scores(self, scores: AiDimensionScores) -> None:
        self._ai.put(scores)

    def position_overalls(self, position_id: str) -> list[AiDimensionScores]:
        return list(self._ai.iterate(AiDimensionScores.of_position(position_id), index="gsi2"))


# The items under an application's partition that are scoring's (erasure): the answer
# assessments (they carry the transcript) and the claims and AI scores of each round.
TRANSCRIPT_SORT_PREFIXES = ("ANSWER_SCORE#",)
REPORT_SORT_PREFIXES = ("SCORING#", "AI_SCORES#")

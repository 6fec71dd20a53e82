"""What scoring produces and stores: plain models with no heavy imports, so the HR API
can read reports without OpenCV, onnxruntime or numpy."""

from __future__ import annotations

from pydantic import BaseModel, Field


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
    language: str
    model: str
    segments: list[Segment] = Field(default_factory=list)

    @property
    def words(self) -> list[Word]:
        return [w for s in self.segments for w in s.words]

    @property
    def text(self) -> str:
        joiner = "" if self.language == "zh" else " "
        return joiner.join(s.text.strip() for s in self.segments).strip()


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
    """Everything the AI found in one answer: what HR reads, and what the report adds up."""

    question_id: str
    duration: float
    transcript: Transcript
    speech: SpeechFeatures
    content: ContentFeatures
    vision: VisionFeatures
    scores: AnswerScores
    flags: list[str]
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
    question: str
    media_key: str | None
    needs_attention: str | None = None
    assessment: AnswerAssessment | None = None


class IntegrityFlag(BaseModel):
    question_id: str
    flag: str


class InterviewReport(BaseModel):
    candidate_id: str
    round: int
    position_id: str
    template_id: str
    template_version: int
    language: str
    created_at: str
    overall: float
    dimensions: list[DimensionResult]
    suggestion: str
    integrity_flags: list[IntegrityFlag]
    key_moments: dict[str, list[Moment]]
    missing_rubric: dict[str, list[str]]
    percentile: float | None  # share of the position's earlier candidates scoring lower
    compared_with: int
    answers: list[ReportAnswer]
    models: dict[str, str]


class ReportLinks(BaseModel):
    """Short-lived presigned GETs: the HTML rendering and each answer's video."""

    html: str
    videos: dict[str, str]
    expires_in: int

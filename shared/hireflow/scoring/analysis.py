"""One answer from file to assessment: the same code path for the scoring function and
for ``python -m hireflow.scoring``. Heavy libraries load on first use, once per process.

The outcome is a scored assessment, or one with ``insufficient_evidence`` when the
recording is fine but the AI cannot judge it (too short, silent, no speech heard); broken
media raises ``MediaRejected`` (a person must fix it)."""

from __future__ import annotations

from pathlib import Path

from hireflow.assessment.model import Question
from hireflow.platform.messages import CodedText
from hireflow.scoring.embeddings import encoder
from hireflow.scoring.features import content_features, speech_features
from hireflow.scoring.media import Recording, read_recording
from hireflow.scoring.model import AnswerAssessment, Transcript, VisionFeatures
from hireflow.scoring.scores import assess_answer, insufficient_answer
from hireflow.scoring.transcripts import LANGUAGES, Transcriber, whisper
from hireflow.scoring.vision import MODEL as VISION_MODEL
from hireflow.scoring.vision import vision_features

# Over the answer time, a recording may run this much longer (the browser stops it late).
OVERRUN_SECONDS = 30.0


def inspect(path: str | Path, answer_seconds: float) -> tuple[Recording, VisionFeatures]:
    """Check and decode the recording, and look at its sampled frames."""
    recording = read_recording(path, max_seconds=answer_seconds + OVERRUN_SECONDS)
    return recording, vision_features(recording.frames)


NO_SPEECH = CodedText("no speech was heard in the answer", "evidence_no_speech")
# Below this mean word confidence the transcript is too uncertain to score. Clear answers
# measured 0.88-0.94 (jfk.flac, the synthetic English answers, the natural Mandarin clip).
LOW_CONFIDENCE = 0.5


def evidence_problem(transcript: Transcript) -> str | None:
    """Why the AI cannot judge an answer from its transcript, or None if it can.

    What speech recognition can tell: a language the interview does not take (not
    transcribed), no words, or words it was unsure of on average. Return a reason only
    for "cannot judge"; a broken file raises MediaRejected before it gets here."""
    heard, probability = transcript.detected_language, transcript.language_probability
    if heard is not None and heard not in LANGUAGES:
        sure = f"identified with probability {probability:.2f}; " if probability else ""
        return CodedText(
            f"spoken language not supported: {heard} ({sure}this interview takes "
            f"{', '.join(LANGUAGES)})",
            "evidence_language",
            heard=heard,
        )
    if not transcript.words:
        return NO_SPEECH
    confidences = [w.confidence for w in transcript.words if w.confidence is not None]
    if confidences and (mean := sum(confidences) / len(confidences)) < LOW_CONFIDENCE:
        return CodedText(
            f"the speech could not be made out reliably (average word confidence "
            f"{mean:.2f}, {LOW_CONFIDENCE} needed)",
            "evidence_unclear",
            confidence=round(mean, 2),
            needed=LOW_CONFIDENCE,
        )
    return None


def unjudgeable(
    question: Question,
    duration: float,
    reason: str,
    vision: VisionFeatures,
    transcript: Transcript | None = None,
) -> AnswerAssessment:
    """The assessment of an answer the AI cannot judge: the reason, no scores."""
    models = {"vision": VISION_MODEL}
    if transcript is not None:
        models["speech"] = transcript.model
    return insufficient_answer(question, duration, reason, vision, models, transcript)


def conclude(
    question: Question,
    answer_seconds: float,
    duration: float,
    transcript: Transcript,
    vision: VisionFeatures,
) -> AnswerAssessment:
    """Score a transcribed answer (from either transcriber), or say the AI cannot."""
    problem = evidence_problem(transcript)
    if problem is not None:
        return unjudgeable(question, duration, problem, vision, transcript)
    sentences = encoder()
    return assess_answer(
        question,
        answer_seconds,
        duration,
        transcript,
        speech_features(transcript),
        content_features(transcript, question, sentences),
        vision,
        models={"speech": transcript.model, "sentences": sentences.name, "vision": VISION_MODEL},
    )


def analyse(
    path: str | Path,
    question: Question,
    answer_seconds: float,
    language: str,
    transcriber: Transcriber | None = None,
) -> AnswerAssessment:
    """Inspect, transcribe offline and score; raises MediaRejected with the reason if
    the media is broken, returns insufficient evidence if the AI cannot judge it."""
    recording, vision = inspect(path, answer_seconds)
    if recording.insufficient_evidence:
        return unjudgeable(question, recording.duration, recording.insufficient_evidence, vision)
    transcript = (transcriber or whisper()).transcribe(recording.audio, language)
    return conclude(question, answer_seconds, recording.duration, transcript, vision)

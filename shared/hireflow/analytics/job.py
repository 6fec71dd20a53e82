"""The analytics job (docs/analytics.md, "Where it runs and how it scales"): load the facts,
compute, store every result the HQ screens read. Run by AnalyticsFunction (a container
image with numpy and scipy): nightly in full, every 15 minutes incrementally, and on each
domain event that changes the facts, only to mark what is out of date.

- ``full()``: every result of every position and branch, and the company's.
- ``incremental()``: the positions and branches marked dirty since the last run (their
  validity, weight proposal, calibration, fairness; their branch's group analysis), and
  the company-wide results (GroupAnalysis ALL, FairnessReport ALL) whenever anything was
  marked. Nothing marked: nothing done.
- ``mark(detail_type, detail)``: an event about a position and branch marks both.

Running twice is harmless: results are overwritten with the same numbers, and a weight
proposal equal to the open one is not proposed again (the folds are fixed, so the same
data gives the same proposal).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

import numpy as np

from hireflow.analytics import calibration, fairness, groups, validity, weights
from hireflow.analytics.facts import Facts, FactsLoader, Performance, performance
from hireflow.analytics.model import (
    MIN_VALIDITY_N,
    AnalyticsRepository,
    AnalyticsRun,
    DirtyScope,
    FairnessReport,
    GroupAnalysis,
    PositionCalibration,
    PositionValidity,
    WeightProposal,
)
from hireflow.platform.ids import now
from hireflow.platform.observability import logger

# The events that change what analytics computes from (docs/events.md).
MARKING_EVENTS = frozenset(
    {
        "employee.created",
        "performance.reviewed",
        "employee.reassessed",
        "report.ready",
        "candidate.rejected",
        "candidate.second_round",
        "offer.requested",
        "offer.sent",
        "offer.accepted",
        "demographics.answered",
    }
)


@dataclass
class Results:
    """What one computation produced."""

    validity: list[PositionValidity] = field(default_factory=list)
    proposals: list[WeightProposal] = field(default_factory=list)
    calibration: list[PositionCalibration] = field(default_factory=list)
    fairness: list[FairnessReport] = field(default_factory=list)
    groups: list[GroupAnalysis] = field(default_factory=list)

    def stored(self) -> Iterable[Any]:
        yield from self.validity
        yield from self.calibration
        yield from self.fairness
        yield from self.groups


def proposal(
    facts: Facts, perf: Performance, row: int, min_n: int = MIN_VALIDITY_N
) -> WeightProposal | None:
    """The weight proposal of position ``row``; None below ``min_n`` employees with
    every dimension and performance known, or when no dimension predicts performance."""
    position = facts.positions[row]
    columns = facts.columns(position)
    mine = facts.employees.position == row
    x = facts.employees.baseline[np.ix_(mine, columns)]
    y = perf.mean[mine]
    known = ~(np.isnan(x).any(axis=1) | np.isnan(y))
    if known.sum() < min_n:
        return None
    current = np.array([position.weights[k] for k in position.keys])
    fit = weights.fit_weights(x[known], y[known], current)
    if fit is None:
        return None
    proposed = {k: round(float(w), 4) for k, w in zip(position.keys, fit.weights, strict=True)}
    return WeightProposal(
        position=position.named,
        template_id=position.template_id or "",
        template_version=position.template_version,
        current={k: round(v, 4) for k, v in position.weights.items()},
        proposed=proposed,
        current_error=round(fit.current_error, 2),
        proposed_error=round(fit.proposed_error, 2),
        folds=fit.folds,
        n=fit.n,
        method=fit.method,
        adverse_impact=fairness.rescored(facts, row, fit.weights),
    )


def compute(
    facts: Facts,
    positions: set[str] | None = None,
    branches: set[str] | None = None,
    min_n: int = MIN_VALIDITY_N,
) -> Results:
    """Every result for the given positions and branches (None: all of them), and the
    company-wide ones. Pure: arrays in, result models out."""
    perf = performance(facts.employees, facts.reviews)
    rows = [
        i for i, p in enumerate(facts.positions) if positions is None or p.named.id in positions
    ]
    results = Results()
    for row in rows:
        results.validity.append(validity.position_validity(facts, perf, row, min_n))
        found = proposal(facts, perf, row, min_n)
        if found:
            results.proposals.append(found)
        mine = facts.candidates.position == row
        results.fairness.append(
            fairness.report(facts, mine, facts.positions[row].named.id, facts.positions[row].named)
        )
    results.calibration = calibration.calibrations(facts, rows)
    everyone = np.ones(len(facts.candidates), dtype=bool)
    results.fairness.append(fairness.report(facts, everyone, "ALL", None))
    scopes = ["ALL"] + [b for b in facts.branch_ids if branches is None or b in branches]
    results.groups = groups.analyses(facts, perf, scopes)
    return results


@dataclass(frozen=True)
class AnalyticsJob:
    loader: FactsLoader
    results: AnalyticsRepository
    clock: Callable[[], datetime] = now
    min_n: int = MIN_VALIDITY_N

    def full(self) -> AnalyticsRun:
        return self._run("full", None)

    def incremental(self) -> AnalyticsRun | None:
        marks = self.results.dirty()
        if not marks:
            return None
        run = self._run("incremental", marks)
        for mark in marks:
            self.results.clean(mark)  # kept when it was marked again meanwhile
        return run

    def mark(self, detail_type: str, detail: dict[str, Any]) -> int:
        """Mark the event's position and branch dirty; how many marks were written."""
        if detail_type not in MARKING_EVENTS:
            return 0
        marked = 0
        scopes: tuple[Literal["position", "branch"], ...] = ("position", "branch")
        for scope in scopes:
            scope_id = detail.get(f"{scope}_id")
            if scope_id:
                self.results.mark(DirtyScope(scope=scope, id=scope_id, by=detail_type))
                marked += 1
        return marked

    def _run(
        self, mode: Literal["full", "incremental"], marks: list[DirtyScope] | None
    ) -> AnalyticsRun:
        started_at, started = self.clock(), time.perf_counter()
        facts = self.loader.load()
        positions = branches = None
        if marks is not None:
            positions = {m.id for m in marks if m.scope == "position"}
            branches = {m.id for m in marks if m.scope == "branch"}
        results = compute(facts, positions, branches, self.min_n)
        for result in results.stored():
            self.results.store(result)
        proposed = sum(self._propose(p) for p in results.proposals)
        run = AnalyticsRun(
            mode=mode,
            started_at=started_at,
            finished_at=self.clock(),
            employees=len(facts.employees),
            reviews=len(facts.reviews),
            candidates=len(facts.candidates),
            seconds=round(time.perf_counter() - started, 3),
        )
        self.results.record_run(run)
        logger.info(
            "analytics computed",
            mode=mode,
            positions=len(results.validity),
            groups=len(results.groups),
            proposals=proposed,
            seconds=run.seconds,
        )
        return run

    def _propose(self, new: WeightProposal) -> bool:
        """Store a proposal, superseding the position's open one; an open one with the
        same weights from as many employees stays (a second run proposes nothing new)."""
        open_ = [p for p in self.results.proposals(new.position.id) if p.status == "proposed"]
        if any(p.proposed == new.proposed and p.n == new.n for p in open_):
            return False
        for old in open_:
            self.results.save_proposal(old.model_copy(update={"status": "superseded"}))
        self.results.add_proposal(new)
        return True

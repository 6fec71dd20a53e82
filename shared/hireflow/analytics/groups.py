"""Group analysis (docs/analytics.md, "Group analysis"): per department and per branch, the
mean fit (the latest interview overall: a re-assessment, else the hiring interview) against
the mean performance (the latest review's overall), placed in a quadrant by the company's
medians of the two; and the individuals with high fit (top quartile of the company) and
low performance (bottom quartile), for their managers.
"""

from __future__ import annotations

import numpy as np

from hireflow.analytics.facts import Facts, Performance
from hireflow.analytics.model import MAX_LISTED, GroupAnalysis, GroupPoint, Individual, Named


def quadrant(fit: float, performance: float, fit_line: float, performance_line: float) -> str:
    high_fit = "high_fit" if fit >= fit_line else "low_fit"
    high_performance = "high_performance" if performance >= performance_line else "low_performance"
    return f"{high_fit}_{high_performance}"


def _points(kind: str, names: list[Named], codes: np.ndarray, fit, perf, lines) -> list[GroupPoint]:
    n = np.bincount(codes, minlength=len(names))
    fit_sum = np.bincount(codes, weights=fit, minlength=len(names))
    perf_sum = np.bincount(codes, weights=perf, minlength=len(names))
    points = []
    for i, name in enumerate(names):
        if n[i] == 0:
            continue
        mean_fit, mean_perf = fit_sum[i] / n[i], perf_sum[i] / n[i]
        points.append(
            GroupPoint(
                kind=kind,  # type: ignore[arg-type]
                group=name,
                n=int(n[i]),
                fit=round(float(mean_fit), 1),
                performance=round(float(mean_perf), 1),
                quadrant=quadrant(mean_fit, mean_perf, *lines),  # type: ignore[arg-type]
            )
        )
    return points


def analyses(facts: Facts, performance: Performance, scopes: list[str]) -> list[GroupAnalysis]:
    """The analysis of each scope ("ALL", or a branch id), against the company's lines."""
    e = facts.employees
    fit, perf = e.fit, performance.latest
    known = ~(np.isnan(fit) | np.isnan(perf))
    if known.any():
        lines = (float(np.median(fit[known])), float(np.median(perf[known])))
        fit_top, perf_bottom = np.quantile(fit[known], 0.75), np.quantile(perf[known], 0.25)
    else:
        lines, fit_top, perf_bottom = (0.0, 0.0), np.inf, -np.inf
    flagged = known & (fit >= fit_top) & (perf <= perf_bottom)
    departments = [Named(id=d, name=d) for d in facts.departments]
    results = []
    for scope in scopes:
        rows = known.copy()
        if scope != "ALL":
            rows &= e.branch == facts.branch_ids.index(scope)
        points = _points(
            "department", departments, e.department[rows], fit[rows], perf[rows], lines
        )
        points += _points("branch", facts.branches, e.branch[rows], fit[rows], perf[rows], lines)
        corner = np.flatnonzero(rows & flagged)
        widest = corner[np.argsort(-(fit[corner] - perf[corner]), kind="stable")][:MAX_LISTED]
        results.append(
            GroupAnalysis(
                scope=scope,
                fit_line=round(lines[0], 1),
                performance_line=round(lines[1], 1),
                groups=points,
                high_fit_low_performance=[
                    Individual(
                        employee_id=e.ids[i],
                        number=e.numbers[i],
                        name=e.names[i],
                        branch_id=facts.branch_ids[e.branch[i]],
                        department=facts.departments[e.department[i]],
                        position_title=e.position_titles[i],
                        manager_id=e.manager_ids[i],
                        fit=round(float(fit[i]), 1),
                        performance=round(float(perf[i]), 1),
                    )
                    for i in widest
                ],
                high_fit_low_performance_total=len(corner),
                employees=int(rows.sum()),
            )
        )
    return results

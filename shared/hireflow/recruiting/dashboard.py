"""The dashboard: per branch, how many candidates are in each status, the funnel, the
completion rate, the average time in each stage and who needs attention.

HR reads a branch's figures from the counters every status move keeps
(``model.Dashboard``): three reads per branch, however many candidates it has. A hiring
manager may read only the candidates assigned to them (``Candidate.readable_by``), so
their dashboard is counted from those candidates and their timelines: a figure never
includes a candidate the caller could not open."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise

from pydantic import BaseModel

from hireflow.identity.model import Caller
from hireflow.identity.permissions import HR, Capability, has_role, require
from hireflow.organisation.model import Branch, OrganisationRepository
from hireflow.recruiting.model import AttentionItem, Candidate, CandidateRepository, Dashboard
from hireflow.recruiting.status import waits_for_hr


class StageTime(BaseModel):
    status: str
    average_seconds: float
    exits: int


class BranchDashboard(BaseModel):
    branch_id: str
    branch_name: str
    branch_name_zh: str | None = None
    now: dict[str, int]
    # People who ever reached each status (a candidate invited twice counts once).
    entered: dict[str, int]
    completion_rate: float | None
    average_time_in_stage: list[StageTime]
    needs_attention: list[AttentionItem]


def _dashboard(
    branch: Branch,
    now: Mapping[str, float],
    entered: Mapping[str, float],
    seconds: Mapping[str, float],
    exits: Mapping[str, float],
    attention: list[AttentionItem],
) -> BranchDashboard:
    invited = int(entered.get("invited", 0))
    return BranchDashboard(
        branch_id=branch.id,
        branch_name=branch.name,
        branch_name_zh=branch.name_zh,
        now={s: int(v) for s, v in now.items() if v},
        entered={s: int(v) for s, v in entered.items()},
        completion_rate=round(entered.get("completed", 0) / invited, 4) if invited else None,
        average_time_in_stage=[
            StageTime(status=s, average_seconds=round(seconds.get(s, 0) / n, 1), exits=int(n))
            for s, n in sorted(exits.items())
            if n
        ],
        needs_attention=sorted(attention, key=lambda a: a.since),
    )


def branch_dashboard(branch: Branch) -> BranchDashboard:
    """The whole branch, from its counters (HR)."""
    counters = Dashboard.counters(branch.id)
    return _dashboard(
        branch,
        counters.get("NOW", {}),
        counters.get("ENTERED", {}),
        counters.get("STAGE_SECONDS", {}),
        counters.get("STAGE_EXITS", {}),
        Dashboard.needs_attention(branch.id),
    )


@dataclass(frozen=True)
class DashboardService:
    organisation: OrganisationRepository
    candidates: CandidateRepository

    def branches(self, caller: Caller) -> list[BranchDashboard]:
        require(caller, Capability.DASHBOARD, action="the dashboard")
        branches = [
            b
            for b in self.organisation.list_branches()
            if not b.is_hq and caller.can_see_branch(b.id)
        ]
        if has_role(caller, *HR):
            return [branch_dashboard(b) for b in branches]
        mine = [c for c in self.candidates.assigned_to(caller.user_id) if c.readable_by(caller)]
        return [self._of(b, [c for c in mine if c.branch_id == b.id]) for b in branches]

    def attention(self, caller: Caller) -> list[AttentionItem]:
        """The candidates waiting for a person (needs_attention, alternative_requested)
        that the caller may open, oldest first: one Query per branch for HR; a hiring
        manager's own assigned candidates (the app's attention badge and list)."""
        require(caller, Capability.ATTENTION_LIST, action="the attention list")
        if has_role(caller, *HR):
            items = [
                item
                for b in self.organisation.list_branches()
                if not b.is_hq and caller.can_see_branch(b.id)
                for item in Dashboard.needs_attention(b.id)
            ]
        else:
            items = [
                AttentionItem.of(c)
                for c in self.candidates.assigned_to(caller.user_id)
                if c.readable_by(caller) and waits_for_hr(c.status)
            ]
        return sorted(items, key=lambda a: a.since)

    def _of(self, branch: Branch, candidates: list[Candidate]) -> BranchDashboard:
        """A branch's dashboard counted from these candidates alone."""
        entered: Counter[str] = Counter()
        seconds: Counter[str] = Counter()  # whole seconds, as the counters keep them
        exits: Counter[str] = Counter()
        for candidate in candidates:
            steps = self.candidates.history(candidate.id)
            entered.update({step.status.value for step in steps})  # people, not entries
            for step, following in pairwise(steps):
                seconds[step.status.value] += max(
                    0, round((following.at - step.at).total_seconds())
                )
                exits[step.status.value] += 1
        attention = [AttentionItem.of(c) for c in candidates if waits_for_hr(c.status)]
        now = Counter(c.status.value for c in candidates)
        return _dashboard(branch, now, entered, seconds, exits, attention)

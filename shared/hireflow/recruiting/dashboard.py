"""The dashboard: per branch, how many candidates are in each status, the funnel, the
completion rate, the average time in each stage and who needs attention. Read from the
counters every status move keeps (``model.Dashboard``): three reads per branch, however
many candidates it has."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from hireflow.identity.model import Caller, Role
from hireflow.identity.permissions import HR, require_role
from hireflow.organisation.model import OrganisationRepository
from hireflow.recruiting.model import AttentionItem, Dashboard


class StageTime(BaseModel):
    status: str
    average_seconds: float
    exits: int


class BranchDashboard(BaseModel):
    branch_id: str
    branch_name: str
    now: dict[str, int]
    entered: dict[str, int]
    completion_rate: float | None
    average_time_in_stage: list[StageTime]
    needs_attention: list[AttentionItem]


def branch_dashboard(branch_id: str, branch_name: str) -> BranchDashboard:
    counters = Dashboard.counters(branch_id)
    now = {s: int(v) for s, v in counters.get("NOW", {}).items()}
    entered = {s: int(v) for s, v in counters.get("ENTERED", {}).items()}
    seconds = counters.get("STAGE_SECONDS", {})
    exits = {s: int(v) for s, v in counters.get("STAGE_EXITS", {}).items()}
    invited = entered.get("invited", 0)
    return BranchDashboard(
        branch_id=branch_id,
        branch_name=branch_name,
        now={k: v for k, v in now.items() if v},
        entered=entered,
        completion_rate=round(entered.get("completed", 0) / invited, 4) if invited else None,
        average_time_in_stage=[
            StageTime(status=s, average_seconds=round(seconds.get(s, 0) / n, 1), exits=n)
            for s, n in sorted(exits.items())
            if n
        ],
        needs_attention=sorted(Dashboard.needs_attention(branch_id), key=lambda a: a.since),
    )


@dataclass(frozen=True)
class DashboardService:
    organisation: OrganisationRepository

    def branches(self, caller: Caller) -> list[BranchDashboard]:
        require_role(caller, *HR, Role.HIRING_MANAGER, action="the dashboard")
        branches = [
            b
            for b in self.organisation.list_branches()
            if not b.is_hq and caller.can_see_branch(b.id)
        ]
        return [branch_dashboard(b.id, b.name) for b in branches]

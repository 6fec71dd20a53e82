"""Dashboard figures kept as counters, changed in the same transaction as the status
change they count, so reading a branch's dashboard is two Queries however many
candidates it has.

Per branch (pk=DASHBOARD#<branch>):
- NOW#<status>: candidates in the status now
- ENTERED#<status>: candidates that ever entered it (the funnel, completion rate)
- STAGE_SECONDS#<status> and STAGE_EXITS#<status>: time spent in a status by those
  who left it (average time in stage)
Candidates needing attention: pk=ATTENTION#<branch>, one item per candidate.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from pydantic import BaseModel

from hireflow.platform.store import ItemKeys, Repository, Stored, Transaction, read_counters

if TYPE_CHECKING:
    from hireflow.recruiting.model import Candidate

ATTENTION = "needs_attention"


class AttentionItem(Stored):
    KIND = "attention"

    candidate_id: str
    branch_id: str
    name: str
    reason: str | None
    since: datetime

    def item_keys(self) -> ItemKeys:
        return ItemKeys(pk=f"ATTENTION#{self.branch_id}", sk=self.candidate_id)


def _pk(branch_id: str) -> str:
    return f"DASHBOARD#{branch_id}"


def count_entry(transaction: Transaction, branch_id: str, status: str) -> None:
    """A candidate appears in a status (created, or moved in from another branch)."""
    transaction.increment(_pk(branch_id), f"NOW#{status}", 1)
    transaction.increment(_pk(branch_id), f"ENTERED#{status}", 1)


def count_branch_move(
    transaction: Transaction, old_branch: str, new_branch: str, status: str
) -> None:
    transaction.increment(_pk(old_branch), f"NOW#{status}", -1)
    transaction.increment(_pk(new_branch), f"NOW#{status}", 1)


def count_move(transaction: Transaction, before: Candidate, after: Candidate) -> None:
    old, new, branch = before.status.value, after.status.value, before.branch_id
    seconds = max(0.0, (after.status_since - before.status_since).total_seconds())
    transaction.increment(_pk(branch), f"NOW#{old}", -1)
    transaction.increment(_pk(branch), f"STAGE_SECONDS#{old}", round(seconds))
    transaction.increment(_pk(branch), f"STAGE_EXITS#{old}", 1)
    count_entry(transaction, branch, new)
    if old == ATTENTION:
        transaction.delete(f"ATTENTION#{branch}", before.id)
    if new == ATTENTION:
        transaction.put(
            AttentionItem(
                candidate_id=after.id,
                branch_id=branch,
                name=after.name,
                reason=after.status_reason,
                since=after.status_since,
            )
        )


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
    counters = read_counters(_pk(branch_id))
    now: dict[str, int] = {}
    entered: dict[str, int] = {}
    seconds: dict[str, float] = {}
    exits: dict[str, int] = {}
    for key, value in counters.items():
        kind, _, status = key.partition("#")
        if kind == "NOW":
            now[status] = int(value)
        elif kind == "ENTERED":
            entered[status] = int(value)
        elif kind == "STAGE_SECONDS":
            seconds[status] = value
        elif kind == "STAGE_EXITS":
            exits[status] = int(value)
    invited = entered.get("invited", 0)
    attention = list(Repository(AttentionItem).iterate(f"ATTENTION#{branch_id}"))
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
        needs_attention=sorted(attention, key=lambda a: a.since),
    )

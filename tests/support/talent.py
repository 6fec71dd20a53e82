"""Talent-pool items put straight into the table (what the pool's reactions would write)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from hireflow.platform.ids import now
from hireflow.platform.store import Repository
from hireflow.talent.model import PoolEntry


def pool_entry(
    candidate_id: str, name: str, branch_id: str = "shanghai", **changes: Any
) -> PoolEntry:
    """``candidate_id`` kept in ``branch_id``'s pool for 300 days (``changes`` on top)."""
    kept = {"retain_until": now() + timedelta(days=300), **changes}
    entry = PoolEntry(
        candidate_id=candidate_id,
        branch_id=branch_id,
        position_id="an-old-position",
        name=name,
        reason="rejected",
        **kept,
    )
    return Repository(PoolEntry).put(entry)

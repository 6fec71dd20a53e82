"""The audit trail: who changed what, when, with the values before and after.

Every write of the HR API adds its entry to the same transaction as the change, so an
entry exists exactly when the change does.

Access patterns:
- a branch's entries of a month, newest first: Query pk=AUDIT#<branch>#<yyyy-mm>
- every branch's entries of a month (HQ): Query gsi1 gsi1pk=AUDIT#<yyyy-mm>
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from hireflow.identity.model import Caller
from hireflow.platform.ids import new_id, now
from hireflow.platform.store import ItemKeys, Stored, Transaction


class AuditEntry(Stored):
    KIND = "audit"

    id: str = Field(default_factory=new_id)
    at: datetime = Field(default_factory=now)
    actor_id: str
    actor: str
    branch_id: str
    action: str
    entity: str
    entity_id: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None

    @property
    def month(self) -> str:
        return self.at.strftime("%Y-%m")

    def item_keys(self) -> ItemKeys:
        sort = f"{self.at.isoformat()}#{self.id}"
        return ItemKeys(
            pk=f"AUDIT#{self.branch_id}#{self.month}",
            sk=sort,
            gsi1=(f"AUDIT#{self.month}", sort),
        )


def _changes(
    before: dict[str, Any] | None, after: dict[str, Any] | None
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """Only the fields that changed (all of them for a create or delete)."""
    if before is None or after is None:
        return before, after
    keys = [k for k in after if before.get(k) != after.get(k) and k != "revision"]
    keys += [k for k in before if k not in after]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def record(
    transaction: Transaction,
    caller: Caller,
    action: str,
    *,
    branch_id: str,
    entity: Stored,
    entity_id: str,
    before: Stored | None = None,
    deleted: bool = False,
) -> AuditEntry:
    """Add the audit entry of a change to the transaction that makes it."""
    old = before.model_dump(mode="json", exclude={"revision"}) if before else None
    new = None if deleted else entity.model_dump(mode="json", exclude={"revision"})
    old, new = _changes(old, new)
    entry = AuditEntry(
        actor_id=caller.user_id,
        actor=caller.username,
        branch_id=branch_id,
        action=action,
        entity=type(entity).KIND,
        entity_id=entity_id,
        before=old,
        after=new,
    )
    transaction.put(entry)
    return entry

"""Recording changes on the audit trail, and reading it (HQ: every branch; branch HR:
its own)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, TypeVar

from hireflow.audit.model import AuditEntry, AuditRepository
from hireflow.identity.model import Caller
from hireflow.identity.permissions import Capability, list_scope, require
from hireflow.platform.errors import Invalid
from hireflow.platform.ids import now
from hireflow.platform.store import Page, Stored
from hireflow.platform.unit_of_work import UnitOfWork

S = TypeVar("S", bound=Stored)


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
    uow: UnitOfWork,
    caller: Caller,
    action: str,
    *,
    branch_id: str,
    entity: Stored,
    entity_id: str,
    before: Stored | None = None,
) -> AuditEntry:
    """Add the audit entry of a change to the unit of work that makes it."""
    old, new = _changes(
        before.model_dump(mode="json", exclude={"revision"}) if before else None,
        entity.model_dump(mode="json", exclude={"revision"}),
    )
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
    uow.put(entry)
    return entry


def audited_write(
    uow: UnitOfWork,
    caller: Caller,
    action: str,
    entity: S,
    *,
    entity_id: str,
    branch_id: str,
    before: S | None = None,
) -> S:
    """Create ``entity`` (no ``before``) or save it over ``before``, with its audit entry;
    returns it with the revision it will have once the unit of work commits."""
    if before is None:
        uow.create(entity)
    else:
        uow.save(entity.model_copy(update={"revision": before.revision}))
    record(
        uow, caller, action, branch_id=branch_id, entity=entity, entity_id=entity_id, before=before
    )
    return entity.model_copy(update={"revision": 1 if before is None else before.revision + 1})


@dataclass(frozen=True)
class AuditService:
    repository: AuditRepository

    def entries(
        self,
        caller: Caller,
        month: str | None,
        branch_id: str | None,
        cursor: str | None,
        limit: int,
    ) -> Page[AuditEntry]:
        require(caller, Capability.READ_AUDIT, action="reading the audit trail")
        month = month or now().strftime("%Y-%m")
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
            raise Invalid("month must look like 2026-11", code="bad_month")
        scope = list_scope(caller, branch_id)
        if scope:
            return self.repository.of_branch(scope, month, cursor, limit)
        return self.repository.of_all(month, cursor, limit)

"""One way to write a change: the entity, anything that must change with it, and its
audit entry, in one transaction; conflicts come back as 409 with a reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from hireflow.audit import model as audit
from hireflow.identity.model import Caller
from hireflow.platform.errors import Conflict
from hireflow.platform.store import AlreadyExists, RevisionConflict, Stored, Transaction

S = TypeVar("S", bound=Stored)


def check_revision(current: Stored, expected: int | None, what: str) -> None:
    """Optimistic locking for edits: the client sends the revision it edited."""
    if expected is not None and expected != current.revision:
        raise Conflict(
            f"{what} was changed by someone else (now revision {current.revision}, "
            f"you edited {expected}); reload and try again"
        )


def commit_change(
    caller: Caller,
    action: str,
    entity: S,
    *,
    entity_id: str,
    branch_id: str,
    before: Stored | None = None,
    with_it: Callable[[Transaction], None] | None = None,
    on_duplicate: str | None = None,
) -> S:
    """Create ``entity`` (no ``before``) or save it over ``before``; returns it with its
    new revision."""
    transaction = Transaction()
    if before is None:
        transaction.create(entity)
    else:
        transaction.save(entity.model_copy(update={"revision": before.revision}))
    if with_it:
        with_it(transaction)
    audit.record(
        transaction,
        caller,
        action,
        branch_id=branch_id,
        entity=entity,
        entity_id=entity_id,
        before=before,
    )
    try:
        transaction.commit()
    except AlreadyExists as exc:
        raise Conflict(on_duplicate or f"{type(entity).KIND} already exists") from exc
    except RevisionConflict as exc:
        raise Conflict(f"{type(entity).KIND} was changed meanwhile; reload and try again") from exc
    revision = 1 if before is None else before.revision + 1
    return entity.model_copy(update={"revision": revision})

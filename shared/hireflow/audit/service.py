"""Recording changes on the audit trail, and reading it (HQ: every branch; branch HR:
its own)."""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar

from pydantic import BaseModel, Field
from pynamodb.expressions.condition import Condition

from hireflow.audit.model import AuditEntry, AuditRepository
from hireflow.identity.model import Caller
from hireflow.identity.permissions import (
    Capability,
    can,
    list_scope,
    require,
    require_branch,
)
from hireflow.platform.errors import FieldError, Invalid, NotFound
from hireflow.platform.ids import now
from hireflow.platform.store import BadCursor, Page, Stored, field
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
    subject_id: str | None = None,
) -> AuditEntry:
    """Add the audit entry of a change to the unit of work that makes it. ``subject_id``:
    the person the change is about (a candidate's own record names itself)."""
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
        subject_id=subject_id or (entity_id if type(entity).KIND == "candidate" else None),
    )
    uow.create(entry)  # append-only: never over an existing entry
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
    subject_id: str | None = None,
) -> S:
    """Create ``entity`` (no ``before``) or save it over ``before``, with its audit entry;
    returns it with the revision it will have once the unit of work commits."""
    if before is None:
        uow.create(entity)
    else:
        uow.save(entity.model_copy(update={"revision": before.revision}))
    record(
        uow,
        caller,
        action,
        branch_id=branch_id,
        entity=entity,
        entity_id=entity_id,
        before=before,
        subject_id=subject_id,
    )
    return entity.model_copy(update={"revision": 1 if before is None else before.revision + 1})


MAX_SPAN_DAYS = 366
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


class AuditFilters(BaseModel):
    """What HQ looks for on the trail: who (username), which candidate, which action
    (``candidate.`` matches every candidate action) and a date range (both days included;
    by default this month up to today)."""

    actor: str | None = Field(default=None, max_length=64)
    candidate_id: str | None = Field(default=None, max_length=64)
    action: str | None = Field(default=None, max_length=64)
    date_from: date | None = None
    date_to: date | None = None

    def condition(self) -> Condition | None:
        parts: list[Condition] = []
        if self.actor:
            parts.append(field("actor") == self.actor.strip())
        if self.candidate_id:  # the candidate's own record, or an entry about them
            candidate = self.candidate_id.strip()
            parts.append((field("entity_id") == candidate) | (field("subject_id") == candidate))
        if self.action:
            parts.append(field("action").startswith(self.action.strip()))
        start, end = self.days()
        # Stored times are ISO strings: a day's entries sort between it and the next day.
        parts.append(field("at") >= start.isoformat())
        parts.append(field("at") < (end + timedelta(days=1)).isoformat())
        combined = parts[0]
        for part in parts[1:]:
            combined = combined & part
        return combined

    def days(self) -> tuple[date, date]:
        today = now().date()
        end = self.date_to or today
        start = self.date_from or end.replace(day=1)
        for name, day in (("date_from", start), ("date_to", end)):
            if not EARLIEST <= day <= LATEST:
                span = {"earliest": str(EARLIEST), "latest": str(LATEST)}
                raise Invalid(
                    "the date is out of range",
                    [
                        FieldError(
                            name, f"between {EARLIEST} and {LATEST}", "date_out_of_range", span
                        )
                    ],
                    code="date_out_of_range",
                    params=span,
                )
        if start > end:
            raise Invalid(
                "the date range ends before it starts",
                [FieldError("date_from", "must be on or before date_to", "date_range_reversed")],
                code="date_range_reversed",
            )
        if (end - start).days >= MAX_SPAN_DAYS:
            days = {"days": MAX_SPAN_DAYS}
            raise Invalid(
                "the date range is longer than a year",
                [
                    FieldError(
                        "date_from",
                        f"at most {MAX_SPAN_DAYS} days before date_to",
                        "date_range_too_long",
                        days,
                    )
                ],
                code="date_range_too_long",
                params=days,
            )
        return start, end

    def months(self) -> list[str]:
        """The months of the range, newest first (one partition each)."""
        start, end = self.days()
        months, year, month = [], end.year, end.month
        while (year, month) >= (start.year, start.month):
            months.append(f"{year:04d}-{month:02d}")
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        return months


def _range_cursor(month: str, inner: str | None) -> str:
    return base64.urlsafe_b64encode(json.dumps({"m": month, "c": inner}).encode()).decode()


def _read_range_cursor(cursor: str, months: list[str]) -> tuple[str, str | None]:
    try:
        decoded = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
    except (ValueError, TypeError, binascii.Error) as exc:
        raise BadCursor("cursor is not valid") from exc
    if not isinstance(decoded, dict) or set(decoded) != {"m", "c"}:
        raise BadCursor("cursor is not valid")
    month, inner = decoded["m"], decoded["c"]
    if month not in months or not (inner is None or isinstance(inner, str)):
        raise BadCursor("cursor is not valid")
    return month, inner


def _nobody(subject_id: str) -> str | None:
    return None


@dataclass(frozen=True)
class AuditService:
    repository: AuditRepository
    # The branch of a person (candidate or employee id), None if there is none: the
    # contexts above audit that keep people answer it (wired by bootstrap).
    subject_branch: Callable[[str], str | None] = _nobody

    def about(
        self, caller: Caller, subject_id: str, cursor: str | None, limit: int
    ) -> Page[AuditEntry]:
        """Every entry about one person, reads and changes, newest first: HQ for anyone
        (an erased person's entries too); branch HR for a person of their branch, and only
        the entries of that branch. Out of reach, or a role that may not read the trail,
        looks missing (404), as a person's other records do."""
        subject_id = subject_id.strip()
        if not can(caller, Capability.READ_AUDIT):
            raise NotFound("person not found", code="not_found_or_other_branch")
        if caller.is_hq:
            return self.repository.about(subject_id, cursor, limit)
        branch = self.subject_branch(subject_id)
        if branch is None:
            raise NotFound("person not found", code="not_found_or_other_branch")
        require_branch(caller, branch, "person")
        own = field("branch_id") == branch
        return self.repository.about(subject_id, cursor, limit, own)

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

    def search(
        self,
        caller: Caller,
        filters: AuditFilters,
        branch_id: str | None,
        cursor: str | None,
        limit: int,
    ) -> Page[AuditEntry]:
        """Entries matching the filters, newest first, over the months of the date range
        (one key query per month partition); the cursor carries the month it stopped in."""
        require(caller, Capability.READ_AUDIT, action="reading the audit trail")
        scope = list_scope(caller, branch_id)
        months = filters.months()
        condition = filters.condition()
        month, inner = _read_range_cursor(cursor, months) if cursor else (months[0], None)
        items: list[AuditEntry] = []
        for current in months[months.index(month) :]:
            wanted = limit - len(items)
            if scope:
                page = self.repository.of_branch(scope, current, inner, wanted, condition)
            else:
                page = self.repository.of_all(current, inner, wanted, condition)
            items += page.items
            inner = None
            if page.cursor:
                return Page(items=items, cursor=_range_cursor(current, page.cursor))
            if len(items) >= limit:
                following = months.index(current) + 1
                more = following < len(months)
                return Page(
                    items=items, cursor=_range_cursor(months[following], None) if more else None
                )
        return Page(items=items, cursor=None)

"""The audit trail: who changed what, when, with the values before and after.

Every write of the HR API adds its entry to the unit of work of the change, so an entry
exists exactly when the change does.

Access patterns:
- a branch's entries of a month, newest first: Query pk=AUDIT#<branch>#<yyyy-mm>
- every branch's entries of a month (HQ): Query gsi1 gsi1pk=AUDIT#<yyyy-mm>
- every entry about one person (an application or employee record), newest first (HQ,
  the privacy requests): Query gsi2 gsi2pk=AUDIT#SUBJECT#<subject id>

Entries are append-only: there is no update route and no delete except by retention
(privacy: kept at least ``MIN_AUDIT_DAYS``); erasure strips the person's data from the
snapshots and keeps the entry.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field
from pynamodb.expressions.condition import Condition

from hireflow.platform.ids import new_id, now
from hireflow.platform.store import ItemKeys, Page, Repository, Stored


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
    # The person the entry is about (candidate or employee id), when there is one; a read
    # of sensitive data (action ``read.<what>``) always names it.
    subject_id: str | None = None

    @property
    def month(self) -> str:
        return self.at.strftime("%Y-%m")

    @staticmethod
    def branch_month(branch_id: str, month: str) -> str:
        return f"AUDIT#{branch_id}#{month}"

    @staticmethod
    def month_of_all(month: str) -> str:
        return f"AUDIT#{month}"

    @staticmethod
    def about(subject_id: str) -> str:
        return f"AUDIT#SUBJECT#{subject_id}"

    def item_keys(self) -> ItemKeys:
        sort = f"{self.at.isoformat()}#{self.id}"
        return ItemKeys(
            pk=self.branch_month(self.branch_id, self.month),
            sk=sort,
            gsi1=(self.month_of_all(self.month), sort),
            gsi2=(self.about(self.subject_id), sort) if self.subject_id else None,
        )


class AuditRepository:
    def __init__(self) -> None:
        self._entries = Repository(AuditEntry)

    def append(self, entry: AuditEntry) -> AuditEntry:
        """One entry on its own (a read): a put on the condition that the key is new, so
        an entry is never overwritten (AlreadyExists if it were)."""
        return self._entries.create(entry)

    def about(
        self,
        subject_id: str,
        cursor: str | None,
        limit: int,
        filter_by: Condition | None = None,
    ) -> Page[AuditEntry]:
        return self._entries.query(
            AuditEntry.about(subject_id),
            index="gsi2",
            cursor=cursor,
            limit=limit,
            newest_first=True,
            filter_by=filter_by,
        )

    def of_branch(
        self,
        branch_id: str,
        month: str,
        cursor: str | None,
        limit: int,
        filter_by: Condition | None = None,
    ) -> Page[AuditEntry]:
        return self._entries.query(
            AuditEntry.branch_month(branch_id, month),
            cursor=cursor,
            limit=limit,
            newest_first=True,
            filter_by=filter_by,
        )

    def of_all(
        self, month: str, cursor: str | None, limit: int, filter_by: Condition | None = None
    ) -> Page[AuditEntry]:
        return self._entries.query(
            AuditEntry.month_of_all(month),
            index="gsi1",
            cursor=cursor,
            limit=limit,
            newest_first=True,
            filter_by=filter_by,
        )

"""Reading the audit trail (HQ: every branch; branch HR: its own)."""

from __future__ import annotations

import re

from hireflow.audit.model import AuditEntry
from hireflow.identity.model import Caller
from hireflow.identity.permissions import HR, list_scope, require_role
from hireflow.platform.errors import Invalid
from hireflow.platform.ids import now
from hireflow.platform.store import Page, Repository


class AuditService:
    def __init__(self) -> None:
        self.repository = Repository(AuditEntry)

    def entries(
        self,
        caller: Caller,
        month: str | None,
        branch_id: str | None,
        cursor: str | None,
        limit: int,
    ) -> Page[AuditEntry]:
        require_role(caller, *HR, action="reading the audit trail")
        month = month or now().strftime("%Y-%m")
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
            raise Invalid("month must look like 2026-11")
        scope = list_scope(caller, branch_id)
        if scope:
            return self.repository.query(
                f"AUDIT#{scope}#{month}", cursor=cursor, limit=limit, newest_first=True
            )
        return self.repository.query(
            f"AUDIT#{month}", index="gsi1", cursor=cursor, limit=limit, newest_first=True
        )

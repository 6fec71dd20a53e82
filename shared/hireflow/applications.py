"""Applications: one candidate applying to one position in one branch, and its timeline.

Access patterns:
- get an application: GetItem pk=APPLICATION#<id>, sk=APPLICATION
- a branch's applications by status: Query gsi1 gsi1pk=BRANCH#<id>#APPLICATIONS,
  gsi1sk begins_with <status>#
- an application's timeline: Query pk=APPLICATION#<id>, sk begins_with TIMELINE#
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from hireflow.ids import now
from hireflow.store import ItemKeys, Repository, Stored


class ApplicationStatus(StrEnum):
    IMPORTED = "imported"
    OPENED = "opened"
    INVITED = "invited"
    NEEDS_ATTENTION = "needs_attention"


class Application(Stored):
    KIND = "application"

    id: str
    candidate_id: str
    branch_id: str
    position_id: str
    status: ApplicationStatus = ApplicationStatus.IMPORTED
    status_reason: str | None = None
    execution_arn: str | None = None
    created_at: datetime = Field(default_factory=now)
    updated_at: datetime = Field(default_factory=now)

    def item_keys(self) -> ItemKeys:
        return ItemKeys(
            pk=f"APPLICATION#{self.id}",
            sk="APPLICATION",
            gsi1=(
                f"BRANCH#{self.branch_id}#APPLICATIONS",
                f"{self.status.value}#{self.updated_at.isoformat()}#{self.id}",
            ),
        )


class TimelineEntry(Stored):
    KIND = "timeline_entry"

    application_id: str
    status: ApplicationStatus
    at: datetime = Field(default_factory=now)
    actor: str
    note: str | None = None

    def item_keys(self) -> ItemKeys:
        return ItemKeys(
            pk=f"APPLICATION#{self.application_id}",
            sk=f"TIMELINE#{self.at.isoformat()}#{self.status.value}",
        )


class ApplicationNotFound(LookupError):
    pass


class ApplicationRepository:
    def __init__(self) -> None:
        self.applications = Repository(Application)
        self.timeline = Repository(TimelineEntry)

    def get(self, application_id: str) -> Application | None:
        return self.applications.get(f"APPLICATION#{application_id}", "APPLICATION")

    def require(self, application_id: str) -> Application:
        application = self.get(application_id)
        if application is None:
            raise ApplicationNotFound(f"application {application_id} does not exist")
        return application

    def move(
        self,
        application: Application,
        status: ApplicationStatus,
        *,
        actor: str,
        reason: str | None = None,
    ) -> Application:
        """Change status and record it on the timeline; a repeat of the same move is a no-op."""
        if application.status == status and application.status_reason == reason:
            return application
        moved = application.model_copy(
            update={"status": status, "status_reason": reason, "updated_at": now()}
        )
        self.applications.put(moved)
        self.timeline.put(
            TimelineEntry(application_id=application.id, status=status, actor=actor, note=reason)
        )
        return moved

    def history(self, application_id: str) -> list[TimelineEntry]:
        return list(self.timeline.iterate(f"APPLICATION#{application_id}", "TIMELINE#"))

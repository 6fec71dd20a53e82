"""HQ reads and edits the notification texts."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, Field

from hireflow.audit.service import audited_write
from hireflow.identity.model import HQ_BRANCH_ID, Caller
from hireflow.identity.permissions import Capability, require
from hireflow.notifications.model import (
    DEFAULTS,
    NotificationTemplate,
    NotificationTemplateRepository,
    template_id,
)
from hireflow.platform.errors import NotFound
from hireflow.platform.unit_of_work import UnitOfWorkFactory, check_revision


class NotificationTemplateChange(BaseModel):
    subject: str | None = Field(default=None, max_length=200)
    body: str = Field(min_length=1, max_length=5000)
    revision: int | None = None


@dataclass(frozen=True)
class NotificationTemplateService:
    repository: NotificationTemplateRepository
    uow: UnitOfWorkFactory

    def list_templates(self, caller: Caller) -> list[NotificationTemplate]:
        saved = {t.id: t for t in self.repository.all()}
        return sorted({**DEFAULTS, **saved}.values(), key=lambda t: t.id)

    def get(self, caller: Caller, tid: str) -> NotificationTemplate:
        found = self.repository.get(tid) or DEFAULTS.get(tid)
        if found is None:
            raise NotFound("notification template not found", code="notification_not_found")
        return found

    def create(self, caller: Caller, template: NotificationTemplate) -> NotificationTemplate:
        require(caller, Capability.EDIT_NOTIFICATIONS, action="editing notification templates")
        template = template.model_copy(
            update={"id": template_id(template.event, template.channel, template.locale)}
        )
        with self.uow() as uow:
            saved = audited_write(
                uow,
                caller,
                "notification_template.create",
                template,
                entity_id=template.id,
                branch_id=HQ_BRANCH_ID,
            )
            uow.commit(on_duplicate=f"{template.id} exists; edit it with PUT")
        return saved

    def update(
        self, caller: Caller, tid: str, change: NotificationTemplateChange
    ) -> NotificationTemplate:
        require(caller, Capability.EDIT_NOTIFICATIONS, action="editing notification templates")
        saved = self.repository.get(tid)  # None while the built-in default is in use
        current = saved or DEFAULTS.get(tid)
        if current is None:
            raise NotFound("notification template not found", code="notification_not_found")
        check_revision(current, change.revision, "notification template")
        updated = NotificationTemplate.model_validate(
            {**current.model_dump(), "subject": change.subject, "body": change.body}
        )
        with self.uow() as uow:
            saved = audited_write(
                uow,
                caller,
                "notification_template.update",
                updated,
                entity_id=tid,
                branch_id=HQ_BRANCH_ID,
                before=saved,
            )
            uow.commit()
        return saved

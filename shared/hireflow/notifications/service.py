"""HQ reads and edits the notification texts (e-mail, SMS, group robots)."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, Field

from hireflow.audit.service import audited_write
from hireflow.identity.model import HQ_BRANCH_ID, Caller
from hireflow.identity.permissions import Capability, require
from hireflow.notifications.model import (
    DEFAULTS,
    Locale,
    NotificationTemplate,
    NotificationTemplateRepository,
    template_id,
)
from hireflow.notifications.sending import render
from hireflow.platform.errors import NotFound
from hireflow.platform.unit_of_work import UnitOfWorkFactory, check_revision


class NotificationTemplateChange(BaseModel):
    subject: str | None = Field(default=None, max_length=200)
    body: str = Field(min_length=1, max_length=5000)
    # Robot texts: switch the event's robot post off (False) or on again (True).
    enabled: bool | None = None
    revision: int | None = None


class NotificationDraft(BaseModel):
    """An unsaved text to preview (either part left out: the saved one)."""

    subject: str | None = Field(default=None, max_length=200)
    body: str | None = Field(default=None, min_length=1, max_length=5000)


class NotificationPreview(BaseModel):
    template_id: str
    locale: Locale
    channel: str
    subject: str | None
    body: str
    draft: bool  # rendered from the unsaved draft (else from the saved or default text)


def sample_values(locale: str, company: str, web_url: str) -> dict[str, str]:
    """Made-up values a preview fills the placeholders with, in the text's language."""
    link = f"{web_url}/interview/#sample-link"
    if locale == "zh":
        return {
            "candidate_name": "张伟",
            "position": "客户服务专员",
            "branch": "上海分公司",
            "company": company,
            "interview_link": link,
            "deadline": "2026年12月1日 18:00",
            "interviewer_name": "李娜",
            "interview_time": "2026年12月3日 14:00",
            "interview_place": "上海市静安区南京西路1266号20楼",
            "feedback": "感谢您参加面试，我们很欣赏您在沟通方面的表现。",
            "message": "您上次录制的回答无法播放，请重新录制。",
            "minutes": "20",
            "candidate_link": link,
            "opening": "面试将于 2026-11-17 09:00 (UTC+8) 开放（提前 10 个工作日通知）。",
        }
    return {
        "candidate_name": "Wei Zhang",
        "position": "Customer service specialist",
        "branch": "Shanghai",
        "company": company,
        "interview_link": link,
        "deadline": "1 December 2026, 18:00",
        "interviewer_name": "Na Li",
        "interview_time": "3 December 2026, 14:00",
        "interview_place": "20F, 1266 West Nanjing Road, Jing'an, Shanghai",
        "feedback": "Thank you for your time; we valued how clearly you communicated.",
        "message": "the recording of your last answer could not be played",
        "minutes": "20",
        "candidate_link": link,
        "opening": (
            " The interview opens on 2026-11-17 09:00 (UTC+8), 10 business days after this notice."
        ),
    }


@dataclass(frozen=True)
class NotificationTemplateService:
    repository: NotificationTemplateRepository
    uow: UnitOfWorkFactory
    company_name: str = "hireflow"
    web_url: str = "http://localhost:8000"

    def preview(
        self, caller: Caller, tid: str, draft: NotificationDraft
    ) -> list[NotificationPreview]:
        """The text rendered with sample data, next to the same event and channel in the
        other language; ``draft`` (unsaved) replaces this text's subject or body."""
        require(caller, Capability.EDIT_NOTIFICATIONS, action="previewing notification texts")
        current = self.get(caller, tid)
        edited = NotificationTemplate.model_validate(
            {
                **current.model_dump(),
                "subject": draft.subject if draft.subject is not None else current.subject,
                "body": draft.body if draft.body is not None else current.body,
            }
        )
        previews = []
        for locale in ("zh", "en"):
            other_id = template_id(current.event, current.channel, locale)
            text = (
                edited
                if locale == current.locale
                else self.repository.get(other_id) or DEFAULTS.get(other_id)
            )
            if text is None:
                continue
            to = "candidate@example.com" if text.channel == "email" else "+8613800138000"
            rendered = render(text, to, sample_values(locale, self.company_name, self.web_url))
            previews.append(
                NotificationPreview(
                    template_id=text.id,
                    locale=text.locale,
                    channel=text.channel,
                    subject=rendered.subject,
                    body=rendered.body,
                    draft=text is edited
                    and (edited.subject, edited.body) != (current.subject, current.body),
                )
            )
        return previews

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
        enabled = current.enabled if change.enabled is None else change.enabled
        updated = NotificationTemplate.model_validate(
            {
                **current.model_dump(),
                "subject": change.subject,
                "body": change.body,
                "enabled": enabled,
            }
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

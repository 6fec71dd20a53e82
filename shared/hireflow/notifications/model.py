"""Notification templates (e-mail and SMS texts per event and locale) and sending them.

HQ edits the texts; placeholders such as ``{candidate_name}`` are filled when a message
goes out. A text may use only the placeholders its event provides, checked when saved.
Where HQ has not written a text, the built-in default is used.

Access patterns:
- get a text: GetItem pk=NOTIFICATION_TEMPLATE#<id>, sk=NOTIFICATION_TEMPLATE
- list texts: Query gsi1 gsi1pk=NOTIFICATION_TEMPLATES
"""

from __future__ import annotations

import string
from enum import StrEnum
from typing import Any, Literal, Protocol

from pydantic import BaseModel, Field, model_validator

from hireflow.audit.changes import check_revision, commit_change
from hireflow.identity.model import HQ_BRANCH_ID, Caller
from hireflow.identity.permissions import HQ, require_role
from hireflow.platform import aws
from hireflow.platform.errors import NotFound
from hireflow.platform.observability import logger
from hireflow.platform.settings import settings
from hireflow.platform.store import ItemKeys, Repository, Stored


class NotificationEvent(StrEnum):
    INVITATION = "invitation"
    REMINDER = "reminder"
    COMPLETION = "completion"
    REJECTION = "rejection"
    SECOND_ROUND = "second_round"
    INTERVIEWER_ASSIGNED = "interviewer_assigned"
    REPORT_READY = "report_ready"
    REVIEW_REMINDER = "review_reminder"
    ALTERNATIVE_REQUESTED = "alternative_requested"


PLACEHOLDERS = frozenset(
    {
        "candidate_name",
        "position",
        "branch",
        "company",
        "interview_link",
        "deadline",
        "interviewer_name",
        "interview_time",
        "interview_place",
        "feedback",
        "candidate_link",
    }
)

Channel = Literal["email", "sms"]
Locale = Literal["zh", "en"]


def placeholders_in(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as exc:  # an unmatched brace
        raise ValueError(f"the text has a stray brace: {exc}") from exc


class NotificationTemplate(Stored):
    KIND = "notification_template"

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,79}$")
    event: NotificationEvent
    channel: Channel
    locale: Locale
    subject: str | None = Field(default=None, max_length=200)
    body: str = Field(min_length=1, max_length=5000)

    @model_validator(mode="after")
    def _valid(self) -> NotificationTemplate:
        if self.channel == "email" and not self.subject:
            raise ValueError("an e-mail needs a subject")
        if self.channel == "sms" and len(self.body) > 500:
            raise ValueError("an SMS text must be at most 500 characters")
        used = placeholders_in(self.body) | placeholders_in(self.subject or "")
        unknown = sorted(used - PLACEHOLDERS)
        if unknown:
            raise ValueError(
                f"unknown placeholder(s) {', '.join('{' + u + '}' for u in unknown)}; "
                f"known: {', '.join(sorted(PLACEHOLDERS))}"
            )
        return self

    def item_keys(self) -> ItemKeys:
        return ItemKeys(
            pk=f"NOTIFICATION_TEMPLATE#{self.id}",
            sk="NOTIFICATION_TEMPLATE",
            gsi1=("NOTIFICATION_TEMPLATES", f"{self.event}#{self.channel}#{self.locale}"),
        )


class NotificationTemplateChange(BaseModel):
    subject: str | None = Field(default=None, max_length=200)
    body: str = Field(min_length=1, max_length=5000)
    revision: int | None = None


def template_id(event: NotificationEvent, channel: Channel, locale: Locale) -> str:
    return f"{event.value}-{channel}-{locale}"


E = NotificationEvent
# (event, channel, locale, subject, body): the texts used where HQ has not written one.
# fmt: off
_DEFAULT_TEXTS: list[tuple[NotificationEvent, Channel, Locale, str | None, str]] = [
    (E.INVITATION, "email", "en", "Your video interview for {position}",
     "Dear {candidate_name},\n\nThank you for applying for {position} at {company}. "
     "Please record your video interview before {deadline}:\n{interview_link}\n\n"
     "It takes about 20 minutes. You will need a camera and a microphone."),
    (E.INVITATION, "email", "zh", "{position} 视频面试邀请",
     "{candidate_name} 您好：\n\n感谢您应聘{company}的{position}职位。"
     "请在 {deadline} 前完成视频面试：\n{interview_link}\n\n"
     "面试约需 20 分钟，请准备好摄像头和麦克风。"),
    (E.INVITATION, "sms", "en", None,
     "{company}: {candidate_name}, record your interview for {position} by {deadline}: "
     "{interview_link}"),
    (E.INVITATION, "sms", "zh", None,
     "【{company}】{candidate_name}您好，请于{deadline}前完成{position}视频面试：{interview_link}"),
    (E.REMINDER, "email", "en", "Reminder: your video interview for {position}",
     "Dear {candidate_name},\n\nYour video interview for {position} closes at {deadline}. "
     "You can start or continue it here:\n{interview_link}"),
    (E.REMINDER, "email", "zh", "提醒：{position} 视频面试即将截止",
     "{candidate_name} 您好：\n\n您的{position}视频面试将于 {deadline} 截止，请尽快完成：\n"
     "{interview_link}"),
    (E.REMINDER, "sms", "en", None,
     "{company}: your interview for {position} closes {deadline}: {interview_link}"),
    (E.REMINDER, "sms", "zh", None,
     "【{company}】您的{position}视频面试将于{deadline}截止：{interview_link}"),
    (E.COMPLETION, "email", "en", "We received your interview for {position}",
     "Dear {candidate_name},\n\nThank you - your interview for {position} is complete. "
     "You will hear from us within 3 working days."),
    (E.COMPLETION, "email", "zh", "我们已收到您的{position}面试",
     "{candidate_name} 您好：\n\n感谢您完成{position}视频面试，我们将在 3 个工作日内与您联系。"),
    (E.COMPLETION, "sms", "en", None,
     "{company}: your interview for {position} is complete. Results within 3 working days."),
    (E.COMPLETION, "sms", "zh", None,
     "【{company}】您已完成{position}面试，结果将在3个工作日内通知您。"),
    (E.REJECTION, "email", "en", "Your application for {position}",
     "Dear {candidate_name},\n\nThank you for your interest in {position} at {company}. "
     "After careful review we will not move forward this time.\n\n{feedback}\n\n"
     "We keep your details and may contact you about other roles."),
    (E.REJECTION, "email", "zh", "关于您应聘{position}的结果",
     "{candidate_name} 您好：\n\n感谢您对{company}{position}职位的关注。经过慎重评估，"
     "本次我们暂不推进您的申请。\n\n{feedback}\n\n我们会保留您的资料，如有合适职位将再与您联系。"),
    (E.SECOND_ROUND, "email", "en", "Second interview for {position}",
     "Dear {candidate_name},\n\nWe would like to meet you for a second interview for "
     "{position}.\nWhen: {interview_time}\nWhere: {interview_place}\nWith: {interviewer_name}"),
    (E.SECOND_ROUND, "email", "zh", "{position} 复试邀请",
     "{candidate_name} 您好：\n\n诚邀您参加{position}职位复试。\n时间：{interview_time}\n"
     "地点：{interview_place}\n面试官：{interviewer_name}"),
    (E.SECOND_ROUND, "sms", "en", None,
     "{company}: second interview for {position} at {interview_time}, {interview_place}. "
     "Details by e-mail."),
    (E.SECOND_ROUND, "sms", "zh", None,
     "【{company}】诚邀您于{interview_time}在{interview_place}参加{position}复试，详情见邮件。"),
    (E.REPORT_READY, "email", "en", "Interview report ready: {candidate_name}",
     "Hello {interviewer_name},\n\nThe interview report of {candidate_name} ({position}, "
     "{branch}) is ready for your review.\n{candidate_link}"),
    (E.REPORT_READY, "email", "zh", "面试报告已生成：{candidate_name}",
     "{interviewer_name} 您好：\n\n候选人 {candidate_name}（{position}，{branch}）"
     "的面试报告已生成，请评估。\n{candidate_link}"),
    (E.REVIEW_REMINDER, "email", "en", "Waiting for your review: {candidate_name}",
     "Hello {interviewer_name},\n\n{candidate_name} ({position}) has been waiting for your "
     "review for more than 2 days.\n{candidate_link}"),
    (E.REVIEW_REMINDER, "email", "zh", "待您评估：{candidate_name}",
     "{interviewer_name} 您好：\n\n候选人 {candidate_name}（{position}）已等待您的评估超过 2 天。\n"
     "{candidate_link}"),
    (E.ALTERNATIVE_REQUESTED, "email", "en", "{candidate_name} asks for an interview without AI",
     "Hello {interviewer_name},\n\n{candidate_name} asked for an interview process without AI "
     "analysis.\nReason: {feedback}\n{candidate_link}"),
    (E.ALTERNATIVE_REQUESTED, "email", "zh", "{candidate_name} 申请不含 AI 分析的面试方式",
     "{interviewer_name} 您好：\n\n候选人 {candidate_name} 申请不含 AI 分析的面试流程。\n"
     "原因：{feedback}\n{candidate_link}"),
    (E.INTERVIEWER_ASSIGNED, "email", "en", "New candidate assigned: {candidate_name}",
     "Hello {interviewer_name},\n\n{candidate_name} ({position}, {branch}) has been assigned "
     "to you.\n{candidate_link}"),
    (E.INTERVIEWER_ASSIGNED, "email", "zh", "新候选人分配：{candidate_name}",
     "{interviewer_name} 您好：\n\n候选人 {candidate_name}（{position}，{branch}）已分配给您。\n"
     "{candidate_link}"),
]
# fmt: on
DEFAULTS = {
    template_id(event, channel, locale): NotificationTemplate(
        id=template_id(event, channel, locale),
        event=event,
        channel=channel,
        locale=locale,
        subject=subject,
        body=body,
    )
    for event, channel, locale, subject, body in _DEFAULT_TEXTS
}


class NotificationTemplateRepository:
    def __init__(self) -> None:
        self.templates = Repository(NotificationTemplate)

    def get(self, template_id: str) -> NotificationTemplate | None:
        return self.templates.get(f"NOTIFICATION_TEMPLATE#{template_id}", "NOTIFICATION_TEMPLATE")

    def all(self) -> list[NotificationTemplate]:
        return list(self.templates.iterate("NOTIFICATION_TEMPLATES", index="gsi1"))

    def effective(
        self, event: NotificationEvent, channel: Channel, locale: Locale
    ) -> NotificationTemplate | None:
        """HQ's text if there is one, else the built-in default (None: nothing to send)."""
        tid = template_id(event, channel, locale)
        return self.get(tid) or DEFAULTS.get(tid)


class NotificationTemplateService:
    def __init__(self, repository: NotificationTemplateRepository) -> None:
        self.repository = repository

    def list_templates(self, caller: Caller) -> list[NotificationTemplate]:
        saved = {t.id: t for t in self.repository.all()}
        return sorted({**DEFAULTS, **saved}.values(), key=lambda t: t.id)

    def get(self, caller: Caller, tid: str) -> NotificationTemplate:
        found = self.repository.get(tid) or DEFAULTS.get(tid)
        if found is None:
            raise NotFound("notification template not found")
        return found

    def create(self, caller: Caller, template: NotificationTemplate) -> NotificationTemplate:
        require_role(caller, *HQ, action="editing notification templates")
        template = template.model_copy(
            update={"id": template_id(template.event, template.channel, template.locale)}
        )
        return commit_change(
            caller,
            "notification_template.create",
            template,
            entity_id=template.id,
            branch_id=HQ_BRANCH_ID,
            on_duplicate=f"{template.id} exists; edit it with PUT",
        )

    def update(
        self, caller: Caller, tid: str, change: NotificationTemplateChange
    ) -> NotificationTemplate:
        require_role(caller, *HQ, action="editing notification templates")
        saved = self.repository.get(tid)  # None while the built-in default is in use
        current = saved or DEFAULTS.get(tid)
        if current is None:
            raise NotFound("notification template not found")
        check_revision(current, change.revision, "notification template")
        updated = NotificationTemplate.model_validate(
            {**current.model_dump(), "subject": change.subject, "body": change.body}
        )
        return commit_change(
            caller,
            "notification_template.update",
            updated,
            entity_id=tid,
            branch_id=HQ_BRANCH_ID,
            before=saved,
        )


class RenderedMessage(BaseModel):
    channel: Channel
    to: str
    subject: str | None
    body: str


def render(template: NotificationTemplate, to: str, values: dict[str, Any]) -> RenderedMessage:
    filled = {name: str(values.get(name, "")) for name in PLACEHOLDERS}
    return RenderedMessage(
        channel=template.channel,
        to=to,
        subject=template.subject.format_map(filled) if template.subject else None,
        body=template.body.format_map(filled),
    )


class Sender(Protocol):
    def send(self, message: RenderedMessage) -> str:
        """Deliver the message; returns the provider's message id."""
        ...


class AwsSender:
    """E-mail through SES, SMS through SNS."""

    def send(self, message: RenderedMessage) -> str:
        if message.channel == "email":
            response = aws.client("sesv2").send_email(
                FromEmailAddress=settings().sender_email,
                Destination={"ToAddresses": [message.to]},
                Content={
                    "Simple": {
                        "Subject": {"Data": message.subject or "", "Charset": "UTF-8"},
                        "Body": {"Text": {"Data": message.body, "Charset": "UTF-8"}},
                    }
                },
            )
        else:
            response = aws.client("sns").publish(
                PhoneNumber=message.to,
                Message=message.body,
                MessageAttributes={
                    "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"}
                },
            )
        message_id = str(response.get("MessageId", ""))
        logger.info("notification sent", channel=message.channel, message_id=message_id)
        return message_id


class Notifier:
    """Finds the text for an event, fills it and sends it."""

    def __init__(self, templates: NotificationTemplateRepository, sender: Sender) -> None:
        self.templates = templates
        self.sender = sender

    def notify(
        self,
        event: NotificationEvent,
        channel: Channel,
        locale: Locale,
        to: str,
        values: dict[str, Any],
    ) -> str | None:
        template = self.templates.effective(event, channel, locale)
        if template is None:
            logger.warning("no notification text", notification=event.value, channel=channel)
            return None
        return self.sender.send(render(template, to, values))

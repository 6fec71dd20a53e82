"""Sending notifications: the text for an event, filled with its values, through SES
(e-mail), SNS (SMS) or a group robot (DingTalk, WeCom: ``notifications.robots``).

A message that belongs to a change (a rejection letter, a reviewer's notice) is filed in
the change's unit of work (``file_messages``) and sent after the commit, once; the
outbox's "message" deliverer is ``Notifier.deliver``.
"""

from __future__ import annotations

from typing import Any, Protocol

from pydantic import BaseModel

from hireflow.notifications.model import (
    PLACEHOLDERS,
    ROBOT_CHANNELS,
    Channel,
    Locale,
    NotificationEvent,
    NotificationTemplate,
    NotificationTemplateRepository,
)
from hireflow.platform import aws
from hireflow.platform.observability import logger
from hireflow.platform.unit_of_work import UnitOfWork

MESSAGE = "message"


class MessageRequest(BaseModel):
    """One message to send: which text, to whom, with which values."""

    event: NotificationEvent
    channel: Channel
    locale: Locale
    to: str
    values: dict[str, str]


def file_messages(
    uow: UnitOfWork, subject_id: str, effect: str, requests: list[MessageRequest]
) -> None:
    """Send ``requests`` once the unit of work commits. ``effect`` names them among the
    subject's messages (e.g. "rejection:1"): filed again, they are the same messages."""
    for number, request in enumerate(requests):
        uow.file(subject_id, f"message#{effect}#{number}", MESSAGE, request.model_dump())


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

    def __init__(self, sender_email: str) -> None:
        self.sender_email = sender_email

    def send(self, message: RenderedMessage) -> str:
        if message.channel == "email":
            response = aws.client("sesv2").send_email(
                FromEmailAddress=self.sender_email,
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


class ChannelSender:
    """Each channel's sender: e-mail and SMS through AWS, robots through ``robots``."""

    def __init__(self, aws_sender: Sender, robots: Sender) -> None:
        self.aws_sender = aws_sender
        self.robots = robots

    def send(self, message: RenderedMessage) -> str:
        if message.channel in ROBOT_CHANNELS:
            return self.robots.send(message)
        return self.aws_sender.send(message)


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
            # A robot text HQ switched off after the message was filed: nothing to post.
            log = logger.info if channel in ROBOT_CHANNELS else logger.warning
            log("no notification text", notification=event.value, channel=channel)
            return None
        return self.sender.send(render(template, to, values))

    def send(self, request: MessageRequest) -> str | None:
        return self.notify(
            request.event, request.channel, request.locale, request.to, request.values
        )

    def deliver(self, payload: dict[str, Any]) -> None:
        """The outbox's deliverer of filed messages."""
        self.send(MessageRequest.model_validate(payload))

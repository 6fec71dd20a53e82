"""Notification templates (e-mail and SMS texts per event and locale) and sending them.

HQ edits the texts; placeholders such as ``{candidate_name}`` are filled when a message
goes out. A text may use only the placeholders hireflow knows, checked when saved.
Where HQ has not written a text, the built-in default (defaults.toml) is used.

Access patterns:
- get a text: GetItem pk=NOTIFICATION_TEMPLATE#<id>, sk=NOTIFICATION_TEMPLATE
- list texts: Query gsi1 gsi1pk=NOTIFICATION_TEMPLATES
"""

from __future__ import annotations

import string
import tomllib
from enum import StrEnum
from importlib import resources
from typing import Literal

from pydantic import Field, model_validator

from hireflow.platform.errors import invalid_value
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
    # Staff: a candidate waits for HR (a step failed, an answer could not be scored).
    NEEDS_ATTENTION = "needs_attention"
    # Candidate: invited again after a problem, with HR's message saying why.
    REINVITATION = "reinvitation"
    # Candidate: the request for a process without AI, answered.
    IN_PERSON_INTERVIEW = "in_person_interview"
    ALTERNATIVE_DECLINED = "alternative_declined"
    # Offers: approvers asked and reminded; HR told of a return, an answer, a locked link;
    # the candidate's letter, its reminder, its withdrawal and its expiry.
    OFFER_APPROVAL = "offer_approval"
    OFFER_APPROVAL_REMINDER = "offer_approval_reminder"
    OFFER_RETURNED = "offer_returned"
    OFFER_ANSWERED = "offer_answered"
    OFFER_LINK_LOCKED = "offer_link_locked"
    OFFER = "offer"
    OFFER_REMINDER = "offer_reminder"
    OFFER_WITHDRAWN = "offer_withdrawn"
    OFFER_EXPIRED = "offer_expired"
    # Onboarding: the new hire's notice with the portal link, a document to upload again;
    # owners' tasks coming due and overdue; the mentor named; the manager's probation review.
    ONBOARDING_NOTICE = "onboarding_notice"
    DOCUMENT_REJECTED = "document_rejected"
    ONBOARDING_TASK_DUE = "onboarding_task_due"
    ONBOARDING_TASK_OVERDUE = "onboarding_task_overdue"
    MENTOR_ASSIGNED = "mentor_assigned"
    PROBATION_REVIEW_DUE = "probation_review_due"
    # HR: a new hire's portal link was locked after too many wrong phone numbers.
    ONBOARDING_LINK_LOCKED = "onboarding_link_locked"


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
        "minutes",
        "message",  # HR's words to the candidate (a re-invitation, a declined request)
        "offer_link",
        "start_date",
        "days",
        # onboarding
        "employee_name",
        "onboarding_link",
        "employee_link",
        "task",
        "due",
        "what_to_bring",
        "work_location",
        "mentor_name",
        "reason",
        "probation_end",
    }
)

Channel = Literal["email", "sms"]
Locale = Literal["zh", "en"]


def placeholders_in(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as exc:  # an unmatched brace
        raise ValueError(f"the text has a stray brace: {exc}") from exc


def require_known_placeholders(known: frozenset[str], *texts: str) -> None:
    """For a validator: the texts use only ``known`` placeholders (and no stray brace)."""
    used = set().union(*(placeholders_in(text) for text in texts))
    unknown = sorted(used - known)
    if unknown:
        named = ", ".join("{" + u + "}" for u in unknown)
        listed = ", ".join("{" + k + "}" for k in sorted(known))
        raise invalid_value(
            "unknown_placeholder",
            f"unknown placeholder(s) {named}; known: {listed}",
            unknown=named,
            known=listed,
        )


ALL_TEMPLATES = "NOTIFICATION_TEMPLATES"


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
            raise invalid_value("subject_required", "an e-mail needs a subject")
        if self.channel == "sms" and len(self.body) > 500:
            raise invalid_value(
                "sms_too_long", "an SMS text must be at most 500 characters", max_length=500
            )
        require_known_placeholders(PLACEHOLDERS, self.body, self.subject or "")
        return self

    def item_keys(self) -> ItemKeys:
        return ItemKeys(
            *self.key(self.id),
            gsi1=(ALL_TEMPLATES, f"{self.event}#{self.channel}#{self.locale}"),
        )

    @staticmethod
    def key(template_id: str) -> tuple[str, str]:
        return f"NOTIFICATION_TEMPLATE#{template_id}", "NOTIFICATION_TEMPLATE"


def template_id(event: NotificationEvent, channel: Channel, locale: Locale) -> str:
    return f"{event.value}-{channel}-{locale}"


def _default_texts() -> dict[str, NotificationTemplate]:
    texts = tomllib.loads(
        resources.files("hireflow.notifications").joinpath("defaults.toml").read_text("utf-8")
    )["text"]
    defaults = {}
    for text in texts:
        event = NotificationEvent(text["event"])
        tid = template_id(event, text["channel"], text["locale"])
        defaults[tid] = NotificationTemplate.model_validate({**text, "id": tid})
    return defaults


# Read and validated once per process: a broken default text fails the cold start.
DEFAULTS = _default_texts()


class NotificationTemplateRepository:
    def __init__(self) -> None:
        self._templates = Repository(NotificationTemplate)

    def get(self, template_id: str) -> NotificationTemplate | None:
        return self._templates.get(*NotificationTemplate.key(template_id))

    def all(self) -> list[NotificationTemplate]:
        return list(self._templates.iterate(ALL_TEMPLATES, index="gsi1"))

    def effective(
        self, event: NotificationEvent, channel: Channel, locale: Locale
    ) -> NotificationTemplate | None:
        """HQ's text if there is one, else the built-in default (None: nothing to send)."""
        tid = template_id(event, channel, locale)
        return self.get(tid) or DEFAULTS.get(tid)

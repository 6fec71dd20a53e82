"""Notification templates (e-mail, SMS and group-robot texts per event and locale), the
group robots (DingTalk, WeCom) of a branch, and sending them.

HQ edits the texts; placeholders such as ``{candidate_name}`` are filled when a message
goes out. A text may use only the placeholders hireflow knows, checked when saved.
Where HQ has not written a text, the built-in default (defaults.toml) is used. A robot
text (channel ``dingtalk`` or ``wecom``, Markdown, no subject) exists only for events
told to staff, and HQ may switch one off (``enabled``): a staff notice is posted to the
robots of the candidate's branch, and to HQ's (company-wide), only when the event has a
text, switched on, for the robot's kind and language.

Access patterns:
- get a text: GetItem pk=NOTIFICATION_TEMPLATE#<id>, sk=NOTIFICATION_TEMPLATE
- list texts: Query gsi1 gsi1pk=NOTIFICATION_TEMPLATES
- a branch's robots: Query pk=BRANCH#<id>#ROBOTS, sk begins_with ROBOT#
- a robot, and its encrypted address and signing secret: GetItem pk=BRANCH#<id>#ROBOTS,
  sk=ROBOT#<robot id> and sk=ROBOT_SECRET#<robot id>
"""

from __future__ import annotations

import string
import tomllib
from datetime import datetime
from enum import StrEnum
from importlib import resources
from typing import Literal

from pydantic import Field, model_validator

from hireflow.platform.errors import invalid_value
from hireflow.platform.ids import new_id, now
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
    # The manager: a review fell below the assessment; courses are suggested (15 % rule).
    TRAINING_SUGGESTED = "training_suggested"
    # Employee: a periodic re-assessment's interview (people/reassessment.py).
    REASSESSMENT_INVITATION = "reassessment_invitation"
    # Talent pool: people in the pool match a position that opened (docs/talent.md).
    POOL_MATCHES = "pool_matches"
    # Candidate feedback (docs/talent.md "Candidate feedback"): where the candidate stands
    # once the report is ready (HQ's switch per position); a request about a decision told
    # to the branch's HR; the explanation of the AI's role; HR's answer to a request.
    STANDING = "standing"
    CANDIDATE_REQUEST = "candidate_request"
    EXPLANATION = "explanation"
    REQUEST_ANSWERED = "request_answered"


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
        # performance (the 15 % rule's suggestions)
        "period",
        "suggestions",
        # talent pool matches for an opened position
        "count",
        "position_link",
        # candidate feedback (talent/feedback.py, talent/requests.py)
        "percentile",
        "compared_with",
        "link",
        "request",
        "answer",
        "explanation",
        # the sentence saying when the interview opens, under a minimum notice period
        # (docs/privacy.md "Consent and notice"); empty, with its sentence, elsewhere
        "opening",
    }
)

Channel = Literal["email", "sms", "dingtalk", "wecom"]
RobotKind = Literal["dingtalk", "wecom"]
ROBOT_CHANNELS: frozenset[str] = frozenset({"dingtalk", "wecom"})
Locale = Literal["zh", "en"]

# The events told to staff (Notices.to_staff and its callers). A robot posts to a group
# chat: it never carries a candidate's own messages (their links are secret and meant for
# one person), so robot texts exist for these events only.
STAFF_EVENTS: frozenset[NotificationEvent] = frozenset(
    {
        NotificationEvent.INTERVIEWER_ASSIGNED,
        NotificationEvent.REPORT_READY,
        NotificationEvent.REVIEW_REMINDER,
        NotificationEvent.ALTERNATIVE_REQUESTED,
        NotificationEvent.NEEDS_ATTENTION,
        NotificationEvent.OFFER_APPROVAL,
        NotificationEvent.OFFER_APPROVAL_REMINDER,
        NotificationEvent.OFFER_RETURNED,
        NotificationEvent.OFFER_ANSWERED,
        NotificationEvent.OFFER_LINK_LOCKED,
        NotificationEvent.CANDIDATE_REQUEST,
    }
)
# WeCom's limit for a Markdown message; DingTalk's is larger. Counted in UTF-8 bytes
# (about 1,300 Chinese characters).
ROBOT_TEXT_MAX_BYTES = 4096


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
    # Robot texts only: False switches the event's robot post off (a built-in one too).
    enabled: bool = True

    @model_validator(mode="after")
    def _valid(self) -> NotificationTemplate:
        if self.channel == "email" and not self.subject:
            raise invalid_value("subject_required", "an e-mail needs a subject")
        if self.channel == "sms" and len(self.body) > 500:
            raise invalid_value(
                "sms_too_long", "an SMS text must be at most 500 characters", max_length=500
            )
        if self.channel in ROBOT_CHANNELS:
            self._valid_for_robots()
        elif not self.enabled:
            raise invalid_value(
                "text_required", "e-mail and SMS texts cannot be switched off; edit them"
            )
        require_known_placeholders(PLACEHOLDERS, self.body, self.subject or "")
        return self

    def _valid_for_robots(self) -> None:
        if self.event not in STAFF_EVENTS:
            raise invalid_value(
                "robot_text_staff_only",
                "group robots post staff notices only; this event is sent to the candidate",
                event=self.event.value,
            )
        if self.subject:
            raise invalid_value(
                "robot_text_no_subject", "a group-robot text has no subject: only a body"
            )
        if len(self.body.encode("utf-8")) > ROBOT_TEXT_MAX_BYTES:
            raise invalid_value(
                "robot_text_too_long",
                f"a group-robot text must be at most {ROBOT_TEXT_MAX_BYTES} bytes (UTF-8)",
                max_bytes=ROBOT_TEXT_MAX_BYTES,
            )

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
        """HQ's text if there is one, else the built-in default (None: nothing to send,
        also for a robot text HQ switched off)."""
        tid = template_id(event, channel, locale)
        found = self.get(tid) or DEFAULTS.get(tid)
        return found if found is not None and found.enabled else None


# ---------------------------------------------------------------------- group robots


class Robot(Stored):
    """A DingTalk or WeCom group robot of a branch (HQ's: company-wide). What the API
    shows: the address masked; the address itself (its access token or key is in it)
    and DingTalk's signing secret are kept encrypted in a ``RobotSecret``."""

    KIND = "robot"

    id: str = Field(default_factory=new_id)
    branch_id: str
    kind: RobotKind
    name: str = Field(min_length=1, max_length=100)
    locale: Locale = "zh"  # the language of the texts it posts
    masked_url: str
    signed: bool = False  # DingTalk "加签": each post carries a timestamp and signature
    enabled: bool = True
    created_by: str
    created_at: datetime = Field(default_factory=now)

    @property
    def address(self) -> str:
        """The robot as a message's ``to``."""
        return f"{self.branch_id}/{self.id}"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.branch_id, self.id))

    @staticmethod
    def of_branch(branch_id: str) -> tuple[str, str]:
        return f"BRANCH#{branch_id}#ROBOTS", "ROBOT#"

    @staticmethod
    def key(branch_id: str, robot_id: str) -> tuple[str, str]:
        return f"BRANCH#{branch_id}#ROBOTS", f"ROBOT#{robot_id}"


class RobotSecret(Stored):
    """A robot's address and signing secret, KMS-encrypted (hireflow.platform.encryption)."""

    KIND = "robot_secret"

    branch_id: str
    robot_id: str
    url: str  # ciphertext
    secret: str | None = None  # ciphertext (DingTalk's 加签 secret)

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.branch_id, self.robot_id))

    @staticmethod
    def key(branch_id: str, robot_id: str) -> tuple[str, str]:
        return f"BRANCH#{branch_id}#ROBOTS", f"ROBOT_SECRET#{robot_id}"


class RobotRepository:
    def __init__(self) -> None:
        self._robots = Repository(Robot)
        self._secrets = Repository(RobotSecret)

    def of_branch(self, branch_id: str) -> list[Robot]:
        """Oldest first."""
        robots = self._robots.iterate(*Robot.of_branch(branch_id))
        return sorted(robots, key=lambda robot: robot.created_at)

    def get(self, branch_id: str, robot_id: str) -> Robot | None:
        return self._robots.get(*Robot.key(branch_id, robot_id))

    def secret(self, branch_id: str, robot_id: str) -> RobotSecret | None:
        return self._secrets.get(*RobotSecret.key(branch_id, robot_id))

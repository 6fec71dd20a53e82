"""Webhook subscriptions (an outside system's HTTPS address and the events it wants), their
signing secrets, and the delivery log.

Access patterns:
- get a subscription: GetItem pk=WEBHOOK#<id>, sk=WEBHOOK
- list subscriptions (HQ's list; the delivery function's "who wants this event"):
  Query gsi1 gsi1pk=WEBHOOKS
- its signing secret: GetItem pk=WEBHOOK#<id>, sk=SECRET
- get a delivery: GetItem pk=WEBHOOK#<id>, sk=DELIVERY#<delivery id>; created with a
  condition on its key, which is derived from (subscription, event id): an event
  delivered twice makes one delivery
- a subscription's delivery log, newest first: Query gsi1 gsi1pk=WEBHOOK#<id>#DELIVERIES
- deliveries due for another attempt (the scheduled retry): Query gsi2 gsi2pk=WEBHOOK_DUE,
  in order of the next attempt's time (only deliveries still waiting are in it)
- an inbound system's secret (the EHR's, that signs what it posts): GetItem
  pk=INBOUND#<system>, sk=SECRET
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, Field

from hireflow.platform.ids import new_id, now
from hireflow.platform.store import ItemKeys, Page, Repository, Stored

ALL_SUBSCRIPTIONS = "WEBHOOKS"
DUE = "WEBHOOK_DUE"
# The delivery log is kept this long (DynamoDB's TTL deletes older deliveries).
DELIVERY_LOG_DAYS = 30
TEST_EVENT = "webhook.test"


class WebhookSubscription(Stored):
    """An outside system's address and the detail-types it wants (none listed: all)."""

    KIND = "webhook_subscription"

    id: str = Field(default_factory=new_id)
    name: str = Field(min_length=1, max_length=100)
    url: str = Field(min_length=1, max_length=2000)
    event_types: list[str] = Field(default_factory=list, max_length=50)
    enabled: bool = True
    created_by: str
    created_at: datetime = Field(default_factory=now)
    secret_rotated_at: datetime = Field(default_factory=now)

    def wants(self, detail_type: str) -> bool:
        return self.enabled and (not self.event_types or detail_type in self.event_types)

    def item_keys(self) -> ItemKeys:
        return ItemKeys(
            *self.key(self.id),
            gsi1=(ALL_SUBSCRIPTIONS, f"{self.created_at.isoformat()}#{self.id}"),
        )

    @staticmethod
    def key(subscription_id: str) -> tuple[str, str]:
        return f"WEBHOOK#{subscription_id}", "WEBHOOK"


class WebhookSecret(Stored):
    """A subscription's signing secret, KMS-encrypted (hireflow.platform.encryption).
    After a rotation the previous secret signs too, until ``previous_until``, so a
    receiver can switch over without refusing deliveries in between."""

    KIND = "webhook_secret"

    subscription_id: str
    current: str  # ciphertext
    previous: str | None = None  # ciphertext
    previous_until: datetime | None = None

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.subscription_id))

    @staticmethod
    def key(subscription_id: str) -> tuple[str, str]:
        return f"WEBHOOK#{subscription_id}", "SECRET"


DeliveryStatus = Literal["pending", "retrying", "delivered", "failed"]


class Attempt(BaseModel):
    """One try: when, how it ended (the HTTP status, or why there was none), how long."""

    at: datetime
    status_code: int | None = None
    error: str | None = None  # timeout, connection_failed, tls_failed, http_<status>, url_...
    duration_ms: int = 0
    manual: bool = False  # HQ's "redeliver" or "send a test event"


class WebhookDelivery(Stored):
    """One event to one subscription, with every attempt at it."""

    KIND = "webhook_delivery"

    subscription_id: str
    id: str
    event_id: str
    detail_type: str
    payload: dict[str, Any]  # the body: {"id", "detail-type", "time", "detail"}
    status: DeliveryStatus = "pending"
    attempts: int = 0
    created_at: datetime = Field(default_factory=now)
    last_attempt_at: datetime | None = None
    next_attempt_at: datetime | None = None  # None: nothing more is planned
    last_status_code: int | None = None
    last_error: str | None = None
    last_duration_ms: int | None = None
    # The start of the receiver's last answer (at most 200 characters), nothing more.
    response_excerpt: str | None = None
    history: list[Attempt] = Field(default_factory=list)
    test: bool = False

    @staticmethod
    def delivery_id(subscription_id: str, event_id: str) -> str:
        """The same event to the same subscription is the same delivery."""
        return hashlib.sha256(f"{subscription_id}\n{event_id}".encode()).hexdigest()[:32]

    def expires_at(self) -> datetime | None:
        return self.created_at + timedelta(days=DELIVERY_LOG_DAYS)

    def item_keys(self) -> ItemKeys:
        due = (
            (DUE, f"{self.next_attempt_at.isoformat()}#{self.subscription_id}#{self.id}")
            if self.next_attempt_at is not None and self.status in ("pending", "retrying")
            else None
        )
        return ItemKeys(
            *self.key(self.subscription_id, self.id),
            gsi1=(self.log(self.subscription_id), f"{self.created_at.isoformat()}#{self.id}"),
            gsi2=due,
        )

    @staticmethod
    def key(subscription_id: str, delivery_id: str) -> tuple[str, str]:
        return f"WEBHOOK#{subscription_id}", f"DELIVERY#{delivery_id}"

    @staticmethod
    def log(subscription_id: str) -> str:
        return f"WEBHOOK#{subscription_id}#DELIVERIES"


class WebhookRepository:
    def __init__(self) -> None:
        self._subscriptions = Repository(WebhookSubscription)
        self._secrets = Repository(WebhookSecret)
        self._deliveries = Repository(WebhookDelivery)

    # subscriptions
    def get(self, subscription_id: str) -> WebhookSubscription | None:
        return self._subscriptions.get(*WebhookSubscription.key(subscription_id))

    def all(self) -> list[WebhookSubscription]:
        return list(self._subscriptions.iterate(ALL_SUBSCRIPTIONS, index="gsi1"))

    def secret(self, subscription_id: str) -> WebhookSecret | None:
        return self._secrets.get(*WebhookSecret.key(subscription_id))

    # deliveries
    def delivery(self, subscription_id: str, delivery_id: str) -> WebhookDelivery | None:
        return self._deliveries.get(*WebhookDelivery.key(subscription_id, delivery_id))

    def create_delivery(self, delivery: WebhookDelivery) -> WebhookDelivery:
        """AlreadyExists when this event was already given to this subscription."""
        return self._deliveries.create(delivery)

    def save_delivery(self, delivery: WebhookDelivery) -> WebhookDelivery:
        """RevisionConflict when another process changed it since it was read."""
        return self._deliveries.save(delivery)

    def deliveries(
        self, subscription_id: str, cursor: str | None, limit: int
    ) -> Page[WebhookDelivery]:
        return self._deliveries.query(
            WebhookDelivery.log(subscription_id),
            index="gsi1",
            cursor=cursor,
            limit=limit,
            newest_first=True,
        )

    def due(self, at: datetime) -> Iterator[WebhookDelivery]:
        """Deliveries whose next attempt is at or before ``at``, the most overdue first."""
        for delivery in self._deliveries.iterate(DUE, index="gsi2"):
            if delivery.next_attempt_at is None or delivery.next_attempt_at > at:
                return
            yield delivery


class InboundSecret(Stored):
    """The secret an outside system (the EHR) signs its requests to hireflow with, as a
    webhook's: KMS-encrypted, the previous one still accepted until ``previous_until``
    after a rotation (docs/security.md, "The EHR's signed requests")."""

    KIND = "inbound_secret"

    system: str
    current: str  # ciphertext
    previous: str | None = None  # ciphertext
    previous_until: datetime | None = None
    rotated_at: datetime = Field(default_factory=now)
    rotated_by: str

    @staticmethod
    def key(system: str) -> tuple[str, str]:
        return f"INBOUND#{system}", "SECRET"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.system))


class InboundSecretRepository:
    def __init__(self) -> None:
        self._secrets = Repository(InboundSecret)

    def get(self, system: str) -> InboundSecret | None:
        return self._secrets.get(*InboundSecret.key(system))

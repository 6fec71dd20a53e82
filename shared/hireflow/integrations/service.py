"""The HQ admin's webhook subscriptions: create, change, disable, rotate the signing
secret, read the delivery log, send a test event, redeliver. Every change is audited.

The signing secret is made here (``secrets.token_urlsafe(32)``), returned once - in the
answer that creates the subscription or rotates its secret - and otherwise kept only as
KMS ciphertext in an item of its own, which no answer and no audit entry includes.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from pydantic import BaseModel, Field

from hireflow.audit.service import audited_write, record
from hireflow.identity.model import HQ_BRANCH_ID, Caller
from hireflow.identity.permissions import Capability, require
from hireflow.integrations.delivery import SECRET_PURPOSE, WebhookDeliveries, event_body
from hireflow.integrations.model import (
    TEST_EVENT,
    WebhookDelivery,
    WebhookRepository,
    WebhookSecret,
    WebhookSubscription,
)
from hireflow.platform import outbound
from hireflow.platform.encryption import encrypt
from hireflow.platform.errors import FieldError, Invalid, NotFound
from hireflow.platform.ids import new_id, now
from hireflow.platform.store import Page
from hireflow.platform.unit_of_work import UnitOfWorkFactory, check_revision

MAX_SUBSCRIPTIONS = 20
# After a rotation the old secret still signs for this long (both signatures are sent).
ROTATION_OVERLAP = timedelta(hours=24)


class NewWebhook(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    url: str = Field(min_length=1, max_length=outbound.MAX_URL_CHARS)
    # The detail-types to deliver (GET /api/webhook-event-types); empty: every event.
    event_types: list[str] = Field(default_factory=list, max_length=50)
    enabled: bool = True


class WebhookChange(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=100)
    url: str | None = Field(default=None, min_length=1, max_length=outbound.MAX_URL_CHARS)
    event_types: list[str] | None = Field(default=None, max_length=50)
    enabled: bool | None = None
    revision: int | None = None


class WebhookWithSecret(BaseModel):
    """The subscription and its signing secret: shown this once, never again."""

    subscription: WebhookSubscription
    secret: str


def new_signing_secret() -> str:
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class WebhookService:
    repository: WebhookRepository
    deliveries: WebhookDeliveries
    uow: UnitOfWorkFactory
    event_types: Sequence[str]  # every detail-type hireflow publishes
    allow_loopback: bool = False

    # ------------------------------------------------------------------ reading
    def known_event_types(self, caller: Caller) -> list[str]:
        require(caller, Capability.EDIT_INTEGRATIONS, action="managing webhooks")
        return sorted(self.event_types)

    def subscriptions(self, caller: Caller) -> list[WebhookSubscription]:
        require(caller, Capability.EDIT_INTEGRATIONS, action="managing webhooks")
        return self.repository.all()

    def get(self, caller: Caller, subscription_id: str) -> WebhookSubscription:
        require(caller, Capability.EDIT_INTEGRATIONS, action="managing webhooks")
        found = self.repository.get(subscription_id)
        if found is None:
            raise NotFound("webhook subscription not found", code="webhook_not_found")
        return found

    def delivery_log(
        self, caller: Caller, subscription_id: str, cursor: str | None, limit: int
    ) -> Page[WebhookDelivery]:
        """Newest first."""
        subscription = self.get(caller, subscription_id)
        return self.repository.deliveries(subscription.id, cursor, limit)

    # ------------------------------------------------------------------ changing
    def create(self, caller: Caller, new: NewWebhook) -> WebhookWithSecret:
        require(caller, Capability.EDIT_INTEGRATIONS, action="managing webhooks")
        if len(self.repository.all()) >= MAX_SUBSCRIPTIONS:
            raise Invalid(
                f"at most {MAX_SUBSCRIPTIONS} webhook subscriptions; disable or reuse one",
                code="too_many_webhooks",
                params={"max": MAX_SUBSCRIPTIONS},
            )
        subscription = WebhookSubscription(
            name=new.name.strip(),
            url=self._checked_url(new.url),
            event_types=self._checked_types(new.event_types),
            enabled=new.enabled,
            created_by=caller.username,
        )
        secret = new_signing_secret()
        with self.uow() as uow:
            saved = audited_write(
                uow,
                caller,
                "webhook.create",
                subscription,
                entity_id=subscription.id,
                branch_id=HQ_BRANCH_ID,
            )
            uow.create(self._sealed(subscription.id, secret))
            uow.commit()
        return WebhookWithSecret(subscription=saved, secret=secret)

    def update(
        self, caller: Caller, subscription_id: str, change: WebhookChange
    ) -> WebhookSubscription:
        """Rename, re-address, choose other events, enable or disable."""
        current = self.get(caller, subscription_id)
        check_revision(current, change.revision, "webhook subscription")
        updates: dict[str, object] = {}
        if change.name is not None:
            updates["name"] = change.name.strip()
        if change.url is not None:
            updates["url"] = self._checked_url(change.url)
        if change.event_types is not None:
            updates["event_types"] = self._checked_types(change.event_types)
        if change.enabled is not None:
            updates["enabled"] = change.enabled
        changed = current.model_copy(update=updates)
        if changed == current:
            return current
        action = "webhook.update"
        if updates.keys() == {"enabled"}:
            action = "webhook.enable" if change.enabled else "webhook.disable"
        with self.uow() as uow:
            saved = audited_write(
                uow,
                caller,
                action,
                changed,
                entity_id=current.id,
                branch_id=HQ_BRANCH_ID,
                before=current,
            )
            uow.commit()
        return saved

    def rotate_secret(self, caller: Caller, subscription_id: str) -> WebhookWithSecret:
        """A new signing secret, shown once; the old one keeps signing for 24 hours."""
        current = self.get(caller, subscription_id)
        stored = self.repository.secret(current.id)
        if stored is None:
            raise NotFound("webhook subscription not found", code="webhook_not_found")
        secret = new_signing_secret()
        at = now()
        sealed = self._sealed(current.id, secret).model_copy(
            update={
                "previous": stored.current,
                "previous_until": at + ROTATION_OVERLAP,
                "revision": stored.revision,
            }
        )
        rotated = current.model_copy(update={"secret_rotated_at": at})
        with self.uow() as uow:
            uow.save(sealed)
            saved = audited_write(
                uow,
                caller,
                "webhook.rotate_secret",
                rotated,
                entity_id=current.id,
                branch_id=HQ_BRANCH_ID,
                before=current,
            )
            uow.commit()
        return WebhookWithSecret(subscription=saved, secret=secret)

    # ------------------------------------------------------------------ sending by hand
    def send_test(self, caller: Caller, subscription_id: str) -> WebhookDelivery:
        """A ``webhook.test`` event to this subscription now (whatever its event types;
        disabled or not), recorded in its log; not retried."""
        subscription = self.get(caller, subscription_id)
        at = now()
        event_id = f"test:{new_id()}"
        detail = {
            "event_id": event_id,
            "subscription_id": subscription.id,
            "occurred_at": at.isoformat(),
        }
        delivery = self.repository.create_delivery(
            WebhookDelivery(
                subscription_id=subscription.id,
                id=WebhookDelivery.delivery_id(subscription.id, event_id),
                event_id=event_id,
                detail_type=TEST_EVENT,
                payload=event_body(TEST_EVENT, detail, event_id, at.isoformat()),
                created_at=at,
                next_attempt_at=None,
                test=True,
            )
        )
        return self._by_hand(caller, "webhook.test", delivery)

    def redeliver(self, caller: Caller, subscription_id: str, delivery_id: str) -> WebhookDelivery:
        """One more attempt now, with the same event and delivery id."""
        subscription = self.get(caller, subscription_id)
        delivery = self.repository.delivery(subscription.id, delivery_id)
        if delivery is None:
            raise NotFound("delivery not found", code="delivery_not_found")
        return self._by_hand(caller, "webhook.redeliver", delivery)

    def _by_hand(self, caller: Caller, action: str, delivery: WebhookDelivery) -> WebhookDelivery:
        attempted = self.deliveries.attempt(delivery, manual=True)
        if attempted is None:
            raise Invalid(
                "this delivery is being attempted right now; look again in a moment",
                code="delivery_in_progress",
            )
        with self.uow() as uow:
            record(
                uow,
                caller,
                action,
                branch_id=HQ_BRANCH_ID,
                entity=attempted,
                entity_id=attempted.id,
                before=delivery,
            )
            uow.commit()
        return attempted

    # ------------------------------------------------------------------ checks
    def _checked_url(self, url: str) -> str:
        url = url.strip()
        outbound.check_url(url, allow_loopback=self.allow_loopback)  # UrlRefused: 422
        return url

    def _checked_types(self, event_types: list[str]) -> list[str]:
        chosen = list(dict.fromkeys(t.strip() for t in event_types))
        unknown = [t for t in chosen if t not in self.event_types]
        if unknown:
            raise Invalid(
                "unknown event type(s): " + ", ".join(unknown),
                [
                    FieldError(
                        "event_types",
                        f"{t} is not an event hireflow publishes",
                        "unknown_event_type",
                        {"event_type": t},
                    )
                    for t in unknown
                ],
                code="unknown_event_type",
                params={"event_type": unknown[0]},
            )
        return chosen

    @staticmethod
    def _sealed(subscription_id: str, secret: str) -> WebhookSecret:
        return WebhookSecret(
            subscription_id=subscription_id,
            current=encrypt(secret, purpose=SECRET_PURPOSE, owner=subscription_id),
        )

"""Delivering domain events to webhook subscriptions: signed HTTPS POSTs, retried with
back-off, each recorded in the subscription's delivery log.

- The delivery function (``functions/webhooks``, an EventBridge rule on the domain bus)
  calls ``deliver_event`` for every hireflow event. For each enabled subscription that
  wants the detail-type a delivery is created first - its key derived from (subscription,
  event id), with a condition, so an event EventBridge delivers twice, or a fact
  published again, makes no second delivery - and then attempted.
- An attempt that gets no 2xx answer (a timeout, a refused connection, any other
  status) is tried again after 1 min, 5 min, 30 min, 2 h and 12 h; after the sixth
  attempt the delivery has ``failed`` for good (HQ can still redeliver it). The scheduled
  function's ``{"job": "webhooks"}`` (every minute) attempts what is due, through the due
  index (no scan).
- A process claims a delivery before attempting it (its next attempt moved two minutes
  on, with an optimistic-locking save), so the delivery function and the schedule never
  send it at the same time; one that crashed mid-attempt is attempted again after the
  claim runs out. Receivers drop repeats by ``X-Hireflow-Event-Id``.
- The address is checked again at every attempt (``platform.outbound``: DNS can change).
- Only the HTTP status, the error, the duration and the first 200 characters of the
  answer are kept; logs carry ids and outcomes, never the address, the body or a secret.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from hireflow.integrations.model import (
    Attempt,
    WebhookDelivery,
    WebhookRepository,
    WebhookSecret,
    WebhookSubscription,
)
from hireflow.integrations.signing import signature_header
from hireflow.platform import outbound
from hireflow.platform.encryption import decrypt
from hireflow.platform.ids import now
from hireflow.platform.observability import logger
from hireflow.platform.store import AlreadyExists, RevisionConflict

# Waits after the 1st, 2nd ... 5th failed attempt; the 6th failure is final.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
CLAIM = timedelta(minutes=2)
HISTORY = 10  # attempts kept on a delivery (the count goes on)
EXCERPT_CHARS = 200
SECRET_PURPOSE = "webhook-secret"  # noqa: S105 - the encryption context's name, not a secret
# The scheduled retry stops starting attempts after this long (it runs every minute).
RETRY_BUDGET_SECONDS = 20.0
RETRY_BATCH = 200


def event_body(
    detail_type: str, detail: dict[str, Any], event_id: str, time_: str
) -> dict[str, Any]:
    """What a subscriber receives: the EventBridge event's id (hireflow's ``event_id``,
    the same when a fact is published again), detail-type, time and detail."""
    return {"id": event_id, "detail-type": detail_type, "time": time_, "detail": detail}


def body_bytes(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=str).encode()


@dataclass(frozen=True)
class DeliveryCounts:
    subscriptions: int = 0  # subscriptions that wanted the event
    duplicates: int = 0  # already delivered (the same event id) - not sent again
    delivered: int = 0
    failed: int = 0  # this attempt failed (retried later, or failed for good)

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class WebhookDeliveries:
    repository: WebhookRepository
    allow_loopback: bool = False
    timeout_seconds: float = outbound.TIMEOUT_SECONDS

    # ------------------------------------------------------------------ entry points
    def deliver_event(
        self,
        detail_type: str,
        detail: dict[str, Any],
        eventbridge_id: str,
        time_: str,
        at: datetime | None = None,
    ) -> DeliveryCounts:
        """One domain event from the bus, to every subscription that wants it."""
        at = at or now()
        event_id = str(detail.get("event_id") or eventbridge_id)
        payload = event_body(detail_type, detail, event_id, time_)
        wanted = [s for s in self.repository.all() if s.wants(detail_type)]
        created, duplicates = [], 0
        # Every delivery is on record before the first is attempted: a function that runs
        # out of time leaves the rest due, for the schedule.
        for subscription in wanted:
            delivery = WebhookDelivery(
                subscription_id=subscription.id,
                id=WebhookDelivery.delivery_id(subscription.id, event_id),
                event_id=event_id,
                detail_type=detail_type,
                payload=payload,
                created_at=at,
                next_attempt_at=at,
            )
            try:
                created.append(self.repository.create_delivery(delivery))
            except AlreadyExists:
                duplicates += 1
                logger.info("webhook: duplicate event", subscription_id=subscription.id)
        outcomes = [self.attempt(delivery, at) for delivery in created]
        return DeliveryCounts(
            subscriptions=len(wanted),
            duplicates=duplicates,
            delivered=sum(1 for d in outcomes if d and d.status == "delivered"),
            failed=sum(1 for d in outcomes if d and d.status != "delivered"),
        )

    def retry_due(
        self, at: datetime | None = None, budget_seconds: float = RETRY_BUDGET_SECONDS
    ) -> DeliveryCounts:
        """Attempt every delivery whose next attempt is due (the scheduled job)."""
        at = at or now()
        started = time.monotonic()
        due = []
        for delivery in self.repository.due(at):
            due.append(delivery)
            if len(due) >= RETRY_BATCH:
                break
        outcomes = []
        for delivery in due:
            if time.monotonic() - started > budget_seconds:
                break  # the next run takes the rest
            outcomes.append(self.attempt(delivery, at))
        return DeliveryCounts(
            subscriptions=len(due),
            delivered=sum(1 for d in outcomes if d and d.status == "delivered"),
            failed=sum(1 for d in outcomes if d and d.status != "delivered"),
        )

    def attempt(
        self, delivery: WebhookDelivery, at: datetime | None = None, *, manual: bool = False
    ) -> WebhookDelivery | None:
        """Try a delivery once and record how it went; None when another process holds it."""
        at = at or now()
        try:  # claimed: no other process attempts it meanwhile
            claimed = self.repository.save_delivery(
                delivery.model_copy(update={"next_attempt_at": at + CLAIM})
            )
        except RevisionConflict:
            logger.info("webhook: delivery held elsewhere", delivery_id=delivery.id)
            return None
        subscription = self.repository.get(delivery.subscription_id)
        secret = self.repository.secret(delivery.subscription_id)
        if subscription is None or secret is None or not (subscription.enabled or manual):
            tried = Attempt(at=at, error="subscription_disabled", manual=manual)
            return self._record(claimed, tried, None, final=True)
        tried, excerpt = self._send(subscription, secret, claimed, at, manual)
        # HQ's redelivery of a finished delivery is one more try, not a new schedule.
        final = manual and claimed.status in ("delivered", "failed")
        return self._record(claimed, tried, excerpt, final=final)

    # ------------------------------------------------------------------ one attempt
    def _secrets(self, secret: WebhookSecret, at: datetime) -> list[str]:
        owner = secret.subscription_id
        keys = [decrypt(secret.current, purpose=SECRET_PURPOSE, owner=owner)]
        if secret.previous and secret.previous_until and secret.previous_until > at:
            keys.append(decrypt(secret.previous, purpose=SECRET_PURPOSE, owner=owner))
        return keys

    def _send(
        self,
        subscription: WebhookSubscription,
        secret: WebhookSecret,
        delivery: WebhookDelivery,
        at: datetime,
        manual: bool,
    ) -> tuple[Attempt, str | None]:
        body = body_bytes(delivery.payload)
        timestamp = int(time.time())
        headers = {
            "Content-Type": "application/json",
            "X-Hireflow-Event-Id": delivery.event_id,
            "X-Hireflow-Event-Type": delivery.detail_type,
            "X-Hireflow-Delivery-Id": delivery.id,
            "X-Hireflow-Attempt": str(delivery.attempts + 1),
            "X-Hireflow-Timestamp": str(timestamp),
            "X-Hireflow-Signature": signature_header(self._secrets(secret, at), timestamp, body),
        }
        try:
            answer = outbound.post(
                subscription.url,
                body,
                headers,
                allow_loopback=self.allow_loopback,
                timeout=self.timeout_seconds,
            )
        except outbound.UrlRefused as refused:
            return Attempt(at=at, error=refused.code, manual=manual), None
        except outbound.OutboundFailed as failed:
            return Attempt(at=at, error=failed.code, manual=manual), None
        error = None if answer.ok else f"http_{answer.status}"
        tried = Attempt(
            at=at,
            status_code=answer.status,
            error=error,
            duration_ms=answer.duration_ms,
            manual=manual,
        )
        return tried, answer.excerpt(EXCERPT_CHARS)

    def _record(
        self, claimed: WebhookDelivery, tried: Attempt, excerpt: str | None, *, final: bool
    ) -> WebhookDelivery | None:
        attempts = claimed.attempts + 1
        if tried.error is None:
            status, following = "delivered", None
        elif final or claimed.test or attempts >= MAX_ATTEMPTS:
            status, following = "failed", None
        else:
            status, following = "retrying", tried.at + BACKOFF[attempts - 1]
        recorded = claimed.model_copy(
            update={
                "status": status,
                "attempts": attempts,
                "last_attempt_at": tried.at,
                "next_attempt_at": following,
                "last_status_code": tried.status_code,
                "last_error": tried.error,
                "last_duration_ms": tried.duration_ms,
                "response_excerpt": excerpt,
                "history": [*claimed.history, tried][-HISTORY:],
            }
        )
        try:
            saved = self.repository.save_delivery(recorded)
        except RevisionConflict:  # cannot happen while the claim holds; the next attempt tells
            logger.warning("webhook: attempt not recorded", delivery_id=claimed.id)
            return None
        logger.info(
            "webhook delivery",
            subscription_id=saved.subscription_id,
            delivery_id=saved.id,
            event_type=saved.detail_type,
            status=saved.status,
            status_code=tried.status_code,
            error=tried.error,
            attempts=saved.attempts,
        )
        return saved

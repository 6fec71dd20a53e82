"""Webhooks: the HQ admin subscribes other systems to hireflow's events (signed HTTPS
POSTs, retried; docs/events.md "Subscribing an outside system")."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from hireflow.api.context import Listing, current_caller
from hireflow.bootstrap import services
from hireflow.integrations.model import WebhookDelivery, WebhookSubscription
from hireflow.integrations.service import NewWebhook, WebhookChange, WebhookWithSecret

router = Router()


@router.get("/api/webhook-event-types", summary="The detail-types a webhook can subscribe to")
def webhook_event_types() -> list[str]:
    return services().webhooks.known_event_types(current_caller(router))


@router.get("/api/webhooks", summary="Webhook subscriptions (HQ admin)")
def list_webhooks() -> list[WebhookSubscription]:
    return services().webhooks.subscriptions(current_caller(router))


@router.post(
    "/api/webhooks",
    summary="Subscribe an HTTPS address to events; the signing secret is in this answer only",
    status_code=201,
)
def create_webhook(new: NewWebhook) -> WebhookWithSecret:
    return services().webhooks.create(current_caller(router), new)


@router.get("/api/webhooks/<subscription_id>", summary="One webhook subscription")
def get_webhook(subscription_id: str) -> WebhookSubscription:
    return services().webhooks.get(current_caller(router), subscription_id)


@router.patch(
    "/api/webhooks/<subscription_id>",
    summary="Rename, re-address, choose events, enable or disable a subscription",
)
def update_webhook(subscription_id: str, change: WebhookChange) -> WebhookSubscription:
    return services().webhooks.update(current_caller(router), subscription_id, change)


@router.post(
    "/api/webhooks/<subscription_id>/rotate-secret",
    summary="A new signing secret, in this answer only (the old one signs for 24 h more)",
)
def rotate_webhook_secret(subscription_id: str) -> WebhookWithSecret:
    return services().webhooks.rotate_secret(current_caller(router), subscription_id)


@router.get(
    "/api/webhooks/<subscription_id>/deliveries",
    summary="The subscription's delivery log, newest first",
)
def webhook_deliveries(
    subscription_id: str,
    cursor: Annotated[str | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 25,
) -> Listing:
    page = services().webhooks.delivery_log(current_caller(router), subscription_id, cursor, limit)
    return Listing(items=[d.model_dump(mode="json") for d in page.items], cursor=page.cursor)


@router.post(
    "/api/webhooks/<subscription_id>/test",
    summary="Send a webhook.test event to the subscription now",
)
def test_webhook(subscription_id: str) -> WebhookDelivery:
    return services().webhooks.send_test(current_caller(router), subscription_id)


@router.post(
    "/api/webhooks/<subscription_id>/deliveries/<delivery_id>/redeliver",
    summary="Attempt one delivery again now",
)
def redeliver_webhook(subscription_id: str, delivery_id: str) -> WebhookDelivery:
    return services().webhooks.redeliver(current_caller(router), subscription_id, delivery_id)

"""Notification texts: HQ's e-mail and SMS texts per event and language."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from hireflow.api.context import current_caller
from hireflow.bootstrap import services
from hireflow.notifications.model import NotificationTemplate
from hireflow.notifications.service import (
    NotificationDraft,
    NotificationPreview,
    NotificationTemplateChange,
)

router = Router()


@router.get("/api/notification-templates", summary="E-mail and SMS texts (defaults included)")
def list_notification_templates() -> list[NotificationTemplate]:
    return services().notification_templates.list_templates(current_caller(router))


@router.post(
    "/api/notification-templates", summary="Write a text for an event (HQ)", status_code=201
)
def create_notification_template(
    template: NotificationTemplate,
) -> NotificationTemplate:
    return services().notification_templates.create(current_caller(router), template)


@router.get("/api/notification-templates/<template_id>", summary="One text")
def get_notification_template(template_id: str) -> NotificationTemplate:
    return services().notification_templates.get(current_caller(router), template_id)


@router.put("/api/notification-templates/<template_id>", summary="Change a text (HQ)")
def update_notification_template(
    template_id: str, change: NotificationTemplateChange
) -> NotificationTemplate:
    return services().notification_templates.update(current_caller(router), template_id, change)


@router.post(
    "/api/notification-templates/<template_id>/preview",
    summary="The text, or an unsaved draft of it, rendered with sample data in both languages (HQ)",
)
def preview_notification_template(
    template_id: str, draft: NotificationDraft
) -> list[NotificationPreview]:
    return services().notification_templates.preview(current_caller(router), template_id, draft)

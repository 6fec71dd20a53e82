"""Notification texts: HQ's e-mail, SMS and group-robot texts per event and language; a
branch's group robots (DingTalk, WeCom)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from hireflow.api.context import current_caller
from hireflow.bootstrap import services
from hireflow.notifications.model import NotificationTemplate, Robot
from hireflow.notifications.robots import NewRobot, RobotTest
from hireflow.notifications.service import (
    NotificationDraft,
    NotificationPreview,
    NotificationTemplateChange,
)

router = Router()


@router.get(
    "/api/notification-templates", summary="E-mail, SMS and group-robot texts (defaults included)"
)
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


# ---------------------------------------------------------------------- group robots


@router.get(
    "/api/branches/<branch_id>/robots",
    summary="The branch's DingTalk and WeCom group robots (HR; HQ's are company-wide)",
)
def list_robots(branch_id: str) -> list[Robot]:
    return services().robots.of_branch(current_caller(router), branch_id)


@router.post(
    "/api/branches/<branch_id>/robots",
    summary="Add a group robot (its address and signing secret are kept encrypted)",
    status_code=201,
)
def add_robot(branch_id: str, new: NewRobot) -> Robot:
    return services().robots.add(current_caller(router), branch_id, new)


@router.delete(
    "/api/branches/<branch_id>/robots/<robot_id>", summary="Remove a group robot", status_code=204
)
def remove_robot(branch_id: str, robot_id: str) -> None:
    services().robots.remove(current_caller(router), branch_id, robot_id)


@router.post("/api/branches/<branch_id>/robots/<robot_id>/test", summary="Post a test message now")
def test_robot(branch_id: str, robot_id: str) -> RobotTest:
    return services().robots.test(current_caller(router), branch_id, robot_id)

"""Interview templates (versioned) and notification texts."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from hireflow.api.context import current_caller
from hireflow.assessment.model import (
    CurrentTemplate,
    InterviewTemplate,
    TemplateDraft,
    TemplateEdit,
    TemplateVersionSummary,
)
from hireflow.bootstrap import services
from hireflow.notifications.model import NotificationTemplate, NotificationTemplateChange

router = Router()


@router.get("/api/templates", summary="Interview templates, current versions")
def list_templates() -> list[CurrentTemplate]:
    return services().templates.list_templates(current_caller(router))


@router.post("/api/templates", summary="Create an interview template (HQ)")
def create_template(draft: TemplateDraft) -> tuple[CurrentTemplate, int]:
    return services().templates.create(current_caller(router), draft), 201


@router.get("/api/templates/<template_id>", summary="The current version of a template")
def get_template(template_id: str) -> CurrentTemplate:
    return services().templates.get(current_caller(router), template_id)


@router.put(
    "/api/templates/<template_id>",
    summary="Save a new version (HQ); 409 if base_version is not the current one",
)
def new_template_version(template_id: str, edit: TemplateEdit) -> CurrentTemplate:
    return services().templates.new_version(current_caller(router), template_id, edit)


@router.get("/api/templates/<template_id>/versions", summary="Every version of a template")
def template_versions(template_id: str) -> list[TemplateVersionSummary]:
    return services().templates.versions(current_caller(router), template_id)


@router.get("/api/templates/<template_id>/versions/<version>", summary="One version")
def template_version(template_id: str, version: int) -> InterviewTemplate:
    return services().templates.get_version(current_caller(router), template_id, version)


@router.get("/api/notification-templates", summary="E-mail and SMS texts (defaults included)")
def list_notification_templates() -> list[NotificationTemplate]:
    return services().notification_templates.list_templates(current_caller(router))


@router.post("/api/notification-templates", summary="Write a text for an event (HQ)")
def create_notification_template(
    template: NotificationTemplate,
) -> tuple[NotificationTemplate, int]:
    return services().notification_templates.create(current_caller(router), template), 201


@router.get("/api/notification-templates/<template_id>", summary="One text")
def get_notification_template(template_id: str) -> NotificationTemplate:
    return services().notification_templates.get(current_caller(router), template_id)


@router.put("/api/notification-templates/<template_id>", summary="Change a text (HQ)")
def update_notification_template(
    template_id: str, change: NotificationTemplateChange
) -> NotificationTemplate:
    return services().notification_templates.update(current_caller(router), template_id, change)

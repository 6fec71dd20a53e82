"""Interview templates: HQ's versioned interview scripts."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from hireflow.api.context import current_caller
from hireflow.assessment.model import CurrentTemplate, InterviewTemplate
from hireflow.assessment.service import (
    TemplateDraft,
    TemplateEdit,
    TemplateVersionSummary,
)
from hireflow.bootstrap import services

router = Router()


@router.get("/api/templates", summary="Interview templates, current versions")
def list_templates() -> list[CurrentTemplate]:
    return services().templates.list_templates(current_caller(router))


@router.post("/api/templates", summary="Create an interview template (HQ)", status_code=201)
def create_template(draft: TemplateDraft) -> CurrentTemplate:
    return services().templates.create(current_caller(router), draft)


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

"""HQ writes interview templates: each save is a new version; the CURRENT pointer moves
with it in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel, Field

from hireflow.assessment.model import (
    CurrentTemplate,
    FeatureWeights,
    InterviewTemplate,
    LocalisedText,
    Stage,
    TemplateRepository,
)
from hireflow.audit.service import audited_write
from hireflow.identity.model import HQ_BRANCH_ID, Caller
from hireflow.identity.permissions import Capability, require
from hireflow.platform.errors import Conflict, NotFound
from hireflow.platform.ids import new_id
from hireflow.platform.unit_of_work import UnitOfWork, UnitOfWorkFactory


class TemplateDraft(BaseModel):
    """What HQ sends to create a template or a new version of one."""

    id: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9-]{0,59}$")
    name: LocalisedText
    stages: list[Stage] = Field(min_length=1, max_length=10)
    dimension_weights: dict[str, float] = Field(min_length=1)
    feature_weights: dict[str, FeatureWeights] = Field(default_factory=dict)


class TemplateEdit(TemplateDraft):
    # The version the editor started from: saving over a newer version is a conflict.
    base_version: int = Field(ge=1)


class TemplateVersionSummary(BaseModel):
    id: str
    version: int
    name: LocalisedText
    questions: int
    created_at: datetime
    created_by: str | None


@dataclass(frozen=True)
class TemplateService:
    templates: TemplateRepository
    uow: UnitOfWorkFactory

    def list_templates(self, caller: Caller) -> list[CurrentTemplate]:
        return self.templates.all_current()

    def get(self, caller: Caller, template_id: str) -> CurrentTemplate:
        template = self.templates.current(template_id)
        if template is None:
            raise NotFound("template not found", code="template_not_found")
        return template

    def get_version(self, caller: Caller, template_id: str, version: int) -> InterviewTemplate:
        template = self.templates.version(template_id, version)
        if template is None:
            raise NotFound("template version not found", code="template_not_found")
        return template

    def versions(self, caller: Caller, template_id: str) -> list[TemplateVersionSummary]:
        self.get(caller, template_id)
        return [
            TemplateVersionSummary(
                id=t.id,
                version=t.version,
                name=t.name,
                questions=sum(len(s.questions) for s in t.stages),
                created_at=t.created_at,
                created_by=t.created_by,
            )
            for t in self.templates.all_versions(template_id)
        ]

    @staticmethod
    def _stage(
        uow: UnitOfWork,
        caller: Caller,
        template: InterviewTemplate,
        before: CurrentTemplate | None,
    ) -> CurrentTemplate:
        """Add the version item and move the CURRENT pointer in ``uow``."""
        current = CurrentTemplate.model_validate(template.model_dump(exclude={"revision"}))
        uow.create(template)
        return audited_write(
            uow,
            caller,
            "template.create" if before is None else "template.new_version",
            current,
            entity_id=template.id,
            branch_id=HQ_BRANCH_ID,
            before=before,
        )

    def _write(
        self,
        caller: Caller,
        template: InterviewTemplate,
        before: CurrentTemplate | None,
    ) -> CurrentTemplate:
        """Add the version item and move the CURRENT pointer, together."""
        with self.uow() as uow:
            saved = self._stage(uow, caller, template, before)
            uow.commit(
                on_duplicate=(
                    f"template {template.id!r} already exists"
                    if before is None
                    else "someone saved a new version meanwhile; reload and try again"
                )
            )
        return saved

    def create(self, caller: Caller, draft: TemplateDraft) -> CurrentTemplate:
        require(caller, Capability.EDIT_TEMPLATES, action="creating interview templates")
        template = InterviewTemplate(
            **draft.model_dump(exclude={"id"}),
            id=draft.id or new_id(),
            version=1,
            created_by=caller.username,
        )
        return self._write(caller, template, None)

    def new_version(self, caller: Caller, template_id: str, edit: TemplateEdit) -> CurrentTemplate:
        require(caller, Capability.EDIT_TEMPLATES, action="editing interview templates")
        current = self.get(caller, template_id)
        if edit.base_version != current.version:
            raise Conflict(
                f"the template is at version {current.version}; you edited version "
                f"{edit.base_version}. Reload it and apply your changes again",
                code="template_edited_meanwhile",
                params={"version": current.version, "edited": edit.base_version},
            )
        template = InterviewTemplate(
            **edit.model_dump(exclude={"id", "base_version"}),
            id=template_id,
            version=current.version + 1,
            created_by=caller.username,
        )
        return self._write(caller, template, current)

    def reweigh(
        self,
        uow: UnitOfWork,
        caller: Caller,
        current: CurrentTemplate,
        weights: dict[str, float],
    ) -> CurrentTemplate:
        """A new version of ``current`` with other dimension weights, everything else as
        it is, written in the caller's unit of work (applying a weight proposal changes
        the template and the positions together). ``current``'s revision guards it: a
        version saved meanwhile makes the commit a ChangedMeanwhile."""
        require(caller, Capability.EDIT_TEMPLATES, action="editing interview templates")
        template = InterviewTemplate(
            **current.model_dump(
                exclude={"revision", "version", "created_at", "created_by", "dimension_weights"}
            ),
            dimension_weights=weights,
            version=current.version + 1,
            created_by=caller.username,
        )
        return self._stage(uow, caller, template, current)

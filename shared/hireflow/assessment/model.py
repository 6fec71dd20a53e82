"""Interview templates: HQ-owned, versioned scripts of stages and questions.

An interview pins the template version it started with, so a later edit never changes
an interview in progress.

Access patterns:
- get the current version: GetItem pk=TEMPLATE#<id>, sk=CURRENT
- get one version: GetItem pk=TEMPLATE#<id>, sk=VERSION#<000001>
- list versions: Query pk=TEMPLATE#<id>, sk begins_with VERSION#
- list templates: Query gsi1 gsi1pk=TEMPLATES (current versions only)
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field, model_validator

from hireflow.audit.changes import commit_change
from hireflow.identity.model import HQ_BRANCH_ID, Caller
from hireflow.identity.permissions import HQ, require_role
from hireflow.platform.errors import Conflict, NotFound
from hireflow.platform.ids import new_id, now
from hireflow.platform.store import ItemKeys, Repository, Stored, Transaction


class QuestionKind(StrEnum):
    BEHAVIOURAL = "behavioural"
    POSITION = "position"
    SCENARIO = "scenario"
    COGNITIVE = "cognitive"


class LocalisedText(BaseModel):
    en: str = Field(min_length=1, max_length=2000)
    zh: str | None = Field(default=None, max_length=2000)

    def in_(self, locale: str) -> str:
        return self.zh if locale == "zh" and self.zh else self.en


class RubricPoint(BaseModel):
    """One link of a rubric chain (e.g. listen -> apologise -> solve -> follow up)."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")
    label: LocalisedText
    # Words and phrases that show the point is covered, per language.
    cues: dict[str, list[str]] = Field(default_factory=dict)


class Question(BaseModel):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")
    text: LocalisedText
    kind: QuestionKind
    dimensions: list[str] = Field(min_length=1)
    rubric: list[RubricPoint] = Field(default_factory=list)
    exemplar_answers: list[str] = Field(default_factory=list)


class FeatureWeights(BaseModel):
    """How a dimension's AI score mixes the answer features (see docs/scoring.md).
    Presence (what the camera shows) is weighted 0 unless HQ turns it on."""

    content: float = Field(default=0.75, ge=0, le=1)
    delivery: float = Field(default=0.25, ge=0, le=1)
    presence: float = Field(default=0.0, ge=0, le=1)

    @model_validator(mode="after")
    def _sum_to_one(self) -> FeatureWeights:
        total = self.content + self.delivery + self.presence
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"feature weights must sum to 1, they sum to {total:.4g}")
        return self


class Stage(BaseModel):
    name: LocalisedText
    preparation_seconds: int = Field(ge=0, le=600)
    answer_seconds: int = Field(ge=10, le=900)
    retakes_allowed: int = Field(default=0, ge=0, le=5)
    questions: list[Question] = Field(min_length=1)


class InterviewTemplate(Stored):
    KIND = "interview_template"

    id: str
    version: int = Field(ge=1)
    name: LocalisedText
    stages: list[Stage] = Field(min_length=1)
    dimension_weights: dict[str, float] = Field(min_length=1)
    # Per dimension; a dimension not listed uses FeatureWeights().
    feature_weights: dict[str, FeatureWeights] = Field(default_factory=dict)
    created_at: datetime = Field(default_factory=now)
    created_by: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> InterviewTemplate:
        ids = [q.id for s in self.stages for q in s.questions]
        if len(set(ids)) != len(ids):
            raise ValueError("question ids must be unique within a template")
        unknown = {d for s in self.stages for q in s.questions for d in q.dimensions} - set(
            self.dimension_weights
        )
        if unknown:
            raise ValueError(f"questions measure unknown dimensions: {sorted(unknown)}")
        total = sum(self.dimension_weights.values())
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"dimension weights must sum to 1, they sum to {total:.4g}")
        stray = set(self.feature_weights) - set(self.dimension_weights)
        if stray:
            raise ValueError(f"feature weights for unknown dimensions: {sorted(stray)}")
        return self

    def features_of(self, dimension: str) -> FeatureWeights:
        return self.feature_weights.get(dimension) or FeatureWeights()

    def question(self, question_id: str) -> tuple[Stage, Question] | None:
        for stage in self.stages:
            for question in stage.questions:
                if question.id == question_id:
                    return stage, question
        return None

    def item_keys(self) -> ItemKeys:
        return ItemKeys(pk=f"TEMPLATE#{self.id}", sk=f"VERSION#{self.version:06d}")


class CurrentTemplate(InterviewTemplate):
    """The pointer item that holds the current version's full content."""

    KIND = "interview_template_current"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(pk=f"TEMPLATE#{self.id}", sk="CURRENT", gsi1=("TEMPLATES", self.name.en))


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


class TemplateRepository:
    def __init__(self) -> None:
        self.versions = Repository(InterviewTemplate)
        self.current_versions = Repository(CurrentTemplate)

    def current(self, template_id: str) -> CurrentTemplate | None:
        return self.current_versions.get(f"TEMPLATE#{template_id}", "CURRENT")

    def version(self, template_id: str, version: int) -> InterviewTemplate | None:
        return self.versions.get(f"TEMPLATE#{template_id}", f"VERSION#{version:06d}")

    def all_versions(self, template_id: str) -> list[InterviewTemplate]:
        return list(self.versions.iterate(f"TEMPLATE#{template_id}", "VERSION#"))

    def all_current(self) -> list[CurrentTemplate]:
        return list(self.current_versions.iterate("TEMPLATES", index="gsi1"))


class TemplateService:
    def __init__(self, templates: TemplateRepository) -> None:
        self.templates = templates

    def list_templates(self, caller: Caller) -> list[CurrentTemplate]:
        return self.templates.all_current()

    def get(self, caller: Caller, template_id: str) -> CurrentTemplate:
        template = self.templates.current(template_id)
        if template is None:
            raise NotFound("template not found")
        return template

    def get_version(self, caller: Caller, template_id: str, version: int) -> InterviewTemplate:
        template = self.templates.version(template_id, version)
        if template is None:
            raise NotFound("template version not found")
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

    def _write(
        self,
        caller: Caller,
        template: InterviewTemplate,
        before: CurrentTemplate | None,
    ) -> CurrentTemplate:
        """Add the version item and move the CURRENT pointer, together."""
        current = CurrentTemplate.model_validate(template.model_dump(exclude={"revision"}))

        def add_version(transaction: Transaction) -> None:
            transaction.create(template)

        return commit_change(
            caller,
            "template.create" if before is None else "template.new_version",
            current,
            entity_id=template.id,
            branch_id=HQ_BRANCH_ID,
            before=before,
            with_it=add_version,
            on_duplicate=(
                f"template {template.id!r} already exists"
                if before is None
                else "someone saved a new version meanwhile; reload and try again"
            ),
        )

    def create(self, caller: Caller, draft: TemplateDraft) -> CurrentTemplate:
        require_role(caller, *HQ, action="creating interview templates")
        template = InterviewTemplate(
            **draft.model_dump(exclude={"id"}),
            id=draft.id or new_id(),
            version=1,
            created_by=caller.username,
        )
        return self._write(caller, template, None)

    def new_version(self, caller: Caller, template_id: str, edit: TemplateEdit) -> CurrentTemplate:
        require_role(caller, *HQ, action="editing interview templates")
        current = self.get(caller, template_id)
        if edit.base_version != current.version:
            raise Conflict(
                f"the template is at version {current.version}; you edited version "
                f"{edit.base_version}. Reload it and apply your changes again"
            )
        template = InterviewTemplate(
            **edit.model_dump(exclude={"id", "base_version"}),
            id=template_id,
            version=current.version + 1,
            created_by=caller.username,
        )
        return self._write(caller, template, current)

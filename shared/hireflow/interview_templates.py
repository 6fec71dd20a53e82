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

from enum import StrEnum

from pydantic import BaseModel, Field, model_validator

from hireflow.store import ItemKeys, Stored


class QuestionKind(StrEnum):
    BEHAVIOURAL = "behavioural"
    POSITION = "position"
    SCENARIO = "scenario"
    COGNITIVE = "cognitive"


class LocalisedText(BaseModel):
    en: str = Field(min_length=1, max_length=2000)
    zh: str | None = Field(default=None, max_length=2000)


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
        return self

    def item_keys(self) -> ItemKeys:
        return ItemKeys(pk=f"TEMPLATE#{self.id}", sk=f"VERSION#{self.version:06d}")


class CurrentTemplate(InterviewTemplate):
    """The pointer item that holds the current version's full content."""

    KIND = "interview_template_current"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(pk=f"TEMPLATE#{self.id}", sk="CURRENT", gsi1=("TEMPLATES", self.name.en))

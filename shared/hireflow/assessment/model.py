"""What HQ assesses: competency models (the dimensions a position is scored on) and
interview templates, HQ-owned, versioned scripts of stages and questions.

An interview pins the template version it started with, so a later edit never changes
an interview in progress.

Access patterns:
- get the current version: GetItem pk=TEMPLATE#<id>, sk=CURRENT
- get one version: GetItem pk=TEMPLATE#<id>, sk=VERSION#<000001>
- list versions: Query pk=TEMPLATE#<id>, sk begins_with VERSION#
- list templates: Query gsi1 gsi1pk=TEMPLATES (current versions only)
"""

from __future__ import annotations

import math
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field, model_validator

from hireflow.platform.errors import invalid_value
from hireflow.platform.ids import now
from hireflow.platform.store import ItemKeys, Repository, Stored

# The line a new employee's interview score on a dimension must reach (0-100) when the
# position's competency model sets none: below it, the course HQ mapped to the dimension
# joins the onboarding plan (docs/onboarding.md, "Training personalised from the interview").
DEFAULT_PASS_LINE = 60.0


class Dimension(BaseModel):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")
    name: str = Field(min_length=1, max_length=80)
    name_zh: str | None = Field(default=None, max_length=80)
    # 0: scored and shown, not counted in the overall (an applied weight proposal may
    # find that a dimension predicts nothing, docs/analytics.md).
    weight: float = Field(ge=0, le=1)
    # The position's line for this dimension (0-100); None: DEFAULT_PASS_LINE.
    pass_line: float | None = Field(default=None, ge=0, le=100)

    @property
    def line(self) -> float:
        return DEFAULT_PASS_LINE if self.pass_line is None else self.pass_line


class CompetencyModel(BaseModel):
    dimensions: list[Dimension] = Field(min_length=1, max_length=12)

    @model_validator(mode="after")
    def _weights_sum_to_one(self) -> CompetencyModel:
        total = sum(d.weight for d in self.dimensions)
        if not math.isclose(total, 1.0, abs_tol=1e-6):
            raise invalid_value(
                "weights_sum",
                f"dimension weights must sum to 1, they sum to {total:.4g}",
                total=round(total, 4),
            )
        keys = [d.key for d in self.dimensions]
        if len(set(keys)) != len(keys):
            raise invalid_value("dimension_keys_unique", "dimension keys must be unique")
        return self


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
            raise invalid_value(
                "weights_sum",
                f"feature weights must sum to 1, they sum to {total:.4g}",
                total=round(total, 4),
            )
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
            raise invalid_value(
                "question_ids_unique", "question ids must be unique within a template"
            )
        unknown = {d for s in self.stages for q in s.questions for d in q.dimensions} - set(
            self.dimension_weights
        )
        if unknown:
            raise invalid_value(
                "unknown_dimensions",
                f"questions measure unknown dimensions: {sorted(unknown)}",
                dimensions=sorted(unknown),
            )
        total = sum(self.dimension_weights.values())
        if abs(total - 1.0) > 1e-6:
            raise invalid_value(
                "weights_sum",
                f"dimension weights must sum to 1, they sum to {total:.4g}",
                total=round(total, 4),
            )
        stray = set(self.feature_weights) - set(self.dimension_weights)
        if stray:
            raise invalid_value(
                "stray_feature_weights",
                f"feature weights for unknown dimensions: {sorted(stray)}",
                dimensions=sorted(stray),
            )
        return self

    @property
    def minutes(self) -> int:
        """How long the interview takes, preparation and answers: the one length the
        invitation, the reminders and the portal all state."""
        seconds = sum(
            (s.preparation_seconds + s.answer_seconds) * len(s.questions) for s in self.stages
        )
        return max(1, round(seconds / 60))

    def features_of(self, dimension: str) -> FeatureWeights:
        return self.feature_weights.get(dimension) or FeatureWeights()

    def question(self, question_id: str) -> tuple[Stage, Question] | None:
        for stage in self.stages:
            for question in stage.questions:
                if question.id == question_id:
                    return stage, question
        return None

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.id, self.version))

    @staticmethod
    def key(template_id: str, version: int) -> tuple[str, str]:
        return f"TEMPLATE#{template_id}", f"VERSION#{version:06d}"

    @staticmethod
    def partition(template_id: str) -> str:
        return f"TEMPLATE#{template_id}"


ALL_CURRENT = "TEMPLATES"


class CurrentTemplate(InterviewTemplate):
    """The pointer item that holds the current version's full content."""

    KIND = "interview_template_current"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.current_key(self.id), gsi1=(ALL_CURRENT, self.name.en))

    @staticmethod
    def current_key(template_id: str) -> tuple[str, str]:
        return f"TEMPLATE#{template_id}", "CURRENT"


class TemplateRepository:
    def __init__(self) -> None:
        self._versions = Repository(InterviewTemplate)
        self._current = Repository(CurrentTemplate)

    def current(self, template_id: str) -> CurrentTemplate | None:
        return self._current.get(*CurrentTemplate.current_key(template_id))

    def version(self, template_id: str, version: int) -> InterviewTemplate | None:
        return self._versions.get(*InterviewTemplate.key(template_id, version))

    def all_versions(self, template_id: str) -> list[InterviewTemplate]:
        return list(self._versions.iterate(InterviewTemplate.partition(template_id), "VERSION#"))

    def all_current(self) -> list[CurrentTemplate]:
        return list(self._current.iterate(ALL_CURRENT, index="gsi1"))

    def put(self, template: InterviewTemplate) -> None:
        """Seeding (the demo template); HQ's edits go through a unit of work."""
        if isinstance(template, CurrentTemplate):
            self._current.put(template)
        else:
            self._versions.put(template)

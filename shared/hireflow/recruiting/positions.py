"""Positions (job openings) and the competency model each one is assessed against.

Access patterns:
- get a position: GetItem pk=POSITION#<id>, sk=POSITION
- list a branch's positions: Query gsi1 gsi1pk=BRANCH#<id>#POSITIONS
- list every position (HQ): Query gsi2 gsi2pk=POSITIONS
"""

from __future__ import annotations

import math

from pydantic import BaseModel, Field, model_validator

from hireflow.assessment.model import TemplateRepository
from hireflow.audit.changes import check_revision, commit_change
from hireflow.identity.model import Caller
from hireflow.identity.permissions import HR, list_scope, require_role
from hireflow.organisation.model import OrganisationRepository
from hireflow.platform.errors import FieldError, Forbidden, Invalid, NotFound
from hireflow.platform.ids import new_id
from hireflow.platform.store import ItemKeys, Repository, Stored


class Dimension(BaseModel):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")
    name: str = Field(min_length=1, max_length=80)
    name_zh: str | None = Field(default=None, max_length=80)
    weight: float = Field(gt=0, le=1)


class CompetencyModel(BaseModel):
    dimensions: list[Dimension] = Field(min_length=1, max_length=12)

    @model_validator(mode="after")
    def _weights_sum_to_one(self) -> CompetencyModel:
        total = sum(d.weight for d in self.dimensions)
        if not math.isclose(total, 1.0, abs_tol=1e-6):
            raise ValueError(f"dimension weights must sum to 1, they sum to {total:.4g}")
        keys = [d.key for d in self.dimensions]
        if len(set(keys)) != len(keys):
            raise ValueError("dimension keys must be unique")
        return self


class ScoreWeights(BaseModel):
    """How the AI report and the human scorecards combine (default AI 40 / human 60)."""

    ai: float = Field(default=0.4, ge=0, le=1)
    human: float = Field(default=0.6, ge=0, le=1)

    @model_validator(mode="after")
    def _sum_to_one(self) -> ScoreWeights:
        if not math.isclose(self.ai + self.human, 1.0, abs_tol=1e-6):
            raise ValueError("ai and human weights must sum to 1")
        return self


class PositionFields(BaseModel):
    branch_id: str
    title: str = Field(min_length=1, max_length=120)
    title_zh: str | None = Field(default=None, max_length=120)
    template_id: str | None = None
    competency_model: CompetencyModel
    score_weights: ScoreWeights = ScoreWeights()
    open: bool = True


class Position(PositionFields, Stored):
    KIND = "position"

    id: str

    def title_in(self, locale: str) -> str:
        return self.title_zh if locale == "zh" and self.title_zh else self.title

    def item_keys(self) -> ItemKeys:
        return ItemKeys(
            pk=f"POSITION#{self.id}",
            sk="POSITION",
            gsi1=(f"BRANCH#{self.branch_id}#POSITIONS", f"{self.title}#{self.id}"),
            gsi2=("POSITIONS", f"{self.branch_id}#{self.title}#{self.id}"),
        )


class PositionDraft(PositionFields):
    """What a client sends to create a position (the id is made up if not given)."""

    id: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9-]{0,59}$")


class PositionChange(BaseModel):
    title: str | None = Field(default=None, min_length=1, max_length=120)
    title_zh: str | None = Field(default=None, max_length=120)
    template_id: str | None = None
    competency_model: CompetencyModel | None = None
    score_weights: ScoreWeights | None = None
    open: bool | None = None
    revision: int | None = None


class PositionRepository:
    def __init__(self) -> None:
        self.positions = Repository(Position)

    def get(self, position_id: str) -> Position | None:
        return self.positions.get(f"POSITION#{position_id}", "POSITION")

    def of_branch(self, branch_id: str) -> list[Position]:
        return list(self.positions.iterate(f"BRANCH#{branch_id}#POSITIONS", index="gsi1"))

    def all(self) -> list[Position]:
        return list(self.positions.iterate("POSITIONS", index="gsi2"))


class PositionService:
    def __init__(
        self,
        positions: PositionRepository,
        organisation: OrganisationRepository,
        templates: TemplateRepository,
    ) -> None:
        self.positions = positions
        self.organisation = organisation
        self.templates = templates

    def list_positions(self, caller: Caller, branch_id: str | None) -> list[Position]:
        scope = list_scope(caller, branch_id)
        return self.positions.of_branch(scope) if scope else self.positions.all()

    def get(self, caller: Caller, position_id: str) -> Position:
        position = self.positions.get(position_id)
        if position is None or not caller.can_see_branch(position.branch_id):
            raise NotFound("position not found")
        return position

    def _check_references(self, branch_id: str, template_id: str | None) -> None:
        if self.organisation.get_branch(branch_id) is None:
            raise Invalid("unknown branch", [FieldError("branch_id", "no such branch")])
        if template_id and self.templates.current(template_id) is None:
            raise Invalid("unknown template", [FieldError("template_id", "no such template")])

    def create(self, caller: Caller, draft: PositionDraft) -> Position:
        require_role(caller, *HR, action="creating a position")
        if not caller.can_see_branch(draft.branch_id):
            raise Forbidden("you can create positions only in your own branch")
        self._check_references(draft.branch_id, draft.template_id)
        position = Position(**{**draft.model_dump(), "id": draft.id or new_id()})
        return commit_change(
            caller,
            "position.create",
            position,
            entity_id=position.id,
            branch_id=position.branch_id,
            on_duplicate=f"position {position.id!r} already exists",
        )

    def update(self, caller: Caller, position_id: str, change: PositionChange) -> Position:
        require_role(caller, *HR, action="editing a position")
        current = self.get(caller, position_id)
        check_revision(current, change.revision, "position")
        fields = change.model_dump(exclude_unset=True, exclude={"revision"})
        updated = Position.model_validate({**current.model_dump(), **fields})
        self._check_references(updated.branch_id, updated.template_id)
        return commit_change(
            caller,
            "position.update",
            updated,
            entity_id=position_id,
            branch_id=updated.branch_id,
            before=current,
        )

"""Positions (job openings) and the competency model each one is assessed against.

Access patterns:
- get a position: GetItem pk=POSITION#<id>, sk=POSITION
- list a branch's positions: Query gsi1 gsi1pk=BRANCH#<id>#POSITIONS
"""

from __future__ import annotations

import math

from pydantic import BaseModel, Field, model_validator

from hireflow.store import ItemKeys, Stored


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


class Position(Stored):
    KIND = "position"

    id: str
    branch_id: str
    title: str = Field(min_length=1, max_length=120)
    title_zh: str | None = Field(default=None, max_length=120)
    template_id: str | None = None
    competency_model: CompetencyModel
    score_weights: ScoreWeights = ScoreWeights()
    open: bool = True

    def item_keys(self) -> ItemKeys:
        return ItemKeys(
            pk=f"POSITION#{self.id}",
            sk="POSITION",
            gsi1=(f"BRANCH#{self.branch_id}#POSITIONS", self.title),
        )

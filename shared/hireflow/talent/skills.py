"""HQ's skill map: which competency dimensions a skill on a résumé is evidence for.

One settings item (``talent.model.SkillMap``), read by HQ and HR (the cross-check shows
what it maps), written whole by HQ, revision-checked and audited. A skill is written
under a key and aliases in both languages ("python", "Python 3", "蟒蛇" ...); a résumé
claim matches a skill by either, case-insensitively. Empty keys and a name used twice
(as a key or an alias, in one skill or two) are refused: a claim must map one way. A
dimension no position uses today is kept with a warning, not refused: positions change,
and HQ may map ahead of a new competency model.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, Field, field_validator

from hireflow.audit.service import audited_write
from hireflow.identity.model import HQ_BRANCH_ID, Caller
from hireflow.identity.permissions import Capability, require
from hireflow.platform.errors import FieldError, Invalid
from hireflow.platform.unit_of_work import UnitOfWorkFactory, check_revision
from hireflow.recruiting.model import PositionRepository
from hireflow.talent.model import SkillMap, SkillMapping, TalentSettings


class SkillInput(BaseModel):
    key: str = Field(max_length=60)
    names: list[str] = Field(default_factory=list, max_length=20)
    dimensions: list[str] = Field(min_length=1, max_length=10)

    @field_validator("key")
    @classmethod
    def _key(cls, value: str) -> str:
        return value.strip().lower()

    @field_validator("names", "dimensions")
    @classmethod
    def _names(cls, values: list[str]) -> list[str]:
        cleaned = (" ".join(v.split()) for v in values)
        return list(dict.fromkeys(v for v in cleaned if v))


class SkillMapInput(BaseModel):
    skills: list[SkillInput] = Field(max_length=1000)
    # The revision the editor read (optional): a change saved meanwhile is refused.
    revision: int | None = None


class DimensionChoice(BaseModel):
    """A dimension key found on positions, with its names (the editor's choices)."""

    key: str
    name: str
    name_zh: str | None = None
    positions: int  # how many positions use it


class SkillMapView(BaseModel):
    skill_map: SkillMap
    dimensions: list[DimensionChoice]
    # Dimension keys the map names that no position uses (kept; see the module doc).
    unknown_dimensions: list[str] = Field(default_factory=list)


@dataclass(frozen=True)
class SkillMapService:
    settings: TalentSettings
    positions: PositionRepository
    uow: UnitOfWorkFactory

    def get(self, caller: Caller) -> SkillMapView:
        require(caller, Capability.READ_SKILL_MAP, "reading the skill map")
        return self._view(self.settings.skill_map())

    def put(self, caller: Caller, change: SkillMapInput) -> SkillMapView:
        require(caller, Capability.EDIT_SKILL_MAP, "editing the skill map")
        _refuse_unclear(change.skills)
        current = self.settings.skill_map()
        check_revision(current, change.revision, "the skill map")
        after = SkillMap(
            skills=[SkillMapping(**s.model_dump()) for s in change.skills],
            updated_by=caller.username,
        )
        with self.uow() as uow:
            saved = audited_write(
                uow,
                caller,
                "skill_map.put",
                after,
                entity_id="skill_map",
                branch_id=HQ_BRANCH_ID,
                before=current if current.revision else None,
            )
            uow.commit()
        return self._view(saved)

    def _view(self, skill_map: SkillMap) -> SkillMapView:
        found: dict[str, DimensionChoice] = {}
        for position in self.positions.all():
            for d in position.competency_model.dimensions:
                known = found.get(d.key)
                found[d.key] = DimensionChoice(
                    key=d.key,
                    name=known.name if known else d.name,
                    name_zh=(known.name_zh if known else None) or d.name_zh,
                    positions=(known.positions if known else 0) + 1,
                )
        named = dict.fromkeys(k for s in skill_map.skills for k in s.dimensions)
        return SkillMapView(
            skill_map=skill_map,
            dimensions=sorted(found.values(), key=lambda d: d.key),
            unknown_dimensions=[k for k in named if k not in found],
        )


def _refuse_unclear(skills: list[SkillInput]) -> None:
    """Every skill has a key, and no name (key or alias, case-insensitive) means two
    skills: a claim must map one way."""
    errors: list[FieldError] = []
    owner: dict[str, int] = {}
    for i, skill in enumerate(skills):
        if not skill.key:
            errors.append(FieldError(f"skills.{i}.key", "a skill needs a key", "skill_key_empty"))
            continue
        if not skill.dimensions:
            errors.append(
                FieldError(
                    f"skills.{i}.dimensions",
                    "a skill maps to at least one dimension",
                    "skill_dimensions_empty",
                )
            )
        for name in dict.fromkeys([skill.key, *(n.lower() for n in skill.names)]):
            first = owner.setdefault(name, i)
            if first != i:
                errors.append(
                    FieldError(
                        f"skills.{i}.names",
                        f"“{name}” already names skill {skills[first].key}",
                        "skill_name_taken",
                        {"name": name, "skill": skills[first].key},
                    )
                )
    if errors:
        raise Invalid(
            "the skill map has empty keys or names used twice",
            errors,
            code="skill_map_unclear",
        )

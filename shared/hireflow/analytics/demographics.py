"""Voluntary demographic answers for the fairness monitor (docs/analytics.md, "Fairness").

A candidate may answer, or not, on the interview page, apart from the application: the
answers are kept in their own item, read only by the analytics job, never returned by a
route a reviewer can call and never used in scoring. A category not answered counts as
"unknown".

Access patterns:
- one candidate's answers: GetItem pk=DEMOGRAPHICS#<candidate id>, sk=DEMOGRAPHICS
- every answer (the analytics job): Query gsi2 gsi2pk=DEMOGRAPHICS
- the categories HQ collects: GetItem pk=SETTINGS, sk=DEMOGRAPHIC_CATEGORIES
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from hireflow.platform.ids import now
from hireflow.platform.store import ItemKeys, Repository, Stored

UNKNOWN = "unknown"


class DemographicAnswers(Stored):
    KIND = "demographics"

    candidate_id: str
    # category key -> the option chosen, e.g. {"sex": "female", "age_band": "30-39"}
    answers: dict[str, str] = Field(default_factory=dict)
    answered_at: datetime = Field(default_factory=now)

    @staticmethod
    def key(candidate_id: str) -> tuple[str, str]:
        return f"DEMOGRAPHICS#{candidate_id}", "DEMOGRAPHICS"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.candidate_id), gsi2=(ALL_ANSWERS, self.candidate_id))


ALL_ANSWERS = "DEMOGRAPHICS"


class CategoryOption(BaseModel):
    key: str = Field(pattern=r"^[a-z0-9][a-z0-9_+-]{0,39}$")
    en: str
    zh: str


class DemographicCategory(BaseModel):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")
    en: str
    zh: str
    options: list[CategoryOption] = Field(min_length=2)


class DemographicCategories(Stored):
    """What HQ asks candidates, voluntarily (none by default)."""

    KIND = "demographic_categories"

    categories: list[DemographicCategory] = Field(default_factory=list)

    @staticmethod
    def key() -> tuple[str, str]:
        return "SETTINGS", "DEMOGRAPHIC_CATEGORIES"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key())


class DemographicsRepository:
    def __init__(self) -> None:
        self._answers = Repository(DemographicAnswers)
        self._categories = Repository(DemographicCategories)

    def of_candidate(self, candidate_id: str) -> DemographicAnswers | None:
        return self._answers.get(*DemographicAnswers.key(candidate_id))

    def put(self, answers: DemographicAnswers) -> None:
        self._answers.put(answers)

    def everyone(self) -> list[DemographicAnswers]:
        return list(self._answers.iterate(ALL_ANSWERS, index="gsi2"))

    def categories(self) -> DemographicCategories:
        return self._categories.get(*DemographicCategories.key()) or DemographicCategories()

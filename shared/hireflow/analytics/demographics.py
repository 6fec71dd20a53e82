"""Voluntary demographic answers (docs/analytics.md "Demographic answers"): HQ chooses
the categories asked (none by default); a candidate may answer them on the interview
page after the phone check, or not.

The answers are kept apart from the application, in their own item, written only here
and read only by the analytics job (the fairness monitor). No HR or reviewer route
returns them, they are never audited (the trail is readable by HR) or logged, and
scoring never sees them. "Prefer not to say" and a skipped question are not stored: the
fairness monitor counts them as "unknown". Answering again replaces the earlier answers;
declining everything removes them.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, Field

from hireflow.analytics.model import (
    UNKNOWN,
    DemographicAnswers,
    DemographicCategories,
    DemographicCategory,
    DemographicsRepository,
)
from hireflow.audit.service import audited_write
from hireflow.identity.model import HQ_BRANCH_ID, Caller
from hireflow.identity.permissions import Capability, require
from hireflow.interviews.portal import Portal
from hireflow.platform.errors import FieldError, Invalid
from hireflow.platform.unit_of_work import UnitOfWorkFactory, check_revision

PREFER_NOT = "prefer_not_to_say"
MAX_CATEGORIES = 8


class CategoriesEdit(BaseModel):
    categories: list[DemographicCategory] = Field(default_factory=list, max_length=MAX_CATEGORIES)
    revision: int | None = None


class DemographicsForm(BaseModel):
    """What the interview page shows: the categories (both languages) and the
    candidate's own earlier answers, if any."""

    categories: list[DemographicCategory]
    answers: dict[str, str]


class DemographicsSubmission(BaseModel):
    # category key -> option key, or "prefer_not_to_say"; a category left out: not answered.
    answers: dict[str, str] = Field(default_factory=dict, max_length=MAX_CATEGORIES)


def _check_categories(categories: list[DemographicCategory]) -> None:
    errors: list[FieldError] = []
    keys = [c.key for c in categories]
    if len(set(keys)) != len(keys):
        errors.append(
            FieldError("categories", "category keys must be unique", "category_keys_unique")
        )
    for i, category in enumerate(categories):
        options = [o.key for o in category.options]
        if len(set(options)) != len(options):
            errors.append(
                FieldError(
                    f"categories.{i}.options", "option keys must be unique", "option_keys_unique"
                )
            )
        reserved = {PREFER_NOT, UNKNOWN} & set(options)
        if reserved:
            errors.append(
                FieldError(
                    f"categories.{i}.options",
                    f"{sorted(reserved)[0]} is added by hireflow itself",
                    "reserved_option",
                    {"option": sorted(reserved)[0]},
                )
            )
    if errors:
        raise Invalid("the categories are not valid", errors, code="invalid_categories")


@dataclass(frozen=True)
class Demographics:
    answers: DemographicsRepository
    portal: Portal
    uow: UnitOfWorkFactory

    # -------------------------------------------------------------- HQ
    def categories(self, caller: Caller) -> DemographicCategories:
        require(caller, Capability.DECIDE_ANALYTICS, action="choosing the demographic categories")
        return self.answers.categories()

    def set_categories(self, caller: Caller, edit: CategoriesEdit) -> DemographicCategories:
        require(caller, Capability.DECIDE_ANALYTICS, action="choosing the demographic categories")
        _check_categories(edit.categories)
        current = self.answers.categories()
        check_revision(current, edit.revision, "the categories")
        updated = DemographicCategories(categories=edit.categories)
        with self.uow() as uow:
            saved = audited_write(
                uow,
                caller,
                "demographic_categories.update",
                updated,
                entity_id="demographic_categories",
                branch_id=HQ_BRANCH_ID,
                before=current if current.revision else None,
            )
            uow.commit(on_duplicate="someone saved the categories meanwhile; reload")
        return saved

    # -------------------------------------------------------------- the candidate
    def form(self, token: str, session: str) -> DemographicsForm:
        candidate = self.portal.verified(token, session)
        mine = self.answers.of_candidate(candidate.id)
        return DemographicsForm(
            categories=self.answers.categories().categories,
            answers=mine.answers if mine else {},
        )

    def answer(
        self, token: str, session: str, submission: DemographicsSubmission
    ) -> DemographicsForm:
        candidate = self.portal.verified(token, session)
        categories = {c.key: c for c in self.answers.categories().categories}
        errors = []
        given: dict[str, str] = {}
        for key, option in submission.answers.items():
            category = categories.get(key)
            if category is None:
                errors.append(FieldError(f"answers.{key}", "not asked", "not_asked"))
            elif option != PREFER_NOT and option not in {o.key for o in category.options}:
                errors.append(FieldError(f"answers.{key}", "not an option", "not_an_option"))
            elif option != PREFER_NOT:
                given[key] = option
        if errors:
            raise Invalid("the answers are not valid", errors, code="invalid_answers")
        if given:
            self.answers.put(DemographicAnswers(candidate_id=candidate.id, answers=given))
        elif self.answers.of_candidate(candidate.id) is not None:
            self.answers.forget(candidate.id)
        return DemographicsForm(categories=list(categories.values()), answers=given)

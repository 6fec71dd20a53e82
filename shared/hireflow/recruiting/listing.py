"""The candidate list as HR works with it: sorted, counted and cut into numbered pages;
every candidate that matches (to select them all); the views a user saves under a name.

A sorted page reads every candidate that matches the filters (the same branch or HQ
query as the cursor listing, read to the end) and sorts them in memory: a branch holds a
few thousand applications at most, and only then are a total and page numbers honest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field

from hireflow.identity.model import Caller
from hireflow.identity.permissions import Capability, require
from hireflow.platform.errors import FieldError, Invalid, NotFound
from hireflow.platform.ids import new_id
from hireflow.platform.unit_of_work import UnitOfWorkFactory
from hireflow.recruiting.model import Candidate, SavedFilter, SavedFilterRepository
from hireflow.recruiting.service import CandidateFilters, CandidateService
from hireflow.recruiting.status import CandidateStatus

SortKey = Literal[
    "-created_at", "created_at", "name", "-name", "status", "-status", "-updated_at", "updated_at"
]
# Statuses in the order a candidate goes through them.
_STATUS_ORDER = {status: i for i, status in enumerate(CandidateStatus)}
MAX_SAVED_FILTERS = 30
# The query parameters a saved view may carry (filters, sort, page size, columns).
SAVED_PARAMETERS = frozenset(
    {"q", "status", "branch_id", "position_id", "channel", "sort", "columns", "size"}
)


class SortedPage(BaseModel):
    """One numbered page of the sorted list, with the total that matched."""

    items: list[Candidate]
    total: int
    page: int
    pages: int
    size: int


class CandidateRef(BaseModel):
    """Enough of a candidate to act on it and to name it in a bulk action's results."""

    id: str
    name: str
    status: CandidateStatus
    branch_id: str


class SavedFilterDraft(BaseModel):
    name: str = Field(min_length=1, max_length=60)
    query: dict[str, str] = Field(default_factory=dict, max_length=len(SAVED_PARAMETERS))


def _sort_key(key: str, candidate: Candidate) -> tuple[object, ...]:
    if key == "name":
        return (candidate.name.casefold(), candidate.id)
    if key == "status":
        return (_STATUS_ORDER[candidate.status], candidate.name.casefold())
    if key == "updated_at":
        return (candidate.updated_at, candidate.id)
    return (candidate.created_at, candidate.id)


def sort_candidates(candidates: list[Candidate], sort: SortKey) -> list[Candidate]:
    key = sort.lstrip("-")
    return sorted(candidates, key=lambda c: _sort_key(key, c), reverse=sort.startswith("-"))


@dataclass(frozen=True)
class CandidateList:
    candidates: CandidateService
    saved: SavedFilterRepository
    uow: UnitOfWorkFactory

    def page(
        self, caller: Caller, filters: CandidateFilters, sort: SortKey, page: int, size: int
    ) -> SortedPage:
        found = sort_candidates(self.candidates.matching(caller, filters), sort)
        pages = max(1, -(-len(found) // size))
        start = (page - 1) * size
        return SortedPage(
            items=found[start : start + size], total=len(found), page=page, pages=pages, size=size
        )

    def selection(self, caller: Caller, filters: CandidateFilters) -> list[CandidateRef]:
        """Every matching candidate ("select all N that match"), newest first."""
        return [
            CandidateRef(id=c.id, name=c.name, status=c.status, branch_id=c.branch_id)
            for c in self.candidates.matching(caller, filters)
        ]

    # -------------------------------------------------------------- saved views
    def saved_filters(self, caller: Caller) -> list[SavedFilter]:
        require(caller, Capability.LIST_CANDIDATES, action="saving candidate lists")
        return sorted(self.saved.of_user(caller.user_id), key=lambda f: f.name.casefold())

    def save_filter(self, caller: Caller, draft: SavedFilterDraft) -> SavedFilter:
        """Saved under its name: saving a name again replaces that view."""
        existing = self.saved_filters(caller)
        unknown = sorted(set(draft.query) - SAVED_PARAMETERS)
        if unknown:
            raise Invalid(
                "unknown list parameters",
                [
                    FieldError(f"query.{name}", "not a list parameter", "not_a_list_parameter")
                    for name in unknown
                ],
                code="unknown_list_parameters",
                params={"parameters": unknown},
            )
        same = next((f for f in existing if f.name == draft.name), None)
        if same is None and len(existing) >= MAX_SAVED_FILTERS:
            raise Invalid(
                "too many saved lists",
                [
                    FieldError(
                        "name",
                        f"at most {MAX_SAVED_FILTERS}; delete one first",
                        "too_many_saved_lists",
                        {"max": MAX_SAVED_FILTERS},
                    )
                ],
                code="too_many_saved_lists",
                params={"max": MAX_SAVED_FILTERS},
            )
        saved = SavedFilter(
            id=same.id if same else new_id(),
            user_id=caller.user_id,
            name=draft.name,
            query={k: v for k, v in draft.query.items() if v},
        )
        with self.uow() as uow:
            uow.put(saved)  # a personal preference: no audit entry
            uow.commit()
        return saved

    def delete_filter(self, caller: Caller, filter_id: str) -> SavedFilter:
        require(caller, Capability.LIST_CANDIDATES, action="saving candidate lists")
        found = self.saved.get(caller.user_id, filter_id)
        if found is None:
            raise NotFound("saved list not found", code="saved_list_not_found")
        with self.uow() as uow:
            uow.delete(found)
            uow.commit()
        return found

"""Matching at work (docs/talent.md "Matching: the formula"): a position's own applicants
ranked, and the talent pool matched to a position - when HR or HQ asks, and when the
position opens (``position.opened``), telling the branch's HR how many fit.

Scope is decided here, on the server: a branch's HR match their position against their
branch's pool; HQ match any position against the whole pool. A stored match list is
shown to each reader with only the people that reader may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from hireflow.identity.model import Caller, Role
from hireflow.identity.permissions import Capability, require
from hireflow.notifications.model import NotificationEvent
from hireflow.notifications.sending import MessageRequest, file_messages
from hireflow.organisation.model import OrganisationRepository
from hireflow.platform.errors import NotFound
from hireflow.platform.store import field
from hireflow.platform.unit_of_work import UnitOfWorkFactory
from hireflow.recruiting.model import (
    CandidateRepository,
    Position,
    PositionRepository,
    ResumeRepository,
)
from hireflow.talent.model import (
    MAX_POOL_MATCHES,
    Match,
    PoolEntry,
    PoolMatchList,
    PoolRepository,
    TalentSettings,
)
from hireflow.talent.pool import TalentPool

if TYPE_CHECKING:  # numpy is in the HR API's and talent events' numeric layer only
    from hireflow.talent.matching import Person, PositionProfile, SkillIndex

# A pool match this good is worth telling the branch's HR about when a position opens
# (0-1, docs/talent.md: at or above the pass lines with a matching shape).
NOTIFY_SCORE = 0.6


class RankedMatch(Match):
    """A match with what the screen shows of the person."""

    name: str
    status: str  # the application's status; for the pool, why they joined
    branch_id: str
    position_id: str
    tags: list[str] = Field(default_factory=list)
    invited_to: list[str] = Field(default_factory=list)


class PoolMatches(BaseModel):
    position_id: str
    branch_id: str
    computed_at: datetime | None = None
    trigger: str | None = None
    pool_size: int = 0
    notify_score: float = NOTIFY_SCORE
    matches: list[RankedMatch] = Field(default_factory=list)


@dataclass(frozen=True)
class Ranking:
    pool: PoolRepository
    talent_pool: TalentPool
    candidates: CandidateRepository
    positions: PositionRepository
    resumes: ResumeRepository
    organisation: OrganisationRepository
    settings: TalentSettings
    uow: UnitOfWorkFactory
    web_url: str

    def _position(self, caller: Caller, position_id: str) -> Position:
        position = self.positions.get(position_id)
        if position is None or not caller.can_see_branch(position.branch_id):
            raise NotFound("position not found", code="position_not_found")
        return position

    def _skills(self) -> SkillIndex:
        from hireflow.talent.matching import SkillIndex

        return SkillIndex(
            {
                name: skill.dimensions
                for skill in self.settings.skill_map().skills
                for name in [skill.key, *skill.names]
            }
        )

    @staticmethod
    def _profile(position: Position) -> PositionProfile:
        from hireflow.talent.matching import PositionProfile

        dimensions = position.competency_model.dimensions
        return PositionProfile(
            tuple(d.key for d in dimensions),
            tuple(d.weight for d in dimensions),
            tuple(d.line for d in dimensions),
        )

    def _rank(self, people: list[Person], position: Position, top: int | None) -> list[Match]:
        from hireflow.talent.matching import rank

        return rank(people, self._profile(position), self._skills(), top)

    # ---------------------------------------------------------- a position's applicants
    def applicants(self, caller: Caller, position_id: str) -> list[RankedMatch]:
        """The position's applicants best first: HR of its branch and HQ see all, its
        reviewers the candidates assigned to them."""
        from hireflow.talent.matching import Person

        position = self._position(caller, position_id)
        require(caller, Capability.LIST_CANDIDATES, action="ranking candidates")
        found = [
            c
            for c in self.candidates.every(position.branch_id, field("position_id") == position_id)
            if c.readable_by(caller) and not c.employee_id
        ]
        resumes = self.resumes.many([c.id for c in found]) if found else {}
        people = []
        for c in found:
            fields = resumes[c.id].fields if c.id in resumes else None
            skills = [k.key for k in [*fields.skills, *fields.certificates]] if fields else []
            people.append(Person(c.id, skills, self.talent_pool.dimension_scores(c)))
        by_id = {c.id: c for c in found}
        return [
            RankedMatch(
                **m.model_dump(),
                name=by_id[m.candidate_id].name,
                status=by_id[m.candidate_id].status.value,
                branch_id=position.branch_id,
                position_id=position.id,
            )
            for m in self._rank(people, position, None)
        ]

    # ---------------------------------------------------------- the pool
    def pool_matches(self, caller: Caller, position_id: str) -> PoolMatches:
        position = self._position(caller, position_id)  # out of reach: 404 before 403
        require(caller, Capability.TALENT_POOL, action="reading the talent pool")
        stored = self.pool.match_list(position_id)
        if stored is None:
            return PoolMatches(position_id=position.id, branch_id=position.branch_id)
        return self._shown(caller, stored)

    def match_now(self, caller: Caller, position_id: str) -> PoolMatches:
        position = self._position(caller, position_id)  # out of reach: 404 before 403
        require(caller, Capability.TALENT_POOL, action="matching the talent pool")
        scope = None if caller.is_hq else position.branch_id
        return self._shown(caller, self._match(position, scope, "asked"))

    def _match(self, position: Position, scope: str | None, trigger: str) -> PoolMatchList:
        from hireflow.talent.matching import Person

        entries = [e for e in self.pool.entries(scope) if e.position_id != position.id]
        people = [Person(e.candidate_id, e.skills, e.dimension_scores) for e in entries]
        matches = self._rank(people, position, MAX_POOL_MATCHES)
        stored = PoolMatchList(
            position_id=position.id,
            branch_id=position.branch_id,
            matches=matches,
            pool_size=len(entries),
            trigger=trigger,  # type: ignore[arg-type]
        )
        with self.uow() as uow:
            uow.put(stored)
            uow.commit()
        return stored

    def _shown(self, caller: Caller, stored: PoolMatchList) -> PoolMatches:
        """The stored list with only the people still kept whom the caller may see."""
        entries = self.pool.entries_of([m.candidate_id for m in stored.matches])
        shown = [
            _ranked(m, entries[m.candidate_id])
            for m in stored.matches
            if m.candidate_id in entries
            and caller.can_see_branch(entries[m.candidate_id].branch_id)
        ]
        return PoolMatches(
            position_id=stored.position_id,
            branch_id=stored.branch_id,
            computed_at=stored.computed_at,
            trigger=stored.trigger,
            pool_size=stored.pool_size,
            matches=shown,
        )

    # ---------------------------------------------------------- position.opened
    def position_opened(self, detail: dict[str, Any]) -> str:
        """Match the branch's pool to the opened position and tell its HR how many fit
        (once per opening: the message is filed under the opening's number)."""
        position = self.positions.get(detail["position_id"])
        if position is None or not position.open:
            return "ignored"
        stored = self._match(position, position.branch_id, "position_opened")
        good = [m for m in stored.matches if m.score >= NOTIFY_SCORE]
        if not good:
            return "matched"
        hr = [
            u
            for u in self.organisation.branch_users(position.branch_id)
            if u.role == Role.BRANCH_HR
        ]
        branch = self.organisation.get_branch(position.branch_id)
        requests = [
            MessageRequest(
                event=NotificationEvent.POOL_MATCHES,
                channel="email",
                locale=user.locale,
                to=user.email,
                values={
                    "interviewer_name": user.display_name,
                    "position": position.title_in(user.locale),
                    "branch": branch.name_in(user.locale) if branch else position.branch_id,
                    "count": str(len(good)),
                    "position_link": f"{self.web_url}/#/ranking/{position.id}",
                },
            )
            for user in hr
            if user.email
        ]
        with self.uow() as uow:
            file_messages(uow, position.id, f"pool_matches:{detail['opening']}", requests)
            uow.commit()
        return "told"


def _ranked(match: Match, entry: PoolEntry) -> RankedMatch:
    return RankedMatch(
        **match.model_dump(),
        name=entry.name,
        status=entry.reason,
        branch_id=entry.branch_id,
        position_id=entry.position_id,
        tags=entry.tags,
        invited_to=entry.invited_to,
    )

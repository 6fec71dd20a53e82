"""Applications of the same person: found on contact details (HR's and the résumé's),
surfaced for HR to merge or keep apart.

Every application is written to the contact index (``ContactEntry``: one item per phone
and per e-mail, in the unit of work that creates or changes it; ``recruiting/service.py``).
``Duplicates.detect`` looks the application's phone and e-mail up there - and, with a
résumé, the phones and e-mails the résumé states - and opens one ``DuplicatePair`` per
other application found. A pair is keyed by both ids, so detecting twice changes nothing,
and a pair HR decided (merged or kept apart) is never reopened. Detection runs after the
creating transaction: a failure there never fails the creation (``CandidateService``).

``DuplicateReview`` is HR's side: the open pairs a caller may see, an application's pairs
and the other applications of its person, and the two decisions. Merge makes the later
application part of the earlier one's person (``Candidate.person_id``); both keep their
own pipelines. Keep apart closes the pair for good. A cross-branch pair is HQ's to decide;
each branch's HR sees it with the other branch's side reduced to "an application in
<branch>" (no name, no contact details but the phone's last four digits).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, get_args

from pydantic import BaseModel

from hireflow.audit.service import audited_write
from hireflow.identity.model import Caller
from hireflow.identity.permissions import Capability, list_scope, require
from hireflow.organisation.model import OrganisationRepository
from hireflow.platform.errors import Conflict, Forbidden, NotFound
from hireflow.platform.ids import now
from hireflow.platform.unit_of_work import UnitOfWorkFactory, check_revision
from hireflow.recruiting.model import (
    Candidate,
    CandidateRepository,
    ContactField,
    DuplicatePair,
    DuplicateRepository,
    DuplicateSource,
    DuplicateStatus,
    PositionRepository,
    Resume,
)


def person_of(candidate: Candidate) -> str:
    """The person an application belongs to: its merged person, else itself."""
    return candidate.person_id or candidate.id


@dataclass(frozen=True)
class Duplicates:
    candidates: CandidateRepository
    pairs: DuplicateRepository
    uow: UnitOfWorkFactory

    def detect(self, candidate: Candidate, resume: Resume | None = None) -> list[DuplicatePair]:
        """The open pairs this application is in after looking (idempotent)."""
        if candidate.employee_id:  # a re-assessment is no application
            return []
        looked: dict[tuple[ContactField, str], DuplicateSource] = {
            ("phone", candidate.phone): "contact",
            ("email", candidate.email): "contact",
        }
        if resume is not None:
            for claim in resume.fields.phones:
                looked.setdefault(("phone", claim.key), "resume")
            for claim in resume.fields.emails:
                looked.setdefault(("email", claim.key.lower()), "resume")
        matches: dict[str, dict[ContactField, DuplicateSource]] = {}
        for (field, value), source in looked.items():
            for entry in self.pairs.applications_under(field, value):
                if entry.candidate_id != candidate.id:
                    found = matches.setdefault(entry.candidate_id, {})
                    if found.get(field) != "contact":
                        found[field] = source
        if not matches:
            return []
        others = self.candidates.many(list(matches))
        known = self.pairs.pairs_of(candidate.id, list(others))
        open_pairs = []
        for other in others.values():
            if other.employee_id:
                continue
            pair = known.get(other.id) or self._open(candidate, other, matches[other.id])
            if pair is not None and pair.status == "open":
                open_pairs.append(pair)
        return open_pairs

    def moved(self, candidate: Candidate) -> None:
        """The application moved to another branch: its open pairs are listed where both
        applications are now (and a pair now across branches becomes HQ's)."""
        others = self.pairs.linked(candidate.id)
        pairs = [
            p for p in self.pairs.pairs_of(candidate.id, others).values() if p.status == "open"
        ]
        applications = self.candidates.many([candidate.id, *others])
        for pair in pairs:
            first, second = applications.get(pair.first_id), applications.get(pair.second_id)
            if first is None or second is None:
                continue
            branch_ids = list(dict.fromkeys((first.branch_id, second.branch_id)))
            if branch_ids == pair.branch_ids:
                continue
            moved = pair.model_copy(update={"branch_ids": branch_ids})
            with self.uow() as uow:
                uow.save(moved)
                # One operation per item in a transaction: the old listing goes unless
                # the new one (put) takes its place.
                if pair.branch_ids[1:] and pair.branch_ids[-1:] != branch_ids[1:]:
                    DuplicateRepository.close(uow, pair)
                DuplicateRepository.list_elsewhere(uow, moved)
                uow.commit()

    def backfill(self) -> int:
        """Index every application made before the contact index existed, then look for
        its duplicates (a one-off, safe to run again: entries are overwritten with the
        same content and pairs are keyed). Returns the applications indexed. Run it
        once per deployment (docs/duplicates.md)."""
        applications = [c for c in self.candidates.every(None, None) if not c.employee_id]
        self.pairs.put_entries(
            [DuplicateRepository.entry(c, f) for c in applications for f in get_args(ContactField)]
        )
        for candidate in applications:
            self.detect(candidate)
        return len(applications)

    def _open(
        self, candidate: Candidate, other: Candidate, fields: dict[ContactField, DuplicateSource]
    ) -> DuplicatePair | None:
        first, second = sorted((candidate, other), key=lambda c: (c.created_at, c.id))
        # Already one person (both merged with a third application): recorded, not asked.
        same = person_of(first) == person_of(second)
        pair = DuplicatePair(
            first_id=first.id,
            second_id=second.id,
            branch_ids=list(dict.fromkeys((first.branch_id, second.branch_id))),
            matched_on=sorted(fields),
            source="contact" if "contact" in fields.values() else "resume",
            status="merged" if same else "open",
            decided_at=now() if same else None,
        )
        try:
            with self.uow() as uow:
                DuplicateRepository.open(uow, pair)
                uow.commit()
        except Conflict:  # found by a concurrent detection: theirs stands
            return self.pairs.pair(first.id, second.id)
        return pair.model_copy(update={"revision": 1})


# ---------------------------------------------------------------------- HR's side


class Decision(BaseModel):
    revision: int | None = None


class PairSide(BaseModel):
    """One application of a pair as the caller may see it: whole, or (``hidden``) only
    its branch and the last four digits of its phone."""

    hidden: bool = False
    id: str | None = None
    branch_id: str
    branch_name: str
    branch_name_zh: str | None = None
    phone_last4: str
    name: str | None = None
    phone: str | None = None
    email: str | None = None
    position_id: str | None = None
    position_title: str | None = None
    position_title_zh: str | None = None
    status: str | None = None
    created_at: datetime | None = None
    person_id: str | None = None


class PairView(BaseModel):
    first: PairSide
    second: PairSide
    matched_on: list[ContactField]
    source: DuplicateSource
    status: DuplicateStatus
    found_at: datetime
    decided_by: str | None = None
    decided_at: datetime | None = None
    revision: int
    # The caller may merge or keep it apart (manages both applications).
    decidable: bool


class PairList(BaseModel):
    items: list[PairView]


class CandidateDuplicates(BaseModel):
    """The pairs an application is in (open and decided) and the other applications of
    its person that the caller may read."""

    pairs: list[PairView]
    same_person: list[PairSide]


MAX_LISTED = 200  # open pairs shown at once (HR works through them; decided ones drop out)


@dataclass(frozen=True)
class DuplicateReview:
    candidates: CandidateRepository
    pairs: DuplicateRepository
    positions: PositionRepository
    organisation: OrganisationRepository
    uow: UnitOfWorkFactory

    # -------------------------------------------------------------- reading
    def open_pairs(self, caller: Caller, branch_id: str | None) -> PairList:
        require(caller, Capability.JUDGE_DUPLICATES, action="listing possible duplicates")
        scope = list_scope(caller, branch_id)
        found = self.pairs.open_in_branch(scope) if scope else self.pairs.open_everywhere()
        unique = {(p.first_id, p.second_id): p for p in found}
        pairs = sorted(unique.values(), key=lambda p: p.found_at, reverse=True)[:MAX_LISTED]
        return PairList(items=self._views(caller, pairs))

    def of_candidate(self, caller: Caller, candidate_id: str) -> CandidateDuplicates:
        candidate = self.candidates.get(candidate_id)
        if candidate is None or not candidate.readable_by(caller):
            raise NotFound("candidate not found", code="candidate_not_found")
        require(caller, Capability.JUDGE_DUPLICATES, action="reading possible duplicates")
        others = self.pairs.linked(candidate.id)
        pairs = sorted(
            self.pairs.pairs_of(candidate.id, others).values(),
            key=lambda p: p.found_at,
            reverse=True,
        )
        applications = self.candidates.many([candidate.id, *others])
        person = person_of(candidate)
        same = [
            c
            for c in applications.values()
            if c.id != candidate.id and person_of(c) == person and c.readable_by(caller)
        ]
        return CandidateDuplicates(
            pairs=self._views(caller, pairs, applications),
            same_person=[self._side(caller, c) for c in same],
        )

    def _views(
        self,
        caller: Caller,
        pairs: list[DuplicatePair],
        applications: dict[str, Candidate] | None = None,
    ) -> list[PairView]:
        wanted = [i for p in pairs for i in (p.first_id, p.second_id)]
        known = applications or {}
        missing = [i for i in wanted if i not in known]
        known = {**known, **(self.candidates.many(missing) if missing else {})}
        views = []
        for pair in pairs:
            first, second = known.get(pair.first_id), known.get(pair.second_id)
            if first is None or second is None:
                continue  # an application erased meanwhile (retention)
            if not (first.readable_by(caller) or second.readable_by(caller)):
                continue
            views.append(
                PairView(
                    first=self._side(caller, first),
                    second=self._side(caller, second),
                    decidable=first.manageable_by(caller) and second.manageable_by(caller),
                    **pair.model_dump(include=set(PairView.model_fields)),
                )
            )
        return views

    def _side(self, caller: Caller, candidate: Candidate) -> PairSide:
        branch = self.organisation.get_branch(candidate.branch_id)
        shown = PairSide(
            hidden=True,
            branch_id=candidate.branch_id,
            branch_name=branch.name if branch else candidate.branch_id,
            branch_name_zh=branch.name_zh if branch else None,
            phone_last4=candidate.phone[-4:],
        )
        if not candidate.readable_by(caller):
            return shown
        position = self.positions.get(candidate.position_id)
        return shown.model_copy(
            update={
                "hidden": False,
                "id": candidate.id,
                "name": candidate.name,
                "phone": candidate.phone,
                "email": candidate.email,
                "position_id": candidate.position_id,
                "position_title": position.title if position else None,
                "position_title_zh": position.title_zh if position else None,
                "status": candidate.status.value,
                "created_at": candidate.created_at,
                "person_id": candidate.person_id,
            }
        )

    # -------------------------------------------------------------- deciding
    def merge(self, caller: Caller, a: str, b: str, decision: Decision) -> PairView:
        """One person: the later application joins the earlier one's person."""
        return self._decide(caller, a, b, decision, "merged")

    def keep_apart(self, caller: Caller, a: str, b: str, decision: Decision) -> PairView:
        """Different people (sharing a number, say): the pair is closed for good."""
        return self._decide(caller, a, b, decision, "kept_apart")

    def _decide(
        self,
        caller: Caller,
        a: str,
        b: str,
        decision: Decision,
        status: Literal["merged", "kept_apart"],
    ) -> PairView:
        require(caller, Capability.JUDGE_DUPLICATES, action="deciding on possible duplicates")
        pair = self.pairs.pair(a, b)
        applications = self.candidates.many([a, b]) if pair else {}
        earlier = applications.get(pair.first_id) if pair else None
        later = applications.get(pair.second_id) if pair else None
        if pair is None or earlier is None or later is None:
            raise NotFound("possible duplicate not found", code="duplicate_pair_not_found")
        if not (earlier.readable_by(caller) or later.readable_by(caller)):
            raise NotFound("possible duplicate not found", code="duplicate_pair_not_found")
        if not (earlier.manageable_by(caller) and later.manageable_by(caller)):
            raise Forbidden(
                "only HQ decides on applications in two branches",
                code="duplicate_other_branch",
            )
        if pair.status == status:  # the same decision again: nothing to do
            return self._views(caller, [pair], applications)[0]
        if pair.status != "open":
            raise Conflict(
                "this pair was already decided",
                code="duplicate_already_decided",
                params={"status": pair.status},
            )
        check_revision(pair, decision.revision, "the pair")
        decided = pair.model_copy(
            update={"status": status, "decided_by": caller.username, "decided_at": now()}
        )
        entity_id = f"{pair.first_id}/{pair.second_id}"
        with self.uow() as uow:
            saved = audited_write(
                uow,
                caller,
                f"duplicate.{'merge' if status == 'merged' else 'keep_apart'}",
                decided,
                entity_id=entity_id,
                branch_id=later.branch_id,
                before=pair,
            )
            DuplicateRepository.close(uow, pair)
            person = person_of(earlier)
            if status == "merged" and later.person_id != person:
                merged = later.model_copy(update={"person_id": person, "updated_at": now()})
                later = audited_write(
                    uow,
                    caller,
                    "candidate.merge",
                    merged,
                    entity_id=later.id,
                    branch_id=later.branch_id,
                    before=later,
                )
            uow.commit()
        return self._views(caller, [saved], {earlier.id: earlier, later.id: later})[0]

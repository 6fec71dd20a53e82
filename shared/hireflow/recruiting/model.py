"""Recruiting's entities, their keys and repositories: positions (job openings), the
candidates applying to them (with the state of that application, its assignees and its
timeline), and the dashboard counters kept with every status move.

Access patterns:
- get a position: GetItem pk=POSITION#<id>, sk=POSITION
- a branch's positions: Query gsi1 gsi1pk=BRANCH#<id>#POSITIONS; every position (HQ):
  Query gsi2 gsi2pk=POSITIONS
- get a candidate: GetItem pk=CANDIDATE#<id>, sk=CANDIDATE
- a branch's candidates, newest first: Query gsi1 gsi1pk=BRANCH#<id>#CANDIDATES
- every branch's candidates (HQ), newest first: Query gsi2 gsi2pk=CANDIDATES
  (status, position and text are filters on those queries)
- the candidates assigned to an interviewer / hiring manager: Query pk=USER#<sub>#ASSIGNED,
  then BatchGet the candidates
- is this phone / e-mail taken for this position: GetItem
  pk=UNIQUE#phone#<e164>#POSITION#<id> / UNIQUE#email#<address>#POSITION#<id>
- a candidate's timeline: Query pk=CANDIDATE#<id>, sk begins_with TIMELINE#
- a branch's dashboard counters: Query pk=DASHBOARD#<branch> (NOW#, ENTERED#,
  STAGE_SECONDS#, STAGE_EXITS# per status); its candidates needing attention: Query
  pk=ATTENTION#<branch>
- who holds these phones / e-mails for these positions (an import's batch): BatchGet
  pk=UNIQUE#...
- every application under a phone / e-mail: Query pk=CONTACT#<field>#<value>
- a pair of applications that look like one person: GetItem pk=DUPLICATE#<id>#<id>;
  a branch's open pairs: Query gsi1 BRANCH#<id>#DUPLICATES; every open pair (HQ): Query
  gsi2 DUPLICATES (a cross-branch pair is listed in its second branch too: a listing item
  pk=DUPLICATE#<id>#<id>, sk=LISTED#<branch> on that branch's gsi1, while open)
- the pairs an application is in, open and decided: Query pk=CANDIDATE#<id>, sk
  begins_with DUPLICATE#, then BatchGet the pairs
- an application's résumé: GetItem pk=CANDIDATE#<id>, sk=RESUME
- an Excel import's progress: GetItem pk=IMPORT#<id>, sk=IMPORT; its per-row results:
  Query pk=IMPORT#<id>, sk begins_with BATCH#
- a candidate's notes, oldest first: Query pk=CANDIDATE#<id>, sk begins_with NOTE#
- a user's saved candidate-list filters: Query pk=USER#<sub>#FILTERS
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta
from typing import Any, Literal, get_args

from pydantic import BaseModel, Field, computed_field, model_validator

from hireflow.assessment.model import CompetencyModel
from hireflow.identity.model import Caller
from hireflow.identity.permissions import HR, has_role, may_manage_candidate, may_read_candidate
from hireflow.platform.errors import invalid_value
from hireflow.platform.ids import new_id, now
from hireflow.platform.store import ItemKeys, Page, Repository, Stored, read_counters
from hireflow.platform.unit_of_work import UnitOfWork
from hireflow.recruiting.status import CandidateStatus, require_move, waits_for_hr

# ---------------------------------------------------------------------- positions


class ScoreWeights(BaseModel):
    """How the AI report and the human scorecards combine (default AI 40 / human 60)."""

    ai: float = Field(default=0.4, ge=0, le=1)
    human: float = Field(default=0.6, ge=0, le=1)

    @model_validator(mode="after")
    def _sum_to_one(self) -> ScoreWeights:
        if abs(self.ai + self.human - 1.0) > 1e-6:
            raise ValueError("ai and human weights must sum to 1")
        return self


class SalaryBand(BaseModel):
    """The monthly salary range an offer for the position is expected to stay in."""

    minimum: int = Field(gt=0)
    maximum: int = Field(gt=0)
    currency: str = Field(default="CNY", pattern=r"^[A-Z]{3}$")

    @model_validator(mode="after")
    def _ordered(self) -> SalaryBand:
        if self.minimum > self.maximum:
            raise invalid_value("band_order", "the band's minimum is above its maximum")
        return self


class PositionFields(BaseModel):
    branch_id: str
    title: str = Field(min_length=1, max_length=120)
    title_zh: str | None = Field(default=None, max_length=120)
    template_id: str | None = None
    competency_model: CompetencyModel
    score_weights: ScoreWeights = ScoreWeights()
    salary_band: SalaryBand | None = None
    open: bool = True
    # HQ's choice: tell candidates of this position where they stand (the report's
    # percentile) once their report is ready. Off by default (talent/feedback.py).
    share_percentile: bool = False


class Position(PositionFields, Stored):
    KIND = "position"

    id: str
    openings: int = 0  # how often it was opened (PositionOpened.opening)

    def title_in(self, locale: str) -> str:
        return self.title_zh if locale == "zh" and self.title_zh else self.title

    @staticmethod
    def key(position_id: str) -> tuple[str, str]:
        return f"POSITION#{position_id}", "POSITION"

    @staticmethod
    def of_branch(branch_id: str) -> str:
        return f"BRANCH#{branch_id}#POSITIONS"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(
            *self.key(self.id),
            gsi1=(self.of_branch(self.branch_id), f"{self.title}#{self.id}"),
            gsi2=(ALL_POSITIONS, f"{self.branch_id}#{self.title}#{self.id}"),
        )


ALL_POSITIONS = "POSITIONS"


class PositionRepository:
    def __init__(self) -> None:
        self._positions = Repository(Position)

    def get(self, position_id: str) -> Position | None:
        return self._positions.get(*Position.key(position_id))

    def of_branch(self, branch_id: str) -> list[Position]:
        return list(self._positions.iterate(Position.of_branch(branch_id), index="gsi1"))

    def all(self) -> list[Position]:
        return list(self._positions.iterate(ALL_POSITIONS, index="gsi2"))

    def put(self, position: Position) -> None:
        """Seeding (the demo positions); HR's changes go through a unit of work."""
        self._positions.put(position)


# ---------------------------------------------------------------------- candidates

# Where a candidate came from: 招聘网站 / 内推 / 校园招聘 / 猎头 / 其他.
SourceChannel = Literal["job_site", "referral", "campus", "agency", "other"]
_PHONE_SEPARATORS = re.compile(r"[\s\-().·/]")


def search_term(text: str) -> str:
    """What a typed search matches in ``Candidate.search``: a phone number as its digits
    however it was typed (138 0013 8000, +86-138..., 0086 138...), else lower-cased text."""
    typed = unicodedata.normalize("NFKC", text).strip()
    compact = _PHONE_SEPARATORS.sub("", typed)
    if re.fullmatch(r"(\+|00)?\d{3,}", compact):
        return compact.removeprefix("+").removeprefix("00")
    return typed.lower().lstrip("+")


class Candidate(Stored):
    KIND = "candidate"

    id: str = Field(default_factory=new_id)
    name: str
    phone: str
    email: str
    branch_id: str
    position_id: str
    resume_ref: str | None = None
    locale: Literal["zh", "en"] = "zh"
    # "pool": invited from the talent pool (a new application of someone kept there).
    source: Literal["manual", "import", "pool"] = "manual"
    # Where the candidate came from (recruiting site, referral, campus...): HR's own record.
    channel: SourceChannel | None = None
    status: CandidateStatus = CandidateStatus.IMPORTED
    status_reason: str | None = None
    # The reason in any language (``platform.errors``: a code and its params).
    status_reason_code: str | None = None
    status_reason_params: dict[str, Any] = Field(default_factory=dict)
    status_since: datetime = Field(default_factory=now)
    # Every status the candidate has been in: the funnel counts people, not entries.
    reached: list[CandidateStatus] = Field(default_factory=list)
    # Interview rounds so far (1 after the first invitation, 2 after a second round...).
    round: int = 0
    invitations: int = 0
    # Lifecycle executions started by HR (names them: <candidate id>-<n>).
    invitations_started: int = 0
    # When HR last asked for an invitation: until the workflow moves the candidate, a
    # second request is refused (one execution per invitation).
    invitation_requested_at: datetime | None = None
    # HR's message with the invitation asked for last (why the candidate is invited
    # again); the invitation letter carries it.
    invitation_message: str | None = None
    interviewer_id: str | None = None
    hiring_manager_id: str | None = None
    execution_arn: str | None = None
    # Why the AI's weight is dropped for this candidate (people review and decide on their
    # own scores: the AI could not score an answer, or the candidate asked for a process
    # without AI). None: the AI's advice counts with the position's weights.
    ai_dropped: str | None = None
    # Its code when the words are ours, not a person's (``platform.messages``).
    ai_dropped_code: str | None = None
    # The round from which it is dropped (earlier rounds were decided with the AI's advice).
    ai_dropped_round: int | None = None
    created_at: datetime = Field(default_factory=now)
    updated_at: datetime = Field(default_factory=now)
    created_by: str | None = None
    # A periodic re-assessment of this employee (people/reassessment.py), not an
    # application: invited, recorded, scored and reviewed the same way, but never listed
    # or counted among candidates, never decided (no letter, no offer, no hire).
    employee_id: str | None = None
    # The interview template the re-assessment's schedule names (None: the position's).
    interview_template_id: str | None = None
    # The person this application belongs to, once HR merged it with another application
    # of the same person (the earliest application's id); None: a person of its own.
    person_id: str | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def search(self) -> str:
        """Lower-cased name, e-mail and phone digits: what the text filter matches."""
        return " ".join([self.name.lower(), self.email.lower(), self.phone.lstrip("+")])

    @property
    def assignees(self) -> list[str]:
        return [u for u in (self.interviewer_id, self.hiring_manager_id) if u]

    def ai_dropped_in(self, round_: int) -> str | None:
        """Why the AI's weight is dropped for round ``round_`` (None: the AI counts)."""
        if self.ai_dropped and round_ >= (self.ai_dropped_round or 0):
            return self.ai_dropped
        return None

    def readable_by(self, caller: Caller) -> bool:
        return may_read_candidate(caller, self.branch_id, self.assignees)

    def manageable_by(self, caller: Caller) -> bool:
        return may_manage_candidate(caller, self.branch_id)

    def moved(
        self,
        status: CandidateStatus,
        reason: str | None = None,
        *,
        reason_code: str | None = None,
        reason_params: dict[str, Any] | None = None,
        **changes: Any,
    ) -> Candidate:
        """The candidate in ``status`` (IllegalMove if the table forbids it); ``reason``
        in English, ``reason_code`` and ``reason_params`` for any language."""
        if status != self.status:
            require_move(self.status, status)
        at = now()
        reached = [*self.reached, *([self.status] if self.status not in self.reached else [])]
        return self.model_copy(
            update={
                **changes,
                "status": status,
                "status_reason": reason,
                "status_reason_code": reason_code,
                "status_reason_params": reason_params or {},
                "reached": reached + ([status] if status not in reached else []),
                "status_since": at if status != self.status else self.status_since,
                "updated_at": at,
            }
        )

    @staticmethod
    def key(candidate_id: str) -> tuple[str, str]:
        return f"CANDIDATE#{candidate_id}", "CANDIDATE"

    @staticmethod
    def of_branch(branch_id: str) -> str:
        return f"BRANCH#{branch_id}#CANDIDATES"

    def item_keys(self) -> ItemKeys:
        if self.employee_id:  # a re-assessment: in no candidate list (the employee's own)
            return ItemKeys(*self.key(self.id))
        sort = f"{self.created_at.isoformat()}#{self.id}"
        return ItemKeys(
            *self.key(self.id),
            gsi1=(self.of_branch(self.branch_id), sort),
            gsi2=(ALL_CANDIDATES, sort),
        )


ALL_CANDIDATES = "CANDIDATES"
SOURCE_CHANNELS: tuple[str, ...] = get_args(SourceChannel)
ContactField = Literal["phone", "email"]


class UniqueValue(Stored):
    """Guards one phone number or e-mail address for one position: created in the same
    transaction as the application, so two imports of the same person for the same
    position cannot both succeed. The same person may apply to other positions (their
    applications are linked by the contact index: ``ContactEntry``, ``DuplicatePair``)."""

    KIND = "unique_value"

    field: ContactField
    value: str
    candidate_id: str
    position_id: str

    @staticmethod
    def key(field: ContactField, value: str, position_id: str) -> tuple[str, str]:
        return f"UNIQUE#{field}#{value}#POSITION#{position_id}", "UNIQUE"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.field, self.value, self.position_id))


class Assignment(Stored):
    """An interviewer or hiring manager assigned to a candidate (adjacency item)."""

    KIND = "assignment"

    user_id: str
    candidate_id: str
    branch_id: str
    role: Literal["interviewer", "hiring_manager"]

    @staticmethod
    def of_user(user_id: str) -> str:
        return f"USER#{user_id}#ASSIGNED"

    @classmethod
    def key(cls, user_id: str, candidate_id: str) -> tuple[str, str]:
        return cls.of_user(user_id), f"CANDIDATE#{candidate_id}"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.user_id, self.candidate_id))


class TimelineEntry(Stored):
    KIND = "timeline_entry"

    candidate_id: str
    status: CandidateStatus
    at: datetime = Field(default_factory=now)
    actor: str
    note: str | None = None
    note_code: str | None = None  # the note in any language (``platform.errors``)
    note_params: dict[str, Any] = Field(default_factory=dict)

    def item_keys(self) -> ItemKeys:
        return ItemKeys(
            pk=Candidate.key(self.candidate_id)[0],
            sk=f"TIMELINE#{self.at.isoformat()}#{self.status.value}",
        )


class CandidateNote(Stored):
    """A note a colleague left on a candidate: who, when, what (seen by whoever may see
    the candidate)."""

    KIND = "candidate_note"

    id: str = Field(default_factory=new_id)
    candidate_id: str
    branch_id: str
    text: str
    author: str
    author_name: str | None = None
    at: datetime = Field(default_factory=now)

    @staticmethod
    def prefix() -> str:
        return "NOTE#"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(
            pk=Candidate.key(self.candidate_id)[0],
            sk=f"{self.prefix()}{self.at.isoformat()}#{self.id}",
        )


class SavedFilter(Stored):
    """A candidate-list view a user saved under a name: its filters, sort and columns."""

    KIND = "saved_filter"

    id: str = Field(default_factory=new_id)
    user_id: str
    name: str
    query: dict[str, str]
    created_at: datetime = Field(default_factory=now)

    @staticmethod
    def of_user(user_id: str) -> str:
        return f"USER#{user_id}#FILTERS"

    @classmethod
    def key(cls, user_id: str, filter_id: str) -> tuple[str, str]:
        return cls.of_user(user_id), f"FILTER#{filter_id}"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.user_id, self.id))


class SavedFilterRepository:
    def __init__(self) -> None:
        self._filters = Repository(SavedFilter)

    def of_user(self, user_id: str) -> list[SavedFilter]:
        return list(self._filters.iterate(SavedFilter.of_user(user_id)))

    def get(self, user_id: str, filter_id: str) -> SavedFilter | None:
        return self._filters.get(*SavedFilter.key(user_id, filter_id))


class CandidateRepository:
    def __init__(self) -> None:
        self._candidates = Repository(Candidate)
        self._unique = Repository(UniqueValue)
        self._assignments = Repository(Assignment)
        self._timeline = Repository(TimelineEntry)
        self._notes = Repository(CandidateNote)

    def get(self, candidate_id: str) -> Candidate | None:
        return self._candidates.get(*Candidate.key(candidate_id))

    def owner_of(self, field: ContactField, value: str, position_id: str) -> str | None:
        guard = self._unique.get(*UniqueValue.key(field, value, position_id))
        return guard.candidate_id if guard else None

    def owners_of(
        self, values: list[tuple[ContactField, str, str]]
    ) -> dict[tuple[str, str, str], str]:
        """The applications that hold these phones / e-mails for these positions (one
        BatchGet), by (field, value, position id)."""
        guards = self._unique.batch_get([UniqueValue.key(f, v, p) for f, v, p in values])
        return {(g.field, g.value, g.position_id): g.candidate_id for g in guards}

    def many(self, candidate_ids: list[str]) -> dict[str, Candidate]:
        found = self._candidates.batch_get([Candidate.key(c) for c in candidate_ids])
        return {c.id: c for c in found}

    def history(self, candidate_id: str) -> list[TimelineEntry]:
        return list(self._timeline.iterate(Candidate.key(candidate_id)[0], "TIMELINE#"))

    def notes(self, candidate_id: str) -> list[CandidateNote]:
        return list(self._notes.iterate(Candidate.key(candidate_id)[0], CandidateNote.prefix()))

    def assigned_to(self, user_id: str) -> list[Candidate]:
        ids = [a.candidate_id for a in self._assignments.iterate(Assignment.of_user(user_id))]
        return self._candidates.batch_get([Candidate.key(i) for i in ids])

    def search(
        self,
        branch_id: str | None,
        condition: Any,
        cursor: str | None,
        limit: int,
    ) -> Page[Candidate]:
        """Newest first, in one branch or (None) in all of them."""
        if branch_id:
            partition, index = Candidate.of_branch(branch_id), "gsi1"
        else:
            partition, index = ALL_CANDIDATES, "gsi2"
        return self._candidates.query(
            partition,
            index=index,
            cursor=cursor,
            limit=limit,
            newest_first=True,
            filter_by=condition,
        )

    def every(self, branch_id: str | None, condition: Any) -> list[Candidate]:
        """Every matching candidate, newest first, in one branch or (None) in all of them
        (the same queries as ``search``, read to the end)."""
        found: list[Candidate] = []
        cursor: str | None = None
        while True:
            page = self.search(branch_id, condition, cursor, 100)
            found += page.items
            if not page.cursor:
                return found
            cursor = page.cursor

    def save(self, candidate: Candidate) -> Candidate:
        """Save a change that is no status move (e.g. the execution it runs in)."""
        return self._candidates.save(candidate)

    def note(self, entry: TimelineEntry) -> None:
        """A timeline note that is no status move (e.g. a request by the candidate)."""
        self._timeline.put(entry)


def stage_move(uow: UnitOfWork, before: Candidate, after: Candidate, actor: str) -> Candidate:
    """Stage a candidate's change in ``uow``: with a status move, its timeline entry and
    the dashboard counters go in the same transaction. Returns the candidate as it will
    be stored."""
    uow.save(after)
    if after.status != before.status:
        uow.put(
            TimelineEntry(
                candidate_id=after.id,
                status=after.status,
                actor=actor,
                note=after.status_reason,
                note_code=after.status_reason_code,
                note_params=after.status_reason_params,
                at=after.status_since,
            )
        )
        Dashboard.count_move(uow, before, after)
    return after.model_copy(update={"revision": after.revision + 1})


# ---------------------------------------------------------------------- lifecycle

# "interview", "scoring", "review", "offer" (HR submits it), "acceptance" (the candidate
# answers), and one "approval#<level>#<approver>" per approver of an offer's level.
Step = str


class WaitingStep(Stored):
    """The task token a lifecycle step waits with, until something resumes it."""

    KIND = "waiting_step"

    candidate_id: str
    step: Step
    task_token: str
    since: datetime = Field(default_factory=now)

    @staticmethod
    def key(candidate_id: str, step: Step) -> tuple[str, str]:
        return Candidate.key(candidate_id)[0], f"WAIT#{step}"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.candidate_id, self.step))


class WaitingStepRepository:
    def __init__(self) -> None:
        self._waits = Repository(WaitingStep)

    def get(self, candidate_id: str, step: Step) -> WaitingStep | None:
        return self._waits.get(*WaitingStep.key(candidate_id, step))

    def put(self, waiting: WaitingStep) -> None:
        self._waits.put(waiting)

    def forget(self, candidate_id: str, step: Step) -> None:
        self._waits.delete(*WaitingStep.key(candidate_id, step))


# ---------------------------------------------------------------------- dashboard


class AttentionItem(Stored):
    """A candidate waiting for HR (needs_attention, alternative_requested), listed on the
    branch's dashboard and behind the HR app's attention badge."""

    KIND = "attention"

    candidate_id: str
    branch_id: str
    name: str
    reason: str | None
    reason_code: str | None = None
    reason_params: dict[str, Any] = Field(default_factory=dict)
    since: datetime
    status: CandidateStatus = CandidateStatus.NEEDS_ATTENTION

    @staticmethod
    def of_branch(branch_id: str) -> str:
        return f"ATTENTION#{branch_id}"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(pk=self.of_branch(self.branch_id), sk=self.candidate_id)

    @classmethod
    def of(cls, candidate: Candidate) -> AttentionItem:
        """The candidate as listed, with the reason of its status."""
        return cls(
            candidate_id=candidate.id,
            branch_id=candidate.branch_id,
            name=candidate.name,
            reason=candidate.status_reason,
            reason_code=candidate.status_reason_code,
            reason_params=candidate.status_reason_params,
            since=candidate.status_since,
            status=candidate.status,
        )


class Dashboard:
    """Dashboard figures kept as counters, changed in the same transaction as the status
    change they count, so reading a branch's dashboard is two Queries however many
    candidates it has: NOW#<status> (in it now), ENTERED#<status> (ever entered: the
    funnel), STAGE_SECONDS#<status> and STAGE_EXITS#<status> (time spent by those who
    left it)."""

    @staticmethod
    def partition(branch_id: str) -> str:
        return f"DASHBOARD#{branch_id}"

    @classmethod
    def count_entry(cls, uow: UnitOfWork, branch_id: str, status: str) -> None:
        """A candidate appears in a status (created, or moved in from another branch)."""
        uow.increment(cls.partition(branch_id), f"NOW#{status}", 1)
        uow.increment(cls.partition(branch_id), f"ENTERED#{status}", 1)

    @classmethod
    def count_branch_move(cls, uow: UnitOfWork, old: str, new: str, status: str) -> None:
        uow.increment(cls.partition(old), f"NOW#{status}", -1)
        uow.increment(cls.partition(new), f"NOW#{status}", 1)

    @classmethod
    def count_move(cls, uow: UnitOfWork, before: Candidate, after: Candidate) -> None:
        old, new, branch = before.status.value, after.status.value, before.branch_id
        if waits_for_hr(before.status) and not waits_for_hr(after.status):
            uow.delete_key((AttentionItem.of_branch(branch), before.id))
        if waits_for_hr(after.status):  # (replaces the item of the status it came from)
            uow.put(AttentionItem.of(after))
        if after.employee_id:
            return  # a re-assessment is no candidate: HR see it wait, the funnel never counts it
        seconds = max(0.0, (after.status_since - before.status_since).total_seconds())
        uow.increment(cls.partition(branch), f"NOW#{old}", -1)
        uow.increment(cls.partition(branch), f"STAGE_SECONDS#{old}", round(seconds))
        uow.increment(cls.partition(branch), f"STAGE_EXITS#{old}", 1)
        uow.increment(cls.partition(branch), f"NOW#{new}", 1)
        # The funnel counts people: a second invitation is not a second invited person.
        if after.status not in before.reached or not before.reached:
            uow.increment(cls.partition(branch), f"ENTERED#{new}", 1)

    @classmethod
    def counters(cls, branch_id: str) -> dict[str, dict[str, float]]:
        """The branch's counters by kind and status: {"NOW": {"invited": 3}, ...}."""
        by_kind: dict[str, dict[str, float]] = {}
        for key, value in read_counters(cls.partition(branch_id)).items():
            kind, _, status = key.partition("#")
            by_kind.setdefault(kind, {})[status] = value
        return by_kind

    @staticmethod
    def needs_attention(branch_id: str) -> list[AttentionItem]:
        return list(Repository(AttentionItem).iterate(AttentionItem.of_branch(branch_id)))


# ---------------------------------------------------------------------- Excel imports


class ImportedRow(BaseModel):
    row: int
    id: str
    name: str


class RowRefused(BaseModel):
    """A row not imported: a duplicate (its phone or e-mail is registered) or an error,
    with its Excel row number and the field at fault."""

    row: int
    field: str
    message: str
    code: str = "invalid"  # the message in any language (``platform.errors``)
    params: dict[str, Any] = Field(default_factory=dict)


class PossibleDuplicate(BaseModel):
    """A row created although its phone / e-mail already applied to another position: the
    same person, perhaps (recruiting/duplicates.py opened a pair for HR to judge).
    ``other_id`` only when the importer may read that application."""

    row: int
    field: ContactField
    other_id: str | None = None
    code: str = "possible_duplicate"


class RowResults(BaseModel):
    created: list[ImportedRow] = []
    duplicates: list[RowRefused] = []
    errors: list[RowRefused] = []
    possible_duplicates: list[PossibleDuplicate] = []
    # Rows created with something left out, e.g. a résumé that could not be found or
    # fetched (field "resume", the code saying why): the row itself is in.
    warnings: list[RowRefused] = []

    def add(self, other: RowResults) -> None:
        self.created += other.created
        self.duplicates += other.duplicates
        self.errors += other.errors
        self.possible_duplicates += other.possible_duplicates
        self.warnings += other.warnings


ImportStatus = Literal["queued", "running", "done", "failed"]
IMPORT_RETENTION = timedelta(days=30)
# Lambda runs an asynchronous invocation at most three times (two retries, a minute or
# two apart); each run of the import worker may take its 300 s timeout.
WORKER_ATTEMPTS = 3
WORKER_SILENCE = timedelta(minutes=20)


class ImportJob(Stored):
    """One uploaded workbook being imported by the worker: who started it (the worker
    imports with that caller's rights), where the file is, and how far it got."""

    KIND = "import_job"

    id: str = Field(default_factory=new_id)
    caller: Caller
    file_key: str = ""
    # The .zip of résumés the rows name by file name (resume_import.archive_key), if any.
    resume_archive_key: str | None = None
    status: ImportStatus = "queued"
    total: int
    done: int = 0
    failure: str | None = None
    attempts: int = 0  # runs of the worker; Lambda makes at most WORKER_ATTEMPTS
    failure_code: str | None = None
    failure_params: dict[str, Any] = Field(default_factory=dict)
    created_at: datetime = Field(default_factory=now)
    updated_at: datetime = Field(default_factory=now)

    def stalled(self) -> bool:
        """Unfinished, and no worker has written for longer than all its attempts take:
        the upload's event was lost or the last attempt was killed."""
        unfinished = self.status in ("queued", "running")
        return unfinished and now() - self.updated_at > WORKER_SILENCE

    def readable_by(self, caller: Caller) -> bool:
        """HR of the importer's branch, and HQ: the results name candidates."""
        return has_role(caller, *HR) and caller.can_see_branch(self.caller.branch_id)

    def expires_at(self) -> datetime | None:
        return self.created_at + IMPORT_RETENTION

    @staticmethod
    def key(import_id: str) -> tuple[str, str]:
        return f"IMPORT#{import_id}", "IMPORT"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.id))


class ImportBatch(Stored):
    """The per-row results of one batch of an import's rows (kept apart from the job, so
    a large file's results never approach DynamoDB's item size limit)."""

    KIND = "import_batch"

    import_id: str
    number: int
    results: RowResults
    created_at: datetime = Field(default_factory=now)

    def expires_at(self) -> datetime | None:
        return self.created_at + IMPORT_RETENTION

    def item_keys(self) -> ItemKeys:
        return ItemKeys(pk=ImportJob.key(self.import_id)[0], sk=f"BATCH#{self.number:05d}")


class ImportJobRepository:
    def __init__(self) -> None:
        self._jobs = Repository(ImportJob)
        self._batches = Repository(ImportBatch)

    def get(self, import_id: str) -> ImportJob | None:
        return self._jobs.get(*ImportJob.key(import_id))

    def create(self, job: ImportJob) -> ImportJob:
        return self._jobs.create(job)

    def save(self, job: ImportJob) -> ImportJob:
        return self._jobs.save(job)

    def batches(self, import_id: str) -> list[ImportBatch]:
        return list(self._batches.iterate(ImportJob.key(import_id)[0], "BATCH#"))


# ---------------------------------------------------------------------- résumés
# A résumé belongs to one application (a new upload replaces it; the file of the one
# replaced stays in S3 until retention). It arrives as a file under
# resumes/<candidate id>/<upload id>.<ext> - uploaded by HR, by the candidate in the
# portal, or taken from an import's archive or link - and is parsed off the request path
# when S3 has it (recruiting/resumes.py, recruiting/resume_parsing.py).

ResumeFormat = Literal["pdf", "docx", "jpeg", "png"]
ResumeStatus = Literal["waiting", "parsed", "unreadable", "refused"]
ResumeOrigin = Literal["hr", "candidate", "import"]
# Where the text came from: the file's own text layer, OCR of images, or both.
TextMethod = Literal["text", "ocr", "mixed"]
RESUME_PREFIX = "resumes/"
MAX_RESUME_BYTES = 10 * 1024 * 1024
MAX_RESUME_PAGES = 10
MAX_RESUME_TEXT = 60_000  # characters kept of the text (spans index into it)


class Span(BaseModel):
    """Where a field was read: [start, end) into ``Resume.text``, with the page (1-based)
    and the text itself, so HR sees the source next to the value."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    page: int | None = None
    text: str = ""


class Education(BaseModel):
    school: str | None = None
    degree: str | None = None  # as written (本科, 硕士, Bachelor of ..., MBA)
    # bachelor / master / doctor / associate / high_school / other: for matching, None unread
    level: str | None = None
    major: str | None = None
    start_year: int | None = None
    end_year: int | None = None
    span: Span | None = None


class Experience(BaseModel):
    employer: str | None = None
    title: str | None = None
    start: str | None = None  # YYYY-MM (or YYYY)
    end: str | None = None  # YYYY-MM; None with ``current`` (至今 / present)
    current: bool = False
    months: int | None = None  # the duration, when both ends were read
    span: Span | None = None


class Claim(BaseModel):
    """A skill, certificate or language as the résumé states it: ``key`` is the lower-case
    normalised name the skill map and the matching use ("python", "excel", "普通话"),
    ``text`` the words as written."""

    key: str
    text: str
    level: str | None = None  # as written, e.g. 熟练 / proficient / CET-6 / native
    span: Span | None = None


class UnreadPart(BaseModel):
    """Something that could not be read: reported, never guessed (``code`` in
    web/shared/messages.js, e.g. resume_page_blank, resume_dates_unclear)."""

    code: str
    params: dict[str, Any] = Field(default_factory=dict)
    page: int | None = None
    span: Span | None = None


class ResumeFields(BaseModel):
    name: Claim | None = None
    phones: list[Claim] = Field(default_factory=list)  # key: E.164
    emails: list[Claim] = Field(default_factory=list)  # key: lower-case address
    education: list[Education] = Field(default_factory=list)
    experience: list[Experience] = Field(default_factory=list)
    skills: list[Claim] = Field(default_factory=list)
    certificates: list[Claim] = Field(default_factory=list)
    languages: list[Claim] = Field(default_factory=list)

    @property
    def experience_months(self) -> int:
        return sum(e.months or 0 for e in self.experience)


ResumeSection = Literal["education", "experience", "skills", "certificates", "languages"]


class ParsedResume(BaseModel):
    """What ``resume_parsing.parse`` reads from a file's bytes."""

    text: str
    pages: int
    method: TextMethod
    language: Literal["zh", "en", "mixed"]
    fields: ResumeFields
    unread: list[UnreadPart] = Field(default_factory=list)


class ResumeCorrection(BaseModel):
    """One HR correction of one section: kept, and never overwritten by a re-parse."""

    section: ResumeSection
    before: list[Any]
    after: list[Any]
    by: str
    at: datetime = Field(default_factory=now)


class Resume(Stored):
    KIND = "resume"

    candidate_id: str
    branch_id: str
    upload_id: str = Field(default_factory=new_id)
    file_key: str
    file_version: str | None = None
    format: ResumeFormat
    file_name: str | None = None  # as uploaded (shown to HR), never logged
    origin: ResumeOrigin
    uploaded_by: str  # the HR user, "candidate" or the import's user
    uploaded_at: datetime = Field(default_factory=now)
    status: ResumeStatus = "waiting"
    status_code: str | None = None  # why unreadable / refused (messages.js)
    status_params: dict[str, Any] = Field(default_factory=dict)
    parsed_at: datetime | None = None
    pages: int = 0
    method: TextMethod | None = None
    language: str | None = None
    text: str = ""
    parsed: ResumeFields = Field(default_factory=ResumeFields)  # the machine's reading
    fields: ResumeFields = Field(default_factory=ResumeFields)  # parsed + HR's corrections
    corrections: list[ResumeCorrection] = Field(default_factory=list)
    unread: list[UnreadPart] = Field(default_factory=list)

    @property
    def corrected_sections(self) -> set[str]:
        return {c.section for c in self.corrections}

    @staticmethod
    def key(candidate_id: str) -> tuple[str, str]:
        return f"CANDIDATE#{candidate_id}", "RESUME"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.candidate_id))


def resume_key(candidate_id: str, upload_id: str, fmt: ResumeFormat) -> str:
    """The S3 key of an uploaded résumé file."""
    ext = {"pdf": "pdf", "docx": "docx", "jpeg": "jpg", "png": "png"}[fmt]
    return f"{RESUME_PREFIX}{candidate_id}/{upload_id}.{ext}"


class ResumeRepository:
    def __init__(self) -> None:
        self._resumes = Repository(Resume)

    def get(self, candidate_id: str) -> Resume | None:
        return self._resumes.get(*Resume.key(candidate_id))

    def put(self, resume: Resume) -> Resume:
        return self._resumes.put(resume)

    def save(self, resume: Resume) -> Resume:
        return self._resumes.save(resume)

    def many(self, candidate_ids: list[str]) -> dict[str, Resume]:
        found = self._resumes.batch_get([Resume.key(c) for c in candidate_ids])
        return {r.candidate_id: r for r in found}


# ---------------------------------------------------------------------- same person
# A person may apply more than once (two positions, two branches, again from the talent
# pool). Each application keeps its own pipeline; the contact index finds the others
# with the same phone or e-mail, and a pair HR has not yet judged is a DuplicatePair to
# merge (one person: ``Candidate.person_id``) or keep apart (different people sharing a
# number). The import's guard (UniqueValue) stays: one application per phone / e-mail
# per position.


class ContactEntry(Stored):
    """One application under one phone / e-mail (adjacency item of the contact index)."""

    KIND = "contact_entry"

    field: ContactField
    value: str
    candidate_id: str
    branch_id: str
    position_id: str
    created_at: datetime = Field(default_factory=now)

    @staticmethod
    def partition(field: ContactField, value: str) -> str:
        return f"CONTACT#{field}#{value}"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(self.partition(self.field, self.value), f"CANDIDATE#{self.candidate_id}")


DuplicateStatus = Literal["open", "merged", "kept_apart"]
DuplicateSource = Literal["contact", "resume"]  # HR's contact details, or the résumé's


class DuplicatePair(Stored):
    """Two applications that look like one person. ``first_id`` is the earlier one; one
    item per pair (keyed by both ids, sorted), so detecting it twice changes nothing."""

    KIND = "duplicate_pair"

    first_id: str
    second_id: str
    branch_ids: list[str]  # both applications' branches (one when the same)
    matched_on: list[ContactField]
    source: DuplicateSource = "contact"
    status: DuplicateStatus = "open"
    found_at: datetime = Field(default_factory=now)
    decided_by: str | None = None
    decided_at: datetime | None = None

    @staticmethod
    def key(a: str, b: str) -> tuple[str, str]:
        first, second = sorted((a, b))
        return f"DUPLICATE#{first}#{second}", "DUPLICATE"

    @staticmethod
    def open_in(branch_id: str) -> str:
        return f"BRANCH#{branch_id}#DUPLICATES"

    def item_keys(self) -> ItemKeys:
        sort = f"{self.found_at.isoformat()}#{self.first_id}#{self.second_id}"
        open_ = self.status == "open"
        # Open pairs are listed in each branch involved (gsi1: the first branch's list;
        # a cross-branch pair is HQ's to judge and listed in gsi2 for HQ).
        return ItemKeys(
            *self.key(self.first_id, self.second_id),
            gsi1=(self.open_in(self.branch_ids[0]), sort) if open_ else None,
            gsi2=(ALL_DUPLICATES, sort) if open_ else None,
        )


ALL_DUPLICATES = "DUPLICATES"


class DuplicateListing(DuplicatePair):
    """The open pair as listed in its SECOND branch (a cross-branch pair is seen by both
    branches' HR): the pair's copy under the pair's partition, on gsi1 of that branch only
    while open. Deleted when the pair is decided."""

    KIND = "duplicate_listing"

    def item_keys(self) -> ItemKeys:
        pair = super().item_keys()
        return ItemKeys(
            pair.pk,
            f"LISTED#{self.branch_ids[-1]}",
            gsi1=(self.open_in(self.branch_ids[-1]), pair.gsi1[1]) if pair.gsi1 else None,
        )


class DuplicateLink(Stored):
    """One side of a pair, under its application: the pairs an application is in (open
    and decided), whatever its contact details are now."""

    KIND = "duplicate_link"

    candidate_id: str
    other_id: str

    def item_keys(self) -> ItemKeys:
        return ItemKeys(Candidate.key(self.candidate_id)[0], f"DUPLICATE#{self.other_id}")


class DuplicateRepository:
    """The contact index and the pairs found in it."""

    def __init__(self) -> None:
        self._entries = Repository(ContactEntry)
        self._pairs = Repository(DuplicatePair)
        self._links = Repository(DuplicateLink)

    @staticmethod
    def entry(candidate: Candidate, field: ContactField) -> ContactEntry:
        return ContactEntry(
            field=field,
            value=getattr(candidate, field),
            candidate_id=candidate.id,
            branch_id=candidate.branch_id,
            position_id=candidate.position_id,
        )

    @classmethod
    def index(cls, uow: UnitOfWork, candidate: Candidate) -> None:
        """A new application's entries, in its creation's unit of work (a re-assessment
        is no application: not indexed)."""
        if candidate.employee_id:
            return
        for name in get_args(ContactField):
            uow.put(cls.entry(candidate, name))

    @classmethod
    def reindex(cls, uow: UnitOfWork, before: Candidate, after: Candidate) -> None:
        """A changed phone / e-mail, branch or position: the entries follow the application."""
        if after.employee_id:
            return
        for name in get_args(ContactField):
            old, new = cls.entry(before, name), cls.entry(after, name)
            if old.model_dump(exclude={"created_at"}) == new.model_dump(exclude={"created_at"}):
                continue
            if old.value != new.value:
                uow.delete(old)
            uow.put(new)

    def put_entries(self, entries: list[ContactEntry]) -> None:
        """Index entries written in bulk (the backfill of applications made before the
        index: ``Duplicates.backfill``)."""
        self._entries.put_many(entries)

    def applications_under(self, field: ContactField, value: str) -> list[ContactEntry]:
        return list(self._entries.iterate(ContactEntry.partition(field, value), "CANDIDATE#"))

    def pair(self, a: str, b: str) -> DuplicatePair | None:
        return self._pairs.get(*DuplicatePair.key(a, b))

    def pairs_of(self, candidate_id: str, others: list[str]) -> dict[str, DuplicatePair]:
        """The pairs of this application with these others (one BatchGet), by other id."""
        found = self._pairs.batch_get([DuplicatePair.key(candidate_id, o) for o in others])
        return {p.second_id if p.first_id == candidate_id else p.first_id: p for p in found}

    def linked(self, candidate_id: str) -> list[str]:
        """The other applications this one was ever paired with."""
        links = self._links.iterate(Candidate.key(candidate_id)[0], "DUPLICATE#")
        return [link.other_id for link in links]

    @staticmethod
    def open(uow: UnitOfWork, pair: DuplicatePair) -> None:
        """A new pair (a Conflict at commit if it exists), its listing in a second branch
        and the links from both applications."""
        uow.create(pair)
        DuplicateRepository.list_elsewhere(uow, pair)
        for a, b in ((pair.first_id, pair.second_id), (pair.second_id, pair.first_id)):
            uow.put(DuplicateLink(candidate_id=a, other_id=b))

    @staticmethod
    def list_elsewhere(uow: UnitOfWork, pair: DuplicatePair) -> None:
        """An open pair across two branches is listed in the second one too."""
        if len(pair.branch_ids) > 1 and pair.status == "open":
            uow.put(DuplicateListing(**pair.model_dump()))

    @staticmethod
    def close(uow: UnitOfWork, pair: DuplicatePair) -> None:
        """A decided pair leaves both branches' lists (the caller saves the pair)."""
        if len(pair.branch_ids) > 1:
            uow.delete(DuplicateListing(**pair.model_dump()))

    def open_in_branch(self, branch_id: str) -> list[DuplicatePair]:
        return list(self._pairs.iterate(DuplicatePair.open_in(branch_id), index="gsi1"))

    def open_everywhere(self) -> list[DuplicatePair]:
        return list(self._pairs.iterate(ALL_DUPLICATES, index="gsi2"))


# The items under an application's partition that recruiting answers for when a person's
# data is erased (``recruiting.personal_data``): the application, its timeline, notes,
# duplicate links and waiting steps (the résumé is erased on its own: ``Resume.key``).
APPLICATION_SORT_PREFIXES = ("CANDIDATE", "TIMELINE#", "NOTE#", "DUPLICATE#", "WAIT#")

"""Privacy: the consent ledger, the notices of each jurisdiction, HQ's switch for AI
scoring, the retention policies and their clocks, legal holds, the receipts of sweeps,
and the requests people make about their data (export, erasure). docs/privacy.md.

The context sits low (below recruiting): every context that processes personal data
asks here (has the person consented? is AI scoring switched off?), and each context
answers for its own data through ``personal_data.PersonalDataHolder``.

Access patterns:
- a person's consent ledger, newest last: Query pk=CONSENT#<subject>
- a jurisdiction's notices, newest last: Query pk=NOTICE#<jurisdiction>, sk begins_with V#
- every jurisdiction / branch setting / AI switch: Query pk=PRIVACY#JURISDICTION | PRIVACY#BRANCH
  | PRIVACY#AI_SWITCH
- retention policies: Query pk=RETENTION#POLICY (sk <branch>#<data class>#<event>)
- a subject's clocks: Query pk=RETENTION#CLOCK#<subject>; the clocks of an event in time
  order (the sweep): Query gsi1 gsi1pk=RETENTION#EVENT#<event>, gsi1sk=<at>#<subject>
- a subject's legal hold: GetItem pk=RETENTION#HOLD, sk=<subject>; all holds: Query pk
- the sweeps' receipts, newest first: Query pk=RETENTION#RECEIPT
- requests of a branch, newest first: Query pk=PRIVACY#REQUESTS#<branch>; of every branch
  (HQ): Query gsi1 gsi1pk=PRIVACY#REQUESTS; one request: GetItem pk=PRIVACY#REQUEST#<id>
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

from hireflow.platform.ids import new_id, now
from hireflow.platform.store import ItemKeys, Repository, Stored

# ------------------------------------------------------------------ consent and notice


class Purpose(StrEnum):
    """What a person consents to, each separately (never bundled)."""

    RECORDING = "recording"  # recording of video and voice
    AI_ANALYSIS = "ai_analysis"  # AI analysis of the answers (transcription included)
    TALENT_POOL = "talent_pool"  # being kept in the talent pool after the application
    TRANSFER = "transfer"  # transfer outside the region where the data was collected


ConsentChannel = Literal["portal", "rejection_letter", "hr_recorded"]


class ConsentEntry(Stored):
    """One line of the consent ledger: append-only (a withdrawal is a new line), with the
    exact text shown and the notice version it came from."""

    KIND = "consent"

    id: str = Field(default_factory=new_id)
    subject_id: str  # the application (candidate id) the person acted through
    branch_id: str
    purpose: Purpose
    given: bool  # False: refused or withdrawn
    notice_jurisdiction: str
    notice_version: int
    text: str  # the words the person read, in the language shown
    locale: Literal["zh", "en"]
    channel: ConsentChannel
    at: datetime = Field(default_factory=now)

    @staticmethod
    def partition(subject_id: str) -> str:
        return f"CONSENT#{subject_id}"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(self.partition(self.subject_id), f"{self.at.isoformat()}#{self.id}")


class Jurisdiction(Stored):
    """A body of law the company configures (mainland China, the EU, New York...): its
    minimum notice period before an AI-assessed interview may open (0: none)."""

    KIND = "jurisdiction"

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")
    name: str = Field(min_length=1, max_length=100)
    name_zh: str | None = Field(default=None, max_length=100)
    min_notice_business_days: int = Field(default=0, ge=0, le=60)
    # The purposes asked for where this law applies (transfer: when data leaves it).
    purposes: list[Purpose] = Field(
        default_factory=lambda: [Purpose.RECORDING, Purpose.AI_ANALYSIS, Purpose.TALENT_POOL]
    )

    @staticmethod
    def key(jurisdiction_id: str) -> tuple[str, str]:
        return "PRIVACY#JURISDICTION", jurisdiction_id

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.id))


class NoticeText(BaseModel):
    """One purpose's consent text in both languages."""

    zh: str = Field(min_length=1, max_length=4000)
    en: str = Field(min_length=1, max_length=4000)


class PrivacyNotice(Stored):
    """A version of a jurisdiction's notice: the general notice and each purpose's
    consent text. Versions are never edited; a change publishes the next version."""

    KIND = "privacy_notice"

    jurisdiction_id: str
    version: int = Field(ge=1)
    general: NoticeText
    purposes: dict[Purpose, NoticeText]
    published_at: datetime = Field(default_factory=now)
    published_by: str = "seed"

    @staticmethod
    def partition(jurisdiction_id: str) -> str:
        return f"NOTICE#{jurisdiction_id}"

    @staticmethod
    def key(jurisdiction_id: str, version: int) -> tuple[str, str]:
        return PrivacyNotice.partition(jurisdiction_id), f"V#{version:06d}"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.jurisdiction_id, self.version))


class BranchPrivacy(Stored):
    """A branch's jurisdiction (whose notices its candidates read) and HQ's switch of AI
    scoring for the whole branch."""

    KIND = "branch_privacy"

    branch_id: str
    jurisdiction_id: str
    ai_scoring_off: bool = False
    off_reason: str | None = None
    changed_by: str | None = None
    changed_at: datetime | None = None

    @staticmethod
    def key(branch_id: str) -> tuple[str, str]:
        return "PRIVACY#BRANCH", branch_id

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.branch_id))


class PositionAiSwitch(Stored):
    """HQ's switch of AI scoring for one position (off: answers are recorded for human
    review only, and the reports say so)."""

    KIND = "position_ai_switch"

    position_id: str
    branch_id: str
    ai_scoring_off: bool
    off_reason: str | None = None
    changed_by: str
    changed_at: datetime = Field(default_factory=now)

    @staticmethod
    def key(position_id: str) -> tuple[str, str]:
        return "PRIVACY#AI_SWITCH", position_id

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.position_id))


AiBlockReason = Literal[
    "consent_missing", "consent_withdrawn", "switched_off_branch", "switched_off_position"
]


class AiBlocked(BaseModel):
    """Why the AI must not analyse an application's answers (``privacy.gate``)."""

    reason: AiBlockReason
    since: datetime | None = None
    note: str | None = None  # HQ's reason for a switch


# ------------------------------------------------------------------ retention


class DataClass(StrEnum):
    """The kinds of personal data a retention policy covers (docs/privacy.md: where each
    is kept)."""

    RECORDINGS = "recordings"
    TRANSCRIPTS = "transcripts"
    REPORTS = "reports"  # AI reports, cross-checks, review files
    RESUMES = "resumes"
    APPLICATION = "application"  # the application itself: anonymised, statistics kept
    ONBOARDING_DOCUMENTS = "onboarding_documents"
    EMPLOYEE_RECORD = "employee_record"  # archived on departure
    AUDIT_ENTRIES = "audit_entries"
    SENT_MESSAGES = "sent_messages"


class ClockEvent(StrEnum):
    """What a retention period is counted from."""

    REJECTION = "rejection"  # rejected, expired, offer declined / expired / withdrawn
    WITHDRAWAL = "withdrawal"  # the person withdrew (consent to recording, or the application)
    HIRE = "hire"
    DEPARTURE = "departure"
    RECORDED = "recorded"  # the item's own time (audit entries, sent messages)


class RetentionAction(StrEnum):
    DELETE = "delete"
    ANONYMISE = "anonymise"  # what identifies a person goes; what statistics need stays
    ARCHIVE = "archive"  # kept, closed to everyday reading


ALL_BRANCHES = "*"
# The audit trail is kept at least this long whatever a policy says (EU AI Act art. 19).
MIN_AUDIT_DAYS = 183


class RetentionPolicy(Stored):
    """How long one data class is kept in one branch (``*``: the company's default),
    counted from one event."""

    KIND = "retention_policy"

    branch_id: str = ALL_BRANCHES
    data_class: DataClass
    counted_from: ClockEvent
    days: int = Field(ge=0, le=36500)
    action: RetentionAction = RetentionAction.DELETE
    changed_by: str = "seed"
    changed_at: datetime = Field(default_factory=now)

    @staticmethod
    def key(branch_id: str, data_class: DataClass, counted_from: ClockEvent) -> tuple[str, str]:
        return "RETENTION#POLICY", f"{branch_id}#{data_class}#{counted_from}"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.branch_id, self.data_class, self.counted_from))


SubjectKind = Literal["candidate", "employee"]


class RetentionClock(Stored):
    """When an event that starts retention periods happened to a subject (an application
    or an employee record). Written once per subject and event (a repeat keeps the
    first time)."""

    KIND = "retention_clock"

    subject_id: str
    subject_kind: SubjectKind
    branch_id: str
    event: ClockEvent
    at: datetime
    # What the sweep has done from this clock ("<data class>:<action>"): a later run
    # (or a repeated one) does not do it again.
    done: list[str] = Field(default_factory=list)

    @staticmethod
    def partition(subject_id: str) -> str:
        return f"RETENTION#CLOCK#{subject_id}"

    @staticmethod
    def of_event(event: ClockEvent) -> str:
        return f"RETENTION#EVENT#{event}"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(
            self.partition(self.subject_id),
            str(self.event),
            gsi1=(self.of_event(self.event), f"{self.at.isoformat()}#{self.subject_id}"),
        )


class LegalHold(Stored):
    """A legal hold on a subject: every retention clock stops until it is released
    (erasure is refused meanwhile, with the reason)."""

    KIND = "legal_hold"

    subject_id: str
    branch_id: str
    reason: str = Field(min_length=1, max_length=500)
    placed_by: str
    placed_at: datetime = Field(default_factory=now)
    released_by: str | None = None
    released_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.released_at is None

    @staticmethod
    def key(subject_id: str) -> tuple[str, str]:
        return "RETENTION#HOLD", subject_id

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.subject_id))


ReceiptAction = Literal["deleted", "anonymised", "archived", "kept"]


class ReceiptLine(BaseModel):
    """What one holder did with one data class of one person: counts only, never the data
    itself (a receipt outlives what it describes)."""

    data_class: DataClass
    holder: str  # e.g. "interviews.recordings"
    where: str  # e.g. "S3 media bucket, every version"
    action: ReceiptAction
    count: int = 0
    reason_code: str | None = None  # for "kept": e.g. "signed_offer_legal_period"
    kept_until: date | None = None


class SweepLine(BaseModel):
    policy_branch: str
    data_class: DataClass
    counted_from: ClockEvent
    days: int
    action: RetentionAction
    subjects: int = 0
    items: int = 0  # table items and objects, all holders together
    held: int = 0  # subjects skipped for a legal hold
    # Why the count is what it is, when it needs saying (e.g. sent messages: delivered
    # ones are deleted on delivery, so only undelivered ones are counted here).
    reason_code: str | None = None


class SweepReceipt(Stored):
    """One run of the retention sweep. Keyed by the schedule's time: a repeated delivery
    of the same run updates the same receipt, and finds nothing left to do."""

    KIND = "sweep_receipt"

    run_for: datetime
    started_at: datetime = Field(default_factory=now)
    finished_at: datetime | None = None
    lines: list[SweepLine] = Field(default_factory=list)

    @staticmethod
    def key(run_for: datetime) -> tuple[str, str]:
        return "RETENTION#RECEIPT", run_for.isoformat()

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.run_for))


# ------------------------------------------------------------------ requests from a person

RequestKind = Literal["export", "erasure"]
RequestStatus = Literal["received", "running", "done", "refused", "failed"]
# GDPR art. 12(3): one month; Illinois' AI Video Interview Act: 30 days.
STATUTORY_DAYS = 30


class DataRequest(Stored):
    """A person's request for their data (export) or its erasure, made through HR or the
    portal (link + phone check), with its receipt when done."""

    KIND = "data_request"

    id: str = Field(default_factory=new_id)
    kind: RequestKind
    subject_id: str  # the application it was made through; covers the whole person
    branch_id: str
    requested_by: str  # an HR user's id, or "person" (the portal)
    channel: Literal["hr", "portal"]
    requested_at: datetime = Field(default_factory=now)
    due_by: datetime
    status: RequestStatus = "received"
    status_code: str | None = None  # why refused / failed (platform.errors code)
    finished_at: datetime | None = None
    export_key: str | None = None  # the zip in the exports bucket (export)
    receipt: list[ReceiptLine] = Field(default_factory=list)  # erasure
    # Every branch the person was found in when the request ran (merged applications in
    # other branches): HR download an export only when they manage each of them.
    branch_ids: list[str] = Field(default_factory=list)

    @staticmethod
    def key(request_id: str) -> tuple[str, str]:
        return f"PRIVACY#REQUEST#{request_id}", "REQUEST"

    @staticmethod
    def of_branch(branch_id: str) -> str:
        return f"PRIVACY#REQUESTS#{branch_id}"

    @staticmethod
    def every() -> str:
        return "PRIVACY#REQUESTS"

    def item_keys(self) -> ItemKeys:
        sort = f"{self.requested_at.isoformat()}#{self.id}"
        return ItemKeys(
            *self.key(self.id),
            gsi1=(self.of_branch(self.branch_id), sort),
            gsi2=(self.every(), sort),
        )


# ------------------------------------------------------------------ repositories


class ConsentLedger:
    """Reads of the ledger; lines are added through a unit of work (``uow.create``)."""

    def __init__(self) -> None:
        self._entries = Repository(ConsentEntry)

    def entries(self, subject_id: str) -> list[ConsentEntry]:
        """Every line, oldest first."""
        return list(self._entries.iterate(ConsentEntry.partition(subject_id)))

    def current(self, subject_id: str) -> dict[Purpose, ConsentEntry]:
        """The latest line of each purpose (given or withdrawn)."""
        latest: dict[Purpose, ConsentEntry] = {}
        for entry in self.entries(subject_id):
            latest[entry.purpose] = entry
        return latest

    def given(self, subject_id: str, purpose: Purpose) -> bool:
        entry = self.current(subject_id).get(purpose)
        return bool(entry and entry.given)


class PrivacyRepository:
    """Jurisdictions, notices, branch settings, AI switches, retention and requests."""

    def __init__(self) -> None:
        self.jurisdictions = Repository(Jurisdiction)
        self.notices = Repository(PrivacyNotice)
        self.branches = Repository(BranchPrivacy)
        self.position_switches = Repository(PositionAiSwitch)
        self.policies = Repository(RetentionPolicy)
        self.clocks = Repository(RetentionClock)
        self.holds = Repository(LegalHold)
        self.receipts = Repository(SweepReceipt)
        self.requests = Repository(DataRequest)

    def jurisdiction(self, jurisdiction_id: str) -> Jurisdiction | None:
        return self.jurisdictions.get(*Jurisdiction.key(jurisdiction_id))

    def all_jurisdictions(self) -> list[Jurisdiction]:
        return list(self.jurisdictions.iterate(Jurisdiction.key("")[0]))

    def latest_notice(self, jurisdiction_id: str) -> PrivacyNotice | None:
        page = self.notices.query(
            PrivacyNotice.partition(jurisdiction_id), "V#", limit=1, newest_first=True
        )
        return page.items[0] if page.items else None

    def notice(self, jurisdiction_id: str, version: int) -> PrivacyNotice | None:
        return self.notices.get(*PrivacyNotice.key(jurisdiction_id, version))

    def branch(self, branch_id: str) -> BranchPrivacy | None:
        return self.branches.get(*BranchPrivacy.key(branch_id))

    def position_switch(self, position_id: str) -> PositionAiSwitch | None:
        return self.position_switches.get(*PositionAiSwitch.key(position_id))

    def all_policies(self) -> list[RetentionPolicy]:
        return list(self.policies.iterate(RetentionPolicy.key(ALL_BRANCHES, *_ANY)[0]))

    def clocks_of(self, subject_id: str) -> list[RetentionClock]:
        return list(self.clocks.iterate(RetentionClock.partition(subject_id)))

    def hold(self, subject_id: str) -> LegalHold | None:
        return self.holds.get(*LegalHold.key(subject_id))

    def request(self, request_id: str) -> DataRequest | None:
        return self.requests.get(*DataRequest.key(request_id))


_ANY = (DataClass.RECORDINGS, ClockEvent.REJECTION)

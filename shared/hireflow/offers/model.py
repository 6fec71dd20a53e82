"""Offers: the terms HR drafts, every version of them, the approval chains HQ configures,
the votes cast on a submitted version, and the link the candidate opens.

Access patterns:
- a candidate's offer: GetItem pk=CANDIDATE#<id>, sk=OFFER
- its versions: Query pk=CANDIDATE#<id>, sk begins_with OFFER#V
- offers waiting for approvers (the approvers' inbox, their reminders): Query
  gsi1pk=OFFERS_IN_APPROVAL
- offers sent and unanswered (the 3-day reminder, expiry): Query gsi2pk=OFFERS_OUT
- a branch's approval chains: Query pk=APPROVAL_CHAINS, sk begins_with <branch id>#
- an offer link: GetItem pk=OFFER_TOKEN#<hash of the token>
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from hireflow.identity.model import Role
from hireflow.notifications.model import require_known_placeholders
from hireflow.platform.errors import invalid_value
from hireflow.platform.ids import new_id, now
from hireflow.platform.store import ItemKeys, Repository, RevisionConflict, Stored

# Offers are answered by the end of a day as people in China count it (as interviews).
CHINA_TIME = timezone(timedelta(hours=8), "CST")


def end_of_day(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), CHINA_TIME)


def today() -> date:
    return now().astimezone(CHINA_TIME).date()


# ---------------------------------------------------------------------- terms


class OfferTerms(BaseModel):
    """What HR offers; validated against the position's band when drafted
    (``chain.check_terms``)."""

    department: str = Field(min_length=1, max_length=80)
    # Monthly salary in whole units of the currency; "13薪" is months_per_year=13.
    monthly_salary: int = Field(gt=0, le=10_000_000)
    currency: str = Field(default="CNY", pattern=r"^[A-Z]{3}$")
    months_per_year: int = Field(default=12, ge=12, le=16)
    probation_months: int = Field(default=3, ge=0, le=6)
    probation_salary: int | None = Field(default=None, gt=0, le=10_000_000)
    start_date: date
    work_location: str = Field(min_length=1, max_length=120)
    benefits: str = Field(default="", max_length=1000)
    response_deadline: date
    other_terms: str = Field(default="", max_length=2000)
    # Required when the salary is outside the position's band.
    out_of_band_reason: str | None = Field(default=None, max_length=500)

    @model_validator(mode="after")
    def _probation(self) -> OfferTerms:
        if self.probation_salary is not None and self.probation_salary > self.monthly_salary:
            raise invalid_value(
                "probation_salary_above",
                "the probation salary cannot be above the salary",
            )
        return self

    @property
    def annual_salary(self) -> int:
        return self.monthly_salary * self.months_per_year


class OfferStatus(StrEnum):
    DRAFT = "draft"  # HR writes; nobody else sees it yet
    IN_APPROVAL = "in_approval"  # submitted: the chain's levels vote in order
    RETURNED = "returned"  # an approver rejected it: back with HR, with the comment
    APPROVED = "approved"  # every level approved: the letter goes out
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


OPEN = frozenset({OfferStatus.DRAFT, OfferStatus.RETURNED})
ANSWERED = frozenset(
    {OfferStatus.ACCEPTED, OfferStatus.DECLINED, OfferStatus.EXPIRED, OfferStatus.WITHDRAWN}
)


# ---------------------------------------------------------------------- approval chains

Rule = Literal["any", "all", "n_of_m"]
Condition = Literal["always", "above_band", "salary_above"]


class ApproverRef(BaseModel):
    """An approver named by role (every user with it, in the branch or at HQ) or by person."""

    role: Role | None = None
    user_id: str | None = Field(default=None, max_length=100)

    @model_validator(mode="after")
    def _one(self) -> ApproverRef:
        if (self.role is None) == (self.user_id is None):
            raise invalid_value("approver_role_or_user", "name an approver by role or by user")
        return self


class ChainLevel(BaseModel):
    name: str = Field(min_length=1, max_length=80)
    approvers: list[ApproverRef] = Field(min_length=1, max_length=10)
    rule: Rule = "any"
    required: int | None = Field(default=None, ge=1, le=20)  # the N of N-of-M
    condition: Condition = "always"
    salary_above: int | None = Field(default=None, gt=0)  # monthly, for "salary_above"

    @model_validator(mode="after")
    def _complete(self) -> ChainLevel:
        if self.rule == "n_of_m" and self.required is None:
            raise invalid_value("required_missing", "N-of-M needs the number N")
        if self.condition == "salary_above" and self.salary_above is None:
            raise invalid_value("salary_above_missing", "the condition needs an amount")
        return self


ANY_DEPARTMENT = "*"


class ApprovalChain(Stored):
    """HQ's chain for a branch and department (``*``: the branch's other departments)."""

    KIND = "approval_chain"

    branch_id: str
    department: str = Field(default=ANY_DEPARTMENT, min_length=1, max_length=80)
    levels: list[ChainLevel] = Field(min_length=1, max_length=6)
    reminder_hours: int = Field(default=24, ge=1, le=336)
    updated_by: str | None = None
    updated_at: datetime = Field(default_factory=now)

    @staticmethod
    def key(branch_id: str, department: str) -> tuple[str, str]:
        return "APPROVAL_CHAINS", f"{branch_id}#{department}"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.branch_id, self.department))


class Approver(BaseModel):
    user_id: str
    name: str


class ResolvedLevel(BaseModel):
    """A level of the chain as it applies to one submitted version: its approvers are
    people, its conditions already evaluated."""

    index: int
    name: str
    rule: Rule
    needed: int
    approvers: list[Approver]
    why: str  # "always" | "above_band" | "salary_above"


class Vote(BaseModel):
    level: int
    approver_id: str  # whose vote it is
    by_id: str  # who cast it (another person when approving on behalf)
    by_name: str
    decision: Literal["approve", "reject"]
    comment: str = ""
    at: datetime = Field(default_factory=now)

    @property
    def on_behalf(self) -> bool:
        return self.by_id != self.approver_id


# ---------------------------------------------------------------------- the offer


class Signature(BaseModel):
    typed_name: str
    drawn: bool  # a drawn image is kept in S3 next to the letter
    signed_at: datetime
    ip_address: str
    user_agent: str


class Offer(Stored):
    """The candidate's current offer (one per application) and where it stands."""

    KIND = "offer"

    id: str = Field(default_factory=lambda: f"OF-{new_id()[:8].upper()}")
    candidate_id: str
    branch_id: str
    position_id: str
    version: int = 1
    terms: OfferTerms
    status: OfferStatus = OfferStatus.DRAFT
    created_by: str
    updated_by: str
    updated_at: datetime = Field(default_factory=now)
    # The approval of the submitted version.
    submitted_at: datetime | None = None
    levels: list[ResolvedLevel] = Field(default_factory=list)
    level: int | None = None  # the level voting now
    level_since: datetime | None = None
    level_reminded: int | None = None  # the level whose approvers were reminded
    approval_reminder_hours: int = 24  # the chain's, when submitted
    votes: list[Vote] = Field(default_factory=list)
    returned_comment: str | None = None
    returned_by: str | None = None
    # The letter as sent, and the candidate's answer.
    sent_at: datetime | None = None
    letter_key: str | None = None
    sent_sha256: str | None = None
    deadline: datetime | None = None
    reminded_at: datetime | None = None
    first_read_at: datetime | None = None
    last_read_at: datetime | None = None
    reads: int = 0
    wrong_phones: int = 0
    locked_at: datetime | None = None
    answered_at: datetime | None = None
    decline_reason: str | None = None
    withdraw_reason: str | None = None
    signature: Signature | None = None
    signature_key: str | None = None
    signed_key: str | None = None
    signed_sha256: str | None = None
    employee_id: str | None = None

    @staticmethod
    def key(candidate_id: str) -> tuple[str, str]:
        return f"CANDIDATE#{candidate_id}", "OFFER"

    def item_keys(self) -> ItemKeys:
        gsi1 = gsi2 = None
        if self.status == OfferStatus.IN_APPROVAL:
            gsi1 = (IN_APPROVAL, f"{self.branch_id}#{self.candidate_id}")
        if self.status == OfferStatus.SENT and self.deadline:
            gsi2 = (OUT, f"{self.deadline.isoformat()}#{self.candidate_id}")
        return ItemKeys(*self.key(self.candidate_id), gsi1=gsi1, gsi2=gsi2)

    @property
    def current_level(self) -> ResolvedLevel | None:
        return None if self.level is None else self.levels[self.level]

    def votes_of(self, level: int) -> list[Vote]:
        return [v for v in self.votes if v.level == level]


IN_APPROVAL = "OFFERS_IN_APPROVAL"
OUT = "OFFERS_OUT"


class OfferVersion(Stored):
    """A version of the terms as HR saved it: kept for good, shown as a history."""

    KIND = "offer_version"

    candidate_id: str
    offer_id: str
    version: int
    terms: OfferTerms
    by_id: str
    by: str
    at: datetime = Field(default_factory=now)
    changed: list[str] = Field(default_factory=list)  # the terms changed since the last one

    def item_keys(self) -> ItemKeys:
        return ItemKeys(f"CANDIDATE#{self.candidate_id}", f"OFFER#V{self.version:03d}")


class OfferLink(Stored):
    """The candidate's link to the offer (stored as the hash of its token)."""

    KIND = "offer_link"

    token_hash: str
    candidate_id: str
    offer_id: str

    @staticmethod
    def key(token_hash: str) -> tuple[str, str]:
        return f"OFFER_TOKEN#{token_hash}", "OFFER_TOKEN"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.token_hash))


class OfferSession(Stored):
    """A verified candidate's short-lived session on the offer page."""

    KIND = "offer_session"

    session_hash: str
    candidate_id: str
    offer_id: str
    expires: datetime

    @staticmethod
    def key(session_hash: str) -> tuple[str, str]:
        return f"OFFER_SESSION#{session_hash}", "OFFER_SESSION"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.session_hash))

    def expires_at(self) -> datetime | None:
        return self.expires


class OfferRepository:
    def __init__(self) -> None:
        self._offers = Repository(Offer)
        self._versions = Repository(OfferVersion)
        self._chains = Repository(ApprovalChain)
        self._links = Repository(OfferLink)
        self._sessions = Repository(OfferSession)

    def get(self, candidate_id: str) -> Offer | None:
        return self._offers.get(*Offer.key(candidate_id))

    def change(self, candidate_id: str, update: Callable[[Offer], Offer | None]) -> Offer | None:
        """Read, change and save with the revision read, again when a concurrent change got
        there first. ``update`` returns None to change nothing."""
        for _ in range(5):
            offer = self.get(candidate_id)
            if offer is None:
                return None
            changed = update(offer)
            if changed is None:
                return offer
            try:
                return self._offers.save(changed)
            except RevisionConflict:
                continue
        raise RevisionConflict(f"offer of {candidate_id} kept changing")

    def versions(self, candidate_id: str) -> list[OfferVersion]:
        return list(self._versions.iterate(f"CANDIDATE#{candidate_id}", "OFFER#V"))

    def in_approval(self) -> list[Offer]:
        return list(self._offers.iterate(IN_APPROVAL, index="gsi1"))

    def out(self) -> list[Offer]:
        """Sent and unanswered, the nearest deadline first."""
        return list(self._offers.iterate(OUT, index="gsi2"))

    # approval chains
    def chain(self, branch_id: str, department: str) -> ApprovalChain | None:
        """The chain for this department of the branch, else the branch's ``*`` chain,
        else HQ's ``*`` chain (the company default)."""
        for key in ((branch_id, department), (branch_id, ANY_DEPARTMENT), ("hq", ANY_DEPARTMENT)):
            found = self._chains.get(*ApprovalChain.key(*key))
            if found:
                return found
        return None

    def chains(self) -> list[ApprovalChain]:
        return list(self._chains.iterate("APPROVAL_CHAINS"))

    def put_chain(self, chain: ApprovalChain) -> None:
        """Seeding (the demo's chain); HQ's changes go through a unit of work."""
        self._chains.put(chain)

    def get_chain(self, branch_id: str, department: str) -> ApprovalChain | None:
        return self._chains.get(*ApprovalChain.key(branch_id, department))

    def delete_chain(self, branch_id: str, department: str) -> None:
        self._chains.delete(*ApprovalChain.key(branch_id, department))

    # the candidate's link
    def link(self, token_hash: str) -> OfferLink | None:
        return self._links.get(*OfferLink.key(token_hash))

    def session(self, session_hash: str) -> OfferSession | None:
        return self._sessions.get(*OfferSession.key(session_hash))

    def open_session(self, session: OfferSession) -> None:
        self._sessions.put(session)


# ---------------------------------------------------------------------- letter templates

PLACEHOLDERS = frozenset(
    {
        "candidate_name",
        "position",
        "department",
        "branch",
        "company",
        "start_date",
        "work_location",
        "deadline",
        "probation_months",
    }
)


class OfferTemplate(Stored):
    """The words of a branch's offer letters in one language."""

    KIND = "offer_template"

    branch_id: str
    locale: str = Field(pattern=r"^(zh|en)$")
    title: str = Field(min_length=1, max_length=100)
    body: str = Field(min_length=1, max_length=5000)  # paragraphs separated by blank lines
    closing: str = Field(default="", max_length=1000)
    updated_by: str | None = None
    updated_at: datetime = Field(default_factory=now)

    @model_validator(mode="after")
    def _known_placeholders(self) -> OfferTemplate:
        require_known_placeholders(PLACEHOLDERS, self.title, self.body, self.closing)
        return self

    @staticmethod
    def key(branch_id: str, locale: str) -> tuple[str, str]:
        return f"BRANCH#{branch_id}", f"OFFER_TEMPLATE#{locale}"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.branch_id, self.locale))


class OfferTemplateRepository:
    def __init__(self, defaults: dict[str, OfferTemplate]) -> None:
        self._templates = Repository(OfferTemplate)
        self.defaults = defaults

    def effective(self, branch_id: str, locale: str) -> OfferTemplate:
        """The branch's own words, else HQ's, else the built-in ones."""
        for owner in (branch_id, "hq"):
            found = self._templates.get(*OfferTemplate.key(owner, locale))
            if found:
                return found
        return self.defaults[locale if locale in self.defaults else "zh"]

    def get(self, branch_id: str, locale: str) -> OfferTemplate | None:
        return self._templates.get(*OfferTemplate.key(branch_id, locale))

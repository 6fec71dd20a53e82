"""What HR and approvers do with an offer: draft and revise its terms (every version
kept), submit it to the approval chain, vote, withdraw it, give the candidate more time;
and what HQ configures: the approval chains.

Who reaches an offer: HR who manage the candidate (and HQ), the candidate's hiring
manager, and the approvers the chain named for it. Anyone else gets 404, as for any
candidate out of reach.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from hireflow.audit.service import audited_write, record
from hireflow.identity.model import HQ_BRANCH_ID, Caller, Role
from hireflow.identity.permissions import Capability, can, has_role, require, require_branch
from hireflow.notifications.model import NotificationEvent
from hireflow.offers import chain as rules
from hireflow.offers.letters import Letters
from hireflow.offers.model import (
    ANSWERED,
    OPEN,
    ApprovalChain,
    Approver,
    ApproverRef,
    ChainLevel,
    Offer,
    OfferRepository,
    OfferStatus,
    OfferTemplate,
    OfferTemplateRepository,
    OfferTerms,
    OfferVersion,
    Vote,
    end_of_day,
    today,
)
from hireflow.organisation.model import OrganisationRepository
from hireflow.people.model import EmployeeRepository
from hireflow.platform.errors import Conflict, FieldError, Invalid, NotFound, PayloadTooLarge
from hireflow.platform.ids import now
from hireflow.platform.pdf import check_image
from hireflow.platform.unit_of_work import UnitOfWork, UnitOfWorkFactory
from hireflow.recruiting.lifecycle import ApplicationLifecycle
from hireflow.recruiting.model import Candidate, PositionRepository, SalaryBand, stage_move
from hireflow.recruiting.notices import Notices
from hireflow.recruiting.service import CandidateService
from hireflow.recruiting.status import CandidateStatus

# The chain when HQ has configured none: one approver (role ``approver``) must agree.
DEFAULT_CHAIN = ApprovalChain(
    branch_id=HQ_BRANCH_ID,
    levels=[ChainLevel(name="Approval", approvers=[ApproverRef(role=Role.APPROVER)])],
)

Locale = Literal["zh", "en"]
OfferAction = Literal["edit", "submit", "withdraw", "extend", "vote", "letter", "signed"]


class VersionView(BaseModel):
    version: int
    terms: OfferTerms
    by: str
    at: str
    changed: list[str]


class EmployeeRef(BaseModel):
    id: str
    number: str


class OfferView(BaseModel):
    offer: Offer | None  # None: not drafted yet
    versions: list[VersionView]
    band: SalaryBand | None
    actions: list[OfferAction]
    employee: EmployeeRef | None = None


class VoteInput(BaseModel):
    decision: Literal["approve", "reject"]
    comment: str = Field(default="", max_length=1000)
    on_behalf_of: str | None = Field(default=None, max_length=100)


class WithdrawInput(BaseModel):
    reason: str = Field(min_length=1, max_length=1000)


class DeadlineInput(BaseModel):
    response_deadline: date


class InboxItem(BaseModel):
    candidate_id: str
    candidate_name: str
    position: str
    branch_id: str
    branch: str
    offer_id: str
    version: int
    level_name: str
    monthly_salary: int
    currency: str
    out_of_band: bool
    since: str
    mine: bool  # the caller is an approver of the level and has not voted


def _changed(before: OfferTerms | None, after: OfferTerms) -> list[str]:
    if before is None:
        return []
    old, new = before.model_dump(), after.model_dump()
    return [name for name in new if old.get(name) != new[name]]


@dataclass(frozen=True)
class OfferService:
    candidates: CandidateService
    offers: OfferRepository
    positions: PositionRepository
    organisation: OrganisationRepository
    employees: EmployeeRepository
    lifecycle: ApplicationLifecycle
    letters: Letters
    notices: Notices
    uow: UnitOfWorkFactory

    # -------------------------------------------------------------- reach
    def _approver(self, caller: Caller, offer: Offer | None) -> bool:
        return offer is not None and any(
            a.user_id == caller.user_id for level in offer.levels for a in level.approvers
        )

    def _reach(self, caller: Caller, candidate_id: str) -> tuple[Candidate, Offer | None]:
        candidate = self.candidates.candidates.get(candidate_id)
        offer = self.offers.get(candidate_id) if candidate else None
        if candidate is None or not (
            candidate.manageable_by(caller)
            or (candidate.readable_by(caller) and caller.user_id == candidate.hiring_manager_id)
            or self._approver(caller, offer)
        ):
            raise NotFound("candidate not found", code="candidate_not_found")
        return candidate, offer

    def _managed(self, caller: Caller, candidate_id: str) -> tuple[Candidate, Offer | None]:
        require(caller, Capability.DRAFT_OFFERS, "making an offer")
        candidate = self.candidates.manageable(caller, candidate_id, "only HR make offers")
        return candidate, self.offers.get(candidate_id)

    @staticmethod
    def _require_offer(offer: Offer | None) -> Offer:
        if offer is None:
            raise NotFound("no offer has been drafted yet", code="no_offer")
        return offer

    def _band(self, candidate: Candidate) -> SalaryBand | None:
        position = self.positions.get(candidate.position_id)
        return position.salary_band if position else None

    # -------------------------------------------------------------- reading
    def view(self, caller: Caller, candidate_id: str) -> OfferView:
        candidate, offer = self._reach(caller, candidate_id)
        if offer is None:  # HR may draft one once the decision was to offer
            hr = candidate.manageable_by(caller) and can(caller, Capability.DRAFT_OFFERS)
            drafting = hr and candidate.status == CandidateStatus.OFFER_PENDING
            return OfferView(
                offer=None,
                versions=[],
                band=self._band(candidate),
                actions=["edit"] if drafting else [],
            )
        return self._view(caller, candidate, offer)

    def _view(self, caller: Caller, candidate: Candidate, offer: Offer) -> OfferView:
        hr = candidate.manageable_by(caller) and can(caller, Capability.DRAFT_OFFERS)
        actions: list[OfferAction] = ["letter"]
        if hr and offer.status in OPEN:
            actions += ["edit", "submit"]
        if hr and offer.status not in ANSWERED:
            actions.append("withdraw")
        if hr and offer.status == OfferStatus.SENT:
            actions.append("extend")
        level = offer.current_level
        if (
            offer.status == OfferStatus.IN_APPROVAL
            and level
            and any(
                rules.may_vote_for(caller, level, a.user_id)
                for a in rules.waiting_for(level, offer.votes_of(level.index))
            )
        ):
            actions.append("vote")
        if offer.signed_key and (hr or has_role(caller, Role.HQ_ADMIN, Role.HQ_HR)):
            actions.append("signed")
        hired = self.employees.hired_as(candidate.id) if offer.employee_id else None
        return OfferView(
            offer=offer,
            versions=[
                VersionView(
                    version=v.version,
                    terms=v.terms,
                    by=v.by,
                    at=v.at.isoformat(),
                    changed=v.changed,
                )
                for v in self.offers.versions(candidate.id)
            ],
            band=self._band(candidate),
            actions=actions,
            employee=EmployeeRef(id=hired.employee_id, number=hired.number) if hired else None,
        )

    def inbox(self, caller: Caller) -> list[InboxItem]:
        """Offers waiting at a level where the caller approves (HQ: every one waiting)."""
        require(caller, Capability.APPROVE_OFFERS, "approving offers")
        items = []
        locale = self._locale(caller)
        for offer in self.offers.in_approval():
            level = offer.current_level
            if level is None:
                continue
            waiting = rules.waiting_for(level, offer.votes_of(level.index))
            mine = any(a.user_id == caller.user_id for a in waiting)
            if not mine and not (caller.is_hq and has_role(caller, Role.HQ_ADMIN, Role.HQ_HR)):
                continue
            candidate = self.candidates.candidates.get(offer.candidate_id)
            if candidate is None:
                continue
            position = self.positions.get(candidate.position_id)
            branch = self.organisation.get_branch(candidate.branch_id)
            items.append(
                InboxItem(
                    candidate_id=candidate.id,
                    candidate_name=candidate.name,
                    position=position.title_in(locale) if position else "",
                    branch_id=candidate.branch_id,
                    branch=branch.name_in(locale) if branch else candidate.branch_id,
                    offer_id=offer.id,
                    version=offer.version,
                    level_name=level.name,
                    monthly_salary=offer.terms.monthly_salary,
                    currency=offer.terms.currency,
                    out_of_band=rules.out_of_band(offer.terms, self._band(candidate)) is not None,
                    since=(offer.level_since or offer.updated_at).isoformat(),
                    mine=mine,
                )
            )
        return sorted(items, key=lambda i: (not i.mine, i.since))

    def _locale(self, caller: Caller) -> str:
        profile = self.organisation.get_user(caller.user_id)
        return profile.locale if profile else "zh"

    def letter_pdf(self, caller: Caller, candidate_id: str) -> tuple[Candidate, bytes]:
        """The letter as it will be sent (a draft, for approvers) or as it was sent."""
        candidate, offer = self._reach(caller, candidate_id)
        offer = self._require_offer(offer)
        if offer.letter_key:
            return candidate, self.letters.read(offer.letter_key)
        return candidate, self.letters.render(offer, candidate)

    def signed_pdf(self, caller: Caller, candidate_id: str) -> tuple[Candidate, bytes]:
        candidate, offer = self._reach(caller, candidate_id)
        offer = self._require_offer(offer)
        if not offer.signed_key:
            raise NotFound("the offer has not been signed", code="offer_not_signed")
        with self.uow() as uow:  # reading signed personal data is audited
            audit(uow, caller, "offer.signed_read", offer, before=offer)
            uow.commit()
        return candidate, self.letters.read(offer.signed_key)

    # -------------------------------------------------------------- HR's changes
    def draft(self, caller: Caller, candidate_id: str, terms: OfferTerms) -> OfferView:
        """A first draft, or a new version of a draft or of an offer returned by an
        approver; every version is kept."""
        candidate, offer = self._managed(caller, candidate_id)
        if candidate.status != CandidateStatus.OFFER_PENDING:
            raise Conflict("an offer is made after the decision to offer", code="offer_not_decided")
        if offer and offer.status not in OPEN:
            raise Conflict(
                f"the offer is {offer.status.value}; it cannot be changed now",
                code="offer_not_editable",
                params={"status": offer.status.value},
            )
        rules.check_terms(terms, self._band(candidate), today())
        if offer and offer.terms == terms:
            return self._view(caller, candidate, offer)
        if offer is None:
            changed = Offer(
                candidate_id=candidate.id,
                branch_id=candidate.branch_id,
                position_id=candidate.position_id,
                terms=terms,
                created_by=caller.username,
                updated_by=caller.username,
            )
        else:
            changed = offer.model_copy(
                update={
                    "version": offer.version + 1,
                    "terms": terms,
                    "updated_by": caller.username,
                    "updated_at": now(),
                }
            )
        version = OfferVersion(
            candidate_id=candidate.id,
            offer_id=changed.id,
            version=changed.version,
            terms=terms,
            by_id=caller.user_id,
            by=caller.username,
            changed=_changed(offer.terms if offer else None, terms),
        )
        with self.uow() as uow:
            action = "offer.draft" if offer is None else "offer.revise"
            audited_write(
                uow,
                caller,
                action,
                changed,
                entity_id=changed.id,
                branch_id=changed.branch_id,
                before=offer,
            )
            uow.create(version)
            uow.commit()
        return self.view(caller, candidate_id)

    def submit(self, caller: Caller, candidate_id: str) -> OfferView:
        """Send the current version to the approval chain of its branch and department."""
        candidate, offer = self._managed(caller, candidate_id)
        offer = self._require_offer(offer)
        if offer.status not in OPEN:
            raise Conflict(
                f"the offer is {offer.status.value}; it cannot be submitted",
                code="offer_not_editable",
                params={"status": offer.status.value},
            )
        band = self._band(candidate)
        rules.check_terms(offer.terms, band, today())
        chain = self.offers.chain(candidate.branch_id, offer.terms.department) or DEFAULT_CHAIN
        levels = rules.resolve(chain, offer.terms, band, self._people(candidate.branch_id))
        submitted = offer.model_copy(
            update={
                "status": OfferStatus.IN_APPROVAL if levels else OfferStatus.APPROVED,
                "levels": levels,
                "level": 0 if levels else None,
                "level_since": now(),
                "level_reminded": None,
                "approval_reminder_hours": chain.reminder_hours,
                "votes": [],
                "submitted_at": now(),
                "returned_comment": None,
                "returned_by": None,
                "updated_by": caller.username,
                "updated_at": now(),
            }
        )
        with self.uow() as uow:
            uow.save(submitted)
            audit(uow, caller, "offer.submit", submitted, before=offer)
            uow.commit()
        self.lifecycle.resume(candidate.id, "offer", {"version": submitted.version})
        return self.view(caller, candidate_id)

    def _people(self, branch_id: str) -> Callable[[ApproverRef], list[Approver]]:
        """Approvers by reference: a person by id; a role, its users in the offer's branch
        and at HQ (enabled accounts only)."""

        def people(ref: ApproverRef) -> list[Approver]:
            if ref.user_id:
                user = self.organisation.get_user(ref.user_id)
                return (
                    [Approver(user_id=user.user_id, name=user.display_name)]
                    if (user and user.enabled)
                    else []
                )
            branches = dict.fromkeys((branch_id, HQ_BRANCH_ID))
            return [
                Approver(user_id=u.user_id, name=u.display_name)
                for b in branches
                for u in self.organisation.branch_users(b)
                if u.role == ref.role and u.enabled
            ]

        return people

    def vote(self, caller: Caller, candidate_id: str, vote: VoteInput) -> OfferView:
        require(caller, Capability.APPROVE_OFFERS, "approving offers")
        candidate, offer = self._reach(caller, candidate_id)
        offer = self._require_offer(offer)
        level = offer.current_level
        if offer.status != OfferStatus.IN_APPROVAL or level is None:
            raise Conflict("the offer is not waiting for approval", code="offer_not_in_approval")
        if vote.decision == "reject" and not vote.comment.strip():
            raise Invalid(
                "say why the offer goes back to HR",
                [FieldError("comment", "required", "comment_required")],
                code="comment_required",
            )
        votes = offer.votes_of(level.index)
        approver_id = rules.require_vote(caller, level, votes, vote.on_behalf_of)
        cast = Vote(
            level=level.index,
            approver_id=approver_id,
            by_id=caller.user_id,
            by_name=self._name(caller),
            decision=vote.decision,
            comment=vote.comment.strip(),
        )
        outcome = rules.outcome(level, [*votes, cast])
        update: dict[str, object] = {"votes": [*offer.votes, cast], "updated_at": now()}
        if outcome == "rejected":
            update |= {
                "status": OfferStatus.RETURNED,
                "level": None,
                "returned_comment": cast.comment,
                "returned_by": cast.by_name,
            }
        elif outcome == "approved" and level.index + 1 < len(offer.levels):
            update |= {"level": level.index + 1, "level_since": now(), "level_reminded": None}
        elif outcome == "approved":
            update |= {"status": OfferStatus.APPROVED, "level": None}
        voted = offer.model_copy(update=update)
        with self.uow() as uow:
            uow.save(voted)
            audit(uow, caller, f"offer.{vote.decision}", voted, before=offer)
            if outcome == "rejected":
                self.notices.file(
                    uow,
                    candidate,
                    f"offer_returned:{offer.version}",
                    self.notices.to_branch_hr(
                        candidate, NotificationEvent.OFFER_RETURNED, message=cast.comment
                    ),
                )
            uow.commit()
        # The voter's wait ends; a settled level ends every wait of it.
        done = [a.user_id for a in level.approvers] if outcome != "pending" else [approver_id]
        for user_id in done:
            self.lifecycle.resume(candidate.id, approval_step(level.index, user_id), {})
        return self.view(caller, candidate_id)

    def _name(self, caller: Caller) -> str:
        profile = self.organisation.get_user(caller.user_id)
        return profile.display_name if profile else caller.username

    def withdraw(self, caller: Caller, candidate_id: str, request: WithdrawInput) -> OfferView:
        """HR take the offer back (the candidate is told when it had been sent); the
        application closes as offer_withdrawn."""
        candidate, offer = self._managed(caller, candidate_id)
        offer = self._require_offer(offer)
        if offer.status in ANSWERED:
            raise Conflict(
                f"the offer is {offer.status.value} already",
                code="offer_answered",
                params={"status": offer.status.value},
            )
        withdrawn = offer.model_copy(
            update={
                "status": OfferStatus.WITHDRAWN,
                "withdraw_reason": request.reason,
                "level": None,
                "updated_by": caller.username,
                "updated_at": now(),
            }
        )
        with self.uow() as uow:
            uow.save(withdrawn)
            moved = candidate.moved(
                CandidateStatus.OFFER_WITHDRAWN,
                reason=request.reason,
                reason_code="offer_withdrawn",
            )
            stage_move(uow, candidate, moved, caller.username)
            audit(uow, caller, "offer.withdraw", withdrawn, before=offer)
            if offer.status == OfferStatus.SENT:
                self.notices.file(
                    uow,
                    candidate,
                    f"offer_withdrawn:{offer.id}",
                    self.notices.to_candidate(
                        candidate, NotificationEvent.OFFER_WITHDRAWN, message=request.reason
                    ),
                )
            uow.commit()
        if candidate.execution_arn:
            self.lifecycle.stop(candidate.execution_arn, "offer withdrawn")
        for step in ("offer", "acceptance"):
            self.lifecycle.forget(candidate.id, step)
        return self.view(caller, candidate_id)

    def extend(self, caller: Caller, candidate_id: str, request: DeadlineInput) -> OfferView:
        """A later answer deadline for a sent offer (before the start date)."""
        candidate, offer = self._managed(caller, candidate_id)
        offer = self._require_offer(offer)
        if offer.status != OfferStatus.SENT:
            raise Conflict("only a sent, unanswered offer can be extended", code="offer_not_sent")
        day = request.response_deadline
        if day <= offer.terms.response_deadline or day >= offer.terms.start_date:
            raise Invalid(
                "the new deadline must be after the current one and before the start date",
                [FieldError("response_deadline", "out of range", "deadline_extension")],
                code="deadline_extension",
            )
        terms = offer.terms.model_copy(update={"response_deadline": day})
        extended = offer.model_copy(
            update={
                "version": offer.version + 1,
                "terms": terms,
                "deadline": end_of_day(day),
                "updated_at": now(),
                "updated_by": caller.username,
            }
        )
        with self.uow() as uow:
            uow.save(extended)
            uow.create(
                OfferVersion(
                    candidate_id=candidate.id,
                    offer_id=offer.id,
                    version=extended.version,
                    terms=terms,
                    by_id=caller.user_id,
                    by=caller.username,
                    changed=["response_deadline"],
                )
            )
            audit(uow, caller, "offer.extend", extended, before=offer)
            uow.commit()
        return self.view(caller, candidate_id)

    # -------------------------------------------------------------- HQ's chains
    def chains(self, caller: Caller) -> list[ApprovalChain]:
        require(caller, Capability.EDIT_APPROVAL_CHAINS, "approval chains")
        return self.offers.chains()

    def put_chain(self, caller: Caller, chain: ApprovalChain) -> ApprovalChain:
        require(caller, Capability.EDIT_APPROVAL_CHAINS, "changing approval chains")
        if self.organisation.get_branch(chain.branch_id) is None:
            raise NotFound("branch not found", code="branch_not_found")
        for level in chain.levels:
            for ref in level.approvers:
                if ref.user_id and self.organisation.get_user(ref.user_id) is None:
                    raise NotFound("user not found", code="user_not_found")
        before = self.offers.get_chain(chain.branch_id, chain.department)
        saved = chain.model_copy(update={"updated_by": caller.username, "updated_at": now()})
        with self.uow() as uow:
            audited_write(
                uow,
                caller,
                "approval_chain.put",
                saved,
                entity_id=f"{chain.branch_id}#{chain.department}",
                branch_id=chain.branch_id,
                before=before,
            )
            uow.commit()
        return self.offers.get_chain(chain.branch_id, chain.department) or saved

    def delete_chain(self, caller: Caller, branch_id: str, department: str) -> None:
        require(caller, Capability.EDIT_APPROVAL_CHAINS, "changing approval chains")
        require_branch(caller, branch_id, "approval chain")
        before = self.offers.get_chain(branch_id, department)
        if before is None:
            raise NotFound("approval chain not found", code="chain_not_found")
        with self.uow() as uow:
            uow.delete(before)
            record(
                uow,
                caller,
                "approval_chain.delete",
                branch_id=branch_id,
                entity=before,
                entity_id=f"{branch_id}#{department}",
                before=before,
            )
            uow.commit()


class LetterTemplateInput(BaseModel):
    title: str = Field(min_length=1, max_length=100)
    body: str = Field(min_length=1, max_length=5000)
    closing: str = Field(default="", max_length=1000)


class LetterTemplateView(BaseModel):
    template: OfferTemplate
    own: bool  # the branch's own words (else HQ's or the built-in ones)


MAX_LOGO_BYTES = 500_000


@dataclass(frozen=True)
class LetterSettings:
    """The words and the logo of a branch's offer letters (HQ writes them; the branch's
    HR read them)."""

    templates: OfferTemplateRepository
    organisation: OrganisationRepository
    letters: Letters
    uow: UnitOfWorkFactory

    def _branch(self, caller: Caller, branch_id: str) -> None:
        require_branch(caller, branch_id, "branch")
        if self.organisation.get_branch(branch_id) is None:
            raise NotFound("branch not found", code="branch_not_found")

    def template(self, caller: Caller, branch_id: str, locale: Locale) -> LetterTemplateView:
        self._branch(caller, branch_id)  # another branch's: missing, whatever the role
        require(caller, Capability.DRAFT_OFFERS, "reading offer letter texts")
        own = self.templates.get(branch_id, locale)
        return LetterTemplateView(
            template=own or self.templates.effective(branch_id, locale), own=own is not None
        )

    def put_template(
        self, caller: Caller, branch_id: str, locale: Locale, words: LetterTemplateInput
    ) -> LetterTemplateView:
        require(caller, Capability.EDIT_NOTIFICATIONS, "changing offer letter texts")
        self._branch(caller, branch_id)
        before = self.templates.get(branch_id, locale)
        saved = OfferTemplate(
            branch_id=branch_id, locale=locale, **words.model_dump(), updated_by=caller.username
        )
        with self.uow() as uow:
            audited_write(
                uow,
                caller,
                "offer_template.put",
                saved,
                entity_id=f"{branch_id}#{locale}",
                branch_id=branch_id,
                before=before,
            )
            uow.commit()
        return self.template(caller, branch_id, locale)

    def put_logo(self, caller: Caller, branch_id: str, image: bytes) -> None:
        """The logo on the branch's letters (HQ's: on every branch without its own)."""
        require(caller, Capability.EDIT_BRANCHES, "changing a branch's logo")
        self._branch(caller, branch_id)
        if len(image) > MAX_LOGO_BYTES:
            raise PayloadTooLarge(
                f"a logo may be at most {MAX_LOGO_BYTES // 1000} KB",
                code="logo_too_large",
                params={"kb": MAX_LOGO_BYTES // 1000},
            )
        check_image(image, "logo")
        self.letters.put_logo(branch_id, image)


def audit(uow: UnitOfWork, caller: Caller, action: str, offer: Offer, *, before: Offer) -> None:
    """An offer's change, on the audit trail (what changed since the version before)."""
    record(
        uow,
        caller,
        action,
        branch_id=offer.branch_id,
        entity=offer,
        entity_id=offer.id,
        before=before,
    )


def approval_step(level: int, approver_id: str) -> str:
    """The waiting step of one approver's vote at one level (one task token each)."""
    return f"approval#{level}#{approver_id}"

"""The offer's CandidateLifecycle tasks: wait for HR to submit the offer, walk the approval
chain level by level (one task token per approver), send the letter, wait for the
candidate's answer, and turn an acceptance into an employee with a sealed, signed letter.

Every task is safe to run twice: it returns early when a retry finds its change made, and
files its messages and events in the unit of work of the change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hireflow.interviews.model import token_hash
from hireflow.notifications.model import NotificationEvent
from hireflow.offers.events import EmployeeCreated, OfferAccepted, OfferSent
from hireflow.offers.letter import AuditLine, LetterSignature
from hireflow.offers.letters import Letters, offer_prefix, sha256
from hireflow.offers.model import (
    ANSWERED,
    Offer,
    OfferLink,
    OfferRepository,
    OfferStatus,
    end_of_day,
    today,
)
from hireflow.offers.service import approval_step
from hireflow.offers.texts import shown_date
from hireflow.organisation.model import OrganisationRepository
from hireflow.people.hiring import Hiring
from hireflow.platform.errors import Conflict, NotFound
from hireflow.platform.ids import new_secret_token, now
from hireflow.platform.unit_of_work import UnitOfWork, UnitOfWorkFactory
from hireflow.recruiting.lifecycle import ApplicationLifecycle
from hireflow.recruiting.model import Candidate, stage_move
from hireflow.recruiting.notices import Notices
from hireflow.recruiting.status import CandidateStatus
from hireflow.recruiting.steps import WORKFLOW_ACTOR, Applications, AwaitStep, CandidateTask

if TYPE_CHECKING:  # pyHanko is in the paper layer, which only the workflow and HR API carry
    from hireflow.platform.sealing import Sealer


class ApprovalWait(AwaitStep):
    level: int
    approver_id: str


class LevelTask(CandidateTask):
    level: int


class CannotSendOffer(Conflict):
    """The approved offer cannot go out as it is (HR must act)."""


def file_offer_link(
    uow: UnitOfWork,
    notices: Notices,
    candidate: Candidate,
    offer: Offer,
    event: NotificationEvent,
    effect: str,
    **extra: str,
) -> None:
    """A new link to the offer, e-mailed and texted to the candidate with the change. The
    token travels only in the outbox entries (as the interview invitation's) and in the
    URL's fragment; the table keeps its hash."""
    token = new_secret_token()
    uow.create(
        OfferLink(token_hash=token_hash(token), candidate_id=candidate.id, offer_id=offer.id)
    )
    notices.file(
        uow,
        candidate,
        effect,
        notices.to_candidate(
            candidate,
            event,
            offer_link=f"{notices.web_url}/offer/#{token}",
            deadline=shown_date(offer.terms.response_deadline, candidate.locale),
            **extra,
        ),
    )


def audit_trail(offer: Offer, candidate: Candidate) -> tuple[AuditLine, ...]:
    """Who did what to the offer, for the signed letter's last page."""
    lines = [AuditLine(at=offer.updated_at, who=offer.created_by, what=f"drafted v{offer.version}")]
    if offer.submitted_at:
        lines.append(AuditLine(at=offer.submitted_at, who=offer.updated_by, what="submitted"))
    for vote in offer.votes:
        what = f"{vote.decision}d at level {vote.level + 1}"
        if vote.on_behalf:
            what += f" on behalf of {vote.approver_id}"
        lines.append(AuditLine(at=vote.at, who=vote.by_name, what=what))
    if offer.sent_at:
        lines.append(AuditLine(at=offer.sent_at, who="hireflow", what="sent to the candidate"))
    if offer.first_read_at:
        lines.append(AuditLine(at=offer.first_read_at, who=candidate.name, what="opened"))
    if offer.signature:
        lines.append(
            AuditLine(at=offer.signature.signed_at, who=candidate.name, what="accepted and signed")
        )
    return tuple(sorted(lines, key=lambda line: line.at))


@dataclass(frozen=True)
class OfferSteps:
    applications: Applications
    offers: OfferRepository
    organisation: OrganisationRepository
    letters: Letters
    sealer: Callable[[], Sealer]
    hiring: Hiring
    lifecycle: ApplicationLifecycle
    notices: Notices
    uow: UnitOfWorkFactory

    def _offer(self, candidate_id: str) -> Offer:
        offer = self.offers.get(candidate_id)
        if offer is None:
            raise NotFound(f"candidate {candidate_id} has no offer", code="no_offer")
        return offer

    # -------------------------------------------------------------- approval
    def await_offer(self, task: AwaitStep) -> dict[str, Any]:
        """Wait until HR submits the offer (at once when HR submitted before the wait)."""
        self.lifecycle.wait(task.candidate_id, "offer", task.task_token)
        offer = self.offers.get(task.candidate_id)
        if offer and offer.status in (OfferStatus.IN_APPROVAL, OfferStatus.APPROVED):
            self.lifecycle.resume(task.candidate_id, "offer", {"version": offer.version})
        return {}

    def next_approval_level(self, task: CandidateTask) -> dict[str, Any]:
        """The level voting now and who is still to vote (their tokens), or done."""
        offer = self._offer(task.candidate_id)
        if offer.status == OfferStatus.APPROVED:
            return {"done": True, "returned": False}
        level = offer.current_level
        if offer.status != OfferStatus.IN_APPROVAL or level is None:
            return {"done": False, "returned": True, "approvers": []}
        voted = {v.approver_id for v in offer.votes_of(level.index)}
        waiting = [a for a in level.approvers if a.user_id not in voted]
        candidate = self.applications.require(task.candidate_id)
        staff = [u for a in waiting if (u := self.organisation.get_user(a.user_id))]
        with self.uow() as uow:
            self.notices.file(
                uow,
                candidate,
                f"approval:{offer.id}:{offer.version}:{level.index}",
                self.notices.to_staff(candidate, NotificationEvent.OFFER_APPROVAL, staff),
            )
            uow.commit()
        return {
            "done": False,
            "returned": False,
            "level": level.index,
            "approvers": [{"approver_id": a.user_id} for a in waiting],
        }

    def await_approval(self, task: ApprovalWait) -> dict[str, Any]:
        """One approver's vote at one level; ends at once when the level is settled."""
        step = approval_step(task.level, task.approver_id)
        self.lifecycle.wait(task.candidate_id, step, task.task_token)
        offer = self.offers.get(task.candidate_id)
        settled = (
            offer is None
            or offer.status != OfferStatus.IN_APPROVAL
            or offer.level != task.level
            or any(v.approver_id == task.approver_id for v in offer.votes_of(task.level))
        )
        if settled:
            self.lifecycle.resume(task.candidate_id, step, {})
        return {}

    def settle_approval_level(self, task: LevelTask) -> dict[str, Any]:
        """Where the offer stands after a level's waits ended: the next level, approved,
        or returned to HR (who were told when the approver rejected)."""
        offer = self._offer(task.candidate_id)
        if offer.status == OfferStatus.APPROVED:
            return {"outcome": "approved"}
        if offer.status in (OfferStatus.RETURNED, OfferStatus.DRAFT):
            return {"outcome": "returned"}
        return {"outcome": "next"}

    # -------------------------------------------------------------- the letter
    def send_offer(self, task: CandidateTask) -> dict[str, Any]:
        candidate = self.applications.require(task.candidate_id)
        offer = self._offer(task.candidate_id)
        if offer.status != OfferStatus.APPROVED:
            return {"status": candidate.status.value}  # a retry: sent (or answered) already
        if offer.terms.response_deadline < today():
            raise CannotSendOffer(
                "the offer's answer deadline passed during its approval",
                code="offer_deadline_passed",
            )
        sent_at = now()
        key = f"{offer_prefix(offer)}/v{offer.version}-sent.pdf"
        sending = offer.model_copy(update={"sent_at": sent_at})
        pdf = self.letters.keep(key, self.letters.render(sending, candidate))
        deadline = end_of_day(offer.terms.response_deadline)
        sent = sending.model_copy(
            update={
                "status": OfferStatus.SENT,
                "letter_key": key,
                "sent_sha256": sha256(pdf),
                "deadline": deadline,
            }
        )
        with self.uow() as uow:
            uow.save(sent)
            moved = candidate.moved(CandidateStatus.OFFER_SENT)
            candidate = stage_move(uow, candidate, moved, WORKFLOW_ACTOR)
            file_offer_link(
                uow,
                self.notices,
                candidate,
                sent,
                NotificationEvent.OFFER,
                f"offer:{offer.id}",
                start_date=shown_date(offer.terms.start_date, candidate.locale),
            )
            uow.publish(OfferSent.of(candidate, offer_id=offer.id, version=offer.version))
            uow.commit()
        return {"status": candidate.status.value}

    def await_acceptance(self, task: AwaitStep) -> dict[str, Any]:
        """Wait for the candidate's answer (or the deadline's sweep)."""
        self.lifecycle.wait(task.candidate_id, "acceptance", task.task_token)
        offer = self.offers.get(task.candidate_id)
        if offer and offer.status in ANSWERED:
            self.lifecycle.resume(task.candidate_id, "acceptance", {"answer": offer.status.value})
        return {}

    # -------------------------------------------------------------- hired
    def hire(self, task: CandidateTask) -> dict[str, Any]:
        """Seal the signed letter, create the employee (once), close the application."""
        candidate = self.applications.require(task.candidate_id)
        offer = self._offer(task.candidate_id)
        if offer.status != OfferStatus.ACCEPTED or offer.signature is None:
            raise Conflict("the offer has not been accepted", code="offer_not_accepted")
        if not offer.signed_key:
            offer = self._seal(offer, candidate)
        if candidate.status == CandidateStatus.HIRED:
            return {"status": candidate.status.value}
        with self.uow() as uow:
            employee = self.hiring.stage(
                uow,
                candidate,
                offer_id=offer.id,
                department=offer.terms.department,
                start_date=offer.terms.start_date,
                work_location=offer.terms.work_location,
                probation_months=offer.terms.probation_months,
            )
            if employee is None:  # hired by an earlier attempt
                return {"status": CandidateStatus.HIRED.value}
            moved = candidate.moved(CandidateStatus.HIRED)
            candidate = stage_move(uow, candidate, moved, WORKFLOW_ACTOR)
            uow.save(offer.model_copy(update={"employee_id": employee.id}))
            uow.publish(OfferAccepted.of(candidate, offer_id=offer.id, version=offer.version))
            uow.publish(
                EmployeeCreated.of(
                    candidate,
                    employee_id=employee.id,
                    employee_number=employee.number,
                    department=employee.department,
                    start_date=employee.start_date.isoformat(),
                    manager_id=employee.manager_id,
                )
            )
            uow.commit()
        return {"status": candidate.status.value, "employee_number": employee.number}

    def _seal(self, offer: Offer, candidate: Candidate) -> Offer:
        signature = offer.signature
        assert signature is not None
        drawn = self.letters.read(offer.signature_key) if offer.signature_key else None
        signed = self.letters.render(
            offer,
            candidate,
            signature=LetterSignature(
                typed_name=signature.typed_name,
                drawn_png=drawn,
                signed_at=signature.signed_at,
                ip_address=signature.ip_address,
                user_agent=signature.user_agent,
            ),
            audit_trail=audit_trail(offer, candidate),
        )
        branch = self.organisation.get_branch(candidate.branch_id)
        sealed = self.sealer().seal(
            signed,
            signer_name=self.letters.company_name,
            reason=f"Offer {offer.id} v{offer.version} accepted by the candidate",
            location=branch.name if branch else candidate.branch_id,
        )
        key = f"{offer_prefix(offer)}/v{offer.version}-signed.pdf"
        kept = self.letters.keep(key, sealed)
        updated = self.offers.change(
            candidate.id,
            lambda o: o.model_copy(update={"signed_key": key, "signed_sha256": sha256(kept)}),
        )
        assert updated is not None
        return updated

"""The hourly offer sweep: an unanswered offer is reminded once after N days (the seeds'
"您的offer已发送3天"), expires at its deadline (candidate and HR told), and approvers who
have not voted within their chain's time are reminded once per level.

Judged at the schedule's time, so a late or repeated run does the same, once: every
change is saved with the revision read and its messages filed with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from hireflow.notifications.model import NotificationEvent
from hireflow.offers import chain as rules
from hireflow.offers.events import OfferAnswered
from hireflow.offers.model import Offer, OfferRepository, OfferStatus
from hireflow.offers.steps import file_offer_link
from hireflow.organisation.model import OrganisationRepository
from hireflow.platform.errors import ChangedMeanwhile
from hireflow.platform.store import RevisionConflict
from hireflow.platform.unit_of_work import UnitOfWorkFactory
from hireflow.recruiting.lifecycle import ApplicationLifecycle
from hireflow.recruiting.model import CandidateRepository, stage_move
from hireflow.recruiting.notices import Notices
from hireflow.recruiting.status import CandidateStatus
from hireflow.recruiting.steps import WORKFLOW_ACTOR


@dataclass(frozen=True)
class OfferReminders:
    offers: OfferRepository
    candidates: CandidateRepository
    organisation: OrganisationRepository
    lifecycle: ApplicationLifecycle
    notices: Notices
    uow: UnitOfWorkFactory
    remind_after_days: int = 3

    def run(self, at: datetime) -> int:
        """Messages sent (candidates reminded or told of expiry, approvers reminded)."""
        sent = 0
        for offer in self.offers.out():
            try:
                if offer.deadline and offer.deadline <= at:
                    sent += self._expire(offer)
                elif (
                    offer.sent_at
                    and offer.reminded_at is None
                    and offer.sent_at + timedelta(days=self.remind_after_days) <= at
                ):
                    sent += self._remind(offer, at)
            except (RevisionConflict, ChangedMeanwhile):
                continue  # changed meanwhile (answered): the next run judges it again
        for offer in self.offers.in_approval():
            try:
                sent += self._remind_approvers(offer, at)
            except (RevisionConflict, ChangedMeanwhile):
                continue
        return sent

    def _remind(self, offer: Offer, at: datetime) -> int:
        candidate = self.candidates.get(offer.candidate_id)
        if candidate is None:
            return 0
        # The first link's token is not kept: the reminder carries a new link to the offer.
        with self.uow() as uow:
            uow.save(offer.model_copy(update={"reminded_at": at}))
            file_offer_link(
                uow,
                self.notices,
                candidate,
                offer,
                NotificationEvent.OFFER_REMINDER,
                f"offer_reminder:{offer.id}",
                days=str(self.remind_after_days),
            )
            uow.commit()
        return 1

    def _expire(self, offer: Offer) -> int:
        candidate = self.candidates.get(offer.candidate_id)
        if candidate is None:
            return 0
        with self.uow() as uow:
            uow.save(offer.model_copy(update={"status": OfferStatus.EXPIRED}))
            moved = candidate.moved(CandidateStatus.OFFER_EXPIRED, reason_code="offer_expired")
            candidate = stage_move(uow, candidate, moved, WORKFLOW_ACTOR)
            self.notices.file(
                uow,
                candidate,
                f"offer_expired:{offer.id}",
                self.notices.to_candidate(candidate, NotificationEvent.OFFER_EXPIRED)
                + self.notices.to_branch_hr(
                    candidate, NotificationEvent.OFFER_ANSWERED, message="expired"
                ),
            )
            uow.publish(OfferAnswered.of(candidate, offer_id=offer.id, answer="expired"))
            uow.commit()
        self.lifecycle.resume(candidate.id, "acceptance", {"answer": "expired"})
        return 1

    def _remind_approvers(self, offer: Offer, at: datetime) -> int:
        level = offer.current_level
        if (
            level is None
            or offer.level_reminded == level.index
            or offer.level_since is None
            or offer.level_since + timedelta(hours=offer.approval_reminder_hours) > at
        ):
            return 0
        candidate = self.candidates.get(offer.candidate_id)
        if candidate is None:
            return 0
        waiting = rules.waiting_for(level, offer.votes_of(level.index))
        staff = [u for a in waiting if (u := self.organisation.get_user(a.user_id))]
        with self.uow() as uow:
            uow.save(offer.model_copy(update={"level_reminded": level.index}))
            self.notices.file(
                uow,
                candidate,
                f"approval_reminder:{offer.id}:{offer.version}:{level.index}",
                self.notices.to_staff(candidate, NotificationEvent.OFFER_APPROVAL_REMINDER, staff),
            )
            uow.commit()
        return len(staff)

"""Scheduled reminders to reviewers whose review has waited more than two days.

Each reminder is marked before it is sent, with a conditional write, so a schedule that
fires twice (or two overlapping runs) sends it once: at most once, never twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from hireflow.notifications.model import NotificationEvent
from hireflow.organisation.model import OrganisationRepository
from hireflow.recruiting.model import CandidateRepository
from hireflow.recruiting.notices import Notices
from hireflow.reviews.model import ReviewRepository

REVIEW_WAIT = timedelta(days=2)


@dataclass(frozen=True)
class ReviewReminders:
    candidates: CandidateRepository
    reviews: ReviewRepository
    organisation: OrganisationRepository
    notices: Notices

    def run(self, at: datetime) -> int:
        sent = 0
        for pending in self.reviews.pending_since_before(at - REVIEW_WAIT):
            if pending.reminded_at is not None:
                continue
            candidate = self.candidates.get(pending.candidate_id)
            if candidate is None or not self.reviews.mark_reminded(pending, at):
                continue
            reviewed = {
                s.reviewer_id for s in self.reviews.scorecards(candidate.id, candidate.round)
            }
            waiting = [
                user
                for user_id in pending.reviewer_ids
                if user_id not in reviewed and (user := self.organisation.get_user(user_id))
            ]
            requests = self.notices.to_staff(candidate, NotificationEvent.REVIEW_REMINDER, waiting)
            self.notices.send(requests)
            sent += sum(1 for r in requests if r.channel == "email")  # not the group robots
        return sent

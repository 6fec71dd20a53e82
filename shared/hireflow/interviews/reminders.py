"""Scheduled reminders: candidates whose interview closes within a day, and reviewers
whose review has waited more than two days.

Each reminder is marked before it is sent, with a conditional write, so a schedule that
fires twice (or two overlapping runs) sends it once: at most once, never twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel

from hireflow.interviews.model import InterviewRepository, InvitationToken, token_hash
from hireflow.notifications.model import NotificationEvent, Notifier
from hireflow.organisation.model import OrganisationRepository
from hireflow.platform.ids import new_secret_token
from hireflow.platform.observability import logger
from hireflow.platform.settings import settings
from hireflow.platform.store import RevisionConflict
from hireflow.recruiting.model import CandidateRepository, CandidateStatus
from hireflow.recruiting.positions import PositionRepository
from hireflow.workflow.lifecycle import interview_link, shown_deadline

CANDIDATE_WINDOW = timedelta(hours=24)
REVIEW_WAIT = timedelta(days=2)


class ReminderRun(BaseModel):
    candidates_reminded: int = 0
    reviewers_reminded: int = 0


class Reminders:
    def __init__(
        self,
        candidates: CandidateRepository,
        interviews: InterviewRepository,
        positions: PositionRepository,
        organisation: OrganisationRepository,
        notifier: Notifier,
    ) -> None:
        self.candidates = candidates
        self.interviews = interviews
        self.positions = positions
        self.organisation = organisation
        self.notifier = notifier

    def run(self, at: datetime) -> ReminderRun:
        result = ReminderRun()
        result.candidates_reminded = self._remind_candidates(at)
        result.reviewers_reminded = self._remind_reviewers(at)
        logger.info("reminders sent", **result.model_dump())
        return result

    def _position_title(self, position_id: str, locale: str) -> str:
        position = self.positions.get(position_id)
        if position is None:
            return ""
        return position.title_in(locale)

    def _remind_candidates(self, at: datetime) -> int:
        sent = 0
        days = {at.date(), (at + CANDIDATE_WINDOW).date()}
        for day in sorted(days):
            for entry in self.interviews.deadlines_on(day.isoformat()):
                if not at < entry.deadline <= at + CANDIDATE_WINDOW:
                    continue
                interview = self.interviews.interview(entry.candidate_id, entry.round)
                candidate = self.candidates.get(entry.candidate_id)
                if (
                    interview is None
                    or candidate is None
                    or interview.reminded_at is not None
                    or interview.completed_at is not None
                    or candidate.status != CandidateStatus.INVITED
                ):
                    continue
                try:
                    self.interviews.interviews.save(
                        interview.model_copy(update={"reminded_at": at})
                    )
                except RevisionConflict:
                    continue  # another run has it
                # A fresh link for this message; the invitation's link stays valid too.
                token = new_secret_token()
                self.interviews.tokens.put(
                    InvitationToken(
                        token_hash=token_hash(token),
                        candidate_id=candidate.id,
                        round=interview.round,
                        deadline=interview.deadline,
                    )
                )
                values = {
                    "candidate_name": candidate.name,
                    "position": self._position_title(candidate.position_id, candidate.locale),
                    "company": settings().company_name,
                    "interview_link": interview_link(token),
                    "deadline": shown_deadline(interview.deadline),
                }
                event = NotificationEvent.REMINDER
                self.notifier.notify(event, "email", candidate.locale, candidate.email, values)
                self.notifier.notify(event, "sms", candidate.locale, candidate.phone, values)
                sent += 1
        return sent

    def _remind_reviewers(self, at: datetime) -> int:
        sent = 0
        for pending in self.interviews.pending_since_before(at - REVIEW_WAIT):
            if pending.reminded_at is not None:
                continue
            candidate = self.candidates.get(pending.candidate_id)
            if candidate is None:
                continue
            try:
                self.interviews.pending_reviews.save(pending.model_copy(update={"reminded_at": at}))
            except RevisionConflict:
                continue
            reviewed = {
                s.reviewer_id for s in self.interviews.scorecards_of(candidate.id, candidate.round)
            }
            for user_id in pending.reviewer_ids:
                reviewer = self.organisation.get_user(user_id)
                if reviewer is None or not reviewer.email or user_id in reviewed:
                    continue
                self.notifier.notify(
                    NotificationEvent.REVIEW_REMINDER,
                    "email",
                    reviewer.locale,
                    reviewer.email,
                    {
                        "interviewer_name": reviewer.display_name,
                        "candidate_name": candidate.name,
                        "position": self._position_title(candidate.position_id, reviewer.locale),
                        "candidate_link": f"{settings().web_url}/#/candidates/{candidate.id}",
                    },
                )
                sent += 1
        return sent

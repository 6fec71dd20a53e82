"""Scheduled reminders to candidates whose interview closes within a day.

Each reminder is marked before it is sent, with a conditional write, so a schedule that
fires twice (or two overlapping runs) sends it once: at most once, never twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from hireflow.interviews.model import (
    Interview,
    InterviewRepository,
    InvitationToken,
    token_hash,
)
from hireflow.interviews.steps import shown_deadline
from hireflow.notifications.model import NotificationEvent
from hireflow.platform.ids import new_secret_token
from hireflow.platform.store import RevisionConflict
from hireflow.recruiting.model import Candidate, CandidateRepository
from hireflow.recruiting.notices import Notices
from hireflow.recruiting.status import CandidateStatus

CANDIDATE_WINDOW = timedelta(hours=24)


@dataclass(frozen=True)
class InterviewReminders:
    candidates: CandidateRepository
    interviews: InterviewRepository
    notices: Notices

    def run(self, at: datetime) -> int:
        """Remind the candidates whose deadline falls within a day of ``at``."""
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
                    self.interviews.save(interview.model_copy(update={"reminded_at": at}))
                except RevisionConflict:
                    continue  # another run has it
                self.send(candidate, interview)
                sent += 1
        return sent

    def send(self, candidate: Candidate, interview: Interview) -> None:
        """The reminder, by e-mail and SMS, with a fresh link (the invitation's link stays
        valid too). The caller marks the interview first, so it goes out once."""
        token = new_secret_token()
        self.interviews.add_token(
            InvitationToken(
                token_hash=token_hash(token),
                candidate_id=candidate.id,
                round=interview.round,
                deadline=interview.deadline,
            )
        )
        self.notices.send(
            self.notices.to_candidate(
                candidate,
                NotificationEvent.REMINDER,
                interview_link=self.notices.interview_link(token),
                deadline=shown_deadline(interview.deadline),
            )
        )

"""What the hourly schedule runs: the reminders of every context that sends them, and
once a day the periodic re-assessments that HQ's schedules make due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel

from hireflow.interviews.reminders import InterviewReminders
from hireflow.offers.reminders import OfferReminders
from hireflow.onboarding.reminders import OnboardingReminders, ProbationReminders
from hireflow.people.reassessment import Reassessments
from hireflow.platform.observability import logger
from hireflow.reviews.reminders import ReviewReminders


class ReminderRun(BaseModel):
    candidates_reminded: int = 0
    reviewers_reminded: int = 0
    offer_messages: int = 0  # offers reminded or expired, approvers reminded
    onboarding_messages: int = 0  # owners told of tasks due soon or overdue
    probation_messages: int = 0  # managers asked for the probation review
    reassessments_started: int = 0  # employees invited to a periodic re-assessment


@dataclass(frozen=True)
class Schedule:
    interviews: InterviewReminders
    reviews: ReviewReminders
    offers: OfferReminders
    onboarding: OnboardingReminders
    probation: ProbationReminders
    reassessments: Reassessments

    def reminders(self, at: datetime) -> ReminderRun:
        result = ReminderRun(
            candidates_reminded=self.interviews.run(at),
            reviewers_reminded=self.reviews.run(at),
            offer_messages=self.offers.run(at),
            onboarding_messages=self.onboarding.run(at),
            probation_messages=self.probation.run(at),
            reassessments_started=self.reassessments.run(at),
        )
        logger.info("reminders sent", **result.model_dump())
        return result

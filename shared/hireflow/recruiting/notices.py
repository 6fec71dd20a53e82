"""The messages recruiting sends about a candidate: to the candidate (e-mail and SMS), to
the assigned reviewers, to the branch's HR. Filled with the candidate's position and
branch in the reader's language.

A notice to staff also goes to the group robots (DingTalk, WeCom) of the candidate's
branch and of HQ, where the event has a robot text for the robot's kind and language
(``notifications.robots``); the robot messages come after the e-mails. A candidate's
own messages never go to a robot."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hireflow.identity.model import Role
from hireflow.notifications.model import ROBOT_CHANNELS, Channel, NotificationEvent
from hireflow.notifications.robots import RobotChannels
from hireflow.notifications.sending import MessageRequest, Notifier, file_messages
from hireflow.organisation.model import OrganisationRepository, UserProfile
from hireflow.platform.observability import logger
from hireflow.platform.unit_of_work import UnitOfWork
from hireflow.recruiting.model import Candidate, PositionRepository


@dataclass(frozen=True)
class Notices:
    positions: PositionRepository
    organisation: OrganisationRepository
    notifier: Notifier
    company_name: str
    web_url: str
    robots: RobotChannels

    def candidate_page(self, candidate_id: str) -> str:
        return f"{self.web_url}/#/candidates/{candidate_id}"

    def interview_link(self, token: str) -> str:
        # The token travels in the fragment: browsers do not send it to servers or logs.
        return f"{self.web_url}/interview/#{token}"

    def values(self, candidate: Candidate, locale: str, **extra: Any) -> dict[str, str]:
        position = self.positions.get(candidate.position_id)
        branch = self.organisation.get_branch(candidate.branch_id)
        values = {
            "candidate_name": candidate.name,
            "position": position.title_in(locale) if position else "",
            "branch": branch.name_in(locale) if branch else candidate.branch_id,
            "company": self.company_name,
            "candidate_link": self.candidate_page(candidate.id),
            **extra,
        }
        return {name: str(value) for name, value in values.items()}

    # -------------------------------------------------------------- who is told
    def to_candidate(
        self, candidate: Candidate, event: NotificationEvent, **extra: Any
    ) -> list[MessageRequest]:
        values = self.values(candidate, candidate.locale, **extra)
        addresses: dict[Channel, str] = {"email": candidate.email, "sms": candidate.phone}
        return [
            MessageRequest(
                event=event, channel=channel, locale=candidate.locale, to=to, values=values
            )
            for channel, to in addresses.items()
        ]

    def to_staff(
        self, candidate: Candidate, event: NotificationEvent, staff: list[UserProfile], **extra: Any
    ) -> list[MessageRequest]:
        emails = [
            MessageRequest(
                event=event,
                channel="email",
                locale=user.locale,
                to=user.email,
                values=self.values(
                    candidate, user.locale, interviewer_name=user.display_name, **extra
                ),
            )
            for user in staff
            if user.email
        ]
        robots = self.robots.requests(
            candidate.branch_id,
            event,
            lambda locale: self.values(candidate, locale, interviewer_name="", **extra),
        )
        return emails + robots

    def to_reviewers(self, candidate: Candidate, event: NotificationEvent) -> list[MessageRequest]:
        reviewers = [self.organisation.get_user(user_id) for user_id in candidate.assignees]
        return self.to_staff(candidate, event, [r for r in reviewers if r])

    def to_branch_hr(
        self, candidate: Candidate, event: NotificationEvent, **extra: Any
    ) -> list[MessageRequest]:
        hr = [
            u
            for u in self.organisation.branch_users(candidate.branch_id)
            if u.role == Role.BRANCH_HR
        ]
        return self.to_staff(candidate, event, hr, **extra)

    # -------------------------------------------------------------- how
    def file(
        self, uow: UnitOfWork, candidate: Candidate, effect: str, requests: list[MessageRequest]
    ) -> None:
        """Send with the change: once, after the unit of work commits."""
        file_messages(uow, candidate.id, effect, requests)

    def send(self, requests: list[MessageRequest]) -> None:
        """Send now (messages that belong to no stored change, or carry a secret link). A
        robot that does not take its message does not stop the others: with no outbox
        entry there is no retry, so it is logged and dropped."""
        for request in requests:
            if request.channel not in ROBOT_CHANNELS:
                self.notifier.send(request)
                continue
            try:
                self.notifier.send(request)
            except Exception:
                logger.exception("robot message not posted", notification=request.event.value)

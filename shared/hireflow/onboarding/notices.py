"""The messages onboarding sends about an employee: to the new hire (e-mail and SMS, with
the portal link), and to the people who own a task (HR or IT of the branch by role, the
manager, the mentor). Filled with the position and branch in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hireflow.identity.model import Role
from hireflow.notifications.model import Channel, NotificationEvent
from hireflow.notifications.sending import MessageRequest, Notifier, file_messages
from hireflow.onboarding.model import OnboardingPlan, TaskOwner
from hireflow.organisation.model import OrganisationRepository, UserProfile
from hireflow.people.model import Employee
from hireflow.platform.unit_of_work import UnitOfWork
from hireflow.recruiting.model import PositionRepository

OWNER_ROLES = {TaskOwner.HR: Role.BRANCH_HR, TaskOwner.IT: Role.IT}


@dataclass(frozen=True)
class EmployeeNotices:
    positions: PositionRepository
    organisation: OrganisationRepository
    notifier: Notifier
    company_name: str
    web_url: str

    def employee_page(self, employee_id: str) -> str:
        return f"{self.web_url}/#/employees/{employee_id}"

    def onboarding_link(self, token: str) -> str:
        # The token travels in the fragment: browsers do not send it to servers or logs.
        return f"{self.web_url}/onboarding/#{token}"

    def values(self, employee: Employee, locale: str, **extra: Any) -> dict[str, str]:
        position = self.positions.get(employee.position_id)
        branch = self.organisation.get_branch(employee.branch_id)
        values = {
            "employee_name": employee.name,
            "position": position.title_in(locale) if position else employee.position_title,
            "branch": branch.name_in(locale) if branch else employee.branch_id,
            "company": self.company_name,
            "start_date": employee.start_date.isoformat(),
            "work_location": employee.work_location,
            "probation_end": employee.probation_end.isoformat() if employee.probation_end else "",
            "employee_link": self.employee_page(employee.id),
            **extra,
        }
        return {name: str(value) for name, value in values.items()}

    # -------------------------------------------------------------- who is told
    def to_new_hire(
        self, employee: Employee, event: NotificationEvent, **extra: Any
    ) -> list[MessageRequest]:
        locale = "zh" if employee.locale == "zh" else "en"
        values = self.values(employee, locale, **extra)
        addresses: dict[Channel, str] = {"email": employee.email, "sms": employee.phone}
        return [
            MessageRequest(event=event, channel=channel, locale=locale, to=to, values=values)
            for channel, to in addresses.items()
            if to
        ]

    def to_users(
        self, employee: Employee, event: NotificationEvent, users: list[UserProfile], **extra: Any
    ) -> list[MessageRequest]:
        return [
            MessageRequest(
                event=event,
                channel="email",
                locale=user.locale,
                to=user.email,
                values=self.values(
                    employee,
                    user.locale,
                    interviewer_name=user.display_name,
                    mentor_name=user.display_name,
                    **extra,
                ),
            )
            for user in users
            if user.email and user.enabled
        ]

    def owners(self, plan: OnboardingPlan, owner: TaskOwner) -> list[UserProfile]:
        """The people a task of ``owner`` belongs to (none for the new hire: the portal)."""
        if owner in OWNER_ROLES:
            return self.of_role(plan.branch_id, OWNER_ROLES[owner])
        person = {TaskOwner.MANAGER: plan.manager_id, TaskOwner.MENTOR: plan.mentor_id}.get(owner)
        user = self.organisation.get_user(person) if person else None
        return [user] if user else []

    def of_role(self, branch_id: str, role: Role) -> list[UserProfile]:
        """The branch's people of ``role`` (its HR, its IT)."""
        return [u for u in self.organisation.branch_users(branch_id) if u.role == role]

    # -------------------------------------------------------------- how
    def file(
        self, uow: UnitOfWork, employee: Employee, effect: str, requests: list[MessageRequest]
    ) -> None:
        """Send with the change: once, after the unit of work commits."""
        file_messages(uow, employee.id, effect, requests)

    def send(self, requests: list[MessageRequest]) -> None:
        """Send now (messages that carry a secret link are never stored)."""
        for request in requests:
            self.notifier.send(request)

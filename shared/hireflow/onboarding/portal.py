"""The new hire's portal: the link the onboarding notice carries, the phone check (the
interview and offer pages' kind, ``interviews.phone_check``), the onboarding notice and
the new hire's own checklist. Uploading the documents it asks for is
``onboarding.uploads``; HR's side of them ``onboarding.documents``.

The link token and the session are opaque; only their hashes are stored. A message that
carries a link is sent directly, never stored: the welcome is guarded by the portal's
state, created once (a retried ``employee.created`` finds it and sends nothing), so it
goes out at most once; HR can always send a fresh link, which also opens a locked portal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any, Literal

from pydantic import BaseModel, Field

from hireflow.audit.service import record
from hireflow.identity.model import Caller
from hireflow.identity.permissions import Capability, can, require, require_branch
from hireflow.interviews.model import InterviewRepository, token_hash
from hireflow.interviews.phone_check import check_phone, locked
from hireflow.notifications.model import NotificationEvent
from hireflow.onboarding.model import (
    DocumentStatus,
    NewHireLink,
    NewHirePortalState,
    NewHireRepository,
    NewHireSession,
    OnboardingDocument,
    OnboardingPlan,
    OnboardingRepository,
    OnboardingTemplate,
    PlanTask,
    TaskKind,
    TaskOwner,
    TaskStatus,
)
from hireflow.onboarding.notices import EmployeeNotices
from hireflow.people.model import Employee, EmployeeRepository
from hireflow.platform import filecheck
from hireflow.platform.errors import Conflict, Gone, NotFound, Unauthorized
from hireflow.platform.ids import new_secret_token, now
from hireflow.platform.observability import logger
from hireflow.platform.unit_of_work import UnitOfWorkFactory

CHINA_TIME = timezone(timedelta(hours=8), "CST")
LINK_DAYS_AFTER_START = 30  # the portal stays open through the first month
LINK_DAYS_AT_LEAST = 7  # a link sent late (after a lock, a rejection) still works a week
SESSION_TTL = timedelta(hours=1)


def employee_in_reach(
    employees: EmployeeRepository, caller: Caller, employee_id: str, *, writing: bool
) -> Employee:
    """The employee whose portal and documents HR looks after: HR of its branch and HQ.
    A change asked by another role is refused (403); what is out of reach looks missing
    (404), as does reading for a role that may not (``EmployeeService.get``'s rule)."""
    if writing:
        require(caller, Capability.REVIEW_DOCUMENTS, "looking after a new hire's documents")
    employee = employees.get(employee_id)
    if employee is None or not can(caller, Capability.REVIEW_DOCUMENTS):
        raise NotFound("employee not found", code="employee_not_found")
    require_branch(caller, employee.branch_id, "employee")
    return employee


class NewHireOverview(BaseModel):
    company: str
    position: str
    branch: str
    start_date: date
    locale: Literal["zh", "en"]
    verified: bool


class PhoneNumber(BaseModel):
    phone: str = Field(max_length=40)


class NewHireSessionGrant(BaseModel):
    session: str
    expires_at: datetime


class NoticeView(BaseModel):
    employee_name: str
    company: str
    position: str
    branch: str
    start_date: date
    work_location: str
    what_to_bring: list[str]
    message: str


class DocumentState(BaseModel):
    """A task's latest judged upload, as the new hire sees it."""

    id: str
    status: DocumentStatus
    received_at: datetime | None
    reviewed_at: datetime | None
    # Refused by the checks (a code and its params, in any language) or rejected by HR.
    refusal: str | None
    refusal_code: str | None
    refusal_params: dict[str, Any]
    rejection_reason: str | None


class ChecklistItem(BaseModel):
    id: str
    title: str
    description: str | None
    kind: TaskKind
    due: date
    status: TaskStatus
    document_type: str | None
    # An upload arrived or was announced and is being checked.
    checking: bool = False
    document: DocumentState | None = None
    accepts: list[str] = Field(default_factory=list)
    max_bytes: int = 0


class LinkSent(BaseModel):
    valid_until: datetime
    links_sent: int


@dataclass(frozen=True)
class NewHirePortal:
    employees: EmployeeRepository
    onboarding: OnboardingRepository
    new_hires: NewHireRepository
    interviews: InterviewRepository  # the per-address counter of phone checks
    notices: EmployeeNotices
    uow: UnitOfWorkFactory
    source_verify_limit: int
    max_document_bytes: int  # what the checklist says a document may weigh

    # -------------------------------------------------------------- links
    def new_link(self, employee: Employee) -> tuple[str, NewHireLink]:
        """A new link (its token, and what to store: its hash); valid until a month after
        the start date, and at least a week from now."""
        last_day = employee.start_date + timedelta(days=LINK_DAYS_AFTER_START)
        valid_until = max(
            datetime.combine(last_day, time.max, CHINA_TIME).astimezone(UTC),
            now() + timedelta(days=LINK_DAYS_AT_LEAST),
        )
        token = new_secret_token()
        return token, NewHireLink(
            token_hash=token_hash(token), employee_id=employee.id, valid_until=valid_until
        )

    def welcome(
        self, employee: Employee, plan: OnboardingPlan, template: OnboardingTemplate | None
    ) -> bool:
        """Open the portal and send the onboarding notice with its link, once: False when
        the employee was welcomed already (a repeated ``employee.created``). Called with the
        plan just committed (the portal shows its new hire's tasks) and the template it
        came from (what to bring, HQ's words; None: a plan without one)."""
        assert plan.employee_id == employee.id
        state = NewHirePortalState(
            employee_id=employee.id,
            **_notice_words(template, employee.locale == "zh"),
        )
        token, link = self.new_link(employee)
        try:
            with self.uow() as uow:
                uow.create(state)
                uow.create(link)
                uow.commit()
        except Conflict:
            return False
        self._send_notice(employee, state, token)
        logger.info("new hire welcomed", employee_id=employee.id)
        return True

    def send_link(self, caller: Caller, employee_id: str) -> LinkSent:
        """HR sends the notice again with a fresh link (the first token is not kept); a
        portal locked by wrong phone numbers opens again, its count starting over."""
        employee = employee_in_reach(self.employees, caller, employee_id, writing=True)
        state = self.new_hires.portal(employee.id)
        if state is None:
            raise Conflict(
                "the new hire's onboarding has not started", code="onboarding_not_started"
            )
        token, link = self.new_link(employee)
        opened = state.model_copy(
            update={"links_sent": state.links_sent + 1, "last_link_at": now(), "locked_at": None}
        )
        with self.uow() as uow:
            uow.save(opened)
            uow.create(link)
            uow.delete_key(NewHirePortalState.wrong_phones_key(employee.id))
            record(
                uow,
                caller,
                "onboarding.link_sent",
                branch_id=employee.branch_id,
                entity=opened,
                entity_id=employee.id,
                before=state,
            )
            uow.commit()
        self._send_notice(employee, opened, token)
        return LinkSent(valid_until=link.valid_until, links_sent=opened.links_sent)

    def _send_notice(self, employee: Employee, state: NewHirePortalState, token: str) -> None:
        joined = ("、" if employee.locale == "zh" else ", ").join(state.what_to_bring)
        self.notices.send(
            self.notices.to_new_hire(
                employee,
                NotificationEvent.ONBOARDING_NOTICE,
                onboarding_link=self.notices.onboarding_link(token),
                what_to_bring=joined,
                message=state.message,
            )
        )

    # -------------------------------------------------------------- lookups
    def _open(self, token: str) -> tuple[Employee, NewHirePortalState]:
        link = self.new_hires.link(token_hash(token)) if token else None
        if link is None:
            raise NotFound("this onboarding link is not valid", code="link_invalid")
        if link.valid_until <= now():
            raise Gone("this onboarding link has expired", code="onboarding_link_expired")
        employee = self.employees.get(link.employee_id)
        state = self.new_hires.portal(link.employee_id)
        if employee is None or state is None:
            raise Gone("this onboarding link is no longer valid", code="link_gone")
        if state.locked_at:
            raise locked()
        return employee, state

    def signed_in(self, token: str, session_token: str) -> tuple[Employee, NewHirePortalState]:
        employee, state = self._open(token)
        session = self.new_hires.session(token_hash(session_token)) if session_token else None
        if session is None or session.expires <= now() or session.employee_id != employee.id:
            raise Unauthorized("please verify your phone number again", code="verify_again")
        return employee, state

    # -------------------------------------------------------------- routes
    def overview(self, token: str) -> NewHireOverview:
        employee, state = self._open(token)
        values = self.notices.values(employee, _locale(employee))
        return NewHireOverview(
            company=values["company"],
            position=values["position"],
            branch=values["branch"],
            start_date=employee.start_date,
            locale=_locale(employee),
            verified=state.verified_at is not None,
        )

    def verify(self, token: str, given: PhoneNumber, source: str) -> NewHireSessionGrant:
        employee, state = self._open(token)
        check_phone(
            self.interviews,
            self.source_verify_limit,
            _Attempts(self, employee),
            given=given.phone,
            on_file=employee.phone,
            source=source,
        )
        at = now()
        if state.verified_at is None:
            self.new_hires.change_portal(
                employee.id,
                lambda s: None if s.verified_at else s.model_copy(update={"verified_at": at}),
            )
        session_token = new_secret_token()
        session = NewHireSession(
            session_hash=token_hash(session_token),
            employee_id=employee.id,
            expires=at + SESSION_TTL,
        )
        self.new_hires.open_session(session)
        logger.info("new hire verified", employee_id=employee.id)
        return NewHireSessionGrant(session=session_token, expires_at=session.expires)

    def notice(self, token: str, session_token: str) -> NoticeView:
        employee, state = self.signed_in(token, session_token)
        values = self.notices.values(employee, _locale(employee))
        return NoticeView(
            employee_name=employee.name,
            company=values["company"],
            position=values["position"],
            branch=values["branch"],
            start_date=employee.start_date,
            work_location=employee.work_location,
            what_to_bring=state.what_to_bring,
            message=state.message,
        )

    def checklist(self, token: str, session_token: str) -> list[ChecklistItem]:
        employee, _ = self.signed_in(token, session_token)
        # The documents first: a check that lands in between shows as done on the task.
        documents = self.new_hires.documents(employee.id)
        plan = self.onboarding.plan(employee.id)
        if plan is None:
            return []
        return [
            self.item(employee, task, documents)
            for task in plan.tasks
            if task.owner == TaskOwner.NEW_HIRE
        ]

    def item(
        self, employee: Employee, task: PlanTask, documents: list[OnboardingDocument]
    ) -> ChecklistItem:
        mine = [d for d in documents if d.task_id == task.id]
        judged = next((d for d in reversed(mine) if d.status != DocumentStatus.GRANTED), None)
        newest = mine[-1] if mine else None
        is_document = task.kind == TaskKind.DOCUMENT
        return ChecklistItem(
            id=task.id,
            title=task.title_in(_locale(employee)),
            description=task.description,
            kind=task.kind,
            due=task.due,
            status=task.status,
            document_type=task.document_type,
            checking=bool(newest and newest.status == DocumentStatus.GRANTED and newest.claimed_at),
            document=DocumentState(
                id=judged.id,
                status=judged.status,
                received_at=judged.received_at,
                reviewed_at=judged.reviewed_at,
                refusal=judged.refusal,
                refusal_code=judged.refusal_code,
                refusal_params=judged.refusal_params,
                rejection_reason=judged.rejection_reason,
            )
            if judged
            else None,
            accepts=list(filecheck.ACCEPTED) if is_document else [],
            max_bytes=self.max_document_bytes if is_document else 0,
        )

    def document_task(self, employee: Employee, task_id: str) -> PlanTask:
        plan = self.onboarding.plan(employee.id)
        task = plan.task(task_id) if plan else None
        if task is None or task.kind != TaskKind.DOCUMENT or task.owner != TaskOwner.NEW_HIRE:
            raise NotFound("no such document on your checklist", code="no_such_document_task")
        return task


def _notice_words(template: OnboardingTemplate | None, zh: bool) -> dict[str, Any]:
    """What to bring and HQ's words, from the template, in the new hire's language (the
    English where HQ wrote no Chinese)."""
    if template is None:
        return {"what_to_bring": [], "message": ""}
    return {
        "what_to_bring": (template.what_to_bring_zh if zh else []) or template.what_to_bring,
        "message": (template.notice_zh if zh else None) or template.notice or "",
    }


def _locale(employee: Employee) -> Literal["zh", "en"]:
    return "zh" if employee.locale == "zh" else "en"


@dataclass(frozen=True)
class _Attempts:
    """The phone checks of an employee's links: a counter per employee (every link), the
    lock on the portal, and the branch's HR told."""

    portal: NewHirePortal
    employee: Employee

    def take(self, limit: int) -> int | None:
        return self.portal.new_hires.count_wrong_phone(self.employee.id, limit)

    def give_back(self) -> None:
        self.portal.new_hires.uncount_wrong_phone(self.employee.id)

    def lock(self) -> None:
        portal, employee = self.portal, self.employee
        state = portal.new_hires.change_portal(
            employee.id,
            lambda s: None if s.locked_at else s.model_copy(update={"locked_at": now()}),
        )
        plan = portal.onboarding.plan(employee.id)
        hr = portal.notices.owners(plan, TaskOwner.HR) if plan else []
        links = state.links_sent if state else 0
        with portal.uow() as uow:
            portal.notices.file(
                uow,
                employee,
                f"new_hire_locked:{links}",
                portal.notices.to_users(employee, NotificationEvent.ONBOARDING_LINK_LOCKED, hr),
            )
            uow.commit()
        logger.info("new hire's link locked", employee_id=employee.id)

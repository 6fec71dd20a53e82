"""Periodic re-assessment (docs/analytics.md "Periodic re-assessment"): HQ's schedules,
the daily run that starts the re-assessments a schedule makes due, HR starting one by
hand, and an employee's assessments from hiring on.

A re-assessment runs through the candidates' machinery unchanged: an application (a
``Candidate`` with ``employee_id``) in the employee's branch and position, with the
employee's contact details, started as a CandidateLifecycle execution. The invitation,
the phone check, the portal, recording, scoring and the reviewers' scorecards are the
candidates'; what differs is kept small (see the docs): the invitation's text, no
listing or counting among candidates, no decision, and ``close_reassessment``
(people/steps.py) storing the scores with the employee.

One at a time per employee: ``LatestReassessment`` is created (or saved with the revision
read) in the unit of work that creates the application, so two runs, or a run and a
click, open one between them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, Field

from hireflow.assessment.model import TemplateRepository
from hireflow.audit.service import audited_write, record
from hireflow.identity.model import HQ_BRANCH_ID, Caller
from hireflow.identity.permissions import Capability, may_manage_candidate, require
from hireflow.interviews.steps import CHINA_TIME
from hireflow.organisation.model import OrganisationRepository
from hireflow.people.model import (
    AssessmentRepository,
    BaselineDimension,
    Employee,
    EmployeeRepository,
    LatestReassessment,
    ReassessmentRepository,
    ReassessmentRunDone,
    ReassessmentSchedule,
    ScheduleFields,
)
from hireflow.people.service import EmployeeService
from hireflow.platform.errors import ChangedMeanwhile, Conflict, FieldError, Invalid, NotFound
from hireflow.platform.ids import now
from hireflow.platform.observability import logger
from hireflow.platform.unit_of_work import UnitOfWorkFactory, check_revision
from hireflow.recruiting.lifecycle import ApplicationLifecycle
from hireflow.recruiting.model import (
    Candidate,
    CandidateRepository,
    PositionRepository,
    TimelineEntry,
)
from hireflow.recruiting.status import CandidateStatus

# An application in one of these is over: the employee may be re-assessed again.
FINISHED = frozenset({CandidateStatus.REASSESSED, CandidateStatus.EXPIRED})
# How long a re-assessment stays "imported" before the daily run starts its execution again
# (the start after the commit failed).
START_GRACE = timedelta(minutes=10)
SCHEDULER = "schedule"


class ScheduleChange(ScheduleFields):
    revision: int | None = None


class StartReassessment(BaseModel):
    deadline_days: int = Field(default=14, ge=1, le=60)


class AssessmentRow(BaseModel):
    """One assessment of the employee: hiring's interview, or a re-assessment; with the
    change of each dimension's combined score (and of the overall) since the one before."""

    source: Literal["hiring", "reassessment"]
    at: datetime
    candidate_id: str
    schedule_id: str | None = None
    dimensions: list[BaselineDimension]
    overall: float | None
    change: dict[str, float | None]
    overall_change: float | None


class ReassessmentStatus(BaseModel):
    """The latest re-assessment started: open (its status as the application's), or over
    without scores (its invitation ran out)."""

    candidate_id: str
    status: CandidateStatus
    open: bool
    started_at: datetime
    started_by: str
    schedule_id: str | None
    schedule_name: str | None = None


class ReassessmentHistory(BaseModel):
    employee_id: str
    assessments: list[AssessmentRow]  # hiring first
    latest: ReassessmentStatus | None
    may_start: bool


def _difference(now_: float | None, before: float | None) -> float | None:
    return None if now_ is None or before is None else round(now_ - before, 1)


def _rows(employee: Employee, assessments: AssessmentRepository) -> list[AssessmentRow]:
    rows: list[AssessmentRow] = []
    entries: list[tuple[Any, ...]] = [
        ("hiring", employee.created_at, employee.candidate_id, None, employee.baseline,
         employee.baseline_overall),
    ]  # fmt: skip
    entries += [
        ("reassessment", a.assessed_at, a.candidate_id, a.schedule_id, a.dimensions, a.overall)
        for a in assessments.of_employee(employee.id)
    ]
    for source, at, candidate_id, schedule_id, dimensions, overall in entries:
        before = rows[-1] if rows else None
        previous = {d.key: d.combined for d in before.dimensions} if before else {}
        rows.append(
            AssessmentRow(
                source=source,
                at=at,
                candidate_id=candidate_id,
                schedule_id=schedule_id,
                dimensions=dimensions,
                overall=overall,
                change={d.key: _difference(d.combined, previous.get(d.key)) for d in dimensions},
                overall_change=_difference(overall, before.overall) if before else None,
            )
        )
    return rows


def china_day(at: datetime) -> date:
    return at.astimezone(CHINA_TIME).date()


def due(
    schedule: ReassessmentSchedule,
    employee: Employee,
    latest: LatestReassessment | None,
    today: date,
    latest_status: CandidateStatus | None = None,
) -> bool:
    """The schedule makes the employee due ``today``: in its group, with the tenure, the
    last assessment (hiring's, else the latest re-assessment's close or start) at least
    ``every_months`` ago, and no re-assessment open (``latest_status``: its application's
    status, None when unknown or closed)."""
    if not schedule.active or not schedule.covers(employee):
        return False
    if employee.start_date + relativedelta(months=schedule.min_tenure_months) > today:
        return False
    last = china_day(employee.created_at)
    if latest is not None:
        last = max(last, china_day(latest.closed_at or latest.started_at))
        if latest.closed_at is None and latest_status not in (None, *FINISHED):
            return False
    return last + relativedelta(months=schedule.every_months) <= today


class Unstartable(Conflict):
    """The employee cannot be re-assessed now (a 409 for HR; the daily run skips them)."""


@dataclass(frozen=True)
class Reassessments:
    people: EmployeeService
    employees: EmployeeRepository
    assessments: AssessmentRepository
    reassessments: ReassessmentRepository
    candidates: CandidateRepository
    positions: PositionRepository
    templates: TemplateRepository
    organisation: OrganisationRepository
    lifecycle: ApplicationLifecycle
    uow: UnitOfWorkFactory
    deadline_days: int = 14

    # -------------------------------------------------------------- HQ's schedules
    def schedules(self, caller: Caller) -> list[ReassessmentSchedule]:
        require(caller, Capability.SCHEDULE_REASSESSMENTS, action="re-assessment schedules")
        return self.reassessments.schedules()

    def create_schedule(self, caller: Caller, fields: ScheduleFields) -> ReassessmentSchedule:
        require(caller, Capability.SCHEDULE_REASSESSMENTS, action="re-assessment schedules")
        self._check(fields)
        schedule = ReassessmentSchedule(
            **fields.model_dump(exclude={"revision"}), created_by=caller.username
        )
        with self.uow() as uow:
            created = audited_write(
                uow,
                caller,
                "reassessment_schedule.create",
                schedule,
                entity_id=schedule.id,
                branch_id=schedule.branch_id or HQ_BRANCH_ID,
            )
            uow.commit()
        return created

    def update_schedule(
        self, caller: Caller, schedule_id: str, change: ScheduleChange
    ) -> ReassessmentSchedule:
        require(caller, Capability.SCHEDULE_REASSESSMENTS, action="re-assessment schedules")
        current = self.reassessments.schedule(schedule_id)
        if current is None:
            raise NotFound("no such re-assessment schedule", code="schedule_not_found")
        check_revision(current, change.revision, "the schedule")
        self._check(change)
        updated = current.model_copy(
            update={**change.model_dump(exclude={"revision"}), "updated_at": now()}
        )
        with self.uow() as uow:
            saved = audited_write(
                uow,
                caller,
                "reassessment_schedule.update",
                updated,
                entity_id=current.id,
                branch_id=updated.branch_id or HQ_BRANCH_ID,
                before=current,
            )
            uow.commit()
        return saved

    def _check(self, fields: ScheduleFields) -> None:
        errors: list[FieldError] = []
        if fields.branch_id and self.organisation.get_branch(fields.branch_id) is None:
            errors.append(FieldError("branch_id", "no such branch", "no_such_branch"))
        if fields.position_id:
            position = self.positions.get(fields.position_id)
            if position is None or fields.branch_id not in (None, position.branch_id):
                errors.append(
                    FieldError("position_id", "no such position in the branch", "no_such_position")
                )
        if fields.template_id and self.templates.current(fields.template_id) is None:
            errors.append(FieldError("template_id", "no such template", "no_such_template"))
        if errors:
            raise Invalid("the schedule names what does not exist", errors, code="bad_schedule")

    # -------------------------------------------------------------- one employee
    def history(self, caller: Caller, employee_id: str) -> ReassessmentHistory:
        employee = self.people.get(caller, employee_id)
        latest = self.reassessments.latest(employee.id)
        status = self._status(latest)
        return ReassessmentHistory(
            employee_id=employee.id,
            assessments=_rows(employee, self.assessments),
            latest=status,
            may_start=may_manage_candidate(caller, employee.branch_id)
            and not (status and status.open),
        )

    def start(
        self, caller: Caller, employee_id: str, body: StartReassessment
    ) -> ReassessmentHistory:
        """HR of the employee's branch (or HQ) start a re-assessment now."""
        require(caller, Capability.START_REASSESSMENTS, action="starting a re-assessment")
        employee = self.people.get(caller, employee_id)
        if not may_manage_candidate(caller, employee.branch_id):
            raise NotFound("employee not found", code="employee_not_found")
        latest = self.reassessments.latest(employee.id)
        status = self._status(latest)
        if status and status.open:
            raise Unstartable(
                "a re-assessment of the employee is open already",
                code="reassessment_open",
                params={"status": status.status.value},
            )
        self._open(employee, latest, None, caller.username, body.deadline_days, caller)
        return self.history(caller, employee_id)

    def _status(self, latest: LatestReassessment | None) -> ReassessmentStatus | None:
        if latest is None:
            return None
        candidate = self.candidates.get(latest.candidate_id)
        status = candidate.status if candidate else CandidateStatus.EXPIRED
        schedule = self.reassessments.schedule(latest.schedule_id) if latest.schedule_id else None
        return ReassessmentStatus(
            candidate_id=latest.candidate_id,
            status=status,
            open=latest.closed_at is None and status not in FINISHED,
            started_at=latest.started_at,
            started_by=latest.started_by,
            schedule_id=latest.schedule_id,
            schedule_name=schedule.name if schedule else None,
        )

    def _open(
        self,
        employee: Employee,
        latest: LatestReassessment | None,
        schedule: ReassessmentSchedule | None,
        actor: str,
        deadline_days: int,
        caller: Caller | None = None,
    ) -> Candidate:
        """Create the application and the guard, then start its execution."""
        template_id = schedule.template_id if schedule else None
        position = self.positions.get(employee.position_id)
        if position is None or not (template_id or position.template_id):
            raise Unstartable(
                "the employee's position has no interview template",
                code="reassessment_no_template",
            )
        candidate = Candidate(
            name=employee.name,
            phone=employee.phone,
            email=employee.email,
            branch_id=employee.branch_id,
            position_id=employee.position_id,
            locale="en" if employee.locale == "en" else "zh",
            created_by=actor,
            reached=[CandidateStatus.IMPORTED],
            employee_id=employee.id,
            interview_template_id=template_id,
            hiring_manager_id=self._reviewer(employee),
            invitations_started=1,
            invitation_requested_at=now(),
        )
        started = LatestReassessment(
            employee_id=employee.id,
            branch_id=employee.branch_id,
            candidate_id=candidate.id,
            schedule_id=schedule.id if schedule else None,
            started_at=candidate.created_at,
            started_by=actor,
        )
        with self.uow() as uow:
            if latest is None:
                uow.create(started)
            else:
                uow.save(started.model_copy(update={"revision": latest.revision}))
            uow.create(candidate)
            uow.put(
                TimelineEntry(
                    candidate_id=candidate.id,
                    status=candidate.status,
                    actor=actor,
                    note="periodic re-assessment",
                    note_code="added_reassessment",
                    at=candidate.created_at,
                )
            )
            if caller is not None:
                record(
                    uow,
                    caller,
                    "employee.reassessment_start",
                    branch_id=employee.branch_id,
                    entity=started,
                    entity_id=employee.id,
                )
            uow.commit(on_duplicate="a re-assessment of the employee was started meanwhile")
        self._execute(candidate, started.started_at + timedelta(days=deadline_days))
        return candidate

    def _execute(self, candidate: Candidate, deadline: datetime) -> None:
        self.lifecycle.start(
            f"{candidate.id}-1",
            {
                "candidate_id": candidate.id,
                "deadline": deadline.isoformat(),
                "interview_timeout_seconds": max(1, int((deadline - now()).total_seconds())),
                "scoring_timeout_seconds": self.lifecycle.scoring_timeout_seconds,
                "review_timeout_seconds": self.lifecycle.review_timeout_seconds,
            },
        )

    def _reviewer(self, employee: Employee) -> str | None:
        """The employee's manager reviews the re-assessment, if still a user of the branch
        who can sign in (else nobody: the AI's report alone scores it)."""
        if not employee.manager_id:
            return None
        manager = self.organisation.get_user(employee.manager_id)
        if manager is None or not manager.enabled or manager.branch_id != employee.branch_id:
            return None
        return manager.user_id

    # -------------------------------------------------------------- the daily run
    def run(self, at: datetime) -> int:
        """Start the re-assessments the active schedules make due on ``at``'s China day;
        once a day (a marker of the day, written when the run finishes). Returns how many
        started."""
        today = china_day(at)
        if self.reassessments.run_done(today):
            return 0
        schedules = [s for s in self.reassessments.schedules() if s.active]
        started = 0
        if schedules:
            employees = self._employees_of(schedules)
            latest = self.reassessments.latest_of([e.id for e in employees])
            for employee in employees:
                if self._run_one(employee, latest.get(employee.id), schedules, at, today):
                    started += 1
        self.reassessments.mark_run(ReassessmentRunDone(day=today, started=started))
        logger.info("re-assessments started", started=started, schedules=len(schedules))
        return started

    def _run_one(
        self,
        employee: Employee,
        latest: LatestReassessment | None,
        schedules: list[ReassessmentSchedule],
        at: datetime,
        today: date,
    ) -> bool:
        status: CandidateStatus | None = None
        if latest is not None and latest.closed_at is None:
            candidate = self.candidates.get(latest.candidate_id)
            status = candidate.status if candidate else None
            if (
                candidate
                and status == CandidateStatus.IMPORTED
                and (at - latest.started_at > START_GRACE)
            ):  # its execution never started: start it (a started one is found, not doubled)
                self._execute(candidate, latest.started_at + timedelta(days=self.deadline_days))
        schedule = next((s for s in schedules if due(s, employee, latest, today, status)), None)
        if schedule is None:
            return False
        try:
            self._open(employee, latest, schedule, SCHEDULER, self.deadline_days)
        except (ChangedMeanwhile, Conflict) as skipped:  # another run got there; no template
            logger.info("re-assessment not started", employee_id=employee.id, code=skipped.code)
            return False
        return True

    def _employees_of(self, schedules: list[ReassessmentSchedule]) -> list[Employee]:
        branches = {s.branch_id for s in schedules}
        if None in branches:
            return self.employees.everyone()
        return [e for b in sorted(b for b in branches if b) for e in self.employees.of_branch(b)]

"""Onboarding: HQ's templates (tasks with an owner, a kind and a due offset from the start
date) and each new employee's plan made from one, with real dates.

Access patterns:
- an employee's plan: GetItem pk=EMPLOYEE#<id>, sk=ONBOARDING (created once: the guard
  that makes a duplicate ``employee.created`` harmless)
- a branch's plans: Query gsi1pk=BRANCH#<id>#ONBOARDING (sk <status>#<start date>#<id>)
- every plan: Query gsi2pk=ONBOARDING (the same sk: HQ's dashboard, the hourly reminders)
- a template: GetItem pk=ONBOARDING_TEMPLATE#<id>, sk=TEMPLATE
- every template: Query gsi1pk=ONBOARDING_TEMPLATES (a handful: matched in memory)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field, model_validator

from hireflow.people.model import Employee
from hireflow.platform.errors import invalid_value
from hireflow.platform.ids import new_id, now
from hireflow.platform.store import (
    ItemKeys,
    Repository,
    RevisionConflict,
    Stored,
    give_back_slot,
    read_counter,
    take_slot,
)

ANY = "*"
KEY_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,39}$"


class TaskOwner(StrEnum):
    """Who does a task: HR and IT of the branch (by role), the employee's manager, the
    mentor, or the new hire in the portal."""

    HR = "hr"
    IT = "it"
    MANAGER = "manager"
    MENTOR = "mentor"
    NEW_HIRE = "new_hire"


class TaskKind(StrEnum):
    DOCUMENT = "document"  # the new hire uploads it in the portal; HR approves it
    EQUIPMENT = "equipment"  # computer, badge ...
    ACCOUNTS = "accounts"  # e-mail, DingTalk, systems
    MEETING = "meeting"
    TRAINING = "training"  # a course of the catalogue


class DocumentType(StrEnum):
    ID_CARD = "id_card"
    DIPLOMA = "diploma"
    MEDICAL_REPORT = "medical_report"
    BANK_CARD = "bank_card"
    PHOTO = "photo"
    OTHER = "other"


class TaskStatus(StrEnum):
    OPEN = "open"
    SUBMITTED = "submitted"  # a document uploaded, waiting for HR's review
    DONE = "done"


class TemplateTask(BaseModel):
    key: str = Field(pattern=KEY_PATTERN)
    title: str = Field(min_length=1, max_length=120)
    title_zh: str | None = Field(default=None, max_length=120)
    kind: TaskKind
    owner: TaskOwner
    # Days from the start date: negative is before the first day.
    due_offset_days: int = Field(ge=-90, le=365)
    description: str | None = Field(default=None, max_length=1000)
    document_type: DocumentType | None = None
    course_id: str | None = Field(default=None, max_length=64)

    @model_validator(mode="after")
    def _kind_needs(self) -> TemplateTask:
        if self.kind == TaskKind.DOCUMENT:
            if self.document_type is None:
                raise invalid_value("document_type_required", "a document task names its type")
            if self.owner != TaskOwner.NEW_HIRE:
                raise invalid_value(
                    "document_owner_new_hire", "the new hire uploads documents in the portal"
                )
        if self.kind == TaskKind.TRAINING and not self.course_id:
            raise invalid_value("course_required", "a training task names its course")
        return self


class OnboardingTemplateFields(BaseModel):
    name: str = Field(min_length=1, max_length=120)
    # What the template is for: a position, a branch and a department, each "*" for any.
    position_id: str = Field(default=ANY, max_length=80)
    branch_id: str = Field(default=ANY, max_length=40)
    department: str = Field(default=ANY, max_length=80)
    tasks: list[TemplateTask] = Field(min_length=1, max_length=60)
    # The onboarding notice: what to bring on the first day, and HQ's own words.
    what_to_bring: list[str] = Field(default_factory=list, max_length=20)
    what_to_bring_zh: list[str] = Field(default_factory=list, max_length=20)
    notice: str | None = Field(default=None, max_length=2000)
    notice_zh: str | None = Field(default=None, max_length=2000)

    @model_validator(mode="after")
    def _keys_unique(self) -> OnboardingTemplateFields:
        keys = [t.key for t in self.tasks]
        if len(set(keys)) != len(keys):
            raise invalid_value("task_keys_unique", "task keys must be unique")
        return self


class OnboardingTemplate(OnboardingTemplateFields, Stored):
    KIND = "onboarding_template"

    id: str = Field(default_factory=new_id)
    version: int = 1
    updated_at: datetime = Field(default_factory=now)
    updated_by: str = ""

    def specificity(self, employee: Employee) -> int | None:
        """How closely the template fits the employee (higher is closer); None: not at all.
        The position counts most, then the department, then the branch."""
        score = 0
        for field, value, weight in (
            (self.position_id, employee.position_id, 4),
            (self.department, employee.department, 2),
            (self.branch_id, employee.branch_id, 1),
        ):
            if field == value:
                score += weight
            elif field != ANY:
                return None
        return score

    @staticmethod
    def key(template_id: str) -> tuple[str, str]:
        return f"ONBOARDING_TEMPLATE#{template_id}", "TEMPLATE"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(
            *self.key(self.id),
            gsi1=(
                ALL_TEMPLATES,
                f"{self.branch_id}#{self.position_id}#{self.department}#{self.id}",
            ),
        )


ALL_TEMPLATES = "ONBOARDING_TEMPLATES"


def best_template(
    templates: list[OnboardingTemplate], employee: Employee
) -> OnboardingTemplate | None:
    fitting = [(t.specificity(employee), t) for t in templates]
    ranked = sorted(((s, t) for s, t in fitting if s is not None), key=lambda st: -st[0])
    return ranked[0][1] if ranked else None


class CourseReason(BaseModel):
    """Why a course is on the plan: the position's training plan, or an interview
    dimension that scored below its line (with the evidence that showed it)."""

    source: str  # "position" | "dimension" | "template"
    dimension: str | None = None
    dimension_name: str | None = None
    dimension_name_zh: str | None = None
    score: float | None = None
    threshold: float | None = None
    evidence: list[str] = Field(default_factory=list)


class TrainingRecord(BaseModel):
    """A course's completion and its exam, however it was recorded."""

    completed_on: date
    exam_score: float | None = None
    passed: bool | None = None
    recorded_by: str  # a user id, "new_hire", or "import"
    recorded_at: datetime = Field(default_factory=now)


class PlanTask(BaseModel):
    id: str
    title: str
    title_zh: str | None = None
    kind: TaskKind
    owner: TaskOwner
    due: date
    description: str | None = None
    document_type: DocumentType | None = None
    course_id: str | None = None
    reason: CourseReason | None = None
    status: TaskStatus = TaskStatus.OPEN
    done_at: datetime | None = None
    done_by: str | None = None
    note: str | None = None
    training: TrainingRecord | None = None
    # Reminders sent ("before", "overdue"): each goes once.
    reminded: list[str] = Field(default_factory=list)

    def title_in(self, locale: str) -> str:
        return self.title_zh if locale == "zh" and self.title_zh else self.title

    @property
    def done(self) -> bool:
        return self.status == TaskStatus.DONE


def plan_tasks(template: OnboardingTemplate, start_date: date) -> list[PlanTask]:
    """The template's tasks with real dates, in due order."""
    tasks = [
        PlanTask(
            id=t.key,
            title=t.title,
            title_zh=t.title_zh,
            kind=t.kind,
            owner=t.owner,
            due=start_date + timedelta(days=t.due_offset_days),
            description=t.description,
            document_type=t.document_type,
            course_id=t.course_id,
            reason=CourseReason(source="template") if t.kind == TaskKind.TRAINING else None,
        )
        for t in template.tasks
    ]
    return sorted(tasks, key=lambda task: task.due)


class PlanStatus(StrEnum):
    ACTIVE = "active"
    COMPLETED = "completed"


class OnboardingPlan(Stored):
    KIND = "onboarding_plan"

    employee_id: str
    branch_id: str
    position_id: str
    department: str
    manager_id: str | None = None
    mentor_id: str | None = None
    template_id: str | None = None
    template_version: int | None = None
    start_date: date
    probation_end: date | None = None
    tasks: list[PlanTask] = Field(default_factory=list)
    status: PlanStatus = PlanStatus.ACTIVE
    started_at: datetime = Field(default_factory=now)
    completed_at: datetime | None = None

    def task(self, task_id: str) -> PlanTask | None:
        return next((t for t in self.tasks if t.id == task_id), None)

    def with_task(self, task: PlanTask) -> OnboardingPlan:
        tasks = [task if t.id == task.id else t for t in self.tasks]
        return self.model_copy(update={"tasks": tasks})

    def completing(self, task_id: str, by: str, **changes: object) -> OnboardingPlan:
        """The plan with the task done (and ``changes`` on it: a note, a training record);
        the plan is completed with its last task."""
        task = self.task(task_id)
        assert task is not None
        at = now()
        done = task.model_copy(
            update={"status": TaskStatus.DONE, "done_at": at, "done_by": by, **changes}
        )
        plan = self.with_task(done)
        if plan.all_done and plan.status == PlanStatus.ACTIVE:
            plan = plan.model_copy(update={"status": PlanStatus.COMPLETED, "completed_at": at})
        return plan

    @property
    def progress(self) -> tuple[int, int]:
        return sum(1 for t in self.tasks if t.done), len(self.tasks)

    @property
    def all_done(self) -> bool:
        return all(t.done for t in self.tasks)

    def overdue(self, today: date) -> list[PlanTask]:
        return [t for t in self.tasks if not t.done and t.due < today]

    @staticmethod
    def key(employee_id: str) -> tuple[str, str]:
        return f"EMPLOYEE#{employee_id}", "ONBOARDING"

    @staticmethod
    def of_branch(branch_id: str) -> str:
        return f"BRANCH#{branch_id}#ONBOARDING"

    def item_keys(self) -> ItemKeys:
        sort = f"{self.status}#{self.start_date.isoformat()}#{self.employee_id}"
        return ItemKeys(
            *self.key(self.employee_id),
            gsi1=(self.of_branch(self.branch_id), sort),
            gsi2=(ALL_PLANS, sort),
        )


ALL_PLANS = "ONBOARDING"


class OnboardingRepository:
    def __init__(self) -> None:
        self._plans = Repository(OnboardingPlan)
        self._templates = Repository(OnboardingTemplate)

    # -------------------------------------------------------------- plans
    def plan(self, employee_id: str) -> OnboardingPlan | None:
        return self._plans.get(*OnboardingPlan.key(employee_id))

    def plans_of_branch(
        self, branch_id: str, status: PlanStatus | None = None
    ) -> list[OnboardingPlan]:
        prefix = f"{status}#" if status else ""
        return list(self._plans.iterate(OnboardingPlan.of_branch(branch_id), prefix, index="gsi1"))

    def plans(self, status: PlanStatus | None = None) -> list[OnboardingPlan]:
        prefix = f"{status}#" if status else ""
        return list(self._plans.iterate(ALL_PLANS, prefix, index="gsi2"))

    def change(
        self, employee_id: str, update: Callable[[OnboardingPlan], OnboardingPlan | None]
    ) -> OnboardingPlan | None:
        """Read, change and save with the revision read, again when a concurrent change got
        there first. ``update`` returns None to change nothing."""
        for _ in range(5):
            plan = self.plan(employee_id)
            if plan is None:
                return None
            changed = update(plan)
            if changed is None:
                return plan
            try:
                return self._plans.save(changed)
            except RevisionConflict:
                continue
        raise RevisionConflict(f"onboarding plan of {employee_id} kept changing")

    # -------------------------------------------------------------- templates
    def template(self, template_id: str) -> OnboardingTemplate | None:
        return self._templates.get(*OnboardingTemplate.key(template_id))

    def templates(self) -> list[OnboardingTemplate]:
        return list(self._templates.iterate(ALL_TEMPLATES, index="gsi1"))


# ---------------------------------------------------------------------- the new hire's portal
# Access patterns (docs/onboarding.md, "The new hire's portal and documents"):
# - the employee behind a link: GetItem pk=NEW_HIRE_TOKEN#<sha256 of the token>
# - a verified new hire's session: GetItem pk=NEW_HIRE_SESSION#<sha256 of the session>
# - the employee's portal (welcome sent, lock, the notice's words): GetItem
#   pk=EMPLOYEE#<id>, sk=NEW_HIRE_PORTAL (created once: the guard that sends one welcome)
# - wrong phone numbers given for the employee's links (a counter): pk=EMPLOYEE#<id>,
#   sk=WRONG_PHONES
# - an employee's documents: Query pk=EMPLOYEE#<id>, sk begins with DOCUMENT#; one of
#   them (its S3 key names the employee and the document): GetItem sk=DOCUMENT#<id>


class NewHireLink(Stored):
    """A link to the new hire's portal (stored as the hash of its token): the welcome's,
    and every fresh one HR or a rejected document sends."""

    KIND = "new_hire_link"

    token_hash: str
    employee_id: str
    valid_until: datetime

    @staticmethod
    def key(token_hash: str) -> tuple[str, str]:
        return f"NEW_HIRE_TOKEN#{token_hash}", "NEW_HIRE_TOKEN"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.token_hash))

    def expires_at(self) -> datetime | None:
        return self.valid_until + timedelta(days=7)


class NewHireSession(Stored):
    """A verified new hire's short-lived session (stored as the hash of its token)."""

    KIND = "new_hire_session"

    session_hash: str
    employee_id: str
    expires: datetime

    @staticmethod
    def key(session_hash: str) -> tuple[str, str]:
        return f"NEW_HIRE_SESSION#{session_hash}", "NEW_HIRE_SESSION"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.session_hash))

    def expires_at(self) -> datetime | None:
        return self.expires


class NewHirePortalState(Stored):
    """The employee's portal: created with the welcome (once), locked after too many
    wrong phone numbers (HR's fresh link opens it again), and the notice as it was sent
    (what to bring and HQ's words, in the new hire's language)."""

    KIND = "new_hire_portal"

    employee_id: str
    welcomed_at: datetime = Field(default_factory=now)
    links_sent: int = 1
    last_link_at: datetime = Field(default_factory=now)
    verified_at: datetime | None = None
    locked_at: datetime | None = None
    what_to_bring: list[str] = Field(default_factory=list)
    message: str = ""

    @staticmethod
    def key(employee_id: str) -> tuple[str, str]:
        return f"EMPLOYEE#{employee_id}", "NEW_HIRE_PORTAL"

    @staticmethod
    def wrong_phones_key(employee_id: str) -> tuple[str, str]:
        return f"EMPLOYEE#{employee_id}", "WRONG_PHONES"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.employee_id))


class DocumentStatus(StrEnum):
    GRANTED = "granted"  # an upload allowed; nothing arrived (or not checked yet)
    RECEIVED = "received"  # arrived and passed the checks: waiting for HR
    REFUSED = "refused"  # failed the checks: deleted, the new hire told why
    APPROVED = "approved"  # HR accepted it: its task is done
    REJECTED = "rejected"  # HR did not (with a reason): the new hire uploads again


class OnboardingDocument(Stored):
    """One upload of a document task: granted to the new hire, checked when S3 has it,
    reviewed by HR. Metadata only: the file is the S3 object ``object_key`` (its
    version pinned when it passed the checks)."""

    KIND = "onboarding_document"

    id: str = Field(default_factory=new_id)
    employee_id: str
    task_id: str
    document_type: DocumentType
    content_type: str
    object_key: str  # in the media bucket, under onboarding/
    declared_bytes: int
    status: DocumentStatus = DocumentStatus.GRANTED
    granted_at: datetime = Field(default_factory=now)
    # The new hire said the upload finished (the page's "I uploaded it").
    claimed_at: datetime | None = None
    received_at: datetime | None = None
    size: int | None = None
    version_id: str | None = None
    etag: str | None = None
    refusal: str | None = None  # why the checks refused it, in English; the code for others
    refusal_code: str | None = None
    refusal_params: dict[str, Any] = Field(default_factory=dict)
    reviewed_at: datetime | None = None
    reviewed_by: str | None = None
    rejection_reason: str | None = None

    @staticmethod
    def key(employee_id: str, document_id: str) -> tuple[str, str]:
        return f"EMPLOYEE#{employee_id}", f"DOCUMENT#{document_id}"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.employee_id, self.id))


class NewHireRepository:
    """The new hire's portal: links, sessions, its state and the uploaded documents."""

    def __init__(self) -> None:
        self._links = Repository(NewHireLink)
        self._sessions = Repository(NewHireSession)
        self._portals = Repository(NewHirePortalState)
        self._documents = Repository(OnboardingDocument)

    def link(self, token_hash: str) -> NewHireLink | None:
        return self._links.get(*NewHireLink.key(token_hash))

    def session(self, session_hash: str) -> NewHireSession | None:
        return self._sessions.get(*NewHireSession.key(session_hash))

    def open_session(self, session: NewHireSession) -> None:
        self._sessions.put(session)

    def portal(self, employee_id: str) -> NewHirePortalState | None:
        return self._portals.get(*NewHirePortalState.key(employee_id))

    def change_portal(
        self, employee_id: str, update: Callable[[NewHirePortalState], NewHirePortalState | None]
    ) -> NewHirePortalState | None:
        for _ in range(5):
            current = self.portal(employee_id)
            if current is None:
                return None
            changed = update(current)
            if changed is None:
                return current
            try:
                return self._portals.save(changed)
            except RevisionConflict:
                continue
        raise RevisionConflict(f"the portal of {employee_id} kept changing")

    # Wrong phone numbers are counted before the number is checked (``take_slot``).
    def count_wrong_phone(self, employee_id: str, limit: int) -> int | None:
        return take_slot(*NewHirePortalState.wrong_phones_key(employee_id), limit)

    def uncount_wrong_phone(self, employee_id: str) -> None:
        give_back_slot(*NewHirePortalState.wrong_phones_key(employee_id))

    def wrong_phones(self, employee_id: str) -> int:
        return read_counter(*NewHirePortalState.wrong_phones_key(employee_id))

    def document(self, employee_id: str, document_id: str) -> OnboardingDocument | None:
        return self._documents.get(*OnboardingDocument.key(employee_id, document_id))

    def documents(self, employee_id: str) -> list[OnboardingDocument]:
        """The employee's documents, oldest grant first."""
        pk, prefix = OnboardingDocument.key(employee_id, "")
        found = self._documents.iterate(pk, prefix)
        return sorted(found, key=lambda d: d.granted_at)

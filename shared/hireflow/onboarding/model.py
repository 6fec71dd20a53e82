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

from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, timezone
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
from hireflow.platform.store import field as stored_field

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

    def put_template(self, template: OnboardingTemplate) -> None:
        """Seeding (the demo's template); HQ's changes go through a unit of work."""
        self._templates.put(template)


# ====================================================================== probation
# (onboarding/probation.py; docs/onboarding.md "Probation")
#
# Access patterns:
# - an employee's probation: GetItem pk=EMPLOYEE#<id>, sk=PROBATION
# - its reviews, one per period: Query pk=EMPLOYEE#<id>, sk begins_with PROBATION# (the
#   key of a period's review is also the guard that makes it one decision per period)
# - open probations by end date: Query gsi1pk=BRANCH#<id>#PROBATION (a branch's) or
#   gsi2pk=PROBATION (every branch's), sk <end date>#<employee id>; sparse: a probation
#   leaves the index when it is decided (confirmed, or not confirmed)

# Plan and probation dates are China's calendar days (the offer's dates are).
CHINA_TIME = timezone(timedelta(hours=8), "CST")


def china_day(at: datetime) -> date:
    """The calendar day in China at ``at`` (the schedule's time, or now)."""
    return at.astimezone(CHINA_TIME).date()


class ProbationOutcome(StrEnum):
    CONFIRMED = "confirmed"  # 转正
    EXTENDED = "extended"  # 延长试用期: a new period to a later end
    NOT_CONFIRMED = "not_confirmed"  # 不予转正


class ProbationScore(BaseModel):
    """A dimension of the position's competency model as it was scored (its names and
    weight kept with the score, as the model may change later)."""

    key: str
    name: str
    name_zh: str | None = None
    weight: float
    score: int = Field(ge=0, le=100)


class ProbationReview(Stored):
    """The decision of one probation period: the first performance data point after the
    interview (docs/onboarding.md)."""

    KIND = "probation_review"

    employee_id: str
    branch_id: str
    position_id: str
    period: int = Field(ge=1)
    outcome: ProbationOutcome
    scores: list[ProbationScore]
    overall: float  # weighted by the dimensions' weights
    comment: str
    period_end: date  # the end the decision was made for
    extended_to: date | None = None
    reviewer_id: str
    reviewer: str
    # HR or HQ recording the manager's review: the manager, named too.
    on_behalf_of: str | None = None
    on_behalf_of_name: str | None = None
    decided_at: datetime = Field(default_factory=now)

    def score_of(self, key: str) -> int | None:
        return next((s.score for s in self.scores if s.key == key), None)

    @staticmethod
    def key(employee_id: str, period: int) -> tuple[str, str]:
        return f"EMPLOYEE#{employee_id}", f"{REVIEWS}{period:02d}"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.employee_id, self.period))


REVIEWS = "PROBATION#"


class Probation(Stored):
    """An employee's probation: its current period and end, whether the manager was asked
    for this period's review, and how it ended. Kept in the index of open probations
    until it is decided."""

    KIND = "probation"

    employee_id: str
    branch_id: str
    manager_id: str | None = None
    start_date: date
    end: date
    period: int = 1  # an extension opens the next one
    asked_period: int | None = None  # the period the manager was asked to review
    asked_at: datetime | None = None
    decided: ProbationOutcome | None = None  # confirmed or not confirmed: it is over

    @classmethod
    def of(cls, employee: Employee, end: date) -> Probation:
        """The first period of the employee's probation, ending on ``end`` (the offer's)."""
        return cls(
            employee_id=employee.id,
            branch_id=employee.branch_id,
            manager_id=employee.manager_id,
            start_date=employee.start_date,
            end=end,
        )

    @property
    def open(self) -> bool:
        return self.decided is None

    @staticmethod
    def key(employee_id: str) -> tuple[str, str]:
        return f"EMPLOYEE#{employee_id}", "PROBATION"

    @staticmethod
    def of_branch(branch_id: str) -> str:
        return f"BRANCH#{branch_id}#PROBATION"

    def item_keys(self) -> ItemKeys:
        if not self.open:
            return ItemKeys(*self.key(self.employee_id))
        sort = f"{self.end.isoformat()}#{self.employee_id}"
        return ItemKeys(
            *self.key(self.employee_id),
            gsi1=(self.of_branch(self.branch_id), sort),
            gsi2=(OPEN_PROBATIONS, sort),
        )


OPEN_PROBATIONS = "PROBATION"


class ProbationRepository:
    def __init__(self) -> None:
        self._probations = Repository(Probation)
        self._reviews = Repository(ProbationReview)

    def probation(self, employee_id: str) -> Probation | None:
        return self._probations.get(*Probation.key(employee_id))

    def reviews(self, employee_id: str) -> list[ProbationReview]:
        """Every period's review, the first first."""
        pk, _ = ProbationReview.key(employee_id, 1)
        return list(self._reviews.iterate(pk, REVIEWS))

    def review(self, employee_id: str, period: int) -> ProbationReview | None:
        return self._reviews.get(*ProbationReview.key(employee_id, period))

    def open_ending_by(
        self,
        last_day: date,
        *,
        branch_id: str | None = None,
        manager_id: str | None = None,
    ) -> Iterator[Probation]:
        """Open probations that end on or before ``last_day`` (overdue ones first), of a
        branch or of every branch, of one manager's people when ``manager_id`` is given.
        Read in end order and no further than the first one ending later (the index holds
        only open probations: the people on probation now)."""
        partition = Probation.of_branch(branch_id) if branch_id else OPEN_PROBATIONS
        index = "gsi1" if branch_id else "gsi2"
        only = stored_field("manager_id") == manager_id if manager_id else None
        for probation in self._probations.iterate(partition, index=index, filter_by=only):
            if probation.end > last_day:
                return
            yield probation


# ====================================================================== training
# HQ's course catalogue, each position's training plan and the map from an interview
# dimension to the courses that train it (docs/onboarding.md, "Training personalised
# from the interview"). The courses themselves land on a plan as training tasks.
#
# Access patterns:
# - a course: GetItem pk=COURSE#<id>, sk=COURSE; the catalogue: Query gsi1pk=COURSES
# - a position's training plan: GetItem pk=POSITION#<id>, sk=TRAINING_PLAN; every one:
#   Query gsi1pk=TRAINING_PLANS
# - the courses a dimension calls for: Query pk=TRAINING_MAP#<dimension> (one item for
#   every position, "*", and one per position it is limited to); the whole map: Query
#   gsi1pk=TRAINING_MAPS
# - a mentor's mentees: Query gsi1pk=BRANCH#<id>#ONBOARDING, sk begins_with active#,
#   filtered by mentor_id (a mentor is a user of the employee's branch)

# A course's id: HQ's, or the learning system's own code, so its exports match.
COURSE_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
DIMENSION_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"


class CourseFields(BaseModel):
    title: str = Field(min_length=1, max_length=120)
    title_zh: str | None = Field(default=None, max_length=120)
    provider: str = Field(min_length=1, max_length=120)
    hours: float = Field(gt=0, le=1000)
    # None: the course has no exam (completing it is enough).
    exam_passing_score: float | None = Field(default=None, ge=0, le=100)
    # A retired course is kept (plans name it) but no longer added to new plans.
    active: bool = True


class Course(CourseFields, Stored):
    KIND = "course"

    id: str = Field(pattern=COURSE_ID_PATTERN)
    updated_at: datetime = Field(default_factory=now)
    updated_by: str = ""

    def title_in(self, locale: str) -> str:
        return self.title_zh if locale == "zh" and self.title_zh else self.title

    def passed(self, exam_score: float | None) -> bool | None:
        """Whether an exam score passes; None: the course has no exam."""
        if self.exam_passing_score is None:
            return None
        return exam_score is not None and exam_score >= self.exam_passing_score

    @staticmethod
    def key(course_id: str) -> tuple[str, str]:
        return f"COURSE#{course_id}", "COURSE"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.id), gsi1=(ALL_COURSES, f"{self.title}#{self.id}"))


ALL_COURSES = "COURSES"


class PlannedCourse(BaseModel):
    course_id: str = Field(min_length=1, max_length=64)  # checked against the catalogue
    # Days from the start date: negative is before the first day.
    due_offset_days: int = Field(ge=-90, le=365)


class PositionTrainingPlanFields(BaseModel):
    """The courses every new hire of the position takes, in order."""

    courses: list[PlannedCourse] = Field(max_length=30)

    @model_validator(mode="after")
    def _courses_once(self) -> PositionTrainingPlanFields:
        ids = [c.course_id for c in self.courses]
        if len(set(ids)) != len(ids):
            raise invalid_value("course_ids_unique", "a course appears once in a plan")
        return self


class PositionTrainingPlan(PositionTrainingPlanFields, Stored):
    KIND = "position_training_plan"

    position_id: str = Field(min_length=1, max_length=80)
    updated_at: datetime = Field(default_factory=now)
    updated_by: str = ""

    @staticmethod
    def key(position_id: str) -> tuple[str, str]:
        return f"POSITION#{position_id}", "TRAINING_PLAN"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.position_id), gsi1=(ALL_TRAINING_PLANS, self.position_id))


ALL_TRAINING_PLANS = "TRAINING_PLANS"


class DimensionCoursesFields(BaseModel):
    # Checked against the catalogue.
    course_ids: list[str] = Field(min_length=1, max_length=5)

    @model_validator(mode="after")
    def _ids(self) -> DimensionCoursesFields:
        if len(set(self.course_ids)) != len(self.course_ids):
            raise invalid_value("course_ids_unique", "a course appears once in a plan")
        return self


class DimensionCourses(DimensionCoursesFields, Stored):
    """The courses a dimension scored below its line calls for: for every position
    (``position_id`` "*"), or for one position, which then uses these instead."""

    KIND = "dimension_courses"

    dimension: str = Field(pattern=DIMENSION_PATTERN)
    position_id: str = Field(default=ANY, min_length=1, max_length=80)
    updated_at: datetime = Field(default_factory=now)
    updated_by: str = ""

    @staticmethod
    def key(dimension: str, position_id: str) -> tuple[str, str]:
        return f"TRAINING_MAP#{dimension}", f"POSITION#{position_id}"

    @staticmethod
    def of_dimension(dimension: str) -> str:
        return f"TRAINING_MAP#{dimension}"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(
            *self.key(self.dimension, self.position_id),
            gsi1=(ALL_TRAINING_MAPS, f"{self.dimension}#{self.position_id}"),
        )


ALL_TRAINING_MAPS = "TRAINING_MAPS"


class TrainingRepository:
    def __init__(self) -> None:
        self._courses = Repository(Course)
        self._plans = Repository(PositionTrainingPlan)
        self._maps = Repository(DimensionCourses)
        self._onboarding = Repository(OnboardingPlan)

    # -------------------------------------------------------------- the catalogue
    def course(self, course_id: str) -> Course | None:
        return self._courses.get(*Course.key(course_id))

    def courses(self) -> list[Course]:
        return list(self._courses.iterate(ALL_COURSES, index="gsi1"))

    def courses_by_id(self, course_ids: list[str]) -> dict[str, Course]:
        if not course_ids:
            return {}
        found = self._courses.batch_get([Course.key(c) for c in course_ids])
        return {course.id: course for course in found}

    # -------------------------------------------------------------- position plans
    def position_plan(self, position_id: str) -> PositionTrainingPlan | None:
        return self._plans.get(*PositionTrainingPlan.key(position_id))

    def position_plans(self) -> list[PositionTrainingPlan]:
        return list(self._plans.iterate(ALL_TRAINING_PLANS, index="gsi1"))

    # -------------------------------------------------------------- the dimension map
    def mapping(self, dimension: str, position_id: str) -> DimensionCourses | None:
        return self._maps.get(*DimensionCourses.key(dimension, position_id))

    def courses_of(self, dimension: str, position_id: str) -> list[str]:
        """The courses ``dimension`` calls for in ``position_id``: the position's own
        mapping, else the one for every position."""
        entries = {
            m.position_id: m for m in self._maps.iterate(DimensionCourses.of_dimension(dimension))
        }
        chosen = entries.get(position_id) or entries.get(ANY)
        return list(chosen.course_ids) if chosen else []

    def dimension_map(self) -> list[DimensionCourses]:
        return list(self._maps.iterate(ALL_TRAINING_MAPS, index="gsi1"))

    # -------------------------------------------------------------- plans, mentors
    def plans_of(self, employee_ids: list[str]) -> dict[str, OnboardingPlan]:
        """Several employees' plans at once (an import's rows)."""
        if not employee_ids:
            return {}
        found = self._onboarding.batch_get([OnboardingPlan.key(e) for e in employee_ids])
        return {plan.employee_id: plan for plan in found}

    def mentees(self, branch_id: str, mentor_id: str) -> list[OnboardingPlan]:
        """The active plans of the branch whose mentor is ``mentor_id`` (a branch has a
        few dozen new hires at a time: read and picked here)."""
        active = self._onboarding.iterate(
            OnboardingPlan.of_branch(branch_id), f"{PlanStatus.ACTIVE}#", index="gsi1"
        )
        return [plan for plan in active if plan.mentor_id == mentor_id]


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
    # The employee left (privacy retention): kept, closed to everyday reading.
    archived_at: datetime | None = None

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

    def documents(self, employee_id: str, *, archived: bool = False) -> list[OnboardingDocument]:
        """The employee's documents, oldest grant first (archived ones only when asked:
        retention and erasure)."""
        pk, prefix = OnboardingDocument.key(employee_id, "")
        found = (d for d in self._documents.iterate(pk, prefix) if archived or not d.archived_at)
        return sorted(found, key=lambda d: d.granted_at)


# ---------------------------------------------------------------- training suggestions
# The loop (docs/analytics.md, "The loop (15 % rule)"): a dimension whose performance in a
# review fell more than the threshold below its assessed score gets a suggestion of the
# courses mapped to it, with the evidence, for the manager to accept (the courses join the
# plan) or dismiss with a reason.
#
# Access patterns:
# - an employee's suggestions: Query pk=EMPLOYEE#<id>, sk begins_with SUGGESTION#
# - one (the guard that makes it once per employee, period and dimension): GetItem
#   pk=EMPLOYEE#<id>, sk=SUGGESTION#<period>#<dimension>


class SuggestionStatus(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DISMISSED = "dismissed"


class SuggestedCourse(BaseModel):
    id: str
    title: str
    title_zh: str | None = None
    # Accepted: whether the course joined the plan (False: it was on it already).
    added: bool | None = None


class TrainingSuggestion(Stored):
    KIND = "training_suggestion"

    id: str = Field(default_factory=new_id)
    employee_id: str
    branch_id: str
    manager_id: str | None = None
    period: str
    dimension: str
    dimension_name: str
    dimension_name_zh: str | None = None
    assessed: float  # the current assessment's combined score
    assessment_source: str  # "hiring" or "reassessment"
    performance: float  # the review's score of the dimension
    gap: float  # (assessed - performance) / assessed
    threshold: float
    courses: list[SuggestedCourse]
    # What the interview showed on the dimension (onboarding.evidence), and the review.
    evidence: list[str] = Field(default_factory=list)
    review_comment: str = ""
    reviewer_name: str | None = None
    status: SuggestionStatus = SuggestionStatus.OPEN
    decided_by: str | None = None
    decided_at: datetime | None = None
    reason: str | None = None  # why it was dismissed
    created_at: datetime = Field(default_factory=now)

    @staticmethod
    def key(employee_id: str, period: str, dimension: str) -> tuple[str, str]:
        return f"EMPLOYEE#{employee_id}", f"{SUGGESTIONS}{period}#{dimension}"

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.employee_id, self.period, self.dimension))


SUGGESTIONS = "SUGGESTION#"


class SuggestionRepository:
    def __init__(self) -> None:
        self._suggestions = Repository(TrainingSuggestion)

    def get(self, employee_id: str, period: str, dimension: str) -> TrainingSuggestion | None:
        return self._suggestions.get(*TrainingSuggestion.key(employee_id, period, dimension))

    def of_employee(self, employee_id: str) -> list[TrainingSuggestion]:
        found = self._suggestions.iterate(f"EMPLOYEE#{employee_id}", SUGGESTIONS)
        return sorted(found, key=lambda s: (s.created_at, s.dimension), reverse=True)

"""Training personalised from the interview: the courses a new hire's plan gets when it is
made (docs/onboarding.md, "Training personalised from the interview").

- Every course of the position's training plan, due its offset from the start date.
- For every interview dimension of the employee's baseline whose combined score (AI and
  interviewers, as the offer was decided on) is below the position's line for it
  (``Dimension.pass_line``, else ``DEFAULT_PASS_LINE``), the courses HQ mapped to the
  dimension (for the position, else for every position), due ``EVIDENCE_COURSE_DUE_DAYS``
  after the start date, with the reason: the dimension, the score against the line and
  what the interview showed (``evidence``).
- A course both planned and called for appears once, on the position plan's date, with
  the dimension's reason; a course two weak dimensions call for carries the weaker one's.
- A dimension without a combined score adds nothing (no score is made up), nor does a
  retired course or one missing from the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from hireflow.assessment.model import DEFAULT_PASS_LINE
from hireflow.onboarding.evidence import evidence_lines
from hireflow.onboarding.model import (
    Course,
    CourseReason,
    PlanTask,
    TaskKind,
    TaskOwner,
    TrainingRepository,
)
from hireflow.people.model import BaselineDimension, Employee
from hireflow.recruiting.model import PositionRepository
from hireflow.scoring.model import InterviewReport
from hireflow.scoring.reports import Reports

# When a course added for a weak dimension is due, in days from the start date: inside
# the first month, while the gap matters most (the position plan's own date wins).
EVIDENCE_COURSE_DUE_DAYS = 30


def course_task_id(course_id: str) -> str:
    """The id of a course's task on a plan (a course is on a plan once)."""
    return f"course-{course_id}"


def course_task(course: Course, due: date, reason: CourseReason) -> PlanTask:
    hours = f"{course.hours:g} h"
    return PlanTask(
        id=course_task_id(course.id),
        title=course.title,
        title_zh=course.title_zh,
        kind=TaskKind.TRAINING,
        owner=TaskOwner.NEW_HIRE,
        due=due,
        description=f"{course.provider} · {hours}",
        course_id=course.id,
        reason=reason,
    )


@dataclass(frozen=True)
class TrainingPlanner:
    training: TrainingRepository
    positions: PositionRepository
    reports: Reports

    def weak_dimensions(self, employee: Employee) -> list[tuple[BaselineDimension, float]]:
        """The baseline's dimensions below the position's line, each with its line, the
        furthest below first."""
        position = self.positions.get(employee.position_id)
        dimensions = {d.key: d for d in position.competency_model.dimensions} if position else {}
        weak = []
        for scored in employee.baseline:
            if scored.combined is None:
                continue  # nothing measured it: no score is made up
            found = dimensions.get(scored.key)
            line = found.line if found else DEFAULT_PASS_LINE
            if scored.combined < line:
                weak.append((scored, line))
        return sorted(weak, key=lambda pair: pair[0].combined - pair[1])  # type: ignore[operator]

    def courses_for(self, employee: Employee) -> list[PlanTask]:
        """The training tasks of the employee's new plan (module doc), in due order."""
        reasons: dict[str, CourseReason] = {}
        report: InterviewReport | None = None
        read = False
        for dimension, line in self.weak_dimensions(employee):
            course_ids = self.training.courses_of(dimension.key, employee.position_id)
            if not course_ids:
                continue
            if not read:
                report, read = self.report(employee), True
            reason = CourseReason(
                source="dimension",
                dimension=dimension.key,
                dimension_name=dimension.name,
                dimension_name_zh=dimension.name_zh,
                score=dimension.combined,
                threshold=line,
                evidence=evidence_lines(report, dimension, line, employee.locale),
            )
            for course_id in course_ids:
                reasons.setdefault(course_id, reason)  # the weakest dimension first
        plan = self.training.position_plan(employee.position_id)
        planned = plan.courses if plan else []
        wanted = list(dict.fromkeys([*(p.course_id for p in planned), *reasons]))
        catalogue = self.training.courses_by_id(wanted)
        start, tasks = employee.start_date, []
        for entry in planned:
            course = catalogue.get(entry.course_id)
            if course is None or not course.active:
                continue
            why: CourseReason | None = reasons.pop(course.id, None)
            due = start + timedelta(days=entry.due_offset_days)
            tasks.append(course_task(course, due, why or CourseReason(source="position")))
        for course_id, reason in reasons.items():
            course = catalogue.get(course_id)
            if course is None or not course.active:
                continue
            due = start + timedelta(days=EVIDENCE_COURSE_DUE_DAYS)
            tasks.append(course_task(course, due, reason))
        return sorted(tasks, key=lambda t: t.due)

    def report(self, employee: Employee) -> InterviewReport | None:
        """The AI report of the video interview the baseline comes from (a second round
        is in person: the latest video round's)."""
        for round_ in range(employee.baseline_round, 0, -1):
            found = self.reports.read(employee.candidate_id, round_)
            if found is not None:
                return found
        return None

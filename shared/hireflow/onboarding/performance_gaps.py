"""The loop, the 15 % rule (docs/analytics.md, "The loop (15 % rule)"): when a review's
score of a dimension is more than the threshold (a setting, 0.15 by default) below the
current assessment's combined score of it, relative to that score, the employee's
manager gets a training suggestion: the courses HQ mapped to the dimension
(``TrainingCatalogue.dimension_map``: the position's mapping, else every position's),
the evidence - what the interview showed on the dimension (``onboarding.evidence``) and
the review's score and comment - stored on the employee and sent by e-mail.

Runs on ``performance.reviewed`` (the EmployeeEventsFunction). A suggestion is made once
per employee, period and dimension whatever the deliveries and retries: its key is the
guard. A dimension the review did not score, or the assessment never measured, is left
out (no score is made up), and so is one with no active course mapped to it.

The manager (or HR of the branch, or HQ) accepts a suggestion - each course not yet on
the employee's plan joins it, due ``SUGGESTED_COURSE_DUE_DAYS`` from today, with the
suggestion's reason - or dismisses it with a reason. Both are on the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from pydantic import BaseModel, Field, field_validator

from hireflow.assessment.model import DEFAULT_PASS_LINE
from hireflow.audit.service import record
from hireflow.identity.model import Caller, Role
from hireflow.identity.permissions import Capability, can, may_review_performance
from hireflow.notifications.model import NotificationEvent
from hireflow.notifications.sending import MessageRequest
from hireflow.onboarding.evidence import evidence_lines
from hireflow.onboarding.model import (
    CourseReason,
    OnboardingRepository,
    PlanStatus,
    SuggestedCourse,
    SuggestionRepository,
    SuggestionStatus,
    TrainingRepository,
    TrainingSuggestion,
    china_day,
)
from hireflow.onboarding.notices import EmployeeNotices
from hireflow.onboarding.training import TrainingPlanner, course_task, course_task_id
from hireflow.people.model import (
    AssessmentRepository,
    CurrentAssessment,
    Employee,
    EmployeeRepository,
    PerformanceRepository,
    PerformanceReview,
)
from hireflow.people.performance import is_below, relative_gap
from hireflow.platform.errors import Conflict, NotFound, invalid_value
from hireflow.platform.ids import now
from hireflow.platform.observability import logger
from hireflow.platform.unit_of_work import UnitOfWorkFactory
from hireflow.scoring.model import InterviewReport

# A suggested course accepted is due this many days later.
SUGGESTED_COURSE_DUE_DAYS = 30


class Dismissal(BaseModel):
    reason: str = Field(max_length=1000)

    @field_validator("reason")
    @classmethod
    def _reason(cls, value: str) -> str:
        if not value.strip():
            raise invalid_value("dismiss_reason_required", "say why the suggestion is dismissed")
        return value.strip()


@dataclass(frozen=True)
class PerformanceGaps:
    """The rule, run on ``performance.reviewed``."""

    employees: EmployeeRepository
    performance: PerformanceRepository
    assessments: AssessmentRepository
    training: TrainingRepository
    suggestions: SuggestionRepository
    planner: TrainingPlanner
    notices: EmployeeNotices
    uow: UnitOfWorkFactory
    threshold: float = 0.15

    def reviewed(self, employee_id: str, period: str) -> list[TrainingSuggestion]:
        """The suggestions this review made (none when an earlier delivery made them)."""
        employee = self.employees.get(employee_id)
        review = self.performance.get(employee_id, period) if employee else None
        if employee is None or review is None:
            return []
        current = self.assessments.current(employee)
        made = self.suggest(employee, review, current)
        if not made:
            return []
        with self.uow() as uow:
            for suggestion in made:
                uow.create(suggestion)
            self.notices.file(
                uow,
                employee,
                f"training_suggested#{period}#{'+'.join(s.dimension for s in made)}",
                self._messages(employee, made),
            )
            try:
                uow.commit(on_duplicate="suggested meanwhile")
            except Conflict:  # a concurrent delivery of the same event made them
                return []
        logger.info("training suggested", employee_id=employee.id, suggestions=len(made))
        return made

    def suggest(
        self, employee: Employee, review: PerformanceReview, current: CurrentAssessment
    ) -> list[TrainingSuggestion]:
        """The suggestions the review calls for that do not exist yet (module doc)."""
        assessed = {d.key: d for d in current.dimensions}
        report: InterviewReport | None = None
        read = False
        made = []
        for scored in review.dimensions:
            dimension = assessed.get(scored.key)
            base = dimension.combined if dimension else None
            gap = relative_gap(base, scored.score)
            if dimension is None or base is None or gap is None:
                continue
            if not is_below(gap, self.threshold):
                continue
            if self.suggestions.get(employee.id, review.period, scored.key) is not None:
                continue
            catalogue = self.training.courses_by_id(
                self.training.courses_of(scored.key, employee.position_id)
            )
            courses = [c for c in catalogue.values() if c.active]
            if not courses:
                continue
            if not read:
                report, read = self._report(employee, current), True
            lines = evidence_lines(report, dimension, DEFAULT_PASS_LINE, employee.locale)
            made.append(
                TrainingSuggestion(
                    employee_id=employee.id,
                    branch_id=employee.branch_id,
                    manager_id=employee.manager_id,
                    period=review.period,
                    dimension=scored.key,
                    dimension_name=dimension.name,
                    dimension_name_zh=dimension.name_zh,
                    assessed=base,
                    assessment_source=current.source,
                    performance=scored.score,
                    gap=gap,
                    threshold=self.threshold,
                    courses=[
                        SuggestedCourse(id=c.id, title=c.title, title_zh=c.title_zh)
                        for c in courses
                    ],
                    evidence=lines,
                    review_comment=review.comment,
                    reviewer_name=review.reviewer_name,
                )
            )
        return made

    def _report(self, employee: Employee, current: CurrentAssessment) -> InterviewReport | None:
        """The AI report of the interview the assessment comes from."""
        if current.source == "hiring":
            return self.planner.report(employee)
        return self.planner.reports.read(current.candidate_id, 1)

    def _messages(self, employee: Employee, made: list[TrainingSuggestion]) -> list[MessageRequest]:
        manager = (
            self.notices.organisation.get_user(employee.manager_id) if employee.manager_id else None
        )
        readers = [manager] if manager else self.notices.of_role(employee.branch_id, Role.BRANCH_HR)
        requests: list[MessageRequest] = []
        for reader in readers:
            zh = reader.locale == "zh"
            lines = [
                (
                    f"- {s.dimension_name_zh or s.dimension_name}：绩效 {s.performance:.0f}，"
                    f"面试评估 {s.assessed:.0f}（低 {s.gap:.0%}）；建议课程："
                    + "、".join(c.title_zh or c.title for c in s.courses)
                )
                if zh
                else (
                    f"- {s.dimension_name}: performance {s.performance:.0f}, assessed "
                    f"{s.assessed:.0f} ({s.gap:.0%} below); suggested: "
                    + ", ".join(c.title for c in s.courses)
                )
                for s in made
            ]
            requests += self.notices.to_users(
                employee,
                NotificationEvent.TRAINING_SUGGESTED,
                [reader],
                period=made[0].period,
                suggestions="\n".join(lines),
            )
        return requests


@dataclass(frozen=True)
class TrainingSuggestions:
    """Reading, accepting and dismissing an employee's suggestions."""

    employees: EmployeeRepository
    onboarding: OnboardingRepository
    training: TrainingRepository
    suggestions: SuggestionRepository
    uow: UnitOfWorkFactory

    def _reach(self, caller: Caller, employee_id: str) -> Employee:
        employee = self.employees.get(employee_id)
        if (
            employee is None
            or not can(caller, Capability.REVIEW_PERFORMANCE)
            or not may_review_performance(caller, employee.branch_id, employee.manager_id)
        ):
            raise NotFound("employee not found", code="employee_not_found")
        return employee

    def of_employee(self, caller: Caller, employee_id: str) -> list[TrainingSuggestion]:
        employee = self._reach(caller, employee_id)
        return self.suggestions.of_employee(employee.id)

    def _open(self, employee: Employee, suggestion_id: str) -> TrainingSuggestion:
        found = next(
            (s for s in self.suggestions.of_employee(employee.id) if s.id == suggestion_id), None
        )
        if found is None:
            raise NotFound("suggestion not found", code="suggestion_not_found")
        if found.status != SuggestionStatus.OPEN:
            raise Conflict(
                f"the suggestion was {found.status.value} already",
                code="suggestion_decided",
                params={"status": found.status.value},
            )
        return found

    def accept(self, caller: Caller, employee_id: str, suggestion_id: str) -> TrainingSuggestion:
        """The suggested courses join the employee's plan (those not on it yet)."""
        employee = self._reach(caller, employee_id)
        suggestion = self._open(employee, suggestion_id)
        plan = self.onboarding.plan(employee.id)
        if plan is None:
            raise Conflict("the employee has no onboarding plan", code="no_onboarding_plan")
        catalogue = self.training.courses_by_id([c.id for c in suggestion.courses])
        due = china_day(now()) + timedelta(days=SUGGESTED_COURSE_DUE_DAYS)
        reason = CourseReason(
            source="performance",
            dimension=suggestion.dimension,
            dimension_name=suggestion.dimension_name,
            dimension_name_zh=suggestion.dimension_name_zh,
            score=suggestion.performance,
            threshold=suggestion.assessed,
            evidence=suggestion.evidence,
        )
        after, courses = plan, []
        for course in suggestion.courses:
            found = catalogue.get(course.id)
            added = found is not None and after.task(course_task_id(course.id)) is None
            if added:
                assert found is not None
                after = after.model_copy(
                    update={"tasks": [*after.tasks, course_task(found, due, reason)]}
                )
            courses.append(course.model_copy(update={"added": added}))
        if after is not plan and after.status == PlanStatus.COMPLETED:
            after = after.model_copy(update={"status": PlanStatus.ACTIVE, "completed_at": None})
        accepted = suggestion.model_copy(
            update={
                "status": SuggestionStatus.ACCEPTED,
                "courses": courses,
                "decided_by": caller.username,
                "decided_at": now(),
            }
        )
        with self.uow() as uow:
            uow.save(accepted)
            if after is not plan:
                uow.save(after)
            record(
                uow,
                caller,
                "training_suggestion.accept",
                branch_id=employee.branch_id,
                entity=accepted,
                entity_id=employee.id,
                before=suggestion,
            )
            uow.commit()
        return accepted

    def dismiss(
        self, caller: Caller, employee_id: str, suggestion_id: str, dismissal: Dismissal
    ) -> TrainingSuggestion:
        employee = self._reach(caller, employee_id)
        suggestion = self._open(employee, suggestion_id)
        dismissed = suggestion.model_copy(
            update={
                "status": SuggestionStatus.DISMISSED,
                "reason": dismissal.reason,
                "decided_by": caller.username,
                "decided_at": now(),
            }
        )
        with self.uow() as uow:
            uow.save(dismissed)
            record(
                uow,
                caller,
                "training_suggestion.dismiss",
                branch_id=employee.branch_id,
                entity=dismissed,
                entity_id=employee.id,
                before=suggestion,
            )
            uow.commit()
        return dismissed

"""Onboarding's domain events, on the bus for the EHR, DingTalk and the company's other
systems (docs/events.md)."""

from __future__ import annotations

from typing import ClassVar

from hireflow.people.events import EmployeeEvent


class OnboardingStarted(EmployeeEvent):
    """The employee's plan was made from a template (``tasks`` in it, ``start_date``)."""

    detail_type = "onboarding.started"
    template_id: str | None
    tasks: int
    start_date: str


class OnboardingTaskCompleted(EmployeeEvent):
    """A task of the plan was done (``task_id``, ``kind``, ``owner``)."""

    detail_type = "onboarding.task_completed"
    distinct_by: ClassVar[tuple[str, ...]] = ("task_id",)
    task_id: str
    kind: str
    owner: str


class OnboardingCompleted(EmployeeEvent):
    """Every task of the plan is done."""

    detail_type = "onboarding.completed"


class MentorAssigned(EmployeeEvent):
    """The manager named a mentor (``mentor_id``); a change of mentor is a new fact."""

    detail_type = "onboarding.mentor_assigned"
    distinct_by: ClassVar[tuple[str, ...]] = ("mentor_id",)
    mentor_id: str


class ProbationDecided(EmployeeEvent):
    """The probation review of a period was decided (``review``: the period, counting from
    1; ``outcome``: confirmed, extended or not_confirmed; ``overall``: the weighted score
    0-100; ``extended_to``: the new end when extended). Scores stay in the API."""

    detail_type = "probation.decided"
    distinct_by: ClassVar[tuple[str, ...]] = ("review",)
    review: int
    outcome: str
    overall: float
    extended_to: str | None = None


class TrainingCompleted(EmployeeEvent):
    """A course of the plan is completed (``course_id``; ``exam_score`` and ``passed`` when
    it has an exam, which it then passed). Once per course: a failed exam is recorded on
    the plan but is no completion."""

    detail_type = "training.completed"
    distinct_by: ClassVar[tuple[str, ...]] = ("course_id",)
    course_id: str
    exam_score: float | None
    passed: bool | None

"""HQ's training set-up: the course catalogue, each position's training plan, and the map
from an interview dimension to the courses that train it. Everyone on staff reads the
catalogue (the employee page names a plan's courses); HQ (``training.edit``) changes
everything, each change on the audit trail.

A course is never deleted: plans name it for as long as they are kept. Retired
(``active`` false), it stays on the plans it is on and joins no new one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import field_validator

from hireflow.audit.service import audited_write, record
from hireflow.identity.model import HQ_BRANCH_ID, Caller
from hireflow.identity.permissions import Capability, require
from hireflow.onboarding.model import (
    ANY,
    COURSE_ID_PATTERN,
    Course,
    CourseFields,
    DimensionCourses,
    DimensionCoursesFields,
    PositionTrainingPlan,
    PositionTrainingPlanFields,
    TrainingRepository,
)
from hireflow.platform.errors import Conflict, FieldError, Invalid, NotFound, invalid_value
from hireflow.platform.ids import now
from hireflow.platform.unit_of_work import UnitOfWorkFactory, check_revision
from hireflow.recruiting.model import PositionRepository

EDITING = "changing the training set-up"


class CourseInput(CourseFields):
    # HQ's own id, or the learning system's code for the course (its exports name it).
    id: str

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not re.fullmatch(COURSE_ID_PATTERN, value):
            raise invalid_value(
                "course_id_pattern",
                "letters, digits, '.', '_' and '-', at most 64, starting with a letter or digit",
            )
        return value


class CourseChange(CourseFields):
    # The revision the editor read (optional): a change made meanwhile is refused.
    revision: int | None = None


@dataclass(frozen=True)
class TrainingCatalogue:
    training: TrainingRepository
    positions: PositionRepository
    uow: UnitOfWorkFactory

    # -------------------------------------------------------------- courses
    def courses(self, caller: Caller) -> list[Course]:
        """The whole catalogue (retired courses too), by title."""
        return sorted(self.training.courses(), key=lambda c: (not c.active, c.title))

    def add_course(self, caller: Caller, course: CourseInput) -> Course:
        require(caller, Capability.EDIT_TRAINING, EDITING)
        if self.training.course(course.id) is not None:
            raise Conflict(
                "a course with this id exists", code="course_exists", params={"id": course.id}
            )
        created = Course(**course.model_dump(), updated_by=caller.username)
        with self.uow() as uow:
            saved = audited_write(
                uow,
                caller,
                "course.add",
                created,
                entity_id=created.id,
                branch_id=HQ_BRANCH_ID,
            )
            uow.commit(on_duplicate="a course with this id exists")
        return saved

    def change_course(self, caller: Caller, course_id: str, change: CourseChange) -> Course:
        require(caller, Capability.EDIT_TRAINING, EDITING)
        before = self._course(course_id)
        check_revision(before, change.revision, "the course")
        fields = change.model_dump(exclude={"revision"})
        stamp = {"updated_at": now(), "updated_by": caller.username}
        after = before.model_copy(update={**fields, **stamp})
        with self.uow() as uow:
            saved = audited_write(
                uow,
                caller,
                "course.change",
                after,
                entity_id=course_id,
                branch_id=HQ_BRANCH_ID,
                before=before,
            )
            uow.commit()
        return saved

    def _course(self, course_id: str) -> Course:
        course = self.training.course(course_id)
        if course is None:
            raise NotFound("course not found", code="course_not_found")
        return course

    def _known(self, course_ids: list[str], field: str) -> None:
        known = self.training.courses_by_id(course_ids)
        unknown = [c for c in course_ids if c not in known]
        if unknown:
            raise Invalid(
                "these courses are not in the catalogue",
                [
                    FieldError(
                        field, "not in the catalogue", "unknown_courses", {"courses": unknown}
                    )
                ],
                code="unknown_courses",
                params={"courses": unknown},
            )

    # -------------------------------------------------------------- position plans
    def position_plans(self, caller: Caller) -> list[PositionTrainingPlan]:
        require(caller, Capability.EDIT_TRAINING, EDITING)
        return self.training.position_plans()

    def put_position_plan(
        self, caller: Caller, position_id: str, plan: PositionTrainingPlanFields
    ) -> PositionTrainingPlan:
        require(caller, Capability.EDIT_TRAINING, EDITING)
        position = self.positions.get(position_id)
        if position is None:
            raise NotFound("position not found", code="position_not_found")
        self._known([c.course_id for c in plan.courses], "courses")
        before = self.training.position_plan(position_id)
        after = PositionTrainingPlan(
            position_id=position_id, courses=plan.courses, updated_by=caller.username
        )
        with self.uow() as uow:
            saved = audited_write(
                uow,
                caller,
                "training_plan.put",
                after,
                entity_id=position_id,
                branch_id=position.branch_id,
                before=before,
            )
            uow.commit()
        return saved

    # -------------------------------------------------------------- the dimension map
    def dimension_map(self, caller: Caller) -> list[DimensionCourses]:
        require(caller, Capability.EDIT_TRAINING, EDITING)
        return self.training.dimension_map()

    def put_mapping(
        self, caller: Caller, dimension: str, position_id: str, courses: DimensionCoursesFields
    ) -> DimensionCourses:
        """Map ``dimension`` to courses for every position (``position_id`` "*") or for one."""
        require(caller, Capability.EDIT_TRAINING, EDITING)
        branch_id = HQ_BRANCH_ID
        if position_id != ANY:
            position = self.positions.get(position_id)
            if position is None:
                raise NotFound("position not found", code="position_not_found")
            branch_id = position.branch_id
        self._known(courses.course_ids, "course_ids")
        before = self.training.mapping(dimension, position_id)
        after = DimensionCourses(
            dimension=dimension,
            position_id=position_id,
            course_ids=courses.course_ids,
            updated_by=caller.username,
        )
        with self.uow() as uow:
            saved = audited_write(
                uow,
                caller,
                "training_map.put",
                after,
                entity_id=f"{dimension}/{position_id}",
                branch_id=branch_id,
                before=before,
            )
            uow.commit()
        return saved

    def delete_mapping(self, caller: Caller, dimension: str, position_id: str) -> None:
        require(caller, Capability.EDIT_TRAINING, EDITING)
        before = self.training.mapping(dimension, position_id)
        if before is None:
            raise NotFound("no such mapping", code="mapping_not_found")
        position = self.positions.get(position_id) if position_id != ANY else None
        with self.uow() as uow:
            uow.delete(before)
            record(
                uow,
                caller,
                "training_map.delete",
                branch_id=position.branch_id if position else HQ_BRANCH_ID,
                entity=before,
                entity_id=f"{dimension}/{position_id}",
                before=before,
            )
            uow.commit()

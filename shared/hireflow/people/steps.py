"""People's CandidateLifecycle task: closing a periodic re-assessment once its round is
scored (docs/analytics.md "Periodic re-assessment").

The round's scores are taken as the hiring baseline's were (``reviews``: per dimension
the AI's, the reviewers' mean and their combination by the position's weights; overall
by the competency model's weights) and stored as an ``EmployeeAssessment``; the
application moves to ``reassessed`` and ``employee.reassessed`` is published, in one unit
of work. No letter goes to the employee. A retry finds the application reassessed and
does nothing; two runs at once cannot both commit (the application's revision).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hireflow.people.events import EmployeeReassessed
from hireflow.people.hiring import assessed
from hireflow.people.model import (
    AssessmentRepository,
    EmployeeAssessment,
    EmployeeRepository,
    ReassessmentRepository,
)
from hireflow.platform.errors import HireflowError
from hireflow.platform.unit_of_work import UnitOfWorkFactory
from hireflow.recruiting.model import Candidate, stage_move
from hireflow.recruiting.status import CandidateStatus
from hireflow.recruiting.steps import WORKFLOW_ACTOR, Applications, CandidateTask
from hireflow.reviews.model import PendingReview
from hireflow.reviews.scores import Scores


class NotAReassessment(HireflowError):
    """The application is no re-assessment of a known employee (caught: needs_attention)."""


@dataclass(frozen=True)
class ReassessmentSteps:
    applications: Applications
    employees: EmployeeRepository
    assessments: AssessmentRepository
    reassessments: ReassessmentRepository
    # The round's scores, as the hiring baseline's (``ReviewService.baseline``).
    scores: Callable[[Candidate], Scores]
    uow: UnitOfWorkFactory

    def close_reassessment(self, task: CandidateTask) -> dict[str, Any]:
        candidate = self.applications.require(task.candidate_id)
        if candidate.status == CandidateStatus.REASSESSED:
            return {"status": candidate.status.value}  # a retry
        employee = self.employees.get(candidate.employee_id) if candidate.employee_id else None
        if employee is None:
            raise NotAReassessment(f"candidate {candidate.id} is no employee's re-assessment")
        scores = self.scores(candidate)
        previous = self.assessments.current(employee)
        latest = self.reassessments.latest(employee.id)
        ours = latest is not None and latest.candidate_id == candidate.id
        assessment = EmployeeAssessment(
            employee_id=employee.id,
            branch_id=employee.branch_id,
            position_id=candidate.position_id,
            candidate_id=candidate.id,
            round=scores.round,
            dimensions=assessed(scores),
            overall=scores.combined_overall,
            schedule_id=latest.schedule_id if latest and ours else None,
        )
        with self.uow() as uow:
            closed = candidate.moved(CandidateStatus.REASSESSED)
            candidate = stage_move(uow, candidate, closed, WORKFLOW_ACTOR)
            uow.delete_key(PendingReview.key(candidate.id))
            uow.create(assessment)
            if latest and ours:
                uow.save(latest.model_copy(update={"closed_at": assessment.assessed_at}))
            uow.publish(
                EmployeeReassessed.of(
                    employee,
                    candidate_id=candidate.id,
                    overall=assessment.overall,
                    previous_overall=previous.overall,
                    schedule_id=assessment.schedule_id,
                )
            )
            uow.commit()
        return {"status": candidate.status.value, "overall": assessment.overall}

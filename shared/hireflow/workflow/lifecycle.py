"""Task handlers of the CandidateLifecycle state machine (statemachines/).

Each task takes the state's payload and returns what the next state needs. Tasks are
safe to run twice: Step Functions retries them, and a retried task finds its work done
(a status move to the status the candidate is already in changes nothing).
"""

from __future__ import annotations

import contextlib
import json
from datetime import datetime, timedelta, timezone
from typing import Any, Literal

from pydantic import BaseModel

from hireflow.assessment.model import TemplateRepository
from hireflow.interviews.model import (
    DeadlineEntry,
    Interview,
    InterviewRepository,
    InvitationToken,
    PendingReview,
    WaitingStep,
    token_hash,
)
from hireflow.notifications.model import NotificationEvent, Notifier
from hireflow.organisation.model import OrganisationRepository
from hireflow.platform.errors import HireflowError, NotFound
from hireflow.platform.events import EventPublisher, candidate_event
from hireflow.platform.ids import new_secret_token, now
from hireflow.platform.observability import logger
from hireflow.platform.settings import settings
from hireflow.platform.store import Transaction
from hireflow.recruiting.lifecycle import LifecycleControl
from hireflow.recruiting.model import Candidate, CandidateRepository, CandidateStatus
from hireflow.recruiting.positions import Position, PositionRepository
from hireflow.scoring.reports import Reports

WORKFLOW_ACTOR = "workflow"
SCORING_ACTOR = "ai-scoring"
CHINA_TIME = timezone(timedelta(hours=8), "CST")


class CannotInvite(HireflowError):
    """The application is not set up for an interview (caught: needs_attention)."""


class UnknownTask(ValueError):
    pass


# ------------------------------------------------------------------ payloads
class CandidateTask(BaseModel):
    candidate_id: str


class OpenApplication(CandidateTask):
    execution_arn: str


class SendInvitation(CandidateTask):
    deadline: datetime


class AwaitStep(CandidateTask):
    task_token: str


class Decision(BaseModel):
    decision: Literal["reject", "second_round", "offer"]
    feedback: str | None = None
    interview_time: str | None = None
    interview_place: str | None = None
    interviewer_name: str | None = None
    decided_by: str | None = None
    # The round decided on: a retried second-round task finds the round already moved on.
    round: int | None = None


class DecisionTask(CandidateTask):
    decision: Decision


class MarkNeedsAttention(CandidateTask):
    failed_state: str
    error: dict[str, Any] = {}


def _reason(task: MarkNeedsAttention) -> str:
    error = task.error.get("Error") or "Error"
    cause = str(task.error.get("Cause") or "")
    # A Lambda error's cause is its JSON payload: show the message, not the stack.
    if cause.startswith("{"):
        with contextlib.suppress(ValueError):
            cause = str(json.loads(cause).get("errorMessage", cause))
    if error == "States.Timeout":
        return f"{task.failed_state} timed out"
    return f"{task.failed_state} failed: {error}" + (f" ({cause[:300]})" if cause else "")


def interview_link(token: str) -> str:
    # The token travels in the fragment: browsers do not send it to servers or logs.
    return f"{settings().web_url}/interview/#{token}"


def shown_deadline(deadline: datetime) -> str:
    return deadline.astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M (UTC+8)")


class Lifecycle:
    def __init__(
        self,
        candidates: CandidateRepository,
        interviews: InterviewRepository,
        positions: PositionRepository,
        templates: TemplateRepository,
        organisation: OrganisationRepository,
        notifier: Notifier,
        events: EventPublisher,
        reports: Reports,
    ) -> None:
        self.reports = reports
        self.candidates = candidates
        self.interviews = interviews
        self.positions = positions
        self.templates = templates
        self.organisation = organisation
        self.notifier = notifier
        self.events = events
        self.control = LifecycleControl(interviews)

    # -------------------------------------------------------------- helpers
    def _require(self, candidate_id: str) -> Candidate:
        candidate = self.candidates.get(candidate_id)
        if candidate is None:
            raise NotFound(f"candidate {candidate_id} does not exist")
        return candidate

    def _position(self, candidate: Candidate) -> Position:
        position = self.positions.get(candidate.position_id)
        if position is None:
            raise CannotInvite(f"position {candidate.position_id} does not exist")
        return position

    def _values(self, candidate: Candidate, **extra: Any) -> dict[str, Any]:
        position = self.positions.get(candidate.position_id)
        branch = self.organisation.get_branch(candidate.branch_id)
        return {
            "candidate_name": candidate.name,
            "position": position.title_in(candidate.locale) if position else "",
            "branch": branch.name_in(candidate.locale) if branch else "",
            "company": settings().company_name,
            "candidate_link": f"{settings().web_url}/#/candidates/{candidate.id}",
            **extra,
        }

    def _tell_candidate(self, candidate: Candidate, event: NotificationEvent, **extra: Any) -> None:
        values = self._values(candidate, **extra)
        self.notifier.notify(event, "email", candidate.locale, candidate.email, values)
        self.notifier.notify(event, "sms", candidate.locale, candidate.phone, values)

    def _tell_reviewers(self, candidate: Candidate, event: NotificationEvent) -> None:
        for user_id in candidate.assignees:
            reviewer = self.organisation.get_user(user_id)
            if reviewer and reviewer.email:
                values = self._values(candidate, interviewer_name=reviewer.display_name)
                self.notifier.notify(event, "email", reviewer.locale, reviewer.email, values)

    def _publish(self, candidate: Candidate, detail_type: str, **facts: Any) -> None:
        self.events.publish(detail_type, candidate_event(candidate, detail_type, **facts))

    def _wait(self, task: AwaitStep, step: Literal["interview", "scoring", "review"]) -> None:
        self.interviews.waits.put(
            WaitingStep(candidate_id=task.candidate_id, step=step, task_token=task.task_token)
        )

    # -------------------------------------------------------------- tasks
    def open_application(self, task: OpenApplication) -> dict[str, Any]:
        """Tie the execution to the candidate, once."""
        candidate = self._require(task.candidate_id)
        if candidate.execution_arn != task.execution_arn:
            candidate = self.candidates.candidates.save(
                candidate.model_copy(update={"execution_arn": task.execution_arn})
            )
        return {"status": candidate.status.value}

    def send_invitation(self, task: SendInvitation) -> dict[str, Any]:
        candidate = self._require(task.candidate_id)
        position = self._position(candidate)
        if not position.template_id:
            raise CannotInvite(f"position {position.title!r} has no interview template")
        template = self.templates.current(position.template_id)
        if template is None:
            raise CannotInvite(f"interview template {position.template_id} does not exist")
        if task.deadline <= now():
            raise CannotInvite("the interview deadline is in the past")
        retried = candidate.status == CandidateStatus.INVITED
        round_ = candidate.round if retried else candidate.round + 1
        earlier = self.interviews.interview(candidate.id, round_) if retried else None
        if earlier and earlier.invitation_sent_at:
            return {"status": candidate.status.value, "round": round_}
        token = new_secret_token()
        interview = Interview(
            candidate_id=candidate.id,
            round=round_,
            template_id=template.id,
            template_version=template.version,
            question_ids=[q.id for stage in template.stages for q in stage.questions],
            deadline=task.deadline,
            token_hash=token_hash(token),
        )

        def file_invitation(transaction: Transaction) -> None:
            if earlier:  # the send failed last time: that link never went out
                transaction.delete(f"TOKEN#{earlier.token_hash}", "TOKEN")
            transaction.put(interview)
            transaction.put(
                InvitationToken(
                    token_hash=interview.token_hash,
                    candidate_id=candidate.id,
                    round=round_,
                    deadline=task.deadline,
                )
            )
            transaction.put(
                DeadlineEntry(candidate_id=candidate.id, round=round_, deadline=task.deadline)
            )

        if retried:
            transaction = Transaction()
            file_invitation(transaction)
            transaction.commit()
        else:
            candidate = self.candidates.move(
                candidate,
                CandidateStatus.INVITED,
                actor=WORKFLOW_ACTOR,
                changes={"round": round_, "invitations": candidate.invitations + 1},
                with_it=file_invitation,
            )
        self._tell_candidate(
            candidate,
            NotificationEvent.INVITATION,
            interview_link=interview_link(token),
            deadline=shown_deadline(task.deadline),
        )
        self.interviews.change(
            candidate.id, round_, lambda i: i.model_copy(update={"invitation_sent_at": now()})
        )
        self._publish(candidate, "candidate.invited", deadline=task.deadline.isoformat())
        return {"status": candidate.status.value, "round": round_}

    def await_interview(self, task: AwaitStep) -> dict[str, Any]:
        self._wait(task, "interview")
        return {}

    def interview_completed(self, task: CandidateTask) -> dict[str, Any]:
        candidate = self._require(task.candidate_id)
        if candidate.status == CandidateStatus.COMPLETED:
            return {"status": candidate.status.value}
        interview = self.interviews.change(
            candidate.id,
            candidate.round,
            lambda i: None if i.completed_at else i.model_copy(update={"completed_at": now()}),
        )

        def close_invitation(transaction: Transaction) -> None:
            if interview:
                entry = DeadlineEntry(
                    candidate_id=candidate.id, round=interview.round, deadline=interview.deadline
                )
                keys = entry.item_keys()
                transaction.delete(keys.pk, keys.sk)

        candidate = self.candidates.move(
            candidate, CandidateStatus.COMPLETED, actor="candidate", with_it=close_invitation
        )
        self._tell_candidate(candidate, NotificationEvent.COMPLETION)
        self._publish(candidate, "interview.completed")
        return {"status": candidate.status.value}

    def await_scoring(self, task: AwaitStep) -> dict[str, Any]:
        """Wait for the last answer's assessment; straight on if scoring is already done."""
        self._wait(task, "scoring")
        candidate = self._require(task.candidate_id)
        self.scoring_progress(candidate.id, candidate.round)
        return {}

    def report_ready(self, task: CandidateTask) -> dict[str, Any]:
        candidate = self._require(task.candidate_id)
        if candidate.status == CandidateStatus.IN_REVIEW:
            return {"status": candidate.status.value}
        candidate = self.candidates.move(
            candidate,
            CandidateStatus.IN_REVIEW,
            actor=WORKFLOW_ACTOR,
            with_it=lambda t: self._open_pending_review(t, candidate),
        )
        self._tell_reviewers(candidate, NotificationEvent.REPORT_READY)
        self._publish(candidate, "report.ready")
        return {"status": candidate.status.value}

    def await_review(self, task: AwaitStep) -> dict[str, Any]:
        self._wait(task, "review")
        return {}

    def _open_pending_review(self, transaction: Transaction, candidate: Candidate) -> None:
        transaction.put(
            PendingReview(
                candidate_id=candidate.id,
                branch_id=candidate.branch_id,
                since=now(),
                reviewer_ids=candidate.assignees,
            )
        )

    def _close_pending_review(self, transaction: Transaction, candidate: Candidate) -> None:
        transaction.delete("REVIEWS_PENDING", candidate.id)

    def send_rejection(self, task: DecisionTask) -> dict[str, Any]:
        candidate = self._require(task.candidate_id)
        if candidate.status == CandidateStatus.REJECTED:
            return {"status": candidate.status.value}
        candidate = self.candidates.move(
            candidate,
            CandidateStatus.REJECTED,
            actor=task.decision.decided_by or WORKFLOW_ACTOR,
            reason=task.decision.feedback,
            with_it=lambda t: self._close_pending_review(t, candidate),
        )
        self._tell_candidate(
            candidate, NotificationEvent.REJECTION, feedback=task.decision.feedback or ""
        )
        self._publish(candidate, "candidate.rejected")
        return {"status": candidate.status.value}

    def send_second_round(self, task: DecisionTask) -> dict[str, Any]:
        candidate = self._require(task.candidate_id)
        decision = task.decision
        if decision.round is not None and candidate.round > decision.round:
            return {"status": candidate.status.value, "round": candidate.round}  # a retry
        candidate = self.candidates.move(
            candidate,
            CandidateStatus.SECOND_ROUND,
            actor=decision.decided_by or WORKFLOW_ACTOR,
            changes={"round": candidate.round + 1},
            with_it=lambda t: self._open_pending_review(t, candidate),
        )
        self._tell_candidate(
            candidate,
            NotificationEvent.SECOND_ROUND,
            interview_time=decision.interview_time or "",
            interview_place=decision.interview_place or "",
            interviewer_name=decision.interviewer_name or "",
        )
        self._publish(candidate, "candidate.second_round")
        return {"status": candidate.status.value, "round": candidate.round}

    def request_offer(self, task: DecisionTask) -> dict[str, Any]:
        candidate = self._require(task.candidate_id)
        if candidate.status == CandidateStatus.OFFER_PENDING:
            return {"status": candidate.status.value}
        candidate = self.candidates.move(
            candidate,
            CandidateStatus.OFFER_PENDING,
            actor=task.decision.decided_by or WORKFLOW_ACTOR,
            with_it=lambda t: self._close_pending_review(t, candidate),
        )
        self._publish(candidate, "offer.requested", decided_by=task.decision.decided_by)
        return {"status": candidate.status.value}

    def expire_interview(self, task: CandidateTask) -> dict[str, Any]:
        candidate = self._require(task.candidate_id)
        if candidate.status == CandidateStatus.EXPIRED:
            return {"status": candidate.status.value}
        self.interviews.waits.delete(f"CANDIDATE#{candidate.id}", "WAIT#interview")
        candidate = self.candidates.move(
            candidate,
            CandidateStatus.EXPIRED,
            actor=WORKFLOW_ACTOR,
            reason="the interview deadline passed without a completed interview",
        )
        self._publish(candidate, "candidate.expired")
        return {"status": candidate.status.value}

    def mark_needs_attention(self, task: MarkNeedsAttention) -> dict[str, Any]:
        candidate = self._require(task.candidate_id)
        reason = _reason(task)
        if candidate.status == CandidateStatus.NEEDS_ATTENTION and candidate.status_reason:
            # Already flagged with its cause (e.g. an unusable answer): a later timeout of
            # the same wait must not replace that reason with its own.
            logger.warning("lifecycle step failed", candidate_id=candidate.id, reason=reason)
            return {"status": candidate.status.value}
        moved = self.candidates.move(
            candidate, CandidateStatus.NEEDS_ATTENTION, actor=WORKFLOW_ACTOR, reason=reason
        )
        if moved is not candidate:
            self._publish(moved, "candidate.needs_attention", reason=reason)
        logger.warning("candidate needs attention", candidate_id=candidate.id, reason=reason)
        return {"status": moved.status.value}

    # -------------------------------------------------------------- resumed from outside
    def candidate_finished(self, candidate_id: str) -> bool:
        """The candidate pressed "complete" in the portal: resume AwaitInterview."""
        return self.control.resume(candidate_id, "interview", {"completed": True})

    def answer_scored(
        self, candidate_id: str, round_: int, question_id: str, media_key: str
    ) -> bool:
        """Scoring stored the assessment of one recording. Returns whether this call
        concluded the scoring step (report stored, lifecycle resumed)."""
        interview = self._mark_answer(candidate_id, round_, question_id, media_key, scored_at=now())
        return self.scoring_progress(candidate_id, round_, interview)

    def answer_unusable(
        self, candidate_id: str, round_: int, question_id: str, media_key: str, reason: str
    ) -> bool:
        """Scoring could not use a recording (bad media): the answer shows the reason and,
        once the interview is complete, the application goes to needs_attention."""
        interview = self._mark_answer(
            candidate_id, round_, question_id, media_key, needs_attention=reason
        )
        return self.scoring_progress(candidate_id, round_, interview)

    def _mark_answer(
        self, candidate_id: str, round_: int, question_id: str, media_key: str, **update: Any
    ) -> Interview:
        """Mark the answer if ``media_key`` is still its recording; returns the interview."""

        def mark(interview: Interview) -> Interview | None:
            if question_id not in interview.question_ids:
                raise NotFound(f"no question {question_id} in round {round_} of {candidate_id}")
            answer = interview.answers.get(question_id)
            # A retake replaced this recording, or the mark is already there (a duplicate).
            if answer is None or answer.media_key != media_key:
                return None
            if answer.scored_at is not None or answer.needs_attention is not None:
                return None
            marked = answer.model_copy(update=update)
            return interview.model_copy(
                update={"answers": {**interview.answers, question_id: marked}}
            )

        interview = self.interviews.change(candidate_id, round_, mark)
        if interview is None:
            raise NotFound(f"no interview round {round_} for {candidate_id}")
        return interview

    def scoring_progress(
        self, candidate_id: str, round_: int, interview: Interview | None = None
    ) -> bool:
        """After the candidate completed the interview: an unusable answer sends the
        application to needs_attention; when every answer is assessed, the report is built
        and the lifecycle resumed. Safe to call any number of times."""
        candidate = self._require(candidate_id)
        interview = interview or self.interviews.interview(candidate_id, round_)
        if (
            interview is None
            or interview.completed_at is None
            or candidate.round != round_
            or candidate.status != CandidateStatus.COMPLETED
        ):
            return False
        unusable = [
            (qid, a.needs_attention)
            for qid, a in interview.answers.items()
            if a.media_key and a.needs_attention
        ]
        if unusable:
            question_id, problem = unusable[0]
            more = f" (and {len(unusable) - 1} more)" if len(unusable) > 1 else ""
            reason = f"answer to {question_id}: {problem}{more}"
            moved = self.candidates.move(
                candidate, CandidateStatus.NEEDS_ATTENTION, actor=SCORING_ACTOR, reason=reason
            )
            if moved is not candidate:
                self._publish(moved, "candidate.needs_attention", reason=reason)
            return False
        if not interview.all_scored:
            return False
        self.reports.build(candidate, interview)
        return self.control.resume(candidate_id, "scoring", {"scored": True})

    # -------------------------------------------------------------- dispatch
    def run(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Dispatch one state's payload (``{"task": name, ...}``) to its handler."""
        handlers: dict[str, tuple[type[BaseModel], Any]] = {
            "open_application": (OpenApplication, self.open_application),
            "send_invitation": (SendInvitation, self.send_invitation),
            "await_interview": (AwaitStep, self.await_interview),
            "interview_completed": (CandidateTask, self.interview_completed),
            "await_scoring": (AwaitStep, self.await_scoring),
            "report_ready": (CandidateTask, self.report_ready),
            "await_review": (AwaitStep, self.await_review),
            "send_rejection": (DecisionTask, self.send_rejection),
            "send_second_round": (DecisionTask, self.send_second_round),
            "request_offer": (DecisionTask, self.request_offer),
            "expire_interview": (CandidateTask, self.expire_interview),
            "mark_needs_attention": (MarkNeedsAttention, self.mark_needs_attention),
        }
        task = payload.get("task")
        if task not in handlers:
            raise UnknownTask(f"unknown lifecycle task {task!r}")
        model, handler = handlers[str(task)]
        result: dict[str, Any] = handler(model.model_validate(payload))
        return result

"""The video interview's CandidateLifecycle tasks: invite, wait for the candidate,
completed, expired."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from hireflow.assessment.model import TemplateRepository
from hireflow.interviews.events import CandidateExpired, CandidateInvited, InterviewCompleted
from hireflow.interviews.model import (
    DeadlineEntry,
    Interview,
    InterviewRepository,
    InvitationToken,
    token_hash,
)
from hireflow.notifications.model import NotificationEvent
from hireflow.platform.errors import HireflowError
from hireflow.platform.ids import new_secret_token, now
from hireflow.platform.unit_of_work import UnitOfWorkFactory
from hireflow.privacy.notices import NoticeService
from hireflow.recruiting.lifecycle import ApplicationLifecycle
from hireflow.recruiting.model import PositionRepository, stage_move
from hireflow.recruiting.notices import Notices
from hireflow.recruiting.status import CandidateStatus
from hireflow.recruiting.steps import WORKFLOW_ACTOR, Applications, AwaitStep, CandidateTask

CHINA_TIME = timezone(timedelta(hours=8), "CST")


class CannotInvite(HireflowError):
    """The application is not set up for an interview (caught: needs_attention)."""


class SendInvitation(CandidateTask):
    deadline: datetime


def shown_deadline(deadline: datetime) -> str:
    return deadline.astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M (UTC+8)")


# The invitation's {opening}: when the interview opens under a minimum notice period
# (docs/privacy.md "Consent and notice"). A whole sentence, so that where the branch's
# jurisdiction has no notice period the sentence is absent, not left with a blank date.
OPENING = {
    "zh": "面试将于 {at} 开放（提前 {days} 个工作日通知）。",
    "en": " The interview opens on {at}, {days} business days after this notice.",
}


def opening(
    notices: NoticeService | None, branch_id: str, invited_at: datetime, locale: str
) -> str:
    if notices is None:
        return ""
    jurisdiction, _ = notices.of_branch(branch_id)
    days = jurisdiction.min_notice_business_days
    if days <= 0:
        return ""
    at = notices.opens_at(branch_id, invited_at)
    return OPENING.get(locale, OPENING["en"]).format(at=shown_deadline(at), days=days)


@dataclass(frozen=True)
class InterviewSteps:
    applications: Applications
    interviews: InterviewRepository
    positions: PositionRepository
    templates: TemplateRepository
    lifecycle: ApplicationLifecycle
    notices: Notices
    uow: UnitOfWorkFactory
    privacy_notices: NoticeService | None = None  # the minimum notice in the invitation

    def send_invitation(self, task: SendInvitation) -> dict[str, Any]:
        candidate = self.applications.require(task.candidate_id)
        position = self.positions.get(candidate.position_id)
        if position is None:
            raise CannotInvite(f"position {candidate.position_id} does not exist")
        # A re-assessment may name its own template (its schedule's); else the position's.
        template_id = candidate.interview_template_id or position.template_id
        if not template_id:
            raise CannotInvite(f"position {position.title!r} has no interview template")
        template = self.templates.current(template_id)
        if template is None:
            raise CannotInvite(f"interview template {template_id} does not exist")
        if task.deadline <= now():
            raise CannotInvite("the interview deadline is in the past")
        if candidate.status == CandidateStatus.INVITED:
            # A retry: the invitation and its messages were committed together; what the
            # failed attempt could not send waits in the outbox for this task's drain.
            return {"status": candidate.status.value, "round": candidate.round}
        round_ = candidate.round + 1
        token = new_secret_token()
        interview = Interview(
            candidate_id=candidate.id,
            round=round_,
            template_id=template.id,
            template_version=template.version,
            question_ids=[q.id for stage in template.stages for q in stage.questions],
            deadline=task.deadline,
            token_hash=token_hash(token),
            invitation_sent_at=now(),
        )
        with self.uow() as uow:
            invited = candidate.moved(
                CandidateStatus.INVITED, round=round_, invitations=candidate.invitations + 1
            )
            candidate = stage_move(uow, candidate, invited, WORKFLOW_ACTOR)
            uow.put(interview)
            uow.put(
                InvitationToken(
                    token_hash=interview.token_hash,
                    candidate_id=candidate.id,
                    round=round_,
                    deadline=task.deadline,
                )
            )
            uow.put(DeadlineEntry(candidate_id=candidate.id, round=round_, deadline=task.deadline))
            # The link travels in the outbox entries (the only place it is written, until
            # they are delivered), so a channel that failed gets the same link on the
            # retry: no second invitation, no link that no longer works.
            # Invited again with HR's message (after a problem): the letter says why.
            message = candidate.invitation_message if round_ > 1 else None
            self.notices.file(
                uow,
                candidate,
                f"invitation:{round_}",
                self.notices.to_candidate(
                    candidate,
                    NotificationEvent.REINVITATION
                    if message
                    else NotificationEvent.REASSESSMENT_INVITATION
                    if candidate.employee_id
                    else NotificationEvent.INVITATION,
                    interview_link=self.notices.interview_link(token),
                    deadline=shown_deadline(task.deadline),
                    message=message or "",
                    minutes=template.minutes,
                    opening=opening(
                        self.privacy_notices,
                        candidate.branch_id,
                        interview.invited_at,
                        candidate.locale,
                    ),
                ),
            )
            # Published by the workflow's drain after this task, after the messages.
            uow.publish(CandidateInvited.of(candidate, deadline=task.deadline.isoformat()))
            uow.commit(deliver=False)
        return {"status": candidate.status.value, "round": round_}

    def await_interview(self, task: AwaitStep) -> dict[str, Any]:
        self.lifecycle.wait(task.candidate_id, "interview", task.task_token)
        return {}

    def interview_completed(self, task: CandidateTask) -> dict[str, Any]:
        candidate = self.applications.require(task.candidate_id)
        if candidate.status == CandidateStatus.COMPLETED:
            return {"status": candidate.status.value}
        interview = self.interviews.change(
            candidate.id,
            candidate.round,
            lambda i: None if i.completed_at else i.model_copy(update={"completed_at": now()}),
        )
        with self.uow() as uow:
            if interview:  # the invitation is closed: no more reminders
                entry = DeadlineEntry(
                    candidate_id=candidate.id, round=interview.round, deadline=interview.deadline
                )
                uow.delete(entry)
            completed = candidate.moved(CandidateStatus.COMPLETED)
            candidate = stage_move(uow, candidate, completed, "candidate")
            self.notices.file(
                uow,
                candidate,
                f"completion:{candidate.round}",
                self.notices.to_candidate(candidate, NotificationEvent.COMPLETION),
            )
            uow.publish(InterviewCompleted.of(candidate))
            uow.commit()
        return {"status": candidate.status.value}

    def expire_interview(self, task: CandidateTask) -> dict[str, Any]:
        candidate = self.applications.require(task.candidate_id)
        if candidate.status == CandidateStatus.EXPIRED:
            return {"status": candidate.status.value}
        self.lifecycle.forget(candidate.id, "interview")
        with self.uow() as uow:
            expired = candidate.moved(
                CandidateStatus.EXPIRED,
                reason="the interview deadline passed without a completed interview",
                reason_code="interview_expired",
            )
            candidate = stage_move(uow, candidate, expired, WORKFLOW_ACTOR)
            uow.publish(CandidateExpired.of(candidate))
            uow.commit()
        return {"status": candidate.status.value}

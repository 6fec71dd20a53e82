"""HR's side of the new hire's documents: the list (metadata only), a download, and the
review - approve (the document task is done) or reject with a reason (the task opens
again and the new hire is asked to upload it again, with a fresh link).

Documents are sensitive personal information: only HR of the employee's branch and HQ
reach them (``onboarding.portal.employee_in_reach``), and every download is a short-lived
presigned GET of the version that passed the checks, written on the audit trail
(``read.document``: who, which document) before the link is made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, StringConstraints

from hireflow.audit.model import AuditRepository
from hireflow.audit.reads import Read, record_read
from hireflow.audit.service import record
from hireflow.identity.model import Caller
from hireflow.notifications.model import NotificationEvent
from hireflow.onboarding.model import (
    DocumentStatus,
    DocumentType,
    NewHireRepository,
    OnboardingDocument,
    OnboardingPlan,
    OnboardingRepository,
    PlanTask,
    TaskStatus,
)
from hireflow.onboarding.portal import NewHirePortal, employee_in_reach
from hireflow.onboarding.tasks import stage_completion
from hireflow.people.model import Employee, EmployeeRepository
from hireflow.platform import aws, filecheck
from hireflow.platform.errors import Conflict, NotFound
from hireflow.platform.ids import now
from hireflow.platform.observability import logger
from hireflow.platform.unit_of_work import UnitOfWorkFactory

# A download link works for a minute: long enough to start it, too short to pass around.
DOWNLOAD_SECONDS = 60
# What HR may do with a document in each status.
ACTIONS = {
    DocumentStatus.RECEIVED: ["download", "approve", "reject"],
    DocumentStatus.APPROVED: ["download"],
    DocumentStatus.REJECTED: ["download"],
}


class DocumentView(BaseModel):
    id: str
    task_id: str
    task_title: str
    task_title_zh: str | None
    document_type: DocumentType
    content_type: str
    status: DocumentStatus
    size: int | None
    uploaded_at: datetime | None
    reviewed_at: datetime | None
    reviewed_by: str | None
    rejection_reason: str | None
    # Refused by the checks: why, and its code for the reader's language.
    refusal: str | None
    refusal_code: str | None
    refusal_params: dict[str, Any]
    actions: list[str]


class Rejection(BaseModel):
    # What the new hire reads (e-mail, SMS, the portal): why, and what to do instead.
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class DocumentDownload(BaseModel):
    url: str
    expires_in: int
    filename: str


@dataclass(frozen=True)
class DocumentReview:
    employees: EmployeeRepository
    onboarding: OnboardingRepository
    new_hires: NewHireRepository
    portal: NewHirePortal  # a fresh link for the new hire asked to upload again
    uow: UnitOfWorkFactory
    media_bucket: str
    trail: AuditRepository = field(default_factory=AuditRepository)

    def documents(self, caller: Caller, employee_id: str) -> list[DocumentView]:
        """Every upload that arrived, newest first (grants nothing came for are left out)."""
        employee = employee_in_reach(self.employees, caller, employee_id, writing=False)
        plan = self.onboarding.plan(employee.id)
        arrived = [
            d for d in self.new_hires.documents(employee.id) if d.status != DocumentStatus.GRANTED
        ]
        return [self._view(d, plan) for d in reversed(arrived)]

    def download(self, caller: Caller, employee_id: str, document_id: str) -> DocumentDownload:
        employee = employee_in_reach(self.employees, caller, employee_id, writing=False)
        document = self._document(employee, document_id)
        if "download" not in ACTIONS.get(document.status, []):
            raise Conflict("this document has no file to download", code="document_no_file")
        record_read(
            self.trail,
            caller,
            Read.DOCUMENT,
            subject_id=employee.id,
            branch_id=employee.branch_id,
            entity=type(document).KIND,
            entity_id=document.id,
        )
        filename = f"{document.task_id}.{filecheck.ACCEPTED[document.content_type]}"
        url = aws.s3_presigner().generate_presigned_url(
            "get_object",
            Params={
                "Bucket": self.media_bucket,
                "Key": document.object_key,
                "VersionId": document.version_id,
                "ResponseContentDisposition": f'attachment; filename="{filename}"',
                "ResponseContentType": document.content_type,
            },
            ExpiresIn=DOWNLOAD_SECONDS,
        )
        logger.info("document read", employee_id=employee.id, document_id=document.id)
        return DocumentDownload(url=url, expires_in=DOWNLOAD_SECONDS, filename=filename)

    def approve(self, caller: Caller, employee_id: str, document_id: str) -> DocumentView:
        """The document is accepted: its task is done (``onboarding.task_completed``)."""
        employee, document, plan, task = self._in_review(caller, employee_id, document_id)
        approved = document.model_copy(
            update={
                "status": DocumentStatus.APPROVED,
                "reviewed_at": now(),
                "reviewed_by": caller.username,
            }
        )
        with self.uow() as uow:
            uow.save(approved)
            completed = stage_completion(uow, employee, plan, task.id, caller.user_id)
            record(
                uow,
                caller,
                "document.approve",
                branch_id=employee.branch_id,
                entity=approved,
                entity_id=document.id,
                before=document,
                subject_id=employee.id,
            )
            uow.commit()
        return self._view(approved, completed)

    def reject(
        self, caller: Caller, employee_id: str, document_id: str, rejection: Rejection
    ) -> DocumentView:
        """Not accepted, with a reason: the task opens again and the new hire is told
        (e-mail and SMS) with a fresh link - the first link's token is not kept."""
        employee, document, plan, task = self._in_review(caller, employee_id, document_id)
        reason = rejection.reason
        rejected = document.model_copy(
            update={
                "status": DocumentStatus.REJECTED,
                "reviewed_at": now(),
                "reviewed_by": caller.username,
                "rejection_reason": reason,
            }
        )
        reopened = plan.with_task(task.model_copy(update={"status": TaskStatus.OPEN}))
        token, link = self.portal.new_link(employee)
        with self.uow() as uow:
            uow.save(rejected)
            uow.save(reopened)
            uow.create(link)
            record(
                uow,
                caller,
                "document.reject",
                branch_id=employee.branch_id,
                entity=rejected,
                entity_id=document.id,
                before=document,
                subject_id=employee.id,
            )
            uow.commit()
        # The message carries a secret link: sent now, never stored; the rejection saved
        # with the revision read is its guard (a repeated request finds it rejected).
        notices = self.portal.notices
        locale = "zh" if employee.locale == "zh" else "en"
        notices.send(
            notices.to_new_hire(
                employee,
                NotificationEvent.DOCUMENT_REJECTED,
                task=task.title_in(locale),
                reason=reason,
                onboarding_link=notices.onboarding_link(token),
            )
        )
        return self._view(rejected, reopened)

    # -------------------------------------------------------------- helpers
    def _document(self, employee: Employee, document_id: str) -> OnboardingDocument:
        document = self.new_hires.document(employee.id, document_id)
        if document is None or document.status == DocumentStatus.GRANTED:
            raise NotFound("document not found", code="document_not_found")
        return document

    def _in_review(
        self, caller: Caller, employee_id: str, document_id: str
    ) -> tuple[Employee, OnboardingDocument, OnboardingPlan, PlanTask]:
        employee = employee_in_reach(self.employees, caller, employee_id, writing=True)
        document = self._document(employee, document_id)
        plan = self.onboarding.plan(employee.id)
        task = plan.task(document.task_id) if plan else None
        if document.status != DocumentStatus.RECEIVED or plan is None or task is None:
            raise Conflict(
                "this document is not waiting for a review",
                code="document_not_in_review",
                params={"status": document.status.value},
            )
        return employee, document, plan, task

    @staticmethod
    def _view(document: OnboardingDocument, plan: OnboardingPlan | None) -> DocumentView:
        task = plan.task(document.task_id) if plan else None
        return DocumentView(
            id=document.id,
            task_id=document.task_id,
            task_title=task.title if task else document.task_id,
            task_title_zh=task.title_zh if task else None,
            document_type=document.document_type,
            content_type=document.content_type,
            status=document.status,
            size=document.size,
            uploaded_at=document.received_at,
            reviewed_at=document.reviewed_at,
            reviewed_by=document.reviewed_by,
            rejection_reason=document.rejection_reason,
            refusal=document.refusal,
            refusal_code=document.refusal_code,
            refusal_params=document.refusal_params,
            actions=ACTIONS.get(document.status, []),
        )

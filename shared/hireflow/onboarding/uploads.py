"""The new hire's documents on their way in: the upload grant the portal gives, and the
checks when S3 has the bytes.

A grant is a presigned POST for one key of its own (``onboarding/<employee>/<task>/
<document>.<ext>``, its random id in it): the Content-Type fixed to the declared type (PDF,
JPEG or PNG), 1 byte up to ``max_document_bytes``, the tag ``data-class=onboarding-document``,
usable for ten minutes. Only a task whose document is still expected gets one, and a new
grant replaces the task's earlier one.

The bytes are judged off the request path (``DocumentChecks``, the S3 object-created
event's function): the declared type and the real one by their magic numbers, the
structure and, for a PDF, active content (``platform.filecheck``). Passed: the document
is ``received`` (that S3 version pinned) and its task ``submitted``, waiting for HR.
Refused: the object is deleted (every version) and the task stays open; the portal shows
why. A duplicate event changes nothing; a second object under a key already judged is
deleted. The portal function never reads a document: when the new hire says an upload
finished before S3's event came, it asks the checking function to look now.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field

from hireflow.onboarding.model import (
    DocumentStatus,
    DocumentType,
    NewHireRepository,
    OnboardingDocument,
    OnboardingRepository,
    PlanTask,
    TaskStatus,
)
from hireflow.onboarding.portal import ChecklistItem, NewHirePortal
from hireflow.platform import aws, filecheck
from hireflow.platform.errors import ChangedMeanwhile, Conflict, FieldError, Invalid
from hireflow.platform.filecheck import FileRefused
from hireflow.platform.ids import new_id, now
from hireflow.platform.objects import current_version, discard_versions
from hireflow.platform.observability import logger
from hireflow.platform.unit_of_work import UnitOfWorkFactory

GRANT_SECONDS = 600
MAX_DOCUMENTS_PER_TASK = 20  # uploads asked for one task: plenty for retries, not a store
DATA_CLASS = "onboarding-document"  # the objects' data-class tag (docs/onboarding.md)
TAGGING = (
    "<Tagging><TagSet><Tag><Key>data-class</Key>"
    f"<Value>{DATA_CLASS}</Value></Tag></TagSet></Tagging>"
)
DOCUMENT_KEY = re.compile(
    r"^onboarding/(?P<employee>[0-9a-f]{32})/(?P<task>[a-z0-9][a-z0-9_-]{0,39})/"
    r"(?P<document>[0-9a-f]{32})\.(?:pdf|jpg|png)$"
)


def document_key(employee_id: str, task_id: str, document_id: str, content_type: str) -> str:
    return f"onboarding/{employee_id}/{task_id}/{document_id}.{filecheck.ACCEPTED[content_type]}"


def latest(documents: list[OnboardingDocument], task_id: str) -> OnboardingDocument | None:
    """The task's newest upload grant (``documents`` oldest first)."""
    return next((d for d in reversed(documents) if d.task_id == task_id), None)


def expecting(task: PlanTask) -> None:
    """The task's document is expected: it is neither with HR nor approved."""
    if task.status == TaskStatus.DONE:
        raise Conflict("this document is approved already", code="document_approved")
    if task.status == TaskStatus.SUBMITTED:
        raise Conflict("this document is waiting for HR's review", code="document_in_review")


class UploadRequest(BaseModel):
    content_type: str = Field(max_length=100)
    size: int = Field(ge=0, le=2**40, description="the file's size in bytes")


class DocumentGrant(BaseModel):
    url: str
    fields: dict[str, str]
    key: str
    document_id: str
    max_bytes: int
    expires_in: int


@dataclass(frozen=True)
class DocumentUploads:
    portal: NewHirePortal
    new_hires: NewHireRepository
    uow: UnitOfWorkFactory
    media_bucket: str
    # The function that checks documents: asked to look when the S3 event is late.
    check_function: str = ""

    def grant(
        self, token: str, session_token: str, task_id: str, request: UploadRequest
    ) -> DocumentGrant:
        employee, _ = self.portal.signed_in(token, session_token)
        task = self.portal.document_task(employee, task_id)
        expecting(task)
        limit, content_type = self.portal.max_document_bytes, request.content_type
        if content_type not in filecheck.ACCEPTED:
            raise Invalid(
                "only PDF, JPEG and PNG files are accepted",
                [FieldError("content_type", "PDF, JPEG or PNG", "document_type_not_accepted")],
                code="document_type_not_accepted",
                params={"content_type": content_type},
            )
        if not 1 <= request.size <= limit:
            sizes = {"max_mb": round(limit / 1024 / 1024, 1)}
            code = "file_empty" if request.size < 1 else "file_too_large"
            raise Invalid(
                f"a document has 1 byte to {limit} bytes",
                [FieldError("size", f"1 to {limit} bytes", code, sizes)],
                code=code,
                params=sizes,
            )
        documents = self.new_hires.documents(employee.id)
        if sum(d.task_id == task.id for d in documents) >= MAX_DOCUMENTS_PER_TASK:
            raise Conflict(
                "too many uploads for this document; please ask HR",
                code="too_many_uploads",
                params={"max": MAX_DOCUMENTS_PER_TASK},
            )
        document_id = new_id()
        document = OnboardingDocument(
            id=document_id,
            employee_id=employee.id,
            task_id=task.id,
            document_type=task.document_type or DocumentType.OTHER,
            content_type=content_type,
            object_key=document_key(employee.id, task.id, document_id, content_type),
            declared_bytes=request.size,
        )
        with self.uow() as uow:
            uow.create(document)
            uow.commit()
        # The policy pins the key (boto adds it), the type, the tag and the size range.
        post = aws.s3_presigner().generate_presigned_post(
            Bucket=self.media_bucket,
            Key=document.object_key,
            Fields={"Content-Type": content_type, "tagging": TAGGING},
            Conditions=[
                {"Content-Type": content_type},
                {"tagging": TAGGING},
                ["content-length-range", 1, limit],
            ],
            ExpiresIn=GRANT_SECONDS,
        )
        logger.info("document upload granted", employee_id=employee.id, task_id=task.id)
        return DocumentGrant(
            url=post["url"],
            fields=post["fields"],
            key=document.object_key,
            document_id=document.id,
            max_bytes=limit,
            expires_in=GRANT_SECONDS,
        )

    def uploaded(self, token: str, session_token: str, task_id: str) -> ChecklistItem:
        """The page says its upload finished: until S3's event brings it to the checks,
        the checking function is asked to look now. Saying it again, or about an upload
        already judged, changes nothing."""
        employee, _ = self.portal.signed_in(token, session_token)
        task = self.portal.document_task(employee, task_id)
        documents = self.new_hires.documents(employee.id)
        newest = latest(documents, task.id)
        if newest is not None and newest.status == DocumentStatus.GRANTED:
            if newest.claimed_at is None:
                try:
                    with self.uow() as uow:
                        uow.save(newest.model_copy(update={"claimed_at": now()}))
                        uow.commit()
                except ChangedMeanwhile:
                    pass  # judged meanwhile
            self._ask_for_check(newest.object_key)
        # Read again, the documents first: the task is as fresh as they are (a check that
        # lands in between has moved it on too).
        documents = self.new_hires.documents(employee.id)
        return self.portal.item(employee, self.portal.document_task(employee, task.id), documents)

    def _ask_for_check(self, key: str) -> None:
        if self.check_function:
            aws.client("lambda").invoke(
                FunctionName=self.check_function,
                InvocationType="Event",
                Payload=json.dumps({"check": key}).encode(),
            )


@dataclass(frozen=True)
class DocumentChecks:
    onboarding: OnboardingRepository
    new_hires: NewHireRepository
    uow: UnitOfWorkFactory
    media_bucket: str
    max_document_bytes: int

    def received(self, key: str, version_id: str | None = None, etag: str | None = None) -> bool:
        """Judge an uploaded object (the event's version; without one, the key's current
        version). True when it passed and waits for HR; False when there is nothing new
        (a duplicate event, an object refused and deleted)."""
        match = DOCUMENT_KEY.match(key)
        if match is None:
            logger.warning("object is not an onboarding document")
            return False
        document = self.new_hires.document(match["employee"], match["document"])
        if document is None or document.object_key != key:
            logger.warning("document without a grant deleted", employee_id=match["employee"])
            self._discard(key, keep=None)
            return False
        if version_id is None:
            version_id, etag = self._current_version(key)
            if version_id is None:
                return False  # nothing there (deleted meanwhile)
        for _ in range(5):
            try:
                return self._judge(document, version_id, etag)
            except ChangedMeanwhile:  # the other run, or the page's claim: read again
                current = self.new_hires.document(document.employee_id, document.id)
                assert current is not None
                document = current
        raise ChangedMeanwhile("the document keeps changing", code="busy_try_again")

    def _judge(self, document: OnboardingDocument, version_id: str, etag: str | None) -> bool:
        if document.status != DocumentStatus.GRANTED:
            kept = document.version_id if document.status != DocumentStatus.REFUSED else None
            if version_id != kept:  # a second object under a judged key, or a refused one
                self._discard(document.object_key, keep=kept)
            return False
        plan = self.onboarding.plan(document.employee_id)
        task = plan.task(document.task_id) if plan else None
        newest = latest(self.new_hires.documents(document.employee_id), document.task_id)
        try:
            if plan is None or task is None or newest is None or newest.id != document.id:
                raise FileRefused(
                    "a newer upload was asked for this document", code="document_superseded"
                )
            expecting(task)
            data = self._read(document.object_key, version_id)
            filecheck.check_file(data, document.content_type, self.max_document_bytes)
        except (FileRefused, Conflict) as refused:
            self._refuse(document, version_id, refused.message, refused.code, refused.params)
            return False
        received = document.model_copy(
            update={
                "status": DocumentStatus.RECEIVED,
                "received_at": now(),
                "size": len(data),
                "version_id": version_id,
                "etag": (etag or "").strip('"') or None,
            }
        )
        with self.uow() as uow:
            uow.save(received)
            uow.save(plan.with_task(task.model_copy(update={"status": TaskStatus.SUBMITTED})))
            uow.commit()
        logger.info("document received", employee_id=document.employee_id, task_id=document.task_id)
        return True

    def _refuse(
        self,
        document: OnboardingDocument,
        version_id: str,
        message: str,
        code: str,
        params: dict[str, Any],
    ) -> None:
        """Record why (first, so a retry of a failed deletion finds it), then delete."""
        refused = document.model_copy(
            update={
                "status": DocumentStatus.REFUSED,
                "received_at": now(),
                "version_id": version_id,
                "refusal": message,
                "refusal_code": code,
                "refusal_params": params,
            }
        )
        with self.uow() as uow:
            uow.save(refused)
            uow.commit()
        self._discard(document.object_key, keep=None)
        logger.warning(
            "document refused and deleted",
            employee_id=document.employee_id,
            task_id=document.task_id,
            reason=code,
        )

    def _read(self, key: str, version_id: str) -> bytes:
        s3 = aws.client("s3")
        got = s3.get_object(Bucket=self.media_bucket, Key=key, VersionId=version_id)
        if int(got.get("ContentLength") or 0) > self.max_document_bytes:
            got["Body"].close()
            raise filecheck.too_large(self.max_document_bytes)
        return bytes(got["Body"].read(self.max_document_bytes + 1))

    def _current_version(self, key: str) -> tuple[str | None, str | None]:
        return current_version(self.media_bucket, key)

    def _discard(self, key: str, keep: str | None) -> None:
        discard_versions(self.media_bucket, key, keep)

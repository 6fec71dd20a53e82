"""A person's requests about their data (docs/privacy.md "Requests from a person"):
an export of everything kept about them, or its erasure, made through HR or the portal.

``create`` stores the request (due within ``STATUTORY_DAYS``) and publishes
``data_request.received``; PrivacyEventsFunction calls ``run``, which expands the person
over every holder until nothing new is found (merged applications, employee records),
refuses while any of their records is under a legal hold, and otherwise asks every
holder to erase (or export) and stores the receipt. A repeated delivery finds the
request finished and changes nothing."""

from __future__ import annotations

import json
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from hireflow.audit.model import AuditRepository
from hireflow.audit.reads import Read, record_read
from hireflow.audit.service import record
from hireflow.identity.model import Caller, Role
from hireflow.identity.permissions import Capability, can, may_manage_candidate
from hireflow.platform import aws
from hireflow.platform.errors import Conflict, Forbidden, NotFound
from hireflow.platform.ids import now
from hireflow.platform.objects import delete_object_versions
from hireflow.platform.observability import logger
from hireflow.platform.store import field
from hireflow.platform.unit_of_work import UnitOfWorkFactory
from hireflow.privacy.events import DataRequestReceived
from hireflow.privacy.model import (
    STATUTORY_DAYS,
    DataClass,
    DataRequest,
    PrivacyRepository,
    ReceiptLine,
    RequestKind,
)
from hireflow.privacy.personal_data import ExportBundle, PersonalDataHolder, PersonRef

# How long the download link of an export works (the zip itself expires after 7 days:
# the exports lifecycle rule in template.yaml).
DOWNLOAD_SECONDS = 300
EXPORTS_PREFIX = "exports/"
MAX_EXPANSIONS = 10
CHUNK = 1024 * 1024
# The zip is built in memory up to this size and on /tmp beyond: an export of many
# recordings never holds them all in memory.
SPOOL_BYTES = 64 * 1024 * 1024


def system_caller(branch_id: str, who: str = "privacy") -> Caller:
    """Who the audit trail names for a request's run (or the person, on the portal)."""
    return Caller(user_id=who, username=who, roles=(Role.BRANCH_HR,), branch_id=branch_id)


@dataclass(frozen=True)
class DataRequests:
    privacy: PrivacyRepository
    uow: UnitOfWorkFactory
    holders: Sequence[PersonalDataHolder]
    exports_bucket: str
    trail: AuditRepository

    # -------------------------------------------------------------- create
    def create(
        self, subject_id: str, branch_id: str, kind: RequestKind, caller: Caller | None
    ) -> DataRequest:
        """A request made by HR (``caller``) or by the person on the portal (None)."""
        at = now()
        request = DataRequest(
            kind=kind,
            subject_id=subject_id,
            branch_id=branch_id,
            requested_by=caller.user_id if caller else "person",
            channel="hr" if caller else "portal",
            requested_at=at,
            due_by=at + timedelta(days=STATUTORY_DAYS),
        )
        actor = caller or system_caller(branch_id, "person")
        with self.uow() as uow:
            uow.create(request)
            record(
                uow,
                actor,
                f"privacy_request.{kind}",
                branch_id=branch_id,
                entity=request,
                entity_id=request.id,
                subject_id=subject_id,
            )
            uow.publish(DataRequestReceived(request_id=request.id, kind=kind, branch_id=branch_id))
            uow.commit()
        logger.info("privacy request received", request_id=request.id, kind=kind)
        return request.model_copy(update={"revision": 1})

    # -------------------------------------------------------------- reads
    def get(self, caller: Caller, request_id: str) -> DataRequest:
        request = self.privacy.request(request_id)
        if request is None or not may_manage_candidate(caller, request.branch_id):
            raise NotFound("no such privacy request", code="privacy_request_not_found")
        return request

    def of_subject(self, subject_id: str, request_id: str) -> DataRequest:
        """A request as the person sees it (the portal): only one made about them."""
        request = self.privacy.request(request_id)
        if request is None or request.subject_id != subject_id:
            raise NotFound("no such privacy request", code="privacy_request_not_found")
        return request

    def listed(
        self, caller: Caller, branch_id: str | None, status: str | None
    ) -> list[DataRequest]:
        """Newest first: branch HR their branch's, HQ one branch's or every branch's."""
        if not can(caller, Capability.PRIVACY_REQUESTS):
            raise Forbidden("only HR handle privacy requests", code="hr_only")
        if not caller.is_hq:
            branch_id = caller.branch_id
        if branch_id and not caller.can_see_branch(branch_id):
            return []
        repository = self.privacy.requests
        if branch_id:
            page = repository.query(
                DataRequest.of_branch(branch_id), index="gsi1", limit=200, newest_first=True
            )
        else:
            page = repository.query(DataRequest.every(), index="gsi2", limit=200, newest_first=True)
        return [r for r in page.items if status is None or r.status == status]

    def download_url(self, request: DataRequest, caller: Caller | None) -> str:
        """A short-lived link to the export's zip; HR's download is audited as a read
        (``caller`` None: the person, on the portal). The export covers the whole person,
        merged applications in other branches included: HR must manage every branch the
        person was found in (HQ do)."""
        if request.kind != "export" or request.status != "done" or not request.export_key:
            raise Conflict("the export is not ready yet", code="privacy_export_not_ready")
        if caller is not None:
            branches = request.branch_ids or [request.branch_id]
            if not all(may_manage_candidate(caller, b) for b in branches):
                raise Forbidden(
                    "the export holds data of other branches: HQ download it",
                    code="privacy_export_other_branches",
                )
            record_read(
                self.trail,
                caller,
                Read.EXPORT,
                subject_id=request.subject_id,
                branch_id=request.branch_id,
                entity="data_request",
                entity_id=request.id,
            )
        return aws.client("s3").generate_presigned_url(
            "get_object",
            Params={
                "Bucket": self.exports_bucket,
                "Key": request.export_key,
                "ResponseContentDisposition": f'attachment; filename="{request.id}.zip"',
            },
            ExpiresIn=DOWNLOAD_SECONDS,
        )

    def mine(self, subject_id: str, branch_id: str) -> list[DataRequest]:
        """The requests made about this application (the portal's "Your data")."""
        return list(
            self.privacy.requests.iterate(
                DataRequest.of_branch(branch_id),
                index="gsi1",
                filter_by=field("subject_id") == subject_id,
            )
        )

    # -------------------------------------------------------------- run
    def person(self, subject_id: str) -> PersonRef:
        """The person behind an application, expanded over every holder until nothing new
        is found."""
        person = PersonRef(candidate_ids=[subject_id])
        for _ in range(MAX_EXPANSIONS):
            grown = person
            for holder in self.holders:
                grown = holder.expand(grown)
            if grown.model_dump() == person.model_dump():
                return grown
            person = grown
        return person

    def run(self, request_id: str) -> DataRequest:
        request = self.privacy.request(request_id)
        if request is None:
            raise NotFound("no such privacy request", code="privacy_request_not_found")
        if request.status in ("done", "refused"):
            return request  # a repeated delivery: nothing left to do
        person = self.person(request.subject_id)
        branch_ids = list(dict.fromkeys([request.branch_id, *person.branch_ids]))
        request = request.model_copy(update={"branch_ids": branch_ids})
        held = self._held(person)
        if held:
            return self._finish(request, "refused", receipt=held, code="legal_hold")
        if request.kind == "export":
            key = self._export(request, person)
            return self._finish(request, "done", export_key=key)
        receipt: list[ReceiptLine] = []
        classes = frozenset(DataClass)
        for holder in self.holders:
            receipt += holder.erase(person, classes, anonymise=False)
        receipt.append(self._erase_exports(request, person))
        return self._finish(request, "done", receipt=receipt)

    def _erase_exports(self, request: DataRequest, person: PersonRef) -> ReceiptLine:
        """An earlier export's zip is a full copy of the person: it goes with the rest
        (every version), whichever of their applications it was asked through."""
        count = 0
        branches = dict.fromkeys([request.branch_id, *person.branch_ids])
        for candidate_id in person.candidate_ids:
            for branch_id in branches:
                for earlier in self.mine(candidate_id, branch_id):
                    if earlier.export_key:
                        count += delete_object_versions(self.exports_bucket, earlier.export_key)
        return ReceiptLine(
            data_class=DataClass.APPLICATION,
            holder="privacy.exports",
            where=f"bucket: {EXPORTS_PREFIX} (the person's earlier exports)",
            action="deleted",
            count=count,
        )

    def _held(self, person: PersonRef) -> list[ReceiptLine]:
        lines = []
        for subject in [*person.candidate_ids, *person.employee_ids]:
            hold = self.privacy.hold(subject)
            if hold is not None and hold.active:
                lines.append(
                    ReceiptLine(
                        data_class=DataClass.APPLICATION,
                        holder="privacy.legal_holds",
                        where=f"legal hold placed {hold.placed_at:%Y-%m-%d}: {hold.reason}",
                        action="kept",
                        count=1,
                        reason_code="legal_hold",
                    )
                )
        return lines

    def _finish(
        self,
        request: DataRequest,
        status: str,
        *,
        receipt: list[ReceiptLine] | None = None,
        export_key: str | None = None,
        code: str | None = None,
    ) -> DataRequest:
        done = request.model_copy(
            update={
                "status": status,
                "status_code": code,
                "finished_at": now(),
                "receipt": receipt or [],
                "export_key": export_key,
            }
        )
        with self.uow() as uow:
            uow.save(done)
            record(
                uow,
                system_caller(request.branch_id),
                f"privacy_request.{status}",
                branch_id=request.branch_id,
                entity=done,
                entity_id=request.id,
                before=request,
                subject_id=request.subject_id,
            )
            uow.commit()
        logger.info("privacy request finished", request_id=request.id, status=status)
        return done.model_copy(update={"revision": request.revision + 1})

    # -------------------------------------------------------------- export
    def _export(self, request: DataRequest, person: PersonRef) -> str:
        bundle = ExportBundle()
        for holder in self.holders:
            holder.export(person, bundle)
        key = f"{EXPORTS_PREFIX}{request.id}.zip"
        s3: Any = aws.client("s3")
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as buffer:
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr(
                    "README.json",
                    json.dumps(
                        {
                            "request": request.id,
                            "made": request.requested_at.isoformat(),
                            "files": sorted([*bundle.documents, *bundle.files]),
                        },
                        ensure_ascii=False,
                        indent=2,
                    ),
                )
                for path in bundle.documents:
                    archive.writestr(path, bundle.json_bytes(path))
                for path, (bucket, object_key) in bundle.files.items():
                    try:
                        body = s3.get_object(Bucket=bucket, Key=object_key)["Body"]
                    except s3.exceptions.NoSuchKey:
                        continue
                    with archive.open(path, "w") as target:
                        for chunk in body.iter_chunks(CHUNK):
                            target.write(chunk)
            buffer.seek(0)
            s3.upload_fileobj(
                buffer, self.exports_bucket, key, ExtraArgs={"ContentType": "application/zip"}
            )
        return key

"""An application's résumé on its way in and HR's reading of it (docs/resumes.md).

A résumé arrives as a file under ``resumes/<candidate id>/<upload id>.<ext>``:

- **uploaded** by HR on the candidate page or by the candidate in the portal before the
  interview, through a presigned POST scoped to that one key (the declared type pinned,
  1 byte up to ``MAX_RESUME_BYTES``, the ``data-class=resume`` tag, ten minutes); the
  grant records the ``Resume`` as ``waiting`` so the page shows progress;
- **taken from an import** (a member of an uploaded archive, or a link; ``resume_import``).

S3's object-created event brings the key to ``received`` (the parsing function): the size
from HeadObject first, the format sniffed from the bytes (a mismatch with the declared one
is refused), then ``parse``. The outcome is stored with the unit of work and
``resume.parsed`` published: ``parsed`` (fields with their spans), ``unreadable`` (nothing
could be read) or ``refused`` (the file's every version deleted; the code says why). HR's
corrections survive a re-parse of the same upload; an event of an upload older than the
current one changes nothing, and the same event twice changes nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints, TypeAdapter, ValidationError

from hireflow.audit.model import AuditRepository
from hireflow.audit.reads import Read, record_read
from hireflow.audit.service import audited_write, record
from hireflow.identity.model import Caller
from hireflow.platform import aws
from hireflow.platform.errors import Conflict, FieldError, Invalid, NotFound, UnsupportedMediaType
from hireflow.platform.ids import new_id, now
from hireflow.platform.objects import current_version, discard_versions
from hireflow.platform.observability import logger
from hireflow.platform.unit_of_work import UnitOfWorkFactory, check_revision
from hireflow.recruiting.events import ResumeParsed
from hireflow.recruiting.model import (
    MAX_RESUME_BYTES,
    MAX_RESUME_TEXT,
    RESUME_PREFIX,
    Candidate,
    Claim,
    Education,
    Experience,
    ParsedResume,
    Resume,
    ResumeCorrection,
    ResumeFields,
    ResumeFormat,
    ResumeOrigin,
    ResumeRepository,
    ResumeSection,
    ResumeStatus,
    TextMethod,
    UnreadPart,
    resume_key,
)
from hireflow.recruiting.resume_parsing import ResumeRefused, parse, sniff_format
from hireflow.recruiting.service import CandidateService
from hireflow.recruiting.status import interview_open

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The types a résumé may be uploaded as, and the format each must really be.
RESUME_TYPES: dict[str, ResumeFormat] = {
    "application/pdf": "pdf",
    DOCX_TYPE: "docx",
    "image/jpeg": "jpeg",
    "image/png": "png",
}
CONTENT_TYPES: dict[ResumeFormat, str] = {fmt: t for t, fmt in RESUME_TYPES.items()}
GRANT_SECONDS = 600
DOWNLOAD_SECONDS = 60  # long enough to start a download, too short to pass the link on
# The objects' data-class tag: as a presigned POST's field, and as PutObject's query form.
TAGGING = (
    "<Tagging><TagSet><Tag><Key>data-class</Key><Value>resume</Value></Tag></TagSet></Tagging>"
)
TAG_QUERY = "data-class=resume"
RESUME_KEY = re.compile(
    rf"^{RESUME_PREFIX}(?P<candidate>[0-9a-f]{{32}})/(?P<upload>[0-9a-f]{{32}})\.(?:pdf|docx|jpg|png)$"
)
MAX_SECTION_ITEMS = 50
SECTION_MODELS: dict[str, TypeAdapter[Any]] = {
    "education": TypeAdapter(list[Education]),
    "experience": TypeAdapter(list[Experience]),
    "skills": TypeAdapter(list[Claim]),
    "certificates": TypeAdapter(list[Claim]),
    "languages": TypeAdapter(list[Claim]),
}
CLAIM_SECTIONS = ("skills", "certificates", "languages")

Parser = Callable[[bytes, ResumeFormat], ParsedResume]


class ResumeUploadRequest(BaseModel):
    file_name: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
    ]
    content_type: str = Field(max_length=200)


class ResumeUploadGrant(BaseModel):
    url: str
    fields: dict[str, str]
    key: str
    upload_id: str
    max_bytes: int
    expires_in: int


class ResumeView(BaseModel):
    """The résumé as HR reads it: the fields (parsed + HR's corrections) with their
    spans, the machine's own reading, the corrections, and a short download link."""

    candidate_id: str
    upload_id: str
    format: ResumeFormat
    file_name: str | None
    origin: ResumeOrigin
    uploaded_by: str
    uploaded_at: datetime
    status: ResumeStatus
    status_code: str | None
    status_params: dict[str, Any]
    parsed_at: datetime | None
    pages: int
    method: TextMethod | None
    language: str | None
    fields: ResumeFields
    parsed: ResumeFields
    corrected_sections: list[str]
    corrections: list[ResumeCorrection]
    unread: list[UnreadPart]
    revision: int
    download_url: str | None = None
    download_expires_in: int | None = None


class PortalResume(BaseModel):
    """What the candidate sees of their upload: how far it got, never the fields."""

    status: ResumeStatus
    status_code: str | None
    status_params: dict[str, Any] = Field(default_factory=dict)
    file_name: str | None
    uploaded_at: datetime


class SectionCorrection(BaseModel):
    items: list[dict[str, Any]] = Field(max_length=MAX_SECTION_ITEMS)
    revision: int


@dataclass(frozen=True)
class ResumeIntake:
    candidates: CandidateService
    resumes: ResumeRepository
    uow: UnitOfWorkFactory
    media_bucket: str
    # The parsing engineer's ``parse``; tests pass a small fake.
    parser: Parser = parse
    trail: AuditRepository = field(default_factory=AuditRepository)

    # -------------------------------------------------------------- uploads
    def grant(
        self, caller: Caller, candidate_id: str, request: ResumeUploadRequest
    ) -> ResumeUploadGrant:
        """HR's upload: HR of the candidate's branch, or HQ."""
        candidate = self.candidates.manageable(caller, candidate_id, "only HR may upload a résumé")
        return self._grant(candidate, request, "hr", caller.username, caller)

    def candidate_grant(
        self, candidate: Candidate, request: ResumeUploadRequest
    ) -> ResumeUploadGrant:
        """The candidate's upload in the portal, while the interview is still open; a
        résumé HR already has (uploaded or imported) is not replaced from the portal."""
        if not interview_open(candidate.status):
            raise Conflict(
                "the interview is over: the résumé can no longer be changed here",
                code="resume_interview_over",
            )
        current = self.resumes.get(candidate.id)
        if current is not None and current.origin != "candidate":
            raise Conflict("HR already has your résumé", code="resume_already_provided")
        return self._grant(candidate, request, "candidate", "candidate", None)

    def portal_status(self, candidate: Candidate) -> PortalResume | None:
        """The candidate's own upload; None before one (the page asks on every visit: not
        an error). A résumé HR uploaded or imported is not shown to the candidate."""
        resume = self.resumes.get(candidate.id)
        if resume is None or resume.origin != "candidate":
            return None
        return PortalResume(
            status=resume.status,
            status_code=resume.status_code,
            status_params=resume.status_params,
            file_name=resume.file_name,
            uploaded_at=resume.uploaded_at,
        )

    def _grant(
        self,
        candidate: Candidate,
        request: ResumeUploadRequest,
        origin: ResumeOrigin,
        uploaded_by: str,
        caller: Caller | None,
    ) -> ResumeUploadGrant:
        fmt = RESUME_TYPES.get(request.content_type.split(";")[0].strip().lower())
        if fmt is None:
            raise UnsupportedMediaType(
                "a résumé is a PDF, a Word (.docx) file or a photo (JPEG, PNG)",
                code="resume_type_not_accepted",
                params={"content_type": request.content_type[:100]},
            )
        resume = self.waiting(candidate, fmt, origin, uploaded_by, request.file_name, caller)
        content_type = CONTENT_TYPES[fmt]
        # The policy pins the key (boto adds it), the type, the tag and the size range.
        post = aws.s3_presigner().generate_presigned_post(
            Bucket=self.media_bucket,
            Key=resume.file_key,
            Fields={"Content-Type": content_type, "tagging": TAGGING},
            Conditions=[
                {"Content-Type": content_type},
                {"tagging": TAGGING},
                ["content-length-range", 1, MAX_RESUME_BYTES],
            ],
            ExpiresIn=GRANT_SECONDS,
        )
        logger.info("resume upload granted", candidate_id=candidate.id, origin=origin)
        return ResumeUploadGrant(
            url=post["url"],
            fields=post["fields"],
            key=resume.file_key,
            upload_id=resume.upload_id,
            max_bytes=MAX_RESUME_BYTES,
            expires_in=GRANT_SECONDS,
        )

    def waiting(
        self,
        candidate: Candidate,
        fmt: ResumeFormat,
        origin: ResumeOrigin,
        uploaded_by: str,
        file_name: str | None,
        caller: Caller | None = None,
        upload_id: str | None = None,
    ) -> Resume:
        """The application's new résumé, waiting for its file (it replaces the one before:
        the old file stays in S3 until retention)."""
        upload_id = upload_id or new_id()
        resume = Resume(
            candidate_id=candidate.id,
            branch_id=candidate.branch_id,
            upload_id=upload_id,
            file_key=resume_key(candidate.id, upload_id, fmt),
            format=fmt,
            file_name=file_name,
            origin=origin,
            uploaded_by=uploaded_by,
        )
        current = self.resumes.get(candidate.id)
        with self.uow() as uow:
            uow.put(resume)
            if caller is not None:
                record(
                    uow,
                    caller,
                    "resume.upload",
                    branch_id=candidate.branch_id,
                    entity=_slim(resume),
                    entity_id=candidate.id,
                    before=_slim(current) if current else None,
                )
            uow.commit()
        return resume

    # -------------------------------------------------------------- the S3 event
    def received(
        self, key: str, version_id: str | None = None, etag: str | None = None
    ) -> Resume | None:
        """Read, parse and store the résumé S3 now holds under ``key`` (idempotent)."""
        found = RESUME_KEY.match(key)
        if found is None:
            logger.warning("not a resume key", key=key)
            return None
        candidate_id, upload_id = found["candidate"], found["upload"]
        resume = self.resumes.get(candidate_id)
        candidate = self.candidates.candidates.get(candidate_id)
        if resume is None or candidate is None or resume.file_key != key:
            # A newer upload replaced this one (or the application is gone): stale.
            logger.info(
                "stale resume event ignored", candidate_id=candidate_id, upload_id=upload_id
            )
            return None
        if version_id is None:
            version_id, _ = current_version(self.media_bucket, key)
            if version_id is None:
                logger.warning("resume event without its object", candidate_id=candidate_id)
                return None
        if resume.status != "waiting" and resume.file_version == version_id:
            return resume  # this version was read already: the same event again
        if resume.status == "refused":
            # Refused and deleted: a late event of another version of the key is deleted too.
            discard_versions(self.media_bucket, key, None)
            return resume
        try:
            outcome = self._read(resume, version_id)
        except ResumeRefused as refused:
            return self._refuse(candidate, resume, version_id, refused)
        updated = self._stored(resume, version_id, outcome)
        with self.uow() as uow:
            uow.save(updated)
            uow.publish(
                ResumeParsed.of(
                    candidate,
                    upload_id=upload_id,
                    resume_status=updated.status,
                    method=updated.method,
                    pages=updated.pages,
                )
            )
            uow.commit()
        saved = updated.model_copy(update={"revision": resume.revision + 1})
        logger.info(
            "resume read",
            candidate_id=candidate_id,
            status=saved.status,
            pages=saved.pages,
            method=saved.method,
        )
        if saved.status == "parsed":
            self.candidates.detect_duplicates(candidate, saved)
        return saved

    def _read(self, resume: Resume, version_id: str) -> ParsedResume:
        s3 = aws.client("s3")
        version = {} if version_id == "null" else {"VersionId": version_id}
        head = s3.head_object(Bucket=self.media_bucket, Key=resume.file_key, **version)
        if int(head.get("ContentLength") or 0) > MAX_RESUME_BYTES:
            raise ResumeRefused(
                "resume_too_large",
                f"the file is larger than {MAX_RESUME_BYTES} bytes",
                max_mb=MAX_RESUME_BYTES // (1024 * 1024),
            )
        got = s3.get_object(Bucket=self.media_bucket, Key=resume.file_key, **version)
        data = bytes(got["Body"].read(MAX_RESUME_BYTES + 1))
        if not data:
            raise ResumeRefused("resume_empty", "the file is empty")
        if len(data) > MAX_RESUME_BYTES:
            raise ResumeRefused(
                "resume_too_large",
                f"the file is larger than {MAX_RESUME_BYTES} bytes",
                max_mb=MAX_RESUME_BYTES // (1024 * 1024),
            )
        found = sniff_format(data[:16])
        if found != resume.format:
            raise ResumeRefused(
                "resume_type_mismatch",
                f"the file is not a {resume.format.upper()}",
                declared=resume.format,
                found=found or "",
            )
        return self.parser(data, found)

    @staticmethod
    def _stored(resume: Resume, version_id: str, parsed: ParsedResume) -> Resume:
        """The résumé with this reading: HR's corrected sections keep their values."""
        fields = parsed.fields.model_copy(
            update={s: getattr(resume.fields, s) for s in resume.corrected_sections}
        )
        readable = bool(parsed.text.strip())
        unreadable_code = parsed.unread[0].code if parsed.unread else "resume_nothing_readable"
        return resume.model_copy(
            update={
                "status": "parsed" if readable else "unreadable",
                "status_code": None if readable else unreadable_code,
                "status_params": {},
                "file_version": version_id,
                "parsed_at": now(),
                "pages": parsed.pages,
                "method": parsed.method,
                "language": parsed.language,
                "text": parsed.text[:MAX_RESUME_TEXT],
                "parsed": parsed.fields,
                "fields": fields,
                "unread": parsed.unread,
            }
        )

    def _refuse(
        self, candidate: Candidate, resume: Resume, version_id: str, refused: ResumeRefused
    ) -> Resume:
        """Record why (first, so a retry of a failed deletion finds it), then delete."""
        params = {
            k: v if isinstance(v, int | float | str) else str(v) for k, v in refused.params.items()
        }
        updated = resume.model_copy(
            update={
                "status": "refused",
                "status_code": refused.code,
                "status_params": params,
                "file_version": version_id,
                "parsed_at": now(),
            }
        )
        with self.uow() as uow:
            uow.save(updated)
            uow.publish(
                ResumeParsed.of(candidate, upload_id=resume.upload_id, resume_status="refused")
            )
            uow.commit()
        discard_versions(self.media_bucket, resume.file_key, None)
        logger.warning("resume refused and deleted", candidate_id=candidate.id, reason=refused.code)
        return updated.model_copy(update={"revision": resume.revision + 1})

    # -------------------------------------------------------------- HR reads and corrects
    def view(self, caller: Caller, candidate_id: str) -> ResumeView | None:
        """Anyone who may read the candidate (reviewers too); None while there is no
        résumé (a normal state, not an error); its parsed fields and download link are
        on the audit trail (``read.resume``) before they leave."""
        candidate = self.candidates.get(caller, candidate_id)
        resume = self.resumes.get(candidate.id)
        if resume is None:
            return None
        url = None
        if resume.status in ("parsed", "unreadable"):
            record_read(
                self.trail,
                caller,
                Read.RESUME,
                subject_id=candidate.id,
                branch_id=candidate.branch_id,
                entity=Resume.KIND,
                entity_id=candidate.id,
            )
            if resume.file_version:
                url = self._download_url(resume)
        return _view(resume, url)

    def correct(
        self, caller: Caller, candidate_id: str, section: str, change: SectionCorrection
    ) -> ResumeView:
        """HR replaces one section's items: kept through every re-parse, audited, with
        the correction (before -> after) on the résumé."""
        candidate = self.candidates.manageable(caller, candidate_id, "only HR may correct a résumé")
        if section not in SECTION_MODELS:
            raise NotFound("no such résumé section", code="resume_section_unknown")
        current = self._resume(candidate.id)
        check_revision(current, change.revision, "the résumé")
        if current.status not in ("parsed", "unreadable"):
            raise Conflict(
                "the résumé is not read yet",
                code="resume_not_read",
                params={"status": current.status},
            )
        items = _items(section, change.items)
        before = [i.model_dump(mode="json") for i in getattr(current.fields, section)]
        after = [i.model_dump(mode="json") for i in items]
        typed: ResumeSection = section  # type: ignore[assignment]
        corrected = current.model_copy(
            update={
                "fields": current.fields.model_copy(update={section: items}),
                "corrections": [
                    *current.corrections,
                    ResumeCorrection(section=typed, before=before, after=after, by=caller.username),
                ],
            }
        )
        with self.uow() as uow:
            saved = audited_write(
                uow,
                caller,
                "resume.correct",
                corrected,
                entity_id=candidate.id,
                branch_id=candidate.branch_id,
                before=current,
            )
            uow.commit()
        return _view(saved, None)

    def _resume(self, candidate_id: str) -> Resume:
        resume = self.resumes.get(candidate_id)
        if resume is None:
            raise NotFound("this candidate has no résumé", code="resume_not_found")
        return resume

    def _download_url(self, resume: Resume) -> str:
        ext = resume.file_key.rsplit(".", 1)[-1]
        name = f"resume-{resume.candidate_id}.{ext}"
        params: dict[str, Any] = {
            "Bucket": self.media_bucket,
            "Key": resume.file_key,
            "ResponseContentDisposition": f'attachment; filename="{name}"',
            "ResponseContentType": CONTENT_TYPES[resume.format],
        }
        if resume.file_version and resume.file_version != "null":
            params["VersionId"] = resume.file_version
        return str(
            aws.s3_presigner().generate_presigned_url(
                "get_object", Params=params, ExpiresIn=DOWNLOAD_SECONDS
            )
        )


def _slim(resume: Resume) -> Resume:
    """The résumé as the audit trail names it: which file, which version, its status -
    not its text and fields (a long résumé would not fit in one audit item)."""
    return resume.model_copy(
        update={
            "text": "",
            "parsed": ResumeFields(),
            "fields": ResumeFields(),
            "corrections": [],
            "unread": [],
        }
    )


def claim_key(text: str) -> str:
    """The normalised name of a claim HR typed (lower case, NFKC, single spaces)."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _items(section: str, raw: list[dict[str, Any]]) -> list[Any]:
    """The section's items, validated as its model; a claim without a key gets one from
    its text. Spans HR cannot make up are kept only as sent (from the parsed item)."""
    if section in CLAIM_SECTIONS:
        raw = [
            {**item, "key": item.get("key") or claim_key(str(item.get("text") or ""))}
            for item in raw
        ]
    try:
        items: list[Any] = SECTION_MODELS[section].validate_python(raw)
    except ValidationError as exc:
        errors = [
            FieldError(
                ".".join(str(p) for p in e["loc"]),
                str(e.get("msg", "invalid")),
                "resume_item_invalid",
            )
            for e in exc.errors()
        ]
        raise Invalid("a corrected item is not valid", errors, code="resume_item_invalid") from exc
    if section in CLAIM_SECTIONS and any(not i.key or not i.text.strip() for i in items):
        raise Invalid("every item needs its text", code="resume_item_invalid")
    if section == "experience":  # the duration follows the dates HR gave
        items = [i.model_copy(update={"months": _months(i.start, i.end)}) for i in items]
    return items


def _months(start: str | None, end: str | None) -> int | None:
    """Months from ``start`` to ``end`` (YYYY-MM, both months counted); None when either
    end is missing or only a year (not guessed)."""
    found = [re.fullmatch(r"(\d{4})-(\d{1,2})", v or "") for v in (start, end)]
    if found[0] is None or found[1] is None:
        return None
    (y1, m1), (y2, m2) = ((int(f[1]), int(f[2])) for f in found if f is not None)
    months = (y2 - y1) * 12 + (m2 - m1) + 1
    return months if months > 0 else None


def _view(resume: Resume, url: str | None) -> ResumeView:
    return ResumeView(
        **resume.model_dump(
            include={
                "candidate_id",
                "upload_id",
                "format",
                "file_name",
                "origin",
                "uploaded_by",
                "uploaded_at",
                "status",
                "status_code",
                "status_params",
                "parsed_at",
                "pages",
                "method",
                "language",
                "fields",
                "parsed",
                "corrections",
                "unread",
                "revision",
            }
        ),
        corrected_sections=sorted(resume.corrected_sections),
        download_url=url,
        download_expires_in=DOWNLOAD_SECONDS if url else None,
    )

"""Résumés an Excel import brings: a file name matched to a member of an uploaded .zip
archive, or an https link. Either way the file is stored as the new candidate's résumé
under ``resume_key(...)`` (origin ``import``) and S3's event parses it like any upload.

- **The archive** goes up before the workbook, through a presigned POST of its own
  (``resume-archives/<branch>/<archive id>.zip``, at most ``MAX_ARCHIVE_BYTES``, an hour
  to use it); the import names it (``?resume_archive=<archive id>``), only in the caller's
  branch. A member is taken only by its plain file name: names with a path that climbs
  out (``..``, absolute, drive letters) are never used, and a member larger than
  ``MAX_RESUME_BYTES`` or packed more than ``MAX_RATIO`` times (a zip bomb) is refused.
- **A link** (https only) is fetched the one outbound way (``platform.outbound``: public
  addresses, no redirects, a timeout, at most ``MAX_RESUME_BYTES``).

A résumé that cannot be found, fetched or used never fails its row: the candidate is
created and the row carries a warning with the reason's code.
"""

from __future__ import annotations

import posixpath
import re
import tempfile
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from pydantic import BaseModel

from hireflow.identity.model import Caller
from hireflow.identity.permissions import Capability, require
from hireflow.platform import aws, outbound
from hireflow.platform.errors import HireflowError, NotFound
from hireflow.platform.ids import new_id
from hireflow.platform.observability import logger
from hireflow.recruiting.model import (
    MAX_RESUME_BYTES,
    Candidate,
    ResumeFormat,
    RowRefused,
)
from hireflow.recruiting.resume_parsing import sniff_format
from hireflow.recruiting.resumes import CONTENT_TYPES, TAG_QUERY, ResumeIntake

ARCHIVE_PREFIX = "resume-archives/"
ZIP_TYPE = "application/zip"
MAX_ARCHIVE_BYTES = 200 * 1024 * 1024
ARCHIVE_GRANT_SECONDS = 3600
MAX_MEMBERS = 5000
MAX_RATIO = 100  # a résumé packs to a few times smaller, never a hundred
EXTENSIONS: dict[str, ResumeFormat] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".png": "png",
}


class ArchiveGrant(BaseModel):
    url: str
    fields: dict[str, str]
    key: str
    archive_id: str
    max_bytes: int
    expires_in: int


class ResumeNotTaken(Exception):
    """Why a row's résumé was left out (``code`` in web/shared/messages.js)."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code, self.message, self.params = code, message, params


def archive_key(branch_id: str, archive_id: str) -> str:
    return f"{ARCHIVE_PREFIX}{branch_id}/{archive_id}.zip"


def _plain(name: str) -> str:
    return unicodedata.normalize("NFKC", name).strip().casefold()


def safe_member_name(name: str) -> str | None:
    """A member's file name when its path stays inside the archive, else None."""
    path = name.replace("\\", "/")
    if path.startswith("/") or (len(path) > 1 and path[1] == ":"):
        return None
    if any(part == ".." for part in path.split("/")):
        return None
    base = posixpath.basename(path)
    return base or None


class Archive:
    """An uploaded archive, opened once per import run (spooled to /tmp, not memory)."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file
        try:
            self.zip = zipfile.ZipFile(file)
        except zipfile.BadZipFile as exc:
            raise ResumeNotTaken("resume_archive_unreadable", "the archive is not a .zip") from exc
        members = self.zip.infolist()[:MAX_MEMBERS]
        self.members: dict[str, zipfile.ZipInfo] = {}
        for info in members:
            base = safe_member_name(info.filename)
            if base and not info.is_dir():
                self.members.setdefault(_plain(base), info)

    def read(self, name: str) -> bytes:
        if "/" in name or "\\" in name or safe_member_name(name) in (None, "."):
            raise ResumeNotTaken(
                "resume_name_unsafe", "a résumé is named by its file name only", name=name[:100]
            )
        info = self.members.get(_plain(name))
        if info is None:
            raise ResumeNotTaken(
                "resume_not_in_archive", "the archive has no such file", name=name[:100]
            )
        if info.file_size > MAX_RESUME_BYTES:
            raise ResumeNotTaken(
                "resume_too_large",
                "the file is too large",
                max_mb=MAX_RESUME_BYTES // (1024 * 1024),
            )
        if info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ResumeNotTaken("resume_archive_bomb", "the file unpacks to too much data")
        with self.zip.open(info) as member:
            data = member.read(MAX_RESUME_BYTES + 1)
        if len(data) > MAX_RESUME_BYTES:  # the header lied about the size
            raise ResumeNotTaken("resume_archive_bomb", "the file unpacks to too much data")
        return data

    def close(self) -> None:
        self.zip.close()
        self.file.close()


@dataclass(frozen=True)
class ResumeImport:
    intake: ResumeIntake
    media_bucket: str
    outbound_allow_loopback: bool = False
    resolve: outbound.Resolver | None = None  # tests: a resolver of their own

    def archive_grant(self, caller: Caller) -> ArchiveGrant:
        require(caller, Capability.IMPORT_CANDIDATES, action="importing candidates")
        archive_id = new_id()
        key = archive_key(caller.branch_id, archive_id)
        post = aws.s3_presigner().generate_presigned_post(
            Bucket=self.media_bucket,
            Key=key,
            Fields={"Content-Type": ZIP_TYPE},
            Conditions=[{"Content-Type": ZIP_TYPE}, ["content-length-range", 1, MAX_ARCHIVE_BYTES]],
            ExpiresIn=ARCHIVE_GRANT_SECONDS,
        )
        return ArchiveGrant(
            url=post["url"],
            fields=post["fields"],
            key=key,
            archive_id=archive_id,
            max_bytes=MAX_ARCHIVE_BYTES,
            expires_in=ARCHIVE_GRANT_SECONDS,
        )

    def archive_of(self, caller: Caller, archive_id: str) -> str:
        """The key of the caller's uploaded archive (404 when there is none)."""
        archive_id = archive_id.strip()
        if re.fullmatch(r"[0-9a-f]{32}", archive_id) is None:
            raise NotFound("no such résumé archive", code="resume_archive_not_found")
        key = archive_key(caller.branch_id, archive_id)
        try:
            aws.client("s3").head_object(Bucket=self.media_bucket, Key=key)
        except aws.client("s3").exceptions.ClientError as exc:
            raise NotFound("no such résumé archive", code="resume_archive_not_found") from exc
        return key

    def open_archive(self, key: str) -> Archive:
        spool = tempfile.TemporaryFile()  # noqa: SIM115 - Archive closes it
        got = aws.client("s3").get_object(Bucket=self.media_bucket, Key=key)
        if int(got.get("ContentLength") or 0) > MAX_ARCHIVE_BYTES:
            got["Body"].close()
            raise ResumeNotTaken("resume_archive_too_large", "the archive is too large")
        for chunk in got["Body"].iter_chunks(1024 * 1024):
            spool.write(chunk)
        spool.seek(0)
        return Archive(spool)

    def attach(
        self,
        candidate: Candidate,
        ref: str,
        row: int,
        imported_by: str,
        archive: Archive | None,
    ) -> RowRefused | None:
        """Store the row's résumé for its new candidate; the warning when it cannot be."""
        if self.intake.resumes.get(candidate.id) is not None:
            return None  # an earlier attempt of this row took it
        try:
            name, data = self._file(ref, archive)
            fmt = sniff_format(data[:16])
            if fmt is None:
                raise ResumeNotTaken(
                    "resume_type_not_accepted",
                    "a résumé is a PDF, a Word (.docx) file or a photo (JPEG, PNG)",
                )
            # The same upload id in every attempt of the row: a retry writes the same key.
            upload_id = uuid.uuid5(uuid.UUID(candidate.id), "import").hex
            resume = self.intake.waiting(
                candidate, fmt, "import", imported_by, name, upload_id=upload_id
            )
            aws.client("s3").put_object(
                Bucket=self.media_bucket,
                Key=resume.file_key,
                Body=data,
                ContentType=CONTENT_TYPES[fmt],
                Tagging=TAG_QUERY,
            )
        except ResumeNotTaken as why:
            logger.info("import resume left out", candidate_id=candidate.id, reason=why.code)
            return RowRefused(
                row=row, field="resume", message=why.message, code=why.code, params=why.params
            )
        return None

    def _file(self, ref: str, archive: Archive | None) -> tuple[str, bytes]:
        if ref.lower().startswith(("https://", "http://")):
            return posixpath.basename(ref.split("?", 1)[0])[:200] or "resume", self._fetch(ref)
        if archive is None:
            raise ResumeNotTaken(
                "resume_no_archive", "the import has no archive of résumés to take it from"
            )
        return ref, archive.read(ref)

    def _fetch(self, url: str) -> bytes:
        try:
            answer = outbound.get(
                url,
                max_bytes=MAX_RESUME_BYTES,
                allow_loopback=self.outbound_allow_loopback,
                resolve=self.resolve,
            )
        except (HireflowError, outbound.OutboundFailed) as exc:
            code = getattr(exc, "code", "connection_failed")
            raise ResumeNotTaken(
                "resume_link_failed", "the résumé's link could not be fetched", reason=code
            ) from exc
        if not answer.ok:
            raise ResumeNotTaken(
                "resume_link_failed",
                "the résumé's link could not be fetched",
                reason=f"http_{answer.status}",
            )
        if len(answer.body) > MAX_RESUME_BYTES:
            raise ResumeNotTaken(
                "resume_too_large",
                "the file is too large",
                max_mb=MAX_RESUME_BYTES // (1024 * 1024),
            )
        return answer.body

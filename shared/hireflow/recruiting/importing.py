"""Importing candidates from the Excel workbooks HR keeps, and the blank workbook to fill.

A workbook is read as a person would read it: the header row may sit below a title, in
Chinese or English; empty rows are skipped; every row is created, reported as a
duplicate (its phone or e-mail already applied to the same position) or reported as an
error with its Excel row number and the field at fault. Importing the same file twice
creates nothing new the second time. A row of someone who applied to another position
is created and flagged (``possible_duplicates``, recruiting/duplicates.py). A row's
résumé (a file name in the archive uploaded with the workbook, or a link) is stored for
its candidate (``resume_import``); one that cannot be taken leaves a warning on the row,
never an error.

An import runs in the background, whatever the file's size: ``start`` checks the file
(type, size, header row, row count: a bad file is refused at once), stores it in the
media bucket under ``imports/<branch>/<import id>.xlsx`` with an import job, and the
object-created event runs ``process`` in the import function, which imports the rows in
batches and records each batch's results on the job, so HR watches the progress and
then reads the per-row results. A retried ``process`` skips the batches recorded and
re-runs the rest without duplicating anyone: a row's candidate id is derived from the
import id and the row number, so a row created by an earlier attempt is recognised as
its own and reported as created.
"""

from __future__ import annotations

import io
import unicodedata
import uuid
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from pydantic import Field, ValidationError, computed_field

from hireflow.identity.model import Caller
from hireflow.identity.permissions import Capability, require
from hireflow.organisation.model import Branch
from hireflow.platform import aws
from hireflow.platform.contact import mask_phone
from hireflow.platform.errors import (
    HireflowError,
    Invalid,
    NotFound,
    PayloadTooLarge,
    UnsupportedMediaType,
)
from hireflow.platform.ids import now
from hireflow.platform.observability import logger
from hireflow.recruiting.model import (
    WORKER_ATTEMPTS,
    Candidate,
    ImportBatch,
    ImportedRow,
    ImportJob,
    ImportJobRepository,
    ImportStatus,
    Position,
    PossibleDuplicate,
    RowRefused,
    RowResults,
)
from hireflow.recruiting.resume_import import Archive, ResumeImport, ResumeNotTaken
from hireflow.recruiting.service import (
    CONTACT_FIELDS,
    CandidateDraft,
    CandidateService,
    DuplicateCandidate,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The file travels base64-encoded in the API's Lambda event, whose limit is 6 MB.
MAX_BYTES = 4 * 1024 * 1024
# The limit docs/decisions.md, the README and the HR app's import page state.
MAX_ROWS = 1000
# Rows imported between two progress records (one DynamoDB transaction each).
BATCH_ROWS = 25

# Column -> the header texts HR files use for it (compared after NFKC + casefold).
HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "名字", "候选人", "name", "full name", "candidate", "candidate name"),
    "phone": (
        "手机",
        "手机号",
        "手机号码",
        "电话",
        "联系电话",
        "phone",
        "mobile",
        "phone number",
        "mobile phone",
        "tel",
    ),
    "email": ("邮箱", "电子邮箱", "电子邮件", "email", "e-mail", "mail", "email address"),
    "position": ("应聘岗位", "岗位", "职位", "应聘职位", "position", "job", "role", "job title"),
    "branch": ("分支机构", "分公司", "门店", "机构", "branch", "office", "location"),
    "resume": ("简历", "简历链接", "resume", "cv", "resume link"),
    "language": ("面试语言", "语言", "language", "interview language", "locale"),
    "channel": ("来源渠道", "来源", "渠道", "招聘渠道", "source", "channel", "source channel"),
}
# The interview's language (what the candidate reads and answers in); empty means Chinese.
LANGUAGES: dict[str, tuple[str, ...]] = {
    "zh": ("zh", "中文", "汉语", "普通话", "chinese", "mandarin"),
    "en": ("en", "英文", "英语", "english"),
}
# Where the candidate came from (Candidate.channel); empty means not recorded.
CHANNELS: dict[str, tuple[str, ...]] = {
    "job_site": ("job_site", "招聘网站", "网站", "网络招聘", "job site", "job board", "website"),
    "referral": ("referral", "内推", "内部推荐", "推荐", "employee referral"),
    "campus": ("campus", "校园招聘", "校招", "校园", "campus recruiting"),
    "agency": ("agency", "猎头", "中介", "recruiting agency", "headhunter"),
    "other": ("other", "其他", "其它"),
}
REQUIRED = ("name", "phone", "email", "position")
TEMPLATE_HEADERS = {
    "name": "姓名/name",
    "phone": "手机/phone",
    "email": "邮箱/email",
    "position": "应聘岗位/position",
    "branch": "分支机构/branch",
    "resume": "简历/resume (optional)",
    "language": "面试语言/language (optional: 中文 or English)",
    "channel": "来源渠道/source (optional: 招聘网站, 内推, 校园招聘, 猎头, 其他)",
}


def _norm(value: Any) -> str:
    return unicodedata.normalize("NFKC", str(value or "")).strip().casefold()


def _column_of(header: Any) -> str | None:
    text = _norm(header).replace("(optional)", "").replace("（可选）", "").strip()
    parts = {text, *(p.strip() for p in text.replace("／", "/").split("/"))}
    for column, names in HEADERS.items():
        if parts & set(names):
            return column
    return None


class ImportProgress(RowResults):
    """An import as HR sees it: how far it got and the per-row results so far."""

    id: str
    status: ImportStatus
    total: int
    done: int
    failure: str | None = None
    failure_code: str | None = None
    failure_params: dict[str, Any] = Field(default_factory=dict)

    # The summary counts rows: one row refused for its phone and its e-mail is one row.
    @computed_field  # type: ignore[prop-decorator]
    @property
    def duplicate_rows(self) -> int:
        return len({r.row for r in self.duplicates})

    @computed_field  # type: ignore[prop-decorator]
    @property
    def error_rows(self) -> int:
        return len({r.row for r in self.errors})


def read_workbook(data: bytes) -> tuple[dict[str, int], list[tuple[int, tuple[Any, ...]]]]:
    """The column positions and the non-empty data rows (with Excel row numbers)."""
    if len(data) > MAX_BYTES:
        raise PayloadTooLarge(
            f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB",
            code="file_too_large",
            params={"mb": MAX_BYTES // (1024 * 1024)},
        )
    if not data.startswith(b"PK") or not zipfile.is_zipfile(io.BytesIO(data)):
        raise UnsupportedMediaType("the file is not an Excel .xlsx workbook", code="not_xlsx")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for broken files
        raise UnsupportedMediaType(
            "the file is not a readable .xlsx workbook", code="unreadable_xlsx"
        ) from exc
    sheet = workbook.worksheets[0]
    columns: dict[str, int] = {}
    rows: list[tuple[int, tuple[Any, ...]]] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if not columns:
            found = {c: i for i, v in enumerate(values) if (c := _column_of(v))}
            if all(c in found for c in REQUIRED):
                columns = found
            elif number >= 20:
                break
            continue
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        rows.append((number, values))
        if len(rows) > MAX_ROWS:
            raise Invalid(
                f"the file has more than {MAX_ROWS} candidates; split it",
                code="too_many_rows",
                params={"rows": MAX_ROWS},
            )
    workbook.close()
    if not columns:
        wanted = ", ".join(TEMPLATE_HEADERS[c] for c in REQUIRED)
        raise Invalid(
            f"no header row found; the first sheet needs the columns {wanted}",
            code="no_header_row",
            params={"columns": wanted},
        )
    return columns, rows


def _match(value: Any, *names: str | None) -> bool:
    target = _norm(value)
    return bool(target) and any(target == _norm(n) for n in names if n)


@dataclass(frozen=True)
class CandidateImport:
    service: CandidateService
    jobs: ImportJobRepository
    bucket: str
    # Rows' résumés: file names in an uploaded archive, or links (resume_import.py).
    resumes: ResumeImport | None = None

    def start(
        self, caller: Caller, data: bytes, resume_archive: str | None = None
    ) -> ImportProgress:
        """Check the file, store it and its import job; the import function does the rest.
        ``resume_archive``: the id of the caller's uploaded .zip of résumés."""
        require(caller, Capability.IMPORT_CANDIDATES, action="importing candidates")
        _, rows = read_workbook(data)
        archive = None
        if resume_archive and self.resumes is not None:
            archive = self.resumes.archive_of(caller, resume_archive)
        job = ImportJob(caller=caller, total=len(rows), resume_archive_key=archive)
        job = job.model_copy(update={"file_key": f"imports/{caller.branch_id}/{job.id}.xlsx"})
        job = self.jobs.create(job)  # first: the file's event finds its job
        aws.client("s3").put_object(
            Bucket=self.bucket, Key=job.file_key, Body=data, ContentType=XLSX_TYPE
        )
        return _progress(job, [])

    def progress(self, caller: Caller, import_id: str) -> ImportProgress:
        job = self.jobs.get(import_id)
        if job is None or not job.readable_by(caller):
            raise NotFound("import not found", code="import_not_found")
        if job.stalled():
            job = job.model_copy(update=_stopped(job))
        return _progress(job, self.jobs.batches(import_id))

    def process(self, file_key: str) -> ImportProgress | None:
        """Import the rows of an uploaded file (the object-created event's worker). Run
        again, it continues after the last batch recorded."""
        import_id = file_key.rsplit("/", 1)[-1].removesuffix(".xlsx")
        job = self.jobs.get(import_id)
        if job is None or job.file_key != file_key:
            logger.warning("an import file without its import job", key=file_key)
            return None
        recorded = {b.number: b for b in self.jobs.batches(job.id)}
        if job.status in ("done", "failed"):
            return _progress(job, list(recorded.values()))
        data = aws.client("s3").get_object(Bucket=self.bucket, Key=file_key)["Body"].read()
        try:
            columns, rows = read_workbook(data)
        except HireflowError as refused:  # checked at upload: only a replaced file gets here
            job = self.jobs.save(
                job.model_copy(
                    update={
                        "status": "failed",
                        "failure": refused.message,
                        "failure_code": refused.code,
                        "failure_params": refused.params,
                    }
                )
            )
            return _progress(job, list(recorded.values()))
        running = {"status": "running", "attempts": job.attempts + 1, "updated_at": now()}
        job = self.jobs.save(job.model_copy(update=running))
        try:
            job = self._import_batches(job, columns, rows, recorded)
        except Exception:
            if job.attempts >= WORKER_ATTEMPTS:  # Lambda will not retry: say so
                job = self.jobs.get(job.id) or job
                self.jobs.save(job.model_copy(update=_stopped(job)))
            raise
        job = self.jobs.save(job.model_copy(update={"status": "done", "updated_at": now()}))
        return _progress(job, list(recorded.values()))

    def _import_batches(
        self,
        job: ImportJob,
        columns: dict[str, int],
        rows: list[tuple[int, tuple[Any, ...]]],
        recorded: dict[int, ImportBatch],
    ) -> ImportJob:
        reader = _RowReader(self.service, job.caller, columns, self.resumes)
        try:
            reader.open_archive(job)
            return self._record_batches(job, reader, rows, recorded)
        finally:
            reader.close()

    def _record_batches(
        self,
        job: ImportJob,
        reader: _RowReader,
        rows: list[tuple[int, tuple[Any, ...]]],
        recorded: dict[int, ImportBatch],
    ) -> ImportJob:
        for number, batch in enumerate(_batches(rows)):
            if number in recorded:
                reader.remember(batch)  # a retry: these rows are in, or were refused
                continue
            results = reader.imported(job, batch)
            done = min(job.total, (number + 1) * BATCH_ROWS)
            job = job.model_copy(update={"done": done, "updated_at": now()})
            with self.service.uow() as uow:
                uow.save(job)
                uow.put(ImportBatch(import_id=job.id, number=number, results=results))
                uow.commit()
            job = job.model_copy(update={"revision": job.revision + 1})
            recorded[number] = ImportBatch(import_id=job.id, number=number, results=results)
        return job

    def template(self, caller: Caller) -> bytes:
        """The workbook to fill in, with the caller's branches and their positions."""
        require(caller, Capability.IMPORT_CANDIDATES, action="importing candidates")
        organisation, positions = self.service.organisation, self.service.positions
        branches = [b for b in organisation.list_branches() if caller.can_see_branch(b.id)]
        return import_template(branches, [p for b in branches for p in positions.of_branch(b.id)])


def _stopped(job: ImportJob) -> dict[str, Any]:
    """The job's failure when no worker will finish it."""
    return {
        "status": "failed",
        "failure": (
            f"the import stopped after {job.done} of {job.total} rows (a few after them may "
            "be in too); import the same file again: the rows already in show as duplicates"
        ),
        "failure_code": "import_stopped",
        "failure_params": {"done": job.done, "total": job.total},
    }


def _batches(
    rows: list[tuple[int, tuple[Any, ...]]],
) -> Iterator[list[tuple[int, tuple[Any, ...]]]]:
    for first in range(0, len(rows), BATCH_ROWS):
        yield rows[first : first + BATCH_ROWS]


def _progress(job: ImportJob, batches: list[ImportBatch]) -> ImportProgress:
    progress = ImportProgress(
        id=job.id,
        status=job.status,
        total=job.total,
        done=job.done,
        failure=job.failure,
        failure_code=job.failure_code,
        failure_params=job.failure_params,
    )
    for batch in sorted(batches, key=lambda b: b.number):
        progress.add(batch.results)
    return progress


def row_candidate_id(import_id: str, row: int) -> str:
    """The id of the candidate an import creates from a row: the same in every attempt."""
    return uuid.uuid5(uuid.UUID(import_id), str(row)).hex


class _RowReader:
    """Turns rows into candidates for one caller, remembering the file's phone numbers and
    e-mail addresses so a person listed twice is created once."""

    def __init__(
        self,
        service: CandidateService,
        caller: Caller,
        columns: dict[str, int],
        resumes: ResumeImport | None = None,
    ) -> None:
        self.service = service
        self.resumes = resumes
        self.archive: Archive | None = None
        self.archive_problem: ResumeNotTaken | None = None
        self.caller = caller
        self.columns = columns
        self.branches = [b for b in self.service.organisation.list_branches() if not b.is_hq]
        self.positions: dict[str, list[Position]] = {}
        # (value, position id) per contact field: one application per person per position.
        self.seen: dict[str, set[tuple[str, str]]] = {field: set() for field in CONTACT_FIELDS}

    def open_archive(self, job: ImportJob) -> None:
        if job.resume_archive_key and self.resumes is not None:
            try:
                self.archive = self.resumes.open_archive(job.resume_archive_key)
            except ResumeNotTaken as problem:  # each row naming a file says so
                self.archive_problem = problem

    def close(self) -> None:
        if self.archive is not None:
            self.archive.close()

    def _cells(self, values: tuple[Any, ...]) -> dict[str, Any]:
        return {c: (values[i] if i < len(values) else None) for c, i in self.columns.items()}

    def remember(self, batch: list[tuple[int, tuple[Any, ...]]]) -> None:
        for _, values in batch:
            try:
                draft = self._draft(self._cells(values))
            except RowProblem:
                continue
            for field in CONTACT_FIELDS:
                self.seen[field].add((getattr(draft, field), draft.position_id))

    def imported(self, job: ImportJob, batch: list[tuple[int, tuple[Any, ...]]]) -> RowResults:
        """A batch of rows, each created, a duplicate or refused with its errors."""
        results = RowResults()
        drafts: list[tuple[int, CandidateDraft]] = []
        for number, values in batch:
            try:
                drafts.append((number, self._draft(self._cells(values))))
            except RowProblem as problem:
                results.errors += [
                    RowRefused(row=number, field=f, message=m, code=c, params=ps)
                    for f, m, c, ps in problem.fields
                ]
        owners = self.service.candidates.owners_of(
            [
                (f, getattr(draft, f), draft.position_id)
                for _, draft in drafts
                for f in CONTACT_FIELDS
            ]
        )
        for number, draft in drafts:
            results.add(self._created(job, number, draft, owners))
        results.errors.sort(key=lambda e: e.row)
        return results

    def _created(
        self,
        job: ImportJob,
        number: int,
        draft: CandidateDraft,
        owners: dict[tuple[str, str, str], str],
    ) -> RowResults:
        candidate_id = row_candidate_id(job.id, number)
        created = RowResults(created=[ImportedRow(row=number, id=candidate_id, name=draft.name)])
        owner = {f: owners.get((f, getattr(draft, f), draft.position_id)) for f in CONTACT_FIELDS}
        if candidate_id in owner.values():  # this row's candidate, created by an earlier attempt
            earlier = self.service.candidates.get(candidate_id)
            return self._with_resume(created, earlier, number, draft) if earlier else created
        seen = {f: (getattr(draft, f), draft.position_id) for f in CONTACT_FIELDS}
        taken = [f for f in CONTACT_FIELDS if owner[f] or seen[f] in self.seen[f]]
        for field in CONTACT_FIELDS:
            self.seen[field].add(seen[field])
        if taken:  # known before writing: no transaction to fail (a re-upload is cheap)
            return _duplicates(number, draft, taken)
        position = next(p for p in self.positions[draft.branch_id] if p.id == draft.position_id)
        try:
            candidate = self.service.create(
                self.caller,
                draft,
                source="import",
                candidate_id=candidate_id,
                position=position,
                detect=False,
            )
        except DuplicateCandidate as duplicate:
            return _duplicates(number, draft, duplicate.fields)
        except HireflowError as exc:
            refused = RowRefused(
                row=number, field="row", message=exc.message, code=exc.code, params=exc.params
            )
            return RowResults(errors=[refused])
        created.possible_duplicates = self._possible_duplicates(number, candidate)
        return self._with_resume(created, candidate, number, draft)

    def _with_resume(
        self, created: RowResults, candidate: Candidate, number: int, draft: CandidateDraft
    ) -> RowResults:
        """The row's résumé stored for its candidate, or a warning saying why not."""
        ref = draft.resume_ref
        if not ref or self.resumes is None:
            return created
        problem = self.archive_problem
        is_link = ref.lower().startswith(("https://", "http://"))
        warning: RowRefused | None
        if problem is not None and not is_link:
            warning = RowRefused(
                row=number,
                field="resume",
                message=problem.message,
                code=problem.code,
                params=problem.params,
            )
        else:
            warning = self.resumes.attach(
                candidate, ref, number, self.caller.username, self.archive
            )
        if warning is not None:
            created.warnings.append(warning)
        return created

    def _possible_duplicates(self, number: int, candidate: Candidate) -> list[PossibleDuplicate]:
        """The same phone / e-mail in another application (another position or branch):
        created, and flagged for HR (recruiting/duplicates.py)."""
        flagged = []
        for pair in self.service.detect_duplicates(candidate):
            other_id = pair.second_id if pair.first_id == candidate.id else pair.first_id
            other = self.service.candidates.get(other_id)
            shown = other_id if other and other.readable_by(self.caller) else None
            flagged += [
                PossibleDuplicate(row=number, field=f, other_id=shown) for f in pair.matched_on
            ]
        return flagged

    def _draft(self, cell: dict[str, Any]) -> CandidateDraft:
        problems: list[Problem] = []
        branch = self._branch(cell.get("branch"), problems)
        position_id = ""
        if branch:
            if branch.id not in self.positions:
                self.positions[branch.id] = self.service.positions.of_branch(branch.id)
            position = next(
                (
                    p
                    for p in self.positions[branch.id]
                    if _match(cell.get("position"), p.id, p.title, p.title_zh)
                ),
                None,
            )
            if not _norm(cell.get("position")):
                problems.append(("position", "position is missing", "position_missing", {}))
            elif position is None:
                problems.append(
                    (
                        "position",
                        f"no position {cell['position']!r} in {branch.name}",
                        "no_position_in_branch",
                        {"position": str(cell["position"]), "branch": branch.id},
                    )
                )
            else:
                position_id = position.id
        raw = {
            "name": cell.get("name"),
            "phone": cell.get("phone"),
            "email": cell.get("email"),
            "resume_ref": str(cell["resume"]).strip() if cell.get("resume") else None,
            "branch_id": branch.id if branch else "",
            "position_id": position_id,
            "locale": _language(cell.get("language"), problems),
            "channel": _channel(cell.get("channel"), problems),
        }
        try:
            draft = CandidateDraft.model_validate(raw)
        except ValidationError as exc:
            problems += [
                (str(e["loc"][0]), _reason(e), e["type"], _params(e)) for e in exc.errors()
            ]
            draft = None
        if problems or draft is None:
            raise RowProblem(_ordered(problems))
        return draft

    def _branch(self, value: Any, problems: list[Problem]) -> Branch | None:
        caller, branches = self.caller, self.branches
        if not _norm(value):
            if caller.is_hq:
                problems.append(("branch", "branch is missing", "branch_missing", {}))
                return None
            return next((b for b in branches if b.id == caller.branch_id), None)
        branch = next((b for b in branches if _match(value, b.id, b.name, b.name_zh)), None)
        if branch is None:
            problems.append(("branch", f"no branch {value!r}", "no_such_branch", {}))
        elif not caller.can_see_branch(branch.id):
            problems.append(
                ("branch", "you can import only into your own branch", "own_branch_only", {})
            )
            return None
        return branch


def _duplicates(number: int, draft: CandidateDraft, fields: Sequence[str]) -> RowResults:
    return RowResults(
        duplicates=[
            RowRefused(
                row=number,
                field=f,
                message=f"{_shown(f, draft)} is already registered",
                code="already_registered",
                params={"value": _shown_value(f, draft)},
            )
            for f in fields
        ]
    )


def _language(value: Any, problems: list[Problem]) -> str:
    if not _norm(value):
        return "zh"
    for locale, names in LANGUAGES.items():
        if _match(value, *names):
            return locale
    problems.append(
        ("language", f"language {value!r} is not 中文 or English", "unknown_language", {})
    )
    return "zh"


def _channel(value: Any, problems: list[Problem]) -> str | None:
    if not _norm(value):
        return None
    for channel, names in CHANNELS.items():
        if _match(value, *names):
            return channel
    problems.append(
        (
            "channel",
            f"source {value!r} is not 招聘网站, 内推, 校园招聘, 猎头 or 其他",
            "unknown_channel",
            {"value": str(value)},
        )
    )
    return None


# A row's problem: field, English message, code and params (``platform.errors``).
Problem = tuple[str, str, str, dict[str, Any]]


class RowProblem(Exception):
    def __init__(self, fields: list[Problem]) -> None:
        super().__init__("; ".join(p[1] for p in fields))
        self.fields = fields


_ORDER = ["name", "phone", "email", "position", "branch", "resume_ref", "language", "channel"]


def _ordered(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: _ORDER.index(p[0]) if p[0] in _ORDER else 99)


def _reason(error: Any) -> str:
    message = str(error.get("msg", "invalid"))
    return message.removeprefix("Value error, ")


def _params(error: Any) -> dict[str, Any]:
    context = error.get("ctx") or {}
    return {
        k: v if isinstance(v, int | float) else str(v)
        for k, v in context.items()
        if k not in ("error", "reason")
    }


def _shown_value(field: str, draft: CandidateDraft) -> str:
    return mask_phone(draft.phone) if field == "phone" else draft.email


def _shown(field: str, draft: CandidateDraft) -> str:
    return f"phone {mask_phone(draft.phone)}" if field == "phone" else f"e-mail {draft.email}"


def import_template(branches: list[Branch], positions: list[Position]) -> bytes:
    """The blank workbook: the header row, an example row, and a sheet listing the
    branches and positions the caller may use."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "候选人 Candidates"
    sheet.append(list(TEMPLATE_HEADERS.values()))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DCE6F5")
    for column, width in zip("ABCDEFGH", (14, 18, 28, 24, 14, 30, 22, 26), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    reference = workbook.create_sheet("岗位 Positions")
    reference.append(["分支机构/branch", "branch id", "应聘岗位/position", "position id"])
    for cell in reference[1]:
        cell.font = Font(bold=True)
    names = {b.id: b for b in branches}
    for position in positions:
        branch = names.get(position.branch_id)
        reference.append(
            [
                (branch.name_zh or branch.name) if branch else position.branch_id,
                position.branch_id,
                position.title_zh or position.title,
                position.id,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

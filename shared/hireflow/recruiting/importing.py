"""Importing candidates from the Excel workbooks HR keeps, and the blank workbook to fill.

A workbook is read as a person would read it: the header row may sit below a title, in
Chinese or English; empty rows are skipped; every row is created, reported as a
duplicate (its phone or e-mail is already registered) or reported as an error with its
Excel row number and the field at fault. Importing the same file twice creates nothing
new the second time.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from pydantic import BaseModel, ValidationError

from hireflow.identity.model import Caller
from hireflow.identity.permissions import HR, require_role
from hireflow.organisation.model import Branch
from hireflow.platform.contact import mask_phone
from hireflow.platform.errors import HireflowError, Invalid, PayloadTooLarge, UnsupportedMediaType
from hireflow.recruiting.model import Position
from hireflow.recruiting.service import (
    CONTACT_FIELDS,
    CandidateDraft,
    CandidateService,
    DuplicateCandidate,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 500

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
}
# The interview's language (what the candidate reads and answers in); empty means Chinese.
LANGUAGES: dict[str, tuple[str, ...]] = {
    "zh": ("zh", "中文", "汉语", "普通话", "chinese", "mandarin"),
    "en": ("en", "英文", "英语", "english"),
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


class ImportedRow(BaseModel):
    row: int
    id: str
    name: str


class DuplicateRow(BaseModel):
    row: int
    field: str
    message: str


class RowError(BaseModel):
    row: int
    field: str
    message: str


class ImportResult(BaseModel):
    created: list[ImportedRow] = []
    duplicates: list[DuplicateRow] = []
    errors: list[RowError] = []


def read_workbook(data: bytes) -> tuple[dict[str, int], list[tuple[int, tuple[Any, ...]]]]:
    """The column positions and the non-empty data rows (with Excel row numbers)."""
    if len(data) > MAX_BYTES:
        raise PayloadTooLarge(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    if not data.startswith(b"PK") or not zipfile.is_zipfile(io.BytesIO(data)):
        raise UnsupportedMediaType("the file is not an Excel .xlsx workbook")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for broken files
        raise UnsupportedMediaType("the file is not a readable .xlsx workbook") from exc
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
            raise Invalid(f"the file has more than {MAX_ROWS} candidates; split it")
    workbook.close()
    if not columns:
        wanted = ", ".join(TEMPLATE_HEADERS[c] for c in REQUIRED)
        raise Invalid(f"no header row found; the first sheet needs the columns {wanted}")
    return columns, rows


def _match(value: Any, *names: str | None) -> bool:
    target = _norm(value)
    return bool(target) and any(target == _norm(n) for n in names if n)


@dataclass(frozen=True)
class CandidateImport:
    service: CandidateService

    def _branches(self, caller: Caller) -> list[Branch]:
        return [b for b in self.service.organisation.list_branches() if not b.is_hq]

    def run(self, caller: Caller, data: bytes) -> ImportResult:
        require_role(caller, *HR, action="importing candidates")
        columns, rows = read_workbook(data)
        branches = self._branches(caller)
        positions: dict[str, list[Position]] = {}
        seen: dict[str, set[str]] = {field: set() for field in CONTACT_FIELDS}
        result = ImportResult()
        for number, values in rows:
            cell = {c: (values[i] if i < len(values) else None) for c, i in columns.items()}
            try:
                draft = self._draft(caller, cell, branches, positions)
            except RowProblem as problem:
                result.errors += [
                    RowError(row=number, field=f, message=m) for f, m in problem.fields
                ]
                continue
            taken = [
                field
                for field in CONTACT_FIELDS
                if (value := getattr(draft, field)) in seen[field]
                or self.service.candidates.owner_of(field, value)
            ]
            for field in CONTACT_FIELDS:
                seen[field].add(getattr(draft, field))
            if taken:  # known before writing: no transaction to fail (a re-upload is cheap)
                result.duplicates += [
                    DuplicateRow(
                        row=number, field=f, message=f"{_shown(f, draft)} is already registered"
                    )
                    for f in taken
                ]
                continue
            try:
                created = self.service.create(caller, draft, source="import")
            except DuplicateCandidate as duplicate:
                result.duplicates += [
                    DuplicateRow(
                        row=number, field=f, message=f"{_shown(f, draft)} is already registered"
                    )
                    for f in duplicate.fields
                ]
                continue
            except HireflowError as exc:
                result.errors.append(RowError(row=number, field="row", message=exc.message))
                continue
            result.created.append(ImportedRow(row=number, id=created.id, name=created.name))
        return result

    def template(self, caller: Caller) -> bytes:
        """The workbook to fill in, with the caller's branches and their positions."""
        require_role(caller, *HR, action="importing candidates")
        organisation, positions = self.service.organisation, self.service.positions
        branches = [b for b in organisation.list_branches() if caller.can_see_branch(b.id)]
        return import_template(branches, [p for b in branches for p in positions.of_branch(b.id)])

    def _draft(
        self,
        caller: Caller,
        cell: dict[str, Any],
        branches: list[Branch],
        positions: dict[str, list[Position]],
    ) -> CandidateDraft:
        problems: list[tuple[str, str]] = []
        branch = self._branch(caller, cell.get("branch"), branches, problems)
        position_id = ""
        if branch:
            if branch.id not in positions:
                positions[branch.id] = self.service.positions.of_branch(branch.id)
            position = next(
                (
                    p
                    for p in positions[branch.id]
                    if _match(cell.get("position"), p.id, p.title, p.title_zh)
                ),
                None,
            )
            if not _norm(cell.get("position")):
                problems.append(("position", "position is missing"))
            elif position is None:
                problems.append(("position", f"no position {cell['position']!r} in {branch.name}"))
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
        }
        try:
            draft = CandidateDraft.model_validate(raw)
        except ValidationError as exc:
            problems += [(str(e["loc"][0]), _reason(e)) for e in exc.errors()]
            draft = None
        if problems or draft is None:
            raise RowProblem(_ordered(problems))
        return draft

    def _branch(
        self, caller: Caller, value: Any, branches: list[Branch], problems: list[tuple[str, str]]
    ) -> Branch | None:
        if not _norm(value):
            if caller.is_hq:
                problems.append(("branch", "branch is missing"))
                return None
            return next((b for b in branches if b.id == caller.branch_id), None)
        branch = next((b for b in branches if _match(value, b.id, b.name, b.name_zh)), None)
        if branch is None:
            problems.append(("branch", f"no branch {value!r}"))
        elif not caller.can_see_branch(branch.id):
            problems.append(("branch", "you can import only into your own branch"))
            return None
        return branch


def _language(value: Any, problems: list[tuple[str, str]]) -> str:
    if not _norm(value):
        return "zh"
    for locale, names in LANGUAGES.items():
        if _match(value, *names):
            return locale
    problems.append(("language", f"language {value!r} is not 中文 or English"))
    return "zh"


class RowProblem(Exception):
    def __init__(self, fields: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(m for _, m in fields))
        self.fields = fields


_ORDER = ["name", "phone", "email", "position", "branch", "resume_ref", "language"]


def _ordered(problems: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return sorted(problems, key=lambda p: _ORDER.index(p[0]) if p[0] in _ORDER else 99)


def _reason(error: Any) -> str:
    message = str(error.get("msg", "invalid"))
    return message.removeprefix("Value error, ")


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
    for column, width in zip("ABCDEFG", (14, 18, 28, 24, 14, 30, 22), strict=True):
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

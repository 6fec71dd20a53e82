"""Importing performance reviews from an Excel .xlsx (or a CSV) (docs/analytics.md,
"Performance data in"): the columns employee number and period, then the dimension
columns (by the dimension's key or its Chinese or English name), the KPI columns (by the
KPI's key or name in the position's formula), overall, reviewer and comment, each
optional. The header row may sit below a title; empty rows are skipped.

Each row is validated and stored as a review entered in the HR app would be
(``PerformanceService.build`` and ``stage_review``, one transaction per row), or refused
with its row number, the field at fault and a code: nothing half-written. A row saying
what its period's review says already is reported unchanged, so the same file imported
again changes nothing. Only employees in the caller's reach are found (HR: their
branch's; HQ: everyone's); another branch's employee is refused like an unknown number.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from hireflow.identity.model import Caller
from hireflow.identity.permissions import Capability, require
from hireflow.people.model import Employee
from hireflow.people.performance import PerformanceService, ReviewInput
from hireflow.platform.errors import HireflowError
from hireflow.platform.sheets import header_parts, norm, read_table
from hireflow.recruiting.model import RowRefused

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000

HEADERS: dict[str, tuple[str, ...]] = {
    "employee_number": (
        "员工编号", "工号", "员工号", "employee number", "employee no", "employee no.",
        "employee id", "staff number",
    ),
    "period": ("考核周期", "考核期间", "周期", "期间", "period", "review period"),
    "overall": ("综合得分", "总分", "绩效得分", "综合评分", "overall", "overall score", "total"),
    "reviewer": ("评估人", "考核人", "评分人", "reviewer", "reviewed by"),
    "comment": ("评语", "备注", "评价", "comment", "comments", "remarks"),
}  # fmt: skip
REQUIRED = ("employee_number", "period")
COLUMN_NAMES = {"employee_number": "员工编号/employee number", "period": "考核周期/period"}


class ImportedReview(BaseModel):
    row: int
    employee_number: str
    period: str
    outcome: Literal["recorded", "replaced"]
    overall: float


class PerformanceImportResult(BaseModel):
    rows: int
    recorded: list[ImportedReview] = Field(default_factory=list)
    unchanged: list[int] = Field(default_factory=list)
    errors: list[RowRefused] = Field(default_factory=list)


class _Refused(Exception):
    def __init__(self, field: str, message: str, *, code: str, **params: Any) -> None:
        super().__init__(message)
        self.refused = RowRefused(row=0, field=field, message=message, code=code, params=params)


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value if value is not None else "")).strip()


def _number(value: Any, field: str) -> float | None:
    text = _text(value).removesuffix("%").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise _Refused(
            field, f"{text!r} is not a number", code="not_a_number", value=text
        ) from None


def read_sheet(data: bytes) -> tuple[list[Any], dict[str, int], list[tuple[int, tuple[Any, ...]]]]:
    """The header row, the fixed columns' positions and the non-empty data rows."""
    return read_table(
        data,
        headers=HEADERS,
        required=REQUIRED,
        column_names=COLUMN_NAMES,
        max_bytes=MAX_BYTES,
        max_rows=MAX_ROWS,
        too_many_code="performance_too_many_rows",
    )


@dataclass(frozen=True)
class PerformanceImport:
    service: PerformanceService

    def run(self, caller: Caller, data: bytes) -> PerformanceImportResult:
        require(caller, Capability.IMPORT_PERFORMANCE, "importing performance reviews")
        header, columns, rows = read_sheet(data)
        service = self.service
        reachable = (
            service.employees.everyone()
            if caller.is_hq
            else service.employees.of_branch(caller.branch_id)
        )
        by_number = {e.number: e for e in reachable}
        # The columns that are not fixed ones: dimensions or KPIs, per employee's position.
        fixed = set(columns.values())
        extra = {i: header_parts(h) for i, h in enumerate(header) if i not in fixed and norm(h)}
        result = PerformanceImportResult(rows=len(rows))
        for number, values in rows:
            try:
                employee, entry = self._entry(values, columns, extra, by_number)
                outcome, review = service.save(caller, employee, entry, "import")
            except _Refused as refused:
                result.errors.append(refused.refused.model_copy(update={"row": number}))
                continue
            except ValidationError as invalid:
                error = invalid.errors()[0]
                field = ".".join(str(p) for p in error["loc"]) or "row"
                result.errors.append(
                    RowRefused(row=number, field=field, message=error["msg"], code=error["type"])
                )
                continue
            except HireflowError as refused:
                field = refused.errors[0].field if refused.errors else "row"
                result.errors.append(
                    RowRefused(
                        row=number,
                        field=field,
                        message=refused.message,
                        code=refused.code,
                        params=refused.params,
                    )
                )
                continue
            if outcome == "unchanged":
                result.unchanged.append(number)
            else:
                result.recorded.append(
                    ImportedReview(
                        row=number,
                        employee_number=employee.number,
                        period=entry.period,
                        outcome=outcome,
                        overall=review.overall,
                    )
                )
        return result

    def _entry(
        self,
        values: tuple[Any, ...],
        columns: dict[str, int],
        extra: dict[int, set[str]],
        by_number: dict[str, Employee],
    ) -> tuple[Employee, ReviewInput]:
        def cell(at: int | None) -> Any:
            return values[at] if at is not None and at < len(values) else None

        number = _text(cell(columns["employee_number"]))
        if not number:
            raise _Refused(
                "employee_number", "employee number is missing", code="employee_number_missing"
            )
        employee = by_number.get(number)
        if employee is None:
            raise _Refused(
                "employee_number",
                f"no employee {number} in your reach",
                code="no_such_employee",
                number=number,
            )
        dimensions: dict[str, float] = {}
        for dimension in self.service.dimensions(employee):
            names = {norm(dimension.key), norm(dimension.name), norm(dimension.name_zh)} - {""}
            at = next((i for i, parts in extra.items() if parts & names), None)
            score = _number(cell(at), f"dimensions.{dimension.key}")
            if score is not None:
                dimensions[dimension.key] = score
        kpis: dict[str, float] = {}
        formula = self.service.formulas.current(employee.position_id)
        for term in formula.terms if formula else []:
            names = {norm(term.key), norm(term.name), norm(term.name_zh)} - {""}
            at = next((i for i, parts in extra.items() if parts & names), None)
            value = _number(cell(at), f"kpis.{term.key}")
            if value is not None:
                kpis[term.key] = value
        entry = ReviewInput.model_validate(
            {
                "period": _text(cell(columns["period"])),
                "dimensions": dimensions,
                "kpis": kpis,
                "overall": _number(cell(columns.get("overall")), "overall"),
                "comment": _text(cell(columns.get("comment"))),
                "reviewer_name": _text(cell(columns.get("reviewer"))) or None,
            }
        )
        return employee, entry

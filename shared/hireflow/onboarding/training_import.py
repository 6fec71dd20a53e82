"""Importing course results from a learning system's export: a CSV (UTF-8 or GBK, comma,
semicolon or tab) or an Excel .xlsx with the columns employee number, course (its id or
its exact title, in either language), completed on and score. The header row may sit
below a title, in Chinese or English; empty rows are skipped.

Each row is recorded as a person's entry would be (``results.stage_result``: a pass or a
course without exam completes the task and publishes ``training.completed``, a failed
exam is recorded and the course stays open) or refused with its row number, the field at
fault and a code. The same file imported again changes nothing: its rows come back as
unchanged. Only employees in the caller's reach are found (HR: their branch's; HQ:
everyone's); another branch's employee is refused like an unknown number.

It runs while the request waits: files up to ``MAX_BYTES`` and ``MAX_ROWS`` rows (413 and
422 beyond). Each changed row is one transaction; rows still waiting when
``TIME_BUDGET_SECONDS`` have passed are reported ``not_imported_in_time``, and importing
the same file again carries on where it stopped (the rows in come back unchanged).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from time import monotonic
from typing import Any, Literal

from pydantic import BaseModel, Field

from hireflow.audit.service import record
from hireflow.identity.model import Caller
from hireflow.identity.permissions import Capability, require
from hireflow.onboarding.model import (
    Course,
    OnboardingPlan,
    OnboardingRepository,
    TaskKind,
    TrainingRepository,
)
from hireflow.onboarding.results import IMPORTED, stage_result
from hireflow.people.model import Employee, EmployeeRepository
from hireflow.platform.errors import (
    ChangedMeanwhile,
    HireflowError,
)
from hireflow.platform.sheets import norm as _norm
from hireflow.platform.sheets import read_table
from hireflow.platform.unit_of_work import UnitOfWorkFactory
from hireflow.recruiting.model import RowRefused

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
# The HR API answers within API Gateway's 29 s: rows not reached by then wait for the
# same file's next import.
TIME_BUDGET_SECONDS = 20.0

# Column -> the header texts learning systems use for it (compared after NFKC + casefold).
HEADERS: dict[str, tuple[str, ...]] = {
    "employee_number": (
        "员工编号",
        "工号",
        "员工号",
        "编号",
        "employee number",
        "employee no",
        "employee no.",
        "employee id",
        "staff number",
        "number",
    ),
    "course": (
        "课程编号",
        "课程代码",
        "课程",
        "课程名称",
        "course",
        "course id",
        "course code",
        "course title",
        "course name",
    ),
    "completed_on": (
        "完成日期",
        "完成时间",
        "结业日期",
        "completed on",
        "completed",
        "completion date",
        "date completed",
        "finished on",
    ),
    "score": ("成绩", "考试成绩", "分数", "得分", "score", "exam score", "test score", "result"),
}
REQUIRED = ("employee_number", "course", "completed_on")
COLUMN_NAMES = {
    "employee_number": "员工编号/employee number",
    "course": "课程/course",
    "completed_on": "完成日期/completed on",
}
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")


class ImportedResult(BaseModel):
    row: int
    employee_number: str
    course_id: str
    outcome: Literal["completed", "failed"]  # failed: an exam below the passing score
    exam_score: float | None = None


class TrainingImportResult(BaseModel):
    """Every row's fate: recorded, unchanged (already in) or refused with its code."""

    rows: int
    recorded: list[ImportedResult] = Field(default_factory=list)
    unchanged: list[int] = Field(default_factory=list)
    errors: list[RowRefused] = Field(default_factory=list)
    # False: the time ran out; import the same file again for the rest.
    finished: bool = True


class RowProblem(Exception):
    def __init__(self, field: str, message: str, *, code: str, **params: Any) -> None:
        super().__init__(message)
        self.refused = (field, message, code, params)

    def at(self, row: int) -> RowRefused:
        field, message, code, params = self.refused
        return RowRefused(row=row, field=field, message=message, code=code, params=params)


def read_rows(data: bytes) -> tuple[dict[str, int], list[tuple[int, tuple[Any, ...]]]]:
    """The column positions and the non-empty data rows (with their row numbers)."""
    _, columns, rows = read_table(
        data,
        headers=HEADERS,
        required=REQUIRED,
        column_names=COLUMN_NAMES,
        max_bytes=MAX_BYTES,
        max_rows=MAX_ROWS,
        too_many_code="training_too_many_rows",
    )
    return columns, rows


# ---------------------------------------------------------------------- one row's values
def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    number = unicodedata.normalize("NFKC", str(value if value is not None else "")).strip()
    if not number:
        raise RowProblem(
            "employee_number", "employee number is missing", code="employee_number_missing"
        )
    return number


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = unicodedata.normalize("NFKC", str(value if value is not None else "")).strip()
    if not text:
        raise RowProblem("completed_on", "completion date is missing", code="completed_on_missing")
    day = text.replace("T", " ").split(" ")[0]
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(day, pattern).date()
        except ValueError:
            continue
    raise RowProblem(
        "completed_on", f"{text!r} is not a date like 2026-03-01", code="bad_date", value=text
    )


def _score(value: Any) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = unicodedata.normalize("NFKC", str(value)).strip().removesuffix("%").strip()
    try:
        score = float(text)
    except ValueError:
        score = -1.0
    if not 0 <= score <= 100:
        raise RowProblem("score", f"{value!r} is not a score from 0 to 100", code="bad_score")
    return score


@dataclass
class _Row:
    row: int
    number: str
    course: str
    completed_on: date
    score: float | None


def _parsed(number: int, values: tuple[Any, ...], columns: dict[str, int]) -> _Row:
    def cell(column: str) -> Any:
        at = columns.get(column)
        return values[at] if at is not None and at < len(values) else None

    course = unicodedata.normalize("NFKC", str(cell("course") or "")).strip()
    employee = _number(cell("employee_number"))
    if not course:
        raise RowProblem("course", "course is missing", code="course_missing")
    return _Row(number, employee, course, _date(cell("completed_on")), _score(cell("score")))


class _Catalogue:
    def __init__(self, courses: list[Course]) -> None:
        self.by_id = {c.id: c for c in courses}
        self.by_name: dict[str, Course] = {}
        for course in courses:
            for name in (course.id, course.title, course.title_zh):
                if name:
                    self.by_name.setdefault(_norm(name), course)

    def find(self, reference: str) -> Course:
        course = self.by_id.get(reference) or self.by_name.get(_norm(reference))
        if course is None:
            raise RowProblem(
                "course",
                f"no course {reference!r} in the catalogue",
                code="no_such_course",
                course=reference,
            )
        return course


# ---------------------------------------------------------------------- the import
@dataclass(frozen=True)
class TrainingImport:
    employees: EmployeeRepository
    onboarding: OnboardingRepository
    training: TrainingRepository
    uow: UnitOfWorkFactory

    def run(self, caller: Caller, data: bytes) -> TrainingImportResult:
        require(caller, Capability.IMPORT_TRAINING, action="importing course results")
        columns, rows = read_rows(data)
        started = monotonic()
        result = TrainingImportResult(rows=len(rows))
        parsed: list[_Row] = []
        for number, values in rows:
            try:
                parsed.append(_parsed(number, values, columns))
            except RowProblem as problem:
                result.errors.append(problem.at(number))
        reachable = (
            self.employees.everyone()
            if caller.is_hq
            else self.employees.of_branch(caller.branch_id)
        )
        by_number = {e.number: e for e in reachable}
        wanted = {by_number[r.number].id for r in parsed if r.number in by_number}
        plans = self.training.plans_of(sorted(wanted))
        catalogue = _Catalogue(self.training.courses())
        for position, row in enumerate(parsed):
            if monotonic() - started > TIME_BUDGET_SECONDS:
                result.finished = False
                result.errors += [_late(r.row) for r in parsed[position:]]
                break
            try:
                self._import(caller, row, by_number, plans, catalogue, result)
            except RowProblem as problem:
                result.errors.append(problem.at(row.row))
            except HireflowError as refused:
                field = refused.errors[0].field if refused.errors else "row"
                result.errors.append(
                    RowRefused(
                        row=row.row,
                        field=field,
                        message=refused.message,
                        code=refused.code,
                        params=refused.params,
                    )
                )
        result.errors.sort(key=lambda e: e.row)
        return result

    def _import(
        self,
        caller: Caller,
        row: _Row,
        by_number: dict[str, Employee],
        plans: dict[str, OnboardingPlan],
        catalogue: _Catalogue,
        result: TrainingImportResult,
    ) -> None:
        employee = by_number.get(row.number)
        if employee is None:
            raise RowProblem(
                "employee_number",
                f"no employee {row.number} in your reach",
                code="no_such_employee",
                number=row.number,
            )
        course = catalogue.find(row.course)
        for attempt in range(2):
            plan = plans.get(employee.id)
            if plan is None:
                raise RowProblem(
                    "employee_number",
                    "the employee has no onboarding plan",
                    code="no_onboarding_plan",
                )
            task = next(
                (t for t in plan.tasks if t.kind == TaskKind.TRAINING and t.course_id == course.id),
                None,
            )
            if task is None:
                raise RowProblem(
                    "course",
                    "the course is not on the employee's plan",
                    code="course_not_on_plan",
                    course=course.id,
                )
            try:
                with self.uow() as uow:
                    changed, outcome = stage_result(
                        uow,
                        employee,
                        plan,
                        task,
                        course,
                        row.completed_on,
                        row.score,
                        by=caller.user_id,
                        recorded_by=IMPORTED,
                    )
                    if outcome == "unchanged":
                        result.unchanged.append(row.row)
                        return
                    record(
                        uow,
                        caller,
                        "training.result_imported",
                        branch_id=employee.branch_id,
                        entity=changed,
                        entity_id=employee.id,
                        before=plan,
                    )
                    uow.commit()
            except ChangedMeanwhile:
                if attempt:
                    raise
                fresh = self.onboarding.plan(employee.id)
                if fresh is not None:
                    plans[employee.id] = fresh
                continue
            plans[employee.id] = changed.model_copy(update={"revision": plan.revision + 1})
            result.recorded.append(
                ImportedResult(
                    row=row.row,
                    employee_number=row.number,
                    course_id=course.id,
                    outcome=outcome,
                    exam_score=row.score,
                )
            )
            return


def _late(row: int) -> RowRefused:
    return RowRefused(
        row=row,
        field="row",
        message="not reached in time: import the same file again to continue",
        code="not_imported_in_time",
    )

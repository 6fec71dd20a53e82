"""Importing course results from a learning system's export (CSV or .xlsx): good rows are
recorded as a person's entry would be, bad rows are refused one by one with a code, the
same file twice changes nothing, and HR reach only their branch's employees."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from hireflow.onboarding import training_import
from tests.support.training import hired, onboarding_plan
from tests.unit.test_training_plan import catalogue
from tests.unit.test_training_results import published
from tests.workbooks import workbook

__all__ = ["published"]  # the fixture

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DONE = (date.today() - timedelta(days=3)).isoformat()


def upload(hr, user: str, body: bytes, content_type: str = "application/octet-stream"):
    return hr.post(
        "/api/training/import", user, binary=body, headers={"Content-Type": content_type}
    )


def employees_with_courses(hr):
    """Two Shanghai new hires with the complaints course (weak communication) and one in
    Shenzhen with it too."""
    catalogue(hr)
    plan = {"courses": [{"course_id": "TEAM-1", "due_offset_days": 5}]}
    assert (
        hr.put("/api/training/position-plans/shanghai-customer-service", "hq.hr", plan).status
        == 200
    )
    first = hired({"communication": 40.0})
    second = hired({"communication": 45.0})
    elsewhere = hired(
        {"communication": 40.0}, branch_id="shenzhen", position_id="shenzhen-store-supervisor"
    )
    for employee in (first, second, elsewhere):
        onboarding_plan(hr, employee)
    return first, second, elsewhere


def csv_export(rows: list[list[object]], encoding: str = "utf-8") -> bytes:
    lines = ["员工编号,课程编号,完成日期,成绩"] + [",".join(str(v) for v in r) for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def test_good_rows_are_recorded_bad_ones_refused_with_codes_and_a_second_import_changes_nothing(
    hr, published
):
    first, second, elsewhere = employees_with_courses(hr)
    export = csv_export(
        [
            [first.number, "CS-101", DONE, 88],  # 2: passed
            [first.number, "团队协作", DONE, ""],  # 3: by its Chinese title, no exam
            [second.number, "cs-101", DONE, "72"],  # 4: below 80: kept, course open
            [elsewhere.number, "CS-101", DONE, 90],  # 5: Shenzhen's: not in reach
            ["E000", "CS-101", DONE, 90],  # 6: unknown number
            [second.number, "NOPE", DONE, 90],  # 7: no such course
            [second.number, "PRODUCT-1", DONE, 90],  # 8: not on the plan
            [second.number, "CS-101", "yesterday", 90],  # 9: not a date
            [second.number, "CS-101", DONE, 120],  # 10: not a score
            [second.number, "CS-101", DONE, ""],  # 11: the exam needs a score
        ],
        "gb18030",  # a Chinese Excel's CSV
    )

    reply = upload(hr, "shanghai.hr", export)

    assert reply.status == 200, reply.text
    result = reply.json
    assert result["rows"] == 10 and result["finished"] is True
    assert [(r["row"], r["course_id"], r["outcome"]) for r in result["recorded"]] == [
        (2, "CS-101", "completed"),
        (3, "TEAM-1", "completed"),
        (4, "CS-101", "failed"),
    ]
    assert [(e["row"], e["field"], e["code"]) for e in result["errors"]] == [
        (5, "employee_number", "no_such_employee"),
        (6, "employee_number", "no_such_employee"),
        (7, "course", "no_such_course"),
        (8, "course", "course_not_on_plan"),
        (9, "completed_on", "bad_date"),
        (10, "score", "bad_score"),
        (11, "exam_score", "exam_score_required"),
    ]
    shown = hr.get(f"/api/employees/{first.id}/training", "shanghai.hr").json
    assert {c["course_id"]: c["status"] for c in shown["courses"]} == {
        "TEAM-1": "done",
        "CS-101": "done",
    }
    assert {c["result"]["recorded_by"] for c in shown["courses"]} == {"import"}
    failed = hr.get(f"/api/employees/{second.id}/training", "shanghai.hr").json
    assert [
        (c["course_id"], c["status"], c["result"] and c["result"]["passed"])
        for c in failed["courses"]
    ] == [("TEAM-1", "open", None), ("CS-101", "open", False)]
    assert [t for t, _ in published].count("training.completed") == 2

    again = upload(hr, "shanghai.hr", export).json

    assert again["recorded"] == [] and again["unchanged"] == [2, 3, 4]
    assert [e["code"] for e in again["errors"]] == [e["code"] for e in result["errors"]]
    assert [t for t, _ in published].count("training.completed") == 2
    assert hr.get(f"/api/employees/{first.id}/training", "shanghai.hr").json == shown


def test_hq_reaches_every_branch_and_an_xlsx_with_a_title_row_reads_the_same(hr):
    _, _, elsewhere = employees_with_courses(hr)
    book = workbook(
        [
            ["工号", "课程名称", "完成时间", "得分"],
            [elsewhere.number, "Handling complaints", date.today() - timedelta(days=1), 80],
        ],
        title_rows=1,
    )
    result = upload(hr, "hq.hr", book, XLSX).json
    assert [(r["row"], r["outcome"]) for r in result["recorded"]] == [(3, "completed")]
    shenzhen = upload(hr, "shenzhen.hr", book, XLSX).json
    assert shenzhen["unchanged"] == [3]


def test_only_hr_import_and_a_file_out_of_bounds_is_refused_whole(hr, monkeypatch):
    first, _, _ = employees_with_courses(hr)
    export = csv_export([[first.number, "CS-101", DONE, 90]])
    for user in ("shanghai.interviewer", "shanghai.manager", "gm.approver"):
        assert upload(hr, user, export).status == 403
    assert upload(hr, "shanghai.hr", export, "application/pdf").status == 415
    no_header = upload(hr, "shanghai.hr", b"a,b\n1,2\n")
    assert no_header.status == 422 and no_header.json["code"] == "no_header_row"
    monkeypatch.setattr(training_import, "MAX_ROWS", 2)
    many = csv_export([[first.number, "CS-101", DONE, 90]] * 3)
    too_many = upload(hr, "shanghai.hr", many)
    assert too_many.status == 422 and too_many.json["code"] == "training_too_many_rows"
    monkeypatch.setattr(training_import, "MAX_BYTES", 100)
    too_big = upload(hr, "shanghai.hr", export + b" " * 100)
    assert too_big.status == 413 and too_big.json["code"] == "file_too_large"


def test_rows_not_reached_in_time_say_so_and_the_same_file_carries_on(hr, monkeypatch):
    first, second, _ = employees_with_courses(hr)
    export = csv_export([[first.number, "CS-101", DONE, 90], [second.number, "CS-101", DONE, 90]])
    clock = iter([0.0, 0.0, 99.0])  # the start, the first row, then the budget is spent
    monkeypatch.setattr(training_import, "monotonic", lambda: next(clock, 99.0))
    stopped = upload(hr, "shanghai.hr", export).json
    assert stopped["finished"] is False
    assert [r["row"] for r in stopped["recorded"]] == [2]
    assert [(e["row"], e["code"]) for e in stopped["errors"]] == [(3, "not_imported_in_time")]
    monkeypatch.undo()
    resumed = upload(hr, "shanghai.hr", export).json
    assert (resumed["unchanged"], [r["row"] for r in resumed["recorded"]]) == ([2], [3])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-01", date(2026, 3, 1)),
        ("2026/3/1", date(2026, 3, 1)),
        ("2026年3月1日", date(2026, 3, 1)),
        ("2026-03-01 14:30:00", date(2026, 3, 1)),
    ],
)
def test_dates_as_learning_systems_write_them(value, expected):
    assert training_import._date(value) == expected

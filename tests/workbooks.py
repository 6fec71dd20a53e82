"""Excel workbooks as HR really fills them, built with openpyxl for the import tests."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook


def workbook(rows: list[list[Any]], title_rows: int = 0) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for _ in range(title_rows):
        sheet.append(["2026年11月 校园招聘候选人名单"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# A messy real-world-style workbook: a title row above the Chinese headers, numbers
# stored as numbers, +86 and spaces, full-width characters, bad rows, a duplicate within
# the file, and trailing empty rows. Excel row numbers are noted on the right.
MESSY_ROWS: list[list[Any]] = [
    ["姓名", "手机", "邮箱", "应聘岗位", "分支机构", "简历"],  # row 2
    ["李雷", 13800138001, "li.lei@example.com", "客户服务专员", "上海", None],  # 3 created
    [
        "韩梅梅",
        "+86 139 0013 9002",
        "HAN.MM@Example.com",
        "Customer Service Associate",
        "Shanghai",
        "https://files.example.com/cv/hmm.pdf",
    ],  # 4 created
    [
        "王　芳",
        "１３７００１３７００３",
        "wang.fang＠example.com",
        "客户服务专员",
        "上海",
        None,
    ],  # 5
    ["", 13600136004, "no.name@example.com", "客户服务专员", "上海", None],  # 6 name missing
    ["赵强", "12345", "zhao@example", "客户服务专员", "上海", None],  # 7 phone + email bad
    ["钱多多", 13500135006, "qian@example.com", "厨师", "上海", None],  # 8 unknown position
    ["孙悟空", 13800138001, "sun@example.com", "客户服务专员", "上海", None],  # 9 dup phone
    ["周末", 13300133008, "zhou@example.com", "门店主管", "深圳", None],  # 10 other branch
    [None, None, None, None, None, None],  # 11 empty
    [None, None, None, None, None, None],  # 12 empty
]


def messy_workbook() -> bytes:
    return workbook(MESSY_ROWS, title_rows=1)

"""Reading the spreadsheets people upload (imports): an Excel .xlsx's first sheet or a CSV
(UTF-8 or GB18030, comma, semicolon or tab), and matching header cells to columns by the
texts people write for them, in Chinese or English ("员工编号/employee number" matches
either half), compared after NFKC and casefolding."""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl import load_workbook

from hireflow.platform.errors import Invalid, PayloadTooLarge, UnsupportedMediaType


def norm(value: Any) -> str:
    return unicodedata.normalize("NFKC", str(value if value is not None else "")).strip().casefold()


def header_parts(header: Any) -> set[str]:
    """The texts a header cell says: the whole and each half around a slash."""
    text = norm(header)
    return {text, *(p.strip() for p in text.replace("／", "/").split("/"))}


def column_of(header: Any, headers: Mapping[str, Sequence[str]]) -> str | None:
    """The column ``header`` names, by ``headers`` (column -> the texts used for it)."""
    parts = header_parts(header)
    for column, names in headers.items():
        if parts & set(names):
            return column
    return None


def sheet_rows(data: bytes) -> list[tuple[Any, ...]]:
    """Every row of the first sheet of an .xlsx, or of a CSV."""
    if data.startswith(b"PK") and zipfile.is_zipfile(io.BytesIO(data)):
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for broken files
            raise UnsupportedMediaType(
                "the file is not a readable .xlsx workbook", code="unreadable_xlsx"
            ) from exc
        rows = list(workbook.worksheets[0].iter_rows(values_only=True))
        workbook.close()
        return rows
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte sequence
        raise UnsupportedMediaType("the file is not a CSV or an .xlsx", code="not_csv_or_xlsx")
    if "\x00" in text:
        raise UnsupportedMediaType("the file is not a CSV or an .xlsx", code="not_csv_or_xlsx")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [tuple(row) for row in csv.reader(io.StringIO(text), dialect)]


HEADER_SEARCH_ROWS = 20  # a header may sit below a title row or two, not further


def read_table(
    data: bytes,
    *,
    headers: Mapping[str, Sequence[str]],
    required: Sequence[str],
    column_names: Mapping[str, str],
    max_bytes: int,
    max_rows: int,
    too_many_code: str,
) -> tuple[list[Any], dict[str, int], list[tuple[int, tuple[Any, ...]]]]:
    """An import's sheet: the header row (the first within HEADER_SEARCH_ROWS naming every
    ``required`` column), the known columns' positions, and the non-empty data rows with
    their row numbers. Too large a file, too many rows or no header is a clear 4xx."""
    if len(data) > max_bytes:
        raise PayloadTooLarge(
            f"the file is larger than {max_bytes // (1024 * 1024)} MB",
            code="file_too_large",
            params={"mb": max_bytes // (1024 * 1024)},
        )
    header: list[Any] = []
    columns: dict[str, int] = {}
    rows: list[tuple[int, tuple[Any, ...]]] = []
    for number, values in enumerate(sheet_rows(data), start=1):
        if not columns:
            found = {c: i for i, v in enumerate(values) if (c := column_of(v, headers))}
            if all(c in found for c in required):
                header, columns = list(values), found
            elif number >= HEADER_SEARCH_ROWS:
                break
            continue
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        rows.append((number, values))
        if len(rows) > max_rows:
            raise Invalid(
                f"the file has more than {max_rows} rows; split it",
                code=too_many_code,
                params={"rows": max_rows},
            )
    if not columns:
        wanted = [column_names[c] for c in required]
        raise Invalid(
            f"no header row found; the file needs the columns {', '.join(wanted)}",
            code="no_header_row",
            params={"columns": wanted},
        )
    return header, columns, rows

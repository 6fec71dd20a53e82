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

from hireflow.platform.errors import UnsupportedMediaType


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

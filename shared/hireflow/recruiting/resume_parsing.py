"""Reading a résumé file: its text (a PDF's text layer, a DOCX's paragraphs and tables,
OCR for scans and photos) and the fields in it, each with the span it came from.

Pure functions of the file's bytes: no AWS, no table. The OCR and PDF libraries load
lazily (they live on the scoring image, not in the zip functions' layer); text in
resume_text.py, fields in resume_fields.py (rules over resume_vocabulary.toml).

Two outcomes besides a reading:
- ``ResumeRefused`` (status "refused"): not a résumé file this reads - an unknown type, a
  zip that is no DOCX, an encrypted or damaged file, too many pages, too many pixels.
  The file is not kept; the uploader is told the code.
- ``ResumeUnreadable`` (a ResumeRefused, status "unreadable"): a good file with no text
  to read (a blank page, a photo of a wall, a scan OCR finds nothing in). The file is
  kept so HR can look at it and type the fields in.
Anything smaller that cannot be read (a blank page among others, a date range that does
not parse, a heading with nothing under it) is an ``UnreadPart`` of the reading.
"""

from __future__ import annotations

import re
from datetime import date

from hireflow.recruiting.model import (
    MAX_RESUME_BYTES,
    MAX_RESUME_TEXT,
    ParsedResume,
    ResumeFormat,
    ResumeStatus,
    UnreadPart,
)
from hireflow.recruiting.resume_fields import read_fields
from hireflow.recruiting.resume_text import (
    FileProblem,
    PageText,
    docx_pages,
    image_pages,
    pdf_pages,
)

_PAGE_BREAK = "\n\n"
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


class ResumeRefused(ValueError):
    """The file is not a résumé this can read (``code`` in web/shared/messages.js:
    resume_bad_type, resume_encrypted, resume_damaged, resume_too_many_pages,
    resume_too_large, resume_image_too_large)."""

    status: ResumeStatus = "refused"

    def __init__(self, code: str, message: str, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


class ResumeUnreadable(ResumeRefused):
    """A sound file without any text to read (code resume_unreadable): the résumé's
    status is "unreadable" and the file is kept for HR to read by eye."""

    status: ResumeStatus = "unreadable"


def sniff_format(head: bytes) -> ResumeFormat | None:
    """The format by the file's first bytes (never by its name or declared type)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04"):
        return "docx"  # a zip: parse() checks it holds word/document.xml
    return None


def _language(text: str) -> str:
    """zh / en / mixed by the share of Chinese characters, a Chinese character counting
    as much as four Latin letters (about a word each)."""
    cjk, latin = len(_CJK.findall(text)), len(_LATIN.findall(text)) / 4
    share = cjk / (cjk + latin) if cjk + latin else 1.0
    return "zh" if share >= 0.7 else "en" if share <= 0.15 else "mixed"


def parse(data: bytes, fmt: ResumeFormat, *, today: date | None = None) -> ParsedResume:
    """The text and fields of a résumé; ResumeRefused when the file cannot be read
    (ResumeUnreadable when it is sound but holds no text). ``today`` ends the open date
    ranges (至今 / present); the date of the call by default."""
    if len(data) > MAX_RESUME_BYTES:
        raise ResumeRefused(
            code="resume_too_large",
            message="the file is larger than the limit",
            max_mb=MAX_RESUME_BYTES // (1024 * 1024),
        )
    if sniff_format(data[:8]) != fmt:
        raise ResumeRefused(
            code="resume_bad_type", message="the file is not a PDF, DOCX, JPEG or PNG"
        )
    read = {"pdf": pdf_pages, "docx": docx_pages, "jpeg": image_pages, "png": image_pages}[fmt]
    try:
        pages = read(data)
    except FileProblem as problem:
        raise ResumeRefused(code=problem.code, message=str(problem), **problem.params) from problem
    return _reading(pages, fmt, today or date.today())


def _reading(pages: list[PageText], fmt: ResumeFormat, today: date) -> ParsedResume:
    unread: list[UnreadPart] = []
    text, starts = "", []
    for page in pages:
        if page.method == "blank" or not page.text.strip():
            unread.append(
                UnreadPart(code="resume_page_blank", params={"page": page.number}, page=page.number)
            )
            continue
        if text:
            text += _PAGE_BREAK
        starts.append((len(text), page.number))
        text += page.text
    if not text.strip():
        raise ResumeUnreadable(code="resume_unreadable", message="the file holds no text to read")
    if len(text) > MAX_RESUME_TEXT:
        text = text[:MAX_RESUME_TEXT]
        unread.append(UnreadPart(code="resume_text_cut", params={"max": MAX_RESUME_TEXT}))
    read = [p for p in pages if p.method in ("text", "ocr") and p.text.strip()]
    methods = {p.method for p in read}
    fields, more = read_fields(text, None if fmt == "docx" else starts, today)
    return ParsedResume(
        text=text,
        pages=len(pages),
        method="mixed" if len(methods) > 1 else methods.pop(),  # type: ignore[arg-type]
        language=_language(text),  # type: ignore[arg-type]
        fields=fields,
        unread=unread + more,
    )

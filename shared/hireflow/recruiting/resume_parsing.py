"""Reading a résumé file: its text (a PDF's text layer, a DOCX's paragraphs and tables,
OCR for scans and photos) and the fields in it, each with the span it came from.

SKELETON (lead's contract, to be built by the parsing engineer). Pure functions of the
file's bytes: no AWS, no table. The OCR and PDF libraries load lazily (they live on the
scoring image, not in the zip functions' layer).
"""

from __future__ import annotations

from hireflow.recruiting.model import ParsedResume, ResumeFormat


class ResumeRefused(ValueError):
    """The file is not a résumé this can read (``code`` in web/shared/messages.js, e.g.
    resume_bad_type, resume_too_many_pages, resume_encrypted, resume_damaged)."""

    def __init__(self, code: str, message: str, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


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


def parse(data: bytes, fmt: ResumeFormat) -> ParsedResume:
    """The text and fields of a résumé; ResumeRefused when the file cannot be read."""
    raise NotImplementedError("resume parsing: built by the parsing engineer")

"""The text of a résumé file, page by page: a PDF's text layer (OCR for a page that is
only a picture), a DOCX's paragraphs and table rows in reading order, OCR for a photo.

PDFium (pypdfium2) reads the text layer with CJK and renders scanned pages; python-docx
reads DOCX; RapidOCR (PP-OCR det/rec/cls ONNX models inside its wheel, run on
onnxruntime, no download) reads pictures. All three load on first use: they live on the
scoring image, not in the zip functions' layer. The OCR engine loads once per container.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from typing import TYPE_CHECKING, Any

from hireflow.recruiting.model import MAX_RESUME_PAGES

if TYPE_CHECKING:
    from PIL.Image import Image

# A page with fewer characters than this in its text layer is read by OCR when it holds
# a picture (a scan with a page number or a stray header still counts as a scan).
MIN_PAGE_CHARS = 20
RENDER_DPI = 200
# OCR works on at most this many pixels on the long side (RapidOCR's own limit is 2000;
# a phone photo is 4000+): larger is slower without reading more.
MAX_OCR_SIDE = 2000
MAX_IMAGE_PIXELS = 50_000_000  # a 10 MB file that decodes to more is a decompression bomb
_PDFIUM_PASSWORD_ERROR = 4  # FPDF_ERR_PASSWORD


class FileProblem(ValueError):
    """The file cannot be read (resume_parsing turns it into ResumeRefused)."""

    def __init__(self, code: str, message: str, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class PageText:
    number: int  # 1-based
    text: str
    method: str  # text / ocr / blank


def _tidy(text: str) -> str:
    """Line ends and spaces as a reader sees them; the characters themselves untouched."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = text.replace("\u00a0", " ").replace("\u3000", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# ------------------------------------------------------------------------------ OCR


@cache
def _ocr_engine() -> Any:
    from rapidocr import RapidOCR

    return RapidOCR(params={"Global.log_level": "warning"})


def ocr_lines(image: Image) -> str:
    """The text of a picture, in reading order: boxes grouped into lines top to bottom
    (a box joins a line when their vertical centres are within half a line's height, so
    a slightly tilted photo still reads line by line), each line left to right."""
    import numpy as np

    image = image.convert("RGB")
    if max(image.size) > MAX_OCR_SIDE:
        image.thumbnail((MAX_OCR_SIDE, MAX_OCR_SIDE))
    result = _ocr_engine()(np.asarray(image))
    if result.boxes is None or not result.txts:
        return ""
    boxes = []
    for box, text in zip(result.boxes, result.txts, strict=True):
        ys = [p[1] for p in box]
        xs = [p[0] for p in box]
        boxes.append((min(xs), (min(ys) + max(ys)) / 2, max(ys) - min(ys), text))
    boxes.sort(key=lambda b: b[1])
    lines: list[list[tuple[float, float, float, str]]] = []
    for box in boxes:
        line = lines[-1] if lines else None
        if line is not None:
            centre = sum(b[1] for b in line) / len(line)
            height = max(b[2] for b in line)
            if abs(box[1] - centre) <= max(height, box[2]) / 2:
                line.append(box)
                continue
        lines.append([box])
    return "\n".join("  ".join(b[3] for b in sorted(line)) for line in lines)


# ------------------------------------------------------------------------------ PDF


def pdf_pages(data: bytes) -> list[PageText]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == _PDFIUM_PASSWORD_ERROR:
            raise FileProblem(
                code="resume_encrypted", message="the PDF is protected by a password"
            ) from exc
        raise FileProblem(code="resume_damaged", message="the PDF cannot be opened") from exc
    try:
        if len(pdf) > MAX_RESUME_PAGES:
            raise FileProblem(
                code="resume_too_many_pages",
                message=f"the PDF has {len(pdf)} pages, more than {MAX_RESUME_PAGES}",
                pages=len(pdf),
                max=MAX_RESUME_PAGES,
            )
        if len(pdf) == 0:
            raise FileProblem(code="resume_damaged", message="the PDF has no pages")
        return [_pdf_page(pdf, index) for index in range(len(pdf))]
    finally:
        pdf.close()


def _pdf_page(pdf: Any, index: int) -> PageText:
    import pypdfium2.raw as pdfium_c

    page = pdf[index]
    try:
        textpage = page.get_textpage()
        text = _tidy(textpage.get_text_range())
        textpage.close()
        if len(re.sub(r"\s", "", text)) >= MIN_PAGE_CHARS:
            return PageText(index + 1, text, "text")
        has_image = any(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2))
        if not has_image:
            return PageText(index + 1, text, "text" if text else "blank")
        bitmap = page.render(scale=RENDER_DPI / 72, grayscale=True)
        picture = bitmap.to_pil()
        bitmap.close()
        read = _tidy(ocr_lines(picture))
        return PageText(index + 1, read or text, "ocr" if read else "blank")
    finally:
        page.close()


# ----------------------------------------------------------------------------- DOCX


def docx_pages(data: bytes) -> list[PageText]:
    """One page (a DOCX has no pages until printed): paragraphs and tables in the order
    of the body, a table row on one line with its cells apart (merged cells once)."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise FileProblem(code="resume_damaged", message="the DOCX cannot be opened") from exc
    if "word/document.xml" not in names:
        raise FileProblem(
            code="resume_bad_type", message="the zip file is not a Word document (DOCX)"
        )
    from docx import Document
    from docx.table import Table

    try:
        document = Document(BytesIO(data))
        lines: list[str] = []
        for block in document.element.body.iterchildren():
            tag = block.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append("".join(t.text or "" for t in block.iter(_W_T)))
            elif tag == "tbl":
                lines.extend(_table_lines(Table(block, document)))
    except Exception as exc:  # lxml / zip errors inside a broken part
        raise FileProblem(code="resume_damaged", message="the DOCX cannot be read") from exc
    return [PageText(1, _tidy("\n".join(lines)), "text")]


_W_T = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"


def _table_lines(table: Any) -> list[str]:
    lines = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(p.strip() for p in cell.text.split("\n") if p.strip())
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        if cells:
            lines.append("  |  ".join(cells))
    return lines


# --------------------------------------------------------------------------- images


def image_pages(data: bytes) -> list[PageText]:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(BytesIO(data)) as opened:
            if opened.width * opened.height > MAX_IMAGE_PIXELS:
                raise FileProblem(
                    code="resume_image_too_large",
                    message="the picture has too many pixels",
                    max_megapixels=MAX_IMAGE_PIXELS // 1_000_000,
                )
            # A phone stores the picture as the sensor saw it and the turn in EXIF.
            picture = ImageOps.exif_transpose(opened)
            picture.load()
    except FileProblem:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise FileProblem(code="resume_damaged", message="the picture cannot be decoded") from exc
    text = _tidy(ocr_lines(picture))
    return [PageText(1, text, "ocr" if text else "blank")]

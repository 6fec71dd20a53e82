"""PDF documents in Chinese and English: the part every printed file shares.

fpdf2 writes the PDF; the font is Noto Sans SC (SIL Open Font License 1.1) from the
``pylopdf-fonts-zh-cn`` wheel, embedded and subset to the characters a document uses, so
a file stays tens of kilobytes and prints the same on any machine. Both libraries are
imported on first use: only the functions whose layer carries them make PDFs.

Lines are broken here rather than by fpdf2: its word wrap breaks a Chinese line at the
last space (half a line left empty before a number) and its character wrap splits
numbers ("15,0" / "00"). Here a line breaks between any two Chinese characters, never
inside a Latin word or a number, and never before closing punctuation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime
from importlib import resources
from io import BytesIO
from typing import TYPE_CHECKING

from hireflow.platform.errors import HireflowError

if TYPE_CHECKING:
    from fpdf import FPDF

FONT_PACKAGE = "pylopdf_fonts_zh_cn"
FONT_FILE = "NotoSansSC-Regular.otf"
FONT = "NotoSansSC"
PDF_TYPE = "application/pdf"

# Pieces a line may not split: a run of non-space, non-CJK characters (a Latin word, a
# number, an e-mail address) or a single CJK character (ideographs, CJK punctuation,
# full-width forms).
_CJK = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_PIECE = re.compile(rf"\s+|[^\s{_CJK}]+|[{_CJK}]")
# Kinsoku: these never start a line (they stay with the piece before) ...
_NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉”’％,.;:?!)]}…—·")
# ... and these never end one (they go with the piece after).
_NO_LINE_END = frozenset("（《「『【〔〈“‘([{")

_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"


class UnreadableImage(HireflowError, ValueError):
    """An image given to a document is not a PNG or JPEG that can be decoded."""

    code = "unreadable_image"


def check_image(data: bytes, what: str) -> tuple[int, int]:
    """The size in pixels of a PNG or JPEG that decodes; ``UnreadableImage`` (naming
    ``what``) otherwise, where fpdf2 would fail deep in its own code."""
    if not data.startswith((_PNG, _JPEG)):
        raise UnreadableImage(f"the {what} is not a PNG or JPEG image", params={"image": what})
    from PIL import Image  # fpdf2's dependency

    try:
        with Image.open(BytesIO(data)) as image:
            image.load()
            return image.size
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        raise UnreadableImage(
            f"the {what} cannot be decoded ({error})", params={"image": what}
        ) from error


def _pieces(paragraph: str) -> list[str]:
    pieces: list[str] = []
    glue_next = False
    for piece in _PIECE.findall(paragraph):
        if pieces and (glue_next or piece in _NO_LINE_START):
            pieces[-1] += piece
        else:
            pieces.append(piece)
        glue_next = piece in _NO_LINE_END
    return pieces


class PdfDocument:
    """An A4 fpdf2 document with the embedded font, a footer line and helpers for
    headings, paragraphs, tables and images. ``pdf`` is the fpdf2 document, for layout
    the helpers do not cover."""

    def __init__(
        self,
        *,
        title: str,
        language: str,
        footer: Callable[[int], str],
        created_at: datetime | None = None,
        margin: float = 16,
    ) -> None:
        """``footer`` gives the footer text of page n; ``created_at`` fixes the creation
        date (fpdf2 takes the clock otherwise), for documents that must come out byte for
        byte the same from the same input."""
        from fpdf import FPDF  # the layers that print only

        class Document(FPDF):
            def footer(self) -> None:
                self.set_y(-12)
                self.set_font(FONT, size=8)
                self.cell(0, 6, footer(self.page_no()), align="C")

        self.pdf: FPDF = Document(format="A4", unit="mm")
        self.pdf.set_margins(margin, margin, margin)
        self.pdf.set_auto_page_break(True, margin=margin + 2)
        font = resources.files(FONT_PACKAGE).joinpath(FONT_FILE)
        with resources.as_file(font) as path:
            self.pdf.add_font(FONT, fname=str(path))
        self.pdf.set_title(title)
        self.pdf.set_lang(language)
        self.pdf.set_creator("hireflow")
        if created_at is not None:
            self.pdf.set_creation_date(created_at)
        self.pdf.add_page()

    def lines(self, text: str, width: float) -> list[str]:
        """``text`` broken into lines no wider than ``width`` at the current font."""
        lines: list[str] = []
        for paragraph in text.split("\n"):
            line = ""
            for piece in _pieces(paragraph):
                longer = line + piece
                if line.strip() and self.pdf.get_string_width(longer.rstrip()) > width:
                    lines.append(line.rstrip())
                    line = piece.lstrip()
                else:
                    line = longer
            lines.append(line.rstrip())
        return lines

    def _wrapped(self, text: str, width: float) -> str:
        # A hair narrower than fpdf2's own check, so it never breaks a line again.
        return "\n".join(self.lines(text, width - 2 * self.pdf.c_margin - 0.5))

    def heading(self, text: str, size: float = 14, align: str = "L") -> None:
        self.pdf.set_font(FONT, size=size)
        self.pdf.ln(2)
        self.pdf.multi_cell(
            0,
            size * 0.55,
            self._wrapped(text, self.pdf.epw),
            align=align,
            new_x="LMARGIN",
            new_y="NEXT",
        )
        self.pdf.ln(1)

    def text(self, text: str, size: float = 10, line_height: float = 5.4) -> None:
        self.pdf.set_font(FONT, size=size)
        self.pdf.multi_cell(
            0, line_height, self._wrapped(text, self.pdf.epw), new_x="LMARGIN", new_y="NEXT"
        )

    def table(
        self,
        rows: Sequence[Sequence[str]],
        widths: tuple[int, ...],
        heading: bool = True,
        *,
        size: float = 9,
        line_height: float = 5.6,
        shade_first_column: bool = False,
    ) -> None:
        """``widths`` are shares of the page's width; ``heading``: the first row is
        shaded as column headings; ``shade_first_column``: the first column holds labels."""
        from fpdf.fonts import FontFace

        shaded = FontFace(emphasis="", fill_color=(232, 236, 241))
        self.pdf.set_font(FONT, size=size)
        column_widths = [self.pdf.epw * w / sum(widths) for w in widths]
        with self.pdf.table(
            col_widths=widths,
            line_height=line_height,
            text_align="LEFT",
            first_row_as_headings=heading,
            headings_style=shaded,
        ) as table:
            for values in rows:
                row = table.row()
                for column, value in enumerate(values):
                    row.cell(
                        self._wrapped(value, column_widths[column]),
                        style=shaded if shade_first_column and column == 0 else None,
                    )
        self.pdf.ln(2)

    def image(self, data: bytes, what: str, x: float, y: float, w: float, h: float) -> float:
        """A PNG or JPEG at (x, y), as large as fits in w x h with its aspect kept
        (``UnreadableImage`` naming ``what`` otherwise); returns the width it took."""
        pixels_wide, pixels_high = check_image(data, what)
        scale = min(w / pixels_wide, h / pixels_high)
        self.pdf.image(BytesIO(data), x=x, y=y, w=pixels_wide * scale, h=pixels_high * scale)
        return pixels_wide * scale

    def output(self) -> bytes:
        return bytes(self.pdf.output())

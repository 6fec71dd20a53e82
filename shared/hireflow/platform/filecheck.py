"""What an uploaded file really is: PDF, JPEG or PNG judged by its bytes, not by its name
or the type the browser declared, and refused when it is not well formed or when a PDF
carries active content.

No antivirus engine runs here: "virus-free" means the bytes are the declared type, the
structure holds together from the first byte to the last (no other file appended, no
truncated image), and a PDF has nothing that runs or launches (JavaScript, launch
actions, embedded files, rich media, XFA forms) and is not encrypted (an encrypted PDF
cannot be looked into). Names in a PDF are read with their ``#xx`` escapes decoded and
inside its object streams too (unpacked), so an obfuscated ``/J#53`` or a compressed
object stream does not hide one. Only the standard library: the checks are small and fixed, and no
third-party parser sits between the upload and the check.
"""

from __future__ import annotations

import re
import struct
import zlib
from typing import Any

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
# The types a document may have, and the extension its stored object gets.
ACCEPTED = {PDF: "pdf", JPEG: "jpg", PNG: "png"}
KIND_NAMES = {PDF: "PDF", JPEG: "JPEG", PNG: "PNG"}

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SOI = b"\xff\xd8\xff"
# A PDF's header may sit a little after the first byte (readers allow 1 KB of junk);
# ours must start with it: nothing else travels in front of the document.
PDF_HEADER = re.compile(rb"%PDF-\d\.\d")
PDF_TAIL_WINDOW = 2048  # %%EOF is within the last bytes (after it, at most whitespace)
# Names that make a PDF do something when opened, or carry another file.
ACTIVE_NAMES = {
    b"JavaScript": "JavaScript",
    b"JS": "JavaScript",
    b"Launch": "Launch",
    b"EmbeddedFile": "EmbeddedFile",
    b"EmbeddedFiles": "EmbeddedFile",
    b"RichMedia": "RichMedia",
    b"XFA": "XFA",
}
NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
STREAM = re.compile(rb"stream\r?\n")
MAX_INFLATED_BYTES = 64 * 1024 * 1024  # all of a PDF's object streams together, unpacked
PDF_FILTERS = {
    b"FlateDecode",
    b"LZWDecode",
    b"ASCIIHexDecode",
    b"ASCII85Decode",
    b"RunLengthDecode",
    b"Crypt",
}
MAX_IMAGE_SIDE = 20_000  # pixels: a bigger picture is a decompression bomb, not an ID copy
JPEG_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


class FileRefused(Exception):
    """The file is not accepted: ``code`` and ``params`` say why in any language."""

    def __init__(self, message: str, *, code: str, params: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message, self.code, self.params = message, code, params or {}


def too_large(max_bytes: int) -> FileRefused:
    return FileRefused(
        f"the file is larger than {max_bytes} bytes",
        code="file_too_large",
        params={"max_mb": round(max_bytes / 1024 / 1024, 1)},
    )


def sniff(data: bytes) -> str | None:
    """The type the bytes start like (one of ACCEPTED), or None."""
    if data.startswith(PNG_SIGNATURE):
        return PNG
    if data.startswith(JPEG_SOI):
        return JPEG
    if PDF_HEADER.match(data):
        return PDF
    return None


def check_file(data: bytes, declared: str, max_bytes: int) -> None:
    """Raise FileRefused unless ``data`` is a well-formed file of the declared type."""
    if declared not in ACCEPTED:
        raise FileRefused(
            f"{declared} is not accepted (PDF, JPEG or PNG)",
            code="document_type_not_accepted",
            params={"content_type": declared},
        )
    if not data:
        raise FileRefused("the file is empty", code="file_empty")
    if len(data) > max_bytes:
        raise too_large(max_bytes)
    found = sniff(data)
    if found != declared:
        raise FileRefused(
            f"the file is not a {KIND_NAMES[declared]}"
            + (f" (it is a {KIND_NAMES[found]})" if found else ""),
            code="file_type_mismatch",
            params={"declared": KIND_NAMES[declared], "found": KIND_NAMES.get(found or "", "")},
        )
    {PDF: _check_pdf, JPEG: _check_jpeg, PNG: _check_png}[declared](data)


# ---------------------------------------------------------------------- PDF


def _check_pdf(data: bytes) -> None:
    tail = data[-PDF_TAIL_WINDOW:].rstrip(b"\x00\t\n\f\r ")
    if not tail.endswith(b"%%EOF"):
        raise FileRefused("the PDF is incomplete (it has no end)", code="file_pdf_incomplete")
    names = _pdf_names(data)
    if b"Encrypt" in names:
        raise FileRefused("the PDF is encrypted", code="file_pdf_encrypted")
    active = sorted({ACTIVE_NAMES[n] for n in names if n in ACTIVE_NAMES})
    if active:
        raise FileRefused(
            f"the PDF has active content ({', '.join(active)})",
            code="file_pdf_active_content",
            params={"features": active},
        )


def _pdf_names(data: bytes) -> set[bytes]:
    """The names of the PDF's objects: in its structure (stream contents left out: a
    picture's bytes are not names) and inside its object streams, unpacked (where a
    PDF 1.5 file keeps most of its dictionaries). Refused when the streams unpack to
    more than MAX_INFLATED_BYTES together."""
    names: set[bytes] = set()
    budget, at = MAX_INFLATED_BYTES, 0
    while (found := STREAM.search(data, at)) is not None:
        head = data[at : found.start()]
        names |= _names(head)
        end = data.find(b"endstream", found.end())
        if end < 0:
            raise FileRefused(
                "the PDF is incomplete (a stream has no end)", code="file_pdf_incomplete"
            )
        # The stream's dictionary: from its object's "obj" keyword to "stream".
        dictionary = _names(head[head.rfind(b"obj") :])
        if b"ObjStm" in dictionary:
            content = _object_stream(data[found.end() : end], dictionary, budget)
            budget -= len(content)
            names |= _names(content)
        at = end + len(b"endstream")
    return names | _names(data[at:])


def _object_stream(stream: bytes, dictionary: set[bytes], budget: int) -> bytes:
    """An object stream's content: as it is, or unpacked from Flate; another encoding
    could hide a name from this check, so it is refused."""
    filters = dictionary & PDF_FILTERS
    if not filters:
        return stream
    if filters != {b"FlateDecode"}:
        raise FileRefused(
            "the PDF's objects are encoded in a way that cannot be checked",
            code="file_pdf_too_complex",
        )
    unpack = zlib.decompressobj()
    try:
        content = unpack.decompress(stream, budget + 1)
    except zlib.error as exc:
        raise FileRefused(
            "the PDF is damaged (an object stream cannot be read)", code="file_pdf_damaged"
        ) from exc
    if len(content) > budget or unpack.unconsumed_tail:
        raise FileRefused("the PDF unpacks to too much data", code="file_pdf_too_complex")
    return content


def _names(data: bytes) -> set[bytes]:
    """Every name token (``/Name``) with its ``#xx`` escapes decoded."""
    return {_unescape(m.group(1)) for m in NAME.finditer(data)}


def _unescape(name: bytes) -> bytes:
    if b"#" not in name:
        return name
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), name)


# ---------------------------------------------------------------------- PNG


def _check_png(data: bytes) -> None:
    """Chunks from the signature to IEND, each with its length in bounds and its CRC
    right; IHDR first with a sane size, at least one IDAT, nothing after IEND."""
    at, seen_data, first = len(PNG_SIGNATURE), False, True
    while True:
        if at + 8 > len(data):
            raise _malformed("PNG", "it ends before its IEND chunk")
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        end = at + 8 + length + 4
        if end > len(data):
            raise _malformed("PNG", "a chunk runs past the end of the file")
        body = data[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length : end])
        if zlib.crc32(kind + body) != crc:
            raise _malformed("PNG", "a chunk is damaged (CRC)")
        if first:
            if kind != b"IHDR" or length != 13:
                raise _malformed("PNG", "it does not start with IHDR")
            width, height = struct.unpack(">II", body[:8])
            _sane_size(width, height, "PNG")
            first = False
        seen_data |= kind == b"IDAT"
        at = end
        if kind == b"IEND":
            break
    if not seen_data:
        raise _malformed("PNG", "it has no image data")
    if data[at:].strip(b"\x00"):
        raise _malformed("PNG", "something else is appended after its end")


# ---------------------------------------------------------------------- JPEG


def _check_jpeg(data: bytes, depth: int = 0) -> None:
    """Segments from SOI to EOI (a frame header with a sane size before the first scan).
    After EOI only padding, or another whole JPEG (a camera's multi-picture file)."""
    end = _jpeg_end(data)
    rest = data[end:].strip(b"\x00")
    if rest:
        if not rest.startswith(JPEG_SOI) or depth >= 3:
            raise _malformed("JPEG", "something else is appended after its end")
        _check_jpeg(rest, depth + 1)


def _jpeg_end(data: bytes) -> int:
    """Where the image's EOI marker ends; FileRefused when the structure does not hold."""
    at, framed, size = 2, False, len(data)
    while at < size:
        if data[at] != 0xFF:
            raise _malformed("JPEG", "a segment does not start with a marker")
        while at < size and data[at] == 0xFF:  # fill bytes
            at += 1
        if at >= size:
            break
        marker = data[at]
        at += 1
        if marker == 0xD9:
            if not framed:
                raise _malformed("JPEG", "it has no image frame")
            return at
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            continue  # markers without a length
        if at + 2 > size:
            break
        (length,) = struct.unpack(">H", data[at : at + 2])
        if length < 2 or at + length > size:
            raise _malformed("JPEG", "a segment runs past the end of the file")
        if marker in JPEG_FRAMES:
            if length < 8:
                raise _malformed("JPEG", "its frame header is too short")
            height, width = struct.unpack(">HH", data[at + 3 : at + 7])
            _sane_size(width, height, "JPEG")
            framed = True
        at += length
        if marker == 0xDA:  # a scan: entropy-coded data up to the next real marker
            if not framed:
                raise _malformed("JPEG", "a scan comes before the frame header")
            while at + 1 < size and not (
                data[at] == 0xFF and data[at + 1] != 0 and not 0xD0 <= data[at + 1] <= 0xD7
            ):
                at += 1
            if at + 1 >= size:
                break
    raise _malformed("JPEG", "it ends before its end marker (truncated)")


# ---------------------------------------------------------------------- both images


def _sane_size(width: int, height: int, kind: str) -> None:
    if not (0 < width <= MAX_IMAGE_SIDE and 0 < height <= MAX_IMAGE_SIDE):
        raise _malformed(kind, f"its size {width}x{height} is not a picture's")


def _malformed(kind: str, why: str) -> FileRefused:
    return FileRefused(
        f"the {kind} image is not well formed: {why}",
        code="file_image_malformed",
        params={"kind": kind},
    )

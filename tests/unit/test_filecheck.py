"""What an uploaded document really is (platform.filecheck): real files of each type pass,
and what hides behind a right-looking first byte does not."""

from __future__ import annotations

import io
import zlib

import pytest
from fpdf import FPDF
from pypdf import PdfWriter

from hireflow.platform.filecheck import JPEG, PDF, PNG, FileRefused, check_file
from tests.support.new_hires import JPEG_FILE, jpeg, pdf, png

LIMIT = 10 * 1024 * 1024


def refusal(data: bytes, declared: str) -> str:
    with pytest.raises(FileRefused) as refused:
        check_file(data, declared, LIMIT)
    return refused.value.code


def written(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_real_files_pass():
    check_file(pdf(), PDF, LIMIT)
    check_file(png(), PNG, LIMIT)
    check_file(jpeg(), JPEG, LIMIT)
    # A PDF as a document tool writes it: compressed pages, a photograph inside.
    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=14)
    document.cell(text="Bachelor of Arts")
    document.image(str(JPEG_FILE), w=60)
    check_file(bytes(document.output()), PDF, LIMIT)
    check_file(written(_blank_page()), PDF, LIMIT)
    # A camera's multi-picture JPEG: a second whole JPEG after the first.
    check_file(jpeg() + jpeg(), JPEG, LIMIT)


def _blank_page() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(200, 100)
    return writer


def test_the_bytes_must_be_the_declared_type():
    assert refusal(png(), PDF) == "file_type_mismatch"
    assert refusal(jpeg(), PNG) == "file_type_mismatch"
    assert refusal(b"MZ\x90\x00 a program", PDF) == "file_type_mismatch"
    assert refusal(b"   %PDF-1.7 junk in front", PDF) == "file_type_mismatch"
    assert refusal(pdf(), "text/html") == "document_type_not_accepted"
    assert refusal(b"", PNG) == "file_empty"
    with pytest.raises(FileRefused) as refused:
        check_file(pdf(), PDF, 100)
    assert (refused.value.code, refused.value.params) == ("file_too_large", {"max_mb": 0.0})


@pytest.mark.parametrize(
    "entry",
    [
        b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>",
        b"/OpenAction << /S /#4A#61vaScript /J#53 (app.alert(1)) >>",  # escaped names
        b"/AA << /O << /JS (x) >> >>",
        b"/OpenAction << /S /Launch /F (cmd.exe) >>",
        b"/Names << /EmbeddedFiles << /Names [(a.exe) 6 0 R] >> >>",
        b"/AcroForm << /XFA 7 0 R >>",
        b"/OpenAction << /S /RichMedia >>",
    ],
    ids=["javascript", "escaped", "additional-action", "launch", "embedded", "xfa", "rich-media"],
)
def test_a_pdf_with_active_content_is_refused(entry):
    assert refusal(pdf(entry), PDF) == "file_pdf_active_content"


def test_active_content_hidden_in_a_compressed_object_stream_is_found():
    hidden = zlib.compress(b"6 0 << /S /JavaScript /JS (app.alert(1)) >>")
    stream = b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n" % (
        len(hidden)
    )
    data = pdf(b"/OpenAction 6 0 R").replace(
        b"5 0 obj\n", b"9 0 obj\n" + stream + hidden + b"\nendstream\nendobj\n5 0 obj\n"
    )
    assert refusal(data, PDF) == "file_pdf_active_content"
    # An object stream in an encoding the check cannot read is not waved through.
    hexed = b"<< /S /JavaScript >>".hex().encode()
    other = b"<< /Type /ObjStm /N 1 /First 4 /Filter /ASCIIHexDecode >>\nstream\n"
    data = pdf().replace(
        b"5 0 obj\n", b"9 0 obj\n" + other + hexed + b"\nendstream\nendobj\n5 0 obj\n"
    )
    assert refusal(data, PDF) == "file_pdf_too_complex"


def test_a_picture_inside_a_pdf_is_not_read_as_names():
    # Raw stream bytes that happen to spell a name are a picture's data, not an action.
    noise = b"\x00/JS \x01/Launch\x02"
    data = pdf().replace(
        b"5 0 obj\n",
        b"9 0 obj\n<< /Length 16 >>\nstream\n" + noise + b"\nendstream\nendobj\n5 0 obj\n",
    )
    check_file(data, PDF, LIMIT)


def test_encrypted_embedding_and_truncated_pdfs_are_refused():
    encrypted = _blank_page()
    encrypted.encrypt("secret")
    assert refusal(written(encrypted), PDF) == "file_pdf_encrypted"
    attached = _blank_page()
    attached.add_attachment("invoice.exe", b"MZ\x90\x00")
    assert refusal(written(attached), PDF) == "file_pdf_active_content"
    assert refusal(pdf()[:-30], PDF) == "file_pdf_incomplete"


def test_images_must_be_whole_and_alone():
    assert refusal(png()[:-12], PNG) == "file_image_malformed"  # no IEND
    assert refusal(png() + b"<script>alert(1)</script>", PNG) == "file_image_malformed"
    damaged = bytearray(png())
    damaged[40] ^= 0xFF  # a byte of the image data: the chunk's CRC no longer matches
    assert refusal(bytes(damaged), PNG) == "file_image_malformed"
    assert refusal(png(width=0), PNG) == "file_image_malformed"
    assert refusal(jpeg()[:-2], JPEG) == "file_image_malformed"  # no EOI
    assert refusal(jpeg() + b"PK\x03\x04 a zip", JPEG) == "file_image_malformed"
    assert refusal(b"\xff\xd8\xff\xd9", JPEG) == "file_image_malformed"  # no frame

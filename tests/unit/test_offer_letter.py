"""The offer letter as a PDF (issue 15): its text read back as a reader copies it (Chinese
included), the font embedded and subset, the logo and the signature as images, the signing
record page, the same bytes for the same letter, clear errors for bad images, and page 1
rendered to test-artifacts/offer-letter-zh-signed.png for people to look at."""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pypdfium2
import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from hireflow.offers.letter import LetterSignature, render_letter
from hireflow.platform.pdf import PdfDocument, UnreadableImage
from tests.support.letters import (
    chinese_letter,
    demo_logo,
    english_letter,
    signed,
)

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text as a reader copies it, whitespace removed. Read by PDFium: pypdf
    reads fpdf2's embedded Identity CMap as one-byte codes, so past the 255th distinct
    character of a document it returns wrong characters (pypdf 7.1)."""
    document = pypdfium2.PdfDocument(pdf)
    return ["".join(page.get_textpage().get_text_range().split()) for page in document]


def images_on(pdf: bytes, page: int = 0) -> list[DictionaryObject]:
    resources = PdfReader(io.BytesIO(pdf)).pages[page]["/Resources"]
    if "/XObject" not in resources:
        return []
    objects = [x.get_object() for x in resources["/XObject"].get_object().values()]
    return [x for x in objects if x["/Subtype"] == "/Image"]


@pytest.fixture(scope="module")
def sent() -> bytes:
    return render_letter(chinese_letter())


@pytest.fixture(scope="module")
def signed_pdf(sent: bytes) -> bytes:
    return render_letter(signed(chinese_letter(), sent_sha256=hashlib.sha256(sent).hexdigest()))


def test_the_letter_as_sent_reads_back_in_chinese_with_its_terms(sent):
    assert sent.startswith(b"%PDF-")
    [text] = page_texts(sent)  # one page
    for expected in (
        "海纳科技有限公司",
        "深圳分公司",
        "录用通知书",
        "致：陈静",
        "日期：2025年3月1日",
        "录用条款",
        "月薪15,000元（税前）",
        "福利五险一金、带薪年假15天、年度体检、每月餐补600元、节日福利及年度旅游",
        "此致敬礼！期待您的加入。",
        "深圳分公司人力资源部",
        "候选人签名",
        "OF-7Q2Kv3·第1页",
    ):
        assert expected in text, expected
    # Every paragraph whole, in order, however its lines broke.
    body = "".join("".join(p.split()) for p in chinese_letter().body)
    assert body in text


def test_the_font_is_embedded_and_subset(sent):
    fonts = PdfReader(io.BytesIO(sent)).pages[0]["/Resources"]["/Font"].get_object()
    [font] = [f.get_object() for f in fonts.values()]
    assert re.fullmatch(r"/[A-Z]{6}\+NotoSansSC-?\w*", str(font["/BaseFont"])), font["/BaseFont"]
    descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor)  # the glyphs are in it
    assert len(sent) < 120_000, len(sent)  # a subset: the whole font is 8 MB


def test_the_logo_is_an_image_at_the_top_and_is_optional(sent):
    [logo] = images_on(sent)
    assert (logo["/Width"], logo["/Height"]) == (240, 120)
    assert images_on(render_letter(chinese_letter(logo_png=None))) == []


def test_the_signed_letter_shows_the_signature_and_ends_with_the_signing_record(sent, signed_pdf):
    first, record = page_texts(signed_pdf)
    assert "签署时间：2025年3月4日06:05UTC" in first and "候选人签名" not in first
    assert len(images_on(signed_pdf)) == 2  # the logo and the drawn signature
    for expected in (
        "签署记录",
        "陈静",
        "203.0.113.42",
        "Mozilla/5.0(iPhone;CPUiPhoneOS17_4likeMacOSX)",
        "2025年3月1日04:00UTCshenzhen.hr发送给候选人",
        "发出版本SHA-256" + hashlib.sha256(sent).hexdigest(),
        "OF-7Q2Kv3·第2页",
    ):
        assert expected in record, expected


def test_a_typed_signature_is_the_name_in_a_signature_size():
    pdf = render_letter(signed(chinese_letter(), drawn=False))
    first = page_texts(pdf)[0]
    assert first.count("陈静") >= 4  # to, greeting, the signature, the name under it
    assert len(images_on(pdf)) == 1  # the logo alone


def test_an_english_letter_has_english_labels():
    first, record = page_texts(render_letter(signed(english_letter(), drawn=False)))
    for expected in (
        "Offerofemployment",
        "To:ChenJing",
        "Date:1March2025",
        "Termsoftheoffer",
        "SalaryCNY15,000amonthbeforetax",
        "Signed4March2025,06:05UTC",
        "OF-7Q2Kv3·page1",
    ):
        assert expected in first, expected
    assert "Signingrecord" in record and "SHA-256oftheletterassent" in record
    assert not re.search(r"[录条款签署日期页]", first + record)


def test_a_long_body_runs_onto_more_pages_with_the_signature_block_whole():
    paragraph = (
        "我们很高兴地通知您，您已被录用为客户服务专员，月薪 15,000 元，试用期三个月。"
        "公司为员工提供系统的入职培训与职业发展通道，并定期组织团队活动。"
    )
    body = tuple(f"第{n}条：{paragraph}" for n in range(1, 21))
    pages = page_texts(render_letter(signed(chinese_letter(body=body))))
    assert len(pages) > 2  # the letter takes more than one page, then the record
    text = "".join(pages[:-1])
    assert all(f"第{n}条：" in text for n in range(1, 21))
    # The two sides of the signature block stay on one page.
    last_letter_page = pages[-2]
    assert "海纳科技有限公司" in last_letter_page and "签署时间" in last_letter_page
    assert pages[-2].endswith(f"第{len(pages) - 1}页")


def test_chinese_lines_break_between_characters_never_inside_a_number_or_before_a_comma():
    document = PdfDocument(title="t", language="zh-CN", footer=str)
    document.pdf.set_font("NotoSansSC", size=11)
    text = (
        "感谢您参加视频面试。经过综合评估，我们很高兴地通知您，您已被录用为客户服务专员，"
        "月薪 15,000 元，试用期三个月，请于 2025年3月15日 前在线签署本通知书，"
        "逾期未签署的自动失效。"
    ) * 3
    lines = document.lines(text, 80)
    assert len(lines) > 5
    assert all(document.pdf.get_string_width(line) <= 80 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert not any(line.startswith(("，", "。")) for line in lines)
    assert all("15,000" in line for line in lines if "15," in line or ",000" in line)
    # Lines end close to the width: no half-empty line before a space.
    assert all(document.pdf.get_string_width(line) > 60 for line in lines[:-1])


def test_the_same_letter_gives_the_same_bytes(sent, signed_pdf):
    again = render_letter(chinese_letter())
    assert hashlib.sha256(again).hexdigest() == hashlib.sha256(sent).hexdigest()
    assert render_letter(
        signed(chinese_letter(), sent_sha256=hashlib.sha256(sent).hexdigest())
    ) == (signed_pdf)
    assert render_letter(chinese_letter(reference="OF-7Q2K v4")) != sent


@pytest.mark.parametrize(
    ("image", "message"),
    [
        (b"GIF89a\x01\x00\x01\x00", "is not a PNG or JPEG"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "is not a PNG or JPEG"),
        (demo_logo()[:60], "cannot be decoded"),  # a PNG cut short
    ],
)
def test_a_bad_logo_or_signature_image_is_a_clear_error(image, message):
    with pytest.raises(UnreadableImage, match=f"the logo {message}") as raised:
        render_letter(chinese_letter(logo_png=image))
    assert isinstance(raised.value, ValueError)
    bad_signature = replace(signed(chinese_letter()).signature, drawn_png=image)
    with pytest.raises(ValueError, match=f"the drawn signature {message}"):
        render_letter(chinese_letter(signature=bad_signature))


def test_a_signing_time_without_a_time_zone_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        LetterSignature("陈静", None, datetime(2025, 3, 4, 6, 5), "203.0.113.42", "curl")


def test_page_one_renders_to_png_with_the_title_at_the_top(signed_pdf):
    page = pypdfium2.PdfDocument(signed_pdf)[0]
    picture = page.render(scale=1.5).to_pil()
    ARTIFACTS.mkdir(exist_ok=True)
    picture.save(ARTIFACTS / "offer-letter-zh-signed.png")
    image = picture.convert("L")
    width, height = image.size
    top = image.crop((0, 0, width, height // 4))  # letterhead and title
    dark = sum(top.histogram()[:100])  # pixels darker than 100 of 255
    assert dark > 2_000, dark

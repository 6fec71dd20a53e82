"""Real résumé files for tests and the demo: a Chinese PDF with a text layer, an English
DOCX with a table, a photographed page (JPEG), a scanned PDF (a picture only), and the
files a parser must refuse. Every builder takes the content as parameters with
defaults, so a test can plant what it looks for (a claim "精通 Python", a phone)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from importlib import resources

FONT = str(resources.files("pylopdf_fonts_zh_cn") / "NotoSansSC-Regular.otf")

ZH_EDUCATION = (
    "2012.09-2016.06  浙江大学  计算机科学与技术  本科",
    "2016.09-2019.06  复旦大学  软件工程  硕士",
)
ZH_JOBS = (
    (
        "2019.07-2021.06",
        "上海数联信息技术有限公司",
        "后端开发工程师",
        "负责订单系统的接口开发与维护。",
    ),
    (
        "2021年7月 - 至今",
        "杭州云帆科技有限公司",
        "高级后端工程师",
        "带领 5 人小组完成支付平台重构。",
    ),
)
ZH_SKILLS = ("精通 Python、Go；熟悉 Docker、Kubernetes、MySQL", "了解 React")
ZH_CERTIFICATES = ("英语六级（CET-6）", "PMP 项目管理专业人士", "C1驾驶证")
ZH_LANGUAGES = ("普通话（母语）、英语（流利）、粤语（一般）",)


def chinese_lines(
    *,
    name: str = "张伟",
    phone: str = "138 0013 8000",
    email: str = "zhangwei@example.com",
    education: Sequence[str] = ZH_EDUCATION,
    jobs: Sequence[tuple[str, str, str, str]] = ZH_JOBS,
    skills: Sequence[str] = ZH_SKILLS,
    certificates: Sequence[str] = ZH_CERTIFICATES,
    languages: Sequence[str] = ZH_LANGUAGES,
) -> list[tuple[str, str]]:
    """(style, text) lines of a Chinese résumé: style is title / heading / text."""
    lines = [("title", f"姓名：{name}"), ("text", f"手机：{phone}    邮箱：{email}")]
    lines += [("heading", "教育背景")] + [("text", e) for e in education]
    lines.append(("heading", "工作经历"))
    for dates, employer, title, duty in jobs:
        lines += [("text", f"{dates}  {employer}  {title}"), ("text", duty)]
    lines += [("heading", "专业技能")] + [("text", s) for s in skills]
    lines += [("heading", "资格证书"), ("text", "、".join(certificates))]
    lines += [("heading", "语言能力")] + [("text", s) for s in languages]
    return lines


_SIZES = {"title": 18, "heading": 14, "text": 11}


def chinese_pdf(*, pages: int = 1, blank_pages: int = 0, **content: object) -> bytes:
    """A Chinese résumé as a PDF with a text layer (fpdf2, Noto Sans SC embedded);
    ``pages`` repeats the résumé, ``blank_pages`` appends empty pages."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("NotoSansSC", fname=FONT)
    for _ in range(pages):
        pdf.add_page()
        for style, text in chinese_lines(**content):  # type: ignore[arg-type]
            pdf.set_font("NotoSansSC", size=_SIZES[style])
            if style == "heading":
                pdf.ln(3)
            pdf.cell(0, _SIZES[style] * 0.6, text, new_x="LMARGIN", new_y="NEXT")
    for _ in range(blank_pages):
        pdf.add_page()
    return bytes(pdf.output())


def page_image(lines: Sequence[tuple[str, str]] | None = None, width: int = 1240) -> object:
    """A white A4 page (150 dpi) with the lines drawn in Noto Sans SC (a PIL image)."""
    from PIL import Image, ImageDraw, ImageFont

    lines = lines if lines is not None else chinese_lines()
    height = int(width * 1.414)
    page = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(page)
    y = 90
    for style, text in lines:
        size = {"title": 40, "heading": 32, "text": 25}[style]
        if style == "heading":
            y += 18
        draw.text((90, y), text, font=ImageFont.truetype(FONT, size), fill=(25, 25, 25))
        y += int(size * 1.6)
    return page


def photographed_page(*, seed: int = 7, **content: object) -> bytes:
    """The Chinese résumé printed and photographed with a phone: on a desk, seen at a
    slant (perspective warp, 3° rotation), lit from one side, slightly out of focus,
    with sensor noise, saved as JPEG."""
    import cv2
    import numpy as np

    rng = np.random.default_rng(seed)
    page = np.asarray(page_image(chinese_lines(**content)))  # type: ignore[arg-type]
    h, w = page.shape[:2]
    canvas_w, canvas_h = int(w * 1.25), int(h * 1.2)
    corners = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    placed = np.float32(
        [
            [canvas_w * 0.12, canvas_h * 0.07],
            [canvas_w * 0.9, canvas_h * 0.1],
            [canvas_w * 0.93, canvas_h * 0.93],
            [canvas_w * 0.08, canvas_h * 0.9],
        ]
    )
    warp = cv2.getPerspectiveTransform(corners, placed)
    desk = np.full((canvas_h, canvas_w, 3), (92, 110, 128), np.uint8)
    photo = cv2.warpPerspective(
        page, warp, (canvas_w, canvas_h), dst=desk, borderMode=cv2.BORDER_TRANSPARENT
    )
    turn = cv2.getRotationMatrix2D((canvas_w / 2, canvas_h / 2), 3, 1.0)
    photo = cv2.warpAffine(photo, turn, (canvas_w, canvas_h), borderMode=cv2.BORDER_REPLICATE)
    light = (
        np.linspace(1.0, 0.6, canvas_w)[None, :, None]
        * np.linspace(1.0, 0.85, canvas_h)[:, None, None]
    )
    photo = np.clip(photo * light + rng.normal(0, 6, photo.shape), 0, 255).astype(np.uint8)
    photo = cv2.GaussianBlur(photo, (3, 3), 0.8)
    ok, jpeg = cv2.imencode(".jpg", photo, [cv2.IMWRITE_JPEG_QUALITY, 80])
    assert ok
    return jpeg.tobytes()


def scanned_pdf(**content: object) -> bytes:
    """The Chinese résumé scanned: a PDF page holding only a grey picture of it."""
    from fpdf import FPDF

    image = page_image(chinese_lines(**content)).convert("L")  # type: ignore[arg-type,attr-defined]
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(io.BytesIO(buffer.getvalue()), x=0, y=0, w=210, h=297)
    return bytes(pdf.output())


EN_JOBS = (
    ("Acme Cloud Ltd", "Senior Software Engineer", "Mar 2019 – Present"),
    ("Blue River Technologies", "Software Engineer", "Jul 2016 - Feb 2019"),
)


def english_docx(
    *,
    name: str = "Emily Carter",
    phone: str = "+1 415 555 0134",
    email: str = "emily.carter@example.org",
    education: Sequence[tuple[str, str, str]] = (
        ("2012 – 2016", "University of Washington", "B.S. in Computer Science"),
    ),
    jobs: Sequence[tuple[str, str, str]] = EN_JOBS,
    skills: str = "Proficient in Python, TypeScript; Familiar with Kubernetes, Terraform",
    certificates: Sequence[str] = ("AWS Certified Solutions Architect", "PMP"),
    languages: str = "English (native), Mandarin (conversational)",
) -> bytes:
    """An English résumé as a DOCX: paragraphs, with education in a table."""
    from docx import Document

    document = Document()
    document.add_heading(name, level=0)
    document.add_paragraph(f"Phone: {phone} | Email: {email}")
    document.add_heading("Education", level=1)
    table = document.add_table(rows=0, cols=3)
    for row in education:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = value
    document.add_heading("Work Experience", level=1)
    for employer, title, dates in jobs:
        document.add_paragraph(f"{employer} | {title} | {dates}")
        document.add_paragraph(
            "Built and ran the services behind the product.", style="List Bullet"
        )
    document.add_heading("Skills", level=1)
    document.add_paragraph(skills)
    document.add_heading("Certifications", level=1)
    for certificate in certificates:
        document.add_paragraph(certificate, style="List Bullet")
    document.add_heading("Languages", level=1)
    document.add_paragraph(languages)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ------------------------------------------------------------------- files to refuse


def exe_as_pdf() -> bytes:
    """A Windows program renamed résumé.pdf."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(200)


def encrypted_pdf() -> bytes:
    """A PDF that asks for a password to open."""
    from fpdf import FPDF
    from fpdf.enums import EncryptionMethod

    pdf = FPDF()
    pdf.set_encryption(
        owner_password="owner", user_password="secret", encryption_method=EncryptionMethod.AES_128
    )
    pdf.add_page()
    pdf.add_font("NotoSansSC", fname=FONT)
    pdf.set_font("NotoSansSC", size=12)
    pdf.cell(0, 10, "姓名：张伟")
    return bytes(pdf.output())


def truncated_pdf() -> bytes:
    """The first third of a PDF (an upload cut off)."""
    whole = chinese_pdf()
    return whole[: len(whole) // 3]


def zip_not_docx() -> bytes:
    """A plain zip archive (a folder of photos), which starts like a DOCX."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photos/readme.txt", "not a résumé")
    return buffer.getvalue()


def blank_pdf(pages: int = 1) -> bytes:
    """A PDF of empty pages (nothing to read at all)."""
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(pages):
        pdf.add_page()
    return bytes(pdf.output())

"""Offer letters to render in tests and benchmarks: a Shenzhen letter in Chinese (as sent
and signed), its English twin, and a demo logo and drawn signature made with Pillow (no
binary files in the repository)."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime

from PIL import Image, ImageDraw

from hireflow.offers.letter import AuditLine, LetterSignature, OfferLetter


def demo_logo() -> bytes:
    """A 240x120 PNG: a blue rounded square with a white 'H' bar and an orange dot."""
    image = Image.new("RGBA", (240, 120), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((4, 4, 116, 116), radius=22, fill=(29, 78, 216))
    for x in (32, 76):
        draw.rectangle((x, 26, x + 12, 94), fill="white")
    draw.rectangle((32, 54, 88, 66), fill="white")
    draw.ellipse((140, 36, 188, 84), fill=(249, 115, 22))
    return _png(image)


def drawn_signature() -> bytes:
    """A scribble on a transparent background, as the signing page's canvas gives it."""
    image = Image.new("RGBA", (360, 120), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    points = [(12, 84), (40, 30), (62, 92), (90, 24), (118, 88), (150, 46), (190, 70)]
    points += [(230, 36), (262, 90), (300, 50), (346, 64)]
    draw.line(points, fill=(20, 30, 90, 255), width=5, joint="curve")
    return _png(image)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


SIGNED_AT = datetime(2025, 3, 4, 6, 5, 30, tzinfo=UTC)

ZH_BODY = (
    "陈静女士：",
    "感谢您参加深圳分公司客户服务专员岗位的视频面试与复试。经过综合评估，我们很高兴地通知您，"
    "您已被录用为我司客户服务专员，月薪 15,000 元（税前），试用期三个月。请仔细阅读以下录用条款，"
    "并于 2025年3月15日 前在线签署本通知书；逾期未签署的，本录用通知自动失效。",
    "入职当天请携带身份证原件、学历证书原件、离职证明及一寸免冠照片两张，到深圳市南山区"
    "科技园南区 A 栋 12 楼人力资源部报到。如有疑问，请致电 0755-8888 6666 或发送邮件至 "
    "hr.shenzhen@example.com 与我们联系。",
)
EN_BODY = (
    "Dear Chen Jing,",
    "Thank you for your interviews for the Customer Service Associate role at our Shenzhen "
    "branch. We are pleased to offer you the position on the terms below. Please read them "
    "carefully and sign this letter online by 15 March 2025; the offer lapses after that date.",
)


def chinese_letter(**changes: object) -> OfferLetter:
    """The letter as sent, in Chinese; ``changes`` replace fields."""
    letter = OfferLetter(
        locale="zh",
        company_name="海纳科技有限公司",
        branch_name="深圳分公司",
        logo_png=demo_logo(),
        reference="OF-7Q2K v3",
        title="录用通知书",
        candidate_name="陈静",
        issued_on=date(2025, 3, 1),
        body=ZH_BODY,
        terms=(
            ("岗位", "客户服务专员"),
            ("部门", "客户服务部"),
            ("月薪", "15,000 元（税前）"),
            ("试用期", "三个月，试用期薪资为正式薪资的 100%"),
            ("入职日期", "2025年4月1日"),
            ("工作地点", "深圳市南山区科技园南区 A 栋 12 楼"),
            ("福利", "五险一金、带薪年假 15 天、年度体检、每月餐补 600 元、节日福利及年度旅游"),
            ("签署截止", "2025年3月15日"),
        ),
        closing="此致\n敬礼！期待您的加入。",
        company_signatory="深圳分公司 人力资源部",
    )
    return replace(letter, **changes)  # type: ignore[arg-type]


AUDIT_WORDS = {
    "zh": ("起草录用通知", "审批通过", "发送给候选人", "打开通知书", "签署"),
    "en": ("drafted the offer", "approved", "sent to the candidate", "opened", "signed"),
}


def signed(letter: OfferLetter, *, drawn: bool = True, sent_sha256: str = "") -> OfferLetter:
    """The letter signed by its candidate, with its audit trail in the letter's language."""
    drafted, approved, sent, opened, signed_ = AUDIT_WORDS[letter.locale]
    name = letter.candidate_name
    return replace(
        letter,
        signature=LetterSignature(
            typed_name=name,
            drawn_png=drawn_signature() if drawn else None,
            signed_at=SIGNED_AT,
            ip_address="203.0.113.42",
            user_agent="Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) "
            "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
        ),
        audit_trail=(
            AuditLine(datetime(2025, 3, 1, 2, 0, tzinfo=UTC), "shenzhen.hr", drafted),
            AuditLine(datetime(2025, 3, 1, 3, 30, tzinfo=UTC), "shenzhen.manager", approved),
            AuditLine(datetime(2025, 3, 1, 4, 0, tzinfo=UTC), "shenzhen.hr", sent),
            AuditLine(datetime(2025, 3, 3, 12, 10, tzinfo=UTC), name, opened),
            AuditLine(SIGNED_AT, name, signed_),
        ),
        sent_sha256=sent_sha256 or None,
    )


def english_letter(**changes: object) -> OfferLetter:
    return chinese_letter(
        locale="en",
        company_name="Haina Technology Co., Ltd.",
        branch_name="Shenzhen branch",
        title="Offer of employment",
        candidate_name="Chen Jing",
        body=EN_BODY,
        terms=(
            ("Position", "Customer Service Associate"),
            ("Salary", "CNY 15,000 a month before tax"),
            ("Start date", "1 April 2025"),
        ),
        closing="We look forward to working with you.",
        company_signatory="Shenzhen branch, Human Resources",
        **changes,
    )

"""The offer letter as a PDF: what the candidate reads and signs, and what is kept.

One layout in Chinese or English: the branch's logo and company name, the title, the
candidate and the date, the body and the terms (their words come from the branch's offer
template, placeholders filled before they get here), the closing, and a signature block
for the company and the candidate. The letter as sent leaves the candidate's side empty;
the signed letter shows the signature and ends with a signing record page (the audit
trail, the signer's IP address and browser, and the SHA-256 of the letter as sent).

The same letter always gives the same bytes (the creation date comes from the letter, the
file id from its content), so the hash of the letter as sent is stable and can be checked
again later. The document itself is ``hireflow.platform.pdf``'s (fpdf2, Noto Sans SC
embedded and subset).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Literal

from hireflow.platform.pdf import PdfDocument

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "to": "致：{name}",
        "dated": "日期：{date}",
        "terms": "录用条款",
        "company": "公司",
        "candidate": "候选人",
        "sign_here": "候选人签名",
        "sign_date": "日期：",
        "signed_at": "签署时间：{moment}",
        "signing_time": "签署时间",
        "record": "签署记录",
        "record_of": "{title} · {name} · {reference}",
        "when": "时间",
        "who": "操作人",
        "what": "事项",
        "signer": "签署人",
        "ip_address": "IP 地址",
        "user_agent": "浏览器",
        "sent_sha256": "发出版本 SHA-256",
        "unknown": "–",
        "page": "{reference} · 第 {n} 页",
    },
    "en": {
        "to": "To: {name}",
        "dated": "Date: {date}",
        "terms": "Terms of the offer",
        "company": "Company",
        "candidate": "Candidate",
        "sign_here": "Candidate's signature",
        "sign_date": "Date:",
        "signed_at": "Signed {moment}",
        "signing_time": "Signed at",
        "record": "Signing record",
        "record_of": "{title} · {name} · {reference}",
        "when": "When",
        "who": "Who",
        "what": "What",
        "signer": "Signed by",
        "ip_address": "IP address",
        "user_agent": "Browser (user agent)",
        "sent_sha256": "SHA-256 of the letter as sent",
        "unknown": "–",
        "page": "{reference} · page {n}",
    },
}

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

MARGIN = 20  # mm
LOGO_HEIGHT = 14  # every branch's logo at the same height, whatever its pixels
LOGO_MAX_WIDTH = 60
SIGNATURE_BOX = (70, 17)  # the drawn signature fits in it (mm)
SIGNATURE_BLOCK_HEIGHT = 50  # kept on one page


def _require_aware(moment: datetime, what: str) -> None:
    # A naive time would print without its zone and take the machine's for the PDF's date.
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware (UTC), got {moment.isoformat()}")


@dataclass(frozen=True)
class LetterSignature:
    typed_name: str  # the name the candidate typed
    drawn_png: bytes | None  # the signature they drew (PNG), None when they typed it
    signed_at: datetime  # aware UTC
    ip_address: str
    user_agent: str

    def __post_init__(self) -> None:
        _require_aware(self.signed_at, "signed_at")


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    who: str
    what: str

    def __post_init__(self) -> None:
        _require_aware(self.at, "an audit line's time")


@dataclass(frozen=True)
class OfferLetter:
    locale: Literal["zh", "en"]
    company_name: str
    branch_name: str
    logo_png: bytes | None
    reference: str  # e.g. "OF-7Q2K v3", printed in each page's footer
    title: str  # "录用通知书" / "Offer of employment"
    candidate_name: str
    issued_on: date
    body: tuple[str, ...]  # paragraphs, placeholders already filled
    terms: tuple[tuple[str, str], ...]  # (label, value) rows: position, salary, start date...
    closing: str
    company_signatory: str  # e.g. "深圳分公司 人力资源部"
    signature: LetterSignature | None = None  # None: as sent, the candidate's side empty
    audit_trail: tuple[AuditLine, ...] = ()  # printed on a last page of a signed letter
    sent_sha256: str | None = None  # hash of the letter as sent, on the audit page


def day_in(locale: str, day: date) -> str:
    if locale == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def moment_in(locale: str, moment: datetime) -> str:
    """A date and time in the locale's way, with its time zone."""
    zone = moment.strftime("%Z")
    separator = " " if locale == "zh" else ", "
    return f"{day_in(locale, moment.date())}{separator}{moment:%H:%M} {zone}"


def render_letter(letter: OfferLetter) -> bytes:
    """The letter as PDF bytes: the same letter gives the same bytes.

    Raises ``hireflow.platform.pdf.UnreadableImage`` (a ``ValueError``) when the logo or
    the drawn signature is not a PNG or JPEG that decodes."""
    labels = LABELS[letter.locale]
    signature = letter.signature
    document = PdfDocument(
        title=f"{letter.title} · {letter.candidate_name}",
        language="zh-CN" if letter.locale == "zh" else "en",
        footer=lambda n: labels["page"].format(reference=letter.reference, n=n),
        # Not the clock: the same letter must hash the same when it is checked again.
        created_at=signature.signed_at
        if signature
        else datetime.combine(letter.issued_on, time(), tzinfo=UTC),
        margin=MARGIN,
    )
    document.pdf.set_author(letter.company_name)
    document.pdf.set_subject(letter.reference)
    _letterhead(document, letter)
    document.heading(letter.title, size=20, align="C")
    _addressee(document, letter)
    for paragraph in letter.body:
        document.text(paragraph, size=11, line_height=6.4)
        document.pdf.ln(2)
    if letter.terms:
        document.heading(labels["terms"], size=12)
        document.table(
            [list(row) for row in letter.terms],
            (32, 100),
            heading=False,
            size=10,
            line_height=6,
            shade_first_column=True,
        )
    document.pdf.ln(2)
    document.text(letter.closing, size=11, line_height=6.4)
    _signature_block(document, letter)
    if signature:
        _signing_record(document, letter, signature)
    return document.output()


def _letterhead(document: PdfDocument, letter: OfferLetter) -> None:
    """The logo, then the company and branch beside it, and a rule under both."""
    pdf = document.pdf
    top, left = pdf.get_y(), pdf.l_margin
    if letter.logo_png is not None:
        logo_width = document.image(letter.logo_png, "logo", left, top, LOGO_MAX_WIDTH, LOGO_HEIGHT)
        left += logo_width + 4
    pdf.set_font("NotoSansSC", size=15)
    pdf.set_xy(left, top + 1)
    pdf.cell(0, 7, letter.company_name)
    pdf.set_font("NotoSansSC", size=9)
    pdf.set_text_color(90, 96, 105)
    pdf.set_xy(left, top + 8.5)
    pdf.cell(0, 5, letter.branch_name)
    pdf.set_text_color(0, 0, 0)
    rule = top + LOGO_HEIGHT + 3
    pdf.set_draw_color(150, 156, 165)
    pdf.line(pdf.l_margin, rule, pdf.w - pdf.r_margin, rule)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_y(rule + 4)


def _addressee(document: PdfDocument, letter: OfferLetter) -> None:
    """To the candidate on the left, the date on the right, on one line."""
    labels, pdf = LABELS[letter.locale], document.pdf
    pdf.set_font("NotoSansSC", size=11)
    pdf.ln(2)
    pdf.cell(pdf.epw / 2, 7, labels["to"].format(name=letter.candidate_name))
    pdf.cell(
        pdf.epw / 2,
        7,
        labels["dated"].format(date=day_in(letter.locale, letter.issued_on)),
        align="R",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)


def _signature_block(document: PdfDocument, letter: OfferLetter) -> None:
    """Two sides, each a space to sign above a rule and who signs under it: the company
    (its name, the signatory, the date issued) and the candidate (an empty space, or the
    drawn or typed signature with the typed name and the signing time)."""
    labels, pdf, locale = LABELS[letter.locale], document.pdf, letter.locale
    pdf.ln(6)
    if pdf.will_page_break(SIGNATURE_BLOCK_HEIGHT):
        pdf.add_page()
    top = pdf.get_y()
    side_width = pdf.epw / 2 - 6
    company_x, candidate_x = pdf.l_margin, pdf.l_margin + pdf.epw / 2 + 6
    rule = top + 27

    def write(x: float, y: float, text: str, size: float, grey: bool = False) -> None:
        pdf.set_font("NotoSansSC", size=size)
        pdf.set_text_color(*((90, 96, 105) if grey else (0, 0, 0)))
        pdf.set_xy(x, y)
        pdf.cell(side_width, 6, text)
        pdf.set_text_color(0, 0, 0)

    write(company_x, top, labels["company"], 9, grey=True)
    write(candidate_x, top, labels["candidate"], 9, grey=True)
    write(company_x, rule - 8, letter.company_name, 12)
    for x in (company_x, candidate_x):
        pdf.line(x, rule, x + side_width, rule)
    write(company_x, rule + 2, letter.company_signatory, 10)
    write(company_x, rule + 8, labels["dated"].format(date=day_in(locale, letter.issued_on)), 10)

    signature = letter.signature
    if signature is None:
        write(candidate_x, rule + 2, labels["sign_here"], 10, grey=True)
        write(candidate_x, rule + 8, labels["sign_date"], 10, grey=True)
    else:
        width, height = SIGNATURE_BOX
        if signature.drawn_png is not None:
            document.image(
                signature.drawn_png,
                "drawn signature",
                candidate_x,
                rule - height - 1,
                width,
                height,
            )
        else:
            # A typed signature: the name large and slanted, like a hand's.
            with pdf.skew(ax=12, x=candidate_x, y=rule - 3):
                write(candidate_x + 2, rule - 14, signature.typed_name, 24)
        write(candidate_x, rule + 2, signature.typed_name, 10)
        moment = moment_in(locale, signature.signed_at)
        write(candidate_x, rule + 8, labels["signed_at"].format(moment=moment), 10)
    pdf.set_y(rule + 16)


def _signing_record(document: PdfDocument, letter: OfferLetter, signature: LetterSignature) -> None:
    """The last page: who did what when, then how it was signed and what was sent."""
    labels, locale = LABELS[letter.locale], letter.locale
    document.pdf.add_page()
    document.heading(labels["record"], size=16)
    document.text(
        labels["record_of"].format(
            title=letter.title, name=letter.candidate_name, reference=letter.reference
        ),
        size=9,
    )
    document.pdf.ln(3)
    if letter.audit_trail:
        document.table(
            [[labels["when"], labels["who"], labels["what"]]]
            + [[moment_in(locale, line.at), line.who, line.what] for line in letter.audit_trail],
            (40, 40, 90),
        )
        document.pdf.ln(3)
    document.table(
        [
            [labels["signer"], signature.typed_name],
            [labels["signing_time"], moment_in(locale, signature.signed_at)],
            [labels["ip_address"], signature.ip_address],
            [labels["user_agent"], signature.user_agent],
            [labels["sent_sha256"], letter.sent_sha256 or labels["unknown"]],
        ],
        (40, 130),
        heading=False,
        shade_first_column=True,
    )

"""The offer letter's words: a branch's offer template (HQ may write one per branch and
language) or the built-in one, filled with the offer's terms.

Placeholders are the notification texts' kind (``{candidate_name}``); a template may use
only the ones listed here, checked when HQ saves it.
"""

from __future__ import annotations

from datetime import date

from hireflow.offers.model import Offer, OfferTemplate

DEFAULTS: dict[str, OfferTemplate] = {
    "zh": OfferTemplate(
        branch_id="*",
        locale="zh",
        title="录用通知书",
        body=(
            "{candidate_name} 您好：\n\n"
            "感谢您参加{company}{position}职位的面试。我们很高兴通知您，经过评审和审批，"
            "公司决定录用您加入{branch}{department}，担任{position}。\n\n"
            "您的入职日期为 {start_date}，工作地点为{work_location}，"
            "试用期 {probation_months} 个月。具体条件见下表。\n\n"
            "请于 {deadline} 前在线阅读并签署本录用通知书；逾期未答复，本通知书自动失效。"
        ),
        closing="期待您的加入！",
    ),
    "en": OfferTemplate(
        branch_id="*",
        locale="en",
        title="Offer of employment",
        body=(
            "Dear {candidate_name},\n\n"
            "Thank you for interviewing for the {position} position at {company}. We are "
            "pleased to offer you the position of {position} in {department}, {branch}.\n\n"
            "Your start date is {start_date} at {work_location}, with a probation period of "
            "{probation_months} months. The terms are set out below.\n\n"
            "Please read and sign this offer online by {deadline}; an offer not answered by "
            "then lapses."
        ),
        closing="We look forward to welcoming you.",
    ),
}

TERM_LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "position": "职位",
        "department": "部门",
        "salary": "月薪（税前）",
        "months": "年薪月数",
        "annual": "年度总薪酬（税前）",
        "probation": "试用期",
        "probation_salary": "试用期月薪",
        "start_date": "入职日期",
        "work_location": "工作地点",
        "benefits": "福利",
        "deadline": "答复截止",
        "other_terms": "其他条款",
        "months_value": "{n} 个月",
        "months_unit": "{n} 薪",
    },
    "en": {
        "position": "Position",
        "department": "Department",
        "salary": "Monthly salary (gross)",
        "months": "Salary months per year",
        "annual": "Annual pay (gross)",
        "probation": "Probation",
        "probation_salary": "Monthly salary in probation",
        "start_date": "Start date",
        "work_location": "Work location",
        "benefits": "Benefits",
        "deadline": "Answer by",
        "other_terms": "Other terms",
        "months_value": "{n} months",
        "months_unit": "{n} months",
    },
}


def shown_date(day: date, locale: str) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if locale == "zh" else day.isoformat()


def money(amount: int, currency: str) -> str:
    return f"{amount:,} {currency}"


def terms_table(offer: Offer, position: str, locale: str) -> tuple[tuple[str, str], ...]:
    t, labels = offer.terms, TERM_LABELS[locale]
    rows = [
        (labels["position"], position),
        (labels["department"], t.department),
        (labels["salary"], money(t.monthly_salary, t.currency)),
        (labels["months"], labels["months_unit"].format(n=t.months_per_year)),
        (labels["annual"], money(t.annual_salary, t.currency)),
        (labels["probation"], labels["months_value"].format(n=t.probation_months)),
    ]
    if t.probation_months and t.probation_salary:
        rows.append((labels["probation_salary"], money(t.probation_salary, t.currency)))
    rows += [
        (labels["start_date"], shown_date(t.start_date, locale)),
        (labels["work_location"], t.work_location),
    ]
    if t.benefits:
        rows.append((labels["benefits"], t.benefits))
    rows.append((labels["deadline"], shown_date(t.response_deadline, locale)))
    if t.other_terms:
        rows.append((labels["other_terms"], t.other_terms))
    return tuple(rows)


def fill(template: OfferTemplate, values: dict[str, str]) -> tuple[str, tuple[str, ...], str]:
    """The title, the body's paragraphs and the closing, placeholders filled."""
    paragraphs = [p.strip() for p in template.body.format(**values).split("\n\n")]
    return (
        template.title.format(**values),
        tuple(p for p in paragraphs if p),
        template.closing.format(**values),
    )


def letter_values(
    offer: Offer, *, candidate: str, position: str, branch: str, company: str, locale: str
) -> dict[str, str]:
    return {
        "candidate_name": candidate,
        "position": position,
        "department": offer.terms.department,
        "branch": branch,
        "company": company,
        "start_date": shown_date(offer.terms.start_date, locale),
        "work_location": offer.terms.work_location,
        "deadline": shown_date(offer.terms.response_deadline, locale),
        "probation_months": str(offer.terms.probation_months),
    }

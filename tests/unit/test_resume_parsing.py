"""Reading résumés from real files: a Chinese PDF, an English DOCX, a scanned PDF and a
photographed page (OCR, once each), every field with a span that points at its text;
the files that are refused, and what is reported unread instead of guessed."""

from __future__ import annotations

from datetime import date

import pytest

from hireflow.recruiting.model import ParsedResume
from hireflow.recruiting.resume_fields import read_fields
from hireflow.recruiting.resume_parsing import ResumeRefused, parse, sniff_format
from tests.support import resume_files

TODAY = date(2025, 6, 1)


def _read(data: bytes, fmt: str) -> ParsedResume:
    return parse(data, fmt, today=TODAY)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def chinese() -> ParsedResume:
    return _read(resume_files.chinese_pdf(), "pdf")


@pytest.fixture(scope="module")
def scanned() -> ParsedResume:
    return _read(resume_files.scanned_pdf(), "pdf")


@pytest.fixture(scope="module")
def photographed() -> ParsedResume:
    return _read(resume_files.photographed_page(), "jpeg")


def _points(parsed: ParsedResume, span) -> str:
    """The text a span points at, checked against the text it carries."""
    assert span is not None
    pointed = parsed.text[span.start : span.end]
    assert pointed == span.text
    return pointed


def _compact(text: str) -> str:
    return text.replace(" ", "")  # OCR may drop the spaces between Chinese words


@pytest.mark.parametrize("reading", ["chinese", "scanned", "photographed"])
def test_a_chinese_resume_is_read_from_text_scan_and_photo(reading, request):
    parsed: ParsedResume = request.getfixturevalue(reading)
    fields = parsed.fields
    assert parsed.method == ("text" if reading == "chinese" else "ocr")
    assert parsed.language == "zh" and parsed.pages == 1
    assert fields.name is not None and fields.name.key == "张伟"
    assert _points(parsed, fields.name.span) == "张伟"
    assert [p.key for p in fields.phones] == ["+8613800138000"]
    assert _compact(_points(parsed, fields.phones[0].span)) == "13800138000"
    assert [e.key for e in fields.emails] == ["zhangwei@example.com"]

    schools = [(e.school, e.level, e.major, e.start_year, e.end_year) for e in fields.education]
    assert schools == [
        ("浙江大学", "bachelor", "计算机科学与技术", 2012, 2016),
        ("复旦大学", "master", "软件工程", 2016, 2019),
    ]
    assert "浙江大学" in _points(parsed, fields.education[0].span)

    jobs = [(e.employer, e.title, e.start, e.end, e.current, e.months) for e in fields.experience]
    assert jobs == [
        ("上海数联信息技术有限公司", "后端开发工程师", "2019-07", "2021-06", False, 23),
        ("杭州云帆科技有限公司", "高级后端工程师", "2021-07", None, True, 47),
    ]
    assert "至今" in _points(parsed, fields.experience[1].span)

    skills = {c.key: c.level for c in fields.skills}
    assert skills == {
        "python": "精通",
        "go": "精通",
        "docker": "熟悉",
        "kubernetes": "熟悉",
        "mysql": "熟悉",
        "react": "了解",
    }
    assert all(_points(parsed, c.span).lower() == c.key for c in fields.skills)
    assert [c.key for c in fields.certificates] == ["cet-6", "pmp", "驾驶证"]
    assert "CET-6" in _points(parsed, fields.certificates[0].span)
    assert [(c.key, c.level) for c in fields.languages] == [
        ("普通话", "母语"),
        ("英语", "流利"),
        ("粤语", "一般"),
    ]
    assert parsed.unread == []
    assert all(c.span.page == 1 for c in fields.skills)


def test_an_english_docx_is_read_with_its_table():
    parsed = _read(resume_files.english_docx(), "docx")
    fields = parsed.fields
    assert (parsed.method, parsed.language) == ("text", "en")
    assert fields.name is not None and fields.name.key == "Emily Carter"
    assert [p.key for p in fields.phones] == ["+14155550134"]
    assert [e.key for e in fields.emails] == ["emily.carter@example.org"]
    (school,) = fields.education
    assert (school.school, school.degree, school.level, school.major) == (
        "University of Washington",
        "B.S.",
        "bachelor",
        "Computer Science",
    )
    assert (school.start_year, school.end_year) == (2012, 2016)
    assert [(e.employer, e.title, e.start, e.end, e.months) for e in fields.experience] == [
        ("Acme Cloud Ltd", "Senior Software Engineer", "2019-03", None, 75),
        ("Blue River Technologies", "Software Engineer", "2016-07", "2019-02", 31),
    ]
    assert fields.experience_months == 106
    assert {c.key: c.level for c in fields.skills} == {
        "python": "Proficient in",
        "typescript": "Proficient in",
        "kubernetes": "Familiar with",
        "terraform": "Familiar with",
    }
    assert _points(parsed, fields.skills[0].span) == "Python"
    assert [c.key for c in fields.certificates] == ["aws", "pmp"]
    assert [(c.key, c.level) for c in fields.languages] == [
        ("英语", "native"),
        ("普通话", "conversational"),
    ]
    assert all(c.span.page is None for c in fields.skills)  # a DOCX has no pages


@pytest.mark.parametrize(
    ("build", "fmt", "code", "status"),
    [
        (resume_files.exe_as_pdf, "pdf", "resume_bad_type", "refused"),
        (resume_files.zip_not_docx, "docx", "resume_bad_type", "refused"),
        (resume_files.encrypted_pdf, "pdf", "resume_encrypted", "refused"),
        (resume_files.truncated_pdf, "pdf", "resume_damaged", "refused"),
        (lambda: resume_files.chinese_pdf(pages=11), "pdf", "resume_too_many_pages", "refused"),
        (lambda: b"\xff\xd8\xff\xe0" + bytes(100), "jpeg", "resume_damaged", "refused"),
        (resume_files.blank_pdf, "pdf", "resume_unreadable", "unreadable"),
    ],
)
def test_files_that_cannot_be_read_are_refused_with_a_code(build, fmt, code, status):
    data = build()
    with pytest.raises(ResumeRefused) as refused:
        parse(data, sniff_format(data[:8]) or fmt)
    assert (refused.value.code, refused.value.status) == (code, status)


def test_the_format_is_sniffed_not_taken_from_the_name():
    assert sniff_format(resume_files.chinese_pdf()[:8]) == "pdf"
    assert sniff_format(resume_files.english_docx()[:8]) == "docx"
    assert sniff_format(resume_files.exe_as_pdf()[:8]) is None


def test_what_cannot_be_read_is_reported_not_guessed():
    jobs = (
        ("2019.13-2021.06", "上海数联信息技术有限公司", "后端开发工程师", "负责接口开发。"),
        ("2021.07-2019.03", "杭州云帆科技有限公司", "高级后端工程师", "带领小组。"),
    )
    data = resume_files.chinese_pdf(name="X", jobs=jobs, certificates=(), blank_pages=1)
    parsed = _read(data, "pdf")
    codes = [(u.code, u.params) for u in parsed.unread]
    assert ("resume_page_blank", {"page": 2}) in codes
    assert ("resume_section_empty", {"section": "certificates"}) in codes
    assert "resume_name_unclear" in [c for c, _ in codes]
    unclear = [u for u in parsed.unread if u.code == "resume_dates_unclear"]
    assert [_points(parsed, u.span) for u in unclear] == ["2019.13-2021.06", "2021.07-2019.03"]
    assert parsed.fields.name is None
    # The jobs are kept, without dates the rules could not read.
    assert [(e.employer, e.start, e.months) for e in parsed.fields.experience] == [
        ("上海数联信息技术有限公司", None, None),
        ("杭州云帆科技有限公司", None, None),
    ]
    assert parsed.pages == 2 and parsed.fields.skills  # the rest is still read


@pytest.mark.parametrize(
    ("line", "start", "end", "current", "months"),
    [
        ("2019.03-2021.06 甲有限公司 工程师", "2019-03", "2021-06", False, 27),
        ("2019年3月 - 至今 甲有限公司 工程师", "2019-03", None, True, 75),
        ("2019/03–2021/06 甲有限公司 工程师", "2019-03", "2021-06", False, 27),
        ("Mar 2019 - Present  Acme Inc  Engineer", "2019-03", None, True, 75),
        ("03/2019 - 06/2021  Acme Inc  Engineer", "2019-03", "2021-06", False, 27),
        ("2017 - 2019  Acme Inc  Engineer", "2017", "2019", False, 24),
    ],
)
def test_date_ranges_in_the_forms_resumes_use(line, start, end, current, months):
    fields, _ = read_fields(f"工作经历\n{line}", [(0, 1)], TODAY)
    (job,) = fields.experience
    assert (job.start, job.end, job.current, job.months) == (start, end, current, months)
    assert job.employer in {"甲有限公司", "Acme Inc"}

"""The fields of a résumé's text, each with the span it was read from: rules over the
vocabularies in resume_vocabulary.toml (section headings, degrees, level words,
certificates, languages), in Chinese and English. No model, no guessing: what the rules
cannot read is an UnreadPart with a code (web/shared/messages.js).

The text is split into sections by their headings; the block before the first heading
(and a "personal information" section) holds the name. Phones and e-mails are read from
the whole text. Date ranges come in the forms résumés use: 2019.03-2021.06,
2019年3月 - 至今, Mar 2019 - Present, 2019/03-2021/06 (any dash), 03/2019 - 06/2021, 2017 - 2019.
A duration is end minus start in months (2019.03-2021.06 is 27 months); an open range
(至今, present) runs to ``today``.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from hireflow.platform.contact import ContactError, normalize_email, normalize_phone
from hireflow.recruiting.model import (
    Claim,
    Education,
    Experience,
    ResumeFields,
    Span,
    UnreadPart,
)

_CJK = "\u3400-\u9fff\uf900-\ufaff"
_HAS_CJK = re.compile(f"[{_CJK}]")
_DECOR = r"[\s#*■□●○◆◇▶►▪•·\-—=_~【\[〔（(）)】\]〕一二三四五六七八九十\d、.．:：]*"
_PIECE_SEPARATORS = "、，,;；/|｜\n"
_BRACKETS = {"(": ")", "（": "）", "[": "]", "【": "】"}
_CLOSING = frozenset(_BRACKETS.values()) | {")", "]"}
_MAX_CLAIM = 40  # longer pieces in a skills list are sentences, not skill names


@cache
def vocabulary() -> dict[str, Any]:
    text = (
        resources.files("hireflow.recruiting").joinpath("resume_vocabulary.toml").read_text("utf-8")
    )
    return tomllib.loads(text)


def _alternation(words: list[str], latin_bounds: bool = True) -> str:
    """A regex alternative of words, longest first; Latin words whole only."""
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        escaped = re.escape(word)
        if latin_bounds and not _HAS_CJK.search(word):
            escaped = rf"(?<![A-Za-z]){escaped}(?![A-Za-z])"
        parts.append(escaped)
    return "(?:" + "|".join(parts) + ")"


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    v = vocabulary()
    months = "|".join(v["dates"]["months"])
    present = _alternation(v["dates"]["present"])
    date_token = (
        rf"(?P<en>{months})[a-z]*\.?\s*,?\s*(?P<eny>(?:19|20)\d{{2}})"
        rf"|(?P<m2>\d{{1,2}})\s*/\s*(?P<y2>(?:19|20)\d{{2}})"
        rf"|(?P<y>(?:19|20)\d{{2}})(?:\s*(?:[./\-]|年)\s*(?P<m>\d{{1,2}})(?!\d)\s*月?)?"
        rf"|(?P<now>{present})"
    )
    headings = {kind: _alternation(words) for kind, words in v["headings"].items()}
    heading_any = "|".join(f"(?P<{kind}>{words})" for kind, words in headings.items())
    labels = v["labels"]["name"] + v["labels"]["other"]
    degree_words = [w for words in v["degrees"].values() for w in words]
    return {
        "date": re.compile(date_token, re.I),
        "range_sep": re.compile(r"\s*(?:-|–|—|~|～|－|至|到|to|until)\s*", re.I),
        "heading": re.compile(
            rf"^{_DECOR}(?:{heading_any})\s*(?:[:：】\]]\s*(?P<rest>.*))?$", re.I
        ),
        "name_label": re.compile(
            rf"{_alternation(v['labels']['name'])}\s*[:：]\s*(?P<value>[^\n]*)", re.I
        ),
        "label": re.compile(_alternation(labels), re.I),
        "phone": re.compile(
            r"(?<![\d\w.])(?:\(?(?:\+|00)\d{1,3}\)?[\s-]?)?(?:\d[\s-]?){6,13}\d(?![\d.])"
        ),
        "email": re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"),
        "degree": re.compile(_alternation(degree_words), re.I),
        "school_zh": re.compile(
            rf"[{_CJK}（）()]{{2,20}}?(?:{'|'.join(v['schools']['zh'])})(?:[（(][{_CJK}]+[)）])?"
        ),
        "school_en": re.compile(
            rf"(?:[A-Z][\w.&'-]*\s+){{0,5}}{_alternation(v['schools']['en'])}"
            r"(?:\s+of(?:\s+(?:[A-Z][\w.&'-]*|and|&))+)?"
        ),
        "employer_zh": re.compile(
            rf"^(?P<employer>.+(?:{'|'.join(v['employers']['zh'])}))(?P<rest>.*)$"
        ),
        "employer_en": re.compile(_alternation(v["employers"]["en"])),
        "title": re.compile(_alternation(v["titles"]["zh"] + v["titles"]["en"]), re.I),
        "skill_level": re.compile(rf"^{_alternation(v['levels']['skill'])}\s*", re.I),
        "skill_level_after": re.compile(
            rf"\s*[（(:：\-]\s*(?P<level>{_alternation(v['levels']['skill'])})\s*[)）]?$", re.I
        ),
        "certificate": re.compile(
            _alternation([a for aliases in v["certificates"].values() for a in aliases]), re.I
        ),
        "language": re.compile(
            _alternation([a for aliases in v["languages"].values() for a in aliases]), re.I
        ),
    }


@cache
def _canonical(table: str) -> dict[str, str]:
    return {alias.lower(): key for key, aliases in vocabulary()[table].items() for alias in aliases}


@cache
def _levels() -> dict[str, str]:
    return {
        word.lower(): level for level, words in vocabulary()["degrees"].items() for word in words
    }


@dataclass
class _Section:
    kind: str  # header / name / education / ... / other
    heading: tuple[int, int] | None
    start: int
    end: int


class _Reader:
    def __init__(self, text: str, pages: list[tuple[int, int]] | None, today: date) -> None:
        self.text = text
        self.page_starts = [offset for offset, _ in pages or []]
        self.page_numbers = [number for _, number in pages or []]
        self.today = today
        self.p = _patterns()
        self.unread: list[UnreadPart] = []

    # -------------------------------------------------------------- helpers

    def span(self, start: int, end: int) -> Span:
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        index = bisect.bisect_right(self.page_starts, start) - 1
        page = self.page_numbers[index] if self.page_starts and index >= 0 else None
        return Span(start=start, end=end, page=page, text=self.text[start:end])

    def lines(self, start: int, end: int) -> Iterator[tuple[int, int]]:
        position = start
        for line in self.text[start:end].split("\n"):
            if line.strip():
                yield position, position + len(line)
            position += len(line) + 1

    def note(
        self, code: str, start: int | None = None, end: int | None = None, **params: Any
    ) -> None:
        span = self.span(start, end) if start is not None and end is not None else None
        self.unread.append(
            UnreadPart(code=code, params=params, page=span.page if span else None, span=span)
        )

    def pieces(
        self, start: int, end: int, separators: str = _PIECE_SEPARATORS
    ) -> Iterator[tuple[int, int]]:
        """The comma / 、 separated pieces of a list (separators inside brackets kept),
        trimmed of spaces, bullets and outer punctuation."""
        depth: list[str] = []
        piece_start = start
        for i in range(start, end + 1):
            ch = self.text[i] if i < end else "\n"
            if ch in _BRACKETS:
                depth.append(_BRACKETS[ch])
            elif depth and ch in _CLOSING:  # OCR mixes （ with ) - any closing bracket closes
                depth.pop()
            elif (ch in separators and not depth) or i == end:
                if ch == "\n":
                    depth.clear()
                yield from self._trimmed(piece_start, i)
                piece_start = i + 1

    def _trimmed(self, start: int, end: int) -> Iterator[tuple[int, int]]:
        strip = " \t•·●○■□◆◇▪-–—*:：。.、,，"
        while start < end and self.text[start] in strip:
            start += 1
        while end > start and self.text[end - 1] in strip:
            end -= 1
        if end > start:
            yield start, end

    # -------------------------------------------------------------- sections

    def sections(self) -> list[_Section]:
        found: list[_Section] = []
        current = _Section("header", None, 0, len(self.text))
        for start, end in self.lines(0, len(self.text)):
            line = self.text[start:end]
            if len(line) > 60 and ":" not in line and "：" not in line:
                continue
            match = self.p["heading"].match(line)
            if not match:
                continue
            kind = next(k for k, v in match.groupdict().items() if v and k != "rest")
            current.end = start
            found.append(current)
            rest = match.start("rest") if match.group("rest") else end - start
            current = _Section(
                kind,
                (start, end if rest == end - start else start + rest),
                start + rest,
                len(self.text),
            )
        found.append(current)
        for section in found:
            if (
                section.kind not in ("header", "other")
                and not self.text[section.start : section.end].strip()
            ):
                assert section.heading is not None
                self.note("resume_section_empty", *section.heading, section=section.kind)
        return found

    # -------------------------------------------------------------- dates

    def _date(self, m: re.Match[str]) -> tuple[int, int | None] | None:
        """(year, month) of a date token, None for 至今 / present; month 0 when invalid."""
        if m.group("now"):
            return None
        if m.group("eny"):
            month = vocabulary()["dates"]["months"].index(m.group("en")[:3].lower()) + 1
            return int(m.group("eny")), month
        if m.group("y2"):
            return int(m.group("y2")), int(m.group("m2"))
        return int(m.group("y")), int(m.group("m")) if m.group("m") else None

    def ranges(self, start: int, end: int) -> Iterator[tuple[int, int, Any]]:
        """(start, end, reading) of each date range in [start, end); reading is
        (from, to) of (year, month|None) with to None when open, or None when the range is
        there but cannot be read (reported as resume_dates_unclear)."""
        tokens = list(self.p["date"].finditer(self.text, start, end))
        used: set[int] = set()
        for i, first in enumerate(tokens):
            if i in used or first.group("now"):
                continue
            after = self.text[first.end() : end]
            sep = self.p["range_sep"].match(after)
            if not sep or sep.end() == 0:
                continue
            second = tokens[i + 1] if i + 1 < len(tokens) else None
            if second is None or second.start() != first.end() + sep.end():
                # A separator and then nothing that reads as a date: "2019.03 - 2O21".
                word = re.match(r"\S{1,12}", after[sep.end() :])
                if word and re.search(r"\d", word.group()):
                    stop = first.end() + sep.end() + word.end()
                    yield first.start(), stop, None
                continue
            used.add(i + 1)
            begin, finish = self._date(first), self._date(second)
            yield first.start(), second.end(), self._valid(begin, finish)

    def _valid(self, begin: Any, finish: Any) -> Any:
        if begin is None:
            return None
        for d in (begin, finish):
            if d is not None and (
                (d[1] is not None and not 1 <= d[1] <= 12) or d[0] > self.today.year + 1
            ):
                return None
        if finish is not None and (finish[0], finish[1] or 12) < (begin[0], begin[1] or 1):
            return None
        return begin, finish

    def _months(self, begin: tuple[int, int | None], finish: tuple[int, int | None] | None) -> int:
        end = finish or (self.today.year, self.today.month)
        if begin[1] is None or end[1] is None:
            return max(0, (end[0] - begin[0]) * 12)
        return max(0, (end[0] * 12 + end[1]) - (begin[0] * 12 + begin[1]))

    @staticmethod
    def _ym(d: tuple[int, int | None]) -> str:
        return f"{d[0]:04d}-{d[1]:02d}" if d[1] else f"{d[0]:04d}"

    # -------------------------------------------------------------- contacts, name

    def contacts(self) -> tuple[list[Claim], list[Claim]]:
        phones: list[Claim] = []
        for m in self.p["phone"].finditer(self.text):
            try:
                key = normalize_phone(m.group())
            except ContactError:
                continue
            if key not in {c.key for c in phones}:
                phones.append(Claim(key=key, text=m.group().strip(), span=self.span(*m.span())))
        emails: list[Claim] = []
        for m in self.p["email"].finditer(self.text):
            try:
                key = normalize_email(m.group())
            except ContactError:
                continue
            if key not in {c.key for c in emails}:
                emails.append(Claim(key=key, text=m.group(), span=self.span(*m.span())))
        if not phones and not emails:
            self.note("resume_contact_missing")
        return phones, emails

    def name(self, header: list[_Section]) -> Claim | None:
        for section in header:
            m = self.p["name_label"].search(self.text, section.start, section.end)
            if m:
                return self._name_value(m.start("value"), m.end("value"), labelled=True)
        for section in header:
            for start, end in self.lines(section.start, section.end):
                first = next(self.pieces(start, end, "|｜\n"), None)
                if first is None:
                    continue
                claim = self._name_value(*first, labelled=False)
                if claim:
                    return claim
                break  # only the first line of the résumé, unlabelled
        self.note("resume_name_unclear")
        return None

    def _name_value(self, start: int, end: int, labelled: bool) -> Claim | None:
        value = self.text[start:end]
        label = self.p["label"].search(value)  # OCR runs "张伟手机：138..." together
        if label and label.start() > 0:
            value = value[: label.start()]
        value = re.split(r"\s{2,}|\||｜|\t", value.strip())[0].strip(" ,，;；")
        cjk = re.fullmatch(
            rf"[{_CJK}]{{2,4}}|[{_CJK}]{{1,6}}·[{_CJK}]{{1,8}}", value.replace(" ", "")
        )
        latin = re.fullmatch(r"[A-Z][a-zA-Z'-]+(?: [A-Z][a-zA-Z'.-]*){1,3}", value)
        looks_like_word = self.p["heading"].match(value) or self.p["label"].fullmatch(value)
        if (cjk or latin) and not looks_like_word:
            offset = self.text.index(value, start)
            key = re.sub(r"\s+", "" if cjk else " ", value)
            return Claim(key=key, text=value, span=self.span(offset, offset + len(value)))
        if labelled and value:
            self.note("resume_name_unclear", start, end)
        return None

    # -------------------------------------------------------------- experience

    def experience(self, section: _Section) -> list[Experience]:
        found: list[Experience] = []
        lines = list(self.lines(section.start, section.end))
        for index, (start, end) in enumerate(lines):
            dated = list(self.ranges(start, end))
            if not dated:
                continue
            r_start, r_end, reading = dated[0]
            if reading is None:
                self.note("resume_dates_unclear", r_start, r_end, section="experience")
            header_end = end
            employer, title = self._employer_title(start, end, (r_start, r_end))
            if employer is None and title is None and index + 1 < len(lines):
                nxt = lines[index + 1]
                if not list(self.ranges(*nxt)):
                    employer, title = self._employer_title(*nxt, None)
                    header_end = nxt[1]
            item = Experience(employer=employer, title=title, span=self.span(start, header_end))
            if reading is not None:
                begin, finish = reading
                item.start = self._ym(begin)
                item.end = self._ym(finish) if finish else None
                item.current = finish is None
                item.months = self._months(begin, finish)
            found.append(item)
        return found

    def _split(self, start: int, end: int, skip: tuple[int, int] | None) -> list[str]:
        text = self.text[start:end]
        if skip:
            text = text[: skip[0] - start] + "  " + text[skip[1] - start :]
        parts = re.split(r"\s{2,}|\s*[|｜,，/]\s*|\s+[-–—@]\s+|\s+at\s+|\t", text)
        out: list[str] = []
        for part in parts:
            part = part.strip(" ()（）:：-–—·•")
            if not part:
                continue
            out.extend(part.split(" ") if _HAS_CJK.search(part) else [part])
        return [p for p in out if p]

    def _employer_title(
        self, start: int, end: int, skip: tuple[int, int] | None
    ) -> tuple[str | None, str | None]:
        employer = title = None
        leftovers: list[str] = []
        for part in self._split(start, end, skip):
            zh = self.p["employer_zh"].match(part) if _HAS_CJK.search(part) else None
            if employer is None and zh:
                employer = zh.group("employer")
                rest = zh.group("rest").strip()
                if rest and title is None and self.p["title"].search(rest):
                    title = rest
                continue
            if (
                employer is None
                and not _HAS_CJK.search(part)
                and self.p["employer_en"].search(part)
            ):
                employer = part
            elif title is None and self.p["title"].search(part):
                title = part
            elif not re.search(r"\d", part):
                leftovers.append(part)
        if employer is None and title is not None and leftovers:
            employer = leftovers.pop(0)
        if title is None and employer is not None and leftovers:
            title = leftovers.pop(0)
        return employer, title

    # -------------------------------------------------------------- education

    def education(self, section: _Section) -> list[Education]:
        found: list[Education] = []
        lines = list(self.lines(section.start, section.end))
        for index, (start, end) in enumerate(lines):
            line = self.text[start:end]
            school = self.p["school_zh"].search(line) or self.p["school_en"].search(line)
            if not school:
                continue
            dated = list(self.ranges(start, end))
            span_start, span_end = start, end
            neighbours = [lines[j] for j in (index - 1, index + 1) if 0 <= j < len(lines)]
            for other in neighbours if not dated else []:
                other_line = self.text[other[0] : other[1]]
                if self.p["school_zh"].search(other_line) or self.p["school_en"].search(other_line):
                    continue
                dated = list(self.ranges(*other))
                if dated:
                    span_start, span_end = min(start, other[0]), max(end, other[1])
                    break
            item = Education(school=school.group().strip(), span=self.span(span_start, span_end))
            for r_start, r_end, reading in dated[:1]:
                if reading is None:
                    self.note("resume_dates_unclear", r_start, r_end, section="education")
                else:
                    item.start_year = reading[0][0]
                    item.end_year = reading[1][0] if reading[1] else None
            if not dated:
                single = [m for m in self.p["date"].finditer(line) if not m.group("now")]
                if single:
                    item.end_year = self._date(single[-1])[0]  # type: ignore[index]
            degree_line = line
            if not self.p["degree"].search(line) and index + 1 < len(lines):
                degree_line = line + "  " + self.text[lines[index + 1][0] : lines[index + 1][1]]
            self._degree_major(item, degree_line, school.group())
            found.append(item)
        return found

    def _degree_major(self, item: Education, line: str, school: str) -> None:
        degree = self.p["degree"].search(line)
        if degree:
            item.level = _levels().get(degree.group().lower())
            written = re.match(
                r"[^,，|｜\s]*(?:\s+of\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)?",
                line[degree.start() :],
            )
            item.degree = (written.group() if written else degree.group()).strip()
        major = re.search(r"(?:专业|Major)\s*[:：]\s*([^\s|｜,，]+(?: [A-Z][a-z]+)*)", line)
        if not major:
            major = re.search(r"\bin\s+([A-Z][A-Za-z&']+(?:\s+(?:[A-Z][A-Za-z&']+|and|of))*)", line)
        if major:
            item.major = major.group(1).strip()
            return
        rest = line.replace(school, "  ")
        if degree:
            rest = rest.replace(item.degree or degree.group(), "  ")
        rest = self.p["date"].sub("  ", rest)
        for part in re.split(r"\s+|[|｜,，/]", rest):
            part = part.strip(" -–—~()（）:：·")
            if _HAS_CJK.search(part) and len(part) >= 2 and not self.p["degree"].search(part):
                item.major = re.sub(r"专业$", "", part)
                return

    # -------------------------------------------------------------- claims

    def skills(self, section: _Section) -> list[Claim]:
        found: list[Claim] = []
        for clause_start, clause_end in self.pieces(section.start, section.end, "；;。\n"):
            level: str | None = None
            for start, end in self.pieces(clause_start, clause_end, "、，,/|｜"):
                piece = self.text[start:end]
                if ":" in piece or "：" in piece:  # "编程语言：Python" - a sub-heading
                    cut = re.search(r"[:：]\s*", piece)
                    assert cut is not None
                    if not self.p["skill_level"].match(piece[: cut.start()] + " "):
                        start += cut.end()
                        piece = self.text[start:end]
                lead = self.p["skill_level"].match(piece)
                if lead:
                    level = lead.group().strip()
                    start += lead.end()
                    piece = self.text[start:end]
                item_level = level
                after = self.p["skill_level_after"].search(piece)
                if after and after.start() > 0:
                    item_level = after.group("level")
                    end = start + after.start()
                    piece = self.text[start:end]
                piece = piece.strip()
                if not piece or len(piece) > _MAX_CLAIM or len(piece.split()) > 5:
                    continue
                key = re.sub(r"\s+", " ", piece).lower()
                if key not in {c.key for c in found}:
                    found.append(
                        Claim(key=key, text=piece, level=item_level, span=self.span(start, end))
                    )
        return found

    def certificates(self, sections: list[_Section]) -> list[Claim]:
        found: list[Claim] = []
        canonical = _canonical("certificates")
        for section in sections:
            listed = section.kind == "certificates"
            for start, end in self.pieces(section.start, section.end):
                lead = re.match(
                    r"\s*(?:(?:19|20)\d{2}(?:[./\-年]\d{1,2}月?)?)\s*", self.text[start:end]
                )
                if lead and lead.end() < end - start:
                    start += lead.end()
                known = self.p["certificate"].search(self.text, start, end)
                if known:
                    key = canonical[known.group().lower()]
                    piece = (start, end) if listed else known.span()
                elif listed and end - start <= _MAX_CLAIM:
                    key, piece = re.sub(r"\s+", " ", self.text[start:end]).lower(), (start, end)
                else:
                    continue
                if key not in {c.key for c in found}:
                    span = self.span(*piece)
                    found.append(Claim(key=key, text=span.text, span=span))
        return found

    def languages(self, section: _Section) -> list[Claim]:
        found: list[Claim] = []
        canonical = _canonical("languages")
        for start, end in self.pieces(section.start, section.end, "、，,;；/|｜\n"):
            m = self.p["language"].search(self.text, start, end)
            if not m:
                continue
            key = canonical[m.group().lower()]
            level = self.text[m.end() : end].strip(" ：:()（）-–—,，")
            if key not in {c.key for c in found}:
                found.append(
                    Claim(key=key, text=m.group(), level=level or None, span=self.span(start, end))
                )
        return found


def read_fields(
    text: str, pages: list[tuple[int, int]] | None, today: date
) -> tuple[ResumeFields, list[UnreadPart]]:
    """The fields of ``text``; ``pages`` are (offset where it begins, page number) of
    each page in the text (None for a DOCX, which has no pages)."""
    reader = _Reader(text, pages, today)
    sections = reader.sections()
    fields = ResumeFields()
    fields.phones, fields.emails = reader.contacts()
    fields.name = reader.name([s for s in sections if s.kind in ("header", "name")])
    for section in sections:
        if section.kind == "education":
            fields.education += reader.education(section)
        elif section.kind == "experience":
            fields.experience += reader.experience(section)
        elif section.kind == "skills":
            fields.skills += reader.skills(section)
        elif section.kind == "languages":
            fields.languages += reader.languages(section)
    fields.certificates = reader.certificates(
        [s for s in sections if s.kind in ("certificates", "languages", "skills")]
    )
    return fields, reader.unread

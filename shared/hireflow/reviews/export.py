"""The candidate list as an Excel workbook, for paper files and panels: the candidates
that match the list's filters (and only those the caller may see), in the list's order,
with their status and their AI, human and combined scores, in the reader's language."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from hireflow.identity.model import Caller
from hireflow.organisation.model import OrganisationRepository
from hireflow.platform.errors import FieldError, Invalid
from hireflow.recruiting.listing import SortKey, sort_candidates
from hireflow.recruiting.model import Candidate, Position, PositionRepository
from hireflow.recruiting.service import CandidateFilters, CandidateService
from hireflow.recruiting.status import STATUS_NAMES
from hireflow.reviews.scores import Scores
from hireflow.reviews.service import ReviewService

Locale = Literal["zh", "en"]
# One workbook answers within the API's time limit: every row reads its scores.
MAX_EXPORT_ROWS = 2000
# Times are shown as a Chinese team reads them (the workbook says so in the header).
BEIJING = timezone(timedelta(hours=8))

COLUMNS: dict[Locale, list[str]] = {
    "zh": [
        "姓名",
        "手机",
        "邮箱",
        "分支机构",
        "应聘岗位",
        "状态",
        "状态说明",
        "来源渠道",
        "面试轮次",
        "AI 总分",
        "人工总分",
        "综合分",
        "评审人数",
        "添加时间（北京时间）",
        "更新时间（北京时间）",
    ],
    "en": [
        "Name",
        "Phone",
        "E-mail",
        "Branch",
        "Position",
        "Status",
        "Status note",
        "Source",
        "Round",
        "AI overall",
        "Human overall",
        "Combined",
        "Reviewers",
        "Added (UTC+8)",
        "Updated (UTC+8)",
    ],
}
CHANNEL_NAMES: dict[Locale, dict[str, str]] = {
    "zh": {
        "job_site": "招聘网站",
        "referral": "内推",
        "campus": "校园招聘",
        "agency": "猎头",
        "other": "其他",
    },
    "en": {
        "job_site": "Job site",
        "referral": "Referral",
        "campus": "Campus",
        "agency": "Agency",
        "other": "Other",
    },
}
SHEET_TITLE: dict[Locale, str] = {"zh": "候选人", "en": "Candidates"}


def _local(at: datetime) -> datetime:
    """A naive Beijing time (Excel has no time zones)."""
    return at.astimezone(BEIJING).replace(tzinfo=None, microsecond=0)


def _score(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


@dataclass(frozen=True)
class CandidateExport:
    candidates: CandidateService
    reviews: ReviewService
    positions: PositionRepository
    organisation: OrganisationRepository

    def workbook(
        self, caller: Caller, filters: CandidateFilters, sort: SortKey, locale: Locale
    ) -> bytes:
        found = sort_candidates(self.candidates.matching(caller, filters), sort)
        if len(found) > MAX_EXPORT_ROWS:
            raise Invalid(
                f"{len(found)} candidates match; export at most {MAX_EXPORT_ROWS} at a time",
                [
                    FieldError(
                        "filters",
                        "narrow the list (status, position, branch) first",
                        "narrow_the_list",
                    )
                ],
                code="export_too_large",
                params={"count": len(found), "max": MAX_EXPORT_ROWS},
            )
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = SHEET_TITLE[locale]
        sheet.append(COLUMNS[locale])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DCE6F5")
        sheet.freeze_panes = "A2"
        positions: dict[str, Position | None] = {}
        branches = {b.id: b for b in self.organisation.list_branches()}
        for candidate in found:
            if candidate.position_id not in positions:
                positions[candidate.position_id] = self.positions.get(candidate.position_id)
            sheet.append(self._row(caller, candidate, positions, branches, locale))
            for cell in sheet[sheet.max_row]:
                # openpyxl stores a text starting with "=" as a formula: a name or title
                # typed as "=HYPERLINK(...)" must stay the text it is.
                if cell.data_type == "f":
                    cell.data_type = "s"
        for column, width in zip("ABCDEFGHIJKLMNO", (14, 16, 28, 14, 22, 10, 30, 10), strict=False):
            sheet.column_dimensions[column].width = width
        for column in "NO":
            sheet.column_dimensions[column].width = 20
            for cell in sheet[column][1:]:
                cell.number_format = "yyyy-mm-dd hh:mm"
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    def _row(
        self,
        caller: Caller,
        candidate: Candidate,
        positions: dict[str, Position | None],
        branches: dict[str, Any],
        locale: Locale,
    ) -> list[Any]:
        position = positions[candidate.position_id]
        branch = branches.get(candidate.branch_id)
        # Scores exist once the candidate has been interviewed.
        scores: Scores | None = (
            self.reviews.scores(caller, candidate.id) if candidate.round > 0 else None
        )
        return [
            candidate.name,
            candidate.phone,
            candidate.email,
            branch.name_in(locale) if branch else candidate.branch_id,
            position.title_in(locale) if position else candidate.position_id,
            STATUS_NAMES[locale][candidate.status],
            candidate.status_reason or "",
            CHANNEL_NAMES[locale][candidate.channel] if candidate.channel else "",
            candidate.round,
            _score(scores.ai_overall) if scores else None,
            _score(scores.human_overall) if scores else None,
            _score(scores.combined_overall) if scores else None,
            scores.reviewers if scores else 0,
            _local(candidate.created_at),
            _local(candidate.updated_at),
        ]

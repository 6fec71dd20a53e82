"""The review file on paper: a candidate's AI reports (every round) and the reviewers'
summary as one PDF, for paper files and interview panels, in the reader's language.

The document itself (fpdf2, the embedded Noto Sans SC, the footer, headings and tables)
is ``hireflow.platform.pdf``'s; this module says what goes on the pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from hireflow.assessment.model import Dimension
from hireflow.audit.model import AuditRepository
from hireflow.audit.reads import Read, record_read
from hireflow.identity.model import Caller
from hireflow.organisation.model import OrganisationRepository
from hireflow.platform.errors import NotFound
from hireflow.platform.ids import now
from hireflow.platform.pdf import PDF_TYPE as PDF_TYPE  # the API answers with it
from hireflow.platform.pdf import PdfDocument
from hireflow.platform.unit_of_work import UnitOfWorkFactory
from hireflow.recruiting.model import Candidate, Position, PositionRepository
from hireflow.recruiting.service import CandidateService
from hireflow.recruiting.status import STATUS_NAMES
from hireflow.reviews.model import ReviewRepository, Scorecard
from hireflow.reviews.scores import Scores
from hireflow.reviews.service import read_round_scores
from hireflow.scoring.model import InterviewReport, ScoringRepository
from hireflow.scoring.reports import Reports

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "候选人评审材料",
        "candidate": "候选人",
        "position": "岗位",
        "branch": "分支机构",
        "status": "状态",
        "printed": "生成时间",
        "round": "第 {n} 轮",
        "ai_report": "AI 报告（仅供参考，由人决定）",
        "overall": "AI 总分",
        "no_overall": "没有 AI 总分：AI 无法评判任何回答，请观看录像。",
        "ai_dropped": "该候选人的 AI 权重已取消：由人工评审和决定，"
        "AI 的分析不计入（无总分、无建议）。",
        "ai_dropped_reason": "原因：{reason}",
        "ai_dropped_alternative": "候选人申请了不含 AI 分析的面试方式。",
        "ai_off_branch": "总部已关闭该分支机构的 AI 评分。",
        "ai_off_position": "总部已关闭该职位的 AI 评分。",
        "ai_off_consent_missing": "候选人未同意 AI 分析。",
        "ai_off_consent_withdrawn": "候选人已撤回对 AI 分析的同意。",
        "suggestion": "建议",
        "dimension": "维度",
        "weight": "权重",
        "ai": "AI",
        "human": "人工",
        "combined": "综合",
        "score": "得分",
        "not_scored": "AI 未评分的回答（依据不足）",
        "flags": "诚信提示",
        "no_flags": "无诚信提示。",
        "answers": "回答",
        "content": "内容",
        "delivery": "表达",
        "presence": "镜头表现",
        "not_answered": "未回答",
        "rubric": "评分要点",
        "covered": "已覆盖",
        "missing": "缺少",
        "no_report": "本轮没有 AI 报告。",
        "reviews": "人工评审",
        "reviewer": "评审人",
        "when": "时间",
        "comment": "评语",
        "no_reviews": "本轮尚无评审。",
        "summary": "评分汇总（AI {ai:.0%} / 人工 {human:.0%}）",
        "disagreement": "AI 与人工评分差异较大（超过 {points:.0f} 分）",
        "overall_row": "总分",
        "page": "第 {n} 页",
        "cross_check": "简历与面试对照：请评审人核实的问题（不是评分）",
    },
    "en": {
        "title": "Candidate review file",
        "candidate": "Candidate",
        "position": "Position",
        "branch": "Branch",
        "status": "Status",
        "printed": "Printed",
        "round": "Round {n}",
        "ai_report": "AI report (advice; people decide)",
        "overall": "AI overall",
        "no_overall": "No AI overall score: the AI could not judge any answer. "
        "Watch the recordings.",
        "ai_dropped": "The AI's weight is dropped for this candidate: people review and "
        "decide; the AI's findings are not counted (no overall, no suggestion).",
        "ai_dropped_reason": "Why: {reason}",
        "ai_dropped_alternative": "The candidate asked for a process without AI analysis.",
        "ai_off_branch": "HQ switched AI scoring off for the branch.",
        "ai_off_position": "HQ switched AI scoring off for the position.",
        "ai_off_consent_missing": "The candidate did not consent to AI analysis.",
        "ai_off_consent_withdrawn": "The candidate withdrew the consent to AI analysis.",
        "suggestion": "Suggestion",
        "dimension": "Dimension",
        "weight": "Weight",
        "ai": "AI",
        "human": "Human",
        "combined": "Combined",
        "score": "Score",
        "not_scored": "Not scored by the AI (insufficient evidence)",
        "flags": "Integrity flags",
        "no_flags": "No integrity flags.",
        "answers": "Answers",
        "content": "content",
        "delivery": "delivery",
        "presence": "presence",
        "not_answered": "Not answered",
        "rubric": "Rubric",
        "covered": "covered",
        "missing": "missing",
        "no_report": "No AI report for this round.",
        "reviews": "Reviews",
        "reviewer": "Reviewer",
        "when": "When",
        "comment": "Comment",
        "no_reviews": "No reviews in this round yet.",
        "summary": "Scores combined (AI {ai:.0%} / human {human:.0%})",
        "disagreement": "AI and people disagree (by more than {points:.0f} points)",
        "overall_row": "Overall",
        "page": "Page {n}",
        "cross_check": "Résumé vs interview: questions for the reviewer (not scores)",
    },
}

# The report's advice and flags are English sentences today; the Chinese file shows them
# in Chinese, phrase by phrase (what is not known here stays as written).
ZH_PHRASES: list[tuple[str, str]] = [
    (r"recommend second round", "建议进入复试"),
    (r"borderline: watch the answers before deciding", "处于临界：决定前请观看回答"),
    (r"little evidence for this role in the answers", "回答中与该岗位相关的依据很少"),
    (r"check the integrity flags first", "请先查看诚信提示"),
    (r"probe ([a-z ]+) \((\d+)\)", r"重点考察 \1（\2 分）"),
    (r"no speech was recognised", "未识别到语音"),
    (r"no face in view for (\d+)% of the answer", r"\1% 的时间画面中没有人脸"),
    (r"the picture is dark \(mean brightness (\d+) of 255\)", r"画面偏暗（平均亮度 \1/255）"),
    (r"the picture is blurry \(sharpness (\d+)\)", r"画面模糊（清晰度 \1）"),
    (r"the audio is silent", "音频无声"),
]


def in_language(text: str, locale: str) -> str:
    if locale != "zh":
        return text
    for pattern, replacement in ZH_PHRASES:
        text = re.sub(pattern, replacement, text)
    return text.replace("; ", "；")


def _dimension_name(dimension: Dimension | None, key: str, locale: str) -> str:
    if dimension is None:
        return key.replace("_", " ")
    if locale == "zh" and dimension.name_zh:
        return dimension.name_zh
    return dimension.name


def _when(at: datetime | str, locale: str) -> str:
    moment = datetime.fromisoformat(at) if isinstance(at, str) else at
    return moment.strftime("%Y-%m-%d %H:%M") + (" UTC" if locale == "en" else "（UTC）")


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


@dataclass
class Round:
    number: int
    report: InterviewReport | None
    scorecards: list[Scorecard]
    scores: Scores | None
    # Why the AI's weight is dropped for the round (a person's words, or our own: then
    # the label of its code), None where the AI counts.
    ai_dropped: str | None = None
    # The résumé-vs-interview cross-check's questions (docs/talent.md), printed as given.
    questions: list[str] = field(default_factory=list)


@dataclass
class ReviewFile:
    """What goes on paper, gathered under the caller's reach."""

    candidate: Candidate
    position: Position | None
    branch_name: str
    rounds: list[Round]
    locale: str


def render_pdf(file: ReviewFile) -> bytes:
    """The review file as PDF bytes."""
    locale = file.locale
    labels = LABELS[locale]
    candidate = file.candidate
    dimensions = (
        {d.key: d for d in file.position.competency_model.dimensions} if file.position else {}
    )
    position = file.position.title_in(locale) if file.position else candidate.position_id
    status = STATUS_NAMES.get(locale, {}).get(candidate.status, candidate.status.value)
    writer = PdfDocument(
        title=f"{labels['title']} · {candidate.name}",
        language="zh-CN" if locale == "zh" else "en",
        footer=lambda n: labels["page"].format(n=n),
    )
    writer.heading(
        f"{labels['title']}：{candidate.name}"
        if locale == "zh"
        else f"{labels['title']}: {candidate.name}",
        size=17,
    )
    writer.table(
        [
            [labels["candidate"], candidate.name],
            [labels["position"], position],
            [labels["branch"], file.branch_name],
            [labels["status"], status],
            [labels["printed"], _when(now(), locale)],
        ],
        (30, 120),
        heading=False,
    )
    for round_ in file.rounds:
        writer.heading(labels["round"].format(n=round_.number), size=15)
        _write_report(writer, round_.report, dimensions, locale, round_.ai_dropped)
        _write_reviews(writer, round_, dimensions, locale)
        if round_.questions:
            writer.heading(labels["cross_check"], size=12)
            for question in round_.questions:
                writer.text(f"· {question}", size=9)
    return writer.output()


def _write_report(
    writer: PdfDocument,
    report: InterviewReport | None,
    dimensions: dict[str, Dimension],
    locale: str,
    ai_dropped: str | None = None,
) -> None:
    labels = LABELS[locale]
    writer.heading(labels["ai_report"], size=12)
    if ai_dropped:
        writer.text(labels["ai_dropped"], size=11)
        writer.text(labels["ai_dropped_reason"].format(reason=ai_dropped))
    if report is None:
        writer.text(labels["no_report"])
        return
    if not ai_dropped:  # (dropped: no overall, no suggestion, as said above)
        if report.overall is None:
            writer.text(labels["no_overall"])
        else:
            writer.text(f"{labels['overall']}: {report.overall:.0f} / 100", size=12)
        writer.text(f"{labels['suggestion']}: {in_language(report.suggestion, locale)}")
    writer.table(
        [[labels["dimension"], labels["weight"], labels["score"]]]
        + [
            [
                _dimension_name(dimensions.get(d.key), d.key, locale),
                f"{d.weight:.0%}",
                _score(d.score),
            ]
            for d in report.dimensions
        ],
        (90, 30, 30),
    )
    if report.not_scored:
        writer.text(labels["not_scored"])
        for unscored in report.not_scored:
            writer.text(f"· {unscored.question}: {in_language(unscored.reason, locale)}", size=9)
    writer.text(labels["flags"] if report.integrity_flags else labels["no_flags"])
    for flag in report.integrity_flags:
        writer.text(f"· {flag.question_id}: {in_language(flag.flag, locale)}", size=9)
    writer.heading(labels["answers"], size=11)
    for answer in report.answers:
        assessment = answer.assessment
        writer.text(answer.question, size=10)
        if assessment is None:
            writer.text(f"  {answer.needs_attention or labels['not_answered']}", size=9)
            continue
        if assessment.scores is None:
            reason = assessment.insufficient_evidence or ""
            writer.text(f"  {labels['not_scored']}: {in_language(reason, locale)}", size=9)
            continue
        scores = assessment.scores
        writer.text(
            f"  {labels['content']} {scores.content.value:.0f} · "
            f"{labels['delivery']} {scores.delivery.value:.0f} · "
            f"{labels['presence']} {scores.presence.value:.0f}",
            size=9,
        )
        if assessment.content and assessment.content.rubric:
            marks = ", ".join(
                f"{'✓' if point.covered else '✗'} {point.label}"
                for point in assessment.content.rubric
            )
            writer.text(f"  {labels['rubric']}: {marks}", size=9)


def _write_reviews(
    writer: PdfDocument, round_: Round, dimensions: dict[str, Dimension], locale: str
) -> None:
    labels = LABELS[locale]
    writer.heading(labels["reviews"], size=12)
    if not round_.scorecards:
        writer.text(labels["no_reviews"])
    for card in round_.scorecards:
        marks = ", ".join(
            f"{_dimension_name(dimensions.get(key), key, locale)} {value}"
            for key, value in card.scores.items()
        )
        writer.text(f"{labels['reviewer']}: {card.reviewer} · {_when(card.at, locale)}", size=10)
        writer.text(f"  {marks}", size=9)
        if card.comment:
            writer.text(f"  {labels['comment']}: {card.comment}", size=9)
    scores = round_.scores
    if scores is None or not scores.dimensions:
        return
    writer.text(labels["summary"].format(ai=scores.weights["ai"], human=scores.weights["human"]))
    rows = [[labels["dimension"], labels["ai"], labels["human"], labels["combined"]]]
    for row in scores.dimensions:
        name = _dimension_name(dimensions.get(row.key), row.key, locale)
        rows.append(
            [
                name + (" ⚠" if row.disagreement else ""),
                _score(row.ai),
                _score(row.human),
                _score(row.combined),
            ]
        )
    rows.append(
        [
            labels["overall_row"],
            _score(scores.ai_overall),
            _score(scores.human_overall),
            _score(scores.combined_overall),
        ]
    )
    writer.table(rows, (75, 25, 25, 25))
    if any(row.disagreement for row in scores.dimensions):
        writer.text(
            "⚠ " + labels["disagreement"].format(points=scores.disagreement_threshold), size=9
        )


class CrossCheckLines(Protocol):
    """The résumé-vs-interview questions of a round, as printed lines in ``locale``
    (talent keeps the check; reviews only print it, so bootstrap passes it in)."""

    def lines(self, candidate: Candidate, round_: int, locale: str) -> list[str]: ...


@dataclass(frozen=True)
class ReviewFileService:
    candidates: CandidateService
    positions: PositionRepository
    organisation: OrganisationRepository
    reports: Reports
    reviews: ReviewRepository
    scoring: ScoringRepository
    uow: UnitOfWorkFactory
    cross_check: CrossCheckLines | None = None
    trail: AuditRepository = field(default_factory=AuditRepository)

    def pdf(self, caller: Caller, candidate_id: str, locale: str) -> tuple[Candidate, bytes]:
        """The review file of a candidate the caller may see, as PDF; the export is on
        the audit trail (a file with personal data leaves the system)."""
        candidate = self.candidates.get(caller, candidate_id)
        if candidate.round == 0:
            raise NotFound("no interview yet: there is nothing to print", code="nothing_to_print")
        position = self.positions.get(candidate.position_id)
        branch = self.organisation.get_branch(candidate.branch_id)
        rounds = [
            self._round(candidate, position, n, locale) for n in range(1, candidate.round + 1)
        ]
        content = render_pdf(
            ReviewFile(
                candidate=candidate,
                position=position,
                branch_name=branch.name_in(locale) if branch else candidate.branch_id,
                rounds=rounds,
                locale=locale,
            )
        )
        record_read(
            self.trail,
            caller,
            Read.REVIEW_FILE,
            subject_id=candidate.id,
            branch_id=candidate.branch_id,
            entity="review_file",
            entity_id=f"{candidate.id}.{locale}.pdf",
        )
        return candidate, content

    def _round(
        self, candidate: Candidate, position: Position | None, number: int, locale: str
    ) -> Round:
        """A round's report, scorecards and their combination (the rule of ``/scores``)."""
        scorecards = self.reviews.scorecards(candidate.id, number)
        scores = read_round_scores(
            self.reviews, self.scoring, candidate, position, number, scorecards
        )
        report = self.reports.read(candidate.id, number)
        dropped = candidate.ai_dropped_in(number) or (report.ai_dropped if report else None)
        if dropped and dropped == candidate.ai_dropped and candidate.ai_dropped_code:
            labels = LABELS[locale]  # our words, in the file's (the AI gate's codes too)
            dropped = labels.get(candidate.ai_dropped_code, labels["ai_dropped_alternative"])
        questions = self.cross_check.lines(candidate, number, locale) if self.cross_check else []
        return Round(number, report, scorecards, scores, dropped, questions)


def content_disposition(candidate: Candidate) -> str:
    """An ASCII file name (the candidate id), safe in any header."""
    return f'attachment; filename="review-{candidate.id}.pdf"'

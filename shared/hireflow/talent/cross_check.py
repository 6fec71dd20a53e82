"""The résumé-vs-interview cross-check (docs/talent.md): questions for HR, never scores.

A claim on the résumé (a skill, a certificate, an experience title the skill map knows)
is mapped through HQ's skill map to the position's competency dimensions and set beside
what the interview showed on them:
- ``claim_not_shown``: a claim mapped to a dimension scored below that dimension's pass
  line ("Python: claimed (精通 Python, p.1), interview problem solving 42, below the pass
  line 60");
- ``shown_not_claimed``: a dimension scored at least ``STRONG_MARGIN`` above its pass
  line that no claim maps to (the résumé undersells the person, or misses a section).
The interview side is the round's score per dimension as ``/scores`` gives it (the
combined score where people scored it, else the AI's), with up to three moments of the
answers behind the AI's score. A dimension with no score raises no flag. Nothing in
scoring, reviews or decisions reads a flag: the check only reads.

``refresh`` (the talent events function: ``report.ready``, ``resume.parsed``) stores the
round's check, one item per round, idempotent. ``view`` computes it on every read (a few
key reads and the report's JSON: cheap), so a new scorecard, a résumé correction or a
new skill map shows at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from hireflow.assessment.model import Dimension
from hireflow.identity.model import Caller
from hireflow.platform.store import Repository
from hireflow.recruiting.model import (
    Candidate,
    CandidateRepository,
    Claim,
    Position,
    PositionRepository,
    Resume,
    ResumeRepository,
)
from hireflow.recruiting.service import CandidateService
from hireflow.reviews.model import ReviewRepository
from hireflow.reviews.scores import DimensionScore
from hireflow.reviews.service import read_round_scores
from hireflow.scoring.model import InterviewReport, ScoringRepository
from hireflow.scoring.reports import Reports
from hireflow.talent.model import (
    CrossCheck,
    CrossCheckFlag,
    InterviewSide,
    ResumeSide,
    SkillMap,
    TalentSettings,
)

# A dimension this far above its pass line, with no claim mapped to it, is worth a question.
STRONG_MARGIN = 20.0
MAX_MOMENTS = 3
NOT_SHOWN = "cross_check_claim_not_shown"
NOT_CLAIMED = "cross_check_shown_not_claimed"

Status = Literal["ready", "no_resume", "not_scored", "reassessment"]


class DimensionLine(BaseModel):
    key: str
    name: str
    name_zh: str | None = None
    pass_line: float


class CrossCheckView(BaseModel):
    """The round's check for the candidate page, or why there is none yet (``status``)."""

    candidate_id: str
    round: int
    status: Status
    check: CrossCheck | None = None
    dimensions: list[DimensionLine] = []
    strong_margin: float = STRONG_MARGIN


@dataclass(frozen=True)
class _Claimed:
    claim: Claim
    kind: Literal["skill", "experience", "certificate"]
    dimensions: list[str]


@dataclass(frozen=True)
class CrossChecks:
    candidates: CandidateService
    candidate_store: CandidateRepository
    positions: PositionRepository
    resumes: ResumeRepository
    settings: TalentSettings
    reviews: ReviewRepository
    scoring: ScoringRepository
    reports: Reports

    def refresh(self, candidate_id: str, round_: int) -> CrossCheck | None:
        """Check the round again and store it (one item per round; a second run with
        the same inputs writes the same item). None: nothing to check yet."""
        candidate = self.candidate_store.get(candidate_id)
        if candidate is None:
            return None
        _, check = self.compute(candidate, round_)
        if check is not None:
            Repository(CrossCheck).put(check)
        return check

    def view(self, caller: Caller, candidate_id: str, round_: int | None = None) -> CrossCheckView:
        """The check of ``round_`` (default: the candidate's current round) for anyone
        who may read the candidate, computed now."""
        candidate = self.candidates.get(caller, candidate_id)
        number = round_ or candidate.round
        status, check = self.compute(candidate, number)
        position = self.positions.get(candidate.position_id)
        dimensions = position.competency_model.dimensions if position else []
        return CrossCheckView(
            candidate_id=candidate.id,
            round=number,
            status=status,
            check=check,
            dimensions=[
                DimensionLine(key=d.key, name=d.name, name_zh=d.name_zh, pass_line=d.line)
                for d in dimensions
            ],
        )

    def compute(self, candidate: Candidate, round_: int) -> tuple[Status, CrossCheck | None]:
        if candidate.employee_id:  # a re-assessment: the résumé was checked when hired
            return "reassessment", None
        resume = self.resumes.get(candidate.id)
        if resume is None or resume.status != "parsed":
            return "no_resume", None
        position = self.positions.get(candidate.position_id)
        if position is None or round_ < 1:
            return "not_scored", None
        scores = read_round_scores(self.reviews, self.scoring, candidate, position, round_)
        scored = {row.key: row for row in scores.dimensions if row.combined is not None}
        if not scored:
            return "not_scored", None
        return "ready", _check(
            candidate,
            round_,
            position,
            resume,
            self.settings.skill_map(),
            scored,
            _LazyReport(self.reports, candidate.id, round_),
        )


class _LazyReport:
    """The AI report, read from S3 only when a flag needs its moments."""

    def __init__(self, reports: Reports, candidate_id: str, round_: int) -> None:
        self._read = lambda: reports.read(candidate_id, round_)
        self._report: InterviewReport | None = None
        self._done = False

    def get(self) -> InterviewReport | None:
        if not self._done:
            self._report, self._done = self._read(), True
        return self._report


def _claims(resume: Resume, skill_map: SkillMap) -> Iterator[_Claimed]:
    fields = resume.fields
    for claim in fields.skills:
        yield _Claimed(claim, "skill", skill_map.dimensions_of(claim.key))
    for claim in fields.certificates:
        yield _Claimed(claim, "certificate", skill_map.dimensions_of(claim.key))
    for job in fields.experience:  # a title counts only where the map knows it
        if job.title and (dims := skill_map.dimensions_of(job.title)):
            yield _Claimed(
                Claim(key=job.title.lower(), text=job.title, span=job.span), "experience", dims
            )


def _check(
    candidate: Candidate,
    round_: int,
    position: Position,
    resume: Resume,
    skill_map: SkillMap,
    scored: dict[str, DimensionScore],
    report: _LazyReport,
) -> CrossCheck:
    model = {d.key: d for d in position.competency_model.dimensions}
    flags: list[CrossCheckFlag] = []
    unmapped: list[str] = []
    claimed: set[str] = set()
    checked = 0
    for item in _claims(resume, skill_map):
        if not item.dimensions:
            unmapped.append(item.claim.text or item.claim.key)
            continue
        relevant = [k for k in item.dimensions if k in model]
        checked += bool(relevant)
        claimed.update(relevant)
        for key in relevant:
            row = scored.get(key)
            if row is None or row.combined is None or row.combined >= model[key].line:
                continue
            side = _interview(model[key], row, report.get(), strongest=False)
            flags.append(
                CrossCheckFlag(
                    kind="claim_not_shown",
                    resume=ResumeSide(
                        claim=item.claim.text,
                        kind=item.kind,
                        span=item.claim.span,
                        level=item.claim.level,
                    ),
                    interview=side,
                    code=NOT_SHOWN,
                    params=_params(side, item.claim),
                )
            )
    for key, dimension in model.items():
        row = scored.get(key)
        if key in claimed or row is None or row.combined is None:
            continue
        if row.combined >= dimension.line + STRONG_MARGIN:
            side = _interview(dimension, row, report.get(), strongest=True)
            flags.append(
                CrossCheckFlag(
                    kind="shown_not_claimed",
                    resume=ResumeSide(),
                    interview=side,
                    code=NOT_CLAIMED,
                    params={**_params(side, None), "margin": STRONG_MARGIN},
                )
            )
    return CrossCheck(
        candidate_id=candidate.id,
        branch_id=candidate.branch_id,
        round=round_,
        flags=flags,
        checked_claims=checked,
        unmapped_claims=list(dict.fromkeys(unmapped)),
    )


def _interview(
    dimension: Dimension, row: DimensionScore, report: InterviewReport | None, strongest: bool
) -> InterviewSide:
    return InterviewSide(
        dimension=dimension.key,
        dimension_name=dimension.name,
        dimension_name_zh=dimension.name_zh,
        score=row.combined,
        pass_line=dimension.line,
        source="combined" if row.human is not None else "ai",
        moments=_moments(report, dimension.key, strongest),
    )


def _moments(report: InterviewReport | None, key: str, strongest: bool) -> list[dict[str, Any]]:
    """Up to three moments of the answers behind the AI's score on the dimension: the
    weakest answers first for a claim not shown, the strongest for a strength not claimed."""
    if report is None:
        return []
    evidence = report.dimension_evidence(key)
    if strongest:
        evidence = evidence[::-1]
    questions = {a.question_id: a for a in report.answers}
    out: list[dict[str, Any]] = []
    for found in evidence:
        answer = questions.get(found.question_id)
        for moment in report.key_moments.get(found.question_id, []):
            out.append(
                {
                    "question_id": found.question_id,
                    "question": answer.question if answer else found.question_id,
                    "question_en": answer.question_en if answer else None,
                    "question_zh": answer.question_zh if answer else None,
                    "answer_score": round(found.score),
                    "start": moment.start,
                    "end": moment.end,
                    "text": moment.text,
                }
            )
            if len(out) == MAX_MOMENTS:
                return out
    return out


def _as_written(claim: str | None, level: str | None) -> str | None:
    """The claim with the level the résumé gives it: "Python (精通)"."""
    return f"{claim} ({level})" if claim and level else claim


def _params(side: InterviewSide, claim: Claim | None) -> dict[str, Any]:
    params: dict[str, Any] = {
        "dimension": side.dimension,
        "dimension_name": side.dimension_name,
        "dimension_name_zh": side.dimension_name_zh,
        "score": round(side.score) if side.score is not None else None,
        "pass_line": round(side.pass_line),
        "source": side.source,
    }
    if claim is not None:
        params.update(claim=_as_written(claim.text, claim.level))
        params["page"] = claim.span.page if claim.span else None
        params["source_text"] = claim.span.text if claim.span else None
    return params


# ------------------------------------------------------------------ the review file

PAPER: dict[str, dict[str, str]] = {
    "en": {
        NOT_SHOWN: "{claim}: claimed on the résumé{where}; the interview scored {dimension} "
        "{score}, below the pass line of {pass_line}. Question for HR: ask about it, or "
        "was the question a poor fit?",
        NOT_CLAIMED: "{dimension}: the interview scored {score} (pass line {pass_line}); "
        "the résumé claims nothing for it. Question for HR: worth asking about.",
        "where": " (“{text}”, p. {page})",
        "unmapped": "Claims the skill map does not know yet: {claims}",
    },
    "zh": {
        NOT_SHOWN: "{claim}：简历中声称{where}；面试中{dimension}得分 {score}，低于及格线 "
        "{pass_line}。请 HR 核实：询问候选人，或题目是否不合适？",
        NOT_CLAIMED: "{dimension}：面试得分 {score}（及格线 {pass_line}），简历中没有相关描述。"
        "请 HR 核实：值得询问。",
        "where": "（“{text}”，第 {page} 页）",
        "unmapped": "技能映射中尚未收录的简历条目：{claims}",
    },
}


@dataclass(frozen=True)
class CrossCheckQuestions:
    """The review file's block (``reviews.paper.CrossCheckLines``): the round's flags as
    printed questions for the reviewer, in the file's language."""

    checks: CrossChecks

    def lines(self, candidate: Candidate, round_: int, locale: str) -> list[str]:
        _, check = self.checks.compute(candidate, round_)
        if check is None:
            return []
        text = PAPER["zh" if locale == "zh" else "en"]
        out = []
        for flag in check.flags:
            side = flag.interview
            name = (side.dimension_name_zh if locale == "zh" else None) or side.dimension_name
            span = flag.resume.span
            where = (
                text["where"].format(text=span.text or flag.resume.claim, page=span.page or "–")
                if span
                else ""
            )
            out.append(
                text[flag.code].format(
                    claim=_as_written(flag.resume.claim, flag.resume.level),
                    where=where,
                    dimension=name,
                    score=_number(side.score),
                    pass_line=_number(side.pass_line),
                )
            )
        if check.unmapped_claims:
            out.append(text["unmapped"].format(claims=", ".join(check.unmapped_claims)))
        return out


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"

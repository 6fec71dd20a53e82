"""The interview report: when every answer of a round is assessed, the answers add up to
dimension scores, an overall score, flags, key moments and a suggestion. Answers with
insufficient evidence are listed (``not_scored``, with why) and left out of the scores;
with none the AI could judge, the report has no overall score. Stored in the
media bucket as JSON (for the app) and HTML (to read or print), indexed in the table
by ``AiDimensionScores`` (what ``/scores`` combines with the reviewers' scorecards)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from hireflow.assessment.model import InterviewTemplate, TemplateRepository
from hireflow.audit.model import AuditRepository
from hireflow.audit.reads import Read, record_read
from hireflow.identity.model import Caller
from hireflow.interviews.model import Interview
from hireflow.platform import aws
from hireflow.platform.errors import NotFound
from hireflow.platform.ids import now
from hireflow.platform.messages import Coded
from hireflow.recruiting.model import Candidate
from hireflow.recruiting.service import CandidateService
from hireflow.scoring.model import (
    AiDimensionScores,
    AnswerAssessment,
    IntegrityFlag,
    InterviewReport,
    ReportAnswer,
    ReportLinks,
    ScoringRepository,
    UnscoredAnswer,
)
from hireflow.scoring.scores import (
    dimension_scores,
    key_moments,
    missing_rubric,
    overall_score,
    suggestion,
)

VIDEO_URL_SECONDS = 300
LANGUAGE_NAMES = {"zh": "Chinese", "en": "English"}


def report_key(candidate_id: str, round_: int, extension: str) -> str:
    return f"reports/{candidate_id}/{round_:02d}/report.{extension}"


class ReportView(InterviewReport):
    """The AI report, with short-lived links to its HTML rendering and the answer videos."""

    links: ReportLinks


@dataclass(frozen=True)
class Reports:
    scoring: ScoringRepository
    templates: TemplateRepository
    media_bucket: str

    def build(
        self, candidate: Candidate, interview: Interview, ai_dropped: str | None = None
    ) -> InterviewReport:
        """Add up the round's assessments and store the report (rebuilding is harmless).
        ``ai_dropped``: people review without the AI (why): the report says so and has no
        overall score, suggestion or ranking."""
        template = self.templates.version(interview.template_id, interview.template_version)
        if template is None:
            raise LookupError(f"template {interview.template_id} v{interview.template_version}")
        # Only the assessment of the exact recording (key and version) the answer holds.
        current = {
            qid: (a.media_key, a.media_version)
            for qid, a in interview.answers.items()
            if a.media_key
        }
        assessments: dict[str, AnswerAssessment] = {
            r.question_id: r.assessment
            for r in self.scoring.of_round(candidate.id, interview.round)
            if current.get(r.question_id) == (r.media_key, r.media_version)
        }
        # Dropped by the AI gate (a switch, a missing or withdrawn consent): nothing the AI
        # made is used or shown for the round - no scores (never zeros), no flags.
        gated = bool(ai_dropped) and (candidate.ai_dropped_code or "").startswith("ai_off_")
        if gated:
            assessments = {}
        dimensions = dimension_scores(template, assessments)
        if gated:
            dimensions = [d.model_copy(update={"score": None, "evidence": []}) for d in dimensions]
        overall = None if ai_dropped else overall_score(dimensions)
        flags = [
            IntegrityFlag(question_id=qid, flag=flag.text, code=flag.code, params=flag.params)
            for qid, assessment in assessments.items()
            for flag in _flags(assessment)
        ]
        percentile, compared_with = (
            self._percentile(candidate, overall) if overall is not None else (None, 0)
        )
        answers = self._answers(template, interview, assessments, candidate.locale)
        not_scored = [
            UnscoredAnswer(
                question_id=a.question_id,
                question=a.question_en or a.question,
                question_zh=a.question_zh,
                reason=reason,
                code=a.insufficient_evidence_code,
                params=a.insufficient_evidence_params,
            )
            for a in answers
            if (reason := a.insufficient_evidence)
        ]
        if gated:
            not_scored = [
                UnscoredAnswer(
                    question_id=a.question_id,
                    question=a.question_en or a.question,
                    question_zh=a.question_zh,
                    reason=str(ai_dropped),
                    code=candidate.ai_dropped_code,
                )
                for a in answers
                if a.media_key
            ]
        hint = suggestion(overall, dimensions, [f.flag for f in flags], len(not_scored))
        if ai_dropped:
            hint = Coded(
                code="suggest_ai_dropped",
                params={"reason": ai_dropped},
                text=f"no AI suggestion: the AI's weight is dropped ({ai_dropped}); people decide",
            )
        models: dict[str, str] = {}
        for assessment in assessments.values():
            models.update(assessment.models)
        report = InterviewReport(
            candidate_id=candidate.id,
            round=interview.round,
            position_id=candidate.position_id,
            template_id=template.id,
            template_version=template.version,
            language=candidate.locale,
            created_at=now().isoformat(),
            overall=overall,
            dimensions=dimensions,
            suggestion=hint.text,
            suggestion_code=hint.code,
            suggestion_params=hint.params,
            integrity_flags=flags,
            key_moments=key_moments(assessments),
            missing_rubric=missing_rubric(assessments, template),
            percentile=percentile,
            compared_with=compared_with,
            answers=answers,
            models=models,
            not_scored=not_scored,
            ai_dropped=ai_dropped,
        )
        s3 = aws.client("s3")
        bucket = self.media_bucket
        s3.put_object(
            Bucket=bucket,
            Key=report_key(candidate.id, interview.round, "json"),
            Body=report.model_dump_json().encode(),
            ContentType="application/json",
        )
        s3.put_object(
            Bucket=bucket,
            Key=report_key(candidate.id, interview.round, "html"),
            Body=render_html(report).encode(),
            ContentType="text/html; charset=utf-8",
        )
        if ai_dropped:  # no AI scores to combine or to rank others against
            return report
        self.scoring.store_ai_scores(
            AiDimensionScores(
                candidate_id=candidate.id,
                round=interview.round,
                position_id=candidate.position_id,
                dimensions={d.key: d.score for d in dimensions if d.score is not None},
                overall=overall,
            )
        )
        return report

    def read(self, candidate_id: str, round_: int) -> InterviewReport | None:
        s3 = aws.client("s3")
        try:
            body = s3.get_object(
                Bucket=self.media_bucket, Key=report_key(candidate_id, round_, "json")
            )["Body"].read()
        except s3.exceptions.NoSuchKey:
            return None
        return InterviewReport.model_validate_json(body)

    def links(self, report: InterviewReport) -> ReportLinks:
        """Short-lived presigned GETs: the HTML rendering and each answer's video."""
        signer = aws.s3_presigner()
        bucket = self.media_bucket

        def url(key: str, version: str | None = None) -> str:
            # A video is signed for the version that was scored: provably the same object.
            pinned = {"VersionId": version} if version not in (None, "null") else {}
            return str(
                signer.generate_presigned_url(
                    "get_object",
                    Params={"Bucket": bucket, "Key": key, **pinned},
                    ExpiresIn=VIDEO_URL_SECONDS,
                )
            )

        return ReportLinks(
            html=url(report_key(report.candidate_id, report.round, "html")),
            videos={
                a.question_id: url(a.media_key, a.media_version)
                for a in report.answers
                if a.media_key
            },
            expires_in=VIDEO_URL_SECONDS,
        )

    def _percentile(self, candidate: Candidate, overall: float) -> tuple[float | None, int]:
        others = [
            s.overall
            for s in self.scoring.position_overalls(candidate.position_id)
            if s.candidate_id != candidate.id and s.overall is not None
        ]
        if not others:
            return None, 0
        return round(100 * sum(o < overall for o in others) / len(others), 1), len(others)

    @staticmethod
    def _answers(
        template: InterviewTemplate,
        interview: Interview,
        assessments: dict[str, AnswerAssessment],
        locale: str,
    ) -> list[ReportAnswer]:
        answers = []
        for stage in template.stages:
            for question in stage.questions:
                if question.id not in interview.question_ids:
                    continue
                answer = interview.answers.get(question.id)
                assessment = assessments.get(question.id)
                answers.append(
                    ReportAnswer(
                        question_id=question.id,
                        question=question.text.in_(locale),
                        question_en=question.text.en,
                        question_zh=question.text.zh,
                        media_key=answer.media_key if answer else None,
                        media_version=answer.media_version if answer else None,
                        media_etag=answer.media_etag if answer else None,
                        needs_attention=answer.needs_attention if answer else None,
                        needs_attention_code=answer.needs_attention_code if answer else None,
                        needs_attention_params=answer.needs_attention_params if answer else {},
                        insufficient_evidence=(
                            assessment.insufficient_evidence if assessment else None
                        ),
                        insufficient_evidence_code=(
                            assessment.insufficient_evidence_code if assessment else None
                        ),
                        insufficient_evidence_params=(
                            assessment.insufficient_evidence_params if assessment else {}
                        ),
                        assessment=assessment,
                        ai_withheld=answer.ai_withheld if answer else None,
                    )
                )
        return answers


def _flags(assessment: AnswerAssessment) -> list[Coded]:
    """An assessment's flags with their codes (one stored before flags had codes: as
    text, which the front ends show as is)."""
    if assessment.flag_codes or not assessment.flags:
        return assessment.flag_codes
    return [Coded(code="", text=text) for text in assessment.flags]


@dataclass(frozen=True)
class ReportService:
    candidates: CandidateService
    reports: Reports
    trail: AuditRepository = field(default_factory=AuditRepository)

    def report(self, caller: Caller, candidate_id: str) -> ReportView:
        candidate = self.candidates.get(caller, candidate_id)
        # A second round is in person: the report is the latest video interview's.
        for round_ in range(candidate.round, 0, -1):
            report = self.reports.read(candidate.id, round_)
            if report is not None:
                # The report carries the transcripts and the videos' links: one read.
                record_read(
                    self.trail,
                    caller,
                    Read.REPORT,
                    subject_id=candidate.id,
                    branch_id=candidate.branch_id,
                    entity="report",
                    entity_id=report_key(candidate.id, round_, "json"),
                )
                view = {
                    **report.model_dump(),
                    "ai_dropped": candidate.ai_dropped_in(round_) or report.ai_dropped,
                }
                return ReportView(**view, links=self.reports.links(report))
        raise NotFound(
            "no AI report yet: it is ready when every answer has been assessed",
            code="no_report_yet",
        )


def _clock(seconds: float) -> str:
    return f"{int(seconds) // 60}:{int(seconds) % 60:02d}"


def render_html(report: InterviewReport) -> str:
    """A self-contained page for HR to read or print (every value escaped)."""
    e = escape
    rows = "".join(
        f"<tr><td>{e(d.key.replace('_', ' '))}</td><td>{d.weight:.0%}</td>"
        f"<td><strong>{'-' if d.score is None else f'{d.score:.0f}'}</strong></td>"
        f"<td>{e(d.formula)}</td></tr>"
        for d in report.dimensions
    )
    flags = "".join(f"<li>{e(f.question_id)}: {e(f.flag)}</li>" for f in report.integrity_flags)
    sections = []
    for answer in report.answers:
        a = answer.assessment
        if a is None:
            state = answer.needs_attention or "not answered"
            sections.append(f"<section><h3>{e(answer.question)}</h3><p>{e(state)}</p></section>")
            continue
        if a.scores is None or a.content is None or a.transcript is None or a.insufficient_evidence:
            sections.append(
                f"<section><h3>{e(answer.question)}</h3><p class=insufficient>"
                f"<strong>Insufficient evidence</strong> — not scored by the AI: "
                f"{e(a.insufficient_evidence or 'no scores')}</p></section>"
            )
            continue
        scores = "".join(
            f"<li>{name} <strong>{score.value:.0f}</strong> — {e(score.formula)}; "
            + ", ".join(
                f"{e(k)} {'-' if v is None else f'{v:.0f}'}" for k, v in score.parts.items()
            )
            + "</li>"
            for name, score in (
                ("content", a.scores.content),
                ("delivery", a.scores.delivery),
                ("presence", a.scores.presence),
            )
        )
        rubric = "".join(
            f"<li>{'✓' if r.covered else '✗'} {e(r.label)}"
            + (f" — {e(r.via or '')} at {_clock(r.moment.start)}" if r.moment else "")
            + "</li>"
            for r in a.content.rubric
        )
        transcript = "".join(
            f"<p><span class=t>{_clock(s.start)}</span> {e(s.text)}</p>"
            for s in a.transcript.segments
        )
        heard = LANGUAGE_NAMES.get(a.transcript.language, a.transcript.language)
        sections.append(
            f"<section><h3>{e(answer.question)}</h3><ul>{scores}</ul>"
            + (f"<h4>Rubric</h4><ul>{rubric}</ul>" if rubric else "")
            + f"<h4>Transcript ({e(heard)} heard)</h4>{transcript}</section>"
        )
    percentile = (
        f"{report.percentile:.0f}th percentile among {report.compared_with} earlier "
        "candidates for this position"
        if report.percentile is not None
        else "first candidate scored for this position"
    )
    models = "".join(f"<li>{e(k)}: {e(v)}</li>" for k, v in report.models.items())
    overall = (
        "<h2>The AI's weight is dropped for this candidate</h2><p class=ai-dropped>"
        f"{e(report.ai_dropped)}. People review and decide on their own scores; the AI's "
        "findings below are not counted.</p>"
        if report.ai_dropped
        else f"<h2>Overall {report.overall:.0f} / 100</h2><p>{e(percentile)}</p>"
        if report.overall is not None
        else "<h2>No AI overall score</h2><p>The AI could not judge any answer "
        "(insufficient evidence): watch the recordings.</p>"
    )
    not_scored = (
        "<h2>Not scored by the AI (insufficient evidence)</h2><ul>"
        + "".join(
            f"<li>{e(n.question_id)} — {e(n.question)}: {e(n.reason)}</li>"
            for n in report.not_scored
        )
        + "</ul><p>These answers are left out of the dimension and overall scores.</p>"
        if report.not_scored
        else ""
    )
    return f"""<!doctype html>
<html lang="{e(report.language)}"><head><meta charset="utf-8">
<title>Interview report {e(report.candidate_id)} round {report.round}</title>
<style>body{{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;color:#1b1b1b}}
table{{border-collapse:collapse}}td{{border-bottom:1px solid #ccc;padding:.3rem .6rem}}
.t{{color:#555;font-variant-numeric:tabular-nums}}</style></head><body>
<h1>AI interview report</h1>
<p>Candidate {e(report.candidate_id)} · position {e(report.position_id)} · round {report.round}
 · template {e(report.template_id)} v{report.template_version} · {e(report.created_at)}</p>
{overall}
<p><strong>Suggestion:</strong> {e(report.suggestion)} (a hint for the reviewers, who decide)</p>
<table><tr><th>Dimension</th><th>Weight</th><th>Score</th><th>How</th></tr>{rows}</table>
{not_scored}
<h2>Integrity flags</h2>{f"<ul>{flags}</ul>" if flags else "<p>None.</p>"}
<h2>Answers</h2>{"".join(sections)}
<h2>Models</h2><ul>{models}</ul>
</body></html>
"""

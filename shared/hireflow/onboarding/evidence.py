"""Why a course joins a new hire's plan: what the interview showed on the dimension that
scored below its line, in at most three short lines in the interview's language.

Taken from the AI interview report (``scoring.model.InterviewReport``), never made up:
- the weakest answer that measured the dimension: its question, its score on the
  dimension and the feature that pulled it down (rubric points not covered, STAR parts
  missing, pace, filler words, long pauses, too short an answer, or not answered);
- what was said there: the first words of its transcript, with their time;
- the next weakest answer when it is below the line too, else who scored the dimension
  (the interviewers' mark next to the AI's) when people took part.
Without AI evidence for the dimension (no report, the AI's weight dropped) the lines say
the interviewers' mark alone; with neither, there is nothing to say and nothing is said.
"""

from __future__ import annotations

from collections.abc import Sequence

from hireflow.people.model import BaselineDimension
from hireflow.scoring.model import DimensionEvidence, InterviewReport, ReportAnswer
from hireflow.scoring.scores import PACE

MAX_LINES = 3
QUESTION_CHARS = {"en": 60, "zh": 30}
SAID_CHARS = {"en": 90, "zh": 45}

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "answer": "“{question}”: {score}/100, {why}",
        "said": "{at} “{text}”",
        "not_answered": "not answered",
        "missed": "missed {points}",
        "star": "no {parts} in the example (STAR)",
        "content": "content {value}/100",
        "delivery": "delivery {value}/100",
        "slow": "spoke slowly ({rate} words a minute)",
        "fast": "spoke fast ({rate} words a minute)",
        "fillers": "filler words {share} of the answer ({words})",
        "pauses": "long pauses {share} of the answer",
        "short": "spoke only {seconds} s",
        "sources": "interviewers {human}, AI {ai}",
        "people_only": "interviewers' mark {human}; no AI evidence for this dimension",
    },
    "zh": {
        "answer": "“{question}”：{score}/100，{why}",
        "said": "{at} “{text}”",
        "not_answered": "未作答",
        "missed": "未涉及{points}",
        "star": "举例缺少{parts}（STAR）",
        "content": "内容 {value}/100",
        "delivery": "表达 {value}/100",
        "slow": "语速偏慢（每分钟 {rate} 字）",
        "fast": "语速偏快（每分钟 {rate} 字）",
        "fillers": "口头禅占 {share}（{words}）",
        "pauses": "长时间停顿占回答的 {share}",
        "short": "只说了 {seconds} 秒",
        "sources": "面试官 {human} 分，AI {ai} 分",
        "people_only": "面试官评分 {human}；该维度没有 AI 证据",
    },
}
STAR_PARTS = {
    "en": {"situation": "situation", "task": "task", "action": "action", "result": "result"},
    "zh": {"situation": "情境", "task": "任务", "action": "行动", "result": "结果"},
}
SEPARATOR = {"en": ", ", "zh": "、"}


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _clock(seconds: float) -> str:
    return f"{int(seconds) // 60}:{int(seconds) % 60:02d}"


def _number(value: float) -> str:
    return f"{value:.0f}"


class _Lines:
    """The report read for one dimension, in the report's language."""

    def __init__(self, report: InterviewReport) -> None:
        self.report = report
        self.lang = "zh" if report.language == "zh" else "en"
        self.text = TEXTS[self.lang]
        self.answers = {a.question_id: a for a in report.answers}

    def question(self, answer: ReportAnswer | None, question_id: str) -> str:
        if answer is None:
            return question_id
        own = answer.question_zh if self.lang == "zh" else answer.question_en
        return _short(own or answer.question, QUESTION_CHARS[self.lang])

    def answer(self, evidence: DimensionEvidence) -> str:
        answer = self.answers.get(evidence.question_id)
        return self.text["answer"].format(
            question=self.question(answer, evidence.question_id),
            score=_number(evidence.score),
            why=self.why(evidence, answer),
        )

    def why(self, evidence: DimensionEvidence, answer: ReportAnswer | None) -> str:
        """The feature that pulled the answer down: content or delivery, whichever is
        lower (presence is weighted 0 unless HQ turns it on, so it is not blamed)."""
        assessment = answer.assessment if answer else None
        if assessment is None or (evidence.content is None and evidence.delivery is None):
            return self.text["not_answered"]
        content, delivery = evidence.content, evidence.delivery
        if delivery is None or (content is not None and content <= delivery):
            gaps = self.report.missing_rubric.get(evidence.question_id, [])
            if gaps:
                return self.text["missed"].format(points=SEPARATOR[self.lang].join(gaps[:3]))
            star = assessment.content.star if assessment.content else None
            missing = [STAR_PARTS[self.lang].get(p.part, p.part) for p in star or [] if not p.found]
            if missing:
                return self.text["star"].format(parts=SEPARATOR[self.lang].join(missing))
            return self.text["content"].format(value=_number(content or 0))
        speech, scores = assessment.speech, assessment.scores
        measured = scores.delivery.parts if scores else {}
        parts = {k: v for k, v in measured.items() if v is not None}
        if speech is None or not parts:
            return self.text["delivery"].format(value=_number(delivery))
        weakest = min(parts, key=lambda k: parts[k])
        if weakest == "pace":
            low, _ = PACE.get(self.lang, PACE["en"])
            slow = speech.words_per_minute < low
            return self.text["slow" if slow else "fast"].format(
                rate=_number(speech.words_per_minute)
            )
        if weakest == "fluency":
            words = SEPARATOR[self.lang].join(dict.fromkeys(speech.filler_words[:3]))
            return self.text["fillers"].format(share=f"{speech.filler_ratio:.0%}", words=words)
        if weakest == "flow":
            return self.text["pauses"].format(share=f"{speech.pause_share:.0%}")
        return self.text["short"].format(seconds=_number(speech.speaking_seconds))

    def said(self, evidence: DimensionEvidence) -> str | None:
        answer = self.answers.get(evidence.question_id)
        transcript = answer.assessment.transcript if answer and answer.assessment else None
        segments = transcript.segments if transcript else []
        first = next((s for s in segments if s.text.strip()), None)
        if first is None:
            return None
        return self.text["said"].format(
            at=_clock(first.start), text=_short(first.text, SAID_CHARS[self.lang])
        )


def _ai_evidence(report: InterviewReport | None, key: str) -> Sequence[DimensionEvidence]:
    return report.dimension_evidence(key) if report is not None else []


def evidence_lines(
    report: InterviewReport | None, dimension: BaselineDimension, line: float, locale: str
) -> list[str]:
    """At most three short lines on why ``dimension`` is below ``line`` (module doc);
    ``locale`` is the language when there is no report to take it from."""
    evidence = _ai_evidence(report, dimension.key)
    if report is None or not evidence:
        if dimension.human is None:
            return []
        text = TEXTS["zh" if locale == "zh" else "en"]
        return [text["people_only"].format(human=_number(dimension.human))]
    lines = _Lines(report)
    weakest = evidence[0]
    out = [lines.answer(weakest)]
    said = lines.said(weakest)
    if said:
        out.append(said)
    following = evidence[1] if len(evidence) > 1 else None
    if following is not None and following.score < line:
        out.append(lines.answer(following))
    elif dimension.human is not None and dimension.ai is not None:
        out.append(
            lines.text["sources"].format(human=_number(dimension.human), ai=_number(dimension.ai))
        )
    return out[:MAX_LINES]

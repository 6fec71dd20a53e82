"""Features of what was said: delivery from word timings, content against the question's
rubric chain, exemplar answers and (for behavioural questions) the STAR structure.
Every feature keeps the transcript segments, with timestamps, that produced it."""

from __future__ import annotations

import itertools
import re
from typing import Protocol

import numpy as np

from hireflow.assessment.model import Question, QuestionKind, RubricPoint
from hireflow.scoring.model import (
    ContentFeatures,
    Moment,
    RubricFinding,
    Segment,
    SpeechFeatures,
    StarFinding,
    Transcript,
)

LONG_PAUSE_SECONDS = 2.0
# A rubric point without a cue in the answer still counts when a clause means it: cosine
# (USE multilingual v3) to the point's anchors at or above this. Clear paraphrases score
# 0.63-0.81, other rubric points and off-topic or evasive clauses 0.49 at most.
RUBRIC_MEANING_THRESHOLD = 0.55
# Chinese has no spaces: word-based ratios use characters over this (the mean length of
# a modern Chinese word is about 1.5 characters), so a filler rate means the same in both.
ZH_CHARACTERS_PER_WORD = 1.5
# A silence this long after 那个, 就是 or 然后 makes it a filler even without a comma.
ZH_FILLER_PAUSE_SECONDS = 0.3

# Chinese words that are fillers only when they hang in the air: followed by a pause
# (punctuation, the end of a segment, a silence) or by themselves ("然后然后"), or, for 啊, at the
# start of a clause. "那个人", "这就是原因" and "然后我们" are words, not fillers.
_ZH_PAUSE = r"(?=[，,、…。.！!？?\s]|$)"
ZH_FILLER_PATTERNS = {
    "嗯": r"嗯",
    "呃": r"呃",
    "额": r"(?<![金余数名限份总])额" + _ZH_PAUSE,
    "啊": r"(?:^|(?<=[，,、…。.！!？?\s]))啊",
    "就是说": r"就是说",
    "那个": r"那个(?=那个|[，,、…。.！!？?\s]|$)",
    "就是": r"就是(?!说)(?=就是|[，,、…。.！!？?\s]|$)",
    "然后": r"然后(?=然后|[，,、…。.！!？?\s]|$)",
}
FILLERS = {
    "en": ["um", "uh", "er", "erm", "ah", "hmm", "mm", "you know", "i mean"],
    "zh": list(ZH_FILLER_PATTERNS),
}
STAR_CUES = {
    "situation": {
        "en": [
            "when i was",
            "at my last",
            "at my previous",
            "there was a time",
            "once",
            "last year",
            "in my previous",
            "we had a",
        ],
        "zh": [
            "当时",
            "有一次",
            "那时候",
            "那时",
            "之前在",
            "以前在",
            "在我之前",
            "上一份工作",
            "上家公司",
            "去年",
            "情境",
            "背景",
        ],
    },
    "task": {
        "en": [
            "my task",
            "i needed to",
            "i had to",
            "i was responsible",
            "my job was",
            "the goal",
            "my role",
        ],
        "zh": [
            "我的任务",
            "任务是",
            "我需要",
            "我负责",
            "负责",
            "目标是",
            "我的职责",
        ],
    },
    "action": {
        "en": [
            "i decided",
            "so i",
            "i talked",
            "i asked",
            "i organised",
            "i organized",
            "i suggested",
            "i spoke",
            "i set up",
            "i proposed",
            "i started",
        ],
        "zh": [
            "我决定",
            "于是我",
            "所以我",
            "我做了",
            "我主动",
            "我提出",
            "我建议",
            "我找",
            "我和他",
            "我跟他",
            "我先",
            "行动",
        ],
    },
    "result": {
        "en": [
            "as a result",
            "in the end",
            "the result",
            "the outcome",
            "we managed",
            "we finished",
            "i learned",
            "i learnt",
            "since then",
            "it worked",
        ],
        "zh": ["结果", "最后", "最终", "后来", "我学到", "从那以后", "成功", "效果"],
    },
}
# Clause boundaries, for matching meaning clause by clause.
_CLAUSE = r"[，,。.；;！!？?：:、…]+|\s+(?:and|then)\s+"


class Encoder(Protocol):
    name: str

    def encode(self, texts: list[str]) -> np.ndarray: ...


def _normalise(text: str) -> str:
    """Lower case, and British -ise spellings as -ize, so cues match either spelling."""
    return re.sub(r"is(e|es|ed|ing)\b", r"iz\1", text.lower())


_HAN = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"


def _units(text: str, language: str) -> int:
    """Words, or for Chinese characters (plus any Latin words, as in "KPI" or "OK")."""
    if language == "zh":
        return len(re.findall(_HAN, text)) + len(re.findall(r"[A-Za-z0-9']+", text))
    return len(re.findall(r"[\w']+", text))


def _clauses(text: str) -> list[str]:
    return [c.strip() for c in re.split(_CLAUSE, text) if c.strip()]


def _has_han(text: str) -> bool:
    return re.search(_HAN, text) is not None


def _with_pauses(segment: Segment) -> str:
    """The segment's words run together, with a comma wherever the speaker paused."""
    words, text = segment.words, ""
    for i, word in enumerate(words):
        text += word.text.strip()
        if i + 1 < len(words) and words[i + 1].start - word.end >= ZH_FILLER_PAUSE_SECONDS:
            text += "，"
    return text


def _fillers(transcript: Transcript) -> list[str]:
    language = transcript.language
    found: list[str] = []
    if language == "zh":
        # Per segment, so the end of a segment (a pause) counts as a boundary. A speech
        # model may leave out the commas: a silence after a word in the timings counts as
        # one too, and for each filler the reading that finds more of it is kept.
        for segment in transcript.segments:
            readings = [segment.text.strip(), _with_pauses(segment)]
            for filler, pattern in ZH_FILLER_PATTERNS.items():
                found += [filler] * max(len(re.findall(pattern, r)) for r in readings)
        return found
    text = _normalise(transcript.text)
    for filler in FILLERS.get(language, []):
        found += [filler] * len(re.findall(rf"\b{filler}\b", text))
    return found


def _contains(text: str, cue: str, language: str) -> bool:
    if language == "zh":
        return cue in text
    return re.search(rf"\b{re.escape(_normalise(cue))}\b", _normalise(text)) is not None


def _anchors(point: RubricPoint, question: Question, language: str) -> list[str]:
    """What a rubric point means: its label with its cues, and each exemplar clause in the
    answer's language that carries one of its cues ("I apologise for the trouble")."""
    label = point.label.in_(language)
    cues = point.cues.get(language, [])
    anchors = [f"{label}: {', '.join(cues)}" if cues else label]
    for exemplar in question.exemplar_answers:
        if _has_han(exemplar) != (language == "zh"):
            continue
        anchors += [
            c for c in _clauses(exemplar) if any(_contains(c, cue, language) for cue in cues)
        ]
    return anchors


def _moment(segment: Segment) -> Moment:
    return Moment(start=segment.start, end=segment.end, text=segment.text)


def speech_features(transcript: Transcript) -> SpeechFeatures:
    language = transcript.language
    words = transcript.words
    units = _units(transcript.text, language)
    if not words:
        return SpeechFeatures(
            words=0,
            speaking_seconds=0,
            words_per_minute=0,
            fillers=0,
            filler_ratio=0,
            filler_words=[],
            long_pauses=[],
            pause_share=0,
        )
    speaking = max(words[-1].end - words[0].start, 0.01)
    pauses = [
        Moment(start=a.end, end=b.start, text="")
        for a, b in itertools.pairwise(words)
        if b.start - a.end > LONG_PAUSE_SECONDS
    ]
    found = _fillers(transcript)
    per_word = units / ZH_CHARACTERS_PER_WORD if language == "zh" else units
    return SpeechFeatures(
        words=units,
        speaking_seconds=round(speaking, 2),
        words_per_minute=round(units / speaking * 60, 1),
        fillers=len(found),
        filler_ratio=round(len(found) / max(per_word, 1), 3),
        filler_words=sorted(set(found)),
        long_pauses=pauses,
        pause_share=round(sum(p.end - p.start for p in pauses) / speaking, 3),
    )


def content_features(
    transcript: Transcript, question: Question, encoder: Encoder | None
) -> ContentFeatures:
    language = transcript.language
    segments = [s for s in transcript.segments if s.text.strip()]
    # Meaning is matched clause by clause: a long segment that covers several points
    # would otherwise sit half-way between all of them.
    clauses = [(i, c) for i, s in enumerate(segments) for c in _clauses(s.text) or [s.text]]
    vectors = encoder.encode([c for _, c in clauses]) if encoder and clauses else None

    rubric: list[RubricFinding] = []
    for point in question.rubric:
        label = point.label.in_(language)
        finding = RubricFinding(key=point.key, label=label, covered=False)
        cues = point.cues.get(language, [])
        for segment in segments:
            cue = next((c for c in cues if _contains(segment.text, c, language)), None)
            if cue:
                finding = finding.model_copy(
                    update={"covered": True, "via": f'cue "{cue}"', "moment": _moment(segment)}
                )
                break
        if not finding.covered and vectors is not None and encoder is not None:
            anchors = encoder.encode(_anchors(point, question, language))
            similarity = (vectors @ anchors.T).max(axis=1)
            best = int(np.argmax(similarity))
            if similarity[best] >= RUBRIC_MEANING_THRESHOLD:
                finding = finding.model_copy(
                    update={
                        "covered": True,
                        "via": f"meaning {similarity[best]:.2f}",
                        "moment": _moment(segments[clauses[best][0]]),
                    }
                )
        rubric.append(finding)

    covered = [f for f in rubric if f.covered and f.moment]
    in_order = None
    if rubric:
        starts = [f.moment.start for f in covered if f.moment]
        pairs = list(itertools.pairwise(starts))
        in_order = (
            round(sum(a <= b for a, b in pairs) / len(pairs), 3)
            if pairs
            else (1.0 if covered else 0.0)
        )

    similarity = closest = None
    if question.exemplar_answers and encoder is not None and transcript.text:
        answer = encoder.encode([transcript.text])[0]
        exemplars = encoder.encode(question.exemplar_answers)
        similarity = round(float(np.max(exemplars @ answer)), 3)
        if vectors is not None:
            best = int(np.argmax((vectors @ exemplars.T).max(axis=1)))
            closest = _moment(segments[clauses[best][0]])

    star = None
    if question.kind == QuestionKind.BEHAVIOURAL:
        star = []
        for part, cues_by_language in STAR_CUES.items():
            hit = next(
                (
                    (segment, cue)
                    for segment in segments
                    for cue in cues_by_language.get(language, [])
                    if _contains(segment.text, cue, language)
                ),
                None,
            )
            star.append(
                StarFinding(
                    part=part,
                    found=hit is not None,
                    cue=hit[1] if hit else None,
                    moment=_moment(hit[0]) if hit else None,
                )
            )

    return ContentFeatures(
        rubric=rubric,
        rubric_coverage=round(len(covered) / len(rubric), 3) if rubric else None,
        rubric_in_order=in_order,
        exemplar_similarity=similarity,
        closest_moment=closest,
        star=star,
    )

"""Features of what was said: delivery from word timings, content against the question's
rubric chain, exemplar answers and (for behavioural questions) the STAR structure.
Every feature keeps the transcript segments, with timestamps, that produced it."""

from __future__ import annotations

import itertools
import re
from typing import Protocol

import numpy as np

from hireflow.assessment.model import Question, QuestionKind
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
# A rubric point without a cue in the answer still counts when a sentence means it.
RUBRIC_MEANING_THRESHOLD = 0.55

FILLERS = {
    "en": ["um", "uh", "er", "erm", "ah", "hmm", "mm", "you know", "i mean"],
    "zh": ["嗯", "呃", "啊", "那个", "就是说"],
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
        "zh": ["当时", "有一次", "那时候", "在我之前"],
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
        "zh": ["我的任务", "我需要", "我负责", "目标是"],
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
        "zh": ["我决定", "于是我", "我和", "我主动", "我提出"],
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
        "zh": ["结果", "最后", "最终", "我学到", "从那以后"],
    },
}


class Encoder(Protocol):
    name: str

    def encode(self, texts: list[str]) -> np.ndarray: ...


def _normalise(text: str) -> str:
    """Lower case, and British -ise spellings as -ize, so cues match either spelling."""
    return re.sub(r"is(e|es|ed|ing)\b", r"iz\1", text.lower())


def _units(text: str, language: str) -> int:
    if language == "zh":
        return len(re.findall(r"[\u4e00-\u9fff]", text))
    return len(re.findall(r"[\w']+", text))


def _contains(text: str, cue: str, language: str) -> bool:
    if language == "zh":
        return cue in text
    return re.search(rf"\b{re.escape(_normalise(cue))}\b", _normalise(text)) is not None


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
    found: list[str] = []
    text = _normalise(transcript.text)
    for filler in FILLERS.get(language, []):
        hits = text.count(filler) if language == "zh" else len(re.findall(rf"\b{filler}\b", text))
        found += [filler] * hits
    return SpeechFeatures(
        words=units,
        speaking_seconds=round(speaking, 2),
        words_per_minute=round(units / speaking * 60, 1),
        fillers=len(found),
        filler_ratio=round(len(found) / max(units, 1), 3),
        filler_words=sorted(set(found)),
        long_pauses=pauses,
        pause_share=round(sum(p.end - p.start for p in pauses) / speaking, 3),
    )


def content_features(
    transcript: Transcript, question: Question, encoder: Encoder | None
) -> ContentFeatures:
    language = transcript.language
    segments = [s for s in transcript.segments if s.text.strip()]
    vectors = encoder.encode([s.text for s in segments]) if encoder and segments else None

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
            meaning = encoder.encode([f"{label}: {', '.join(cues)}" if cues else label])[0]
            similarity = vectors @ meaning
            best = int(np.argmax(similarity))
            if similarity[best] >= RUBRIC_MEANING_THRESHOLD:
                finding = finding.model_copy(
                    update={
                        "covered": True,
                        "via": f"meaning {similarity[best]:.2f}",
                        "moment": _moment(segments[best]),
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
            closest = _moment(segments[int(np.argmax((vectors @ exemplars.T).max(axis=1)))])

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

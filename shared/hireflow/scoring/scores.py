"""From features to scores. Every formula is written out in docs/scoring.md; each score
keeps its parts (the feature values) and the transcript moments behind it.

Per answer, three feature scores of 0-100:
- content: the rubric chain (covered points, and in order), similarity to the exemplar
  answers, and STAR parts for behavioural questions, averaged over what the question has;
- delivery: pace, fillers, long pauses and how much of the answer time was used;
- presence: face in view, framed and turned to the camera (weight 0 by default).
A dimension's score is the mean, over the questions measuring it, of the answer's feature
scores mixed by the template's feature weights; the overall score weighs the dimensions.
An answer with insufficient evidence has no scores and is left out of both; with no
answer to judge there is no AI score at all.
"""

from __future__ import annotations

from typing import Any

from hireflow.assessment.model import InterviewTemplate, Question
from hireflow.platform.messages import Coded, code_of
from hireflow.scoring.model import (
    AnswerAssessment,
    AnswerScores,
    ContentFeatures,
    DimensionEvidence,
    DimensionResult,
    Moment,
    Score,
    SpeechFeatures,
    Transcript,
    VisionFeatures,
)

# Comfortable pace: words per minute in English, characters per minute in Chinese.
PACE = {"en": (110.0, 170.0), "zh": (160.0, 280.0)}
# A full answer speaks for at least this share of the question's answer time.
FULL_ANSWER_SHARE = 0.3
# Exemplar cosine similarity (USE multilingual v3) mapped to 0-100: unrelated speech sits
# near 0.1, an evasive answer on the same topic near 0.5 (both 0); a full answer in the
# exemplar's language reaches 0.8 and above (100). See docs/scoring.md for the table.
EXEMPLAR_RANGE = (0.5, 0.8)
CONTENT_PARTS = {"rubric": 0.5, "exemplar": 0.3, "star": 0.2}
DARK_BELOW = 60.0
BLURRY_BELOW = 60.0


def ramp(value: float, low: float, high: float) -> float:
    """0 at ``low`` or below, 1 at ``high`` or above, linear between."""
    if high == low:
        return 1.0 if value >= high else 0.0
    return min(1.0, max(0.0, (value - low) / (high - low)))


def content_score(features: ContentFeatures, speech: SpeechFeatures, full: float) -> Score:
    parts: dict[str, float | None] = {"rubric": None, "exemplar": None, "star": None}
    moments: list[Moment] = []
    if features.rubric_coverage is not None:
        in_order = features.rubric_in_order or 0.0
        parts["rubric"] = 100 * (
            0.8 * features.rubric_coverage + 0.2 * features.rubric_coverage * in_order
        )
        moments += [f.moment for f in features.rubric if f.moment]
    if features.exemplar_similarity is not None:
        parts["exemplar"] = 100 * ramp(features.exemplar_similarity, *EXEMPLAR_RANGE)
        if features.closest_moment:
            moments.append(features.closest_moment)
    if features.star is not None:
        parts["star"] = 25.0 * sum(p.found for p in features.star)
        moments += [p.moment for p in features.star if p.moment]
    weighted = [(CONTENT_PARTS[k], v) for k, v in parts.items() if v is not None]
    if weighted:
        value = sum(w * v for w, v in weighted) / sum(w for w, _ in weighted)
        formula = "0.5 rubric + 0.3 exemplar + 0.2 STAR, over the parts the question has"
    else:
        value = full  # nothing to compare with: how complete the answer is
        formula = "no rubric, exemplar or STAR: the answer's fullness"
    if speech.words == 0:
        value = 0.0
    return Score(
        value=round(value, 1),
        formula=formula,
        parts={k: None if v is None else round(v, 1) for k, v in parts.items()},
        moments=_unique(moments),
    )


def delivery_score(
    speech: SpeechFeatures, language: str, answer_seconds: float
) -> tuple[Score, float]:
    low, high = PACE.get(language, PACE["en"])
    wpm = speech.words_per_minute
    pace = 100 * (ramp(wpm, low / 2, low) if wpm < low else 1 - ramp(wpm, high, high * 1.6))
    fluency = 100 * (1 - ramp(speech.filler_ratio, 0.0, 0.25))
    flow = 100 * (1 - ramp(speech.pause_share, 0.0, 0.5))
    full = 100 * ramp(speech.speaking_seconds, 0.0, FULL_ANSWER_SHARE * answer_seconds)
    parts = {"pace": pace, "fluency": fluency, "flow": flow, "fullness": full}
    value = sum(parts.values()) / 4 if speech.words else 0.0
    return (
        Score(
            value=round(value, 1),
            formula=(
                f"mean of pace (100 within {low:.0f}-{high:.0f}/min), fluency (100 - 400 x filler "
                "ratio), flow (100 - 200 x long-pause share), fullness (speaking time against "
                f"{FULL_ANSWER_SHARE:.0%} of the answer time)"
            ),
            parts={k: round(v, 1) for k, v in parts.items()},
            moments=speech.long_pauses[:5],
        ),
        full,
    )


def presence_score(vision: VisionFeatures) -> Score:
    parts = {
        "face_present": 100 * vision.face_present,
        "centred": 100 * vision.centred,
        "frontal": 100 * vision.frontal,
    }
    value = 0.5 * parts["face_present"] + 0.25 * parts["centred"] + 0.25 * parts["frontal"]
    return Score(
        value=round(value, 1),
        formula="0.5 face present + 0.25 centred + 0.25 turned to the camera (shares of frames)",
        parts={k: round(v, 1) for k, v in parts.items()},
    )


def integrity_flags(vision: VisionFeatures, speech: SpeechFeatures | None) -> list[Coded]:
    """What a reviewer should check before trusting the scores (each with its code)."""
    flags = []
    if vision.several_faces > 0:
        times = ", ".join(f"{t:.0f} s" for t in vision.several_faces_at[:5])
        flags.append(
            Coded(
                code="flag_several_faces",
                params={
                    "share": round(vision.several_faces * 100),
                    "at": [round(t) for t in vision.several_faces_at[:5]],
                },
                text=(
                    f"more than one face in view ({vision.several_faces:.0%} of frames, at {times})"
                ),
            )
        )
    if vision.face_present < 0.5:
        flags.append(
            Coded(
                code="flag_no_face",
                params={"share": round((1 - vision.face_present) * 100)},
                text=f"no face in view for {1 - vision.face_present:.0%} of the answer",
            )
        )
    if vision.frames and vision.brightness < DARK_BELOW:
        flags.append(
            Coded(
                code="flag_dark",
                params={"brightness": round(vision.brightness)},
                text=f"the picture is dark (mean brightness {vision.brightness:.0f} of 255)",
            )
        )
    if vision.face_present and vision.sharpness < BLURRY_BELOW:
        flags.append(
            Coded(
                code="flag_blurry",
                params={"sharpness": round(vision.sharpness)},
                text=f"the picture is blurry (sharpness {vision.sharpness:.0f})",
            )
        )
    if speech is not None and speech.words == 0:
        flags.append(Coded(code="flag_no_speech", text="no speech was recognised"))
    return flags


def assess_answer(
    question: Question,
    answer_seconds: float,
    duration: float,
    transcript: Transcript,
    speech: SpeechFeatures,
    content: ContentFeatures,
    vision: VisionFeatures,
    models: dict[str, str],
) -> AnswerAssessment:
    delivery, full = delivery_score(speech, transcript.language, answer_seconds)
    flags = integrity_flags(vision, speech)
    return AnswerAssessment(
        question_id=question.id,
        duration=round(duration, 2),
        transcript=transcript,
        speech=speech,
        content=content,
        vision=vision,
        scores=AnswerScores(
            content=content_score(content, speech, full),
            delivery=delivery,
            presence=presence_score(vision),
        ),
        flags=[f.text for f in flags],
        flag_codes=flags,
        models=models,
    )


def insufficient_answer(
    question: Question,
    duration: float,
    reason: str,
    vision: VisionFeatures,
    models: dict[str, str],
    transcript: Transcript | None = None,
) -> AnswerAssessment:
    """The AI cannot judge this answer (``reason``): no scores, what was seen is kept."""
    flags = integrity_flags(vision, None)
    code, params = code_of(reason)
    return AnswerAssessment(
        question_id=question.id,
        duration=round(duration, 2),
        insufficient_evidence=str(reason),
        insufficient_evidence_code=code,
        insufficient_evidence_params=params,
        transcript=transcript,
        speech=None,
        content=None,
        vision=vision,
        scores=None,
        flags=[f.text for f in flags],
        flag_codes=flags,
        models=models,
    )


def with_evidence(answers: dict[str, AnswerAssessment]) -> dict[str, AnswerScores]:
    """The answers the AI could judge, by question: their scores."""
    return {
        qid: a.scores
        for qid, a in answers.items()
        if a.scores is not None and a.insufficient_evidence is None
    }


# ------------------------------------------------------------------ dimensions, overall


def dimension_scores(
    template: InterviewTemplate, answers: dict[str, AnswerAssessment]
) -> list[DimensionResult]:
    """Every question that measures a dimension counts; an unanswered question counts 0;
    an answer with insufficient evidence does not count. With no answer the AI could
    judge, no dimension has a score."""
    scored = with_evidence(answers)
    results = []
    for key, weight in template.dimension_weights.items():
        mix = template.features_of(key)
        evidence = []
        for stage in template.stages:
            for question in stage.questions:
                if key not in question.dimensions:
                    continue
                if question.id in answers and question.id not in scored:
                    continue  # insufficient evidence: left out
                s = scored.get(question.id)
                if s is None:
                    evidence.append(
                        DimensionEvidence(
                            question_id=question.id,
                            score=0.0,
                            content=None,
                            delivery=None,
                            presence=None,
                        )
                    )
                    continue
                value = (
                    mix.content * s.content.value
                    + mix.delivery * s.delivery.value
                    + mix.presence * s.presence.value
                )
                evidence.append(
                    DimensionEvidence(
                        question_id=question.id,
                        score=round(value, 1),
                        content=s.content.value,
                        delivery=s.delivery.value,
                        presence=s.presence.value,
                    )
                )
        score = (
            round(sum(e.score for e in evidence) / len(evidence), 1)
            if evidence and scored
            else None
        )
        results.append(
            DimensionResult(
                key=key,
                weight=weight,
                score=score,
                formula=(
                    f"mean over its questions of {mix.content:g} content + {mix.delivery:g} "
                    f"delivery + {mix.presence:g} presence (an unanswered question counts 0; "
                    "an answer with insufficient evidence is left out)"
                ),
                evidence=evidence,
            )
        )
    return results


def overall_score(dimensions: list[DimensionResult]) -> float | None:
    """The dimension weights over the dimensions with a score; None when none has one
    (no answer had enough evidence)."""
    scored = [d for d in dimensions if d.score is not None]
    if not scored:
        return None
    total = sum(d.weight for d in scored)
    return round(sum(d.weight * (d.score or 0) for d in scored) / total, 1) if total else 0.0


NO_EVIDENCE = (
    "no AI score: the AI could not judge any answer (insufficient evidence); "
    "watch the recordings and score them yourselves"
)


def suggestion(
    overall: float | None,
    dimensions: list[DimensionResult],
    flags: list[str],
    not_scored: int = 0,
) -> Coded:
    """A hint for the reviewers, never a decision (its code: ``suggest_*``; params: the
    weakest dimension to probe, whether to check the flags, answers not scored)."""
    check = bool(flags)
    if overall is None:
        text = NO_EVIDENCE + ("; check the integrity flags first" if check else "")
        return Coded(code="suggest_no_ai_score", params={"check_flags": check}, text=text)
    scored = sorted((d for d in dimensions if d.score is not None), key=lambda d: d.score or 0)
    weakest = scored[0] if scored else None
    probe = f"probe {weakest.key.replace('_', ' ')} ({weakest.score:.0f})" if weakest else ""
    if overall >= 70:
        code = "suggest_second_round"
        if not (weakest and (weakest.score or 0) < 60):
            weakest, probe = None, ""
        text = "recommend second round" + (f"; {probe}" if probe else "")
    elif overall >= 50:
        code = "suggest_borderline"
        text = f"borderline: watch the answers before deciding; {probe}"
    else:
        code = "suggest_little_evidence"
        text = f"little evidence for this role in the answers; {probe}"
    if check:
        text += "; check the integrity flags first"
    text = text.strip("; ")
    if not_scored:
        text += f"; {not_scored} not scored (insufficient evidence)"
    params: dict[str, Any] = {"check_flags": check, "not_scored": not_scored}
    if weakest is not None and weakest.score is not None:
        params.update(probe=weakest.key, probe_score=round(weakest.score))
    return Coded(code=code, params=params, text=text)


def key_moments(answers: dict[str, AnswerAssessment], limit: int = 3) -> dict[str, list[Moment]]:
    return {qid: s.content.moments[:limit] for qid, s in with_evidence(answers).items()}


def missing_rubric(
    answers: dict[str, AnswerAssessment], template: InterviewTemplate
) -> dict[str, list[str]]:
    missing = {}
    for qid, answer in answers.items():
        found = template.question(qid)
        if found and found[1].rubric and answer.content and answer.insufficient_evidence is None:
            gaps = [f.label for f in answer.content.rubric if not f.covered]
            if gaps:
                missing[qid] = gaps
    return missing


def _unique(moments: list[Moment]) -> list[Moment]:
    seen: set[tuple[float, float]] = set()
    out = []
    for m in sorted(moments, key=lambda m: m.start):
        if (m.start, m.end) not in seen:
            seen.add((m.start, m.end))
            out.append(m)
    return out

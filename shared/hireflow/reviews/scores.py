"""Combining the AI report's and the reviewers' scores: pure rules, no I/O.

Per dimension: the reviewers' mean, the AI score, and their weighted combination (the
position's AI / human weights, 40/60 by default); where one side is missing the other
stands alone. A dimension where AI and people differ by more than
``DISAGREEMENT_POINTS`` is flagged. Overall scores weight the dimensions by the
competency model, over the dimensions that have a value. Where the AI's weight is
dropped for a round (docs/human-oversight.md) the reviewers' marks stand alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pydantic import BaseModel

from hireflow.assessment.model import Dimension
from hireflow.recruiting.model import Candidate, Position, ScoreWeights

DISAGREEMENT_POINTS = 20.0


class DimensionScore(BaseModel):
    key: str
    name: str
    name_zh: str | None = None
    weight: float
    ai: float | None
    human: float | None
    combined: float | None
    disagreement: bool


class Scores(BaseModel):
    candidate_id: str
    round: int
    weights: dict[str, float]
    dimensions: list[DimensionScore]
    ai_overall: float | None
    human_overall: float | None
    combined_overall: float | None
    reviewers: int
    disagreement_threshold: float
    # Why the AI's weight is dropped for the candidate: combined = the reviewers' alone.
    ai_dropped: str | None = None


def weighted(values: Mapping[str, float | None], weights: Mapping[str, float]) -> float | None:
    """The weighted mean of the values that are known (None if none is)."""
    known = {k: v for k, v in values.items() if v is not None}
    if not known:
        return None
    total = sum(weights[k] for k in known)
    return round(sum(v * weights[k] for k, v in known.items()) / total, 1) if total else None


def dimension_score(
    dimension: Dimension,
    ai: float | None,
    marks: Sequence[int],
    ai_weight: float,
    human_weight: float,
) -> DimensionScore:
    human = round(sum(marks) / len(marks), 1) if marks else None
    combined: float | None
    if ai is not None and human is not None:
        combined = round(ai_weight * ai + human_weight * human, 1)
    else:
        combined = ai if human is None else human
    return DimensionScore(
        key=dimension.key,
        name=dimension.name,
        name_zh=dimension.name_zh,
        weight=dimension.weight,
        ai=ai,
        human=human,
        combined=combined,
        disagreement=ai is not None and human is not None and abs(ai - human) > DISAGREEMENT_POINTS,
    )


def combine(
    candidate_id: str,
    round_: int,
    dimensions: Sequence[Dimension],
    ai_scores: Mapping[str, float],
    scorecards: Sequence[Mapping[str, int]],
    ai_weight: float = 0.4,
    human_weight: float = 0.6,
) -> Scores:
    """The scores view of one round: ``scorecards`` are the reviewers' marks by dimension."""
    rows = [
        dimension_score(
            d,
            ai_scores.get(d.key),
            [card[d.key] for card in scorecards if d.key in card],
            ai_weight,
            human_weight,
        )
        for d in dimensions
    ]
    dimension_weights = {d.key: d.weight for d in dimensions}
    return Scores(
        candidate_id=candidate_id,
        round=round_,
        weights={"ai": ai_weight, "human": human_weight},
        dimensions=rows,
        ai_overall=weighted({r.key: r.ai for r in rows}, dimension_weights),
        human_overall=weighted({r.key: r.human for r in rows}, dimension_weights),
        combined_overall=weighted({r.key: r.combined for r in rows}, dimension_weights),
        reviewers=len(scorecards),
        disagreement_threshold=DISAGREEMENT_POINTS,
    )


def round_scores(
    candidate: Candidate,
    position: Position | None,
    round_: int,
    ai_scores: Mapping[str, float],
    scorecards: Sequence[Mapping[str, int]],
) -> Scores:
    """The rule of ``/scores`` for one round (the review file prints the same): the
    position's weights, or people alone (AI 0 / human 1) where the AI's weight is dropped."""
    weights = position.score_weights if position else ScoreWeights()
    dropped = candidate.ai_dropped_in(round_)
    if dropped:
        ai_scores, weights = {}, ScoreWeights(ai=0, human=1)
    scores = combine(
        candidate.id,
        round_,
        position.competency_model.dimensions if position else [],
        ai_scores,
        scorecards,
        ai_weight=weights.ai,
        human_weight=weights.human,
    )
    return scores.model_copy(update={"ai_dropped": dropped})

"""Matching people to a position: pure numpy, no I/O (docs/talent.md "Matching: the
formula").

Over the position's competency dimensions d (weights w, pass lines t = line / 100):

- résumé evidence r_d = R_MAX * (1 - 2^-n_d), n_d = the distinct skills and certificates
  the résumé claims that HQ's skill map maps to d (each further claim adds half of what
  is left; a claim says a skill is there, not how good it is, so r never exceeds R_MAX);
- interview evidence i_d = the dimension's score / 100 (combined where people scored,
  else the AI's), or *not measured*;
- the person's level x_d = A * i_d + (1 - A) * r_d where measured, else r_d alone (a
  missing interview score is not a zero: the résumé stands alone, and as it is capped at
  R_MAX a claim alone never looks like a strong interview);
- cos = sum(w_d x_d) / (|w| |x|): the shape of the person against what the position
  weighs;
- level L = sum(w_d * min(x_d / t_d, 1)) / sum(w_d): how far the person reaches the pass
  lines (a plain cosine is blind to scale: 30 everywhere is as "similar" as 90
  everywhere; L is 0.5 against 1.0 there);
- score = L * cos, and dimension d contributes L * w_d x_d / (|w| |x|): the parts sum to
  the score. A part's résumé share is (1 - A) r_d / x_d of it (all of it when not
  measured), the rest is the interview's.

Everything is vectorised over people (rows) and dimensions (columns), so a pool of 10k
people is a few array operations (tests/bench/matching.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from hireflow.talent.model import Match, MatchPart

R_MAX = 0.8  # the most a résumé's claims alone say about a dimension
INTERVIEW_SHARE = 0.7  # A: how much the interview counts where it measured a dimension
STRONG_PARTS = 2  # reasons name the strongest contributing dimensions, this many
SHOWN_SKILLS = 3  # and up to this many mapped skills

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class PositionProfile:
    """What a position asks for: its dimensions, their weights and pass lines (0-100)."""

    dimensions: tuple[str, ...]
    weights: tuple[float, ...]
    pass_lines: tuple[float, ...]


@dataclass(frozen=True)
class Person:
    """What matching knows of one person: the skill keys their résumé claims and the
    interview's dimension scores (0-100; a dimension absent was not measured)."""

    candidate_id: str
    skills: Sequence[str]
    scores: Mapping[str, float]


class SkillIndex:
    """HQ's skill map as a lookup (key or alias, lower-case -> dimension keys), built once
    per matching run rather than searched per claim."""

    def __init__(self, mapping: Mapping[str, Sequence[str]]) -> None:
        self._dimensions = {k.strip().lower(): tuple(v) for k, v in mapping.items()}

    def dimensions_of(self, skill: str) -> tuple[str, ...]:
        return self._dimensions.get(skill.strip().lower(), ())


@dataclass(frozen=True)
class Evidence:
    """Everyone's evidence as arrays: ``claims`` counts mapped claims per dimension,
    ``interview`` holds score/100 with NaN where not measured."""

    claims: Floats
    interview: Floats

    @classmethod
    def of(
        cls, people: Sequence[Person], position: PositionProfile, skills: SkillIndex
    ) -> Evidence:
        column = {d: j for j, d in enumerate(position.dimensions)}
        claims = np.zeros((len(people), len(column)))
        interview = np.full((len(people), len(column)), np.nan)
        for row, person in enumerate(people):
            for skill in set(person.skills):
                for dimension in skills.dimensions_of(skill):
                    j = column.get(dimension)
                    if j is not None:
                        claims[row, j] += 1
            for dimension, score in person.scores.items():
                j = column.get(dimension)
                if j is not None:
                    interview[row, j] = min(max(score, 0.0), 100.0) / 100
        return cls(claims, interview)


@dataclass(frozen=True)
class Scored:
    """Every person's score and the per-dimension arrays the parts are read from."""

    score: Floats  # (people,)
    contribution: Floats  # (people, dimensions)
    resume: Floats  # r
    interview: Floats  # i (NaN: not measured)
    resume_part: Floats  # the résumé's share of each contribution


def score(evidence: Evidence, position: PositionProfile) -> Scored:
    """The formula of the module docstring, for every person at once."""
    w = np.asarray(position.weights, dtype=float)
    t = np.clip(np.asarray(position.pass_lines, dtype=float) / 100, 0.01, 1.0)
    r = R_MAX * (1 - np.power(2.0, -evidence.claims))
    i = evidence.interview
    measured = ~np.isnan(i)
    from_interview = np.where(measured, INTERVIEW_SHARE * np.nan_to_num(i), 0.0)
    from_resume = np.where(measured, (1 - INTERVIEW_SHARE) * r, r)
    x = from_interview + from_resume
    w_norm = float(np.linalg.norm(w))
    x_norm = np.linalg.norm(x, axis=1)
    weight_sum = float(w.sum())
    if w_norm == 0 or weight_sum == 0:
        zeros = np.zeros_like(x)
        return Scored(np.zeros(len(x)), zeros, r, i, zeros)
    level = (np.minimum(x / t, 1.0) * w).sum(axis=1) / weight_sum
    scale = np.divide(level, x_norm * w_norm, out=np.zeros_like(level), where=x_norm > 0)
    contribution = scale[:, None] * w * x
    resume_part = np.divide(
        contribution * from_resume, x, out=np.zeros_like(contribution), where=x > 0
    )
    return Scored(contribution.sum(axis=1), contribution, r, i, resume_part)


def rank(
    people: Sequence[Person],
    position: PositionProfile,
    skills: SkillIndex,
    top: int | None = None,
) -> list[Match]:
    """People best first (ties: the earlier in ``people``), the best ``top`` of them as
    ``Match`` with their parts and reasons."""
    if not people or not position.dimensions:
        return []
    scored = score(Evidence.of(people, position, skills), position)
    order = np.argsort(-scored.score, kind="stable")
    if top is not None:
        order = order[:top]
    return [_match(people[k], int(k), scored, position, skills) for k in order]


def _match(
    person: Person, k: int, scored: Scored, position: PositionProfile, skills: SkillIndex
) -> Match:
    total = float(scored.score[k])
    parts = [
        MatchPart(
            dimension=d,
            weight=position.weights[j],
            resume=round(float(scored.resume[k, j]), 4),
            interview=None
            if np.isnan(scored.interview[k, j])
            else round(float(scored.interview[k, j]), 4),
            contribution=float(scored.contribution[k, j]),
        )
        for j, d in enumerate(position.dimensions)
    ]
    resume_total = float(scored.resume_part[k].sum())
    return Match(
        candidate_id=person.candidate_id,
        score=total,
        parts=parts,
        resume_share=resume_total / total if total > 0 else 0.0,
        interview_share=(total - resume_total) / total if total > 0 else 0.0,
        reasons=_reasons(person, parts, position, skills),
    )


def _reasons(
    person: Person, parts: list[MatchPart], position: PositionProfile, skills: SkillIndex
) -> list[dict[str, object]]:
    """Codes for the UI (web/shared/messages.js): the strongest parts, mapped skills, the
    dimensions the interview did not measure and those below their pass line."""
    reasons: list[dict[str, object]] = []
    lines = dict(zip(position.dimensions, position.pass_lines, strict=True))
    below = [
        p.dimension
        for p in parts
        if p.interview is not None and p.interview * 100 < lines[p.dimension]
    ]
    strongest = sorted(
        (p for p in parts if p.contribution > 0 and p.dimension not in below),
        key=lambda p: -p.contribution,
    )
    for part in strongest[:STRONG_PARTS]:
        reasons.append({"code": "match_strong_dimension", "params": {"dimension": part.dimension}})
    wanted = set(position.dimensions)
    mapped = [s for s in dict.fromkeys(person.skills) if wanted & set(skills.dimensions_of(s))]
    for skill in mapped[:SHOWN_SKILLS]:
        dimension = next(d for d in skills.dimensions_of(skill) if d in wanted)
        reasons.append({"code": "match_skill", "params": {"skill": skill, "dimension": dimension}})
    if below:
        reasons.append({"code": "match_below_pass_line", "params": {"dimensions": below}})
    unmeasured = [p.dimension for p in parts if p.interview is None]
    if unmeasured:
        reasons.append({"code": "match_not_interviewed", "params": {"dimensions": unmeasured}})
    return reasons

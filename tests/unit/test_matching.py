"""Matching people to a position (talent/matching.py, docs/talent.md): the better-fitting
person ranks first, a level term keeps the cosine from being blind to scale, a missing
interview score is not a zero, and each match's parts add up to its score."""

from __future__ import annotations

import math

import pytest

from hireflow.talent.matching import Person, PositionProfile, SkillIndex, rank

POSITION = PositionProfile(
    dimensions=("communication", "empathy", "problem_solving"),
    weights=(0.5, 0.3, 0.2),
    pass_lines=(60.0, 60.0, 60.0),
)
SKILLS = SkillIndex({"客户沟通": ["communication"], "excel": ["problem_solving"]})


def everywhere(score: float) -> dict[str, float]:
    return dict.fromkeys(POSITION.dimensions, score)


@pytest.mark.parametrize(
    ("better", "worse"),
    [
        # The same mean, but strong where the position weighs most.
        (
            Person("fits", [], {"communication": 85, "empathy": 60, "problem_solving": 40}),
            Person("misfits", [], {"communication": 40, "empathy": 60, "problem_solving": 85}),
        ),
        # A plain cosine calls these equal: the level term ranks 90 everywhere first.
        (Person("all-90", [], everywhere(90)), Person("all-30", [], everywhere(30))),
        # The same interview; a résumé claim the skill map ties to a dimension adds to it.
        (
            Person("claims", ["客户沟通"], everywhere(70)),
            Person("silent", ["烹饪"], everywhere(70)),
        ),
        # Not interviewed is not zero: the résumé stands alone (capped below a good interview).
        (Person("resume-only", ["客户沟通", "excel"], {}), Person("nothing", [], {})),
        (Person("interviewed", [], everywhere(80)), Person("resume-only", ["客户沟通"], {})),
    ],
    ids=["shape", "scale", "claim", "missing-not-zero", "interview-beats-claims"],
)
def test_the_better_fitting_person_ranks_first(better: Person, worse: Person):
    ranked = rank([worse, better], POSITION, SKILLS)
    assert [m.candidate_id for m in ranked] == [better.candidate_id, worse.candidate_id]
    assert ranked[0].score > ranked[1].score


def test_parts_sum_to_the_score_and_shares_to_one():
    person = Person("p", ["客户沟通", "excel"], {"communication": 72, "empathy": 55})
    (match,) = rank([person], POSITION, SKILLS)
    assert math.isclose(sum(p.contribution for p in match.parts), match.score, rel_tol=1e-9)
    assert math.isclose(match.resume_share + match.interview_share, 1.0, rel_tol=1e-9)
    parts = {p.dimension: p for p in match.parts}
    assert parts["problem_solving"].interview is None  # not measured, shown as such
    assert parts["communication"].resume == pytest.approx(0.4)  # one claim: R_MAX / 2
    assert 0 < match.resume_share < 1
    codes = [r["code"] for r in match.reasons]
    assert codes[0] == "match_strong_dimension"
    assert {"match_skill", "match_below_pass_line", "match_not_interviewed"} <= set(codes)
    assert {
        "code": "match_skill",
        "params": {"skill": "客户沟通", "dimension": "communication"},
    } in (match.reasons)


def test_the_worked_example_of_the_docs():
    """docs/talent.md "Matching: the formula": the numbers printed there."""
    position = PositionProfile(("communication", "empathy"), (0.6, 0.4), (60.0, 70.0))
    skills = SkillIndex({"客户沟通": ["communication"]})
    (match,) = rank(
        [Person("x", ["客户沟通"], {"communication": 80, "empathy": 50})], position, skills
    )
    assert round(match.score, 3) == 0.795
    assert [round(p.contribution, 3) for p in match.parts] == [0.592, 0.203]
    assert round(match.resume_share, 3) == 0.131


def test_top_keeps_the_best_and_an_empty_pool_matches_nobody():
    people = [Person(f"p{n}", [], everywhere(n)) for n in range(10, 100, 10)]
    assert [m.candidate_id for m in rank(people, POSITION, SKILLS, top=2)] == ["p90", "p80"]
    assert rank([], POSITION, SKILLS) == []

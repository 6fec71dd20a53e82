"""AI and human scores combined: pure rules, no AWS."""

import pytest

from hireflow.assessment.model import Dimension
from hireflow.reviews.scores import DISAGREEMENT_POINTS, combine, weighted

DIMENSIONS = [
    Dimension(key="communication", name="Communication", weight=0.5),
    Dimension(key="teamwork", name="Teamwork", weight=0.3),
    Dimension(key="problem_solving", name="Problem solving", weight=0.2),
]


def rows(scores):
    return {d.key: d for d in scores.dimensions}


def test_each_dimension_weights_ai_and_the_reviewers_mean():
    scores = combine(
        "c",
        1,
        DIMENSIONS,
        {"communication": 80.0, "teamwork": 50.0, "problem_solving": 60.0},
        [
            {"communication": 60, "teamwork": 70, "problem_solving": 60},
            {"communication": 70, "teamwork": 80, "problem_solving": 60},
        ],
    )
    communication = rows(scores)["communication"]
    assert communication.human == 65.0
    assert communication.combined == round(0.4 * 80 + 0.6 * 65, 1)
    assert scores.reviewers == 2
    assert scores.weights == {"ai": 0.4, "human": 0.6}


def test_the_positions_weights_replace_the_default():
    scores = combine(
        "c",
        1,
        DIMENSIONS,
        {"communication": 100.0},
        [{"communication": 0}],
        ai_weight=0.7,
        human_weight=0.3,
    )
    assert rows(scores)["communication"].combined == 70.0


@pytest.mark.parametrize(
    ("ai", "human", "flagged"),
    [
        (80.0, 80 - DISAGREEMENT_POINTS, False),
        (80.0, 59, True),
        (20.0, 41, True),
        (None, 10, False),
    ],
)
def test_a_gap_of_more_than_the_threshold_is_flagged(ai, human, flagged):
    ai_scores = {} if ai is None else {"teamwork": ai}
    scores = combine("c", 1, DIMENSIONS, ai_scores, [{"teamwork": human}])
    assert rows(scores)["teamwork"].disagreement is flagged


def test_one_side_missing_leaves_the_other_standing():
    only_ai = combine("c", 1, DIMENSIONS, {"communication": 72.0}, [])
    assert rows(only_ai)["communication"].combined == 72.0
    assert only_ai.human_overall is None
    only_people = combine("c", 1, DIMENSIONS, {}, [{"communication": 90}])
    assert rows(only_people)["communication"].combined == 90.0
    assert only_people.ai_overall is None


def test_overall_weights_only_the_dimensions_that_have_a_value():
    assert weighted({"a": 80.0, "b": None}, {"a": 0.25, "b": 0.75}) == 80.0
    assert weighted({"a": None}, {"a": 1.0}) is None
    scores = combine("c", 1, DIMENSIONS, {"communication": 80.0, "teamwork": 40.0}, [])
    assert scores.ai_overall == round((0.5 * 80 + 0.3 * 40) / 0.8, 1)

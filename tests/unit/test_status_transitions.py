"""The application status table: pure rules, no AWS."""

import pytest

from hireflow.recruiting.model import Candidate
from hireflow.recruiting.status import (
    TRANSITIONS,
    CandidateStatus,
    IllegalMove,
    can_move,
    decidable,
    interview_open,
    invitable,
    waits_for_hr,
)

S = CandidateStatus

MOVES = [
    (S.IMPORTED, S.INVITED, True),
    (S.IMPORTED, S.COMPLETED, False),
    (S.INVITED, S.COMPLETED, True),
    (S.INVITED, S.EXPIRED, True),
    (S.INVITED, S.IN_REVIEW, False),
    (S.COMPLETED, S.IN_REVIEW, True),
    (S.COMPLETED, S.REJECTED, False),
    (S.IN_REVIEW, S.REJECTED, True),
    (S.IN_REVIEW, S.SECOND_ROUND, True),
    (S.IN_REVIEW, S.OFFER_PENDING, True),
    (S.SECOND_ROUND, S.SECOND_ROUND, True),  # a third round
    (S.SECOND_ROUND, S.OFFER_PENDING, True),
    (S.EXPIRED, S.INVITED, True),
    (S.NEEDS_ATTENTION, S.INVITED, True),
    (S.NEEDS_ATTENTION, S.EXPIRED, True),  # a locked link's deadline passes
    (S.NEEDS_ATTENTION, S.IN_REVIEW, True),  # people review without the AI
    (S.NEEDS_ATTENTION, S.COMPLETED, True),  # HR re-ran the scoring of an answer
    (S.NEEDS_ATTENTION, S.OFFER_PENDING, False),  # decided in review, never straight away
    (S.INVITED, S.ALTERNATIVE_REQUESTED, True),  # the candidate asked for no AI
    (S.ALTERNATIVE_REQUESTED, S.IN_REVIEW, True),  # an interview with a person
    (S.ALTERNATIVE_REQUESTED, S.INVITED, True),  # the request declined, the link open
    (S.ALTERNATIVE_REQUESTED, S.COMPLETED, True),  # recorded after all
    (S.ALTERNATIVE_REQUESTED, S.REJECTED, False),  # never rejected for asking
    (S.REJECTED, S.INVITED, False),
    (S.OFFER_PENDING, S.REJECTED, False),
]


@pytest.mark.parametrize(("current", "to", "allowed"), MOVES)
def test_the_table_allows_exactly_the_lifecycle_moves(current, to, allowed):
    assert can_move(current, to) is allowed


@pytest.mark.parametrize("status", list(S))
def test_every_status_can_go_to_needs_attention_and_the_table_covers_it(status):
    assert status in TRANSITIONS
    assert can_move(status, S.NEEDS_ATTENTION)


def test_what_hr_may_do_follows_from_the_table():
    assert {s for s in S if invitable(s)} == {S.IMPORTED, S.EXPIRED, S.NEEDS_ATTENTION}
    assert {s for s in S if decidable(s)} == {S.IN_REVIEW, S.SECOND_ROUND}
    assert {s for s in S if interview_open(s)} == {S.INVITED, S.ALTERNATIVE_REQUESTED}
    assert {s for s in S if waits_for_hr(s)} == {S.NEEDS_ATTENTION, S.ALTERNATIVE_REQUESTED}


def test_an_illegal_move_is_a_conflict_with_a_reason():
    rejected = Candidate(
        name="A",
        phone="+8613800138000",
        email="a@example.com",
        branch_id="b",
        position_id="p",
        status=S.REJECTED,
    )
    with pytest.raises(IllegalMove, match="rejected cannot become invited") as refused:
        rejected.moved(S.INVITED)
    assert refused.value.status == 409
    assert rejected.moved(S.NEEDS_ATTENTION, "letter failed").status_reason == "letter failed"

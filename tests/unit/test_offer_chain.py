"""The offer's rules as tables: which terms may go out, which levels apply, who votes,
when a level is settled, and who may vote on whose behalf."""

from __future__ import annotations

from datetime import date

import pytest

from hireflow.identity.model import Caller, Role
from hireflow.offers import chain as rules
from hireflow.offers.model import (
    ApprovalChain,
    Approver,
    ApproverRef,
    ChainLevel,
    OfferTerms,
    ResolvedLevel,
    Vote,
)
from hireflow.platform.errors import Conflict, Forbidden, Invalid
from hireflow.recruiting.model import SalaryBand

TODAY = date(2026, 11, 24)
BAND = SalaryBand(minimum=6000, maximum=9000)


def terms(**changes) -> OfferTerms:
    values = {
        "department": "Sales",
        "monthly_salary": 8000,
        "start_date": date(2026, 12, 20),
        "work_location": "Shanghai",
        "response_deadline": date(2026, 12, 1),
        **changes,
    }
    return OfferTerms(**values)


def codes(raised: pytest.ExceptionInfo[Invalid]) -> set[str]:
    return {e.code for e in raised.value.errors}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, set()),
        ({"start_date": TODAY}, {"start_date_past", "deadline_after_start"}),
        ({"response_deadline": date(2026, 11, 23)}, {"deadline_passed_offer"}),
        ({"response_deadline": date(2026, 12, 20)}, {"deadline_after_start"}),
        ({"monthly_salary": 9500}, {"salary_out_of_band"}),
        ({"monthly_salary": 5000}, {"salary_out_of_band"}),
        ({"monthly_salary": 9500, "out_of_band_reason": "Scarce skills"}, set()),
        ({"monthly_salary": 9500, "out_of_band_reason": "   "}, {"salary_out_of_band"}),
        ({"currency": "USD"}, {"currency_not_band"}),
    ],
)
def test_terms_go_out_only_with_every_reason_met(changes, expected):
    if not expected:
        rules.check_terms(terms(**changes), BAND, TODAY)
        return
    with pytest.raises(Invalid) as raised:
        rules.check_terms(terms(**changes), BAND, TODAY)
    assert codes(raised) == expected


def test_a_probation_salary_above_the_salary_is_refused():
    with pytest.raises(ValueError, match="probation salary"):
        terms(probation_salary=9000, monthly_salary=8000)


PEOPLE = {
    Role.HIRING_MANAGER: [Approver(user_id="mgr", name="Manager")],
    Role.APPROVER: [Approver(user_id="gm", name="GM"), Approver(user_id="cfo", name="CFO")],
    Role.BRANCH_HR: [],
}


def people(ref: ApproverRef) -> list[Approver]:
    if ref.user_id:
        return [Approver(user_id=ref.user_id, name=ref.user_id.title())]
    return PEOPLE[ref.role]


CHAIN = ApprovalChain(
    branch_id="hq",
    levels=[
        ChainLevel(name="Manager", approvers=[ApproverRef(role=Role.HIRING_MANAGER)]),
        ChainLevel(name="GM", approvers=[ApproverRef(role=Role.APPROVER)], condition="above_band"),
        ChainLevel(
            name="Board",
            approvers=[ApproverRef(user_id="chair"), ApproverRef(role=Role.APPROVER)],
            rule="n_of_m",
            required=2,
            condition="salary_above",
            salary_above=20000,
        ),
    ],
)


@pytest.mark.parametrize(
    ("salary", "levels"),
    [
        (8000, ["Manager"]),  # in the band: the manager alone
        (9500, ["Manager", "GM"]),  # above it: the general manager too
        (5000, ["Manager"]),  # below it is not "above the band"
        (25000, ["Manager", "GM", "Board"]),  # above an amount: the board as well
    ],
)
def test_conditional_levels_apply_only_when_their_condition_holds(salary, levels):
    resolved = rules.resolve(CHAIN, terms(monthly_salary=salary), BAND, people)
    assert [level.name for level in resolved] == levels
    assert [level.index for level in resolved] == list(range(len(levels)))


def test_approvers_by_role_and_person_are_people_and_n_of_m_counts_them():
    board = rules.resolve(CHAIN, terms(monthly_salary=25000), BAND, people)[2]
    assert [a.user_id for a in board.approvers] == ["chair", "gm", "cfo"]
    assert board.needed == 2


def test_a_level_naming_nobody_stops_the_submission_with_a_reason():
    chain = ApprovalChain(
        branch_id="hq",
        levels=[ChainLevel(name="HR", approvers=[ApproverRef(role=Role.BRANCH_HR)])],
    )
    with pytest.raises(Conflict) as raised:
        rules.resolve(chain, terms(), BAND, people)
    assert raised.value.code == "no_approver"


def level(rule: str, needed: int, *ids: str) -> ResolvedLevel:
    return ResolvedLevel(
        index=0,
        name="L",
        rule=rule,  # type: ignore[arg-type]
        needed=needed,
        approvers=[Approver(user_id=i, name=i) for i in ids],
        why="always",
    )


def vote(approver: str, decision: str = "approve", by: str | None = None) -> Vote:
    return Vote(
        level=0,
        approver_id=approver,
        by_id=by or approver,
        by_name=by or approver,
        decision=decision,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("rule", "needed", "votes", "outcome"),
    [
        ("any", 1, [], "pending"),
        ("any", 1, [vote("a")], "approved"),
        ("all", 3, [vote("a"), vote("b")], "pending"),
        ("all", 3, [vote("a"), vote("b"), vote("c")], "approved"),
        ("n_of_m", 2, [vote("a")], "pending"),
        ("n_of_m", 2, [vote("a"), vote("c")], "approved"),
        ("n_of_m", 2, [vote("a"), vote("b", "reject")], "rejected"),
        ("any", 1, [vote("a", "reject")], "rejected"),  # one objection returns the offer
        ("all", 3, [vote("a"), vote("a")], "pending"),  # one person counts once
    ],
)
def test_a_level_is_settled_by_its_rule(rule, needed, votes, outcome):
    assert rules.outcome(level(rule, needed, "a", "b", "c"), votes) == outcome


def caller(user_id: str, *roles: Role) -> Caller:
    return Caller(user_id=user_id, username=user_id, roles=roles, branch_id="hq")


def test_an_approver_votes_once_for_themself_and_hq_on_behalf_of_a_named_approver():
    lv = level("all", 2, "gm", "cfo")
    assert rules.require_vote(caller("gm", Role.APPROVER), lv, [], None) == "gm"
    with pytest.raises(Conflict):
        rules.require_vote(caller("gm", Role.APPROVER), lv, [vote("gm")], None)
    with pytest.raises(Forbidden) as stranger:
        rules.require_vote(caller("hr", Role.BRANCH_HR), lv, [], None)
    assert stranger.value.code == "not_an_approver"
    # The GM cannot approve for the CFO; HQ HR can, and the vote records both.
    with pytest.raises(Forbidden) as behalf:
        rules.require_vote(caller("gm", Role.APPROVER), lv, [], "cfo")
    assert behalf.value.code == "not_on_behalf"
    assert rules.require_vote(caller("hq", Role.HQ_HR), lv, [], "cfo") == "cfo"
    with pytest.raises(Forbidden):
        rules.require_vote(caller("hq", Role.HQ_HR), lv, [], "someone-else")
    assert vote("cfo", by="hq").on_behalf
    assert [a.user_id for a in rules.waiting_for(lv, [vote("gm")])] == ["cfo"]

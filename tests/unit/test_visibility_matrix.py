"""Every list, dashboard and count shows only what the caller may read: each role, each
GET route of the HR API, against candidates in every position a role can stand to them
(assigned to the caller, unassigned in the caller's branch, in another branch).

A candidate the caller may not open (``Candidate.readable_by``) must not appear in any
answer - neither its id nor its name - and must not be counted."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from hireflow.api import create_app
from hireflow.bootstrap import services
from tests.support.builders import english_candidate

ROLES = [
    "hq.admin",
    "hq.hr",
    "shanghai.hr",
    "shenzhen.hr",
    "shanghai.interviewer",
    "shanghai.manager",
    "gm.approver",
]
# Who may read which candidate: the assigned one (Shanghai's reviewers are assigned),
# the unassigned one in Shanghai, and one in Shenzhen.
READERS = {
    "assigned": {"hq.admin", "hq.hr", "shanghai.hr", "shanghai.interviewer", "shanghai.manager"},
    "unassigned": {"hq.admin", "hq.hr", "shanghai.hr"},
    "shenzhen": {"hq.admin", "hq.hr", "shenzhen.hr"},
}


def get_routes() -> tuple[list[str], list[str]]:
    """The HR API's GET routes: lists (no path parameter) and one-candidate reads."""
    paths = create_app().get_openapi_schema().paths or {}
    gets = sorted(p for p, item in paths.items() if item.get is not None)
    lists = [p for p in gets if "{" not in p]
    per_candidate = [p for p in gets if re.fullmatch(r"/api/candidates/\{candidate_id\}[/\w-]*", p)]
    return lists, per_candidate


LISTS, PER_CANDIDATE = get_routes()


@pytest.fixture
def world(hr) -> dict[str, dict[str, Any]]:
    """Three candidates, each in needs_attention (so every dashboard lists them by name)."""
    made = {
        "assigned": english_candidate(hr, "Assigned Ann", reviewers=True),
        "unassigned": english_candidate(hr, "Unassigned Una"),
        "shenzhen": english_candidate(
            hr,
            "Shenzhen Shen",
            as_user="shenzhen.hr",
            branch_id="shenzhen",
            position_id="shenzhen-store-supervisor",
        ),
    }
    for candidate in made.values():
        services().workflow.run(
            {
                "task": "mark_needs_attention",
                "candidate_id": candidate["id"],
                "failed_state": "SendInvitation",
                "error": {"Error": "CannotInvite", "Cause": "{}"},
            }
        )
    return made


def hidden_from(user: str, world: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return [c for key, c in world.items() if user not in READERS[key]]


@pytest.mark.parametrize("user", ROLES)
def test_no_list_shows_a_candidate_the_caller_may_not_read(hr, world, user):
    hidden = hidden_from(user, world)
    for path in LISTS:
        reply = hr.get(path, user)
        assert reply.status in (200, 403), (path, reply)
        text = reply.text if reply.json is None else json.dumps(reply.json, ensure_ascii=False)
        for candidate in hidden:
            assert candidate["id"] not in text, (path, user, candidate["name"])
            assert candidate["name"] not in text, (path, user, candidate["name"])


@pytest.mark.parametrize("user", ROLES)
def test_the_candidate_list_is_exactly_what_the_caller_may_read(hr, world, user):
    reply = hr.get("/api/candidates", user)
    readable = {c["id"] for key, c in world.items() if user in READERS[key]}
    if reply.status == 403:
        assert not readable
        return
    assert {c["id"] for c in reply.json["items"]} == readable


@pytest.mark.parametrize("user", ROLES)
def test_dashboard_counts_and_attention_cover_only_readable_candidates(hr, world, user):
    reply = hr.get("/api/dashboard", user)
    if reply.status == 403:
        assert user in ("shanghai.interviewer", "gm.approver")
        return
    readable = [c for key, c in world.items() if user in READERS[key]]
    listed = {a["candidate_id"] for b in reply.json for a in b["needs_attention"]}
    assert listed == {c["id"] for c in readable}
    assert sum(n for b in reply.json for n in b["now"].values()) == len(readable)
    entered = sum(b["entered"].get("needs_attention", 0) for b in reply.json)
    assert entered == len(readable)


def test_the_hiring_managers_dashboard_has_the_funnel_of_their_candidates(hr, world):
    board = hr.get("/api/dashboard", "shanghai.manager").json
    assert [b["branch_id"] for b in board] == ["shanghai"]
    assert board[0]["entered"] == {"imported": 1, "needs_attention": 1}
    assert [s["status"] for s in board[0]["average_time_in_stage"]] == ["imported"]
    assert board[0]["needs_attention"][0]["name"] == "Assigned Ann"


@pytest.mark.parametrize("user", ROLES)
@pytest.mark.parametrize("key", READERS)
def test_a_candidates_own_pages_open_only_for_its_readers(hr, world, user, key):
    candidate_id = world[key]["id"]
    for path in PER_CANDIDATE:
        reply = hr.get(path.replace("{candidate_id}", candidate_id), user)
        if user in READERS[key]:
            # An interview, a report, an offer exist only from their step on (a résumé
            # once one is uploaded).
            missing_until_made = ("interview", "report", "offer", "resume")
            assert reply.status != 404 or any(w in path for w in missing_until_made), (path, reply)
        else:
            assert reply.status in (403, 404), (path, user, reply)
            assert world[key]["name"] not in reply.text

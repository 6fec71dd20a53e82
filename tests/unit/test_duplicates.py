"""The same person applying twice: every application is in the contact index, another
application with the same phone / e-mail (or one the résumé states) opens one pair for
HR, and HR merge it (one person) or keep it apart (closed for good). A cross-branch
pair is HQ's; each branch sees the other branch's side without its contact details."""

from __future__ import annotations

from typing import Any

from hireflow.bootstrap import services
from hireflow.platform.store import Repository
from hireflow.recruiting.model import (
    Claim,
    ContactEntry,
    DuplicateRepository,
    Resume,
    ResumeFields,
)
from tests.support.builders import SHANGHAI_POSITION, new_candidate
from tests.workbooks import workbook

CASHIER = "shanghai-cashier"
SHENZHEN_POSITION = "shenzhen-store-supervisor"
HEADER = ["姓名", "手机", "邮箱", "应聘岗位"]


def second_position(hr) -> None:
    """Shanghai opens a cashier position (the same competency model)."""
    position = hr.get(f"/api/positions/{SHANGHAI_POSITION}", "hq.hr").json
    body = {
        k: position[k]
        for k in ("branch_id", "template_id", "competency_model", "score_weights")
        if position.get(k) is not None
    }
    created = hr.post(
        "/api/positions", "hq.hr", {**body, "id": CASHIER, "title": "Cashier", "title_zh": "收银员"}
    )
    assert created.status == 201, created


def open_pairs(hr, user: str) -> list[dict[str, Any]]:
    reply = hr.get("/api/duplicates", user)
    assert reply.status == 200, reply
    return reply.json["items"]


def ids(pair: dict[str, Any]) -> tuple[str | None, str | None]:
    return pair["first"]["id"], pair["second"]["id"]


def pair_path(pair: dict[str, Any], action: str, first: str | None = None) -> str:
    a, b = first or pair["first"]["id"], pair["second"]["id"]
    return f"/api/duplicates/{a}/{b}/{action}"


def test_an_import_of_the_same_person_for_another_position_is_created_and_flagged(hr):
    second_position(hr)
    li = new_candidate(hr).json
    book = workbook(
        [
            HEADER,
            ["李雷", 13800138000, "lei.li@example.com", "收银员"],  # another position
            ["李雷", 13800138000, "lei.li@example.com", "客户服务专员"],  # the same one
        ]
    )
    result = hr.import_workbook("shanghai.hr", book).json
    assert [c["row"] for c in result["created"]] == [2]
    assert [(d["row"], d["field"]) for d in result["duplicates"]] == [(3, "phone")]
    assert [(p["row"], p["field"], p["other_id"]) for p in result["possible_duplicates"]] == [
        (2, "phone", li["id"])
    ]
    imported = result["created"][0]["id"]
    [pair] = open_pairs(hr, "shanghai.hr")
    assert ids(pair) == (li["id"], imported)  # the earlier application first
    assert (pair["matched_on"], pair["source"], pair["decidable"]) == (["phone"], "contact", True)
    assert pair["second"]["position_title_zh"] == "收银员"

    # Looking again (or importing the file again) opens nothing new.
    again = hr.import_workbook("shanghai.hr", book).json
    assert again["created"] == [] and {d["row"] for d in again["duplicates"]} == {2, 3}
    candidate = services().candidates.candidates.get(imported)
    assert len(services().candidates.detect_duplicates(candidate)) == 1
    assert len(open_pairs(hr, "shanghai.hr")) == 1


def test_a_phone_the_resume_states_opens_a_resume_pair(hr):
    li = new_candidate(hr).json
    other = new_candidate(
        hr,
        name="韩梅梅",
        phone="13900139000",
        email="hmm@example.com",
        position_id=SHANGHAI_POSITION,
    ).json
    assert open_pairs(hr, "shanghai.hr") == []
    stated = ResumeFields(phones=[Claim(key="+8613800138000", text="138-0013-8000")])
    resume = Resume(
        candidate_id=other["id"],
        branch_id="shanghai",
        file_key="resumes/x/y.pdf",
        format="pdf",
        origin="hr",
        uploaded_by="shanghai.hr",
        fields=stated,
    )
    candidate = services().candidates.candidates.get(other["id"])
    [pair] = services().candidates.detect_duplicates(candidate, resume)
    assert (pair.source, pair.matched_on) == ("resume", ["phone"])
    page = hr.get(f"/api/candidates/{other['id']}/duplicates", "shanghai.hr").json
    assert [ids(p) for p in page["pairs"]] == [(li["id"], other["id"])]
    assert page["same_person"] == []


def test_merge_makes_one_person_and_keep_apart_is_never_asked_again(hr):
    second_position(hr)
    li = new_candidate(hr).json
    same_phone = new_candidate(hr, email="lei@example.com", position_id=CASHIER).json
    same_email = new_candidate(
        hr, name="李蕾", phone="13700137000", position_id=CASHIER, email="Li.Lei@Example.com"
    ).json
    pairs = {ids(p): p for p in open_pairs(hr, "shanghai.hr")}
    assert set(pairs) == {(li["id"], same_phone["id"]), (li["id"], same_email["id"])}
    assert pairs[(li["id"], same_email["id"])]["matched_on"] == ["email"]

    merge = pairs[(li["id"], same_phone["id"])]
    # The two ids in either order name the same pair.
    merged = hr.post(pair_path(merge, "merge"), "shanghai.hr", {"revision": merge["revision"]})
    assert merged.status == 200, merged
    assert merged.json["status"] == "merged"
    assert hr.candidate(same_phone["id"])["person_id"] == li["id"]
    assert hr.candidate(li["id"])["person_id"] is None
    again = hr.post(f"/api/duplicates/{same_phone['id']}/{li['id']}/merge", "shanghai.hr", {})
    assert again.status == 200 and again.json["status"] == "merged"
    refused = hr.post(pair_path(merge, "keep-apart"), "shanghai.hr", {})
    assert (refused.status, refused.json["code"]) == (409, "duplicate_already_decided")
    page = hr.get(f"/api/candidates/{li['id']}/duplicates", "shanghai.hr").json
    assert [s["id"] for s in page["same_person"]] == [same_phone["id"]]
    assert {p["status"] for p in page["pairs"]} == {"merged", "open"}

    apart = pairs[(li["id"], same_email["id"])]
    stale = hr.post(pair_path(apart, "keep-apart"), "shanghai.hr", {"revision": 99})
    assert (stale.status, stale.json["code"]) == (409, "edited_meanwhile")
    kept = hr.post(pair_path(apart, "keep-apart"), "shanghai.hr", {"revision": apart["revision"]})
    assert kept.status == 200 and kept.json["status"] == "kept_apart"
    assert open_pairs(hr, "shanghai.hr") == []
    candidate = services().candidates.candidates.get(same_email["id"])
    assert services().candidates.detect_duplicates(candidate) == []
    assert open_pairs(hr, "shanghai.hr") == []

    # A changed phone moves the index: the old number finds the application no more.
    moved = hr.patch(f"/api/candidates/{li['id']}", "shanghai.hr", {"phone": "13600136000"})
    assert moved.status == 200, moved
    newcomer = new_candidate(hr, name="路人", email="p@example.com")
    assert newcomer.status == 201, newcomer  # li's old phone for li's position: free now
    assert [ids(p) for p in open_pairs(hr, "shanghai.hr")] == [
        (same_phone["id"], newcomer.json["id"])
    ]


def test_a_cross_branch_pair_is_hqs_and_branches_see_no_contact_details(hr):
    li = new_candidate(hr).json
    shenzhen = new_candidate(
        hr,
        as_user="shenzhen.hr",
        branch_id="shenzhen",
        position_id=SHENZHEN_POSITION,
        email="lei.sz@example.com",
    ).json
    for user, own, other in (
        ("shanghai.hr", li, "shenzhen"),
        ("shenzhen.hr", shenzhen, "shanghai"),
    ):
        [pair] = open_pairs(hr, user)
        sides = {s["branch_id"]: s for s in (pair["first"], pair["second"])}
        assert sides[own["branch_id"]]["id"] == own["id"]
        hidden = sides[other]
        assert hidden["hidden"] and hidden["phone_last4"] == "8000" and hidden["branch_name"]
        assert not any(hidden[k] for k in ("id", "name", "phone", "email", "position_id"))
        assert not pair["decidable"]
        path = f"/api/duplicates/{li['id']}/{shenzhen['id']}/merge"
        refused = hr.post(path, user, {})
        assert (refused.status, refused.json["code"]) == (403, "duplicate_other_branch")
    assert hr.get("/api/duplicates", "shanghai.interviewer").status == 403
    assert hr.get("/api/duplicates", "hq.hr", query={"branch_id": "shenzhen"}).json["items"]
    [pair] = open_pairs(hr, "hq.hr")
    assert pair["decidable"] and not pair["first"]["hidden"] and not pair["second"]["hidden"]
    merged = hr.post(f"/api/duplicates/{li['id']}/{shenzhen['id']}/merge", "hq.hr", {})
    assert merged.status == 200, merged
    assert hr.candidate(shenzhen["id"])["person_id"] == li["id"]
    assert open_pairs(hr, "shanghai.hr") == open_pairs(hr, "shenzhen.hr") == []
    page = hr.get(f"/api/candidates/{shenzhen['id']}/duplicates", "shenzhen.hr").json
    assert page["same_person"] == []  # Shanghai's application is not Shenzhen's to read
    assert page["pairs"][0]["status"] == "merged"


def test_the_backfill_indexes_applications_made_before_the_index(hr):
    second_position(hr)
    li = new_candidate(hr).json
    made_before = services().candidates.candidates.get(li["id"])
    for field in ("phone", "email"):  # as if made before the index: no entries
        keys = DuplicateRepository.entry(made_before, field).item_keys()
        Repository(ContactEntry).delete(keys.pk, keys.sk)
    again = new_candidate(hr, email="lei@example.com", position_id=CASHIER).json
    assert open_pairs(hr, "shanghai.hr") == []
    assert services().candidates.duplicates.backfill() == 2
    assert [ids(p) for p in open_pairs(hr, "shanghai.hr")] == [(li["id"], again["id"])]


def test_a_pair_follows_an_application_moved_to_another_branch(hr):
    second_position(hr)
    li = new_candidate(hr).json
    again = new_candidate(hr, email="lei@example.com", position_id=CASHIER).json
    assert open_pairs(hr, "shenzhen.hr") == []
    moved = hr.post(
        f"/api/candidates/{again['id']}/assign",
        "hq.hr",
        {"branch_id": "shenzhen", "position_id": SHENZHEN_POSITION},
    )
    assert moved.status == 200, moved
    for user in ("shanghai.hr", "shenzhen.hr"):
        [pair] = open_pairs(hr, user)
        assert not pair["decidable"]
    assert ids(open_pairs(hr, "hq.hr")[0]) == (li["id"], again["id"])

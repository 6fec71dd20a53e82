"""The candidate list as HR works with it, through the HR API handler: sorted numbered
pages with a total, every matching id, saved lists per user, the .xlsx export, notes,
the source channel (by hand and imported), reminders by hand, and each round's video
interview next to its reviews."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from hireflow.platform.store import Repository
from hireflow.recruiting.model import CandidateRepository
from hireflow.reviews.model import Scorecard
from hireflow.scoring.model import AiDimensionScores, ScoringRepository
from tests.support.builders import english_candidate, invite, new_candidate
from tests.unit.conftest import sent_emails
from tests.workbooks import workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _many(hr, names: list[str]) -> list[dict]:
    made = []
    for i, name in enumerate(names):
        reply = new_candidate(hr, name=name, phone=f"1380013802{i}", email=f"p{i}@example.com")
        assert reply.status == 201, reply
        made.append(reply.json)
    return made


def test_sorted_numbered_pages_count_every_match(hr):
    _many(hr, ["Chen", "Adams", "Bai", "Dong", "Evans"])
    first = hr.get("/api/candidates", "shanghai.hr", query={"sort": "name", "limit": "2"}).json
    assert [c["name"] for c in first["items"]] == ["Adams", "Bai"]
    assert (first["total"], first["page"], first["pages"]) == (5, 1, 3)
    last = hr.get(
        "/api/candidates", "shanghai.hr", query={"sort": "name", "limit": "2", "page": "3"}
    ).json
    assert [c["name"] for c in last["items"]] == ["Evans"]
    backwards = hr.get("/api/candidates", "shanghai.hr", query={"sort": "-name", "page": "1"})
    assert [c["name"] for c in backwards.json["items"]] == ["Evans", "Dong", "Chen", "Bai", "Adams"]
    oldest = hr.get("/api/candidates", "shanghai.hr", query={"sort": "created_at"}).json
    assert oldest["items"][0]["name"] == "Chen"
    filtered = hr.get("/api/candidates", "shanghai.hr", query={"q": "d", "page": "1"}).json
    assert filtered["total"] == 2  # Adams, Dong
    assert hr.get("/api/candidates", "shanghai.hr", query={"sort": "age"}).status == 422
    assert hr.get("/api/candidates", "shanghai.hr", query={"page": "0"}).status == 422
    # Another branch counts only its own.
    assert hr.get("/api/candidates", "shenzhen.hr", query={"page": "1"}).json["total"] == 0


def test_every_matching_id_selects_the_whole_filtered_list(hr):
    made = _many(hr, [f"批量 {i}" for i in range(7)])
    new_candidate(hr, name="别人", phone="13700137999", email="other@example.com")
    found = hr.get("/api/candidates/ids", "shanghai.hr", query={"q": "批量"}).json
    assert found["total"] == 7
    assert {i["id"] for i in found["items"]} == {c["id"] for c in made}
    assert {i["status"] for i in found["items"]} == {"imported"}
    assert hr.get("/api/candidates/ids", "shenzhen.hr", query={"q": "批量"}).json["total"] == 0
    assert hr.get("/api/candidates/ids", "shanghai.interviewer").json["total"] == 0


def test_saved_lists_belong_to_their_user(hr):
    saved = hr.post(
        "/api/saved-filters",
        "shanghai.hr",
        {
            "name": "待邀请",
            "query": {"status": "imported", "sort": "name", "columns": "name,phone"},
        },
    )
    assert saved.status == 201, saved
    again = hr.post(
        "/api/saved-filters", "shanghai.hr", {"name": "待邀请", "query": {"status": "invited"}}
    )
    assert again.json["id"] == saved.json["id"]  # the same name replaces the view
    mine = hr.get("/api/saved-filters", "shanghai.hr").json
    assert [(f["name"], f["query"]) for f in mine] == [("待邀请", {"status": "invited"})]
    assert hr.get("/api/saved-filters", "shenzhen.hr").json == []
    # Someone else's id is not found; the owner deletes it.
    assert hr.call("DELETE", f"/api/saved-filters/{saved.json['id']}", "shenzhen.hr").status == 404
    deleted = hr.call("DELETE", f"/api/saved-filters/{saved.json['id']}", "shanghai.hr")
    assert deleted.status == 200 and deleted.json["name"] == "待邀请"
    assert hr.get("/api/saved-filters", "shanghai.hr").json == []
    bad = hr.post("/api/saved-filters", "shanghai.hr", {"name": "x", "query": {"evil": "1"}})
    assert bad.status == 422 and bad.json["errors"][0]["field"] == "query.evil"
    assert hr.post("/api/saved-filters", "shanghai.hr", {"name": ""}).status == 422


def test_the_export_is_the_filtered_list_in_chinese_with_statuses(hr):
    _many(hr, ["张三", "李四"])
    new_candidate(
        hr,
        as_user="shenzhen.hr",
        name="深圳人",
        branch_id="shenzhen",
        position_id="shenzhen-store-supervisor",
        phone="13300133001",
        email="sz1@example.com",
    )
    reply = hr.get("/api/candidates/export", "shanghai.hr", query={"sort": "name"})
    assert reply.status == 200, reply
    assert reply.result["multiValueHeaders"]["Content-Type"] == [XLSX]
    sheet = load_workbook(io.BytesIO(reply.raw)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("姓名", "手机", "邮箱", "分支机构", "应聘岗位", "状态")
    assert sorted(r[0] for r in rows[1:]) == ["张三", "李四"]  # not Shenzhen's
    assert {r[5] for r in rows[1:]} == {"已导入"}
    assert {r[3] for r in rows[1:]} == {"上海"}
    english = hr.get("/api/candidates/export", "shanghai.hr", query={"lang": "en", "q": "张"})
    rows = list(load_workbook(io.BytesIO(english.raw)).worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] == "Name" and [r[0] for r in rows[1:]] == ["张三"]
    assert rows[1][5] == "Imported"
    everything = hr.get("/api/candidates/export", "hq.hr")
    names = [
        r[0]
        for r in load_workbook(io.BytesIO(everything.raw))
        .worksheets[0]
        .iter_rows(min_row=2, values_only=True)
    ]
    assert "深圳人" in names and "张三" in names
    assert hr.get("/api/candidates/export", "shanghai.hr", query={"lang": "fr"}).status == 422


def test_a_name_typed_as_a_formula_is_exported_as_text(hr):
    formula = '=HYPERLINK("http://evil.example","点我")'
    new_candidate(hr, name=formula, phone="13300133009", email="formula@example.com")
    reply = hr.get("/api/candidates/export", "shanghai.hr", query={"q": "formula@example.com"})
    assert reply.result["multiValueHeaders"]["Cache-Control"] == ["no-store"]
    cell = load_workbook(io.BytesIO(reply.raw)).worksheets[0]["A2"]
    assert cell.value == formula and cell.data_type == "s"


def test_notes_say_who_and_when_and_stay_in_the_branch(hr):
    candidate = new_candidate(hr).json
    path = f"/api/candidates/{candidate['id']}/notes"
    added = hr.post(path, "shanghai.hr", {"text": "电话沟通过，下周可以面试"})
    assert added.status == 201, added
    assert added.json["author"] == "shanghai.hr" and added.json["at"]
    hr.post(path, "hq.hr", {"text": "总部：优先安排"})
    notes = hr.get(path, "shanghai.hr").json
    assert [n["text"] for n in notes] == ["电话沟通过，下周可以面试", "总部：优先安排"]
    assert hr.get(path, "shenzhen.hr").status == 404
    assert hr.post(path, "shenzhen.hr", {"text": "x"}).status == 404
    assert hr.post(path, "shanghai.hr", {"text": ""}).status == 422
    assert hr.post(path, "shanghai.hr", {"text": "x" * 2001}).status == 422
    actions = [e["action"] for e in hr.get("/api/audit", "shanghai.hr").json["items"]]
    assert "candidate.note" in actions


def test_the_source_channel_is_kept_filtered_and_imported(hr):
    referred = new_candidate(hr, channel="referral").json
    assert referred["channel"] == "referral"
    assert new_candidate(hr, channel="tv", phone="13900139001", email="t@e.com").status == 422
    changed = hr.patch(
        f"/api/candidates/{referred['id']}", "shanghai.hr", {"channel": "campus"}
    ).json
    assert changed["channel"] == "campus"
    book = workbook(
        [
            ["姓名", "手机", "邮箱", "应聘岗位", "来源渠道"],
            ["王五", 13800138111, "w5@example.com", "客户服务专员", "内推"],
            ["赵六", 13800138112, "z6@example.com", "客户服务专员", "电视广告"],
            ["钱七", 13800138113, "q7@example.com", "客户服务专员", None],
        ]
    )
    result = hr.import_workbook("shanghai.hr", book).json
    assert [c["name"] for c in result["created"]] == ["王五", "钱七"]
    assert [(e["row"], e["field"], e["code"]) for e in result["errors"]] == [
        (3, "channel", "unknown_channel")
    ]
    referrals = hr.get("/api/candidates", "shanghai.hr", query={"channel": "referral"}).json
    assert [c["name"] for c in referrals["items"]] == ["王五"]


def test_hr_reminds_an_invited_candidate_once_an_hour(hr):
    candidate = english_candidate(hr, "Remy Mind")
    path = f"/api/candidates/{candidate['id']}/remind"
    assert hr.post(path, "shanghai.hr").status == 409  # not invited yet
    invite(hr, candidate)
    before = len(sent_emails())
    reminded = hr.post(path, "shanghai.hr")
    assert reminded.status == 200, reminded
    mails = [
        m for m in sent_emails()[before:] if candidate["email"] in m.destinations["ToAddresses"]
    ]
    assert len(mails) == 1 and "/interview/#" in mails[0].body
    again = hr.post(path, "shanghai.hr")
    assert again.status == 409 and "reminder went out" in again.json["message"]
    assert again.json["code"] == "reminded_recently" and again.json["params"]["at"]
    assert len(sent_emails()) == before + 1
    assert hr.post(path, "shenzhen.hr").status == 404
    # A role that may not remind hears so, whatever the candidate (403, not 404).
    refused = hr.post(path, "shanghai.interviewer")
    assert refused.status == 403 and refused.json["code"] == "role_required"


def test_every_rounds_reviews_show_its_video_interview_or_none_in_person(hr):
    """The side-by-side rounds are GET /reviews' (ReviewService.history): each round says
    when its video interview ran and how much was recorded; an in-person round has none,
    and its scores stay apart from the first round's."""
    candidate = english_candidate(hr, "Ron Rounds")
    path = f"/api/candidates/{candidate['id']}/reviews"
    assert hr.get(path, "shanghai.hr").json["rounds"] == []  # not interviewed yet
    invite(hr, candidate)
    ScoringRepository().store_ai_scores(
        AiDimensionScores(
            candidate_id=candidate["id"],
            round=1,
            dimensions={"communication": 80.0, "problem_solving": 60.0, "teamwork": 70.0},
            overall=72.0,
        )
    )
    cards = Repository(Scorecard)
    for round_, mark in ((1, 50), (2, 90)):
        cards.put(
            Scorecard(
                candidate_id=candidate["id"],
                round=round_,
                reviewer_id="u1",
                reviewer="shanghai.manager",
                role="hiring_manager",
                scores={"communication": mark, "problem_solving": mark, "teamwork": mark},
            )
        )
    repository = CandidateRepository()
    stored = repository.get(candidate["id"])
    assert stored is not None
    repository.save(stored.model_copy(update={"round": 2}))  # a second round, in person
    rounds = {r["round"]: r for r in hr.get(path, "shanghai.hr").json["rounds"]}
    assert sorted(rounds) == [1, 2]
    video = rounds[1]["interview"]
    assert video["questions"] == 3 and video["answers_recorded"] == 0
    assert video["invited_at"] and video["deadline"] and video["completed_at"] is None
    assert rounds[2]["interview"] is None
    assert rounds[1]["scores"]["human_overall"] == 50.0
    assert rounds[2]["scores"]["human_overall"] == 90.0  # the first round's marks stay apart
    assert rounds[1]["scores"]["ai_overall"] == rounds[2]["scores"]["ai_overall"]
    assert hr.get(path, "shenzhen.hr").status == 404

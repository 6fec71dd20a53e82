"""Candidates through the HR API handler: create, list, edit, assign, import."""

from openpyxl import load_workbook

from tests.support.builders import new_candidate
from tests.unit.conftest import sent_emails
from tests.workbooks import messy_workbook, workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_created_candidates_are_normalised_and_listed_newest_first(hr):
    first = new_candidate(hr)
    assert first.status == 201, first
    assert first.json["phone"] == "+8613800138000"
    assert first.json["email"] == "li.lei@example.com"
    assert first.json["status"] == "imported"
    assert "search" not in first.json
    second = new_candidate(hr, name="韩梅梅", phone="13900139000", email="hmm@example.com")
    listed = hr.get("/api/candidates", "shanghai.hr").json
    assert [c["id"] for c in listed["items"]] == [second.json["id"], first.json["id"]]


def test_the_same_phone_or_email_is_a_duplicate(hr):
    assert new_candidate(hr).status == 201
    again = new_candidate(hr, email="other@example.com")
    assert again.status == 409
    assert again.json["code"] == "duplicate_candidate"
    assert again.json["errors"] == [
        {
            "field": "phone",
            "message": "already registered",
            "code": "already_registered",
            "params": {},
        }
    ]
    both = new_candidate(hr, as_user="hq.hr", phone="+86 13800138000", email="LI.LEI@example.com")
    assert {e["field"] for e in both.json["errors"]} == {"phone", "email"}


def test_bad_fields_get_field_level_reasons(hr):
    reply = new_candidate(hr, phone="12345", email="nope", position_id="shenzhen-store-supervisor")
    assert reply.status == 422
    assert {e["field"] for e in reply.json["errors"]} == {"phone", "email"}
    wrong_position = new_candidate(hr, position_id="shenzhen-store-supervisor")
    assert wrong_position.status == 422
    assert wrong_position.json["errors"][0]["field"] == "position_id"
    not_json = hr.call("POST", "/api/candidates", "shanghai.hr", None)
    assert not_json.status == 422


def test_filters_by_status_position_and_text_with_cursor_pages(hr):
    for i in range(5):
        new_candidate(hr, name=f"Zhang {i}", phone=f"1380013801{i}", email=f"z{i}@example.com")
    new_candidate(hr, name="王芳", phone="13700137000", email="wf@example.com")
    found = hr.get("/api/candidates", "shanghai.hr", query={"q": "王"}).json["items"]
    assert [c["name"] for c in found] == ["王芳"]
    by_phone = hr.get("/api/candidates", "shanghai.hr", query={"q": "13700137"}).json["items"]
    assert [c["name"] for c in by_phone] == ["王芳"]
    seen, cursor = [], None
    while True:
        query = {"limit": "2", **({"cursor": cursor} if cursor else {})}
        page = hr.get("/api/candidates", "shanghai.hr", query=query).json
        seen += [c["name"] for c in page["items"]]
        cursor = page["cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted([f"Zhang {i}" for i in range(5)] + ["王芳"])
    invited = hr.get("/api/candidates", "shanghai.hr", query={"status": "invited"}).json
    assert invited["items"] == []
    assert hr.get("/api/candidates", "shanghai.hr", query={"status": "bogus"}).status == 422
    assert hr.get("/api/candidates", "shanghai.hr", query={"cursor": "garbage"}).status == 400
    other = hr.get("/api/candidates", "shanghai.hr", query={"position_id": "x"}).json
    assert other["items"] == []


def test_editing_contact_details_moves_the_uniqueness_guard(hr):
    created = new_candidate(hr).json
    edited = hr.patch(
        f"/api/candidates/{created['id']}",
        "shanghai.hr",
        {"phone": "13900139000", "revision": created["revision"]},
    )
    assert edited.status == 200, edited
    assert edited.json["phone"] == "+8613900139000"
    # The old number is free again, the new one is taken.
    assert new_candidate(hr, email="x@example.com").status == 201
    assert new_candidate(hr, phone="13900139000", email="y@example.com").status == 409
    stale = hr.patch(
        f"/api/candidates/{created['id']}", "shanghai.hr", {"name": "X", "revision": 1}
    )
    assert stale.status == 409


def test_assigning_an_interviewer_notifies_them_and_lets_them_see_the_candidate(hr):
    candidate = new_candidate(hr).json
    interviewer = hr.user_id("shanghai.interviewer")
    manager = hr.user_id("shanghai.manager")
    assert hr.get("/api/candidates", "shanghai.interviewer").json["items"] == []
    assert hr.get(f"/api/candidates/{candidate['id']}", "shanghai.interviewer").status == 404
    reply = hr.post(
        f"/api/candidates/{candidate['id']}/assign",
        "shanghai.hr",
        {"interviewer_id": interviewer, "hiring_manager_id": manager},
    )
    assert reply.status == 200, reply
    assert reply.json["interviewer_id"] == interviewer
    mails = [
        m
        for m in sent_emails()
        if "shanghai.interviewer@example.com" in m.destinations["ToAddresses"]
    ]
    assert len(mails) == 1
    assert "李雷" in mails[0].subject and "客户服务专员" in mails[0].body
    assert f"/#/candidates/{candidate['id']}" in mails[0].body
    mine = hr.get("/api/candidates", "shanghai.interviewer").json["items"]
    assert [c["id"] for c in mine] == [candidate["id"]]
    assert hr.get(f"/api/candidates/{candidate['id']}", "shanghai.manager").status == 200
    # Interviewers read; they do not edit.
    assert (
        hr.patch(f"/api/candidates/{candidate['id']}", "shanghai.interviewer", {"name": "X"}).status
        == 403
    )
    # Reassigning someone else takes the candidate away from the first interviewer.
    hr.post(f"/api/candidates/{candidate['id']}/assign", "shanghai.hr", {"interviewer_id": manager})
    assert hr.get("/api/candidates", "shanghai.interviewer").json["items"] == []


def test_assignees_must_work_in_the_candidates_branch(hr):
    candidate = new_candidate(hr).json
    hr_user = hr.user_id("shenzhen.hr")
    reply = hr.post(
        f"/api/candidates/{candidate['id']}/assign", "shanghai.hr", {"interviewer_id": hr_user}
    )
    assert reply.status == 422
    assert reply.json["errors"][0]["field"] == "interviewer_id"


def test_only_hq_moves_a_candidate_to_another_branch(hr):
    candidate = new_candidate(hr).json
    path = f"/api/candidates/{candidate['id']}/assign"
    move = {"branch_id": "shenzhen", "position_id": "shenzhen-store-supervisor"}
    assert hr.post(path, "shanghai.hr", move).status == 403
    moved = hr.post(path, "hq.hr", move)
    assert moved.status == 200 and moved.json["branch_id"] == "shenzhen"
    assert hr.get(f"/api/candidates/{candidate['id']}", "shanghai.hr").status == 404
    assert hr.get(f"/api/candidates/{candidate['id']}", "shenzhen.hr").status == 200


def test_every_write_leaves_an_audit_entry_a_branch_reads_only_its_own(hr):
    candidate = new_candidate(hr).json
    hr.patch(f"/api/candidates/{candidate['id']}", "shanghai.hr", {"name": "李 雷"})
    new_candidate(
        hr,
        as_user="shenzhen.hr",
        branch_id="shenzhen",
        position_id="shenzhen-store-supervisor",
        phone="13300133000",
        email="sz@example.com",
    )
    mine = hr.get("/api/audit", "shanghai.hr").json["items"]
    assert [e["action"] for e in mine] == ["candidate.update", "candidate.create"]
    assert mine[0]["before"]["name"] == "李雷" and mine[0]["after"]["name"] == "李 雷"
    assert {e["branch_id"] for e in hr.get("/api/audit", "hq.hr").json["items"]} >= {
        "shanghai",
        "shenzhen",
    }
    assert hr.get("/api/audit", "shanghai.hr", query={"branch_id": "shenzhen"}).status == 403


def test_import_template_lists_the_callers_positions(hr):
    reply = hr.get("/api/candidates/import-template", "shanghai.hr")
    assert reply.status == 200
    assert reply.result["multiValueHeaders"]["Content-Type"] == [XLSX]
    book = load_workbook(__import__("io").BytesIO(reply.raw))
    headers = [c.value for c in book.worksheets[0][1]]
    assert headers[:4] == ["姓名/name", "手机/phone", "邮箱/email", "应聘岗位/position"]
    positions = [row[3] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert positions == ["shanghai-customer-service"]


def test_a_messy_workbook_imports_row_by_row_and_twice_creates_nothing(hr):
    reply = hr.import_workbook("shanghai.hr", messy_workbook())
    assert reply.status == 200, reply
    result = reply.json
    assert [(c["row"], c["name"]) for c in result["created"]] == [
        (3, "李雷"),
        (4, "韩梅梅"),
        (5, "王 芳"),
    ]
    assert [(d["row"], d["field"]) for d in result["duplicates"]] == [(9, "phone")]
    # 韩梅梅's résumé link cannot be fetched: she is imported, with the reason.
    assert [(w["row"], w["field"], w["code"]) for w in result["warnings"]] == [
        (4, "resume", "resume_link_failed")
    ]
    errors = {(e["row"], e["field"]) for e in result["errors"]}
    assert errors == {(6, "name"), (7, "phone"), (7, "email"), (8, "position"), (10, "branch")}
    assert any("厨师" in e["message"] for e in result["errors"])
    assert any("your own branch" in e["message"] for e in result["errors"])
    again = hr.import_workbook("shanghai.hr", messy_workbook()).json
    assert again["created"] == []
    assert [d["row"] for d in again["duplicates"]] == [3, 3, 4, 4, 5, 5, 9]
    listed = hr.get("/api/candidates", "shanghai.hr").json["items"]
    assert len(listed) == 3
    assert {c["source"] for c in listed} == {"import"}


def test_english_headers_and_a_missing_branch_column(hr):
    book = workbook(
        [
            ["Name", "Mobile", "E-mail", "Position"],
            ["Tom", "+86 13800138099", "tom@example.com", "Customer Service Associate"],
        ]
    )
    reply = hr.import_workbook("shanghai.hr", book)
    assert [c["name"] for c in reply.json["created"]] == ["Tom"]
    as_hq = hr.import_workbook("hq.hr", book)
    assert as_hq.json["errors"][0]["field"] == "branch"


def test_uploads_that_are_not_workbooks_are_refused(hr):
    csv = hr.post(
        "/api/candidates/import",
        "shanghai.hr",
        binary=b"name,phone\n",
        headers={"Content-Type": "text/csv"},
    )
    assert csv.status == 415
    renamed = hr.import_workbook("shanghai.hr", b"%PDF-1.4 not excel")
    assert renamed.status == 415
    assert "not an Excel" in renamed.json["message"]
    no_headers = workbook([["a", "b"], [1, 2]])
    reply = hr.import_workbook("shanghai.hr", no_headers)
    assert reply.status == 422
    assert "姓名/name" in reply.json["message"]
    huge = hr.import_workbook("shanghai.hr", b"PK" + b"0" * (5 * 1024 * 1024))
    assert huge.status == 413
    assert hr.import_workbook("shanghai.interviewer", no_headers).status == 403


def test_an_import_can_say_which_language_each_candidate_interviews_in(hr):
    book = workbook(
        [
            ["姓名", "手机", "邮箱", "应聘岗位", "面试语言"],
            ["Amy Chen", 13800138101, "amy@example.com", "客户服务专员", "English"],
            ["陈小明", 13800138102, "xm@example.com", "客户服务专员", ""],
            ["Bad Lang", 13800138103, "bad@example.com", "客户服务专员", "Klingon"],
        ]
    )
    reply = hr.import_workbook("shanghai.hr", book)
    assert reply.status == 200, reply
    created = {c["name"]: c["id"] for c in reply.json["created"]}
    assert hr.get(f"/api/candidates/{created['Amy Chen']}", "shanghai.hr").json["locale"] == "en"
    assert hr.get(f"/api/candidates/{created['陈小明']}", "shanghai.hr").json["locale"] == "zh"
    assert [(e["row"], e["field"]) for e in reply.json["errors"]] == [(4, "language")]
    assert "Klingon" in reply.json["errors"][0]["message"]

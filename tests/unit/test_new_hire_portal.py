"""The new hire's portal through the candidate function's real handler, on moto: the
welcome (once), the phone check and its lock, the notice, the checklist, and the upload
grants' refusals and scope."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

from hireflow.bootstrap import services
from hireflow.interviews.model import token_hash
from hireflow.onboarding.model import NewHireLink
from hireflow.platform.ids import now
from hireflow.platform.store import Repository
from tests.support.new_hires import TEMPLATE, NewHirePage, hired, links_sent, welcomed

TEN_MB = 10 * 1024 * 1024


def test_the_welcome_sends_the_notice_with_a_link_once(hr):
    employee, plan = hired(locale="zh")
    assert services().new_hire_portal.welcome(employee, plan, TEMPLATE) is True
    sent = hr.outbox(employee.email) + hr.outbox(employee.phone)
    assert sorted(m["channel"] for m in sent) == ["email", "sms"]
    email = next(m for m in sent if m["channel"] == "email")
    assert "身份证、银行卡、两张照片" in email["body"]  # what to bring, in Chinese, joined
    assert "欢迎加入！请于 9:00 到前台报到。" in email["body"]  # HQ's words
    assert (
        employee.work_location in email["body"] and employee.start_date.isoformat() in email["body"]
    )
    (token,) = set(links_sent(sent, employee.email) + links_sent(sent, employee.phone))
    assert len(token) >= 43  # 256 bits; the table keeps only its hash
    # A repeated employee.created: nothing more goes out.
    assert services().new_hire_portal.welcome(employee, plan, TEMPLATE) is False
    assert len(hr.outbox(employee.email) + hr.outbox(employee.phone)) == 2


def test_before_verifying_the_page_shows_no_personal_detail(hr):
    employee, _, token = welcomed(hr)
    status, body = NewHirePage(token).call("GET")
    assert status == 200
    assert body == {
        "company": "hireflow",
        "position": "客户服务专员",
        "branch": "上海",
        "start_date": employee.start_date.isoformat(),
        "locale": "zh",
        "verified": False,
    }
    assert NewHirePage("not-a-real-token").call("GET")[0] == 404
    assert NewHirePage(token).call("GET", "/notice")[0] == 401
    assert NewHirePage(token).call("GET", "/checklist")[0] == 401


def test_the_notice_and_the_new_hires_own_checklist(hr):
    employee, _, token = welcomed(hr)
    page = NewHirePage(token).verify("+86 138 0013 8000")
    status, notice = page.call("GET", "/notice")
    assert status == 200
    assert notice["what_to_bring"] == ["身份证", "银行卡", "两张照片"]
    assert notice["message"] == "欢迎加入！请于 9:00 到前台报到。"
    assert notice["work_location"] == employee.work_location
    status, items = page.call("GET", "/checklist")
    assert status == 200
    # IT's laptop is not the new hire's: only their own tasks, in their language.
    assert [(i["id"], i["title"], i["status"]) for i in items] == [
        ("id-card", "身份证复印件", "open"),
        ("diploma", "毕业证书", "open"),
    ]
    assert items[0]["accepts"] == ["application/pdf", "image/jpeg", "image/png"]
    assert items[0]["max_bytes"] == TEN_MB and items[0]["document"] is None
    assert NewHirePage(token).call("GET", "/overview")[0] == 404  # no such route
    assert NewHirePage(token).call("GET")[1]["verified"] is True


def test_wrong_phone_numbers_count_then_lock_the_portal_and_tell_hr(hr):
    employee, _, token = welcomed(hr)
    page = NewHirePage(token)
    for left in (4, 3, 2, 1):
        status, body = page.call("POST", "/verify", {"phone": "13900000000"})
        assert (status, body["code"], body["params"]) == (401, "wrong_phone", {"left": left})
    status, body = page.call("POST", "/verify", {"phone": "not a number"})
    assert (status, body["code"]) == (423, "link_locked")
    # Locked for the right number too, and for the page itself.
    assert page.call("POST", "/verify", {"phone": "13800138000"})[0] == 423
    assert page.call("GET")[0] == 423
    told = [
        m for m in hr.outbox() if "入职链接已锁定" in m["subject"] or "is locked" in m["subject"]
    ]
    assert [m["to"] for m in told] == [["shanghai.hr@example.com"]]
    assert employee.name in told[0]["body"]

    # HR sends a fresh link: the portal opens again, its count starting over; audited.
    sent = hr.post(f"/api/employees/{employee.id}/onboarding/link", "shanghai.hr")
    assert sent.status == 200, sent.text
    assert sent.json["links_sent"] == 2
    fresh = links_sent(hr.outbox(employee.email), employee.email)[-1]
    assert fresh != token
    assert NewHirePage(token).call("GET")[0] == 200  # every link to the portal opens again
    wrong = NewHirePage(fresh).call("POST", "/verify", {"phone": "13900000000"})
    assert wrong[1]["params"] == {"left": 4}
    NewHirePage(fresh).verify()
    trail = hr.get("/api/audit/search", "shanghai.hr", query={"action": "onboarding."}).json
    assert [(e["action"], e["entity_id"], e["actor"]) for e in trail["items"]] == [
        ("onboarding.link_sent", employee.id, "shanghai.hr")
    ]


def test_a_right_number_among_wrong_ones_does_not_count_as_wrong(hr):
    employee, _, token = welcomed(hr)
    page = NewHirePage(token)
    for _ in range(2):
        assert page.call("POST", "/verify", {"phone": "13900000000"})[0] == 401
    page.verify()
    assert services().new_hire_portal.new_hires.wrong_phones(employee.id) == 2


def test_one_network_cannot_guess_many_new_hires_links(hr):
    attacker = "203.0.113.99"
    wrong = {"phone": "13700000000"}
    for n in range(2):
        _, _, token = welcomed(hr, phone=f"1390013900{n}")
        statuses = [
            NewHirePage(token, attacker).call("POST", "/verify", wrong)[0] for _ in range(5)
        ]
        assert statuses == [401, 401, 401, 401, 423]
    _, _, token = welcomed(hr, phone="13900139009")
    status, body = NewHirePage(token, attacker).call("POST", "/verify", wrong)
    assert (status, body["code"]) == (429, "too_many_wrong_phones")


def test_the_upload_grant_refuses_other_types_and_sizes_with_a_code(hr):
    _, _, token = welcomed(hr)
    page = NewHirePage(token).verify()
    status, body = page.grant("id-card", "application/zip", 1000)
    assert (status, body["code"]) == (422, "document_type_not_accepted")
    assert body["errors"][0]["field"] == "content_type"
    status, body = page.grant("id-card", "image/svg+xml", 1000)  # scripts in a picture
    assert (status, body["code"]) == (422, "document_type_not_accepted")
    status, body = page.grant("id-card", "application/pdf", TEN_MB + 1)
    assert (status, body["code"], body["params"]) == (422, "file_too_large", {"max_mb": 10.0})
    status, body = page.grant("id-card", "application/pdf", 0)
    assert (status, body["code"]) == (422, "file_empty")
    # Only a document task of the new hire's own.
    assert page.grant("laptop", "application/pdf", 1000)[1]["code"] == "no_such_document_task"
    assert page.grant("nope", "application/pdf", 1000)[0] == 404


def test_a_grant_is_one_key_one_type_a_size_range_and_the_tag(hr):
    employee, _, token = welcomed(hr)
    page = NewHirePage(token).verify()
    status, grant = page.grant("id-card", "image/png", 2048)
    assert status == 200, grant
    assert grant["key"] == f"onboarding/{employee.id}/id-card/{grant['document_id']}.png"
    assert grant["expires_in"] == 600 and grant["max_bytes"] == TEN_MB
    assert grant["fields"]["Content-Type"] == "image/png"
    policy = json.loads(base64.b64decode(grant["fields"]["policy"]))
    conditions = policy["conditions"]
    assert {"Content-Type": "image/png"} in conditions
    assert ["content-length-range", 1, TEN_MB] in conditions
    assert {"key": grant["key"]} in conditions
    tagging = next(c["tagging"] for c in conditions if isinstance(c, dict) and "tagging" in c)
    assert "<Key>data-class</Key><Value>onboarding-document</Value>" in tagging
    # A second grant is another key; the session of another employee opens nothing here.
    assert page.grant("id-card", "image/png", 2048)[1]["key"] != grant["key"]
    _, _, other_token = welcomed(hr, phone="13900139111")
    other = NewHirePage(other_token).verify("13900139111")
    page.session = other.session
    assert page.grant("id-card", "image/png", 2048)[0] == 401


def test_a_link_works_a_month_after_the_start_date_then_says_it_expired(hr):
    employee, _, token = welcomed(hr)
    link = services().new_hire_portal.new_hires.link(token_hash(token))
    assert link is not None
    assert link.valid_until.date() == employee.start_date + timedelta(days=30)
    Repository(NewHireLink).put(link.model_copy(update={"valid_until": now() - timedelta(days=1)}))
    status, body = NewHirePage(token).call("GET")
    assert (status, body["code"]) == (410, "onboarding_link_expired")

"""What a person reads comes with a code and params (shown in their language by the front
ends), staff e-mails are written in the reader's language, and the small dead ends of
issue 14: the import counts rows, phone numbers typed with spaces are found, the funnel
counts people, the second-round letter names who the candidate meets, the lock-out
tells HR, every unusable answer is counted, one interview length everywhere."""

from __future__ import annotations

from typing import Any

from hireflow.bootstrap import services
from hireflow.platform import aws
from hireflow.platform.settings import settings
from tests.support.builders import english_candidate, invited, uploaded_answer
from tests.unit.conftest import sent_emails
from tests.unit.test_portal import Portal
from tests.workbooks import messy_workbook

DEADLINE = "2099-01-01T12:00:00+08:00"
SHANGHAI_HR = "shanghai.hr@example.com"


def run(task: str, candidate_id: str, **payload: Any) -> Any:
    return services().workflow.run({"task": task, "candidate_id": candidate_id, **payload})


def mails_to(address: str) -> list[Any]:
    return [m for m in sent_emails() if address in m.destinations["ToAddresses"]]


def lock_out(portal: Portal, token: str) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for _ in range(5):
        status, body = portal.call(
            "POST", f"/api/interview/{token}/verify", {"phone": "13900000000", "consent": True}
        )
    assert status == 423, body
    return body


# ---------------------------------------------------------------- codes on what is stored


def test_import_rows_carry_codes_and_the_summary_counts_rows_not_fields(hr):
    result = hr.import_workbook("shanghai.hr", messy_workbook()).json
    by_row: dict[int, list[dict[str, Any]]] = {}
    for error in result["errors"]:
        by_row.setdefault(error["row"], []).append(error)
    assert {e["field"]: e["code"] for e in by_row[7]} == {
        "phone": "phone_not_mainland_mobile",
        "email": "email_not_valid",
    }
    assert [e["code"] for e in by_row[6]] == ["name_missing"]
    assert [e["code"] for e in by_row[8]] == ["no_position_in_branch"]
    assert by_row[8][0]["params"] == {"position": "厨师", "branch": "shanghai"}
    duplicate = result["duplicates"][0]
    assert (duplicate["row"], duplicate["code"]) == (9, "already_registered")
    assert duplicate["params"]["value"].endswith("8001") and "****" in duplicate["params"]["value"]
    # Row 7 has two bad fields: one row.
    assert len(result["errors"]) > len(by_row) == result["error_rows"]
    assert result["duplicate_rows"] == 1


def test_timeline_notes_and_reasons_carry_codes(hr):
    portal = Portal()
    candidate, token = invited(hr, "Lock Out", "13800138000")
    assert lock_out(portal, token)["code"] == "link_locked"
    stored = hr.get(f"/api/candidates/{candidate['id']}", "shanghai.hr").json
    assert stored["status_reason_code"] == "link_locked_attention"
    assert stored["status_reason_params"] == {"attempts": 5}
    timeline = hr.get(f"/api/candidates/{candidate['id']}/timeline", "shanghai.hr").json
    assert timeline[0]["note_code"] == "added_manual"
    assert timeline[-1]["note_code"] == "link_locked_attention"
    board = hr.get("/api/dashboard", "shanghai.hr").json[0]
    item = next(a for a in board["needs_attention"] if a["candidate_id"] == candidate["id"])
    assert item["reason_code"] == "link_locked_attention"
    assert board["branch_name_zh"] == "上海"


def test_every_unusable_answer_is_counted_in_the_reason(hr):
    candidate = english_candidate(hr, "Three Broken", "13800138000")
    run("send_invitation", candidate["id"], deadline=DEADLINE)
    s3, bucket = aws.client("s3"), settings().media_bucket
    keys = {
        q: uploaded_answer(s3, bucket, candidate["id"], q, b"recording")
        for q in ("intro", "damaged-order", "difficult-teammate")
    }
    for key in keys.values():
        services().portal.record_answer(key)
    scoring = services().workflow.scoring
    # Two arrive broken before the interview is complete, the third after.
    scoring.answer_unusable(candidate["id"], 1, "intro", keys["intro"], "the file is empty")
    scoring.answer_unusable(
        candidate["id"], 1, "damaged-order", keys["damaged-order"], "the file is empty"
    )
    run("interview_completed", candidate["id"])
    scoring.progress(candidate["id"], 1)
    flagged = hr.get(f"/api/candidates/{candidate['id']}", "shanghai.hr").json
    assert flagged["status_reason_params"]["count"] == 2
    scoring.answer_unusable(
        candidate["id"], 1, "difficult-teammate", keys["difficult-teammate"], "no audio track"
    )
    flagged = hr.get(f"/api/candidates/{candidate['id']}", "shanghai.hr").json
    assert flagged["status"] == "needs_attention"
    assert flagged["status_reason_code"] == "answers_unusable"
    assert flagged["status_reason_params"]["count"] == 3
    assert "(and 2 more)" in flagged["status_reason"]


# ---------------------------------------------------------------- staff e-mails


def test_hr_is_told_by_e_mail_in_their_own_language_when_a_link_locks(hr):
    portal = Portal()
    _, token = invited(hr, "Locked Once", "13800138000")
    lock_out(portal, token)
    told = [m for m in mails_to(SHANGHAI_HR) if "Locked Once" in m.subject]
    assert len(told) == 1 and "需要处理" in told[0].subject  # HR reads Chinese (the default)

    chosen = hr.put("/api/me/locale", "shanghai.hr", {"locale": "en"})
    assert chosen.status == 200 and chosen.json["locale"] == "en"
    assert hr.get("/api/me", "shanghai.hr").json["locale"] == "en"
    _, token = invited(hr, "Locked Twice", "13700137000", "locked.twice@example.com")
    lock_out(portal, token)
    told = [m for m in mails_to(SHANGHAI_HR) if "Locked Twice" in m.subject]
    assert len(told) == 1 and "needs your attention" in told[0].subject
    assert hr.put("/api/me/locale", "shanghai.hr", {"locale": "fr"}).status == 422


def test_the_report_ready_e_mail_is_in_the_reviewers_language_not_the_candidates(hr):
    interviewer = "shanghai.interviewer@example.com"
    candidate = english_candidate(hr, "Report Reader", "13800138000", reviewers=True)
    run("send_invitation", candidate["id"], deadline=DEADLINE)
    run("interview_completed", candidate["id"])
    run("report_ready", candidate["id"])
    ready = [m.subject for m in mails_to(interviewer) if "Report Reader" in m.subject]
    assert "面试报告已生成：Report Reader" in ready
    assert "Interview report ready: Report Reader" not in ready  # not the candidate's English

    hr.put("/api/me/locale", "shanghai.interviewer", {"locale": "en"})
    other = english_candidate(
        hr, "Second Reader", "13700137001", "second.reader@example.com", reviewers=True
    )
    run("send_invitation", other["id"], deadline=DEADLINE)
    run("interview_completed", other["id"])
    run("report_ready", other["id"])
    ready = [m.subject for m in mails_to(interviewer) if "Second Reader" in m.subject]
    assert "Interview report ready: Second Reader" in ready
    assert "面试报告已生成：Second Reader" not in ready


# ---------------------------------------------------------------- the small dead ends


def test_a_phone_number_typed_with_spaces_or_a_country_code_is_found(hr):
    candidate = english_candidate(hr, "Spaced Phone", "13800138000")
    for typed in ("138 0013 8000", "+86 138-0013-8000", "0086 13800138000", "8000"):
        found = hr.get("/api/candidates", "shanghai.hr", query={"q": typed}).json["items"]
        assert [c["id"] for c in found] == [candidate["id"]], typed
    assert hr.get("/api/candidates", "shanghai.hr", query={"q": "139 0013"}).json["items"] == []


def test_the_funnel_and_completion_rate_count_people_not_invitations(hr):
    candidate = english_candidate(hr, "Twice Invited", "13800138000")
    run("send_invitation", candidate["id"], deadline=DEADLINE)
    run("expire_interview", candidate["id"])
    run("send_invitation", candidate["id"], deadline=DEADLINE)  # invited again
    run("interview_completed", candidate["id"])
    board = hr.get("/api/dashboard", "shanghai.hr").json[0]
    assert board["entered"]["invited"] == 1
    assert board["entered"]["completed"] == 1
    assert board["completion_rate"] == 1.0


def test_the_second_round_letter_names_the_assigned_interviewer_when_none_is_typed(hr, monkeypatch):
    candidate = english_candidate(hr, "Second Round", "13800138000", reviewers=True)
    run("send_invitation", candidate["id"], deadline=DEADLINE)
    run("interview_completed", candidate["id"])
    run("report_ready", candidate["id"])
    resumed: list[dict[str, Any]] = []
    lifecycle = services().reviews.lifecycle
    monkeypatch.setattr(
        type(lifecycle), "resume", lambda self, cid, step, output: resumed.append(output) or True
    )
    body = {"decision": "second_round", "interview_time": "周五 10:00", "interview_place": "3F"}
    reply = hr.post(f"/api/candidates/{candidate['id']}/decision", "shanghai.hr", body)
    assert reply.status == 202, reply.text
    assert resumed[0]["interviewer_name"] == "Shanghai Interviewer"
    run("send_second_round", candidate["id"], decision=resumed[0])
    letter = [m for m in mails_to(candidate["email"]) if "Second interview" in m.subject]
    assert "With: Shanghai Interviewer" in letter[0].body

    lone = english_candidate(hr, "No Interviewer", "13700137002", "no.interviewer@example.com")
    run("send_invitation", lone["id"], deadline=DEADLINE)
    run("interview_completed", lone["id"])
    run("report_ready", lone["id"])
    refused = hr.post(f"/api/candidates/{lone['id']}/decision", "shanghai.hr", body)
    assert refused.status == 422 and refused.json["code"] == "second_round_needs_interviewer"


def test_the_invitation_states_the_length_the_portal_states(hr):
    portal = Portal()
    candidate, token = invited(hr, "One Length", "13800138000")
    minutes = portal.call("GET", f"/api/interview/{token}")[1]["minutes"]
    invitation = [m for m in mails_to(candidate["email"]) if "video interview" in m.subject]
    assert f"It takes about {minutes} minutes." in invitation[0].body
    assert minutes != 20  # the seeded template is shorter than the old fixed text said

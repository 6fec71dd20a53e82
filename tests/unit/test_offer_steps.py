"""The offer's workflow steps and the candidate's offer page without a state machine:
every step run directly, twice where a retry could happen, with the AWS calls the
candidate function makes checked against its policy."""

from __future__ import annotations

import base64
import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from hireflow.bootstrap import services
from hireflow.offers.model import CHINA_TIME
from tests.support import api_event, template_function
from tests.support.builders import english_candidate
from tests.support.letters import drawn_signature
from tests.unit.test_least_privilege import _statements, allows, recorded_calls

DEADLINE = "2099-01-01T12:00:00+08:00"
LINK = re.compile(r"/offer/#([A-Za-z0-9_-]+)")


def run(task, candidate_id, **payload):
    return services().workflow.run({"task": task, "candidate_id": candidate_id, **payload})


def day(offset: int) -> str:
    return (datetime.now(CHINA_TIME).date() + timedelta(days=offset)).isoformat()


TERMS = {
    "department": "Customer care",
    "monthly_salary": 8000,
    "start_date": day(30),
    "work_location": "Shanghai",
    "response_deadline": day(7),
}


class OfferPage:
    """The candidate API function's real handler, as the offer page calls it."""

    def __init__(self) -> None:
        self.function = template_function("CandidateApiFunction")

    def call(self, method, path, body=None, session=None):
        headers = {"X-Offer-Session": session, "User-Agent": "Mozilla/5.0 test"} if session else {}
        event = api_event(method, path, None, body, headers=headers, source_ip="198.51.100.9")
        result, error = self.function.invoke(event, "us-east-1")
        assert error is None, result
        is_json = "json" in (result.get("multiValueHeaders") or {}).get("Content-Type", [""])[0]
        body = json.loads(result["body"]) if result["body"] and is_json else result["body"]
        return result["statusCode"], body


def sent_offer(hr, name: str) -> tuple[dict, str]:
    """A candidate whose offer HR drafted, the manager approved and the workflow sent."""
    candidate = english_candidate(hr, name, reviewers=True)
    cid = candidate["id"]
    run("send_invitation", cid, deadline=DEADLINE)
    run("interview_completed", cid)
    run("report_ready", cid)
    run("request_offer", cid, decision={"decision": "offer"})
    assert hr.put(f"/api/candidates/{cid}/offer", "shanghai.hr", TERMS).status == 200
    assert hr.post(f"/api/candidates/{cid}/offer/submit", "shanghai.hr").status == 200
    assert run("next_approval_level", cid)["approvers"]
    voted = hr.post(
        f"/api/candidates/{cid}/offer/vote", "shanghai.manager", {"decision": "approve"}
    )
    assert voted.json["offer"]["status"] == "approved", voted.text
    assert run("next_approval_level", cid) == {"done": True, "returned": False}
    run("send_offer", cid)
    run("send_offer", cid)  # a retry sends nothing twice
    links = [
        found[1]
        for m in hr.outbox(candidate["email"])
        if m["channel"] == "email" and (found := LINK.search(m["body"]))
    ]
    assert len(links) == 1
    return candidate, links[0]


def test_the_offer_page_does_what_the_candidate_function_may_and_nothing_wider(hr, monkeypatch):
    candidate, token = sent_offer(hr, "Offer Page")
    page = OfferPage()
    with recorded_calls(monkeypatch) as calls:
        assert page.call("GET", "/api/offer/not-a-token")[0] == 404
        status, overview = page.call("GET", f"/api/offer/{token}")
        assert status == 200 and overview["state"] == "open"
        assert page.call("POST", f"/api/offer/{token}/verify", {"phone": "13900000000"})[0] == 401
        status, grant = page.call(
            "POST", f"/api/offer/{token}/verify", {"phone": candidate["phone"]}
        )
        assert status == 200, grant
        session = grant["session"]
        status, letter = page.call("GET", f"/api/offer/{token}/letter", session=session)
        assert status == 200 and letter["candidate_name"] == "Offer Page"
        assert page.call("GET", f"/api/offer/{token}/letter.pdf", session=session)[0] == 200
        acceptance = {
            "typed_name": "offer  page",  # the name on the offer, however spaced or cased
            "signature_png": base64.b64encode(drawn_signature()).decode(),
            "consent": True,
        }
        status, answer = page.call("POST", f"/api/offer/{token}/accept", acceptance, session)
        assert status == 200 and answer == {"state": "accepted"}, answer
        assert page.call("POST", f"/api/offer/{token}/decline", {"reason": "x"}, session)[0] == 410
    statements = _statements("CandidateApiFunction")
    denied = sorted(
        {
            (action, re.sub(r"[0-9a-f]{32,}", "<id>", touched))
            for action, touched in calls
            if not allows(statements, action, touched)
        }
    )
    assert denied == [], "the candidate function's policy does not allow these calls"
    offer = services().offers.offers.get(candidate["id"])
    assert offer.signature.ip_address == "198.51.100.9"
    assert offer.signature.user_agent == "Mozilla/5.0 test"
    assert offer.signature.drawn and offer.reads == 1


def test_a_hire_run_twice_makes_one_employee_with_one_number(hr):
    candidate, token = sent_offer(hr, "Twice Hired")
    page = OfferPage()
    session = page.call("POST", f"/api/offer/{token}/verify", {"phone": candidate["phone"]})[1]
    acceptance = {"typed_name": "Twice Hired", "consent": True}
    page.call("POST", f"/api/offer/{token}/accept", acceptance, session["session"])
    first = run("hire", candidate["id"])
    again = run("hire", candidate["id"])
    assert again["status"] == "hired"
    employees = [
        e for e in services().employees.employees.everyone() if e.candidate_id == candidate["id"]
    ]
    assert [e.number for e in employees] == [first["employee_number"]]
    assert services().offers.offers.get(candidate["id"]).signed_key.endswith("-signed.pdf")


def test_a_locked_offer_link_tells_hr_and_opens_nothing(hr):
    candidate, token = sent_offer(hr, "Locked Out")
    page = OfferPage()
    answers = [
        page.call("POST", f"/api/offer/{token}/verify", {"phone": "13900000000"}) for _ in range(5)
    ]
    assert [status for status, _ in answers] == [401, 401, 401, 401, 423]
    assert answers[0][1]["params"] == {"left": 4}
    assert page.call("POST", f"/api/offer/{token}/verify", {"phone": candidate["phone"]})[0] == 423
    told = [m for m in hr.outbox("shanghai.hr@example.com") if "Locked Out" in m["subject"]]
    assert told and "锁定" in told[0]["subject"]  # in the HR user's language


def test_hr_extends_the_deadline_and_the_expiry_moves_with_it(hr):
    candidate, _ = sent_offer(hr, "More Time")
    path = f"/api/candidates/{candidate['id']}/offer"
    too_late = hr.post(f"{path}/deadline", "shanghai.hr", {"response_deadline": day(40)})
    assert too_late.json["code"] == "deadline_extension"
    extended = hr.post(f"{path}/deadline", "shanghai.hr", {"response_deadline": day(14)}).json
    assert extended["offer"]["terms"]["response_deadline"] == day(14)
    assert extended["versions"][-1]["changed"] == ["response_deadline"]
    services().schedule.reminders(datetime.now(UTC) + timedelta(days=9))
    assert hr.get(path, "shanghai.hr").json["offer"]["status"] == "sent"
    services().schedule.reminders(datetime.now(UTC) + timedelta(days=16))
    assert hr.get(path, "shanghai.hr").json["offer"]["status"] == "expired"


def test_approvers_waiting_past_the_chains_time_are_reminded_once(hr):
    candidate = english_candidate(hr, "Slow Approval", reviewers=True)
    cid = candidate["id"]
    run("send_invitation", cid, deadline=DEADLINE)
    run("interview_completed", cid)
    run("report_ready", cid)
    run("request_offer", cid, decision={"decision": "offer"})
    hr.put(f"/api/candidates/{cid}/offer", "shanghai.hr", TERMS)
    hr.post(f"/api/candidates/{cid}/offer/submit", "shanghai.hr")
    later = datetime.now(UTC) + timedelta(hours=25)
    services().schedule.reminders(later)
    services().schedule.reminders(later + timedelta(hours=1))
    inbox = hr.outbox("shanghai.manager@example.com")
    reminders = [m for m in inbox if "仍待您审批" in m["subject"]]
    assert len(reminders) == 1


@pytest.mark.parametrize("user", ["shanghai.interviewer", "shenzhen.hr"])
def test_only_hr_of_the_branch_draft_an_offer(hr, user):
    candidate = english_candidate(hr, "Not Yours", reviewers=True)
    reply = hr.put(f"/api/candidates/{candidate['id']}/offer", user, TERMS)
    assert reply.status in (403, 404)


def test_hq_writes_a_branchs_letter_words_and_logo_and_the_letter_uses_them(hr):
    from tests.support.letters import demo_logo

    words = {
        "title": "上海录用通知",
        "body": "{candidate_name}：欢迎加入{branch}。",
        "closing": "此致",
    }
    path = "/api/branches/shanghai/offer-template/zh"
    assert hr.put(path, "shanghai.hr", words).status == 403
    unknown = hr.put(path, "hq.hr", {**words, "body": "{salary}"})
    assert unknown.status == 422 and "unknown_placeholder" in unknown.text
    saved = hr.put(path, "hq.hr", words).json
    assert saved["own"] and saved["template"]["title"] == "上海录用通知"
    assert hr.get(path, "shanghai.hr").json["own"]
    assert hr.get("/api/branches/shanghai/offer-template/en", "shanghai.hr").json["own"] is False

    logo = "/api/branches/shanghai/logo"
    png = {"Content-Type": "image/png"}
    assert hr.call("PUT", logo, "hq.admin", binary=b"GIF89a", headers=png).status == 400
    assert hr.call("PUT", logo, "hq.admin", binary=demo_logo(), headers=png).status == 204
    assert services().letter_settings.letters.logo("shanghai") == demo_logo()

    candidate, _ = sent_offer(hr, "Own Words")
    # The candidate reads English; the Chinese words are the branch's for zh letters.
    content = services().offers.letters.content(
        services().offers.offers.get(candidate["id"]),
        services()
        .offers.candidates.candidates.get(candidate["id"])
        .model_copy(update={"locale": "zh"}),
    )
    assert content.title == "上海录用通知" and content.body == ("Own Words：欢迎加入上海。",)
    assert content.logo_png == demo_logo()


def test_a_session_opens_only_the_offer_it_was_given_for(hr):
    first, first_token = sent_offer(hr, "First Offer")
    second, second_token = sent_offer(hr, "Second Offer")
    page = OfferPage()
    grant = page.call("POST", f"/api/offer/{first_token}/verify", {"phone": first["phone"]})[1]
    # The first candidate's session does not open the second one's letter, nor answer it.
    status, body = page.call("GET", f"/api/offer/{second_token}/letter", session=grant["session"])
    assert status == 401 and body["code"] == "verify_again"
    decline = {"reason": "not mine"}
    status, _ = page.call("POST", f"/api/offer/{second_token}/decline", decline, grant["session"])
    assert status == 401
    # Nor does the second candidate's phone number open the first one's link.
    assert (
        page.call("POST", f"/api/offer/{first_token}/verify", {"phone": second["phone"]})[0] == 401
    )
    assert services().offers.offers.get(second["id"]).status == "sent"


def test_an_offer_answered_during_the_hourly_run_leaves_the_other_reminders_running(
    hr, monkeypatch
):
    """The candidate answers while the run reminds them: that offer's change is refused
    (changed meanwhile) and judged again next hour; the rest of the run still goes out."""
    from hireflow.offers.reminders import OfferReminders
    from hireflow.platform.errors import ChangedMeanwhile
    from tests.support.builders import hired

    sent_offer(hr, "Answering Now")
    employee = hired(hr, start_in_days=1)  # its IT tasks are due: onboarding reminds

    def answered_meanwhile(self, offer, at):
        raise ChangedMeanwhile("changed meanwhile", code="changed_meanwhile")

    monkeypatch.setattr(OfferReminders, "_remind", answered_meanwhile)
    run = services().schedule.reminders(datetime.now(UTC) + timedelta(days=4))
    assert run.onboarding_messages >= 1
    assert hr.outbox("shanghai.it@example.com"), employee.id

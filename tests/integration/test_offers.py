"""Issue 15 on the local cloud: an offer from draft to a signed, sealed letter and an
employee, through the real state machine (a task token per approver), and the offer's
other endings (decline, expiry, withdrawal) with their messages."""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from hireflow.bootstrap import services
from hireflow.offers.model import CHINA_TIME
from hireflow.platform.sealing import KmsSealer
from hireflow.platform.settings import settings
from tests.integration.test_lifecycle_e2e import bus_events, decide, finish_and_score, kinds, review
from tests.support.builders import english_candidate, invite, wait_for_status, wait_until
from tests.support.client import Client
from tests.support.letters import drawn_signature

__all__ = ["bus_events"]  # the fixture, used here too

OFFER_LINK = re.compile(r"https?://\S+/offer/#[A-Za-z0-9_-]+")


def day(offset: int) -> str:
    return (datetime.now(CHINA_TIME).date() + timedelta(days=offset)).isoformat()


def terms(**changes: Any) -> dict[str, Any]:
    return {
        "department": "Customer care",
        "monthly_salary": 8000,
        "months_per_year": 13,
        "probation_months": 3,
        "probation_salary": 7000,
        "start_date": day(30),
        "work_location": "Shanghai, Pudong",
        "benefits": "Social insurance, housing fund, 10 days of paid leave",
        "response_deadline": day(7),
        **changes,
    }


@pytest.fixture(scope="module")
def offered(hr: Client, answer_videos) -> dict[str, Any]:
    """A candidate the reviewers decided to offer (the lifecycle waits for HR's offer)."""
    candidate = english_candidate(hr, "Offer Walk", reviewers=True)
    invite(hr, candidate)
    finish_and_score(hr, candidate, answer_videos)
    review(hr, candidate, "shanghai.manager", 85)
    assert decide(hr, candidate, "shanghai.manager", decision="offer").status == 202
    wait_for_status(hr, candidate["id"], "offer_pending")
    return candidate


def offer_link(hr: Client, email: str, count: int = 1) -> str:
    def links() -> list[str]:
        return [
            found.group(0)
            for m in hr.outbox(email)
            if m["channel"] == "email" and (found := OFFER_LINK.search(m["body"]))
        ]

    return wait_until(lambda: len(links()) >= count and links())[-1]


def test_an_offer_goes_from_draft_through_two_levels_to_a_sealed_letter_and_an_employee(
    hr: Client, offered: dict[str, Any], bus_events
):
    cid = offered["id"]
    path = f"/api/candidates/{cid}/offer"
    nothing_yet = hr.get(path, "shanghai.hr").json
    assert nothing_yet["offer"] is None and nothing_yet["actions"] == ["edit"]
    assert nothing_yet["band"] == {"minimum": 6000, "maximum": 9000, "currency": "CNY"}

    # Above the band (6000-9000) without a reason: refused with the band in the reason.
    refused = hr.put(path, "shanghai.hr", terms(monthly_salary=12000))
    assert refused.status == 422, refused.text
    codes = {e["code"] for e in refused.json["errors"]}
    assert "salary_out_of_band" in codes
    dates = hr.put(path, "shanghai.hr", terms(start_date=day(-1), response_deadline=day(3)))
    assert {"start_date_past", "deadline_after_start"} <= {e["code"] for e in dates.json["errors"]}

    first = hr.put(path, "shanghai.hr", terms())
    assert first.status == 200, first.text
    second = hr.put(
        path, "shanghai.hr", terms(monthly_salary=12000, out_of_band_reason="Scarce skills")
    ).json
    assert second["offer"]["version"] == 2
    assert second["versions"][-1]["changed"] == ["monthly_salary", "out_of_band_reason"]
    # Another branch's HR cannot see it; the approvers cannot yet (not submitted).
    assert hr.get(path, "shenzhen.hr").status == 404
    assert hr.get(path, "gm.approver").status == 404

    submitted = hr.post(f"{path}/submit", "shanghai.hr")
    assert submitted.status == 200, submitted.text
    levels = submitted.json["offer"]["levels"]
    assert [lv["why"] for lv in levels] == ["always", "above_band"]  # the GM: out of band

    # Level 1: the hiring manager, asked by e-mail; the GM is not asked yet.
    assert wait_until(
        lambda: [i for i in hr.get("/api/approvals", "shanghai.manager").json if i["mine"]]
    )
    assert not [i for i in hr.get("/api/approvals", "gm.approver").json if i["mine"]]
    letter = hr.get(f"{path}/letter.pdf", "shanghai.manager")
    assert letter.status == 200 and letter.raw.startswith(b"%PDF")
    assert hr.post(f"{path}/vote", "gm.approver", {"decision": "approve"}).status == 403
    voted = hr.post(f"{path}/vote", "shanghai.manager", {"decision": "approve", "comment": "ok"})
    assert voted.status == 200, voted.text
    assert voted.json["offer"]["level"] == 1

    # Level 2: the GM approves from the inbox; the letter goes out.
    wait_until(lambda: [i for i in hr.get("/api/approvals", "gm.approver").json if i["mine"]])
    approved = hr.post(f"{path}/vote", "gm.approver", {"decision": "approve"})
    assert approved.status == 200, approved.text
    wait_for_status(hr, cid, "offer_sent")
    link = offer_link(hr, offered["email"])
    token = link.rsplit("#", 1)[1]
    # And by SMS (delivered after the e-mail, from the same outbox).
    assert wait_until(lambda: any(token in m["body"] for m in hr.outbox(offered["phone"])))

    # The candidate: the phone on file, then the letter (reading is tracked).
    assert hr.get(f"/api/offer/{token}", None).json["state"] == "open"
    wrong = hr.post(f"/api/offer/{token}/verify", None, {"phone": "+8613900000000"})
    assert wrong.status == 401 and wrong.json["code"] == "wrong_phone"
    session = hr.post(f"/api/offer/{token}/verify", None, {"phone": offered["phone"]}).json
    headers = {"X-Offer-Session": session["session"]}
    assert hr.get(f"/api/offer/{token}/letter", None).status == 401
    shown = hr.get(f"/api/offer/{token}/letter", None, headers=headers).json
    assert shown["candidate_name"] == offered["name"]
    assert any("12,000 CNY" in value for _, value in shown["terms"])
    assert hr.get(path, "shanghai.hr").json["offer"]["reads"] == 1

    # Accepting is explicit: the consent and the name on the offer.
    incomplete = hr.post(
        f"/api/offer/{token}/accept",
        None,
        {"typed_name": "Someone Else", "consent": False},
        headers=headers,
    )
    assert {e["code"] for e in incomplete.json["errors"]} == {
        "esign_consent_required",
        "name_mismatch",
    }
    signature = base64.b64encode(drawn_signature()).decode()
    acceptance = {"typed_name": offered["name"], "signature_png": signature, "consent": True}
    accepted = hr.post(f"/api/offer/{token}/accept", None, acceptance, headers=headers)
    assert accepted.status == 200 and accepted.json["state"] == "accepted", accepted.text
    again = hr.post(f"/api/offer/{token}/accept", None, acceptance, headers=headers)
    assert again.json["state"] == "accepted"  # a retried acceptance changes nothing

    hired = wait_for_status(hr, cid, "hired", seconds=60)
    assert hired["status"] == "hired"
    view = hr.get(path, "shanghai.hr").json
    number = view["employee"]["number"]
    assert re.fullmatch(r"E\d{4}\d{5}", number)
    assert view["offer"]["signature"]["typed_name"] == offered["name"]

    sealed = hr.get(f"{path}/signed.pdf", "shanghai.hr")
    assert sealed.status == 200
    sealer = KmsSealer(settings().sealing_key_id, "hireflow")
    assert sealer.verify(sealed.raw).valid
    at = sealed.raw.index(b"stream\n") + 40  # a byte of the first page's content
    tampered = sealed.raw[:at] + bytes([sealed.raw[at] ^ 0x01]) + sealed.raw[at + 1 :]
    assert not sealer.verify(tampered).valid

    employees = hr.get("/api/employees", "shanghai.hr").json
    employee = next(e for e in employees if e["number"] == number)
    assert employee["candidate_id"] == cid and employee["baseline"]
    assert hr.get("/api/employees", "shenzhen.hr").json == [] or all(
        e["branch_id"] == "shenzhen" for e in hr.get("/api/employees", "shenzhen.hr").json
    )
    wait_until(lambda: "employee.created" in kinds(bus_events(), cid))
    assert kinds(bus_events(), cid)[-2:] == ["offer.accepted", "employee.created"]
    # The workflow's retry of the hire finds the employee: no second one, no second number.
    services().workflow.run({"task": "hire", "candidate_id": cid})
    assert [e["number"] for e in hr.get("/api/employees", "hq.hr").json].count(number) == 1

    # employee.created on the bus starts onboarding: the company's plan, with real dates.
    plan_path = f"/api/employees/{employee['id']}/onboarding"
    reply = wait_until(
        lambda: (r := hr.get(plan_path, "shanghai.hr")).status == 200 and r, seconds=30
    )
    plan = reply.json
    assert plan["template_id"] == "company-onboarding"
    assert plan["start_date"] == employee["start_date"]
    wait_until(lambda: "onboarding.started" in kinds(bus_events(), employee["id"]))


def offer_out(hr: Client, answer_videos, name: str, **changes: Any) -> tuple[dict, str]:
    candidate = english_candidate(hr, name, reviewers=True)
    invite(hr, candidate)
    finish_and_score(hr, candidate, answer_videos)
    review(hr, candidate, "shanghai.manager", 80)
    assert decide(hr, candidate, "shanghai.manager", decision="offer").status == 202
    wait_for_status(hr, candidate["id"], "offer_pending")
    path = f"/api/candidates/{candidate['id']}/offer"
    assert hr.put(path, "shanghai.hr", terms(**changes)).status == 200
    assert hr.post(f"{path}/submit", "shanghai.hr").status == 200
    wait_until(lambda: [i for i in hr.get("/api/approvals", "shanghai.manager").json if i["mine"]])
    rejected = hr.post(f"{path}/vote", "shanghai.manager", {"decision": "reject"})
    assert rejected.json["code"] == "comment_required"
    returned = hr.post(
        f"{path}/vote", "shanghai.manager", {"decision": "reject", "comment": "Start later"}
    ).json
    assert returned["offer"]["status"] == "returned"
    assert returned["offer"]["returned_comment"] == "Start later"
    assert hr.put(path, "shanghai.hr", terms(start_date=day(40), **changes)).status == 200
    assert hr.post(f"{path}/submit", "shanghai.hr").status == 200
    wait_until(lambda: [i for i in hr.get("/api/approvals", "shanghai.manager").json if i["mine"]])
    assert hr.post(f"{path}/vote", "shanghai.manager", {"decision": "approve"}).status == 200
    wait_for_status(hr, candidate["id"], "offer_sent")
    return candidate, offer_link(hr, candidate["email"]).rsplit("#", 1)[1]


def test_returned_then_declined_with_a_reason_hr_reads(hr: Client, answer_videos):
    candidate, token = offer_out(hr, answer_videos, "Offer Decline")
    session = hr.post(f"/api/offer/{token}/verify", None, {"phone": candidate["phone"]}).json
    headers = {"X-Offer-Session": session["session"]}
    declined = hr.post(
        f"/api/offer/{token}/decline", None, {"reason": "Another offer"}, headers=headers
    )
    assert declined.json["state"] == "declined", declined.text
    done = wait_for_status(hr, candidate["id"], "offer_declined")
    assert done["status_reason"] == "Another offer"
    view = hr.get(f"/api/candidates/{candidate['id']}/offer", "shanghai.hr").json
    assert view["offer"]["decline_reason"] == "Another offer"
    assert [v["version"] for v in view["versions"]] == [1, 2]
    assert hr.get(f"/api/offer/{token}", None).json["state"] == "declined"


def test_reminded_once_after_three_days_then_expired_at_the_deadline(hr: Client, answer_videos):
    candidate, token = offer_out(hr, answer_videos, "Offer Expiry", response_deadline=day(5))
    schedule = services().schedule
    sent_at = datetime.now(UTC)
    schedule.reminders(sent_at + timedelta(days=1))
    assert not [m for m in hr.outbox(candidate["email"]) if "days ago" in m["subject"]]
    schedule.reminders(sent_at + timedelta(days=3, hours=1))
    schedule.reminders(sent_at + timedelta(days=3, hours=2))
    reminders = [m for m in hr.outbox(candidate["email"]) if "sent 3 days ago" in m["subject"]]
    assert len(reminders) == 1
    assert OFFER_LINK.search(reminders[0]["body"])  # a link that works
    schedule.reminders(sent_at + timedelta(days=7))
    wait_for_status(hr, candidate["id"], "offer_expired")
    assert hr.get(f"/api/offer/{token}", None).json["state"] == "expired"
    assert [m for m in hr.outbox(candidate["email"]) if "has lapsed" in m["subject"]]


def test_withdrawn_offer_tells_the_candidate_and_the_link_says_so(hr: Client, answer_videos):
    candidate, token = offer_out(hr, answer_videos, "Offer Withdrawal")
    path = f"/api/candidates/{candidate['id']}/offer"
    assert hr.post(f"{path}/withdraw", "shanghai.manager", {"reason": "x"}).status == 403
    withdrawn = hr.post(f"{path}/withdraw", "shanghai.hr", {"reason": "Position closed"})
    assert withdrawn.json["offer"]["status"] == "withdrawn", withdrawn.text
    wait_for_status(hr, candidate["id"], "offer_withdrawn")
    assert [m for m in hr.outbox(candidate["email"]) if "Position closed" in m["body"]]
    assert hr.get(f"/api/offer/{token}", None).json["state"] == "withdrawn"


def test_a_guessed_or_locked_offer_link_opens_nothing(hr: Client, answer_videos):
    assert hr.get("/api/offer/not-a-token", None).json["code"] == "link_invalid"

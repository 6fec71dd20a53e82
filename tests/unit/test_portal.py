"""The candidate portal's API through its real handler, on moto."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import pytest

from hireflow.bootstrap import services
from tests.support import api_event, template_function
from tests.support.builders import invited
from tests.unit.conftest import sent_emails

PHONE = "13800138000"


class Portal:
    """Calls the candidate API function's real handler (no authorizer: public routes)."""

    def __init__(self) -> None:
        self.function = template_function("CandidateApiFunction")

    def call(self, method, path, body=None, session=None):
        headers = {"X-Interview-Session": session} if session else {}
        event = api_event(method, path, None, body, headers=headers)
        result, error = self.function.invoke(event, "us-east-1")
        assert error is None, result
        return result["statusCode"], json.loads(result["body"]) if result["body"] else None


@pytest.fixture
def portal(hr):
    return Portal()


def verified(portal, token, phone=PHONE):
    status, body = portal.call(
        "POST", f"/api/interview/{token}/verify", {"phone": phone, "consent": True}
    )
    assert status == 200, body
    return body["session"]


def test_overview_tells_position_deadline_and_ai_notice(hr, portal):
    _, token = invited(hr, "Li Lei", PHONE)
    status, body = portal.call("GET", f"/api/interview/{token}")
    assert status == 200
    assert body["position"] == "Customer Service Associate"
    assert body["questions"] == 3 and body["state"] == "open" and not body["verified"]
    assert "AI" in body["ai_notice"] and "alternative" in body["ai_notice"]
    assert "Li Lei" not in json.dumps(body) and PHONE not in json.dumps(body)
    assert portal.call("GET", "/api/interview/not-a-real-token")[0] == 404


def test_five_wrong_phone_numbers_lock_the_link_and_tell_hr(hr, portal):
    candidate, token = invited(hr, "Li Lei", PHONE)
    for left in (4, 3, 2, 1):
        status, body = portal.call(
            "POST", f"/api/interview/{token}/verify", {"phone": "13900000000", "consent": True}
        )
        assert status == 401 and f"{left} attempts left" in body["message"]
    status, body = portal.call(
        "POST", f"/api/interview/{token}/verify", {"phone": "nonsense", "consent": True}
    )
    assert status == 423
    # Locked now, even for the right number.
    assert (
        portal.call("POST", f"/api/interview/{token}/verify", {"phone": PHONE, "consent": True})[0]
        == 423
    )
    stored = hr.get(f"/api/candidates/{candidate['id']}", "shanghai.hr").json
    assert stored["status"] == "needs_attention"
    assert "locked after 5 wrong phone numbers" in stored["status_reason"]
    state = hr.get(f"/api/candidates/{candidate['id']}/interview", "shanghai.hr").json
    assert state["wrong_phone_attempts"] == 5 and state["locked_at"]


def test_consent_is_required_and_recorded(hr, portal):
    candidate, token = invited(hr, "Li Lei", PHONE)
    status, body = portal.call(
        "POST", f"/api/interview/{token}/verify", {"phone": "+86 138 0013 8000"}
    )
    assert status == 422 and body["errors"][0]["field"] == "consent"
    session = verified(portal, token, phone="+86 138 0013 8000")
    assert len(session) >= 43
    interview = services().portal.interviews.interview(candidate["id"], 1)
    assert interview.consent_at is not None and interview.verified_at is not None


def test_questions_need_a_session_of_the_same_candidate(hr, portal):
    _, token = invited(hr, "Li Lei", PHONE)
    _, other_token = invited(hr, "Han", "13900139000")
    assert portal.call("GET", f"/api/interview/{token}/questions")[0] == 401
    other_session = verified(portal, other_token, phone="13900139000")
    assert portal.call("GET", f"/api/interview/{token}/questions", session=other_session)[0] == 401
    session = verified(portal, token)
    status, questions = portal.call("GET", f"/api/interview/{token}/questions", session=session)
    assert status == 200
    assert [q["id"] for q in questions] == ["intro", "damaged-order", "difficult-teammate"]
    assert questions[1]["text"].startswith("A customer calls")
    assert (questions[0]["preparation_seconds"], questions[0]["answer_seconds"]) == (30, 90)


def test_uploads_are_scoped_to_one_answer_and_limited_to_the_retakes(hr, portal):
    candidate, token = invited(hr, "Li Lei", PHONE)
    session = verified(portal, token)
    path = f"/api/interview/{token}/answers/intro/upload"
    status, grant = portal.call("POST", path, {"content_type": "video/webm"}, session=session)
    assert status == 200, grant
    assert grant["key"] == f"answers/{candidate['id']}/01/intro/1.webm"
    assert grant["expires_in"] <= 900 and grant["max_bytes"] == 200 * 1024 * 1024
    policy = json.loads(base64.b64decode(grant["fields"]["policy"]))
    assert {"key": grant["key"]} in policy["conditions"] or ["eq", "$key", grant["key"]] in policy[
        "conditions"
    ]
    assert {"Content-Type": "video/webm"} in policy["conditions"]
    assert ["content-length-range", 1, 200 * 1024 * 1024] in policy["conditions"]
    # intro allows one retake: a second grant, then no more.
    assert portal.call("POST", path, {"content_type": "video/mp4"}, session=session)[1][
        "key"
    ].endswith("/2.mp4")
    status, body = portal.call("POST", path, {}, session=session)
    assert status == 409 and "no retakes left" in body["message"]
    once = f"/api/interview/{token}/answers/damaged-order/upload"
    assert portal.call("POST", once, {}, session=session)[0] == 200
    assert portal.call("POST", once, {}, session=session)[0] == 409
    assert (
        portal.call("POST", f"/api/interview/{token}/answers/nope/upload", {}, session=session)[0]
        == 404
    )
    assert portal.call("POST", path, {"content_type": "image/png"}, session=session)[0] == 422


def test_no_upload_after_the_questions_time_window(hr, portal):
    candidate, token = invited(hr, "Li Lei", PHONE)
    session = verified(portal, token)
    interviews = services().portal.interviews
    long_ago = datetime.now(UTC) - timedelta(hours=1)
    interviews.change(
        candidate["id"], 1, lambda i: i.model_copy(update={"question_started": {"intro": long_ago}})
    )
    status, body = portal.call(
        "POST", f"/api/interview/{token}/answers/intro/upload", {}, session=session
    )
    assert status == 409 and "time for this question is over" in body["message"]


def test_an_expired_link_is_gone(hr, portal):
    candidate, token = invited(hr, "Li Lei", PHONE)
    interviews = services().portal.interviews
    past = datetime.now(UTC) - timedelta(minutes=1)
    interviews.change(candidate["id"], 1, lambda i: i.model_copy(update={"deadline": past}))
    status, body = portal.call("GET", f"/api/interview/{token}")
    assert status == 410 and "deadline" in body["message"]


def s3_event(key):
    from urllib.parse import quote_plus

    return {
        "Records": [
            {
                "eventSource": "aws:s3",
                "eventName": "ObjectCreated:Post",
                "s3": {"bucket": {"name": "b"}, "object": {"key": quote_plus(key), "size": 10}},
            }
        ]
    }


def test_answers_are_recorded_once_and_complete_needs_them_all(hr, portal):
    recorder = template_function("AnswerRecordedFunction")
    candidate, token = invited(hr, "Li Lei", PHONE)
    session = verified(portal, token)
    status, body = portal.call("POST", f"/api/interview/{token}/complete", session=session)
    assert status == 409 and {e["field"] for e in body["errors"]} == {
        "intro",
        "damaged-order",
        "difficult-teammate",
    }
    for question in ("intro", "damaged-order", "difficult-teammate"):
        grant = portal.call(
            "POST", f"/api/interview/{token}/answers/{question}/upload", {}, session=session
        )[1]
        result, error = recorder.invoke(s3_event(grant["key"]), "us-east-1")
        assert error is None and result == {"recorded": 1}
        again, _ = recorder.invoke(s3_event(grant["key"]), "us-east-1")
        assert again == {"recorded": 0}  # a duplicate event records nothing new
    assert recorder.invoke(s3_event("answers/not-an-answer.txt"), "us-east-1")[0] == {"recorded": 0}
    status, body = portal.call("POST", f"/api/interview/{token}/complete", session=session)
    assert status == 200 and body == {"state": "completed"}
    state = hr.get(f"/api/candidates/{candidate['id']}/interview", "shanghai.hr").json
    assert [a["question_id"] for a in state["answers"] if a["uploaded_at"]] == [
        "intro",
        "damaged-order",
        "difficult-teammate",
    ]
    assert state["answers"][0]["media_key"].endswith("/intro/1.webm")
    assert state["consent_at"] and state["verified_at"]


def test_asking_for_an_alternative_reaches_branch_hr(hr, portal):
    candidate, token = invited(hr, "Li Lei", PHONE)
    status, body = portal.call(
        "POST", f"/api/interview/{token}/alternative", {"reason": "no camera at home"}
    )
    assert status == 200 and body["alternative_requested"] is True
    mails = [m for m in sent_emails() if "shanghai.hr@example.com" in m.destinations["ToAddresses"]]
    assert any("no camera at home" in m.body for m in mails)
    notes = [
        s["note"] for s in hr.get(f"/api/candidates/{candidate['id']}/timeline", "shanghai.hr").json
    ]
    assert any("without AI" in (n or "") for n in notes)


def test_no_token_or_phone_number_reaches_the_logs(hr, portal, capsys, caplog):
    _, token = invited(hr, "Li Lei", PHONE)
    portal.call("GET", f"/api/interview/{token}")
    portal.call("POST", f"/api/interview/{token}/verify", {"phone": "13900000000", "consent": True})
    session = verified(portal, token)
    portal.call("GET", f"/api/interview/{token}/questions", session=session)
    portal.call("POST", f"/api/interview/{token}/answers/intro/upload", {}, session=session)
    logs = capsys.readouterr().out + capsys.readouterr().err + caplog.text
    assert "wrong phone" in logs  # the logs do speak...
    for secret in (token, session, PHONE, "13900000000"):
        assert secret not in logs  # ...but never of these

"""The candidate portal's API through its real handler, on moto."""

from __future__ import annotations

import base64
import json
import re
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from threading import Barrier
from urllib.parse import quote_plus

import pytest

from hireflow.bootstrap import services
from hireflow.platform import aws
from hireflow.platform.settings import settings
from tests.support import api_event, template_function
from tests.support.builders import invited
from tests.unit.conftest import sent_emails

PHONE = "13800138000"


class Portal:
    """Calls the candidate API function's real handler (no authorizer: public routes)."""

    def __init__(self) -> None:
        self.function = template_function("CandidateApiFunction")

    def call(self, method, path, body=None, session=None, source="198.51.100.7"):
        headers = {"X-Interview-Session": session} if session else {}
        event = api_event(method, path, None, body, headers=headers, source_ip=source)
        result, error = self.function.invoke(event, "us-east-1")
        assert error is None, "".join(result.get("stackTrace", [])) if error else result
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
    # The phone check opens a session; recording waits for the consent (test_consent.py).
    status, body = portal.call(
        "POST", f"/api/interview/{token}/verify", {"phone": "+86 138 0013 8000"}
    )
    assert status == 200
    upload = f"/api/interview/{token}/answers/intro/upload"
    status, body = portal.call("POST", upload, {}, session=body["session"])
    assert status == 409 and body["code"] == "recording_consent_missing"
    assert services().portal.interviews.interview(candidate["id"], 1).consent_at is None
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
    # A key of its own per attempt; usable only until the question's window closes
    # (30 s to prepare, 90 s to answer, 3 minutes to finish the upload).
    assert re.fullmatch(rf"answers/{candidate['id']}/01/intro/1-[0-9a-f]{{32}}\.webm", grant["key"])
    assert 290 <= grant["expires_in"] <= 300 and grant["max_bytes"] == 200 * 1024 * 1024
    policy = json.loads(base64.b64decode(grant["fields"]["policy"]))
    assert {"key": grant["key"]} in policy["conditions"] or ["eq", "$key", grant["key"]] in policy[
        "conditions"
    ]
    assert {"Content-Type": "video/webm"} in policy["conditions"]
    assert ["content-length-range", 1, 200 * 1024 * 1024] in policy["conditions"]
    # intro allows one retake: a second grant, then no more.
    retake = portal.call("POST", path, {"content_type": "video/mp4"}, session=session)[1]["key"]
    assert "/intro/2-" in retake and retake.endswith(".mp4")
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


def s3_event(key, uploaded=None):
    """S3's object-created notification; ``uploaded`` (a PutObject reply) names the version
    and ETag, as a versioned bucket's notification does."""
    found = {"key": quote_plus(key), "size": 10}
    if uploaded:
        found |= {"versionId": uploaded["VersionId"], "eTag": uploaded["ETag"].strip('"')}
    return {
        "Records": [
            {
                "eventSource": "aws:s3",
                "eventName": "ObjectCreated:Post",
                "s3": {"bucket": {"name": "b"}, "object": found},
            }
        ]
    }


def put(key, body=b"recording"):
    """What a browser's POST with the grant stores: a new version of ``key``."""
    return aws.client("s3").put_object(Bucket=settings().media_bucket, Key=key, Body=body)


def versions(key):
    listed = aws.client("s3").list_object_versions(Bucket=settings().media_bucket, Prefix=key)
    return [v["VersionId"] for v in listed.get("Versions", []) if v["Key"] == key]


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
        uploaded = put(grant["key"])
        result, error = recorder.invoke(s3_event(grant["key"], uploaded), "us-east-1")
        assert error is None and result == {"recorded": 1}
        again, _ = recorder.invoke(s3_event(grant["key"], uploaded), "us-east-1")
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
    assert "/intro/1-" in state["answers"][0]["media_key"]
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


def _at_once(count, call):
    """``call(i)`` from ``count`` threads released together; their results."""
    start = Barrier(count)

    def one(i):
        start.wait()
        return call(i)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(one, range(count)))


def test_twenty_racing_wrong_numbers_get_five_checks_and_the_right_one_stays_out(
    hr, portal, atomic_dynamodb
):
    candidate, token = invited(hr, "Li Lei", PHONE)
    path = f"/api/interview/{token}/verify"
    wrong = {"phone": "13900000000", "consent": True}
    replies = _at_once(20, lambda i: portal.call("POST", path, wrong, source=f"203.0.113.{i}"))
    # Every attempt is answered with a reason, none crashes; only five were checked.
    assert Counter(status for status, _ in replies) == {401: 4, 423: 16}
    messages = [body["message"] for status, body in replies if status == 423]
    assert sum("now locked" in m for m in messages) == 1  # the fifth locks, once
    assert portal.call("POST", path, {"phone": PHONE, "consent": True})[0] == 423
    state = hr.get(f"/api/candidates/{candidate['id']}/interview", "shanghai.hr").json
    assert state["wrong_phone_attempts"] == 5 and state["locked_at"]
    stored = hr.get(f"/api/candidates/{candidate['id']}", "shanghai.hr").json
    assert stored["status"] == "needs_attention"


def test_a_right_number_among_wrong_ones_does_not_count_as_wrong(hr, portal):
    candidate, token = invited(hr, "Li Lei", PHONE)
    path = f"/api/interview/{token}/verify"
    for _ in range(2):
        assert portal.call("POST", path, {"phone": "13900000000", "consent": True})[0] == 401
    assert portal.call("POST", path, {"phone": PHONE, "consent": True})[0] == 200
    state = hr.get(f"/api/candidates/{candidate['id']}/interview", "shanghai.hr").json
    assert state["wrong_phone_attempts"] == 2 and state["locked_at"] is None


def test_one_source_cannot_lock_out_or_guess_many_links(hr, portal):
    attacker, neighbour = "203.0.113.66", "198.51.100.20"
    links = [invited(hr, f"Candidate {n}", f"1390013900{n}") for n in range(3)]
    wrong = {"phone": "13700000000", "consent": True}
    for _, token in links[:2]:
        statuses = [
            portal.call("POST", f"/api/interview/{token}/verify", wrong, source=attacker)[0]
            for _ in range(5)
        ]
        assert statuses == [401, 401, 401, 401, 423]
    # Ten wrong numbers this hour from one address: the third link is not even tried.
    third, token = links[2]
    status, body = portal.call("POST", f"/api/interview/{token}/verify", wrong, source=attacker)
    assert status == 429 and "try again in" in body["message"]
    state = hr.get(f"/api/candidates/{third['id']}/interview", "shanghai.hr").json
    assert state["wrong_phone_attempts"] == 0 and state["locked_at"] is None
    # Its candidate, elsewhere, gets in.
    right = {"phone": "13900139002", "consent": True}
    assert portal.call("POST", f"/api/interview/{token}/verify", right, source=neighbour)[0] == 200


def _answer(candidate_id, question_id):
    return services().portal.interviews.interview(candidate_id, 1).answers[question_id]


def test_an_attempt_takes_its_first_object_and_later_writes_are_deleted(hr, portal):
    recorder = template_function("AnswerRecordedFunction")
    candidate, token = invited(hr, "Li Lei", PHONE)
    session = verified(portal, token)
    grant = portal.call(
        "POST", f"/api/interview/{token}/answers/intro/upload", {}, session=session
    )[1]
    first = put(grant["key"], b"the real answer")
    assert recorder.invoke(s3_event(grant["key"], first), "us-east-1")[0] == {"recorded": 1}
    # The same signed form again: a new version of the key, refused and deleted.
    second = put(grant["key"], b"a replacement")
    assert recorder.invoke(s3_event(grant["key"], second), "us-east-1")[0] == {"recorded": 0}
    assert versions(grant["key"]) == [first["VersionId"]]
    answer = _answer(candidate["id"], "intro")
    assert answer.media_version == first["VersionId"]
    assert answer.media_etag == first["ETag"].strip('"')
    shown = hr.get(f"/api/candidates/{candidate['id']}/interview", "shanghai.hr").json
    assert shown["answers"][0]["media_version"] == first["VersionId"]


def test_nothing_changes_a_recording_after_complete_or_a_retake(hr, portal):
    recorder = template_function("AnswerRecordedFunction")
    candidate, token = invited(hr, "Li Lei", PHONE)
    session = verified(portal, token)
    upload = f"/api/interview/{token}/answers/intro/upload"
    first = portal.call("POST", upload, {}, session=session)[1]["key"]
    retake = portal.call("POST", upload, {}, session=session)[1]["key"]
    # The first attempt's object arrives after the retake was granted: too late.
    late = put(first)
    assert recorder.invoke(s3_event(first, late), "us-east-1")[0] == {"recorded": 0}
    assert versions(first) == []
    kept = put(retake)
    assert recorder.invoke(s3_event(retake, kept), "us-east-1")[0] == {"recorded": 1}
    status, _ = portal.call("POST", f"/api/interview/{token}/complete", session=session)
    assert status == 200
    # After /complete the retake's form still signs, but its object is refused.
    replaced = put(retake, b"after complete")
    assert recorder.invoke(s3_event(retake, replaced), "us-east-1")[0] == {"recorded": 0}
    assert versions(retake) == [kept["VersionId"]]
    assert _answer(candidate["id"], "intro").media_version == kept["VersionId"]
    status, body = portal.call("POST", upload, {}, session=session)
    assert status == 409 and "already complete" in body["message"]

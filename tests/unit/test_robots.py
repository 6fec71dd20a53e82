"""DingTalk and WeCom group robots as notification channels: a branch's HR add a robot; a
staff notice with a robot text (the notification-template admin) is posted to it, signed
as DingTalk documents, once, after the change commits; a platform that answers a non-zero
``errcode`` has not taken it (the outbox tries again). Candidates' messages never go to a
robot. The robot's address and secret are never shown again."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import urllib.parse

import pytest

from hireflow.bootstrap import reset, services
from hireflow.notifications.model import NotificationEvent
from hireflow.notifications.robots import (
    dingtalk_sign,
    robot_payload,
    signed_url,
)
from hireflow.notifications.sending import RenderedMessage
from hireflow.platform.errors import Transient
from hireflow.platform.model import OutboxRepository
from tests.support.builders import english_candidate
from tests.support.subscriber import running_subscriber
from tests.unit.test_lifecycle import DEADLINE, mails_to, run

TOKEN = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0abcd"
SECRET = "SECb6a2c0e1f9d84c7a93e5b1d2c4f6a8e0b3d5c7e9f1a2b4c6d8e0f2a4b6c8d0e2"


@pytest.fixture
def loopback(hr, monkeypatch):
    monkeypatch.setenv("HIREFLOW_OUTBOUND_ALLOW_LOOPBACK", "true")
    reset()
    return hr


@pytest.fixture
def group():
    with running_subscriber() as running:
        yield running


def add_robot(hr, branch, url, user="shanghai.hr", **fields):
    body = {"kind": "dingtalk", "name": "上海招聘群", "url": url, **fields}
    reply = hr.post(f"/api/branches/{branch}/robots", user, body)
    assert reply.status == 201, reply
    return reply.json


def flag(candidate_id):
    """A lifecycle step failed: the branch's HR are told (needs_attention)."""
    run(
        "mark_needs_attention",
        candidate_id,
        failed_state="SendInvitation",
        error={"Error": "CannotInvite", "Cause": "{}"},
    )


# ---------------------------------------------------------------------- the formats


def test_the_dingtalk_signature_is_the_one_dingtalk_documents():
    timestamp = 1767225600123
    # DingTalk's recipe, written out independently: HmacSHA256 with the secret as key over
    # "timestamp\nsecret", Base64, then URL-encoded.
    digest = hmac.new(
        SECRET.encode("utf-8"), f"{timestamp}\n{SECRET}".encode(), digestmod=hashlib.sha256
    ).digest()
    expected = urllib.parse.quote_plus(base64.b64encode(digest).decode("utf-8"))
    assert dingtalk_sign(SECRET, timestamp) == expected
    assert "%" in expected or "+" not in expected  # URL-encoded base64
    url = f"https://oapi.dingtalk.com/robot/send?access_token={TOKEN}"
    assert signed_url(url, SECRET, timestamp) == f"{url}&timestamp={timestamp}&sign={expected}"


def test_the_messages_are_in_each_platforms_markdown_format():
    text = "### 候选人需要处理：张伟\n**客户服务专员** · 上海"
    assert robot_payload("dingtalk", text) == {
        "msgtype": "markdown",
        "markdown": {"title": "候选人需要处理：张伟", "text": text},
    }
    assert robot_payload("wecom", text) == {"msgtype": "markdown", "markdown": {"content": text}}


# ---------------------------------------------------------------------- posting


def test_a_staff_notice_is_posted_to_the_branch_robot_signed_after_the_change(loopback, group):
    hr = loopback
    robot = add_robot(hr, "shanghai", f"{group.url}/robot/send?access_token={TOKEN}", secret=SECRET)
    assert robot["signed"] is True and robot["locale"] == "zh"
    candidate = english_candidate(hr, "Li Lei")
    flag(candidate["id"])
    (post,) = group.received
    assert post.query["access_token"] == [TOKEN]
    timestamp = int(post.query["timestamp"][0])
    assert post.query["sign"] == [urllib.parse.unquote_plus(dingtalk_sign(SECRET, timestamp))]
    body = post.json
    assert body["msgtype"] == "markdown"
    assert body["markdown"]["title"] == "候选人需要处理：Li Lei"
    assert "Li Lei" in body["markdown"]["text"] and "上海" in body["markdown"]["text"]
    assert f"/#/candidates/{candidate['id']}" in body["markdown"]["text"]
    # Delivered and gone from the outbox; the same step run again posts nothing new.
    assert list(OutboxRepository().pending(candidate["id"])) == []
    flag(candidate["id"])
    assert len(group.received) == 1


def test_hqs_robot_gets_every_branchs_staff_notices_and_another_branchs_none(loopback, group):
    hr = loopback
    add_robot(hr, "hq", f"{group.url}/hq?access_token={TOKEN}", user="hq.admin", locale="en")
    add_robot(hr, "shenzhen", f"{group.url}/shenzhen?access_token={TOKEN}", user="shenzhen.hr")
    flag(english_candidate(hr, "Han Mei")["id"])
    assert [p.path for p in group.received] == ["/hq"]
    assert group.received[0].json["markdown"]["title"] == "Needs attention: Han Mei"


def test_a_candidates_own_messages_never_go_to_a_robot(loopback, group):
    hr = loopback
    add_robot(hr, "shanghai", f"{group.url}/robot?access_token={TOKEN}")
    candidate = english_candidate(hr, "Wang Fang")
    run("send_invitation", candidate["id"], deadline=DEADLINE)  # a secret link, one person
    assert group.received == []


@pytest.mark.parametrize(
    ("kind", "refusal"),
    [
        ("dingtalk", {"errcode": 310000, "errmsg": "sign not match"}),
        ("wecom", {"errcode": 93000, "errmsg": "invalid webhook url"}),
    ],
)
def test_a_non_zero_errcode_is_a_failed_delivery_the_outbox_tries_again(
    loopback, group, kind, refusal
):
    hr = loopback
    credential = "access_token" if kind == "dingtalk" else "key"
    add_robot(hr, "shanghai", f"{group.url}/robot?{credential}={TOKEN}", kind=kind)
    group.answer((200, refusal))
    candidate = english_candidate(hr, "Zhao Lei")
    with pytest.raises(Transient, match="RobotDeliveryFailed"):
        flag(candidate["id"])  # the step fails with the error the state machine retries
    pending = list(OutboxRepository().pending(candidate["id"]))
    assert [e.payload["channel"] for e in pending] == [kind]
    # The e-mails went first and are not sent again; the next drain posts the message.
    services().outbox.drain(candidate["id"])
    assert list(OutboxRepository().pending(candidate["id"])) == []
    assert len(group.received) == 2
    assert len(mails_to("shanghai.hr@example.com")) == 1
    if kind == "wecom":
        assert group.received[-1].json["markdown"]["content"].startswith("### ")


def test_removing_a_robot_lets_its_undelivered_messages_go(loopback, group):
    hr = loopback
    robot = add_robot(hr, "shanghai", f"{group.url}/robot?access_token={TOKEN}")
    group.answer((200, {"errcode": 300001, "errmsg": "token is not exist"}))
    candidate = english_candidate(hr, "Sun Li")
    with pytest.raises(Transient, match="RobotDeliveryFailed"):
        flag(candidate["id"])
    gone = hr.call("DELETE", f"/api/branches/shanghai/robots/{robot['id']}", "shanghai.hr")
    assert gone.status == 204
    services().outbox.drain(candidate["id"])
    assert list(OutboxRepository().pending(candidate["id"])) == []
    assert len(group.received) == 1


def test_a_robot_message_sent_directly_that_fails_is_logged_not_raised(loopback, group):
    """Messages sent without an outbox entry (reminders) have no retry: a robot's refusal
    must not stop the job that sends them."""
    hr = loopback
    add_robot(hr, "shanghai", f"{group.url}/robot?access_token={TOKEN}")
    group.answer((200, {"errcode": 130101, "errmsg": "send too fast"}))
    candidate = english_candidate(hr, "Zhou Xun")
    stored = services().candidates.candidates.get(candidate["id"])
    notices = services().oversight.notices
    requests = notices.to_branch_hr(stored, NotificationEvent.NEEDS_ATTENTION)
    assert [r.channel for r in requests] == ["email", "dingtalk"]  # e-mails first
    notices.send(requests)
    assert len(group.received) == 1
    assert mails_to("shanghai.hr@example.com")


def test_a_test_post_says_whether_the_platform_took_it(loopback, group):
    hr = loopback
    robot = add_robot(hr, "shanghai", f"{group.url}/robot?access_token={TOKEN}", secret=SECRET)
    path = f"/api/branches/shanghai/robots/{robot['id']}/test"
    assert hr.post(path, "shanghai.hr").json["delivered"] is True
    assert "hireflow" in group.received[-1].json["markdown"]["title"]
    group.answer((200, {"errcode": 310000, "errmsg": "sign not match"}))
    assert hr.post(path, "shanghai.hr").json["delivered"] is False


# ---------------------------------------------------------------------- what HR sees


def test_the_address_is_shown_masked_and_the_token_and_secret_never_again(loopback, group):
    hr = loopback
    robot = add_robot(
        hr, "shanghai", f"https://oapi.dingtalk.com/robot/send?access_token={TOKEN}", secret=SECRET
    )
    assert robot["masked_url"] == (
        f"https://oapi.dingtalk.com/robot/send?access_token=••••{TOKEN[-4:]}"
    )
    listed = hr.get("/api/branches/shanghai/robots", "shanghai.hr")
    trail = hr.get("/api/audit/search", "shanghai.hr", query={"action": "robot."})
    for answer in (listed, trail):
        assert answer.status == 200
        assert TOKEN not in answer.text and SECRET not in answer.text
        assert "SEC" not in answer.text
    assert [r["id"] for r in listed.json] == [robot["id"]]
    assert set(listed.json[0]) >= {"kind", "name", "masked_url", "signed", "locale"}
    assert not {"url", "secret"} & set(listed.json[0])


@pytest.mark.parametrize(
    ("kind", "url"),
    [
        ("dingtalk", f"http://oapi.dingtalk.com/robot/send?access_token={TOKEN}"),
        ("dingtalk", f"https://evil.example.com/robot/send?access_token={TOKEN}"),
        ("dingtalk", "https://oapi.dingtalk.com/robot/send"),
        ("dingtalk", f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={TOKEN}"),
        ("wecom", f"https://oapi.dingtalk.com/robot/send?access_token={TOKEN}"),
        ("wecom", f"https://169.254.169.254/cgi-bin/webhook/send?key={TOKEN}"),
        ("wecom", f"http://127.0.0.1:9/cgi-bin/webhook/send?key={TOKEN}"),
    ],
)
def test_only_the_platforms_own_address_is_accepted(hr, kind, url):
    reply = hr.post(
        "/api/branches/shanghai/robots", "shanghai.hr", {"kind": kind, "name": "x", "url": url}
    )
    assert reply.status == 422, reply
    assert reply.json["errors"][0]["field"] == "url"
    assert reply.json["errors"][0]["code"] == "robot_url_invalid"
    assert TOKEN not in reply.text  # the address is not echoed
    assert hr.get("/api/branches/shanghai/robots", "shanghai.hr").json == []


def test_a_branchs_robots_are_its_own(hr):
    url = f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={TOKEN}"
    robot = add_robot(hr, "shanghai", url, kind="wecom")
    path = f"/api/branches/shanghai/robots/{robot['id']}"
    for outsider in ("shenzhen.hr", "shenzhen.hr"):
        assert hr.get("/api/branches/shanghai/robots", outsider).status == 404
        assert hr.call("DELETE", path, outsider).status == 404
        assert hr.post("/api/branches/shanghai/robots", outsider, {}).status in (404, 422)
    assert hr.get("/api/branches/hq/robots", "shanghai.hr").status == 404
    assert hr.get("/api/branches/shanghai/robots", "shanghai.interviewer").status == 403
    assert hr.get("/api/branches/shanghai/robots", "hq.hr").status == 200
    assert len(hr.get("/api/branches/shanghai/robots", "shanghai.hr").json) == 1


# ---------------------------------------------------------------------- the texts


def test_hq_writes_a_robot_text_for_a_staff_event_and_switches_one_off(loopback, group):
    hr = loopback
    add_robot(hr, "shanghai", f"{group.url}/robot?access_token={TOKEN}", locale="en")
    body = "### Report ready: {candidate_name}\n[Open]({candidate_link})"
    created = hr.post(
        "/api/notification-templates",
        "hq.hr",
        {"id": "x", "event": "report_ready", "channel": "dingtalk", "locale": "en", "body": body},
    )
    assert created.status == 201, created
    assert created.json["id"] == "report_ready-dingtalk-en"
    listed = {t["id"] for t in hr.get("/api/notification-templates", "shanghai.hr").json}
    assert {"report_ready-dingtalk-en", "needs_attention-wecom-zh"} <= listed
    # The built-in needs_attention text switched off: nothing is posted for it.
    off = hr.put(
        "/api/notification-templates/needs_attention-dingtalk-en",
        "hq.hr",
        {"body": "### Needs attention: {candidate_name}", "enabled": False},
    )
    assert off.status == 200 and off.json["enabled"] is False
    flag(english_candidate(hr, "Qian Yu")["id"])
    assert group.received == []


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"event": "invitation"}, "robot_text_staff_only"),
        ({"event": "offer"}, "robot_text_staff_only"),
        ({"subject": "A subject"}, "robot_text_no_subject"),
        ({"body": "字" * 1400}, "robot_text_too_long"),
        ({"body": "{salary}"}, "unknown_placeholder"),
    ],
)
def test_a_robot_text_is_refused_for_a_candidates_event_with_a_subject_or_too_long(
    hr, change, code
):
    text = {"id": "x", "event": "report_ready", "channel": "wecom", "locale": "zh", "body": "hi"}
    reply = hr.post("/api/notification-templates", "hq.hr", {**text, **change})
    assert reply.status == 422, reply
    assert code in {e["code"] for e in reply.json["errors"]}


def test_email_texts_cannot_be_switched_off(hr):
    reply = hr.put(
        "/api/notification-templates/invitation-email-en",
        "hq.hr",
        {"subject": "s", "body": "b {interview_link}", "enabled": False},
    )
    assert reply.status == 422
    assert reply.json["errors"][0]["code"] == "text_required"


def test_stored_robot_secrets_are_ciphertext_bound_to_their_robot(loopback):
    hr = loopback
    robot = add_robot(
        hr, "shanghai", f"https://oapi.dingtalk.com/robot/send?access_token={TOKEN}", secret=SECRET
    )
    stored = services().robots.robots.secret("shanghai", robot["id"])
    dumped = json.dumps(stored.model_dump())
    assert TOKEN not in dumped and SECRET not in dumped
    sender = services().robots.sender
    message = RenderedMessage(
        channel="dingtalk", to=f"shenzhen/{robot['id']}", subject=None, body="x"
    )
    assert sender.send(message) == ""  # another branch's address names no robot

"""Webhooks (docs/events.md "Subscribing an outside system"): the HQ admin subscribes an
HTTPS address to events; each event reaches it once, signed, and a receiver that fails
gets it again after a back-off, until it takes it or the delivery fails for good. The
signing secret is shown once; addresses inside the network are refused.

The receiver is a real HTTP server on 127.0.0.1 that checks signatures as a customer
would (tests/support/subscriber.py); loopback is allowed for it only where a test says
so (``loopback``), as the local cloud allows it."""

from __future__ import annotations

import copy
import logging
from datetime import timedelta

import pytest

from hireflow.bootstrap import reset, services
from hireflow.integrations.delivery import BACKOFF, MAX_ATTEMPTS, WebhookDeliveries
from hireflow.integrations.signing import signature_header, verify_signature
from hireflow.platform import outbound
from hireflow.platform.ids import now
from tests.support import sample_event, template_function
from tests.support.subscriber import running_subscriber

EVENT = sample_event("webhooks_offer_accepted.json")


@pytest.fixture
def loopback(hr, monkeypatch):
    """The local cloud's setting: calls may reach 127.0.0.1 (the test's receiver)."""
    monkeypatch.setenv("HIREFLOW_OUTBOUND_ALLOW_LOOPBACK", "true")
    reset()
    return hr


@pytest.fixture
def subscriber():
    with running_subscriber() as running:
        yield running


def subscribe(hr, url, **fields):
    reply = hr.post("/api/webhooks", "hq.admin", {"name": "EHR", "url": url, **fields})
    assert reply.status == 201, reply
    return reply.json


def deliver(event=EVENT, detail_type=None):
    """The delivery function, invoked by EventBridge with the event."""
    event = copy.deepcopy(event)
    if detail_type:
        event["detail-type"] = detail_type
    result, error = template_function("WebhookDeliveryFunction").invoke(event, "us-east-1")
    assert error is None, result
    return result


def log_of(hr, subscription_id):
    reply = hr.get(f"/api/webhooks/{subscription_id}/deliveries", "hq.admin")
    assert reply.status == 200, reply
    return reply.json["items"]


# ---------------------------------------------------------------------- the signature


def test_a_signature_verifies_and_a_changed_body_an_old_timestamp_or_another_secret_do_not():
    secret, body = "s3cret", b'{"id":"e1","detail-type":"offer.accepted"}'
    sent = int(now().timestamp())
    header = signature_header([secret], sent, body)
    assert header.startswith("v1=") and len(header) == 3 + 64
    assert verify_signature(secret, str(sent), body, header)
    assert not verify_signature(secret, str(sent), body.replace(b"e1", b"e2"), header)
    assert not verify_signature("other", str(sent), body, header)
    # A captured delivery replayed ten minutes later is refused (the default tolerance is 5).
    assert not verify_signature(secret, str(sent), body, header, now=sent + 600)
    assert verify_signature(secret, str(sent), body, header, now=sent + 200)
    # A timestamp changed to look fresh no longer matches the signature.
    assert not verify_signature(secret, str(sent + 1), body, header)
    assert not verify_signature(secret, "yesterday", body, header)
    # During a rotation both secrets sign; either one verifies.
    both = signature_header(["new", "old"], sent, body)
    assert verify_signature("new", str(sent), body, both)
    assert verify_signature("old", str(sent), body, both)


# ---------------------------------------------------------------------- addresses


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("http://hooks.example.com/hireflow", "url_not_https"),
        ("https://127.0.0.1/hook", "url_not_public"),
        ("https://localhost:8443/hook", "url_not_public"),
        ("https://10.1.2.3/hook", "url_not_public"),
        ("https://192.168.0.10/hook", "url_not_public"),
        ("https://169.254.169.254/latest/meta-data/", "url_not_public"),
        ("https://[::1]/hook", "url_not_public"),
        ("https://[::ffff:169.254.169.254]/hook", "url_not_public"),
        ("https://224.0.0.1/hook", "url_not_public"),
        ("https://0.0.0.0/hook", "url_not_public"),
        ("ftp://hooks.example.com/x", "url_invalid"),
        ("https://user:pw@hooks.example.com/x", "url_invalid"),
    ],
)
def test_an_address_inside_the_network_or_not_https_is_refused_with_a_field_error(hr, url, code):
    reply = hr.post("/api/webhooks", "hq.admin", {"name": "x", "url": url})
    assert reply.status == 422, reply
    assert reply.json["code"] == code
    assert [(e["field"], e["code"]) for e in reply.json["errors"]] == [("url", code)]
    assert hr.get("/api/webhooks", "hq.admin").json == []


def test_a_host_name_is_judged_by_every_address_it_resolves_to():
    public = lambda host, port: ["93.184.216.34"]  # noqa: E731
    inside = lambda host, port: ["93.184.216.34", "10.0.0.7"]  # noqa: E731
    assert outbound.check_url("https://hooks.example.com/x", resolve=public).address == (
        "93.184.216.34"
    )
    with pytest.raises(outbound.UrlRefused) as refused:
        outbound.check_url("https://hooks.example.com/x", resolve=inside)
    assert refused.value.code == "url_not_public"
    assert refused.value.params == {"host": "hooks.example.com", "address": "10.0.0.7"}


def test_the_address_is_checked_again_at_delivery_because_dns_can_change(hr, monkeypatch):
    answers = {"hooks.example.com": ["93.184.216.34"]}
    monkeypatch.setattr(outbound, "_system_resolve", lambda host, port: answers[host])
    created = subscribe(hr, "https://hooks.example.com/hireflow")
    # The name now points at the instance metadata service: no connection is made.
    answers["hooks.example.com"] = ["169.254.169.254"]
    monkeypatch.setattr(outbound, "_PinnedHTTPSConnection", None)  # any connection would fail
    deliver()
    (delivery,) = log_of(hr, created["subscription"]["id"])
    assert delivery["last_error"] == "url_not_public"
    assert delivery["status"] == "retrying" and delivery["last_status_code"] is None


def test_an_unknown_event_type_is_refused(hr):
    reply = hr.post(
        "/api/webhooks",
        "hq.admin",
        {"name": "x", "url": "https://93.184.216.34/h", "event_types": ["offer.eaten"]},
    )
    assert reply.status == 422
    assert reply.json["errors"][0]["code"] == "unknown_event_type"
    assert reply.json["errors"][0]["params"] == {"event_type": "offer.eaten"}
    assert "offer.accepted" in hr.get("/api/webhook-event-types", "hq.admin").json


# ---------------------------------------------------------------------- delivering


def test_an_event_reaches_the_subscriber_signed_once_even_when_delivered_twice(
    loopback, subscriber
):
    hr = loopback
    created = subscribe(hr, f"{subscriber.url}/hooks/hireflow")
    subscriber.secrets.append(created["secret"])
    assert deliver()["delivered"] == 1
    assert deliver()["duplicates"] == 1  # EventBridge delivered it again: nothing is sent
    (got,) = subscriber.received
    assert got.signed is True
    assert got.path == "/hooks/hireflow"
    detail = EVENT["detail"]
    assert got.headers["X-Hireflow-Event-Id"] == detail["event_id"]
    assert got.headers["X-Hireflow-Event-Type"] == "offer.accepted"
    assert got.headers["Content-Type"] == "application/json"
    assert got.json == {
        "id": detail["event_id"],
        "detail-type": "offer.accepted",
        "time": EVENT["time"],
        "detail": detail,
    }
    (logged,) = log_of(hr, created["subscription"]["id"])
    assert logged["id"] == got.headers["X-Hireflow-Delivery-Id"]
    assert (logged["status"], logged["attempts"], logged["last_status_code"]) == (
        "delivered",
        1,
        200,
    )
    assert logged["next_attempt_at"] is None


def test_only_subscriptions_that_want_the_event_and_are_enabled_get_it(loopback, subscriber):
    hr = loopback
    offers = subscribe(hr, f"{subscriber.url}/offers", event_types=["offer.accepted"])
    invites = subscribe(hr, f"{subscriber.url}/invites", event_types=["candidate.invited"])
    off = subscribe(hr, f"{subscriber.url}/off")
    hr.patch(f"/api/webhooks/{off['subscription']['id']}", "hq.admin", {"enabled": False})
    deliver()
    assert [r.path for r in subscriber.received] == ["/offers"]
    assert log_of(hr, invites["subscription"]["id"]) == []
    assert log_of(hr, offers["subscription"]["id"])[0]["status"] == "delivered"


def test_a_receiver_failing_twice_gets_the_event_on_the_third_attempt_after_the_back_off(
    loopback, subscriber
):
    hr = loopback
    created = subscribe(hr, f"{subscriber.url}/hook")
    sid = created["subscription"]["id"]
    subscriber.secrets.append(created["secret"])
    subscriber.answer(500, 503)
    start = now()
    deliveries = services().webhook_deliveries
    deliveries.deliver_event("offer.accepted", EVENT["detail"], EVENT["id"], EVENT["time"], start)
    (first,) = log_of(hr, sid)
    assert (first["status"], first["attempts"], first["last_status_code"]) == (
        "retrying",
        1,
        500,
    )
    # Not due before the first wait (1 minute) is over.
    assert deliveries.retry_due(start + timedelta(seconds=30)).delivered == 0
    assert len(subscriber.received) == 1
    second = start + BACKOFF[0] + timedelta(seconds=1)
    deliveries.retry_due(second)
    assert log_of(hr, sid)[0]["last_status_code"] == 503
    assert deliveries.retry_due(second + BACKOFF[1] - timedelta(seconds=5)).delivered == 0
    assert deliveries.retry_due(second + BACKOFF[1] + timedelta(seconds=1)).delivered == 1
    (done,) = log_of(hr, sid)
    assert (done["status"], done["attempts"], done["last_status_code"]) == ("delivered", 3, 200)
    assert [a["status_code"] for a in done["history"]] == [500, 503, 200]
    assert len(subscriber.received) == 3 and all(r.signed for r in subscriber.received)
    # Every attempt is the same delivery of the same event, numbered.
    assert {r.headers["X-Hireflow-Delivery-Id"] for r in subscriber.received} == {done["id"]}
    assert [r.headers["X-Hireflow-Attempt"] for r in subscriber.received] == ["1", "2", "3"]
    # Nothing is due any more.
    assert deliveries.retry_due(start + timedelta(days=2)).delivered == 0
    assert len(subscriber.received) == 3


def test_after_the_last_attempt_the_delivery_has_failed_for_good(loopback, subscriber):
    hr = loopback
    created = subscribe(hr, f"{subscriber.url}/hook")
    sid = created["subscription"]["id"]
    subscriber.answer(*([500] * 10))
    deliveries = services().webhook_deliveries
    at = now()
    deliveries.deliver_event("offer.accepted", EVENT["detail"], EVENT["id"], EVENT["time"], at)
    for wait in BACKOFF:
        at += wait + timedelta(seconds=1)
        deliveries.retry_due(at)
    (failed,) = log_of(hr, sid)
    assert (failed["status"], failed["attempts"]) == ("failed", MAX_ATTEMPTS)
    assert failed["next_attempt_at"] is None
    deliveries.retry_due(at + timedelta(days=7))
    assert len(subscriber.received) == MAX_ATTEMPTS == 6
    # HQ may still redeliver it by hand once the receiver is mended.
    subscriber.answers.clear()
    path = f"/api/webhooks/{sid}/deliveries/{failed['id']}/redeliver"
    again = hr.post(path, "hq.admin")
    assert again.status == 200, again
    assert (again.json["status"], again.json["attempts"]) == ("delivered", 7)
    assert again.json["history"][-1]["manual"] is True


def test_a_receiver_that_does_not_answer_in_time_is_a_failed_attempt(loopback, subscriber):
    hr = loopback
    created = subscribe(hr, f"{subscriber.url}/slow")
    subscriber.answer(200, delay=1.0)
    quick = WebhookDeliveries(services().webhook_deliveries.repository, True, 0.3)
    quick.deliver_event("offer.accepted", EVENT["detail"], EVENT["id"], EVENT["time"])
    (logged,) = log_of(hr, created["subscription"]["id"])
    assert (logged["status"], logged["last_error"]) == ("retrying", "timeout")


def test_a_test_event_and_a_redelivery_are_sent_now_and_logged(loopback, subscriber):
    hr = loopback
    created = subscribe(hr, f"{subscriber.url}/hook", event_types=["candidate.invited"])
    sid = created["subscription"]["id"]
    subscriber.secrets.append(created["secret"])
    tested = hr.post(f"/api/webhooks/{sid}/test", "hq.admin")
    assert tested.status == 200, tested
    assert (tested.json["status"], tested.json["detail_type"]) == ("delivered", "webhook.test")
    assert subscriber.received[-1].json["detail-type"] == "webhook.test"
    assert subscriber.received[-1].signed is True
    # A failing test event is not retried.
    subscriber.answer(500)
    failing = hr.post(f"/api/webhooks/{sid}/test", "hq.admin").json
    assert (failing["status"], failing["last_status_code"]) == ("failed", 500)
    assert failing["next_attempt_at"] is None
    log = log_of(hr, sid)
    assert [d["id"] for d in log] == [failing["id"], tested.json["id"]]  # newest first
    missing = hr.post(f"/api/webhooks/{sid}/deliveries/nope/redeliver", "hq.admin")
    assert (missing.status, missing.json["code"]) == (404, "delivery_not_found")
    trail = hr.get("/api/audit/search", "hq.admin", query={"action": "webhook."}).json["items"]
    assert {e["action"] for e in trail} == {"webhook.create", "webhook.test"}


def test_the_delivery_log_pages_newest_first(loopback, subscriber):
    hr = loopback
    sid = subscribe(hr, f"{subscriber.url}/hook")["subscription"]["id"]
    for n in range(3):
        event = copy.deepcopy(EVENT)
        event["detail"]["event_id"] = f"e-{n}"
        deliver(event)
    path = f"/api/webhooks/{sid}/deliveries"
    first = hr.get(path, "hq.admin", query={"limit": "2"}).json
    assert [d["event_id"] for d in first["items"]] == ["e-2", "e-1"] and first["cursor"]
    rest = hr.get(path, "hq.admin", query={"limit": "2", "cursor": first["cursor"]}).json
    assert [d["event_id"] for d in rest["items"]] == ["e-0"]


# ---------------------------------------------------------------------- the secret


def test_the_secret_is_shown_once_and_never_again_nor_logged(loopback, subscriber, capsys, caplog):
    hr = loopback
    caplog.set_level(logging.INFO)  # the functions' level (POWERTOOLS_LOG_LEVEL)
    created = subscribe(hr, f"{subscriber.url}/hook")
    secret, sid = created["secret"], created["subscription"]["id"]
    assert len(secret) >= 43  # 256 bits, url-safe
    subscriber.secrets.append(secret)
    deliver()
    answers = [
        hr.get("/api/webhooks", "hq.admin"),
        hr.get(f"/api/webhooks/{sid}", "hq.admin"),
        hr.patch(f"/api/webhooks/{sid}", "hq.admin", {"name": "EHR (prod)"}),
        hr.get(f"/api/webhooks/{sid}/deliveries", "hq.admin"),
        hr.post(f"/api/webhooks/{sid}/test", "hq.admin"),
        hr.get("/api/audit/search", "hq.admin", query={"action": "webhook."}),
    ]
    assert all(a.status == 200 for a in answers), answers
    rotated = hr.post(f"/api/webhooks/{sid}/rotate-secret", "hq.admin")
    assert rotated.status == 200
    new_secret = rotated.json["secret"]
    assert new_secret != secret
    later = [
        hr.get(f"/api/webhooks/{sid}", "hq.admin"),
        hr.get("/api/audit/search", "hq.admin", query={"action": "webhook."}),
    ]
    for answer in answers + later:
        assert secret not in answer.text and new_secret not in answer.text
    assert "secret" not in answers[1].json  # nor its ciphertext
    # Rotated: deliveries carry both signatures for a day, so either secret checks out.
    subscriber.secrets[:] = [new_secret]
    hr.post(f"/api/webhooks/{sid}/test", "hq.admin")
    assert subscriber.received[-1].signed is True
    subscriber.secrets[:] = [secret]
    hr.post(f"/api/webhooks/{sid}/test", "hq.admin")
    assert subscriber.received[-1].signed is True
    logs = capsys.readouterr()
    written = logs.out + logs.err + caplog.text
    assert "webhook delivery" in written  # the log was captured
    assert secret not in written and new_secret not in written
    assert subscriber.url not in written  # nor the address (a robot's holds its token)


# ---------------------------------------------------------------------- who


@pytest.mark.parametrize("user", ["shanghai.hr", "hq.hr", "shanghai.manager", "gm.approver"])
def test_only_the_hq_admin_reads_or_changes_subscriptions(hr, user):
    created = subscribe(hr, "https://93.184.216.34/hook")
    sid = created["subscription"]["id"]
    refused = [
        hr.get("/api/webhooks", user),
        hr.get("/api/webhook-event-types", user),
        hr.post("/api/webhooks", user, {"name": "x", "url": "https://93.184.216.34/x"}),
        hr.get(f"/api/webhooks/{sid}", user),
        hr.patch(f"/api/webhooks/{sid}", user, {"enabled": False}),
        hr.post(f"/api/webhooks/{sid}/rotate-secret", user),
        hr.get(f"/api/webhooks/{sid}/deliveries", user),
        hr.post(f"/api/webhooks/{sid}/test", user),
    ]
    assert [r.status for r in refused] == [403] * len(refused)
    assert {r.json["code"] for r in refused} == {"role_required"}
    assert hr.get(f"/api/webhooks/{sid}", "hq.admin").json["enabled"] is True


def test_changes_are_audited_and_a_disabled_subscription_gets_nothing(loopback, subscriber):
    hr = loopback
    sid = subscribe(hr, f"{subscriber.url}/hook")["subscription"]["id"]
    current = hr.get(f"/api/webhooks/{sid}", "hq.admin").json
    stale = hr.patch(f"/api/webhooks/{sid}", "hq.admin", {"enabled": False, "revision": 99})
    assert (stale.status, stale.json["code"]) == (409, "edited_meanwhile")
    off = hr.patch(
        f"/api/webhooks/{sid}", "hq.admin", {"enabled": False, "revision": current["revision"]}
    )
    assert off.status == 200 and off.json["enabled"] is False
    deliver()
    assert subscriber.received == []
    trail = hr.get("/api/audit/search", "hq.admin", query={"action": "webhook."}).json["items"]
    assert [e["action"] for e in trail] == ["webhook.disable", "webhook.create"]
    assert trail[0]["before"] == {"enabled": True} and trail[0]["after"] == {"enabled": False}

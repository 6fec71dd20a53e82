"""Other systems learn about events, on the local cloud: a webhook subscription to the
local receiver gets a real domain event (the invitation) end to end - the workflow files
it, EventBridge's rule invokes the delivery function, which signs and POSTs it - with a
signature a customer can check; the demo's DingTalk robot answers a test post; the retry
schedule is the template's and runs like the others."""

from __future__ import annotations

import itertools
import json
from typing import Any

import requests

from tests.support.builders import english_candidate, invite, wait_until
from tests.support.client import Client
from tests.support.subscriber import customer_check

_names = itertools.count(1)


def received(hr: Client, kind: str) -> list[dict[str, Any]]:
    assert hr.cloud is not None
    reply = requests.get(f"{hr.cloud.receiver_url}?kind={kind}", timeout=10)
    return list(reply.json()["received"])


def test_a_subscriber_gets_the_invitation_event_signed_as_the_docs_say(hr: Client):
    cloud = hr.cloud
    assert cloud is not None
    name = f"it-{next(_names)}"
    created = hr.post(
        "/api/webhooks",
        "hq.admin",
        {
            "name": "Integration test EHR",
            "url": f"{cloud.receiver_url}/webhook/{name}",
            "event_types": ["candidate.invited"],
        },
    )
    assert created.status == 201, created
    secret, sid = created.json["secret"], created.json["subscription"]["id"]
    cloud.receiver.trust_webhook(name, secret)  # the receiver refuses a bad signature (401)

    candidate = english_candidate(hr, "Webhook Walk")
    invite(hr, candidate)

    def ours() -> list[dict[str, Any]]:
        return [
            r
            for r in received(hr, "webhook")
            if r["name"] == name and r["body"]["detail"]["candidate_id"] == candidate["id"]
        ]

    (delivery,) = wait_until(ours)
    assert delivery["verified"] is True
    # Checked again here, as the customer's code would, from the raw body and the headers.
    assert customer_check(secret, delivery["headers"], delivery["raw"].encode())
    body = json.loads(delivery["raw"])
    assert body["detail-type"] == "candidate.invited"
    assert body["id"] == body["detail"]["event_id"] == delivery["headers"]["X-Hireflow-Event-Id"]
    assert body["detail"]["branch_id"] == "shanghai" and "Webhook Walk" not in delivery["raw"]

    logged = wait_until(
        lambda: [
            d
            for d in hr.get(f"/api/webhooks/{sid}/deliveries", "hq.admin").json["items"]
            if d["status"] == "delivered"
        ]
    )
    assert [(d["event_id"], d["attempts"], d["last_status_code"]) for d in logged] == [
        (body["id"], 1, 200)
    ]


def test_the_demo_subscribes_the_receiver_and_gives_shanghai_a_dingtalk_robot(hr: Client):
    demo = [w for w in hr.get("/api/webhooks", "hq.admin").json if w["name"].startswith("Local")]
    assert len(demo) == 1 and demo[0]["event_types"] == [] and demo[0]["enabled"]
    (robot,) = hr.get("/api/branches/shanghai/robots", "shanghai.hr").json
    assert (robot["kind"], robot["signed"]) == ("dingtalk", True)
    assert "local-demo-access-token" not in json.dumps(robot)
    tested = hr.post(f"/api/branches/shanghai/robots/{robot['id']}/test", "shanghai.hr")
    assert tested.json["delivered"] is True
    post = received(hr, "dingtalk")[0]
    assert (post["verified"], post["well_formed"]) == (True, True)


def test_the_retry_schedule_is_the_templates_and_runs_locally(hr: Client):
    from infra.localcloud.__main__ import schedules

    (retries,) = [s for s in schedules() if s["name"] == "ScheduledFunction.WebhookRetries"]
    assert retries["expression"] == "rate(1 minute)"
    assert hr.cloud is not None
    result, error = hr.cloud.resources.functions.invoke(
        "ScheduledFunction", json.loads(retries["input"])
    )
    assert error is None, result
    assert set(result) >= {"delivered", "failed"}

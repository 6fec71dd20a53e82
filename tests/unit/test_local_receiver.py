"""The local cloud's stand-ins for outside systems (``/local/receiver``): it checks a
webhook's signature and a DingTalk robot's "加签" signature as the real ones do, and lists
what arrived. And a restart keeps the data key, so secrets stored before it still decrypt."""

from __future__ import annotations

import json
import time
import urllib.parse
from pathlib import Path

from moto.kms.models import kms_backends
from werkzeug.test import Client as WsgiClient

from hireflow.integrations.signing import signature_header
from hireflow.notifications.robots import dingtalk_sign
from hireflow.platform.encryption import decrypt, encrypt
from hireflow.platform.settings import settings
from infra.localcloud.functions import FunctionRegistry
from infra.localcloud.gateway import Gateway
from infra.localcloud.persistence import capture, restore_data_keys
from infra.localcloud.provision import Provisioner
from infra.localcloud.receiver import DEMO_DINGTALK_SECRET, Receiver
from infra.localcloud.template import ACCOUNT_ID
from tests.support import ROOT, TEMPLATE

REGION = "us-east-1"


def gateway(receiver: Receiver) -> WsgiClient:
    registry = FunctionRegistry(REGION)
    gw = Gateway([], registry, None, Path("."), dict, REGION, "t", receiver=receiver)  # type: ignore[arg-type]
    return WsgiClient(gw)


def test_the_receiver_takes_a_signed_webhook_and_refuses_a_forged_one():
    receiver = Receiver()
    receiver.trust_webhook("ehr", "s3cret")
    client = gateway(receiver)
    body = b'{"id":"e1","detail-type":"offer.accepted","time":"t","detail":{}}'
    sent = int(time.time())
    good = {
        "X-Hireflow-Timestamp": str(sent),
        "X-Hireflow-Signature": signature_header(["s3cret"], sent, body),
        "X-Hireflow-Event-Id": "e1",
    }
    assert client.post("/local/receiver/webhook/ehr", data=body, headers=good).status_code == 200
    forged = {**good, "X-Hireflow-Signature": signature_header(["guess"], sent, body)}
    assert client.post("/local/receiver/webhook/ehr", data=body, headers=forged).status_code == 401
    listed = client.get("/local/receiver?kind=webhook").get_json()["received"]
    assert [r["verified"] for r in listed] == [False, True]  # newest first
    assert listed[1]["headers"]["X-Hireflow-Event-Id"] == "e1"
    assert json.loads(listed[1]["raw"]) == json.loads(body)


def test_the_receiver_answers_a_dingtalk_post_as_dingtalk_does():
    client = gateway(Receiver())
    stamp = int(time.time() * 1000)
    message = {"msgtype": "markdown", "markdown": {"title": "t", "text": "### t"}}
    sign = dingtalk_sign(DEMO_DINGTALK_SECRET, stamp)
    path = f"/local/receiver/dingtalk/shanghai?access_token=x&timestamp={stamp}&sign={sign}"
    assert client.post(path, json=message).get_json() == {"errcode": 0, "errmsg": "ok"}
    wrong = dingtalk_sign("another", stamp)
    path = f"/local/receiver/dingtalk/shanghai?access_token=x&timestamp={stamp}&sign={wrong}"
    assert client.post(path, json=message).get_json()["errcode"] == 310000
    wecom = client.post("/local/receiver/wecom/x?key=k", json={"msgtype": "markdown"})
    assert wecom.get_json()["errcode"] != 0  # no content
    assert urllib.parse.unquote_plus(sign) != sign  # the sign travels URL-encoded


def test_a_restart_keeps_the_data_key_so_secrets_stored_before_it_still_decrypt(hr):
    stored = encrypt("the webhook secret", purpose="webhook-secret", owner="w1")
    backend = kms_backends[ACCOUNT_ID][REGION]
    before = dict(backend.keys)
    snapshot = capture(REGION, [])
    try:
        backend.keys.clear()  # a new process: moto has no keys
        restore_data_keys(snapshot, REGION)
        provisioner = Provisioner(
            {"Resources": {"DataKey": TEMPLATE["Resources"]["DataKey"]}},
            ROOT,
            None,
            REGION,
            "unit",
            {},
            FunctionRegistry(REGION),
        )
        provisioner.keys()
        assert provisioner.resolver.ref("DataKey") == settings().data_key_id  # adopted
        assert decrypt(stored, purpose="webhook-secret", owner="w1") == "the webhook secret"
    finally:
        backend.keys.clear()
        backend.keys.update(before)

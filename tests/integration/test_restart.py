"""`make run` keeps what users put in it: stopped mid-interview and started again, the
candidate finishes, HR stays signed in, and the report comes."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest
import requests

from infra.localcloud.cloud import free_port
from tests.support.builders import english_candidate, invite, wait_for_status, wait_until
from tests.support.client import Client, Http
from tests.support.running import RunningCloud, answer, answered

ANSWERS = {"intro": "face_jfk", "damaged-order": "face_strong", "difficult-teammate": "face_star"}


@pytest.fixture
def ports() -> Iterator[tuple[int, int]]:
    yield free_port(), free_port()


def signing_public_key(aws_port: int) -> bytes:
    """The public half of the emulator's offer sealing key (the template's description)."""
    kms = boto3.client(
        "kms",
        endpoint_url=f"http://127.0.0.1:{aws_port}",
        region_name="us-east-1",
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    keys = [k["KeyId"] for k in kms.list_keys()["Keys"]]
    signing = [
        k for k in keys if kms.describe_key(KeyId=k)["KeyMetadata"]["KeyUsage"] == "SIGN_VERIFY"
    ]
    assert len(signing) == 1
    return bytes(kms.get_public_key(KeyId=signing[0])["PublicKey"])


def letters_to_rita(hr: Client) -> list[dict]:
    """Her letters only: a new data directory also seeds the demo's story in the
    background (infra/localcloud/talent_demo.py), whose letters come and go meanwhile."""
    return [m for m in hr.outbox() if "rita@example.com" in m["to"]]


def test_a_restart_mid_interview_keeps_everything_and_the_interview_goes_on(
    tmp_path, ports, answer_videos
):
    tokens: dict[str, str] = {}
    first = RunningCloud(tmp_path / "data", *ports)
    try:
        assert "New data in" in first.started
        hr = Client(Http(first, tokens))  # type: ignore[arg-type]
        candidate = english_candidate(hr, "Rita Restart", "13700139001", "rita@example.com")
        token = invite(hr, candidate)
        portal = f"{first.url}/api/interview/{token}"
        session = requests.post(
            f"{portal}/verify", json={"phone": "13700139001", "consent": True}, timeout=30
        ).json()["session"]
        answer(portal, session, "intro", answer_videos[ANSWERS["intro"]])
        wait_until(lambda: "intro" in answered(portal, session), seconds=60)
        messages_before = len(letters_to_rita(hr))
        sealing_key = signing_public_key(first.aws_port)
    finally:
        seconds, said = first.stop()
    assert first.process.returncode == 0, said
    assert "stopped" in said
    assert seconds < 10, f"took {seconds:.1f} s to stop"

    second = RunningCloud(tmp_path / "data", *ports)
    try:
        assert "Restored from" in second.started, second.started
        assert "1 running workflows" in second.started, second.started
        hr = Client(Http(second, tokens))  # the ID tokens of the first run still work
        assert hr.get("/api/me", "shanghai.hr").status == 200
        # Letters sealed before the restart still check as sealed with the company's key.
        assert signing_public_key(second.aws_port) == sealing_key
        # Secrets encrypted before it (the demo webhook's, its robot's address) still
        # decrypt: the data key came back.
        (demo,) = hr.get("/api/webhooks", "hq.admin").json
        assert hr.post(f"/api/webhooks/{demo['id']}/test", "hq.admin").json["status"] == (
            "delivered"
        )
        (robot,) = hr.get("/api/branches/shanghai/robots", "shanghai.hr").json
        tested = hr.post(f"/api/branches/shanghai/robots/{robot['id']}/test", "shanghai.hr")
        assert tested.json["delivered"] is True
        assert len(letters_to_rita(hr)) == messages_before  # her invitation is still listed
        assert hr.candidate(candidate["id"])["status"] == "invited"
        # The candidate's link and session still work; the recorded answer is still there.
        portal = f"{second.url}/api/interview/{token}"
        assert answered(portal, session) == {"intro"}
        for question in ("damaged-order", "difficult-teammate"):
            answer(portal, session, question, answer_videos[ANSWERS[question]])
        wait_until(lambda: answered(portal, session) == set(ANSWERS), seconds=60)
        done = requests.post(
            f"{portal}/complete", headers={"X-Interview-Session": session}, timeout=30
        )
        assert done.status_code == 200, done.text
        reviewed = wait_for_status(hr, candidate["id"], "in_review", seconds=180)
        assert reviewed["status"] == "in_review"
        report = hr.get(f"/api/candidates/{candidate['id']}/report", "shanghai.hr")
        assert report.status == 200, report.text
        assert len(report.json["answers"]) == len(ANSWERS)
    finally:
        seconds, said = second.stop()
        print(said[-20000:])  # shown by pytest when the test fails
    assert second.process.returncode == 0, said

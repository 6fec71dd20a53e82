"""`make run` keeps what users put in it: stopped mid-interview and started again, the
candidate finishes, HR stays signed in, and the report comes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from infra.localcloud import demo
from infra.localcloud.cloud import REGION, ROOT, free_port
from infra.localcloud.emulator import emulator_client
from tests.support.builders import english_candidate, invite, wait_for_status, wait_until
from tests.support.client import Client, Http

ANSWERS = {"intro": "face_jfk", "damaged-order": "face_strong", "difficult-teammate": "face_star"}


class RunningCloud:
    """`python -m infra.localcloud run` in a child process, seen from outside."""

    def __init__(self, data_dir: Path, gateway_port: int, aws_port: int) -> None:
        self.url = f"http://127.0.0.1:{gateway_port}"
        self.aws_port = aws_port
        env = {
            **os.environ,
            "HIREFLOW_PORT": str(gateway_port),
            "HIREFLOW_AWS_PORT": str(aws_port),
            "HIREFLOW_DATA_DIR": str(data_dir),
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("AWS_ENDPOINT_URL", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "infra.localcloud", "run"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.started = self._read_until("Ready in", seconds=180)

    def _read_until(self, marker: str, seconds: float) -> str:
        lines = []
        deadline = time.monotonic() + seconds
        assert self.process.stdout
        for line in self.process.stdout:
            lines.append(line)
            if line.startswith(marker):
                return "".join(lines)
            assert time.monotonic() < deadline, "".join(lines)
        raise AssertionError(f"exited before {marker!r}:\n" + "".join(lines))

    def sign_in(self, username: str) -> str:
        config = requests.get(f"{self.url}/config.json", timeout=10).json()
        cognito = emulator_client(f"http://127.0.0.1:{self.aws_port}", "cognito-idp", REGION)
        result = cognito.initiate_auth(
            ClientId=config["userPoolClientId"],
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": username, "PASSWORD": demo.DEFAULT_PASSWORD},
        )
        return str(result["AuthenticationResult"]["IdToken"])

    def stop(self) -> tuple[float, str]:
        """SIGTERM, as Ctrl-C or a service manager sends; (seconds to exit, output)."""
        asked = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        rest, _ = self.process.communicate(timeout=60)
        return time.monotonic() - asked, rest


@pytest.fixture
def ports() -> Iterator[tuple[int, int]]:
    yield free_port(), free_port()


def _answer(portal: str, session: str, question: str, video: Path) -> None:
    headers = {"X-Interview-Session": session}
    grant = requests.post(
        f"{portal}/answers/{question}/upload", json={}, headers=headers, timeout=30
    )
    assert grant.status_code == 200, grant.text
    upload = requests.post(
        grant.json()["url"],
        data=grant.json()["fields"],
        files={"file": ("answer.webm", video.read_bytes(), "video/webm")},
        timeout=60,
    )
    assert upload.status_code == 204, upload.text


def _answered(portal: str, session: str) -> set[str]:
    questions: list[dict[str, Any]] = requests.get(
        f"{portal}/questions", headers={"X-Interview-Session": session}, timeout=30
    ).json()
    return {q["id"] for q in questions if q.get("answered")}


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
        _answer(portal, session, "intro", answer_videos[ANSWERS["intro"]])
        wait_until(lambda: "intro" in _answered(portal, session), seconds=60)
        messages_before = len(hr.outbox())
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
        assert len(hr.outbox()) == messages_before  # the sent invitation is still listed
        assert hr.candidate(candidate["id"])["status"] == "invited"
        # The candidate's link and session still work; the recorded answer is still there.
        portal = f"{second.url}/api/interview/{token}"
        assert _answered(portal, session) == {"intro"}
        for question in ("damaged-order", "difficult-teammate"):
            _answer(portal, session, question, answer_videos[ANSWERS[question]])
        wait_until(lambda: _answered(portal, session) == set(ANSWERS), seconds=60)
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
    assert second.process.returncode == 0, said

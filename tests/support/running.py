"""`make run` in a child process, driven from outside as a user would: the restart test
and the soak benchmark use it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import requests

from infra.localcloud import demo
from infra.localcloud.cloud import REGION, ROOT
from infra.localcloud.emulator import emulator_client


class RunningCloud:
    """`python -m infra.localcloud run` in a child process, seen from outside."""

    def __init__(
        self, data_dir: Path, gateway_port: int, aws_port: int, **environment: str
    ) -> None:
        self.url = f"http://127.0.0.1:{gateway_port}"
        self.aws_port = aws_port
        env = {
            **os.environ,
            "HIREFLOW_PORT": str(gateway_port),
            "HIREFLOW_AWS_PORT": str(aws_port),
            "HIREFLOW_DATA_DIR": str(data_dir),
            "PYTHONUNBUFFERED": "1",
            **environment,
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
        self.pid = self.process.pid
        self.started = self._read_until("Ready in", seconds=180)
        # Keep reading what it prints: a full pipe would block its logging, and it.
        self._output: list[str] = []
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        assert self.process.stdout
        for line in self.process.stdout:
            self._output.append(line)

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
        self.process.wait(timeout=60)
        seconds = time.monotonic() - asked
        self._reader.join(10)
        return seconds, "".join(self._output)


def answer(portal: str, session: str, question: str, video: Path) -> None:
    """Record one answer as the portal does: an upload grant, then the browser's POST."""
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


def answered(portal: str, session: str) -> set[str]:
    """The questions whose answer the portal has on record."""
    questions: list[dict[str, Any]] = requests.get(
        f"{portal}/questions", headers={"X-Interview-Session": session}, timeout=30
    ).json()
    return {q["id"] for q in questions if q.get("answered")}

"""`make run`'s command: starts on the configured ports, prints the URLs, stops on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import requests

from infra.localcloud.cloud import ROOT, free_port


def test_run_starts_on_the_configured_ports_and_stops_cleanly(tmp_path):
    gateway_port, aws_port = free_port(), free_port()
    env = {
        **os.environ,
        "HIREFLOW_PORT": str(gateway_port),
        "HIREFLOW_AWS_PORT": str(aws_port),
        "HIREFLOW_DEMO_PASSWORD": "Another-demo-pass-2",
        "PYTHONUNBUFFERED": "1",
        "HIREFLOW_DATA_DIR": str(tmp_path / "data"),
    }
    env.pop("AWS_ENDPOINT_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "infra.localcloud", "run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = []
    try:
        deadline = time.monotonic() + 120
        assert process.stdout
        for line in process.stdout:
            output.append(line)
            if line.startswith("Ready in"):
                break
            assert time.monotonic() < deadline, "".join(output)
        text = "".join(output)
        assert f"127.0.0.1:{gateway_port}/local/outbox" in text
        assert f"127.0.0.1:{aws_port}" in text
        assert "shanghai.hr" in text and "Another-demo-pass-2" in text
        base = f"http://127.0.0.1:{gateway_port}"
        assert requests.get(f"{base}/api/health", timeout=5).json() == {"status": "ok"}
        assert "Local outbox" in requests.get(f"{base}/local/outbox", timeout=5).text
    finally:
        process.send_signal(signal.SIGTERM)
        rest, _ = process.communicate(timeout=30)
    assert process.returncode == 0, "".join(output) + rest
    assert "stopped" in rest

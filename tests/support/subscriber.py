"""A real HTTP receiver on 127.0.0.1 for the tests: an outside system subscribed to
hireflow's webhooks (it checks each delivery's signature the way docs/events.md tells a
customer to), or a DingTalk / WeCom group robot (it answers with an ``errcode``).

Its answers are scripted: ``answers`` are taken one per request (status, JSON body,
seconds to wait first); when they run out it answers 200 (``{"errcode": 0}``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

TOLERANCE_SECONDS = 300


def customer_check(secret: str, headers: dict[str, str], body: bytes) -> bool:
    """What docs/events.md tells a subscriber to do, written out here on its own."""
    timestamp = headers.get("X-Hireflow-Timestamp", "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > TOLERANCE_SECONDS:
        return False
    expected = hmac.new(
        secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    given = [
        part.strip()[3:]
        for part in headers.get("X-Hireflow-Signature", "").split(",")
        if part.strip().startswith("v1=")
    ]
    return any(hmac.compare_digest(expected, g) for g in given)


@dataclass
class Received:
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    signed: bool | None  # the signature checked out (None: no secret to check with)

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Subscriber:
    answers: list[tuple[int, dict[str, Any], float]] = field(default_factory=list)
    secrets: list[str] = field(default_factory=list)  # any of them may sign
    received: list[Received] = field(default_factory=list)
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def answer(self, *statuses: int | tuple[int, dict[str, Any]], delay: float = 0.0) -> None:
        for status in statuses:
            code, body = status if isinstance(status, tuple) else (status, {"errcode": 0})
            self.answers.append((code, body, delay))

    def next_answer(self) -> tuple[int, dict[str, Any], float]:
        return self.answers.pop(0) if self.answers else (200, {"errcode": 0, "errmsg": "ok"}, 0.0)


@contextmanager
def running_subscriber() -> Iterator[Subscriber]:
    subscriber = Subscriber()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {k: v for k, v in self.headers.items()}
            parts = urlsplit(self.path)
            with lock:
                signed = (
                    any(customer_check(s, headers, body) for s in subscriber.secrets)
                    if subscriber.secrets
                    else None
                )
                subscriber.received.append(
                    Received(parts.path, parse_qs(parts.query), headers, body, signed)
                )
                status, answer, delay = subscriber.next_answer()
            if delay:
                time.sleep(delay)
            data = json.dumps(answer).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:  # the caller gave up (a timeout test)
                pass

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    subscriber.port = int(server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield subscriber
    finally:
        server.shutdown()
        server.server_close()

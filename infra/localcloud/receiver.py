"""The local cloud's stand-in for the systems hireflow calls out to: a webhook subscriber
and the DingTalk and WeCom group robots. Served by the gateway:

- ``POST /local/receiver/webhook/<name>``: checks the hireflow signature (X-Hireflow-
  Timestamp and X-Hireflow-Signature) with the secret given for ``<name>``, as a
  subscriber would (``hireflow.integrations.signing.verify_signature``); a bad signature
  gets 401. A name with no known secret (the demo's, after a restart: it was shown once)
  is accepted and recorded as unchecked.
- ``POST /local/receiver/dingtalk/<name>?access_token=…[&timestamp=…&sign=…]``: checks
  DingTalk's "加签" signature when a secret is known for ``<name>`` and answers as DingTalk
  does: ``{"errcode": 0}``, or 310000 for a bad signature.
- ``POST /local/receiver/wecom/<name>?key=…``: answers as WeCom does.
- ``GET /local/receiver``: what arrived, newest first, as JSON (``?kind=webhook`` ...).

Nothing is kept across a restart.
"""

from __future__ import annotations

import hmac
import json
import threading
import time
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote_plus

from werkzeug.wrappers import Request, Response

from hireflow.integrations.signing import verify_signature
from hireflow.notifications.robots import dingtalk_sign

KEEP = 500
DINGTALK_WINDOW_MS = 3600 * 1000  # DingTalk refuses a timestamp more than an hour off
# The demo's DingTalk robot (infra/localcloud/demo.py) signs with this.
DEMO_DINGTALK_SECRET = "SEClocal-demo-dingtalk-signing-secret"  # noqa: S105 - local only


def _json(status: int, body: dict[str, Any]) -> Response:
    return Response(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type="application/json; charset=utf-8",
    )


class Receiver:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._received: list[dict[str, Any]] = []
        self._webhook_secrets: dict[str, str] = {}
        self._robot_secrets: dict[str, str] = {"shanghai": DEMO_DINGTALK_SECRET}

    def trust_webhook(self, name: str, secret: str) -> None:
        """The signing secret of the subscription that posts to ``/webhook/<name>``."""
        with self._lock:
            self._webhook_secrets[name] = secret

    def trust_robot(self, name: str, secret: str) -> None:
        with self._lock:
            self._robot_secrets[name] = secret

    def received(self, kind: str | None = None) -> list[dict[str, Any]]:
        with self._lock:
            found = [r for r in self._received if kind is None or r["kind"] == kind]
        return list(reversed(found))

    def _keep(self, record: dict[str, Any]) -> None:
        with self._lock:
            self._received.append(record)
            del self._received[:-KEEP]

    # ------------------------------------------------------------------ the endpoints
    def listing(self, request: Request) -> Response:
        return _json(200, {"received": self.received(request.args.get("kind") or None)})

    def receive(self, request: Request, kind: str, name: str) -> Response:
        raw = request.get_data(cache=False)
        try:
            body: Any = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            body = None
        record: dict[str, Any] = {
            "kind": kind,
            "name": name,
            "at": datetime.now(UTC).isoformat(),
            "body": body,
        }
        if kind == "webhook":
            return self._webhook(request, name, raw, record)
        if kind == "dingtalk":
            return self._dingtalk(request, name, body, record)
        if kind == "wecom":
            return self._wecom(request, body, record)
        return _json(404, {"message": "Not Found"})

    def _webhook(self, request: Request, name: str, raw: bytes, record: dict[str, Any]) -> Response:
        headers = {k: v for k, v in request.headers.items() if k.lower().startswith("x-hireflow-")}
        secret = self._webhook_secrets.get(name)
        verified = (
            None
            if secret is None
            else verify_signature(
                secret,
                request.headers.get("X-Hireflow-Timestamp", ""),
                raw,
                request.headers.get("X-Hireflow-Signature", ""),
            )
        )
        record.update(headers=headers, raw=raw.decode("utf-8", "replace"), verified=verified)
        self._keep(record)
        if verified is False:
            return _json(401, {"ok": False, "error": "signature does not match"})
        return _json(200, {"ok": True})

    def _dingtalk(self, request: Request, name: str, body: Any, record: dict[str, Any]) -> Response:
        secret = self._robot_secrets.get(name)
        verified: bool | None = None
        if secret is not None:
            timestamp, sign = request.args.get("timestamp", ""), request.args.get("sign", "")
            fresh = timestamp.isdigit() and abs(time.time() * 1000 - int(timestamp)) < (
                DINGTALK_WINDOW_MS
            )
            # The query string arrives URL-decoded: compare the base64 itself.
            expected = dingtalk_sign(secret, int(timestamp)) if timestamp.isdigit() else ""
            verified = fresh and hmac.compare_digest(sign, unquote_plus(expected))
        well_formed = (
            isinstance(body, dict)
            and body.get("msgtype") == "markdown"
            and bool((body.get("markdown") or {}).get("title"))
            and bool((body.get("markdown") or {}).get("text"))
        )
        record.update(verified=verified, well_formed=well_formed)
        self._keep(record)
        if not request.args.get("access_token"):
            return _json(200, {"errcode": 300001, "errmsg": "token is not exist"})
        if verified is False:
            return _json(200, {"errcode": 310000, "errmsg": "sign not match"})
        if not well_formed:
            return _json(200, {"errcode": 40035, "errmsg": "缺少参数 json"})
        return _json(200, {"errcode": 0, "errmsg": "ok"})

    def _wecom(self, request: Request, body: Any, record: dict[str, Any]) -> Response:
        well_formed = (
            isinstance(body, dict)
            and body.get("msgtype") == "markdown"
            and bool((body.get("markdown") or {}).get("content"))
        )
        record.update(verified=None, well_formed=well_formed)
        self._keep(record)
        if not request.args.get("key"):
            return _json(200, {"errcode": 93000, "errmsg": "invalid webhook url"})
        if not well_formed:
            return _json(200, {"errcode": 40008, "errmsg": "invalid message type"})
        return _json(200, {"errcode": 0, "errmsg": "ok"})

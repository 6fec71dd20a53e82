"""How a webhook delivery is signed, and how a receiver checks it (docs/events.md,
"Subscribing an outside system").

Each delivery carries

    X-Hireflow-Timestamp: 1767225600                (seconds since the epoch, UTC)
    X-Hireflow-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>

After a secret is rotated, deliveries carry one ``v1=`` per secret still valid, separated
by commas (the new secret's first); a receiver accepts the delivery when any of them
matches its secret. ``verify_signature`` is the receiver's side, standard library only:
copy it, or import it from here. It refuses a timestamp further than ``tolerance``
seconds from now, so a captured delivery cannot be replayed later.
"""

from __future__ import annotations

import hashlib
import hmac
import time

SCHEME = "v1"
DEFAULT_TOLERANCE_SECONDS = 300


def signature(secret: str, timestamp: int | str, body: bytes) -> str:
    """The hex HMAC-SHA256 of ``"<timestamp>.<body>"`` with ``secret``."""
    message = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def signature_header(secrets: list[str], timestamp: int, body: bytes) -> str:
    """The X-Hireflow-Signature value: ``v1=<hex>`` for each secret, comma-separated."""
    return ",".join(f"{SCHEME}={signature(s, timestamp, body)}" for s in secrets)


def verify_signature(
    secret: str,
    timestamp: str,
    body: bytes,
    header: str,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
    now: float | None = None,
) -> bool:
    """Whether a delivery is genuine and fresh: ``timestamp`` is the X-Hireflow-Timestamp
    header, ``body`` the raw request body (bytes, exactly as received), ``header`` the
    X-Hireflow-Signature header."""
    try:
        sent = int(timestamp)
    except (TypeError, ValueError):
        return False
    current = time.time() if now is None else now
    if abs(current - sent) > tolerance:
        return False
    expected = signature(secret, timestamp, body)  # the header's text, as it was signed
    for part in (header or "").split(","):
        scheme, _, value = part.strip().partition("=")
        if scheme == SCHEME and hmac.compare_digest(value, expected):
            return True
    return False

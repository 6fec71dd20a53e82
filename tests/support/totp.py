"""Authenticator-app codes (RFC 6238 TOTP: HMAC-SHA1, 30-second steps, 6 digits), as a
phone computes them from the secret key Cognito hands out. pyotp is not a dependency."""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time

STEP = 30


def totp(secret: str, at: float | None = None) -> str:
    """The code for ``secret`` (base32, any case, padding optional) at time ``at``."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // STEP)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def fresh_totp(secret: str, margin: float = 5.0) -> str:
    """A code with at least ``margin`` seconds of its step left (waits for the next step
    otherwise), so that it is still current when the server checks it."""
    left = STEP - time.time() % STEP
    if left < margin:
        time.sleep(left + 0.1)
    return totp(secret)


def wrong_totp(secret: str) -> str:
    """A well-formed code that is none of the codes around now."""
    now = time.time()
    near = {totp(secret, now + k * STEP) for k in range(-2, 3)}
    return next(c for c in (f"{n:06d}" for n in range(1_000_000)) if c not in near)

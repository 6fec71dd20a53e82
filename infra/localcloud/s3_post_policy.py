"""S3 browser-upload (presigned POST) policies, checked the way S3 checks them.

moto stores whatever is POSTed to a bucket. S3 itself verifies the policy document's
SigV4 signature, its expiry and every condition (key, Content-Type, content-length-range)
and refuses the upload otherwise. The local cloud does the same, so a candidate's browser
meets the same limits locally as on AWS.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any

# The local cloud's clients sign with these (infra.localcloud.emulator.emulator_client and
# the process environment); nothing else can produce a valid signature.
LOCAL_SECRET = "local"  # noqa: S105 - the emulator's fixed, non-secret credential

# Fields S3 does not require a condition for (bucketname: moto adds it to the form).
IGNORED_FIELDS = {"policy", "x-amz-signature", "file", "signature", "awsaccesskeyid", "bucketname"}


class PolicyRefused(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message

    def xml(self) -> str:
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<Error><Code>{self.code}</Code><Message>{self.message}</Message></Error>"
        )


def _signing_key(secret: str, date: str, region: str) -> bytes:
    key = hmac.new(f"AWS4{secret}".encode(), date.encode(), hashlib.sha256).digest()
    for part in (region, "s3", "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return key


def _denied(message: str) -> PolicyRefused:
    return PolicyRefused(403, "AccessDenied", message)


def _given_signature(fields: dict[str, str]) -> str:
    return fields.get("x-amz-signature") or fields.get("signature") or ""


def _expected_signature(fields: dict[str, str], policy: str) -> str:
    """SigV4 (x-amz-credential) or the older SigV2 (AWSAccessKeyId + signature)."""
    if "x-amz-credential" in fields:
        parts = fields["x-amz-credential"].split("/")
        if len(parts) != 5:
            raise _denied("Bucket POST has a malformed x-amz-credential.")
        _, date, region, _, _ = parts
        key = _signing_key(LOCAL_SECRET, date, region)
        return hmac.new(key, policy.encode(), hashlib.sha256).hexdigest()
    if "awsaccesskeyid" in fields:
        digest = hmac.new(LOCAL_SECRET.encode(), policy.encode(), hashlib.sha1).digest()
        return base64.b64encode(digest).decode()
    raise _denied("Bucket POST must be signed.")


def check(fields: dict[str, str], bucket: str, size: int, now: datetime | None = None) -> None:
    """Raise PolicyRefused unless the form is a valid, signed, in-policy upload."""
    now = now or datetime.now(UTC)
    lowered = {k.lower(): v for k, v in fields.items()}
    encoded = lowered.get("policy")
    if not encoded:
        raise _denied("Bucket POST must contain a policy.")
    if not hmac.compare_digest(_expected_signature(lowered, encoded), _given_signature(lowered)):
        raise _denied(
            "The request signature we calculated does not match the signature you provided."
        )
    try:
        policy = json.loads(base64.b64decode(encoded))
    except ValueError as exc:
        raise PolicyRefused(400, "InvalidPolicyDocument", "Invalid Policy: malformed") from exc
    expiration = datetime.fromisoformat(policy["expiration"].replace("Z", "+00:00"))
    if expiration < now:
        raise _denied("Invalid according to Policy: Policy expired.")
    covered = set()
    for condition in policy.get("conditions", []):
        covered |= _check_condition(condition, lowered, bucket, size)
    uncovered = {
        k
        for k in lowered
        if k not in covered and k not in IGNORED_FIELDS and not k.startswith("x-ignore-")
    }
    if uncovered:
        raise _denied(
            "Invalid according to Policy: Extra input fields: " + ", ".join(sorted(uncovered))
        )


def _check_condition(condition: Any, fields: dict[str, str], bucket: str, size: int) -> set[str]:
    if isinstance(condition, dict):
        ((name, value),) = condition.items()
        condition = ["eq", f"${name}", value]
    operator, *args = condition
    operator = str(operator).lower()
    if operator == "content-length-range":
        low, high = int(args[0]), int(args[1])
        if size > high:
            raise PolicyRefused(
                400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size"
            )
        if size < low:
            raise PolicyRefused(
                400,
                "EntityTooSmall",
                "Your proposed upload is smaller than the minimum allowed size",
            )
        return set()
    name = str(args[0]).lstrip("$").lower()
    actual = bucket if name == "bucket" else fields.get(name, "")
    expected = str(args[1])
    ok = actual == expected if operator == "eq" else actual.startswith(expected)
    if not ok:
        raise _denied(
            "Invalid according to Policy: Policy Condition failed: "
            f'["{operator}", "${name}", "{expected}"]'
        )
    return {name}

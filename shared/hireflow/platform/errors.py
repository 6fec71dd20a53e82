"""Errors the API turns into 4xx answers, with a reason a person can act on, and the one
error Step Functions retries (``Transient``).

Every error carries a ``code`` and its ``params`` next to the English ``message`` (which
stays for API users): the front ends show the code in the reader's language from their
catalogue (web/shared/messages.js, docs/decisions.md "Messages in the reader's language").
A code is a stable snake_case name; ``params`` are the values the sentence needs."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as default
from typing import Any

from botocore.exceptions import ClientError, ConnectionError, HTTPClientError
from pydantic_core import PydanticCustomError
from pynamodb.exceptions import PynamoDBException

Params = dict[str, Any]


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str
    code: str = "invalid"
    params: Params = default(default_factory=dict)


def invalid_value(code: str, message: str, **params: Any) -> PydanticCustomError:
    """For a pydantic validator to raise: the field error then carries ``code`` and
    ``params`` (``hireflow.api`` passes pydantic's error type and context on)."""
    return PydanticCustomError(code, "{reason}", {"reason": message, **params})


class HireflowError(Exception):
    status = 400
    code = "bad_request"  # the class's code when a raise names none

    def __init__(
        self,
        message: str,
        errors: list[FieldError] | None = None,
        *,
        code: str | None = None,
        params: Params | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or []
        if code is not None:
            self.code = code
        self.params = params or {}


class NotFound(HireflowError):
    """Missing - or not visible to the caller, which must look the same (no existence leak)."""

    status = 404
    code = "not_found"


class Forbidden(HireflowError):
    """The caller's role may not do this, whatever the object."""

    status = 403
    code = "forbidden"


class Conflict(HireflowError):
    """The object changed meanwhile, or the value is taken."""

    status = 409
    code = "conflict"


class ChangedMeanwhile(Conflict):
    """Someone else saved the object between our read and our write: a person reloads,
    a workflow step simply runs again."""

    code = "changed_meanwhile"


class Invalid(HireflowError):
    status = 422
    code = "invalid_request"


class PayloadTooLarge(HireflowError):
    status = 413
    code = "too_large"


class UnsupportedMediaType(HireflowError):
    status = 415
    code = "unsupported_media_type"


class Unauthorized(HireflowError):
    status = 401
    code = "unauthorized"


class Gone(HireflowError):
    """The link has expired or the interview is over."""

    status = 410
    code = "gone"


class Locked(HireflowError):
    status = 423
    code = "locked"


class TooManyRequests(HireflowError):
    """Too many attempts from one source (or at once): wait and try again."""

    status = 429
    code = "too_many_requests"


class Transient(Exception):
    """A fault that a retry may not meet again: a lost optimistic-locking race, throttling,
    a dropped connection. The state machine retries exactly this error name."""


_THROTTLED = frozenset(
    {
        "ThrottlingException",
        "TooManyRequestsException",
        "ProvisionedThroughputExceededException",
        "RequestLimitExceeded",
        "ServiceUnavailable",
        "InternalServerError",
        "InternalFailure",
    }
)


def is_transient(error: BaseException) -> bool:
    """Worth retrying: our own transient errors and the AWS libraries' faults of the
    moment (pynamodb wraps every DynamoDB call's failure; conditional checks excluded)."""
    if isinstance(error, Transient | ChangedMeanwhile | ConnectionError | HTTPClientError):
        return True
    if isinstance(error, ClientError):
        return error.response.get("Error", {}).get("Code") in _THROTTLED
    if isinstance(error, PynamoDBException):
        cause = getattr(error, "cause_response_code", None)
        return cause != "ConditionalCheckFailedException"
    return False

"""Errors the API turns into 4xx answers, with a reason a person can act on, and the one
error Step Functions retries (``Transient``)."""

from __future__ import annotations

from dataclasses import dataclass

from botocore.exceptions import ClientError, ConnectionError, HTTPClientError
from pynamodb.exceptions import PynamoDBException


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


class HireflowError(Exception):
    status = 400

    def __init__(self, message: str, errors: list[FieldError] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or []


class NotFound(HireflowError):
    """Missing - or not visible to the caller, which must look the same (no existence leak)."""

    status = 404


class Forbidden(HireflowError):
    """The caller's role may not do this, whatever the object."""

    status = 403


class Conflict(HireflowError):
    """The object changed meanwhile, or the value is taken."""

    status = 409


class ChangedMeanwhile(Conflict):
    """Someone else saved the object between our read and our write: a person reloads,
    a workflow step simply runs again."""


class Invalid(HireflowError):
    status = 422


class PayloadTooLarge(HireflowError):
    status = 413


class UnsupportedMediaType(HireflowError):
    status = 415


class Unauthorized(HireflowError):
    status = 401


class Gone(HireflowError):
    """The link has expired or the interview is over."""

    status = 410


class Locked(HireflowError):
    status = 423


class TooManyRequests(HireflowError):
    """Too many attempts from one source (or at once): wait and try again."""

    status = 429


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

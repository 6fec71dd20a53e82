"""Errors the API turns into 4xx answers, with a reason a person can act on."""

from __future__ import annotations

from dataclasses import dataclass


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

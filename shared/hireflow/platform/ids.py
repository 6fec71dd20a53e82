"""Identifiers and clocks, one way for the whole package."""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime


def new_id() -> str:
    """A random, URL-safe, sortable-enough identifier for entities."""
    return uuid.uuid4().hex


def new_secret_token() -> str:
    """An opaque token for links sent to people (256 bits of randomness)."""
    return secrets.token_urlsafe(32)


def now() -> datetime:
    return datetime.now(UTC)

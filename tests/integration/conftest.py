"""Integration tests share the session's local cloud (see tests/conftest.py)."""

from tests.conftest import token_for

__all__ = ["token_for"]

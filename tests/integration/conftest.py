"""Integration tests share the session's local cloud and its HR API client ``hr`` (see
tests/conftest.py)."""

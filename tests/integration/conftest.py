"""Integration tests share the session's local cloud and its HR API client ``hr`` (see
tests/conftest.py)."""

import pytest

FUZZ_MODULE = "test_fuzz_api.py"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The API fuzz writes arbitrary (valid) data into the session's local cloud, in a
    branch of its own that HQ still sees: it runs after every other test (stable order
    otherwise), so no other test counts it."""
    items.sort(key=lambda item: item.path.name == FUZZ_MODULE)

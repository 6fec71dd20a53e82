"""Guards and shared fixtures for the whole suite."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from botocore.client import BaseClient

from infra.localcloud.cloud import LocalCloud

_make_api_call = BaseClient._make_api_call


def _no_scan(self: BaseClient, operation_name: str, api_params: Any) -> Any:
    # Every access pattern is a GetItem or a Query: a Scan in the request path fails the test.
    if operation_name == "Scan":
        raise AssertionError("DynamoDB Scan called: use a key or GSI query")
    return _make_api_call(self, operation_name, api_params)


@pytest.fixture(autouse=True, scope="session")
def forbid_dynamodb_scans() -> Iterator[None]:
    BaseClient._make_api_call = _no_scan  # type: ignore[method-assign]
    yield
    BaseClient._make_api_call = _make_api_call  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def cloud() -> Iterator[LocalCloud]:
    """One local cloud per test session (moto's state is per process)."""
    local = LocalCloud().start()
    yield local
    local.stop()


@pytest.fixture(scope="session")
def tokens(cloud: LocalCloud) -> dict[str, str]:
    """ID tokens of the demo accounts, signed in once per session."""
    return {}


def token_for(cloud: LocalCloud, tokens: dict[str, str], username: str) -> str:
    if username not in tokens:
        tokens[username] = cloud.sign_in(username)
    return tokens[username]

"""Integration tests share one local cloud per session (moto's state is per process)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from infra.localcloud.cloud import LocalCloud


@pytest.fixture(scope="session")
def cloud() -> Iterator[LocalCloud]:
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

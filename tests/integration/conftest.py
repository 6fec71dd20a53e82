"""Integration tests share the session's local cloud (see tests/conftest.py)."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from tests.conftest import token_for

__all__ = ["Hr", "token_for"]


class Hr:
    def __init__(self, cloud, tokens) -> None:
        self.cloud, self.tokens = cloud, tokens

    def call(self, method: str, path: str, user: str, body: Any = None) -> requests.Response:
        return requests.request(
            method,
            f"{self.cloud.url}/api{path}",
            json=body,
            headers={"Authorization": token_for(self.cloud, self.tokens, user)},
            timeout=30,
        )

    def candidate(self, candidate_id: str) -> dict[str, Any]:
        return self.call("GET", f"/candidates/{candidate_id}", "hq.hr").json()


@pytest.fixture(scope="session")
def hr(cloud, tokens) -> Hr:
    return Hr(cloud, tokens)

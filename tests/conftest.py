"""Guards and shared fixtures for the whole suite."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from botocore.client import BaseClient

from infra.localcloud.cloud import LocalCloud
from tests.support.client import Client, Http

_make_api_call = BaseClient._make_api_call

# Tests that share the session's local cloud (tests/integration, tests/e2e).
CLOUD_DIRECTORIES = {"integration", "e2e"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """`make test` runs on two workers (pytest-xdist, --dist loadgroup): every test of
    the local cloud goes to one worker, in collection order, because they share one
    cloud and its data; each unit-test module is a group of its own (its module
    fixtures, such as the loaded speech model, are built once)."""
    for item in items:
        directory = item.path.parent.name
        group = "local-cloud" if directory in CLOUD_DIRECTORIES else str(item.path)
        item.add_marker(pytest.mark.xdist_group(group))


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


@pytest.fixture
def wrong_phones_given_back(cloud: LocalCloud) -> Iterator[None]:
    """For a test that gives wrong phone numbers on purpose. Every candidate of the
    session's local cloud verifies from 127.0.0.1, and one address may give 10 wrong
    numbers an hour (``Portal._check_phone``): two tests that lock a link spend them all,
    and no later test in that clock hour could verify. The test hands back what it spent."""
    from hireflow.interviews.model import token_hash
    from hireflow.platform.store import give_back_slot, read_counters

    source = f"VERIFY_SOURCE#{token_hash('127.0.0.1')}"  # pk=VERIFY_SOURCE#<sha256 of it>
    before = read_counters(source)
    yield
    for window, count in read_counters(source).items():
        for _ in range(int(count - before.get(window, 0))):
            give_back_slot(source, window)


@pytest.fixture(scope="session")
def tokens(cloud: LocalCloud) -> dict[str, str]:
    """ID tokens of the demo accounts, signed in once per session."""
    return {}


def token_for(cloud: LocalCloud, tokens: dict[str, str], username: str) -> str:
    return Http(cloud, tokens).token(username)


@pytest.fixture(scope="session")
def hr(cloud: LocalCloud, tokens: dict[str, str]) -> Client:
    """The HR API over HTTP through the local cloud's gateway, as any demo user (the unit
    tests' ``hr`` is the same client calling the handler in-process)."""
    return Client(Http(cloud, tokens))


@pytest.fixture(scope="session")
def answer_videos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Answer recordings built from real media (see tests/answer_media.py), by name."""
    from tests import answer_media as media

    folder = tmp_path_factory.mktemp("answers")
    face = media.picture(media.MEDIA / "obama.jpg")
    jfk = media.load_audio(media.MEDIA / "jfk.flac")

    def speech(name: str) -> Any:
        return media.load_audio(media.SPEECH / f"{name}.ogg")

    built = {
        "face_jfk": (face, jfk),
        "face_strong": (face, speech("damaged_order_strong")),
        "face_weak": (face, speech("damaged_order_weak")),
        "face_star": (face, speech("teammate_star")),
        "two_faces_jfk": (media.picture(media.MEDIA / "two_people.jpg"), jfk),
        "no_face_jfk": (media.black(), jfk),
    }
    return {
        name: media.write_answer(folder / f"{name}.webm", frames=frames, audio=audio)
        for name, (frames, audio) in built.items()
    }

"""Browser tests: Playwright (python) driving Debian's chromium with fake camera and
microphone. Screenshots land in test-artifacts/ for people to look at."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "Hireflow-demo-1"  # the demo accounts' (infra/localcloud/demo.py)


# `make test` runs the browser tests beside a unit-test worker on two cores: a page
# that is right passes at once, one on a busy machine gets longer than Playwright's 5 s.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def fake_capture(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The fake camera shows a real face and the fake microphone plays real speech
    (tests/fixtures/media), so recorded answers can be scored like a candidate's."""
    from tests import answer_media as media

    folder = tmp_path_factory.mktemp("capture")
    video = media.write_y4m(folder / "face.y4m", media.picture(media.MEDIA / "obama.jpg"))
    audio = media.write_wav(folder / "speech.wav", media.load_audio(media.MEDIA / "jfk.flac"))
    return [
        f"--use-file-for-fake-video-capture={video}",
        f"--use-file-for-fake-audio-capture={audio}",
    ]


@pytest.fixture(scope="session")
def browser(fake_capture: list[str]) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            "Debian's chromium is missing: `make test` installs it (apt-get install chromium)"
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                *fake_capture,
            ],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A phone-sized page (candidates often answer on a phone)."""
    yield from _page(browser, {"width": 412, "height": 860})


@pytest.fixture
def desktop(browser: Browser) -> Iterator[Page]:
    """A laptop-sized page (HR works at a desk)."""
    yield from _page(browser, {"width": 1280, "height": 900})


def _page(browser: Browser, viewport: dict[str, int]) -> Iterator[Page]:
    context = browser.new_context(viewport=viewport)  # type: ignore[arg-type]
    opened = context.new_page()
    errors: list[str] = []
    opened.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    opened.on("pageerror", lambda e: errors.append(str(e)))
    opened.console_errors = errors  # type: ignore[attr-defined]
    yield opened
    context.close()


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def sign_in_zh(page: Page, cloud, username: str) -> None:
    """Signs a demo account in to the HR app in Chinese."""
    page.goto(f"{cloud.url}/?lang=zh")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("button", name="退出")).to_be_visible()


def silent_interview_in_review(hr, name: str, folder: Path) -> dict:
    """A candidate whose three video answers are silent, scored (the AI can judge none of
    them) and waiting for review."""
    import numpy as np

    from tests import answer_media as media
    from tests.integration.test_scoring_e2e import interview_to_report
    from tests.support.builders import wait_for_status

    silent = media.write_answer(
        folder / "silent.webm",
        frames=media.picture(media.MEDIA / "obama.jpg"),
        audio=np.zeros(media.RATE * 6, np.float32),
    )
    questions = ["intro", "damaged-order", "difficult-teammate"]
    candidate = interview_to_report(
        hr, name, {"silent": silent}, **dict.fromkeys(questions, "silent")
    )
    wait_for_status(hr, candidate["id"], "in_review", seconds=90)
    return candidate


def give_consents(page: Page, *, ai: bool = True, zh: bool = False) -> None:
    """The consent step after the phone check (docs/privacy.md): recording and, unless
    ``ai`` is False, AI analysis, each on its own box; then on. Each box is saved as it
    is ticked, so the next waits for the page to show the first one saved."""
    for purpose in ("recording", "ai_analysis") if ai else ("recording",):
        box = page.locator(f"#consent-{purpose}")
        box.check()
        expect(box).to_be_checked()
        expect(box).to_be_enabled()
    page.click("text=继续" if zh else "text=Continue")

"""A candidate's privacy in the portal, in a real browser on the local cloud (docs/privacy.md
"Consent and notice", "Requests from a person"): consents chosen one by one, the Privacy
panel reachable between questions, an export asked for and downloaded, and the recording
consent withdrawn - after which the interview continues with a person."""

from __future__ import annotations

import time
import zipfile

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.support.builders import invitation_link, invited

pytestmark = pytest.mark.browser


def test_a_candidate_changes_consents_and_asks_for_their_data(cloud, hr, page, tmp_path):
    # Unique per run: the session's local cloud is shared with other tests.
    phone = f"136{time.time_ns() % 10**8:08d}"
    candidate, _ = invited(hr, "Privacy Candidate", phone)
    page.goto(invitation_link(hr, candidate["email"]))
    page.fill("#phone", phone)
    page.click("text=Verify and continue")
    # The consent step: recording given, AI analysis not - people will review.
    page.check("#consent-recording")
    expect(page.locator("#people-only")).to_contain_text("people review")
    screenshot(page, "privacy-1-consent-step")
    page.click("text=Continue")
    page.click("text=Start the interview")
    page.click("text=Start answering now")
    page.wait_for_selector("text=Recording your answer")
    page.wait_for_timeout(1500)
    page.click("text=Finish answer")
    page.click("text=Use this answer")
    page.wait_for_selector("text=Question 2 of 3")

    # Between questions: the Privacy panel.
    page.click("#open-privacy")
    panel = page.locator("dialog#privacy")
    ai = panel.locator('[data-purpose="ai_analysis"]')
    expect(ai.locator(".state")).to_contain_text("Not given")
    ai.get_by_role("button", name="Give").click()
    expect(ai.locator(".state")).to_contain_text("Given")
    ai.get_by_role("button", name="Withdraw").click()
    expect(ai.locator(".state")).to_contain_text("Withdrawn")
    expect(panel.locator('[data-purpose="talent_pool"]')).to_contain_text("after your interview")

    # Your data: an export, downloaded once done.
    panel.locator("#ask-export").click()
    done = panel.locator('li[data-kind="export"][data-status="done"]')
    expect(done).to_be_visible(timeout=60000)
    with page.expect_download() as download:
        done.get_by_role("button", name="Download (zip)").click()
    saved = tmp_path / "export.zip"
    download.value.save_as(saved)
    assert zipfile.is_zipfile(saved) and zipfile.ZipFile(saved).namelist()
    screenshot(page, "privacy-2-panel")

    # Withdrawing recording is explained and confirmed; then a person takes over.
    recording = panel.locator('[data-purpose="recording"]')
    recording.get_by_role("button", name="Withdraw").click()
    expect(recording.locator(".confirm")).to_contain_text("deleted")
    recording.get_by_role("button", name="Yes, withdraw and delete my recordings").click()
    expect(recording.locator(".state")).to_contain_text("Withdrawn")
    panel.get_by_role("button", name="Close").click()
    expect(page.locator("#with-person")).to_contain_text("continues with a person")
    screenshot(page, "privacy-3-with-person")
    stored = hr.get(f"/api/candidates/{candidate['id']}", "shanghai.hr").json
    assert stored["status"] == "alternative_requested"
    assert page.console_errors == []  # type: ignore[attr-defined]

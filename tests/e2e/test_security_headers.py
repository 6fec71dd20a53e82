"""The security headers CloudFront sends (template.yaml's WebSecurityHeaders, sent by the
local gateway too) break nothing: the HR app signs in and shows its dashboard, and a
candidate's interview page loads and verifies, with no Content Security Policy violation
and no script error in the browser's console."""

from __future__ import annotations

import time

import pytest
import requests
from playwright.sync_api import Page, expect

from tests.e2e.conftest import give_consents
from tests.e2e.test_hr_app import sign_in
from tests.support.builders import invitation_link, invited

pytestmark = pytest.mark.browser


def csp_violations(page: Page) -> list[str]:
    return [e for e in page.console_errors if "Content Security Policy" in e]  # type: ignore[attr-defined]


def test_the_hr_app_signs_in_under_the_csp(cloud, desktop):
    headers = requests.get(f"{cloud.url}/", timeout=10).headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    sign_in(desktop, cloud, "shanghai.hr")
    expect(desktop.locator("[data-branch=shanghai]")).to_be_visible()
    desktop.get_by_role("link", name="Candidates").click()
    expect(desktop.locator("main table, main .state").first).to_be_visible()
    assert desktop.console_errors == []  # type: ignore[attr-defined]


def test_the_api_docs_page_loads_under_the_csp(cloud, desktop):
    desktop.goto(f"{cloud.url}/api/docs")
    expect(desktop.locator(".swagger-ui .info .title")).to_be_visible()
    assert csp_violations(desktop) == []


def test_a_candidate_opens_and_verifies_under_the_csp(cloud, hr, page):
    # Unique per run: the session's local cloud is shared with other tests.
    phone = f"135{time.time_ns() % 10**8:08d}"
    candidate, _ = invited(hr, "Header Check", phone)
    page.goto(invitation_link(hr, candidate["email"]))
    page.wait_for_selector("text=Customer Service Associate")
    page.fill("#phone", phone)
    page.click("text=Verify and continue")
    give_consents(page)
    page.wait_for_selector("text=Camera and microphone check")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_the_csp_is_enforced_and_a_violation_is_seen(cloud, page):
    """The check above can fail: an inline script is refused and reported."""
    page.goto(f"{cloud.url}/interview/#not-a-real-token")
    page.wait_for_selector("text=This interview link is not valid.")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.injected = true'; document.body.append(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.injected") is None
    assert csp_violations(page)

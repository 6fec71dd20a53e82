"""Two-step sign-in in a real browser: a user of an OPTIONAL pool turns it on from the
account control and then signs in with password plus an authenticator code (a wrong code
is refused in the reader's language); with HrMfa=ON (HIREFLOW_HR_MFA) a first sign-in
sets up the authenticator app. Codes are computed as a phone would (RFC 6238)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
import requests
from playwright.sync_api import Page, expect

from infra.localcloud import demo
from infra.localcloud.cloud import free_port
from tests.e2e.conftest import screenshot
from tests.support.running import RunningCloud
from tests.support.totp import fresh_totp, wrong_totp

pytestmark = pytest.mark.browser

PASSWORD = "Two-step-pass-1"


def _password(page: Page, base_url: str, lang: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/?lang={lang}")
    labels = {"en": ("Username", "Password", "Sign in"), "zh": ("用户名", "密码", "登录")}[lang]
    page.get_by_label(labels[0], exact=True).fill(username)
    page.get_by_label(labels[1], exact=True).fill(password)
    page.get_by_role("button", name=labels[2], exact=True).click()


def _secret(page: Page, username: str) -> str:
    """The key shown for typing into an app, checked against the otpauth:// link and QR."""
    secret = page.locator("#mfa-secret").inner_text().replace(" ", "")
    assert re.fullmatch(r"[A-Z2-7]+", secret), secret
    uri = page.locator("#mfa-uri").get_attribute("href")
    assert uri == f"otpauth://totp/hireflow:{username}?secret={secret}&issuer=hireflow"
    expect(page.locator("svg.qr path")).to_have_attribute("d", re.compile(r"^M\d+ \d+h1v1h-1z"))
    return secret


def _errors_besides_refused_codes(page: Page, refused: int) -> list[str]:
    errors: list[str] = page.console_errors  # type: ignore[attr-defined]
    rejected = [e for e in errors if "status of 400" in e]
    assert len(rejected) == refused, errors
    return [e for e in errors if e not in rejected]


def test_a_user_turns_on_two_step_sign_in_and_then_needs_the_code(cloud, hr, desktop):
    page = desktop
    username = f"two.step.{uuid.uuid4().hex[:6]}"
    created = hr.post(
        "/api/users",
        "hq.admin",
        {
            "username": username,
            "email": f"{username}@example.com",
            "display_name": "Two Step",
            "role": "branch_hr",
            "branch_id": "shanghai",
        },
    )
    assert created.status == 201, created
    cloud.client("cognito-idp").admin_set_user_password(
        UserPoolId=cloud.resources.user_pool_id,
        Username=username,
        Password=PASSWORD,
        Permanent=True,
    )

    # The demo pool is OPTIONAL: the password alone signs in, until the user turns it on.
    _password(page, cloud.url, "en", username, PASSWORD)
    expect(page.locator("#who")).to_contain_text("Two Step")
    page.get_by_role("button", name="Two-step sign-in").click()
    dialog = page.get_by_role("dialog", name="Two-step sign-in")
    expect(dialog.locator("#two-step-state")).to_contain_text("Two-step sign-in is off")
    dialog.get_by_role("button", name="Turn on two-step sign-in").click()
    secret = _secret(page, username)
    screenshot(page, "two-step-1-turn-on")
    code = dialog.get_by_label("Enter the 6-digit code the app now shows")
    code.fill(wrong_totp(secret))
    dialog.get_by_role("button", name="Verify").click()
    expect(dialog.locator("#mfa-error")).to_contain_text("That code is wrong or has expired")
    code.fill(fresh_totp(secret))
    dialog.get_by_role("button", name="Verify").click()
    expect(dialog.locator("#two-step-state")).to_contain_text("Two-step sign-in is on.")
    dialog.get_by_role("button", name="Close").click()
    page.get_by_role("button", name="Sign out").click()

    # Now, in Chinese: the password leads to the code step; a wrong code is refused.
    _password(page, cloud.url, "zh", username, PASSWORD)
    expect(page.get_by_role("heading", name="两步验证")).to_be_visible()
    expect(page.locator("#who")).to_have_count(0)
    page.get_by_label("验证码", exact=True).fill(wrong_totp(secret))
    page.get_by_role("button", name="验证").click()
    expect(page.locator("#mfa-error")).to_contain_text("验证码不正确或已过期")
    screenshot(page, "two-step-2-wrong-code-zh")
    page.get_by_label("验证码", exact=True).fill(fresh_totp(secret))
    page.get_by_role("button", name="验证").click()
    expect(page.locator("#who")).to_contain_text("Two Step")
    page.get_by_role("button", name="两步验证").click()
    expect(page.locator("#two-step-state")).to_contain_text("两步验证已开启")
    # The browser logs Cognito's 400 for each of the two wrong codes; nothing else.
    assert _errors_besides_refused_codes(page, 2) == []


def test_a_wrong_password_is_refused_in_the_readers_language(cloud, desktop):
    _password(desktop, cloud.url, "zh", "shanghai.hr", "Not-the-password-1")
    expect(desktop.locator("#sign-in-error")).to_have_text("用户名或密码错误。")


@pytest.fixture(scope="module")
def mfa_on_cloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningCloud]:
    """`make run` with HIREFLOW_HR_MFA=ON, in its own process (moto's state is per process)."""
    running = RunningCloud(
        tmp_path_factory.mktemp("mfa-on"), free_port(), free_port(), HIREFLOW_HR_MFA="ON"
    )
    yield running
    running.stop()


def test_with_mfa_on_the_first_sign_in_sets_up_the_authenticator(mfa_on_cloud, desktop):
    page = desktop
    base = mfa_on_cloud.url
    assert requests.get(f"{base}/config.json", timeout=10).json()["mfa"] == "ON"

    _password(page, base, "en", "shanghai.hr", demo.DEFAULT_PASSWORD)
    expect(page.get_by_role("heading", name="Set up two-step sign-in")).to_be_visible()
    expect(page.locator("#who")).to_have_count(0)
    secret = _secret(page, "shanghai.hr")
    screenshot(page, "two-step-3-first-sign-in-setup")
    code = page.get_by_label("Enter the 6-digit code the app now shows")
    code.fill(wrong_totp(secret))
    page.get_by_role("button", name="Verify").click()
    expect(page.locator("#mfa-error")).to_contain_text("That code is wrong or has expired")
    code.fill(fresh_totp(secret))
    page.get_by_role("button", name="Verify").click()
    expect(page.locator("#who")).to_contain_text("Shanghai")
    page.get_by_role("button", name="Two-step sign-in").click()
    expect(page.locator("#two-step-state")).to_contain_text("Two-step sign-in is on")
    page.get_by_role("button", name="Close").click()
    page.get_by_role("button", name="Sign out").click()

    # The next sign-in asks for the code, no more set-up.
    _password(page, base, "en", "shanghai.hr", demo.DEFAULT_PASSWORD)
    expect(page.get_by_role("heading", name="Two-step sign-in")).to_be_visible()
    page.get_by_label("Code", exact=True).fill(fresh_totp(secret))
    page.get_by_role("button", name="Verify").click()
    expect(page.locator("#who")).to_contain_text("Shanghai")
    assert _errors_besides_refused_codes(page, 1) == []

"""Branch HR's privacy screens in a real browser on the local cloud (docs/privacy.md):
a legal hold refuses an erasure and the page says why; released, an export is carried
out by the PrivacyEventsFunction and its download link works; the erasure then runs, its
receipt says what was deleted and what was kept and why, and the candidate is gone from
the list. Screenshots in test-artifacts/."""

from __future__ import annotations

import uuid

import pytest
import requests
from playwright.sync_api import Response, expect

from tests.e2e.conftest import screenshot, sign_in_zh
from tests.support.builders import invited

pytestmark = pytest.mark.browser

DONE_WITHIN = 60_000  # ms: the bus delivers, the function runs every holder


def test_hold_refuses_erasure_then_export_and_erasure_with_receipt(cloud, hr, desktop):
    name = f"Privacy {uuid.uuid4().hex[:6]}"
    candidate, _ = invited(hr, name)  # invited: an interview round and a link exist
    page = desktop
    refused_calls: list[str] = []

    def watch(response: Response) -> None:
        if "/api/" in response.url and response.status in (403, 404):
            refused_calls.append(f"{response.status} {response.url}")

    page.on("response", watch)
    sign_in_zh(page, cloud, "shanghai.hr")
    expect(page.get_by_role("link", name="隐私请求")).to_be_visible()  # the nav entry
    page.goto(f"{cloud.url}/?lang=zh#/candidates/{candidate['id']}")
    privacy = page.locator("#privacy")
    expect(privacy.get_by_role("heading", name="隐私", exact=True)).to_be_visible()
    expect(privacy.locator("#hold-state")).to_have_attribute("data-held", "false")

    # A legal hold: the erase button warns, and the erasure is refused with the reason.
    privacy.locator("#hold-reason").fill("劳动争议 案件 2026-001")
    privacy.locator("#place-hold").click()
    expect(privacy.locator("#hold-state")).to_contain_text("已保全：shanghai.hr")
    expect(privacy.locator("#erase-held-note")).to_be_visible()
    privacy.locator("#privacy-erase").click()
    expect(page.locator("#erase-warning")).to_contain_text("删除无法撤销")
    expect(page.locator("#erase-warning")).to_contain_text("同意记录")
    page.locator("#erase-confirm").click()
    rows = privacy.locator("#candidate-privacy-requests tr[data-kind]")
    expect(rows.and_(page.locator("[data-status=refused]"))).to_have_count(1, timeout=DONE_WITHIN)
    expect(privacy).to_contain_text("已拒绝：此人的数据处于法律保全中。")
    expect(privacy.locator("#receipt")).to_contain_text("法律保全")
    screenshot(page, "privacy-1-erasure-refused-on-hold")

    # Released: the export is carried out and its link downloads the zip.
    privacy.locator("#release-hold").click()
    expect(privacy.locator("#hold-state")).to_have_attribute("data-held", "false")
    expect(privacy.locator("#erase-held-note")).to_be_hidden()
    privacy.locator("#privacy-export").click()
    export_row = rows.and_(page.locator("[data-kind=export]"))
    expect(export_row).to_have_attribute("data-status", "done", timeout=DONE_WITHIN)
    privacy.locator("#download-export").click()
    link = privacy.locator("#export-link")
    expect(link).to_be_visible()
    download = requests.get(link.get_attribute("href") or "", timeout=30)
    assert download.status_code == 200, download.text[:200]
    assert download.content[:2] == b"PK"  # a zip

    # The erasure: done, the receipt names what was deleted and what was kept and why.
    privacy.locator("#privacy-erase").click()
    page.locator("#erase-confirm").click()
    expect(privacy.locator("#erased")).to_be_visible(timeout=DONE_WITHIN)
    receipt = privacy.locator(".latest-request #receipt")
    expect(receipt.locator("tr[data-action=deleted]").first).to_be_visible()
    expect(receipt.locator("tr[data-action=kept]").first).to_contain_text(
        "同意记录作为合规证明保留"
    )
    expect(receipt).to_contain_text("审计记录只追加、不可修改")
    screenshot(page, "privacy-2-erasure-receipt")

    # The request's own page: the receipt and its JSON; the candidate is gone from the list.
    rows.and_(page.locator("[data-kind=erasure][data-status=done]")).get_by_role("link").click()
    expect(page.locator("#privacy-request #receipt")).to_be_visible()
    expect(page.locator("#download-receipt")).to_be_visible()
    page.goto(f"{cloud.url}/?lang=zh#/candidates?q={name}")
    expect(page.locator("#main .state.empty")).to_be_visible()
    expect(page.locator("#main")).not_to_contain_text(name)
    screenshot(page, "privacy-3-gone-from-list")

    assert refused_calls == []
    assert [e for e in page.console_errors if "Failed to load resource" not in e] == []  # type: ignore[attr-defined]

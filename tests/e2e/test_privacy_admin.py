"""HQ's privacy administration in Chinese, in a real browser on the local cloud: HQ
publishes the next version of the cn-mainland notice in both languages (the earlier
versions stay listed), sees the demo's New York branch under us-ny, overrides Shanghai's
recordings period, and is told in Chinese why an audit period below the legal minimum is
refused; Shanghai's HR see their effective periods read-only. Screenshots in
test-artifacts/."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, sign_in_zh

pytestmark = pytest.mark.browser

RECORDINGS = "recordings:rejection"


def test_hq_keeps_notices_and_retention_and_branch_hr_read_them(cloud, hr, desktop):
    page = desktop
    before = hr.get("/api/privacy/jurisdictions/cn-mainland/notices", "hq.admin").json
    latest = before[0]["version"]
    marker = f"（演示 {int(time.time()) % 100000}）"
    sign_in_zh(page, cloud, "hq.admin")
    page.get_by_role("navigation", name="main").get_by_role("link", name="隐私合规").click()
    expect(page.get_by_role("heading", name="隐私合规", exact=True)).to_be_visible()

    # The demo's branches, each under its jurisdiction.
    mapping = page.locator("#branch-mapping")
    expect(mapping.locator("[data-branch=new-york] select")).to_have_value("us-ny")
    expect(mapping.locator("[data-branch=shanghai] select")).to_have_value("cn-mainland")
    expect(page.locator("[data-jurisdiction=us-ny]")).to_contain_text("10 个工作日")

    # A new version, Chinese and English side by side, prefilled from the latest one.
    page.locator("[data-jurisdiction=cn-mainland]").get_by_role("button", name="告知版本").click()
    form = page.locator("#publish-notice")
    expect(form).to_contain_text("已发布的版本不会被修改")
    general_zh = form.get_by_label("总体告知 · 中文")
    general_zh.fill(general_zh.input_value() + marker)
    general_en = form.get_by_label("总体告知 · English")
    general_en.fill(general_en.input_value() + " (demo)")
    form.get_by_role("button", name="发布").click()
    detail = page.locator("#jurisdiction-detail")
    expect(detail.get_by_role("status")).to_have_text(f"已发布第 {latest + 1} 版。")
    versions = detail.locator(".notice-versions > li")
    expect(versions.first).to_have_attribute("data-version", str(latest + 1))
    expect(versions.first).to_contain_text("hq.admin")
    expect(detail.locator(f"[data-version='{latest}']")).to_be_visible()
    screenshot(page, "privacy-1-notice-published")
    after = hr.get("/api/privacy/jurisdictions/cn-mainland/notices", "hq.admin").json
    assert [n["version"] for n in after] == [latest + 1] + [n["version"] for n in before]
    assert after[0]["general"]["zh"].endswith(marker)
    assert after[0]["general"]["en"].endswith("(demo)")
    assert after[1] == before[0]  # never edited

    try:
        # Shanghai keeps recordings 90 days; the other branches keep the company's period.
        page.get_by_role("link", name="数据保留").click()
        row = page.locator(f"#retention-table tr[data-slot='{RECORDINGS}']")
        expect(row.locator("td[data-branch=shenzhen]")).to_contain_text("沿用公司默认")
        row.locator("td[data-branch=shanghai]").get_by_role("button", name="编辑").click()
        dialog = page.locator("#retention-dialog")
        dialog.get_by_label("天数").fill("90")
        dialog.get_by_role("button", name="保存").click()
        expect(dialog).to_have_count(0)
        expect(row.locator("td[data-branch=shanghai]")).to_contain_text("90 天 · 删除")
        expect(row.locator("td[data-branch='*']")).to_contain_text("183 天 · 删除")

        # The audit trail is kept at least 183 days: the reason, in Chinese.
        audit = page.locator("#retention-table tr[data-slot='audit_entries:recorded']")
        audit.locator("td[data-branch='*']").get_by_role("button", name="编辑").click()
        dialog.get_by_label("天数").fill("30")
        dialog.get_by_role("button", name="保存").click()
        expect(dialog.get_by_role("alert")).to_contain_text("审计记录至少保留 183 天")
        screenshot(page, "privacy-2-audit-minimum")
        dialog.get_by_role("button", name="取消").click()
        expect(page.get_by_role("heading", name="清理记录")).to_be_visible()
        errors = page.console_errors  # type: ignore[attr-defined]
        assert [e for e in errors if "status of 422" not in e] == []

        # Shanghai's HR: their effective periods, read-only; no receipts, no publishing.
        page.get_by_role("button", name="退出").click()
        sign_in_zh(page, cloud, "shanghai.hr")
        page.goto(f"{cloud.url}/?lang=zh#/privacy/retention")
        expect(page.get_by_text("仅总部可以更改")).to_be_visible()
        own = page.locator(f"#retention-table tr[data-slot='{RECORDINGS}']")
        expect(own).to_contain_text("90 天")
        expect(own).to_contain_text("本分支机构设定")
        expect(page.locator("#retention-table").get_by_role("button")).to_have_count(0)
        expect(page.get_by_role("heading", name="清理记录")).to_have_count(0)
        page.get_by_role("link", name="法域与告知").click()
        expect(page.locator(".notice-versions > li").first).to_have_attribute(
            "data-version", str(latest + 1)
        )
        expect(page.locator("#publish-notice")).to_have_count(0)
        screenshot(page, "privacy-3-branch-read-only")
    finally:
        # Later tests of the session see Shanghai at the company's period again.
        hr.put(
            "/api/privacy/retention-policies/shanghai/recordings/rejection",
            "hq.admin",
            {"days": 183, "action": "delete"},
        )

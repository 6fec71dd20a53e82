"""Issue 17's "done when", HQ's screens, walked in Chinese in a real browser on the local
cloud: validity per dimension, a weight proposal with its error, the quadrants, the
over-scoring branch flagged, impact ratios with a suppressed cell. The results are stored
directly as the analytics job would leave them (tests/support/analytics.py). Screenshots
in test-artifacts/."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import screenshot, sign_in_zh
from tests.support import analytics

pytestmark = pytest.mark.browser


def test_hq_reads_the_analytics_screens(hr, cloud, desktop: Page):
    page = desktop
    analytics.store(hr.user_id("shanghai.manager"))
    sign_in_zh(page, cloud, "hq.hr")
    page.get_by_role("link", name="人才分析", exact=True).click()
    expect(page.locator("#analytics-alerts")).to_contain_text("上海的人工评分相对 AI 系统性偏高")
    tabs = page.get_by_role("navigation", name="人才分析")

    tabs.get_by_role("link", name="预测效度", exact=True).click()
    shanghai = page.locator('#validity [data-position="shanghai-customer-service"]')
    expect(shanghai).to_contain_text("沟通")
    expect(shanghai.locator("tbody tr").first).to_contain_text("0.52")  # strongest first
    expect(page.locator('#validity [data-position="shenzhen-store-supervisor"]')).to_contain_text(
        "数据尚不足（n = 12"
    )
    screenshot(page, "analytics-validity-zh")

    tabs.get_by_role("link", name="权重建议", exact=True).click()
    proposal = page.locator("#proposals .proposal")
    expect(proposal).to_contain_text("当前权重 12.4，建议权重 10.1")
    expect(proposal.get_by_role("button", name="采用", exact=True)).to_be_enabled()
    screenshot(page, "analytics-proposal-zh")

    tabs.get_by_role("link", name="群体分析", exact=True).click()
    expect(page.locator('#groups tr[data-group="shanghai"]')).to_contain_text("高匹配 · 低绩效")
    expect(page.locator("#groups svg.quadrant circle")).to_have_count(3)
    expect(page.locator("#individuals")).to_contain_text("张三")
    screenshot(page, "analytics-groups-zh")

    tabs.get_by_role("link", name="分支校准", exact=True).click()
    expect(page.locator('#calibration tr.flagged[data-branch="shanghai"]')).to_contain_text(
        "评分偏高"
    )
    expect(page.locator("#calibration tr.flagged")).to_have_count(1)
    screenshot(page, "analytics-calibration-zh")

    tabs.get_by_role("link", name="公平性", exact=True).click()
    stage = page.locator('#fairness [data-scope="ALL"] [data-stage="ai_above_cut"]')
    expect(stage.locator('[data-cell="sex:unknown"]')).to_contain_text("< 5")
    expect(stage.locator('[data-cell="age_band:50+"]')).to_contain_text("低于 0.8")
    expect(stage.locator('[data-cell="sex:female"]')).to_contain_text("0.96")
    screenshot(page, "analytics-fairness-zh")
    assert not page.console_errors  # type: ignore[attr-defined]

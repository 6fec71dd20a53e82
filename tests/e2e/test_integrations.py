"""Administration → Integrations in Chinese, in a real browser on the local cloud: the HQ
admin subscribes the local receiver and sees the signing secret once (never after a
reload), sends a test event and reads the delivery log; adds a WeCom robot to Shanghai
and posts a test message; Shanghai's HR reach their branch's robots from their own link
(no Administration). Screenshots in test-artifacts/."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, sign_in_zh

pytestmark = pytest.mark.browser


def test_hq_subscribes_a_system_sees_the_secret_once_and_reads_the_delivery_log(cloud, hr, desktop):
    page = desktop
    name = f"e2e-{int(time.time() * 1000) % 10_000_000}"
    sign_in_zh(page, cloud, "hq.admin")
    page.get_by_role("navigation", name="main").get_by_role("link", name="管理").click()
    page.get_by_role("link", name="系统集成").click()
    expect(page.get_by_role("heading", name="管理 · 系统集成")).to_be_visible()
    form = page.locator("#new-webhook")
    form.get_by_label("名称").fill(name)
    form.get_by_label("HTTPS 地址").fill(f"{cloud.receiver_url}/webhook/{name}")
    form.get_by_label("candidate.invited").check()
    form.get_by_role("button", name="订阅").click()
    panel = page.locator("#webhook-secret-panel")
    expect(panel).to_contain_text("仅显示这一次")
    secret = page.locator("#webhook-secret").inner_text()
    assert len(secret) >= 43
    screenshot(page, "integrations-secret-once")
    row = page.locator("#webhook-list tr", has_text=name)
    expect(row).to_contain_text("candidate.invited")

    page.reload()
    expect(page.locator("#webhook-list tr", has_text=name)).to_be_visible()
    assert secret not in page.content()

    row = page.locator("#webhook-list tr", has_text=name)
    row.get_by_role("button", name="发送测试事件").click()
    expect(page.locator("#webhooks")).to_contain_text("测试事件已送达。")
    row.get_by_role("button", name="投递记录").click()
    log = page.locator("#webhook-deliveries")
    expect(log).to_contain_text("webhook.test")
    expect(log.locator("tr[data-status=delivered]")).to_have_count(1)
    screenshot(page, "integrations-delivery-log")

    # A WeCom robot for Shanghai, beside the demo's DingTalk one.
    page.get_by_label("分支机构").select_option("shanghai")
    robots = page.locator("#robot-list")
    expect(robots).to_contain_text("access_token=••••")  # the demo's, masked
    add = page.locator("#new-robot")
    add.get_by_label("平台").select_option("wecom")
    add.get_by_label("名称").fill(f"企业微信 {name}")
    add.get_by_label("Webhook 地址").fill(f"{cloud.receiver_url}/wecom/{name}?key=e2e-key-{name}")
    add.get_by_role("button", name="添加机器人").click()
    added = page.locator("#robot-list tr", has_text=f"企业微信 {name}")
    expect(added).to_contain_text("key=••••")
    assert f"e2e-key-{name}" not in page.content()
    added.get_by_role("button", name="发送测试消息").click()
    expect(page.locator("#robots")).to_contain_text("群里已收到测试消息。")
    screenshot(page, "integrations-robots")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_branch_hr_reach_their_branchs_robots_but_not_the_webhooks(cloud, hr, desktop):
    page = desktop
    sign_in_zh(page, cloud, "shanghai.hr")
    nav = page.get_by_role("navigation", name="main")
    expect(nav.get_by_role("link", name="管理")).to_have_count(0)
    nav.get_by_role("link", name="群机器人").click()
    expect(page.locator("#robot-list")).to_contain_text("上海招聘群")
    expect(page.locator("#robot-branch option")).to_have_count(1)
    assert page.locator("#webhooks").count() == 0
    assert hr.get("/api/webhooks", "shanghai.hr").status == 403

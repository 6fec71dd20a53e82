"""Issue 15's "done when", walked in Chinese in a real browser on the local cloud: branch HR
drafts an offer above the position's band (so the general manager's level applies) and
submits it; the department manager and then the general manager approve in the HR app's
inbox; the candidate opens the link from the outbox on a phone, verifies the phone number,
reads the letter, draws a signature, consents and accepts; HR downloads the sealed letter
and sees the employee number. Screenshots in test-artifacts/."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import screenshot, sign_in_zh
from tests.integration.test_lifecycle_e2e import decide, finish_and_score, review
from tests.support.builders import english_candidate, invite, wait_for_status, wait_until

pytestmark = pytest.mark.browser

OFFER_LINK = re.compile(r"https?://\S+/offer/#[\w-]+")


def china_day(days: int) -> str:
    return (datetime.now(UTC) + timedelta(hours=8, days=days)).date().isoformat()


def at_offer_stage(hr, answer_videos) -> dict:
    """A candidate HR decided to offer the job (interviewed in English, as the fake
    microphone speaks it), then told to read Chinese from now on."""
    candidate = english_candidate(hr, "Wang Fang", reviewers=True)
    invite(hr, candidate)
    finish_and_score(hr, candidate, answer_videos)
    review(hr, candidate, "shanghai.interviewer", 85)
    assert decide(hr, candidate, "shanghai.manager", decision="offer").status == 202
    wait_for_status(hr, candidate["id"], "offer_pending", seconds=60)
    to_chinese = {"name": "王芳", "locale": "zh"}
    changed = hr.call("PATCH", f"/api/candidates/{candidate['id']}", "shanghai.hr", to_chinese)
    assert changed.status == 200, changed.text
    return changed.json


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_role("button", name="登录")).to_be_visible()


def approve_in_inbox(page: Page, cloud, username: str, name: str, shot: str) -> None:
    sign_in_zh(page, cloud, username)
    expect(page.locator("#approvals-count")).to_have_text(re.compile(r"^[1-9]\d*$"), timeout=60000)
    page.locator("#approvals-link").click()
    row = page.locator("#approvals-list tr", has_text=name)
    expect(row).to_contain_text("超出薪资范围")
    expect(row).to_contain_text("待您审批")
    row.get_by_role("link", name=name).click()
    expect(page.locator("#letter-preview")).to_contain_text("12,000 CNY")
    expect(page.locator("#letter-preview")).to_contain_text("市场同类岗位薪资较高")
    screenshot(page, shot)
    page.get_by_label("意见（退回时必填）").fill("同意")
    page.get_by_role("button", name="批准").click()
    expect(page.get_by_text("已批准。")).to_be_visible(timeout=30000)
    sign_out(page)


def test_an_offer_goes_from_draft_through_approval_to_a_signed_hire(
    cloud, hr, desktop, browser, answer_videos
):
    candidate = at_offer_stage(hr, answer_videos)
    cid = candidate["id"]
    page = desktop

    # Branch HR drafts the offer: the band is shown, the salary above it asks why.
    sign_in_zh(page, cloud, "shanghai.hr")
    page.goto(f"{cloud.url}/?lang=zh#/candidates/{cid}")
    form = page.locator("#offer-form")
    expect(form).to_be_visible(timeout=30000)
    expect(page.locator("#offer-band")).to_have_text("该岗位薪资范围：每月 6000–9000 CNY")
    form.get_by_label("部门").fill("客户服务部")
    form.get_by_label("月薪", exact=True).fill("12000")
    expect(form.get_by_label("薪资超出范围的原因")).to_be_visible()
    form.get_by_label("每年发薪月数").fill("13")
    form.get_by_label("入职日期").fill(china_day(30))
    form.get_by_label("答复截止日期").fill(china_day(7))
    form.get_by_label("工作地点").fill("上海市浦东新区")
    form.get_by_label("福利").fill("五险一金，年度体检")
    form.get_by_label("薪资超出范围的原因").fill("市场同类岗位薪资较高，候选人经验丰富")
    screenshot(page, "offer-1-draft-zh")
    form.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_text("已保存为第 1 版。")).to_be_visible(timeout=30000)
    page.get_by_role("button", name="提交审批").click()
    page.get_by_role("button", name="确认").click()
    expect(page.get_by_text("已提交：审批流程的第一级审批人将收到通知。")).to_be_visible(
        timeout=30000
    )
    expect(page.locator("#offer-status")).to_have_text("审批中")
    levels = page.locator("#offer-levels")
    expect(levels).to_contain_text("部门经理审批")
    expect(levels).to_contain_text("总经理审批")
    expect(levels).to_contain_text("薪资高于岗位范围")
    screenshot(page, "offer-2-in-approval-zh")
    # Not drafted yet is an empty offer, not a 404: no request failed.
    assert page.console_errors == []  # type: ignore[attr-defined]
    sign_out(page)

    # The department manager, then the general manager, approve in their inbox.
    approve_in_inbox(page, cloud, "shanghai.manager", "王芳", "offer-3-manager-inbox-zh")
    approve_in_inbox(page, cloud, "gm.approver", "王芳", "offer-4-gm-inbox-zh")
    wait_for_status(hr, cid, "offer_sent", seconds=90)

    # The candidate opens the link on a phone, verifies, reads, signs and accepts.
    def link() -> str | None:
        found = [OFFER_LINK.search(m["body"]) for m in hr.outbox(candidate["email"])]
        return next((f.group(0) for f in reversed(found) if f), None)

    offer_link = wait_until(link, seconds=60)
    phone = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    portal = phone.new_page()
    portal_errors: list[str] = []
    portal.on("pageerror", lambda e: portal_errors.append(str(e)))
    portal.goto(offer_link)
    expect(portal.get_by_role("heading", name=re.compile("您的录用通知"))).to_be_visible()
    portal.get_by_label("您的手机号码（应聘时填写的号码）").fill(candidate["phone"])
    portal.get_by_role("button", name="验证并查看录用通知").click()
    letter = portal.locator("#letter")
    expect(letter).to_be_visible(timeout=30000)
    expect(letter).to_contain_text("王芳")
    expect(portal.locator("#letter-terms")).to_contain_text("12,000")
    assert portal.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(portal, "offer-5-letter-phone-zh")
    portal.get_by_label("您的姓名（与录用通知上的一致）").fill("王芳")
    pad = portal.locator("#signature")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    assert box is not None
    portal.mouse.move(box["x"] + 30, box["y"] + 110)
    portal.mouse.down()
    for i in range(1, 25):
        portal.mouse.move(box["x"] + 30 + i * 12, box["y"] + 100 + (18 if i % 2 else -18))
    portal.mouse.up()
    portal.get_by_label("我同意以电子方式签署").check()
    screenshot(portal, "offer-6-signed-phone-zh")
    portal.get_by_role("button", name="接受并签署").click()
    expect(portal.get_by_role("heading", name="欢迎加入！")).to_be_visible(timeout=30000)
    screenshot(portal, "offer-7-accepted-phone-zh")
    assert portal_errors == []
    phone.close()

    # HR sees the signature record and the employee number, and downloads the sealed PDF.
    wait_for_status(hr, cid, "hired", seconds=120)
    sign_in_zh(page, cloud, "shanghai.hr")
    page.goto(f"{cloud.url}/?lang=zh#/candidates/{cid}")
    expect(page.locator("h1 .status")).to_have_text("已录用", timeout=30000)
    expect(page.locator("#employee-number")).to_contain_text("已录用：员工编号")
    expect(page.locator("#offer-status")).to_have_text("已接受")
    signature = page.locator("#offer-signature")
    expect(signature).to_contain_text("王芳")
    expect(signature).to_contain_text("手写签名")
    expect(page.locator("#offer-reads")).to_contain_text("已打开 1 次")
    with page.expect_download() as downloading:
        page.get_by_role("button", name="下载已签署的录用通知书（PDF）").click()
    sealed = downloading.value.path().read_bytes()
    assert sealed.startswith(b"%PDF") and b"/ByteRange" in sealed
    screenshot(page, "offer-8-hired-zh")
    page.goto(f"{cloud.url}/?lang=zh#/employees")
    expect(page.locator("#employees")).to_contain_text("王芳")
    assert page.console_errors == []  # type: ignore[attr-defined]

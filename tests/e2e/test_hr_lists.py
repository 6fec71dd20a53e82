"""A Chinese HR team's daily work in a real browser on the local cloud: bulk invite of
imported candidates with a result per row, the filtered list exported to .xlsx,
adding and editing a candidate by hand (with notes), and a hiring manager reviewing and
deciding on a 390 px phone without scrolling sideways. Screenshots in test-artifacts/."""

from __future__ import annotations

import io
import re
import uuid

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import _page, screenshot, sign_in_zh, silent_interview_in_review
from tests.support.builders import invite, new_candidate, wait_for_status, wait_until
from tests.workbooks import workbook

pytestmark = pytest.mark.browser


def run_tag() -> str:
    """Unique per run: the session's local cloud is shared with other tests."""
    return uuid.uuid4().hex[:6]


def phone_of(tag: str, i: int) -> str:
    return f"136{int(tag, 16) % 10**4:04d}{i:04d}"


def test_bulk_invite_of_twenty_imported_candidates_shows_each_result(cloud, hr, desktop):
    tag = run_tag()
    rows = [["姓名", "手机", "邮箱", "应聘岗位", "来源渠道"]]
    rows += [
        [
            f"批量{tag}{i:02d}",
            phone_of(tag, i),
            f"bulk.{tag}.{i}@example.com",
            "客户服务专员",
            "招聘网站",
        ]
        for i in range(20)
    ]
    imported = hr.import_workbook("shanghai.hr", workbook(rows))
    assert len(imported.json["created"]) == 20, imported

    page = desktop
    sign_in_zh(page, cloud, "shanghai.hr")
    # Ten a page: selecting the page offers every one of the 20 that match.
    page.goto(f"{cloud.url}/?lang=zh#/candidates?q=批量{tag}&size=10&sort=name")
    expect(page.locator("#candidate-count")).to_contain_text("共 20 位候选人")
    expect(page.locator("#candidate-table tbody tr")).to_have_count(10)
    expect(page.locator(".pager")).to_contain_text("第 1 / 2 页")
    page.locator("#select-page").check()
    expect(page.locator("#selected-count")).to_have_text("已选 10 人")
    page.locator("#select-all-matching").click()
    expect(page.locator("#selected-count")).to_have_text("已选 20 人")
    page.locator("#bulk-invite").click()
    page.get_by_role("button", name="确认").click()
    expect(page.locator("#bulk-progress")).to_be_visible()
    expect(page.locator("#bulk-summary")).to_have_text(
        "完成：成功 20 人，未完成 0 人。", timeout=120_000
    )
    expect(page.locator("#bulk-results tbody tr")).to_have_count(20)
    expect(page.locator("#bulk-results .result-ok")).to_have_count(20)
    expect(page.locator("#bulk-run")).not_to_contain_text("null")
    screenshot(page, "lists-1-bulk-invite")

    ids = [c["id"] for c in imported.json["created"]]
    for candidate_id in ids:
        wait_for_status(hr, candidate_id, "invited", seconds=60)
    # Running it again is harmless: each row says why nothing more happened.
    page.goto(f"{cloud.url}/?lang=zh#/candidates?q=批量{tag}&status=invited")
    expect(page.locator("#candidate-count")).to_contain_text("共 20 位候选人")
    page.locator("#select-page").check()
    page.locator("#bulk-invite").click()
    page.get_by_role("button", name="确认").click()
    expect(page.locator("#bulk-summary")).to_have_text(
        "完成：成功 0 人，未完成 20 人。", timeout=60_000
    )
    expect(page.locator("#bulk-results .result-failed")).to_have_count(20)
    expect(page.locator("#bulk-retry")).to_be_visible()
    invited_addresses = [
        to
        for m in hr.outbox()
        if m["channel"] == "email"
        for to in m["to"]
        if re.match(rf"bulk\.{tag}\.\d+@", to)
    ]
    assert len(invited_addresses) == len(set(invited_addresses)) == 20  # one each, none twice
    # The failed requests are the second run's refusals (409), each shown on its row.
    errors = page.console_errors  # type: ignore[attr-defined]
    assert [e for e in errors if "status of 409" not in e] == []
    assert len(errors) == 20


def test_the_filtered_list_exports_to_xlsx_in_chinese(cloud, hr, desktop, tmp_path):
    tag = run_tag()
    made = [
        new_candidate(
            hr,
            name=f"导出{tag}{n}",
            phone=phone_of(tag, i),
            email=f"export.{tag}.{i}@example.com",
            channel="referral",
        ).json
        for i, n in enumerate(["甲", "乙", "丙"])
    ]
    invite(hr, made[0])
    wait_for_status(hr, made[0]["id"], "invited", seconds=60)

    page = desktop
    sign_in_zh(page, cloud, "shanghai.hr")
    page.goto(f"{cloud.url}/?lang=zh#/candidates")
    page.get_by_label("搜索姓名、手机或邮箱").fill(f"导出{tag}")
    page.locator("#sort").select_option("name")
    page.get_by_role("button", name="筛选").click()
    expect(page.locator("#candidate-count")).to_contain_text("共 3 位候选人")
    with page.expect_download() as download:
        page.locator("#export").click()
    saved = tmp_path / "export.xlsx"
    download.value.save_as(saved)
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(saved.read_bytes())).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:6] == ("姓名", "手机", "邮箱", "分支机构", "应聘岗位", "状态")
    column = {name: i for i, name in enumerate(header)}
    body = rows[1:]
    assert [r[0] for r in body] == [f"导出{tag}丙", f"导出{tag}乙", f"导出{tag}甲"]
    status = {r[0]: r[column["状态"]] for r in body}
    assert status == {f"导出{tag}甲": "已邀请", f"导出{tag}乙": "已导入", f"导出{tag}丙": "已导入"}
    assert {r[column["分支机构"]] for r in body} == {"上海"}
    assert {r[column["应聘岗位"]] for r in body} == {"客户服务专员"}
    assert {r[column["来源渠道"]] for r in body} == {"内推"}
    assert {r[column["面试轮次"]] for r in body} == {0, 1}
    screenshot(page, "lists-2-export")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_hr_adds_and_edits_a_candidate_by_hand_and_leaves_a_note(cloud, hr, desktop):
    tag = run_tag()
    page = desktop
    sign_in_zh(page, cloud, "shanghai.hr")
    page.goto(f"{cloud.url}/?lang=zh#/candidates")
    page.locator("#add-candidate").click()
    expect(page.get_by_role("heading", name="添加候选人")).to_be_visible()
    form = page.locator("#candidate-form")
    form.get_by_label("姓名").fill(f"手工{tag}")
    form.get_by_label("手机").fill("12345")  # not a mobile number: the field says why
    form.get_by_label("邮箱").fill(f"hand.{tag}@example.com")
    form.get_by_label("来源渠道").select_option("referral")
    form.locator("#candidate-save").click()
    expect(page.locator("#candidate-phone-error")).not_to_be_empty()
    screenshot(page, "lists-3-add-candidate-error")
    form.get_by_label("手机").fill(phone_of(tag, 1))
    form.locator("#candidate-save").click()
    expect(page.get_by_text("候选人已添加。")).to_be_visible()
    expect(page.locator("h1")).to_contain_text(f"手工{tag}")
    expect(page.locator("#candidate-channel")).to_have_text("内推")

    page.locator("#edit-candidate").click()
    expect(page.get_by_role("heading", name=re.compile("编辑"))).to_be_visible()
    form.get_by_label("姓名").fill(f"手工{tag}改")
    form.get_by_label("来源渠道").select_option("campus")
    form.locator("#candidate-save").click()
    expect(page.get_by_text("候选人信息已保存。")).to_be_visible()
    expect(page.locator("h1")).to_contain_text(f"手工{tag}改")
    expect(page.locator("#candidate-channel")).to_have_text("校园招聘")

    page.get_by_label("备注内容").fill("电话沟通过，周三下午方便")
    page.locator("#add-note").click()
    expect(page.locator("#notes .note")).to_have_count(1)
    expect(page.locator("#notes .note")).to_contain_text("电话沟通过，周三下午方便")
    expect(page.locator("#notes .note-meta")).to_contain_text("Shanghai HR")
    screenshot(page, "lists-4-candidate-edited")

    stored = [
        c
        for c in hr.get("/api/candidates", "shanghai.hr", query={"q": f"hand.{tag}"}).json["items"]
    ]
    assert [(c["name"], c["channel"], c["source"]) for c in stored] == [
        (f"手工{tag}改", "campus", "manual")
    ]
    # The one failed request is the refused phone number (422), answered on the form.
    errors = page.console_errors  # type: ignore[attr-defined]
    assert [e for e in errors if "status of 422" not in e] == []


def _no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide on a 390 px phone"


def test_a_hiring_manager_reviews_and_decides_on_a_390_px_phone(
    cloud, hr, browser: Browser, tmp_path
):
    candidate = silent_interview_in_review(hr, f"Phone Review {run_tag()}", tmp_path)

    for page in _page(browser, {"width": 390, "height": 844}):
        sign_in_zh(page, cloud, "shanghai.manager")
        page.goto(f"{cloud.url}/?lang=zh#/candidates")
        row = page.locator(f"#candidate-table tr[data-id='{candidate['id']}']")
        expect(row).to_be_visible()
        _no_sideways_scroll(page)
        screenshot(page, "lists-5-phone-list")
        row.get_by_role("link").click()
        expect(page.locator("h1 .status")).to_have_text("评审中")
        # Every round side by side (the candidate page's one rounds view), with its video
        # interview: the three silent answers were recorded.
        round1 = page.locator("#rounds .round[data-round='1']")
        expect(round1.locator(".round-interview")).to_contain_text("已录制 3 / 3 个回答")
        _no_sideways_scroll(page)

        review = page.locator("#review form")
        review.scroll_into_view_if_needed()
        for field in review.locator("input[type=number]").all():
            field.fill("55")
        review.get_by_label("评语").fill("表达清楚，录像没有声音，按人工评分。")
        review.get_by_role("button", name="提交评分").click()
        expect(page.get_by_text("您的评分已保存。")).to_be_visible()
        _no_sideways_scroll(page)
        screenshot(page, "lists-6-phone-review")

        decision = page.locator("#decision")
        decision.scroll_into_view_if_needed()
        decision.get_by_role("button", name="不录用").click()
        page.get_by_role("button", name="确认").click()
        expect(page.get_by_text("决定已发送。")).to_be_visible(timeout=60_000)
        wait_until(lambda: hr.candidate(candidate["id"])["status"] == "rejected", seconds=60)
        _no_sideways_scroll(page)
        screenshot(page, "lists-7-phone-decided")
        assert page.console_errors == []  # type: ignore[attr-defined]

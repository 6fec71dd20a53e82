"""HQ's "Offer letters" administration tab in Chinese, in a real browser on the local
cloud: the HQ admin writes the Shanghai branch's Chinese letter words with a placeholder
(inserted from the list) and the API then gives them to the branch's HR; an unknown
placeholder is refused under the field that uses it; a GIF logo is refused and a PNG
(made with Pillow) is previewed and uploaded. Screenshots in test-artifacts/."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, sign_in_zh
from tests.support.letters import demo_logo

pytestmark = pytest.mark.browser

TEMPLATE = "/api/branches/shanghai/offer-template/zh"


def gif() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (29, 78, 216)).save(buffer, format="GIF")
    return buffer.getvalue()


def test_hq_writes_shanghais_chinese_letter_words_and_uploads_its_logo(cloud, hr, desktop):
    page = desktop
    sign_in_zh(page, cloud, "hq.admin")
    page.get_by_role("navigation", name="main").get_by_role("link", name="管理").click()
    page.get_by_role("link", name="录用通知书").click()
    expect(page.get_by_role("heading", name="管理 · 录用通知书")).to_be_visible()
    choice = page.locator("#letter-choice")
    choice.get_by_label("分支机构").select_option(label="上海")
    choice.get_by_label("语言").select_option("zh")
    form = page.locator("#letter-template-form")
    expect(form.get_by_role("heading", level=2)).to_have_text("上海 · 中文")
    for name in ("{candidate_name}", "{probation_months}", "{deadline}"):
        expect(page.locator("#letter-placeholders")).to_contain_text(name)

    # The title gets a placeholder from the list, at the cursor.
    title = form.get_by_label("标题")
    title.fill("上海分公司")
    title.press("End")
    form.get_by_role("button", name="插入 {position}").click()
    title.press("End")
    title.press_sequentially("录用通知书")
    expect(title).to_have_value("上海分公司{position}录用通知书")
    body = "{candidate_name} 您好：\n\n欢迎加入{branch}{department}。\n\n请于 {deadline} 前签署。"
    form.get_by_label("正文").fill(body)
    form.get_by_label("结束语").fill("此致\n敬礼！")
    screenshot(page, "offer-letters-1-words-zh")
    form.get_by_role("button", name="保存文案").click()
    expect(page.get_by_text("已保存上海的中文录用通知书文案。")).to_be_visible(timeout=30000)
    expect(page.locator("#letter-source")).to_contain_text("该分支机构自己的文案，最近由 hq.admin")
    words = hr.get(TEMPLATE, "shanghai.hr").json
    assert words["own"] is True
    assert words["template"]["title"] == "上海分公司{position}录用通知书"
    assert words["template"]["body"] == body

    # An unknown placeholder: refused under the field that uses it, nothing saved.
    form.get_by_label("结束语").fill("此致 {salary}")
    form.get_by_role("button", name="保存文案").click()
    expect(page.locator("#letter-closing-error")).to_contain_text(
        "未知的占位符 {salary}；可用的占位符：", timeout=30000
    )
    expect(page.locator("#letter-body-error")).to_be_empty()
    screenshot(page, "offer-letters-2-unknown-placeholder-zh")
    assert hr.get(TEMPLATE, "shanghai.hr").json["template"]["closing"] == "此致\n敬礼！"

    # The logo: a GIF is refused; the PNG is previewed, then uploaded.
    logo = page.locator("#letter-logo")
    expect(logo.get_by_role("heading")).to_have_text("上海的标志")
    chooser = logo.get_by_label("标志文件（PNG 或 JPEG）")
    chooser.set_input_files(files=[{"name": "logo.gif", "mimeType": "image/gif", "buffer": gif()}])
    logo.get_by_role("button", name="上传标志").click()
    expect(logo.get_by_role("alert")).to_contain_text("请上传 PNG 或 JPEG 图片。", timeout=30000)
    png = demo_logo()
    chooser.set_input_files(files=[{"name": "logo.png", "mimeType": "image/png", "buffer": png}])
    preview = logo.get_by_role("img", name="所选标志的预览")
    expect(preview).to_be_visible()
    assert preview.evaluate("img => img.complete && img.naturalWidth") == 240
    logo.get_by_role("button", name="上传标志").click()
    expect(logo.get_by_text("上海的标志已上传。")).to_be_visible(timeout=30000)
    screenshot(page, "offer-letters-3-logo-zh")

    # The only failed requests are the two the test made the API refuse.
    refused = ("status of 422", "status of 415")
    errors = page.console_errors  # type: ignore[attr-defined]
    assert [e for e in errors if not any(r in e for r in refused)] == []

"""HQ's administration screens in Chinese, in a real browser on the local cloud: each
screen saves a change that the API then shows (positions and their competency models,
notification texts with their preview, users and branches, the audit log's filters); a
branch HR user is not offered them and cannot reach them by URL; and the review file
downloads as a Chinese PDF. Screenshots in test-artifacts/."""

from __future__ import annotations

import io
import re
import time

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.e2e.conftest import screenshot, sign_in_zh
from tests.integration.test_scoring_e2e import interview_to_report
from tests.support.builders import wait_for_status

pytestmark = pytest.mark.browser


def no_console_errors(page: Page, refused: int | None = None) -> None:
    """Nothing went wrong in the page; ``refused``: the status of a request the test made
    the API refuse on purpose (chromium logs the failed response)."""
    errors = page.console_errors  # type: ignore[attr-defined]
    expected = f"status of {refused}" if refused else None
    assert [e for e in errors if not (expected and expected in e)] == []


def unique(prefix: str) -> str:
    return f"{prefix}{int(time.time() * 1000) % 10_000_000}"


def test_hq_edits_a_positions_competency_model_in_chinese(cloud, hr, desktop):
    position_id = unique("admin-e2e-")
    created = hr.post(
        "/api/positions",
        "hq.admin",
        {
            "id": position_id,
            "branch_id": "shenzhen",
            "title": "Store assistant",
            "title_zh": "店员",
            "competency_model": {
                "dimensions": [
                    {"key": "communication", "name": "Communication", "weight": 0.5},
                    {"key": "teamwork", "name": "Teamwork", "weight": 0.5},
                ]
            },
        },
    )
    assert created.status == 201, created
    page = desktop
    sign_in_zh(page, cloud, "hq.admin")
    page.get_by_role("navigation", name="main").get_by_role("link", name="管理").click()
    expect(page.get_by_role("heading", name="管理 · 岗位")).to_be_visible()
    page.get_by_role("link", name="店员", exact=True).click()
    editor = page.locator("#position-editor")
    editor.get_by_label("AI 在综合分中的权重（%）").fill("30")
    rows = editor.locator("tr.dimension")
    rows.nth(0).get_by_label("名称（中文）").fill("沟通表达")
    # Weights that do not add up are refused with the API's reason.
    rows.nth(1).get_by_label("权重（%）").fill("40")
    editor.get_by_role("button", name="保存").click()
    expect(editor.locator(".field-errors")).to_contain_text("权重之和必须为 1")
    editor.get_by_role("button", name="添加维度").click()
    added = rows.nth(2)
    added.get_by_label("键").fill("customer_focus")
    added.get_by_label("名称（英文）").fill("Customer focus")
    added.get_by_label("名称（中文）").fill("客户导向")
    added.get_by_label("权重（%）").fill("10")
    expect(editor.locator("#weight-total")).to_have_text("合计 100%（须为 100%）")
    editor.get_by_role("button", name="保存").click()
    expect(editor.get_by_role("status")).to_have_text("已保存。")
    screenshot(page, "admin-1-position-saved")
    saved = hr.get(f"/api/positions/{position_id}", "hq.admin").json
    assert saved["score_weights"] == {"ai": 0.3, "human": 0.7}
    dimensions = {d["key"]: d for d in saved["competency_model"]["dimensions"]}
    assert dimensions["communication"]["name_zh"] == "沟通表达"
    assert dimensions["customer_focus"]["weight"] == pytest.approx(0.1)
    no_console_errors(page, refused=422)


def test_hq_previews_and_saves_a_notification_text_in_both_languages(cloud, hr, desktop):
    text_id = "review_reminder-email-zh"
    original = hr.get(f"/api/notification-templates/{text_id}", "hq.hr").json
    page = desktop
    sign_in_zh(page, cloud, "hq.hr")
    page.goto(f"{cloud.url}/?lang=zh#/admin/notifications")
    page.get_by_role("row", name="评审提醒 邮件 中文").get_by_role("link").click()
    editor = page.locator("#notification-editor")
    preview = editor.locator("#notification-preview")
    expect(preview.locator("[data-locale=en]")).to_contain_text("Wei Zhang")
    body = "{candidate_name}（{position}）的面试报告正在等待您的评分，请尽快处理：{candidate_link}"
    editor.get_by_label("正文").fill(body)
    editor.get_by_role("button", name="预览").click()
    expect(preview.locator("[data-locale=zh]")).to_contain_text(
        "张伟（客户服务专员）的面试报告正在等待您的评分"
    )
    expect(preview.locator("[data-locale=zh] h3")).to_have_text("中文 · 未保存的草稿")
    # An unknown placeholder: the preview names it, in the reader's language.
    editor.get_by_label("正文").fill("{candidate_name} {salary}")
    editor.get_by_role("button", name="预览").click()
    expect(preview).to_contain_text("{salary}")
    editor.get_by_label("正文").fill(body)
    editor.get_by_role("button", name="保存").click()
    expect(editor.get_by_role("status").first).to_have_text("已保存。")
    screenshot(page, "admin-2-notification-saved")
    try:
        assert hr.get(f"/api/notification-templates/{text_id}", "hq.hr").json["body"] == body
    finally:  # other tests read the reminder: put the text back
        current = hr.get(f"/api/notification-templates/{text_id}", "hq.hr").json
        hr.put(
            f"/api/notification-templates/{text_id}",
            "hq.hr",
            {
                "subject": original["subject"],
                "body": original["body"],
                "revision": current["revision"],
            },
        )
    no_console_errors(page, refused=422)


def test_hq_admin_creates_changes_and_disables_a_user_and_renames_a_branch(cloud, hr, desktop):
    username = unique("e2e.user")
    page = desktop
    sign_in_zh(page, cloud, "hq.admin")
    page.goto(f"{cloud.url}/?lang=zh#/admin/users")
    form = page.locator("#new-user")
    form.get_by_label("用户名").fill(username)
    form.get_by_label("显示名称").fill("测试面试官")
    form.get_by_label("邮箱").fill(f"{username}@example.com")
    form.get_by_label("角色").select_option("interviewer")
    form.get_by_label("分支机构").select_option("shenzhen")
    form.get_by_role("button", name="创建用户").click()
    expect(form.get_by_role("status")).to_contain_text(f"已创建 {username}")
    row = page.locator(f"tr[data-username='{username}']")
    expect(row).to_be_visible()
    row.get_by_label("角色").select_option("hiring_manager")
    row.get_by_label("可登录").uncheck()
    row.get_by_role("button", name="保存").click()
    expect(row.get_by_role("status")).to_have_text("已保存。")
    users = {u["username"]: u for u in hr.get("/api/users", "hq.admin").json}
    assert users[username]["role"] == "hiring_manager" and users[username]["enabled"] is False
    branch = page.locator("#branches tr[data-branch=shenzhen]")
    branch.get_by_label("名称（中文） shenzhen").fill("深圳分公司")
    branch.get_by_role("button", name="保存").click()
    expect(page.locator("#branches").get_by_role("status")).to_have_text("已保存。")
    screenshot(page, "admin-3-users-saved")
    assert hr.get("/api/branches/shenzhen", "hq.admin").json["name_zh"] == "深圳分公司"
    current = hr.get("/api/branches/shenzhen", "hq.admin").json
    hr.patch(
        "/api/branches/shenzhen", "hq.admin", {"name_zh": "深圳", "revision": current["revision"]}
    )
    no_console_errors(page)


def test_hq_filters_the_audit_log_by_person_action_and_date(cloud, hr, desktop):
    candidate = hr.post(
        "/api/candidates",
        "shanghai.hr",
        {
            "name": "审计测试",
            "phone": "139 0013 9876",
            "email": f"{unique('audit')}@example.com",
            "branch_id": "shanghai",
            "position_id": "shanghai-customer-service",
        },
    ).json
    hr.patch(f"/api/candidates/{candidate['id']}", "shanghai.hr", {"name": "审计测试二"})
    page = desktop
    sign_in_zh(page, cloud, "hq.hr")
    page.goto(f"{cloud.url}/?lang=zh#/admin/audit")
    table = page.locator("#audit")
    # The unfiltered trail first (this month's entries), then the filters.
    expect(table.locator("tbody tr").first).to_be_visible()
    page.get_by_label("操作人").select_option("shanghai.hr")
    page.get_by_label("操作", exact=True).select_option("candidate.update")
    page.get_by_role("button", name="筛选").click()
    expect(page).to_have_url(re.compile(r"actor=shanghai.hr.*action=candidate.update"))
    expect(table.locator("tbody tr").first).to_contain_text("编辑候选人")
    rows = table.locator("tbody tr")
    expect(rows.filter(has_not_text="shanghai.hr")).to_have_count(0)
    expect(table.locator("tbody tr:not([data-action='candidate.update'])")).to_have_count(0)
    page.get_by_label("候选人 ID").fill(candidate["id"])
    page.get_by_role("button", name="筛选").click()
    expect(page).to_have_url(re.compile(r"candidate_id=" + candidate["id"]))
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text("审计测试二")
    screenshot(page, "admin-4-audit-filtered")
    page.get_by_label("开始日期").fill("2020-01-01")
    page.get_by_label("结束日期").fill("2020-01-31")
    page.get_by_role("button", name="筛选").click()
    expect(page).to_have_url(re.compile(r"date_from=2020-01-01.*date_to=2020-01-31"))
    expect(page.locator("#audit-results")).to_contain_text("没有符合条件的记录。")
    no_console_errors(page)


def test_branch_hr_is_not_offered_administration_and_cannot_reach_it(cloud, hr, desktop):
    page = desktop
    sign_in_zh(page, cloud, "shanghai.hr")
    expect(
        page.get_by_role("navigation", name="main").get_by_role("link", name="管理")
    ).to_have_count(0)
    page.goto(f"{cloud.url}/?lang=zh#/admin/users")
    expect(page.locator("#admin-users")).to_contain_text("仅总部可管理组织设置。")
    assert page.locator("#users").count() == 0
    # The server refuses whatever the page does.
    user_id = hr.user_id("shanghai.manager")
    assert hr.patch(f"/api/users/{user_id}", "shanghai.hr", {"enabled": False}).status == 403
    preview = "/api/notification-templates/invitation-sms-zh/preview"
    assert hr.post(preview, "shanghai.hr", {}).status == 403
    assert hr.get("/api/audit/search", "shanghai.hr", query={"branch_id": "shenzhen"}).status == 403
    no_console_errors(page)


def test_the_review_file_downloads_as_a_chinese_pdf(cloud, hr, desktop, answer_videos):
    candidate = interview_to_report(hr, "Paper Candidate", answer_videos)
    wait_for_status(hr, candidate["id"], "in_review", seconds=120)
    scores = {"communication": 85, "problem_solving": 70, "teamwork": 75}
    reviewed = hr.post(
        f"/api/candidates/{candidate['id']}/reviews",
        "shanghai.manager",
        {"scores": scores, "comment": "沟通清晰，建议进入复试。"},
    )
    assert reviewed.status == 201, reviewed
    page = desktop
    sign_in_zh(page, cloud, "shanghai.hr")
    page.goto(f"{cloud.url}/?lang=zh#/candidates/{candidate['id']}")
    with page.expect_download() as download:
        page.get_by_role("button", name="下载评审材料（PDF）").click()
    path = download.value.path()
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    text = "".join("".join(p.extract_text().replace("\x00", "").split()) for p in reader.pages)
    for expected in (
        "候选人评审材料",
        "PaperCandidate",
        "客户服务专员",
        "第1轮",
        "AI总分",
        "人工评审",
        "沟通清晰，建议进入复试。",
        "shanghai.manager",
        "综合",
    ):
        assert expected in text, expected
    fonts = {
        str(font.get_object()["/BaseFont"])
        for p in reader.pages
        for font in p["/Resources"]["/Font"].get_object().values()
    }
    assert fonts and all("+NotoSansSC" in f for f in fonts), fonts  # embedded, subset
    assert len(data) < 150_000, len(data)
    expect(page.get_by_text("PDF 已下载。")).to_be_visible()
    screenshot(page, "admin-5-review-file")
    no_console_errors(page)

"""The new hire's portal in a real browser on the local cloud, in Chinese on a phone: the
link from the welcome, the phone check, the notice, a PNG renamed to .pdf refused with
the reason, a real PDF uploaded with its progress and waiting for HR; then HR's document
section (the module the employee page mounts) approves it. Screenshots in
test-artifacts/."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from hireflow.bootstrap import services
from tests.e2e.conftest import screenshot, sign_in_zh
from tests.support.builders import wait_until
from tests.support.new_hires import TEMPLATE, hired, links_sent, pdf, png

pytestmark = pytest.mark.browser

PHONE = "13600136888"


def test_a_new_hire_uploads_an_id_copy_and_hr_approves_it(
    hr, page: Page, desktop: Page, tmp_path: Path
) -> None:
    employee, plan = hired("李娜", PHONE)
    assert services().new_hire_portal.welcome(employee, plan, TEMPLATE)
    token = wait_until(lambda: links_sent(hr.outbox(employee.email), employee.email))[-1]

    page.goto(f"{hr.cloud.url}/onboarding/#{token}")
    expect(page.get_by_role("heading", name="hireflow · 您的入职")).to_be_visible()
    page.get_by_label("您的手机号码（您提供给 HR 的号码）").fill("136 0013 6888")
    page.get_by_role("button", name="验证并打开").click()
    expect(page.locator("#what-to-bring")).to_contain_text("身份证")
    expect(page.locator("#hq-message")).to_have_text("欢迎加入！请于 9:00 到前台报到。")
    expect(page.locator("#work-location")).to_have_text(employee.work_location)
    task = page.locator("#task-id-card")
    expect(task).to_contain_text("身份证复印件")
    expect(task.locator(".badge")).to_have_text("待完成")
    expect(page.locator("#task-laptop")).to_have_count(0)  # IT's task, not the new hire's

    # A picture renamed to .pdf: uploaded, then refused by the checks, with the reason.
    renamed = tmp_path / "身份证.pdf"
    renamed.write_bytes(png())
    task.locator("input[type=file]").set_input_files(str(renamed))
    expect(task.locator(".reason")).to_contain_text(
        "文件不是 PDF 格式（实际为 PNG）", timeout=30000
    )
    screenshot(page, "new-hire-refused")

    real = tmp_path / "id.pdf"
    real.write_bytes(pdf())
    page.locator("#task-id-card input[type=file]").set_input_files(str(real))
    task = page.locator("#task-id-card")
    expect(task.locator(".badge")).to_have_text("HR 审核中", timeout=30000)
    expect(task).to_contain_text("已上传，等待 HR 审核。")
    screenshot(page, "new-hire-submitted")
    assert page.console_errors == []  # type: ignore[attr-defined]

    # HR's section, as the employee page mounts it.
    sign_in_zh(desktop, hr.cloud, "shanghai.hr")
    desktop.evaluate(
        """async (id) => {
          const { documentsSection } = await import("/hr/views/employee-documents.js");
          const { api } = await import("/shared/auth.js");
          const me = await api("/me");
          document.querySelector("main").replaceChildren(await documentsSection({ id }, me));
        }""",
        employee.id,
    )
    row = desktop.locator("#employee-documents tr[data-status=received]")
    expect(row).to_contain_text("身份证复印件")
    expect(desktop.locator("#employee-documents tr[data-status=refused]")).to_contain_text(
        "未通过文件检查"
    )
    row.get_by_role("button", name="通过").click()
    expect(desktop.locator("#employee-documents")).to_contain_text("已通过，该入职任务已完成。")
    expect(desktop.locator("#employee-documents tr[data-status=approved]")).to_have_count(1)
    screenshot(desktop, "hr-documents-approved")
    page.reload()
    expect(page.locator("#task-id-card .badge")).to_have_text("已完成")

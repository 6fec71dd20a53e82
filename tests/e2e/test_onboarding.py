"""Issue 16's "done when", the staff's part, walked in Chinese in a real browser on the local
cloud: IT completes the computer in "my tasks" (overdue first), the manager names the
mentor and confirms probation on the employee page, and the demo's webhook subscriber
(the local receiver) gets every step, signed. The new hire's portal and the mentor's
course have their own walks (test_new_hire_portal.py, test_training.py); the hire itself
is the offer's. Screenshots in test-artifacts/."""

from __future__ import annotations

import pytest
import requests
from playwright.sync_api import Page, expect

from tests.e2e.conftest import screenshot, sign_in_zh
from tests.support.builders import hired, wait_until

pytestmark = pytest.mark.browser


def received_about(cloud, employee_id: str) -> list[dict]:
    reply = requests.get(f"{cloud.receiver_url}?kind=webhook", timeout=10)
    return [
        r
        for r in reply.json()["received"]
        if r["name"] == "demo"
        and (r["body"] or {}).get("detail", {}).get("employee_id") == employee_id
    ]


def test_it_the_manager_and_the_subscriber_onboard_a_new_hire(hr, cloud, desktop: Page):
    page = desktop
    employee = hired(hr, name="陈静", start_in_days=1, probation_months=1)

    # IT: the computer was due two days before the start - overdue, at the top.
    sign_in_zh(page, cloud, "shanghai.it")
    page.get_by_role("link", name="我的任务").click()
    row = page.locator(f'#my-tasks tr[data-employee="{employee.id}"][data-task="computer"]')
    expect(row).to_contain_text("准备电脑")
    expect(row).to_contain_text("已逾期")
    screenshot(page, "onboarding-it-tasks-zh")
    row.get_by_role("button", name="完成").click()
    page.get_by_label("备注（选填）").fill("ThinkPad T14，资产编号 SH-0231")
    page.get_by_role("button", name="确认").click()
    expect(page.locator("main")).to_contain_text("任务已完成。")
    expect(row).to_have_count(0)
    assert not page.console_errors  # type: ignore[attr-defined]
    page.get_by_role("button", name="退出").click()

    # The manager: the plan, the mentor, the probation review.
    sign_in_zh(page, cloud, "shanghai.manager")
    page.goto(f"{cloud.url}/?lang=zh#/employees/{employee.id}")
    expect(page.locator("#plan")).to_contain_text("已完成 1 / 9")
    expect(page.locator('#plan-tasks tr[data-task="computer"]')).to_contain_text("SH-0231")
    page.locator("#mentor-choice").select_option(hr.user_id("shanghai.interviewer"))
    page.locator("#mentor-save").click()
    expect(page.locator("#mentor")).to_contain_text("Shanghai Interviewer")
    page.locator("#probation-outcome-confirmed").check()
    for dimension, score in (
        ("communication", "82"),
        ("problem_solving", "78"),
        ("teamwork", "90"),
    ):
        page.locator(f"#probation-score-{dimension}").fill(score)
    page.locator("#probation-comment").fill("客户满意度高，业务熟练，同意转正。")
    page.locator("#probation-save").click()
    page.get_by_role("dialog").get_by_role("button", name="确认").click()
    expect(page.locator("#probation-decided")).to_contain_text("转正", timeout=15000)
    screenshot(page, "onboarding-employee-page-zh")
    assert not page.console_errors  # type: ignore[attr-defined]

    # Every step reached the subscriber, signed with its secret.
    wanted = {
        "onboarding.started",
        "onboarding.task_completed",
        "onboarding.mentor_assigned",
        "probation.decided",
    }
    got = wait_until(
        lambda: (
            (found := received_about(cloud, employee.id))
            and wanted <= {r["body"]["detail-type"] for r in found}
            and found
        ),
        seconds=60,
    )
    assert all(r["verified"] is True for r in got)
    decided = next(r for r in got if r["body"]["detail-type"] == "probation.decided")
    assert decided["body"]["detail"]["outcome"] == "confirmed"
    assert "陈静" not in str(got)  # events carry ids, never names

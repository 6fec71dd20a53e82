"""Issue 16's training "done when", in Chinese in a real browser on the local cloud: HQ
maps the communication dimension to a course in Administration · Training; a new hire
whose interview scored communication below the line gets the course on the plan; the
mentor opens "my mentees", reads WHY (the score against the line and what the interview
showed) and records the exam. Screenshots in test-artifacts/.

The employee is stored in the local cloud directly (the hire itself is the offer's test);
the plan is made by ``OnboardingService.start``, as ``employee.created`` makes it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import screenshot, sign_in_zh
from tests.support.training import hired, onboarding_plan, store_report
from tests.unit.test_training_plan import weak_communication

pytestmark = pytest.mark.browser


def china_yesterday() -> str:
    return (datetime.now(UTC) + timedelta(hours=8, days=-1)).date().isoformat()


def test_the_mentor_sees_why_a_course_was_added_and_records_its_exam(hr, cloud, desktop: Page):
    page = desktop
    course = {
        "id": "CS-101",
        "title": "Handling complaints",
        "title_zh": "投诉处理",
        "provider": "总部培训中心",
        "hours": 4,
        "exam_passing_score": 80,
    }
    assert hr.post("/api/training/courses", "hq.admin", course).status in (201, 409)

    # HQ maps the dimension to the course in Administration · Training.
    sign_in_zh(page, cloud, "hq.admin")
    page.goto(f"{cloud.url}/?lang=zh#/admin/training")
    expect(page.locator("#training-courses")).to_contain_text("投诉处理")
    page.locator("#map-dimension").select_option("communication")
    page.locator("#map-position").select_option("*")
    page.locator("#map-courses").select_option("CS-101")
    page.get_by_role("button", name="设置").click()
    expect(page.locator("#admin-training p.ok")).to_contain_text("对应关系已保存")
    expect(page.locator("#dimension-map")).to_contain_text("沟通")
    screenshot(page, "training-admin-zh")
    assert not page.console_errors  # type: ignore[attr-defined]
    page.get_by_role("button", name="退出").click()

    # A new hire weak in communication, mentored by Shanghai's interviewer.
    employee = hired({"communication": 48.0, "problem_solving": 75.0, "teamwork": 70.0})
    store_report(weak_communication(employee))
    onboarding_plan(hr, employee, mentor="shanghai.interviewer")

    sign_in_zh(page, cloud, "shanghai.interviewer")
    page.get_by_role("link", name="我带的新员工").click()
    mentee = page.locator(f'[data-employee="{employee.id}"]')
    course_card = mentee.locator('[data-course="CS-101"]')
    expect(course_card.locator(".why.dimension")).to_contain_text(
        "加入原因：面试中“沟通”得分 48，低于达标线 60"
    )
    expect(course_card.locator(".evidence")).to_contain_text("未涉及道歉、跟进")
    expect(course_card.locator(".evidence")).to_contain_text("我会先给他退款")
    screenshot(page, "training-mentee-why-zh")

    course_card.get_by_label("完成日期").fill(china_yesterday())
    course_card.get_by_label("考试成绩").fill("86")
    course_card.get_by_role("button", name="录入结果").click()
    expect(mentee.locator('p[role="status"]')).to_contain_text("结果已录入")
    expect(course_card).to_contain_text("考试 86 分：通过（80 分及格）")
    expect(course_card.locator(".status")).to_have_text("已完成")
    screenshot(page, "training-mentee-recorded-zh")

    # The employee page's section (the lead mounts it): the same course, the same why.
    shown = page.evaluate(
        """async (id) => {
          const { trainingSection } = await import("/hr/views/employee-training.js");
          const node = await trainingSection({ id }, null, null);
          document.querySelector("main").append(node);
          return { text: node.textContent, forms: node.querySelectorAll("form").length };
        }""",
        employee.id,
    )
    assert "加入原因：面试中“沟通”得分 48，低于达标线 60" in shown["text"]
    assert "考试 86 分：通过" in shown["text"] and shown["forms"] == 0  # done: nothing to record
    assert not page.console_errors  # type: ignore[attr-defined]


def test_hr_import_a_learning_systems_export_and_read_each_rows_fate(
    hr, cloud, desktop: Page, tmp_path
):
    page = desktop
    course = {"id": "TEAM-1", "title": "Working in a team", "title_zh": "团队协作"}
    created = hr.post("/api/training/courses", "hq.admin", {**course, "provider": "HQ", "hours": 2})
    assert created.status in (201, 409)
    plan = {"courses": [{"course_id": "TEAM-1", "due_offset_days": 5}]}
    put = hr.put("/api/training/position-plans/shanghai-customer-service", "hq.admin", plan)
    assert put.status == 200
    employee = hired({"communication": 80.0})
    onboarding_plan(hr, employee)
    export = tmp_path / "lms-export.csv"
    rows = [
        "工号,课程名称,完成日期,成绩",
        f"{employee.number},团队协作,{china_yesterday()},",
        "E000,团队协作,2026-01-05,90",
    ]
    export.write_bytes(("\r\n".join(rows) + "\r\n").encode("gb18030"))

    sign_in_zh(page, cloud, "shanghai.hr")
    page.get_by_role("link", name="导入培训结果").click()
    page.get_by_label("导出文件（.csv 或 .xlsx）").set_input_files(str(export))
    page.get_by_role("button", name="导入").click()
    expect(page.locator(".import-result .summary")).to_have_text(
        "已录入 1 行，0 行此前已导入，1 行未导入。"
    )
    expect(page.locator(".import-result")).to_contain_text("您的分支机构中没有员工 E000。")
    screenshot(page, "training-import-zh")
    assert not page.console_errors  # type: ignore[attr-defined]

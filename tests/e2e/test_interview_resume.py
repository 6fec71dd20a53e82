"""A reload in the middle of an answer, in Chinese, in a real browser on the local cloud:
the candidate is told the answer was interrupted, answers the same question again (once,
though the question allows no retake) and finishes the interview; HR sees the interruption
on the candidate's interview view."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import give_consents, screenshot
from tests.e2e.test_hr_app import sign_in
from tests.support.builders import invitation_link, invite, new_candidate, wait_until

pytestmark = pytest.mark.browser

PHONE = "13600136987"


def answer(page, number: int, seconds: float = 2.5) -> None:
    page.wait_for_selector(f"text=第 {number} 题，共 3 题")
    page.click("text=现在开始回答")
    page.wait_for_selector("text=正在录制您的回答")
    page.wait_for_timeout(seconds * 1000)
    page.click("text=结束回答")


def test_a_reload_mid_answer_resumes_the_same_question_honestly(cloud, hr, page, desktop):
    created = new_candidate(
        hr, name="韩梅梅", phone=PHONE, email="han.meimei.resume@example.com", locale="zh"
    )
    assert created.status == 201, created.text
    candidate = created.json
    invite(hr, candidate)
    link = invitation_link(hr, candidate["email"])

    page.goto(link)
    page.fill("#phone", "136 0013 6987")
    page.click("text=验证并继续")
    give_consents(page, zh=True)
    page.click("text=开始面试")
    answer(page, 1)
    page.click("text=使用这个回答")

    # Question 2 allows no retake. The page reloads while the answer is being recorded.
    page.wait_for_selector("text=第 2 题，共 3 题")
    page.click("text=现在开始回答")
    page.wait_for_selector("text=正在录制您的回答")
    page.wait_for_timeout(1500)
    page.reload()
    page.click("text=开始面试")  # the session survived the reload: no second verification

    # Told, in Chinese, what happened, that HR sees it, and that one retake is offered.
    notice = page.locator("section.interrupted")
    expect(notice.locator("h1")).to_have_text("第 2 题的回答被中断了")
    expect(notice).to_contain_text("作答时页面被刷新或关闭，这次回答没有保存")
    expect(notice).to_contain_text("HR 可以看到")
    expect(notice).to_contain_text("您可以重新回答这道题一次")
    expect(notice).to_contain_text("一位顾客来电")  # the same question, not the next one
    screenshot(page, "portal-resume-1-interrupted-zh")

    # Reloading the notice itself changes nothing: still one interruption, same offer.
    page.reload()
    page.click("text=开始面试")
    expect(page.locator("section.interrupted h1")).to_have_text("第 2 题的回答被中断了")
    page.get_by_role("button", name="重新回答这道题").click()
    answer(page, 2)
    expect(page.get_by_text("使用这个回答")).to_be_visible()
    expect(page.get_by_text("重新录制")).to_have_count(0)  # the one extra attempt is used
    page.click("text=使用这个回答")
    answer(page, 3)
    page.click("text=使用这个回答")
    page.wait_for_selector("text=谢谢！", timeout=30000)
    screenshot(page, "portal-resume-2-done-zh")
    assert page.console_errors == []  # type: ignore[attr-defined]

    # The interview is complete with all three answers; question 2 was taken twice, its
    # first attempt recorded as interrupted by a reload, its retake uploaded.
    def state():
        shown = hr.get(f"/api/candidates/{candidate['id']}/interview", "shanghai.hr").json
        return shown if all(a["uploaded_at"] for a in shown["answers"]) else None

    shown = wait_until(state, seconds=30)
    assert shown["completed_at"]
    second = shown["answers"][1]
    assert second["question_id"] == "damaged-order" and second["attempts"] == 2
    assert [(i["attempt"], i["cause"]) for i in second["interruptions"]] == [(1, "reload")]
    assert "/damaged-order/2-" in second["media_key"]
    assert [len(a["interruptions"]) for a in shown["answers"]] == [0, 1, 0]

    # HR sees the interruption on the candidate's interview view, in Chinese.
    sign_in(desktop, cloud, "shanghai.hr")
    desktop.goto(f"{cloud.url}/?lang=zh#/candidates/{candidate['id']}")
    interrupted = desktop.locator("#interview .interruptions li")
    expect(interrupted).to_have_count(1)
    expect(interrupted).to_contain_text("第 1 次尝试于")
    expect(interrupted).to_contain_text("中断（作答时页面被刷新或关闭）")
    screenshot(desktop, "hr-interview-interruption-zh")
    assert desktop.console_errors == []  # type: ignore[attr-defined]


def test_an_upload_that_cannot_get_through_in_time_is_an_honest_interruption(cloud, hr, page):
    """The connection stays down until the attempt's upload time runs out: S3 refuses the
    upload (its signed policy expired). The candidate is told, and answers again."""
    created = new_candidate(
        hr, name="李华", phone="13600136988", email="li.hua.resume@example.com", locale="zh"
    )
    assert created.status == 201, created.text
    candidate = created.json
    invite(hr, candidate)
    page.goto(invitation_link(hr, candidate["email"]))
    page.fill("#phone", "13600136988")
    page.click("text=验证并继续")
    give_consents(page, zh=True)
    page.click("text=开始面试")
    answer(page, 1)
    page.click("text=使用这个回答")
    answer(page, 2)

    bucket = cloud.physical_id("MediaBucket")
    expired = (
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code>'
        "<Message>Invalid according to Policy: Policy expired.</Message></Error>"
    )

    def refuse(route):
        if route.request.method == "POST":
            route.fulfill(status=403, body=expired, content_type="application/xml")
        else:
            route.continue_()

    page.route(f"**/{bucket}", refuse)
    page.click("text=使用这个回答")
    notice = page.locator("section.interrupted")
    expect(notice.locator("h1")).to_have_text("第 2 题的回答被中断了")
    expect(notice).to_contain_text("网络中断，您的回答未能及时上传")
    page.unroute(f"**/{bucket}")
    page.get_by_role("button", name="重新回答这道题").click()
    answer(page, 2)
    page.click("text=使用这个回答")
    answer(page, 3)
    page.click("text=使用这个回答")
    page.wait_for_selector("text=谢谢！", timeout=30000)

    shown = hr.get(f"/api/candidates/{candidate['id']}/interview", "shanghai.hr").json
    second = shown["answers"][1]
    assert [(i["attempt"], i["cause"]) for i in second["interruptions"]] == [(1, "connection")]
    assert shown["completed_at"] and "/damaged-order/2-" in second["media_key"]

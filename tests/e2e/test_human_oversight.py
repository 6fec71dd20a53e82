"""People take over where the AI cannot advise, walked in Chinese in a real browser on the
local cloud (docs/human-oversight.md): a candidate whose answer the AI could not use goes
from needs attention to a human decision without the AI; a candidate who asks for a
process without AI gets an interview with a person. Screenshots in test-artifacts/."""

from __future__ import annotations

import re
import time

import pytest
import requests
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.e2e.test_hr_admin import sign_in_zh
from tests.integration.test_scoring_e2e import interview_to_report
from tests.support.builders import (
    delivered,
    invite,
    new_candidate,
    wait_for_status,
    wait_until,
)

pytestmark = pytest.mark.browser


def test_a_candidate_who_needs_attention_is_decided_by_people_without_the_ai(
    cloud, hr, desktop, answer_videos, tmp_path
):
    empty = tmp_path / "empty.webm"
    empty.write_bytes(b"")
    candidate = interview_to_report(
        hr, "Chen Jing", {**answer_videos, "empty": empty}, **{"damaged-order": "empty"}
    )
    cid = candidate["id"]
    wait_for_status(hr, cid, "needs_attention", seconds=120)

    def assessed() -> bool:  # the empty file is refused at once; the others take longer
        (round1,) = hr.get(f"/api/candidates/{cid}/recordings", "shanghai.hr").json["rounds"]
        return all(a["outcome"] != "scoring" for a in round1["answers"])

    wait_until(assessed, seconds=180, interval=1)
    # HR is told by e-mail, once, in the reader's language: what to do, and the link (why
    # is on the candidate page, in the reader's language).
    (told,) = delivered(hr, "shanghai.hr@example.com", "候选人 Chen Jing 需要处理")
    assert "重新评分" in told["body"] and f"#/candidates/{cid}" in told["body"]

    page = desktop
    sign_in_zh(page, cloud, "shanghai.hr")
    # In the app: the attention badge and list lead to the candidate.
    expect(page.locator("#attention-count")).to_have_text(re.compile(r"^[1-9]\d*$"))
    page.get_by_role("link", name=re.compile("需要处理")).click()
    row = page.locator("#attention-list tr", has_text="Chen Jing")
    expect(row).to_contain_text("需要处理")
    row.get_by_role("link", name="Chen Jing").click()

    # Why, and every recording: the unusable one says so; the scored ones play.
    panel = page.locator("#attention")
    expect(panel).to_contain_text("问题 damaged-order 的录像无法使用，请观看后决定如何处理。")
    # One way to invite again: the panel's, which asks for a message to the candidate.
    expect(page.locator("#invite-again")).to_be_visible()
    expect(page.locator("#invite")).to_have_count(0)
    recordings = page.locator("#recordings")
    broken = recordings.locator("li[data-question=damaged-order]")
    expect(broken).to_have_attribute("data-outcome", "unusable")
    expect(broken).to_contain_text("AI 无法使用此录像：文件为空。")
    expect(broken.get_by_role("button", name="重新评分")).to_be_visible()
    scored = recordings.locator("li[data-question=intro]")
    expect(scored).to_contain_text("AI 已评分")
    video = scored.locator("video")
    expect(video).to_have_attribute("src", re.compile(r"Signature"))
    page.wait_for_function("v => v.readyState >= 1", arg=video.element_handle(), timeout=15000)
    screenshot(page, "oversight-1-needs-attention-zh")

    # People review and decide without the AI.
    panel.get_by_role("button", name="不使用 AI，人工评审").click()
    page.get_by_label("原因（与决定一并保存）").fill("第二题录像为空文件，由面试官人工评审")
    page.get_by_role("button", name="确认").click()
    expect(page.get_by_text("该候选人已转为不使用 AI 的人工评审。")).to_be_visible(timeout=30000)
    expect(page.locator("h1 .status")).to_have_text("评审中")
    expect(page.locator("#scores .ai-dropped")).to_contain_text("已取消 AI 权重")
    expect(page.locator("#report .ai-dropped")).to_contain_text("第二题录像为空文件")
    expect(page.locator("#report")).to_contain_text("无：该候选人的 AI 权重已取消，由人工决定。")
    assert "null" not in page.locator("#report").inner_text()
    review = page.locator("#review form")
    for field in review.locator("input[type=number]").all():
        field.fill("72")
    review.get_by_label("评语").fill("沟通清楚，处理投诉的步骤完整。")
    review.get_by_role("button", name="提交评分").click()
    expect(page.locator("#scores-table tfoot")).to_contain_text("72")
    scores = hr.get(f"/api/candidates/{cid}/scores", "shanghai.hr").json
    assert scores["weights"] == {"ai": 0.0, "human": 1.0}
    assert scores["ai_overall"] is None and scores["combined_overall"] == 72
    screenshot(page, "oversight-2-reviewed-without-ai-zh")

    # The lifecycle waits for the decision again (a new execution, begun at review).
    deadline = time.monotonic() + 30
    while services_wait(cid) is None:
        assert time.monotonic() < deadline, "the review step never waited"
        time.sleep(0.2)
    page.locator("#decision").get_by_role("button", name="录用", exact=True).click()
    page.get_by_role("button", name="确认").click()
    expect(page.get_by_text("决定已发送。")).to_be_visible(timeout=60000)
    expect(page.locator("h1 .status")).to_have_text("录用中", timeout=30000)
    steps = [s["status"] for s in hr.get(f"/api/candidates/{cid}/timeline", "shanghai.hr").json]
    assert steps[-3:] == ["needs_attention", "in_review", "offer_pending"]
    screenshot(page, "oversight-3-decided-zh")
    assert page.console_errors == []  # type: ignore[attr-defined]


def services_wait(candidate_id: str):
    from hireflow.bootstrap import services

    return services().portal.lifecycle.waits.get(candidate_id, "review")


def test_a_request_for_no_ai_becomes_an_interview_with_a_person(cloud, hr, desktop, browser):
    phone = f"136{time.time_ns() % 10**8:08d}"
    email = f"zhou.min.{phone}@example.com"
    reply = new_candidate(hr, name="周敏", phone=phone, email=email)
    assert reply.status == 201, reply.text
    candidate = reply.json
    token = invite(hr, candidate)

    # The candidate asks, on the interview page, in Chinese.
    context = browser.new_context(viewport={"width": 412, "height": 860})
    portal = context.new_page()
    portal.goto(f"{cloud.url}/interview/#{token}")
    portal.get_by_text("申请不含 AI 分析的面试方式").click()
    portal.get_by_label("需要告诉 HR 的情况（可选）").fill("家里没有摄像头")
    portal.get_by_role("button", name="提交申请").click()
    expect(portal.get_by_text("您的申请已发送给 HR，他们会与您联系。")).to_be_visible()
    context.close()
    wait_for_status(hr, candidate["id"], "alternative_requested")
    delivered(hr, "shanghai.hr@example.com", "周敏 申请不含 AI 分析的面试方式")

    page = desktop
    sign_in_zh(page, cloud, "shanghai.hr")
    page.get_by_role("link", name=re.compile("需要处理")).click()
    row = page.locator("#attention-list tr", has_text="周敏")
    expect(row).to_contain_text("申请人工面试")
    row.get_by_role("link", name="周敏").click()
    expect(page.locator("h1 .status")).to_have_text("申请人工面试")
    panel = page.locator("#alternative")
    expect(panel.locator("#alternative-reason")).to_have_text("候选人说明：家里没有摄像头")
    screenshot(page, "oversight-4-alternative-requested-zh")
    panel.get_by_label("面试官").select_option(label="Shanghai Interviewer")
    panel.get_by_label("时间").fill("2099年1月5日 10:00")
    panel.get_by_label("地点或会议链接").fill("https://meet.example.com/zhou-min")
    panel.get_by_role("button", name="安排并通知候选人").click()
    expect(page.get_by_text("已安排面试并通知候选人。")).to_be_visible(timeout=30000)
    expect(page.locator("h1 .status")).to_have_text("评审中")
    expect(page.locator("#scores .ai-dropped")).to_contain_text("已取消 AI 权重")
    expect(page.locator("#report")).to_contain_text("该候选人没有 AI 报告。")
    expect(page.locator("#alternative")).to_have_count(0)
    screenshot(page, "oversight-5-interview-scheduled-zh")

    # The candidate's letter: when, where, with whom - and the video link is closed.
    (letter,) = delivered(hr, email, "人工面试安排")
    assert "时间：2099年1月5日 10:00" in letter["body"]
    assert "地点：https://meet.example.com/zhou-min" in letter["body"]
    assert "面试官：Shanghai Interviewer" in letter["body"]
    overview = requests.get(f"{cloud.url}/api/interview/{token}", timeout=10)
    assert overview.status_code == 410
    assert page.console_errors == []  # type: ignore[attr-defined]

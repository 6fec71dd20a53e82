"""The HR app in a real browser on the local cloud: sign-in, import, invite, the AI report
of a scripted interview, review and decision; HQ's dashboard across branches; branch
isolation in the UI and by URL; the template editor. Screenshots in test-artifacts/."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
import requests
from playwright.sync_api import Page, expect

from hireflow.recruiting.importing import MAX_ROWS
from tests.e2e.conftest import screenshot, silent_interview_in_review
from tests.support.builders import interview_token, invitation_link
from tests.workbooks import workbook

pytestmark = pytest.mark.browser

PASSWORD = "Hireflow-demo-1"
EXTRA_ROWS = 40  # enough rows for the import's progress to be seen


def sign_in(page: Page, cloud, username: str) -> None:
    page.goto(f"{cloud.url}/?lang=en")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#who")).to_contain_text(username.split(".")[0], ignore_case=True)


def scripted_interview(cloud, token: str, phone: str, videos: dict[str, Any]) -> None:
    """What the portal does, through its API: verify, one presigned POST per answer, finish."""
    api = f"{cloud.url}/api/interview/{token}"
    session = requests.post(f"{api}/verify", json={"phone": phone, "consent": True}, timeout=10)
    assert session.status_code == 200, session.text
    headers = {"X-Interview-Session": session.json()["session"]}
    answers = {
        "intro": "face_jfk",
        "damaged-order": "face_strong",
        "difficult-teammate": "face_star",
    }
    for question, video in answers.items():
        grant = requests.post(
            f"{api}/answers/{question}/upload", json={}, headers=headers, timeout=10
        )
        assert grant.status_code == 200, grant.text
        posted = requests.post(
            grant.json()["url"],
            data=grant.json()["fields"],
            files={"file": ("answer.webm", videos[video].read_bytes(), "video/webm")},
            timeout=30,
        )
        assert posted.status_code == 204, posted.text
    finished = requests.post(f"{api}/complete", json={}, headers=headers, timeout=10)
    assert finished.status_code == 200, finished.text


def test_branch_hr_imports_invites_reads_the_report_reviews_and_decides(
    cloud, hr, desktop, answer_videos, tmp_path
):
    page = desktop
    sign_in(page, cloud, "shanghai.hr")
    expect(page.locator("[data-branch=shanghai]")).to_be_visible()
    expect(page.locator("[data-branch=shenzhen]")).to_have_count(0)
    screenshot(page, "hr-1-dashboard-branch")

    # Import: the template downloads, the page states the limit, a filled workbook shows
    # the import's progress and then per-row results.
    page.get_by_role("link", name="Import", exact=True).click()
    expect(page.get_by_text(f"Up to {MAX_ROWS:,} rows and 4 MB per file")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the .xlsx template").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    # Unique per run: the session's local cloud is shared with other tests.
    phone = f"137{time.time_ns() % 10**8:08d}"
    email = f"wang.fang.{phone}@example.com"
    filled = tmp_path / "candidates.xlsx"
    filled.write_bytes(
        workbook(
            [
                ["姓名", "手机", "邮箱", "应聘岗位", "分支机构"],
                ["Wang Fang", int(phone), email, "客户服务专员", "上海"],
                ["No Phone", None, "no.phone@example.com", "客户服务专员", "上海"],
                *[
                    [f"Extra {i}", int(phone) + 10**8 + i, f"x{i}.{email}", "客户服务专员", "上海"]
                    for i in range(EXTRA_ROWS)
                ],
            ]
        )
    )
    page.get_by_label("Workbook (.xlsx)").set_input_files(str(filled))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("progressbar", name="Import progress")).to_be_visible()
    expect(page.get_by_text(re.compile(rf"of {EXTRA_ROWS + 2} rows imported"))).to_be_visible()
    expect(page.locator(".summary")).to_contain_text(f"Created: {EXTRA_ROWS + 1}")
    errors = page.locator("table", has_text="Errors")
    expect(errors).to_contain_text("3")  # the Excel row number of the bad row
    screenshot(page, "hr-2-import-results")

    # The candidate: interview in English, assign reviewers, invite (with confirmation).
    page.get_by_role("link", name="Wang Fang").click()
    expect(page.get_by_role("heading", name=re.compile("Wang Fang"))).to_be_visible()
    page.get_by_label("Interview language").select_option("en")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("The interview language is saved.")).to_be_visible()
    page.locator("#assign-interviewer").select_option(index=1)
    page.locator("#assign-manager").select_option(index=1)
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_text("Interviewer and hiring manager assigned.")).to_be_visible()
    page.get_by_role("button", name="Invite").click()
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("The invitation is on its way.")).to_be_visible(timeout=60000)
    expect(page.locator("h1 .status")).to_have_text("Invited")
    screenshot(page, "hr-3-candidate-invited")

    token = interview_token(invitation_link(hr, email))
    scripted_interview(cloud, token, phone, answer_videos)

    # The AI report: overall, dimensions with evidence, moments that seek the video.
    deadline = time.monotonic() + 90
    while not page.locator("#overall-score").is_visible():
        assert time.monotonic() < deadline, "the report did not appear"
        page.wait_for_timeout(1500)
        page.reload()
        page.wait_for_selector("#timeline")
    expect(page.locator("h1 .status")).to_have_text("In review", timeout=30000)
    scenario = page.locator("article[data-question=damaged-order]")
    expect(scenario.locator(".rubric li.covered")).to_have_count(4)
    video = scenario.locator("video")
    expect(video).to_have_attribute("src", re.compile(r"X-Amz-Signature|Signature"))
    moment = scenario.locator(".rubric button.seek").last
    start = float(moment.get_attribute("data-start"))
    page.wait_for_function("v => v.readyState >= 1", arg=video.element_handle(), timeout=15000)
    moment.click()
    position = video.evaluate("v => v.currentTime")
    assert abs(position - start) < 1.5
    expect(page.locator("#report")).to_contain_text("No integrity flags.")
    screenshot(page, "hr-4-ai-report")

    # Review and decision.
    review = page.locator("#review form")
    for field in review.locator("input[type=number]").all():
        field.fill("45")
    review.get_by_label("Comment").fill("Clear steps; teamwork example was thin.")
    review.get_by_role("button", name="Submit review").click()
    expect(page.locator("#scores-table")).to_contain_text("45")
    screenshot(page, "hr-5-review-and-scores")
    page.locator("#decision").get_by_role("button", name="Second round").click()
    page.get_by_label("When").fill("Monday 10:00")
    page.get_by_label("Where").fill("Shanghai office, room 3")
    # 45 on every dimension is far from the AI's marks: the decider says why.
    page.get_by_label(re.compile("Why do you decide this way")).fill("We trust the interview.")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("Decision sent.")).to_be_visible(timeout=60000)
    expect(page.locator("h1 .status")).to_have_text("Second round", timeout=15000)
    screenshot(page, "hr-6-decided")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_an_interview_the_ai_could_not_judge_shows_why_and_no_ai_overall(
    cloud, hr, desktop, tmp_path
):
    candidate = silent_interview_in_review(hr, "Quiet Candidate", tmp_path)
    page = desktop
    sign_in(page, cloud, "shanghai.hr")
    page.goto(f"{cloud.url}/?lang=en#/candidates/{candidate['id']}")
    expect(page.locator("#no-ai-overall")).to_contain_text("No AI overall score")
    expect(page.locator("#overall-score")).to_have_text("–")
    expect(page.locator("#not-scored li")).to_have_count(3)
    expect(page.locator("#not-scored")).to_contain_text("the audio is silent")
    expect(page.locator("#report article.not-scored")).to_have_count(3)
    expect(page.locator("#interview .insufficient")).to_have_count(3)
    expect(page.locator("#interview")).to_contain_text("Insufficient evidence: the audio is silent")
    screenshot(page, "hr-11-insufficient-evidence")
    page.goto(f"{cloud.url}/?lang=zh#/candidates/{candidate['id']}")
    expect(page.locator("#not-scored")).to_contain_text("AI 未评分的回答（依据不足）")
    expect(page.locator("#no-ai-overall")).to_contain_text("没有 AI 总分")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_hq_compares_every_branch_on_the_dashboard(cloud, desktop):
    page = desktop
    sign_in(page, cloud, "hq.hr")
    expect(page.locator("[data-branch=shanghai]")).to_be_visible()
    expect(page.locator("[data-branch=shenzhen]")).to_be_visible()
    comparison = page.locator("section", has_text="Branches compared")
    expect(comparison.locator("tbody tr")).to_have_count(3)  # with the demo's New York
    expect(page.locator("svg.bars").first).to_be_visible()
    screenshot(page, "hr-7-dashboard-hq")
    page.get_by_role("link", name="Candidates").click()
    page.get_by_label("Branch").select_option("shenzhen")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"branch_id=shenzhen"))
    screenshot(page, "hr-8-candidates-filtered")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_shenzhen_never_sees_a_shanghai_candidate(cloud, desktop, hr):
    shanghai = hr.get("/api/candidates", "shanghai.hr", query={"limit": "100"}).json["items"]
    assert shanghai
    page = desktop
    sign_in(page, cloud, "shenzhen.hr")
    page.get_by_role("link", name="Candidates").click()
    page.wait_for_selector(".results >> :not(.state[role=status])")
    listed = page.locator(".results").inner_text()
    assert not any(c["name"] in listed for c in shanghai)
    # Editing the URL to a Shanghai candidate shows a refusal, not the candidate.
    page.goto(f"{cloud.url}/?lang=en#/candidates/{shanghai[0]['id']}")
    expect(page.get_by_role("alert")).to_contain_text("Not found, or not in your branch.")
    assert shanghai[0]["name"] not in page.locator("main").inner_text()
    page.goto(f"{cloud.url}/?lang=en#/candidates?branch_id=shanghai")
    page.wait_for_selector(".results table, .results .empty, .results [role=alert]")
    assert not any(c["name"] in page.locator("main").inner_text() for c in shanghai)
    screenshot(page, "hr-9-isolation")
    expect(page.get_by_role("link", name="Templates", exact=True)).to_have_count(0)


def test_hq_saves_a_template_change_as_a_new_version(cloud, desktop):
    page = desktop
    sign_in(page, cloud, "hq.admin")
    page.get_by_role("link", name="Templates", exact=True).click()
    page.get_by_role("link", name=re.compile("Customer-facing")).click()
    version = int(page.locator(".version").inner_text().split()[-1])
    question = page.locator("fieldset[data-id=damaged-order]")
    question.get_by_label("Exemplar answers (one per line)").fill(
        "I listen, apologise, send a replacement and follow up.\n"
        "I hear them out, say sorry, refund at once and call back."
    )
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_text(f"Saved as version {version + 1}.")).to_be_visible()
    screenshot(page, "hr-10-template-saved")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_chinese_is_the_other_language(cloud, desktop):
    page = desktop
    page.goto(f"{cloud.url}/?lang=zh")
    expect(page.get_by_label("用户名")).to_be_visible()
    expect(page.get_by_label("密码")).to_be_visible()
    screenshot(page, "hr-0-sign-in-zh")


def test_an_interviewer_lands_on_their_candidates_without_hr_screens(cloud, desktop):
    page = desktop
    sign_in(page, cloud, "shanghai.interviewer")
    expect(page.get_by_role("heading", name="Candidates")).to_be_visible()
    expect(page.get_by_role("link", name="Dashboard")).to_have_count(0)
    expect(page.get_by_role("link", name="Import", exact=True)).to_have_count(0)
    page.wait_for_selector(".results table, .results .empty")
    assert page.console_errors == []  # type: ignore[attr-defined]

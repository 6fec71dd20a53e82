"""Issue 18 walked in Chinese in a real browser on the local cloud (docs/resumes.md,
docs/talent.md): HR uploads a Chinese PDF résumé and a photographed one on the candidate
page and both are read with their sources; after the interview the résumé-vs-interview
check puts the planted exaggeration ("精通 Python", problem solving below its line) in
front of HR with both sides; HR rejects with the drafted note, edited; the rejection
e-mail carries the note and the link; the candidate opens it, passes the phone check and
says yes to the talent pool; a new similar position opens and the candidate is its pool's
best match. Screenshots in test-artifacts/."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from infra.localcloud.talent_demo import FRONT_DESK_MODEL, silent_answer
from tests.e2e.conftest import screenshot, sign_in_zh
from tests.support import resume_files
from tests.support.builders import delivered, invite, new_candidate, wait_for_status, wait_until
from tests.support.client import Client

pytestmark = pytest.mark.browser

# The reviewers' marks: strong where the new position weighs, weak where Python points.
MARKS = {"communication": 90, "problem_solving": 40, "teamwork": 88}
NOTE_ADDITION = "欢迎您今后再次申请我们的职位。"


def _unique_phone() -> str:
    return f"135{time.time_ns() % 10**8:08d}"


def _candidate(hr: Client, name: str, phone: str, *, reviewers: bool = False) -> dict[str, Any]:
    email = f"talent.{phone}@example.com"
    created = new_candidate(hr, name=name, phone=phone, email=email, locale="zh")
    assert created.status == 201, created.text
    candidate: dict[str, Any] = created.json
    if reviewers:
        assigned = hr.post(
            f"/api/candidates/{candidate['id']}/assign",
            "shanghai.hr",
            {
                "interviewer_id": hr.user_id("shanghai.interviewer"),
                "hiring_manager_id": hr.user_id("shanghai.manager"),
            },
        )
        assert assigned.status == 200, assigned.text
        candidate = assigned.json
    return candidate


def upload_resume(page: Page, cloud, candidate: dict[str, Any], name: str, mime: str, data: bytes):
    """HR picks the file on the candidate page's résumé section; it is read in the
    background (the S3 event runs ResumeParsingFunction) and the section shows it read."""
    page.goto(f"{cloud.url}/?lang=zh#/candidates/{candidate['id']}")
    section = page.locator("#resume")
    expect(section).to_contain_text("尚无简历。")
    page.set_input_files("#resume-file", files=[{"name": name, "mimeType": mime, "buffer": data}])
    # The section polls while the résumé is read (OCR of a photo takes a few seconds).
    head = section.locator(".resume-head")
    expect(head).to_have_attribute("data-status", "parsed", timeout=60000)
    return section


def shows_with_source(section, name: str, value: str, source: str) -> None:
    """A section's value opens the words it was read from and their page."""
    item = section.locator(f".resume-section[data-section={name}] li", has_text=value).first
    item.get_by_role("button").click()
    expect(item.locator(".resume-source")).to_contain_text(source)


def silent_interview(hr: Client, candidate: dict[str, Any], folder: Path) -> None:
    """The candidate answers every question (silently: the AI can judge none of them, so
    people's scores decide) and the interview is scored and waits for review."""
    from hireflow.bootstrap import services
    from tests.integration.test_lifecycle_e2e import upload_answers

    silent = silent_answer(folder)
    invite(hr, candidate)
    lifecycle = services().portal.lifecycle
    wait_until(lambda: lifecycle.waits.get(candidate["id"], "interview") is not None)
    questions = ["intro", "damaged-order", "difficult-teammate"]
    upload_answers(hr, candidate, {"silent": silent}, **dict.fromkeys(questions, "silent"))
    assert lifecycle.resume(candidate["id"], "interview", {"completed": True}) is True
    wait_for_status(hr, candidate["id"], "in_review", seconds=90)
    for reviewer in ("shanghai.interviewer", "shanghai.manager"):
        reviewed = hr.post(
            f"/api/candidates/{candidate['id']}/reviews",
            reviewer,
            {"scores": MARKS, "comment": "沟通和团队合作很好，解决问题的思路不够清晰。"},
        )
        assert reviewed.status == 201, reviewed.text


def reject_with_the_note(page: Page, candidate: dict[str, Any]) -> str:
    """HR opens the decide dialog: the note is drafted from the reviewed dimensions; HR
    adds a sentence and rejects. Returns the note as sent."""
    from hireflow.bootstrap import services

    lifecycle = services().portal.lifecycle
    wait_until(lambda: lifecycle.waits.get(candidate["id"], "review") is not None)
    page.reload()
    page.locator("#decision").get_by_role("button", name="不录用", exact=True).click()
    note = page.get_by_label("给候选人的反馈（可选）")
    expect(note).to_have_value(re.compile("沟通"))  # the strongest dimension, by name
    drafted = note.input_value()
    assert "解决问题" in drafted  # the weakest, with HQ's suggestion
    assert not re.search(r"\d{2}", drafted)  # never a score
    note.fill(f"{drafted}\n{NOTE_ADDITION}")
    sent = note.input_value()
    screenshot(page, "talent-3-rejection-note-zh")
    page.get_by_role("button", name="确认").click()
    expect(page.get_by_text("决定已发送。")).to_be_visible(timeout=60000)
    return sent


def join_the_pool(browser: Browser, link: str, phone: str) -> None:
    """The candidate opens the letter's link on a phone, passes the phone check and says
    yes to being kept for future roles."""
    context = browser.new_context(viewport={"width": 412, "height": 860})
    portal = context.new_page()
    portal.goto(link)
    portal.fill("#phone", phone)
    portal.get_by_role("button", name="查看我的应聘进展").click()
    consent = portal.locator("#pool-consent")
    expect(consent).not_to_be_checked()
    consent.check()
    expect(portal.locator("#pool [role=status]")).to_have_text("已保存。")
    screenshot(portal, "talent-5-pool-consent-zh")
    context.close()


def test_resumes_cross_check_rejection_note_and_the_pool_in_chinese(
    cloud, hr, desktop, browser, tmp_path
):
    page = desktop
    phone, photo_phone = _unique_phone(), _unique_phone()
    planted = _candidate(hr, "张伟", phone, reviewers=True)
    photographed = _candidate(hr, "王芳", photo_phone)
    sign_in_zh(page, cloud, "shanghai.hr")

    # 1. Two résumés, uploaded on the candidate page, read with their sources.
    pdf = resume_files.chinese_pdf(phone=phone, email=planted["email"])
    section = upload_resume(page, cloud, planted, "张伟-简历.pdf", "application/pdf", pdf)
    expect(section.locator(".resume-head")).to_contain_text("文本层")
    shows_with_source(section, "education", "浙江大学", "原文（第 1 页）")
    shows_with_source(section, "skills", "Python", "“Python”")
    screenshot(page, "talent-1-pdf-resume-zh")

    photo = resume_files.photographed_page(name="王芳", phone=photo_phone)
    section = upload_resume(page, cloud, photographed, "简历照片.jpg", "image/jpeg", photo)
    expect(section.locator(".resume-head")).to_contain_text("OCR")
    shows_with_source(section, "education", "复旦大学", "原文（第 1 页）")
    screenshot(page, "talent-2-photo-resume-zh")

    # 2. The interview, reviewed: Python is claimed at an expert level (精通), and the
    # dimension HQ's skill map ties it to scored below its pass line.
    silent_interview(hr, planted, tmp_path)
    page.goto(f"{cloud.url}/?lang=zh#/candidates/{planted['id']}")
    flag = page.locator("#cross-check article[data-kind=claim_not_shown]", has_text="Python")
    expect(flag).to_have_attribute("data-dimension", "problem_solving")
    expect(flag.locator(".side.resume")).to_contain_text("Python · 精通")
    expect(flag.locator("[role=note]")).to_contain_text("Python (精通)：简历中声称（第 1 页）")
    expect(flag.locator(".side.interview")).to_contain_text("解决问题")
    expect(flag.locator(".side.interview")).to_contain_text("40 分，及格线 60")
    screenshot(page, "talent-2-cross-check-zh")

    # 3. Rejected with the drafted note, edited; the letter carries it and the link.
    sent = reject_with_the_note(page, planted)
    (letter,) = delivered(hr, planted["email"], "关于您应聘")
    body = letter["body"].replace("\r\n", "\n")
    assert sent in body and NOTE_ADDITION in body
    (link,) = re.findall(r"https?://\S+/interview/\S+", body)
    screenshot(page, "talent-4-rejected-zh")

    # 4. The candidate says yes to the pool on the page the link opens.
    join_the_pool(browser, link, phone)

    # 5. A similar position opens: the candidate is the first match in its pool.
    opened = hr.post(
        "/api/positions",
        "shanghai.hr",
        {
            "branch_id": "shanghai",
            "title": f"Front Desk {phone[-4:]}",
            "title_zh": f"前台接待 {phone[-4:]}",
            "template_id": "customer-facing",
            "competency_model": FRONT_DESK_MODEL,
        },
    )
    assert opened.status == 201, opened.text
    position = opened.json
    matches = f"/api/positions/{position['id']}/pool-matches"
    wait_until(lambda: hr.get(matches, "shanghai.hr").json.get("computed_at"))
    page.goto(f"{cloud.url}/?lang=zh#/ranking/{position['id']}")
    rows = page.locator("#pool-matches tr[data-candidate]")
    expect(rows.first).to_have_attribute("data-candidate", planted["id"], timeout=30000)
    expect(rows.first).to_contain_text("张伟")
    expect(rows.first).to_contain_text("沟通表现突出")  # the reasons, in Chinese
    screenshot(page, "talent-6-pool-ranking-zh")
    assert page.console_errors == []  # type: ignore[attr-defined]

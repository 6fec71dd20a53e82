"""A candidate takes a whole interview in a real browser on the local cloud: opens the
link from the sent e-mail, verifies, records every answer and uploads it to S3; the
lifecycle moves on. And S3's policy refuses uploads outside the grant."""

from __future__ import annotations

import os

import pytest
import requests

from hireflow.bootstrap import reset
from tests.e2e.conftest import give_consents, screenshot
from tests.support.builders import invitation_link, invited, wait_until

pytestmark = pytest.mark.browser


def test_a_candidate_takes_the_whole_interview_in_the_browser(cloud, hr, page):
    candidate, _ = invited(hr, "Browser Candidate", "13600136123")
    link = invitation_link(hr, candidate["email"])
    # A person clicks the link on the outbox page.
    page.goto(f"{cloud.url}/local/outbox")
    page.click(f'a[href="{link}"]')
    page.wait_for_selector("text=Customer Service Associate")
    screenshot(page, "portal-1-welcome")
    page.fill("#phone", "136 0013 6123")
    page.click("text=Verify and continue")
    give_consents(page)
    page.wait_for_selector("text=Camera and microphone check")
    screenshot(page, "portal-2-device-check")
    page.click("text=Start the interview")
    for number in (1, 2, 3):
        page.wait_for_selector(f"text=Question {number} of 3")
        if number == 1:
            screenshot(page, "portal-3-question")
        page.click("text=Start answering now")
        page.wait_for_selector("text=Recording your answer")
        page.wait_for_timeout(6000)  # answers under 3 s are refused by scoring
        if number == 1:
            screenshot(page, "portal-4-recording")
        page.click("text=Finish answer")
        page.click("text=Use this answer")
    page.wait_for_selector("text=Thank you!", timeout=30000)
    screenshot(page, "portal-5-done")
    assert page.console_errors == []  # type: ignore[attr-defined]

    s3 = cloud.client("s3")
    keys = {
        o["Key"]: o["Size"]
        for o in s3.list_objects_v2(
            Bucket=cloud.physical_id("MediaBucket"), Prefix=f"answers/{candidate['id']}/"
        ).get("Contents", [])
    }
    assert sorted(k.split("/")[3] for k in keys) == ["damaged-order", "difficult-teammate", "intro"]
    assert all(size > 1000 for size in keys.values())  # real recorded video

    # The recordings are scored: the fake microphone played real speech.
    def status() -> str | None:
        current = hr.get(f"/api/candidates/{candidate['id']}", "shanghai.hr").json
        done = current["status"] in ("in_review", "needs_attention")
        return f"{current['status']} {current['status_reason'] or ''}".strip() if done else None

    assert wait_until(status, seconds=90) == "in_review"
    report = hr.get(f"/api/candidates/{candidate['id']}/report", "shanghai.hr").json
    heard = " ".join(
        s["text"].lower()
        for a in report["answers"]
        for s in a["assessment"]["transcript"]["segments"]
    )
    # Each answer records a different stretch of the looping JFK clip.
    assert sum(word in heard for word in ("fellow", "country", "ask")) >= 2, heard
    # A reload after finishing shows the end page, not the interview again.
    page.reload()
    page.wait_for_selector("text=Thank you!")


def test_s3_refuses_uploads_outside_the_grant(cloud, hr):
    _, token = invited(hr, "Policy Check", "13600136456")
    api = f"{cloud.url}/api/interview/{token}"
    session = requests.post(
        f"{api}/verify", json={"phone": "13600136456", "consent": True}, timeout=10
    ).json()["session"]
    headers = {"X-Interview-Session": session}
    previous = os.environ.get("HIREFLOW_MAX_UPLOAD_BYTES")
    os.environ["HIREFLOW_MAX_UPLOAD_BYTES"] = "4096"  # the local cloud shares this process
    reset()  # settings are read once per process: read them again
    try:
        grant = requests.post(
            f"{api}/answers/intro/upload", json={}, headers=headers, timeout=10
        ).json()
    finally:
        if previous is None:
            os.environ.pop("HIREFLOW_MAX_UPLOAD_BYTES")
        else:
            os.environ["HIREFLOW_MAX_UPLOAD_BYTES"] = previous
        reset()

    def post(
        fields: dict[str, str], body: bytes, content_type: str = "video/webm"
    ) -> requests.Response:
        return requests.post(
            grant["url"], data=fields, files={"file": ("a.webm", body, content_type)}, timeout=10
        )

    too_big = post(grant["fields"], b"\x1a" * 5000)
    assert too_big.status_code == 400 and "EntityTooLarge" in too_big.text
    wrong_type = post(
        {**grant["fields"], "Content-Type": "image/png"}, b"\x89PNG" * 10, "image/png"
    )
    assert wrong_type.status_code == 403
    other_key = post(
        {**grant["fields"], "key": grant["key"].replace("/intro/", "/damaged-order/")},
        b"\x1a" * 100,
    )
    assert other_key.status_code == 403
    forged = post(
        {**grant["fields"], "policy": grant["fields"]["policy"][:-4] + "AAAA"}, b"\x1a" * 100
    )
    assert forged.status_code == 403
    assert post(grant["fields"], b"\x1a" * 100).status_code == 204
    # A session cannot get a grant for another candidate's interview.
    _, other_token = invited(hr, "Other Person", "13600136789")
    other_api = f"{cloud.url}/api/interview/{other_token}"
    refused = requests.post(
        f"{other_api}/answers/intro/upload", json={}, headers=headers, timeout=10
    )
    assert refused.status_code == 401


def test_an_unknown_link_shows_a_clear_message(cloud, page):
    page.goto(f"{cloud.url}/interview/#not-a-real-token")
    page.wait_for_selector("text=This interview link is not valid.")
    screenshot(page, "portal-invalid-link")
    page.goto(f"{cloud.url}/interview/?lang=zh#not-a-real-token")
    page.reload()
    page.wait_for_selector("text=此面试链接无效。")


def answer(page, number: int) -> None:
    page.wait_for_selector(f"text=Question {number} of 3")
    page.click("text=Start answering now")
    page.wait_for_selector("text=Recording your answer")
    page.wait_for_timeout(1200)
    page.click("text=Finish answer")


def test_a_reload_resumes_and_a_dropped_connection_is_retried(cloud, hr, page):
    candidate, _ = invited(hr, "Flaky Network", "13600136321")
    link = invitation_link(hr, candidate["email"])
    page.goto(link)
    page.fill("#phone", "13600136321")
    page.click("text=Verify and continue")
    give_consents(page)
    page.click("text=Start the interview")
    answer(page, 1)
    page.click("text=Use this answer")
    page.wait_for_selector("text=Question 2 of 3")

    page.reload()  # the finished answer is kept; no second verification
    page.click("text=Start the interview")
    answer(page, 2)
    page.context.set_offline(True)
    page.click("text=Use this answer")
    page.wait_for_selector("text=The connection dropped")
    screenshot(page, "portal-offline-retry")
    page.context.set_offline(False)
    answer(page, 3)
    page.click("text=Use this answer")
    page.wait_for_selector("text=Thank you!", timeout=30000)
    recorded = {
        o["Key"].split("/")[3]
        for o in cloud.client("s3")
        .list_objects_v2(
            Bucket=cloud.physical_id("MediaBucket"), Prefix=f"answers/{candidate['id']}/"
        )
        .get("Contents", [])
    }
    assert recorded == {"intro", "damaged-order", "difficult-teammate"}

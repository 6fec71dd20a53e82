"""The demo's résumé and talent-pool story (issue 18, docs/talent.md), so `make run` shows
it without typing: two Shanghai customer-service candidates, each with a Chinese PDF
résumé that claims "精通 Python" and a finished video interview, reviewed: the
problem-solving answers (what HQ's skill map ties Python to) scored below the pass line.

- 张伟(演示) waits for HR's decision; the candidate page's "简历与面试对照" asks about
  the claim, both sides shown.
- 王芳(演示) was rejected with the drafted note, said yes to the talent pool on the page
  the rejection letter links to, and is the best match of the open position
  "前台接待(演示)", which opened afterwards (its ranking page, "人才库匹配结果").

Everything goes through the product as people would use it: HR's API over the gateway
(signed in as the demo accounts), the résumé through its presigned POST (the S3 event
reads it), the answers through the portal's upload grants (the scoring function scores
them), the candidate's consent through the portal's routes. Seeded once, on a new data
directory, in the background: start-up does not wait for it."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any, TypeVar

import requests

log = logging.getLogger("hireflow.localcloud")

POSITION = "shanghai-customer-service"
NEW_POSITION = "shanghai-front-desk-demo"
QUESTIONS = ("intro", "damaged-order", "difficult-teammate")
# The reviewers' marks: good with people, weak at problem solving (where Python points).
MARKS = {"communication": 88, "problem_solving": 42, "teamwork": 85}
PEOPLE = (
    ("张伟(演示)", "13900139001", "zhang.wei.demo@example.com", False),
    ("王芳(演示)", "13900139002", "wang.fang.demo@example.com", True),
)
# A similar position: what the customer-service candidates were strong at, weighed.
FRONT_DESK_MODEL = {
    "dimensions": [
        {"key": "communication", "name": "Communication", "name_zh": "沟通", "weight": 0.6},
        {"key": "teamwork", "name": "Teamwork", "name_zh": "团队合作", "weight": 0.4},
    ]
}
_LINK = re.compile(r"https?://\S+/interview/#([\w-]+)")
T = TypeVar("T")


class DemoFailed(RuntimeError):
    pass


def _until(check: Callable[[], T | None], seconds: float, what: str) -> T:
    deadline = time.monotonic() + seconds
    while not (result := check()):
        if time.monotonic() > deadline:
            raise DemoFailed(f"timed out waiting for {what}")
        time.sleep(0.5)
    return result


class _Api:
    """HR's API through the local cloud's gateway, as a demo account."""

    def __init__(self, url: str, sign_in: Callable[[str], str]) -> None:
        self.url, self.sign_in, self.tokens = url, sign_in, {}  # type: ignore[var-annotated]

    def call(self, method: str, path: str, user: str | None = None, body: Any = None, **kw: Any):
        headers = dict(kw.pop("headers", {}))
        if user:
            self.tokens.setdefault(user, self.sign_in(user))
            headers["Authorization"] = self.tokens[user]
        reply = requests.request(
            method, f"{self.url}{path}", json=body, headers=headers, timeout=30, **kw
        )
        if reply.status_code >= 400:
            raise DemoFailed(f"{method} {path}: {reply.status_code} {reply.text[:300]}")
        return reply.json() if reply.content else None


def seed_story(url: str, sign_in: Callable[[str], str], claims: Callable[[str], dict]) -> None:
    """The story, start to end (about a minute: the interviews are scored for real)."""
    api = _Api(url, sign_in)
    if any(c["id"] == NEW_POSITION for c in api.call("GET", "/api/positions", "shanghai.hr")):
        return  # seeded already
    reviewers = {
        "interviewer_id": claims("shanghai.interviewer")["sub"],
        "hiring_manager_id": claims("shanghai.manager")["sub"],
    }
    with TemporaryDirectory() as folder:
        answer = silent_answer(Path(folder))
        people = [_interviewed(api, reviewers, answer, *person) for person in PEOPLE]
    for candidate, (_, phone, email, rejected) in zip(people, PEOPLE, strict=True):
        if rejected:
            _rejected_into_the_pool(api, candidate, phone, email)
    api.call(
        "POST",
        "/api/positions",
        "shanghai.hr",
        {
            "id": NEW_POSITION,
            "branch_id": "shanghai",
            "title": "Front Desk Associate (demo)",
            "title_zh": "前台接待(演示)",
            "template_id": "customer-facing",
            "competency_model": FRONT_DESK_MODEL,
        },
    )  # position.opened: the Shanghai pool is matched to it


def silent_answer(folder: Path) -> Path:
    """An answer recording the AI can judge nothing in (a face, no words): people's
    scores decide, and no speech is made up for the demo."""
    import numpy as np

    from tests import answer_media as media  # the repository's real media fixtures

    return media.write_answer(
        folder / "silent.webm",
        frames=media.picture(media.MEDIA / "obama.jpg"),
        audio=np.zeros(media.RATE * 4, np.float32),
    )


def _interviewed(
    api: _Api, reviewers: dict[str, str], answer: Path, name: str, phone: str, email: str, _: bool
) -> dict[str, Any]:
    from hireflow.bootstrap import services
    from hireflow.platform import aws
    from hireflow.platform.settings import settings
    from tests.support import resume_files  # real résumé files (fpdf2, Noto Sans SC)

    body = {"name": name, "phone": phone, "email": email, "locale": "zh"}
    body |= {"branch_id": "shanghai", "position_id": POSITION}
    candidate = api.call("POST", "/api/candidates", "shanghai.hr", body)
    cid = candidate["id"]
    api.call("POST", f"/api/candidates/{cid}/assign", "shanghai.hr", reviewers)
    # The résumé, as HR's upload on the candidate page does it.
    pdf = resume_files.chinese_pdf(name=name.split("(")[0], phone=phone, email=email)
    file = {"file_name": f"{name}-简历.pdf", "content_type": "application/pdf"}
    grant = api.call("POST", f"/api/candidates/{cid}/resume/upload", "shanghai.hr", file)
    posted = requests.post(
        grant["url"], data=grant["fields"], files={"file": (file["file_name"], pdf)}, timeout=30
    )
    posted.raise_for_status()
    _until(
        lambda: (
            (api.call("GET", f"/api/candidates/{cid}/resume", "shanghai.hr") or {}).get("status")
            == "parsed"
        ),
        120,
        "the résumé to be read",
    )
    # The interview: invited, every answer uploaded through the portal's grants, done.
    api.call("POST", f"/api/candidates/{cid}/invite", "shanghai.hr", {})
    lifecycle = services().portal.lifecycle
    _until(lambda: lifecycle.waits.get(cid, "interview"), 60, "the invitation")
    round_ = api.call("GET", f"/api/candidates/{cid}", "shanghai.hr")["round"]
    s3, data = aws.client("s3"), answer.read_bytes()
    for question in QUESTIONS:
        key = services().portal.open_attempt(cid, round_, question).key
        s3.put_object(Bucket=settings().media_bucket, Key=key, Body=data, ContentType="video/webm")
    interviews = services().portal.interviews

    def recorded() -> bool:
        interview = interviews.interview(cid, round_)
        answers = interview.answers if interview else {}
        return all(q in answers and answers[q].media_key for q in QUESTIONS)

    _until(recorded, 60, "the answers to be recorded")
    lifecycle.resume(cid, "interview", {"completed": True})
    _until(
        lambda: api.call("GET", f"/api/candidates/{cid}", "shanghai.hr")["status"] == "in_review",
        300,
        "the interview to be scored",
    )
    for reviewer in ("shanghai.interviewer", "shanghai.manager"):
        review = {"scores": MARKS, "comment": "沟通和团队合作很好；解决问题的思路不够清晰。"}
        api.call("POST", f"/api/candidates/{cid}/reviews", reviewer, review)
    return candidate


def _rejected_into_the_pool(api: _Api, candidate: dict[str, Any], phone: str, email: str) -> None:
    from hireflow.bootstrap import services
    from infra.localcloud.cloud import REGION
    from infra.localcloud.outbox import sent_messages

    cid = candidate["id"]
    lifecycle = services().portal.lifecycle
    _until(lambda: lifecycle.waits.get(cid, "review"), 60, "the review step")
    draft = api.call("GET", f"/api/candidates/{cid}/feedback-draft", "shanghai.hr")["text"]
    note = f"{draft}\n欢迎您今后再次申请我们的职位。".strip()
    decision = {"decision": "reject", "feedback": note}
    api.call("POST", f"/api/candidates/{cid}/decision", "shanghai.hr", decision)

    def letter_token() -> str | None:
        for message in reversed(sent_messages(REGION)):
            if email in message.to and note.splitlines()[-1] in message.body:
                found = _LINK.search(message.body)
                return found.group(1) if found else None
        return None

    token = _until(letter_token, 60, "the rejection letter")
    # The candidate opens the letter's link, passes the phone check and says yes.
    session = api.call("POST", f"/api/interview/{token}/verify", body={"phone": phone})["session"]
    headers = {"X-Interview-Session": session}
    path = f"/api/interview/{token}/pool-consent"
    api.call("PUT", path, body={"given": True}, headers=headers)
    _until(lambda: api.call("GET", path, headers=headers)["in_pool"], 60, "the candidate to join")


def start(
    url: str,
    sign_in: Callable[[str], str],
    claims: Callable[[str], dict],
    stopping: threading.Event,
) -> threading.Thread:
    """In the background (a new data directory only): the story, said when done. A cloud
    stopped meanwhile keeps what was done (`make reset` seeds it again)."""

    def work() -> None:
        started = time.monotonic()
        try:
            seed_story(url, sign_in, claims)
            print(f"\n  Talent demo ready in {time.monotonic() - started:.0f} s", flush=True)
        except Exception:  # the product runs without it; say why (unless it is stopping)
            if not stopping.is_set():
                log.exception("talent demo: seeding failed")

    thread = threading.Thread(target=work, name="talent-demo", daemon=True)
    thread.start()
    return thread

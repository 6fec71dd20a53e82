"""Builders for the things tests need before they can test: candidates, invitations.
They take a ``Client`` (tests/support/client.py), so every suite builds the same way."""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from tests.support.client import Client, Reply

if TYPE_CHECKING:
    from hireflow.people.model import Employee

SHANGHAI_POSITION = "shanghai-customer-service"
_LINK = re.compile(r"https?://\S+/interview/#[\w-]+")
_numbers = itertools.count(100)

T = TypeVar("T")


def new_candidate(client: Client, as_user: str = "shanghai.hr", **changes: Any) -> Reply:
    """POST /api/candidates: 李雷 for Shanghai's customer service position, with
    ``changes``; the reply as it came."""
    body = {
        "name": "李雷",
        "phone": "138 0013 8000",
        "email": "Li.Lei@Example.com",
        "branch_id": "shanghai",
        "position_id": SHANGHAI_POSITION,
        **changes,
    }
    return client.post("/api/candidates", as_user, body)


def english_candidate(
    client: Client,
    name: str,
    phone: str | None = None,
    email: str | None = None,
    *,
    reviewers: bool = False,
    **changes: Any,
) -> dict[str, Any]:
    """A candidate interviewing in English for Shanghai's customer service position (or
    ``position_id=``), created. Without a phone, one no other candidate of this process
    has (a local cloud outlives each test) and an e-mail made unique the same way; without
    an e-mail, one made from the name. ``reviewers``: Shanghai's interviewer and hiring
    manager assigned."""
    slug = name.lower().replace(" ", ".")
    if phone is None:
        n = next(_numbers)
        phone, email = f"1370013{n:04d}", email or f"{slug}.{n}@example.com"
    reply = new_candidate(
        client, name=name, phone=phone, email=email or f"{slug}@example.com", locale="en", **changes
    )
    assert reply.status == 201, reply.text
    candidate: dict[str, Any] = reply.json
    if reviewers:
        assigned = client.post(
            f"/api/candidates/{candidate['id']}/assign",
            "shanghai.hr",
            {
                "interviewer_id": client.user_id("shanghai.interviewer"),
                "hiring_manager_id": client.user_id("shanghai.manager"),
            },
        )
        assert assigned.status == 200, assigned.text
        candidate = assigned.json
    return candidate


def invite(
    client: Client, candidate: dict[str, Any], as_user: str = "shanghai.hr", **body: Any
) -> str:
    """Invite the candidate (``body``: the invite request's, e.g. ``deadline``) and wait for
    the invitation e-mail; returns the token of the interview link it carries."""
    before = len(client.outbox(candidate["email"]))
    client.transport.invite(candidate["id"], as_user, body)
    wait_until(lambda: len(client.outbox(candidate["email"])) > before)  # it went out
    return interview_token(invitation_link(client, candidate["email"]))


def invited(
    client: Client, name: str, phone: str | None = None, email: str | None = None, **body: Any
) -> tuple[dict[str, Any], str]:
    """An English-speaking candidate, created and invited: (candidate, interview token)."""
    candidate = english_candidate(client, name, phone, email)
    return candidate, invite(client, candidate, **body)


def uploaded_answer(
    s3: Any, bucket: str, candidate_id: str, question_id: str, body: bytes, round_: int = 1
) -> str:
    """Open an answer attempt as the portal's upload route does and put the recording
    where its grant says (the S3 event follows on the local cloud); returns the key."""
    from hireflow.bootstrap import services

    # The portal's check and consent come first (a real candidate cannot record without
    # them): the AI gate reads the one-box consent (privacy.gate).
    services().portal.interviews.change(
        candidate_id,
        round_,
        lambda i: None if i.consent_at else i.model_copy(update={"consent_at": i.invited_at}),
    )
    grant = services().portal.open_attempt(candidate_id, round_, question_id)
    s3.put_object(Bucket=bucket, Key=grant.key, Body=body, ContentType="video/webm")
    return grant.key


def invitation_link(client: Client, email: str, seconds: float = 30) -> str:
    """The interview link of the latest invitation e-mailed to ``email`` (waits for one)."""

    def links() -> list[str]:
        return [
            found.group(0)
            for m in client.outbox(email)
            if m["channel"] == "email" and (found := _LINK.search(m["body"]))
        ]

    return wait_until(links, seconds)[-1]


def interview_token(link: str) -> str:
    """The candidate's secret in an interview link (after the #)."""
    return link.rsplit("#", 1)[1]


def wait_until(check: Callable[[], T], seconds: float = 30, interval: float = 0.1) -> T:
    """``check()``'s first truthy result, polled until ``seconds`` have passed."""
    deadline = time.monotonic() + seconds
    while not (result := check()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(interval)
    return result


def wait_for_status(
    client: Client, candidate_id: str, status: str, seconds: float = 30
) -> dict[str, Any]:
    """The candidate once its status is ``status``."""
    deadline = time.monotonic() + seconds
    while True:
        candidate = client.candidate(candidate_id)
        if candidate["status"] == status:
            return candidate
        assert time.monotonic() < deadline, (
            f"still {candidate['status']} ({candidate['status_reason']})"
        )
        time.sleep(0.1)


def delivered(client: Client, to: str, text: str, count: int = 1) -> list[dict[str, Any]]:
    """Messages to ``to`` whose subject or body has ``text``, once ``count`` arrived."""

    def matching() -> list[dict[str, Any]]:
        return [m for m in client.outbox(to) if text in m["subject"] or text in m["body"]]

    wait_until(lambda: len(matching()) >= count)
    return matching()


def hired(
    client: Client,
    *,
    name: str = "王小明",
    branch_id: str = "shanghai",
    position_id: str = "shanghai-customer-service",
    manager: str | None = "shanghai.manager",
    start_in_days: int = 14,
    probation_months: int = 3,
    baseline: dict[str, float] | None = None,
    onboard: bool = True,
) -> Employee:
    """An employee as an accepted offer makes one, and the onboarding that
    ``employee.created`` starts (the bus's delivery, done here by hand)."""
    from datetime import timedelta

    from dateutil.relativedelta import relativedelta

    from hireflow.bootstrap import services
    from hireflow.people.model import BaselineDimension, Employee
    from hireflow.platform.ids import new_id, now
    from hireflow.platform.store import Repository

    start = now().date() + timedelta(days=start_in_days)
    employee = Employee(
        number=f"E{new_id()[:8]}",
        candidate_id=new_id(),
        name=name,
        email=f"{new_id()[:8]}@example.com",
        phone="+8613800138123",
        locale="zh",
        branch_id=branch_id,
        department="客户服务部",
        position_id=position_id,
        position_title="客户服务专员",
        start_date=start,
        work_location="上海市浦东新区世纪大道 100 号",
        probation_end=start + relativedelta(months=probation_months),
        manager_id=client.user_id(manager) if manager else None,
        offer_id=new_id(),
        baseline_round=1,
        baseline=[
            BaselineDimension(key=k, name=k, weight=1 / len(baseline), ai=v, human=v, combined=v)
            for k, v in (baseline or {}).items()
        ],
    )
    Repository(Employee).create(employee)
    if onboard:
        services().onboarding.start(employee.id)
    return employee

"""The candidate lifecycle end to end on the local cloud: the real state machine, the
real handlers, e-mails and SMS in the outbox, events on the bus, timeline, dashboard.

The browser side is covered by the portal's Playwright test: these tests put real answer
recordings into the media bucket (S3 event -> recorded -> scored by the scoring function)
and finish the interview through the portal's domain call (``Lifecycle.candidate_finished``).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests

from hireflow.bootstrap import services
from tests.support.builders import (
    delivered,
    english_candidate,
    invite,
    uploaded_answer,
    wait_for_status,
    wait_until,
)
from tests.support.client import Client, Reply

QUESTIONS = ["intro", "damaged-order", "difficult-teammate"]


@pytest.fixture(scope="module")
def bus_events(cloud) -> Callable[[], list[dict[str, Any]]]:
    """Another HR system subscribed to every hireflow event through an SQS queue."""
    sqs, events = cloud.client("sqs"), cloud.client("events")
    queue_url = sqs.create_queue(QueueName="subscriber")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])[
        "Attributes"
    ]["QueueArn"]
    bus = cloud.physical_id("DomainEventBus")
    events.put_rule(
        Name="subscriber", EventBusName=bus, EventPattern=json.dumps({"source": ["hireflow"]})
    )
    events.put_targets(Rule="subscriber", EventBusName=bus, Targets=[{"Id": "q", "Arn": queue_arn}])
    seen: list[dict[str, Any]] = []

    def drain() -> list[dict[str, Any]]:
        while True:
            batch = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get(
                "Messages", []
            )
            if not batch:
                return seen
            for message in batch:
                seen.append(json.loads(message["Body"]))
                sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])

    return drain


ANSWERS = {"intro": "face_jfk", "damaged-order": "face_strong", "difficult-teammate": "face_star"}


def upload_answers(
    hr: Client, candidate: dict[str, Any], videos: dict[str, Any], **chosen: str
) -> None:
    """Upload recordings through the portal's grants (a new attempt each) and wait until
    their S3 events have recorded them, as ``/complete`` makes sure."""
    round_ = hr.candidate(candidate["id"])["round"]
    s3, bucket = hr.cloud.client("s3"), hr.cloud.physical_id("MediaBucket")
    keys = {
        question: uploaded_answer(
            s3, bucket, candidate["id"], question, videos[video].read_bytes(), round_
        )
        for question, video in {**ANSWERS, **chosen}.items()
    }
    interviews = services().portal.interviews

    def recorded() -> dict[str, str | None]:
        interview = interviews.interview(candidate["id"], round_)
        return {q: a.media_key for q, a in interview.answers.items()} if interview else {}

    wait_until(lambda: recorded() == keys)


def finish_and_score(hr: Client, candidate: dict[str, Any], videos: dict[str, Any]) -> None:
    lifecycle = services().portal.lifecycle
    wait_until(lambda: lifecycle.waits.get(candidate["id"], "interview") is not None)
    upload_answers(hr, candidate, videos)
    assert lifecycle.resume(candidate["id"], "interview", {"completed": True}) is True
    assert (
        lifecycle.resume(candidate["id"], "interview", {"completed": True}) is False
    )  # a duplicate callback
    wait_for_status(hr, candidate["id"], "in_review", seconds=90)


def review(hr: Client, candidate: dict[str, Any], user: str, marks: int) -> None:
    scores = {"communication": marks, "problem_solving": marks, "teamwork": marks}
    reply = hr.call(
        "POST",
        f"/api/candidates/{candidate['id']}/reviews",
        user,
        {"scores": scores, "comment": "ok"},
    )
    assert reply.status == 201, reply.text


def decide(hr: Client, candidate: dict[str, Any], user: str, **body: Any) -> Reply:
    """POST the decision once the lifecycle waits for it. Where the AI and the reviewers
    disagree (these tests' marks are not chosen to agree) a decider gives a reason."""
    lifecycle = services().portal.lifecycle
    wait_until(lambda: lifecycle.waits.get(candidate["id"], "review") is not None)
    scores = hr.call("GET", f"/api/candidates/{candidate['id']}/scores", user).json
    if any(d["disagreement"] for d in scores["dimensions"]):
        body.setdefault("disagreement_reason", "The reviewers saw what the AI could not.")
    return hr.call("POST", f"/api/candidates/{candidate['id']}/decision", user, body)


def kinds(events: list[dict[str, Any]], subject_id: str) -> list[str]:
    """The detail-types about one candidate (or one employee), in order."""
    return [
        e["detail-type"]
        for e in events
        if subject_id in (e["detail"].get("candidate_id"), e["detail"].get("employee_id"))
    ]


def test_reject_path(hr, bus_events, answer_videos):
    candidate = english_candidate(hr, "Reject Path", reviewers=True)
    invite(hr, candidate)
    invitation = delivered(hr, candidate["email"], "Your video interview")
    assert invitation[0]["subject"] == "Your video interview for Customer Service Associate"
    link = re.search(r"http://\S+/interview/#[\w-]+", invitation[0]["body"]).group(0)
    assert link.startswith(hr.cloud.url)
    sms = delivered(hr, candidate["phone"], "record your interview")
    assert len(sms) == 1 and link in sms[0]["body"]

    finish_and_score(hr, candidate, answer_videos)
    assert len(delivered(hr, candidate["email"], "received your interview")) == 1
    for reviewer in ("shanghai.interviewer@example.com", "shanghai.manager@example.com"):
        # Staff read Chinese unless their profile says otherwise.
        assert delivered(hr, reviewer, "面试报告已生成：Reject Path")

    review(hr, candidate, "shanghai.interviewer", 55)
    review(hr, candidate, "shanghai.manager", 65)
    scores = hr.call("GET", f"/api/candidates/{candidate['id']}/scores", "shanghai.manager").json
    assert scores["human_overall"] == 60.0 and scores["reviewers"] == 2
    assert scores["weights"] == {"ai": 0.4, "human": 0.6}

    feedback = "Your answer to the scenario question missed the follow-up step."
    reply = decide(hr, candidate, "shanghai.manager", decision="reject", feedback=feedback)
    assert reply.status == 202, reply.text
    again = hr.call(
        "POST", f"/api/candidates/{candidate['id']}/decision", "shanghai.hr", {"decision": "offer"}
    )
    assert again.status == 409
    wait_for_status(hr, candidate["id"], "rejected")
    letter = delivered(hr, candidate["email"], "Your application for")
    assert len(letter) == 1 and feedback in letter[0]["body"]

    timeline = hr.call("GET", f"/api/candidates/{candidate['id']}/timeline", "shanghai.hr").json
    assert [s["status"] for s in timeline] == [
        "imported",
        "invited",
        "completed",
        "in_review",
        "rejected",
    ]
    assert timeline[-1]["actor"] == "shanghai.manager" and timeline[-1]["left_at"] is None
    assert all(s["left_at"] for s in timeline[:-1])
    wait_until(lambda: "candidate.rejected" in kinds(bus_events(), candidate["id"]))
    assert kinds(bus_events(), candidate["id"]) == [
        "candidate.invited",
        *["answer.recorded"] * 3,
        "interview.completed",
        "report.ready",
        "candidate.rejected",
    ]
    detail = bus_events()[-1]["detail"]
    assert "name" not in detail and "email" not in detail and "phone" not in detail


def test_second_round_then_offer(hr, bus_events, answer_videos):
    candidate = english_candidate(hr, "Second Round", reviewers=True)
    invite(hr, candidate)
    finish_and_score(hr, candidate, answer_videos)
    review(hr, candidate, "shanghai.interviewer", 80)
    reply = decide(
        hr,
        candidate,
        "shanghai.hr",
        decision="second_round",
        interview_time="2026-12-01 10:00",
        interview_place="Shanghai office, room 3",
        interviewer_name="Ms Wang",
    )
    assert reply.status == 202, reply.text
    second = wait_for_status(hr, candidate["id"], "second_round")
    assert second["round"] == 2
    letter = delivered(hr, candidate["email"], "Second interview for")
    assert "Shanghai office, room 3" in letter[0]["body"] and "Ms Wang" in letter[0]["body"]
    assert delivered(hr, candidate["phone"], "room 3")

    # A third round is a second round again, with its own letter.
    review(hr, candidate, "shanghai.manager", 85)
    again = decide(
        hr,
        candidate,
        "shanghai.manager",
        decision="second_round",
        interview_time="2026-12-08 15:00",
        interview_place="HQ, room 9",
    )
    assert again.status == 202, again.text
    wait_until(lambda: hr.candidate(candidate["id"])["round"] == 3)
    assert len(delivered(hr, candidate["email"], "Second interview for", count=2)) == 2
    review(hr, candidate, "shanghai.manager", 90)
    assert decide(hr, candidate, "shanghai.manager", decision="offer").status == 202
    wait_for_status(hr, candidate["id"], "offer_pending")
    wait_until(lambda: "offer.requested" in kinds(bus_events(), candidate["id"]))
    assert kinds(bus_events(), candidate["id"])[-2:] == [
        "candidate.second_round",
        "offer.requested",
    ]


def test_no_show_expires_and_stays_in_the_talent_pool(hr, bus_events):
    candidate = english_candidate(hr, "No Show", reviewers=True)
    deadline = (datetime.now(UTC) + timedelta(seconds=3)).isoformat()
    invite(hr, candidate, deadline=deadline)
    expired = wait_for_status(hr, candidate["id"], "expired", seconds=30)
    assert "deadline passed" in expired["status_reason"]
    wait_until(lambda: "candidate.expired" in kinds(bus_events(), candidate["id"]))
    assert (
        services().portal.lifecycle.resume(candidate["id"], "interview", {"completed": True})
        is False
    )
    # Still a candidate: HR can invite again.
    invite(hr, candidate)
    assert hr.candidate(candidate["id"])["invitations"] == 2


def test_a_failing_task_lands_in_needs_attention_on_the_dashboard(hr, bus_events):
    created = hr.call(
        "POST",
        "/api/positions",
        "shanghai.hr",
        {
            "id": "night-porter",
            "branch_id": "shanghai",
            "title": "Night porter",
            "competency_model": {"dimensions": [{"key": "a", "name": "A", "weight": 1}]},
        },
    )
    assert created.status == 201, created.text
    candidate = english_candidate(hr, "Broken Setup", reviewers=True, position_id="night-porter")
    before = hr.call("GET", "/api/dashboard", "shanghai.hr").json[0]
    assert (
        hr.call("POST", f"/api/candidates/{candidate['id']}/invite", "shanghai.hr", {}).status
        == 202
    )
    stuck = wait_for_status(hr, candidate["id"], "needs_attention")
    assert stuck["status_reason"] == (
        "SendInvitation failed: CannotInvite (position 'Night porter' has no interview template)"
    )
    board = hr.call("GET", "/api/dashboard", "shanghai.hr").json
    assert [b["branch_id"] for b in board] == ["shanghai"]
    attention = {a["candidate_id"]: a for a in board[0]["needs_attention"]}
    assert "no interview template" in attention[candidate["id"]]["reason"]
    assert board[0]["now"]["needs_attention"] == before["now"].get("needs_attention", 0) + 1
    wait_until(lambda: "candidate.needs_attention" in kinds(bus_events(), candidate["id"]))


def test_dashboard_counts_and_hq_sees_every_branch(hr):
    board = {b["branch_id"]: b for b in hr.call("GET", "/api/dashboard", "hq.hr").json}
    assert set(board) == {"shanghai", "shenzhen", "new-york"}  # the demo's branches
    shanghai = board["shanghai"]
    assert shanghai["entered"]["invited"] >= 3
    assert shanghai["entered"]["completed"] >= 2
    assert 0 < shanghai["completion_rate"] <= 1
    stages = {s["status"]: s for s in shanghai["average_time_in_stage"]}
    assert stages["invited"]["exits"] >= 2 and stages["invited"]["average_seconds"] >= 0
    assert hr.call("GET", "/api/dashboard", "shanghai.interviewer").status == 403


def test_reminders_go_out_once_per_window(hr, answer_videos):
    candidate = english_candidate(hr, "Needs Reminder", reviewers=True)
    invite(hr, candidate, deadline=(datetime.now(UTC) + timedelta(hours=5)).isoformat())
    lambda_client = hr.cloud.client("lambda")
    function = hr.cloud.physical_id("ScheduledFunction")

    def fire(at: datetime) -> dict[str, Any]:
        event = {
            "detail-type": "Scheduled Event",
            "source": "aws.events",
            "time": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "detail": {},
        }
        reply = lambda_client.invoke(FunctionName=function, Payload=json.dumps(event))
        assert "FunctionError" not in reply, reply["Payload"].read()
        return json.loads(reply["Payload"].read())

    now = datetime.now(UTC)
    first, second = fire(now), fire(now)
    assert first["candidates_reminded"] >= 1 and second["candidates_reminded"] == 0
    reminders = [m for m in hr.outbox(candidate["email"]) if m["subject"].startswith("Reminder")]
    assert len(reminders) == 1
    assert len([m for m in hr.outbox(candidate["phone"]) if "closes" in m["body"]]) == 1

    # A report waiting more than two days reminds its reviewers, once.
    waiting = english_candidate(hr, "Waiting Review", reviewers=True)
    invite(hr, waiting)
    finish_and_score(hr, waiting, answer_videos)
    later = datetime.now(UTC) + timedelta(days=3)
    assert fire(later)["reviewers_reminded"] >= 2
    assert fire(later)["reviewers_reminded"] == 0
    assert len(delivered(hr, "shanghai.manager@example.com", "待您评估：Waiting Review")) == 1


@pytest.mark.usefixtures("wrong_phones_given_back")
def test_a_locked_link_re_invited_replaces_the_old_execution(hr):
    candidate = english_candidate(hr, "Locked Out", reviewers=True)
    invite(hr, candidate, deadline=(datetime.now(UTC) + timedelta(seconds=6)).isoformat())
    link = re.search(
        r"/interview/#([\w-]+)", delivered(hr, candidate["email"], "/interview/#")[0]["body"]
    )
    api = f"{hr.cloud.url}/api/interview/{link.group(1)}"
    statuses = [
        requests.post(
            f"{api}/verify", json={"phone": "13000000000", "consent": True}, timeout=10
        ).status_code
        for _ in range(5)
    ]
    assert statuses == [401, 401, 401, 401, 423]
    wait_for_status(hr, candidate["id"], "needs_attention")
    first_execution = hr.candidate(candidate["id"])["execution_arn"]
    invite(hr, candidate)  # a fresh link with the default 7-day deadline
    sfn = hr.cloud.client("stepfunctions")
    # AWS aborts it at once; moto lets a waiting task finish its wait first, then fails it.
    wait_until(lambda: sfn.describe_execution(executionArn=first_execution)["status"] != "RUNNING")
    time.sleep(2)  # past the first invitation's deadline: nothing expires the new one
    assert hr.candidate(candidate["id"])["status"] == "invited"
    assert hr.candidate(candidate["id"])["execution_arn"] != first_execution
    assert requests.get(api, timeout=10).status_code == 410  # the old link is gone

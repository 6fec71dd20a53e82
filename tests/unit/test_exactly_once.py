"""At-least-once sources and impatient people: the same answer event arriving many times
while the first is being scored scores it once; many fast invite clicks start one
lifecycle execution. Real threads call the real handlers at the same moment."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from threading import Barrier

import pytest

from hireflow.bootstrap import reset, services
from hireflow.platform import aws
from hireflow.platform.ids import now
from hireflow.platform.settings import settings
from hireflow.scoring import analysis
from hireflow.scoring import service as scoring_service
from hireflow.scoring.model import AnswerAssessment, ScoringClaim, VisionFeatures
from tests.support import template_function
from tests.support.builders import english_candidate, invited, uploaded_answer

DUPLICATES = 8


def at_once(count, call):
    """``call(i)`` from ``count`` threads released together; their results."""
    start = Barrier(count)

    def one(i):
        start.wait()
        return call(i)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(one, range(count)))


def answer_recorded_event(candidate_id, question_id):
    return {
        "version": "0",
        "id": "e1",
        "detail-type": "answer.recorded",
        "source": "hireflow",
        "account": "123456789012",
        "time": "2026-01-01T00:00:00Z",
        "region": "us-east-1",
        "resources": [],
        "detail": {"candidate_id": candidate_id, "round": 1, "question_id": question_id},
    }


@pytest.fixture
def scorer(monkeypatch):
    """The scoring function with a counted scorer that holds the first scoring open until
    every duplicate has been answered (so they surely arrive during it)."""
    monkeypatch.setenv("HIREFLOW_TRANSCRIPTION_ENGINE", "whisper")
    reset()
    runs, answered, everyone_answered = [], [], threading.Event()

    def analyse(path, question, seconds, language, model):
        runs.append(path.read_bytes())
        everyone_answered.wait(timeout=10)
        return AnswerAssessment(
            question_id=question.id,
            duration=5.0,
            insufficient_evidence="a stand-in scorer",
            transcript=None,
            speech=None,
            content=None,
            vision=VisionFeatures(
                frames=1,
                face_present=1,
                several_faces=0,
                centred=1,
                frontal=1,
                brightness=120,
                sharpness=50,
                several_faces_at=[],
                model="stand-in",
            ),
            scores=None,
            flags=[],
            models={},
        )

    monkeypatch.setattr(analysis, "analyse", analyse)
    monkeypatch.setattr(scoring_service, "whisper", lambda folder: None)
    function = template_function("ScoringFunction")

    def invoke(event):
        result, error = function.invoke(event, "us-east-1")
        answered.append(result)
        if len(answered) == DUPLICATES - 1:
            everyone_answered.set()  # only the one scorer is still at work
        return result, error

    return invoke, runs


def test_duplicate_answer_events_during_scoring_score_the_answer_once(hr, scorer, atomic_dynamodb):
    invoke, runs = scorer
    candidate, _ = invited(hr, "Li Lei", "13800138000")
    s3, bucket = aws.client("s3"), settings().media_bucket
    key = uploaded_answer(s3, bucket, candidate["id"], "intro", b"the recording")
    assert services().portal.record_answer(key)

    event = answer_recorded_event(candidate["id"], "intro")
    replies = at_once(DUPLICATES, lambda _: invoke(event))
    assert [error for _, error in replies] == [None] * DUPLICATES
    outcomes = Counter(result["outcome"] for result, _ in replies)
    assert outcomes == {"insufficient evidence": 1, "already being scored": DUPLICATES - 1}
    assert runs == [b"the recording"]  # one scoring run, of the accepted recording
    records = services().answer_scoring().scoring.of_round(candidate["id"], 1)
    answer = services().portal.interviews.interview(candidate["id"], 1).answers["intro"]
    assert len(records) == 1
    assert (records[0].media_version, records[0].media_etag) == (
        answer.media_version,
        answer.media_etag,
    )
    assert answer.media_version and answer.media_etag
    # A late duplicate finds the answer assessed.
    assert invoke(event)[0]["outcome"] == "already assessed"
    assert len(runs) == 1


def test_a_retry_of_a_scoring_that_died_takes_over_and_a_duplicate_does_not(hr):
    """A scorer killed mid-work (out of memory, a stopped local cloud) never lets go of its
    claim. Lambda retries the delivery with its request id: that retry takes the claim at
    once, while another delivery of the same event waits out the lease."""
    claims = services().answer_scoring().scoring

    def claim(delivery):
        return claims.claim(
            ScoringClaim(
                candidate_id="c1",
                round=1,
                question_id="intro",
                media_key="answers/c1/1/intro/a1.webm",
                media_version="v1",
                lease_until=now() + timedelta(minutes=15),
                delivery=delivery,
            )
        )

    died = claim("delivery-1")
    assert died is not None  # ... and is never released nor finished
    assert claim("delivery-2") is None
    retry = claim("delivery-1")
    assert retry is not None and retry.delivery == "delivery-1"
    claims.finish(retry)
    assert claim("delivery-1") is None  # scored: nobody scores it again


def test_twenty_fast_invite_clicks_start_one_execution(hr, atomic_dynamodb):
    candidate = english_candidate(hr, "Li Lei", "13800138000")
    hr.claims("shanghai.hr")  # signed in before the clicks
    path = f"/api/candidates/{candidate['id']}/invite"
    replies = at_once(20, lambda _: hr.post(path, "shanghai.hr", {"deadline_days": 5}))
    assert Counter(reply.status for reply in replies) == {202: 1, 409: 19}
    refusals = {reply.json["message"] for reply in replies if reply.status == 409}
    assert refusals == {"an invitation for this candidate is already on its way"}
    # A click a moment later is refused the same way.
    assert hr.post(path, "shanghai.hr", {"deadline_days": 5}).status == 409
    machine = services().interviews.lifecycle.machine.arn
    executions = aws.client("stepfunctions").list_executions(stateMachineArn=machine)
    started = [e["name"] for e in executions["executions"] if e["name"].startswith(candidate["id"])]
    assert started == [f"{candidate['id']}-1"]


def test_a_start_that_finds_its_execution_started_is_a_success(hr):
    candidate = english_candidate(hr, "Li Lei", "13800138000")
    lifecycle = services().interviews.lifecycle
    name = f"{candidate['id']}-1"
    first = lifecycle.start(name, {"candidate_id": candidate["id"], "n": 1})
    assert lifecycle.start(name, {"candidate_id": candidate["id"], "n": 2}) == first

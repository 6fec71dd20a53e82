"""Faults at every lifecycle step: SES, SNS, EventBridge and DynamoDB throttling or failing
once. Each step fails with an error the state machine retries (``Transient``), and its
retry ends exactly where an undisturbed run ends: the same status, every letter and event
sent, none twice."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from botocore.client import BaseClient
from botocore.exceptions import ClientError
from moto.sns.models import sns_backends

from hireflow.platform.errors import Transient
from hireflow.platform.events import EventBridgePublisher
from infra.localcloud.template import ACCOUNT_ID
from tests.support import template_function
from tests.support.builders import english_candidate, invited
from tests.unit.test_lifecycle import DEADLINE, mails_to, run
from tests.unit.test_portal import PHONE, Portal, put, s3_event, verified

ASL = Path(__file__).resolve().parents[2] / "statemachines" / "candidate_lifecycle.asl.json"

# (service, operation, error code): what AWS answers when it throttles or hiccups.
FAULTS = [
    ("sesv2", "SendEmail", "TooManyRequestsException"),
    ("sns", "Publish", "ThrottlingException"),
    ("events", "PutEvents", "InternalFailure"),
    ("dynamodb", "TransactWriteItems", "ProvisionedThroughputExceededException"),
    ("dynamodb", "GetItem", "InternalServerError"),
    ("dynamodb", "Query", "ThrottlingException"),
    ("dynamodb", "PutItem", "ServiceUnavailable"),
    ("dynamodb", "UpdateItem", "ProvisionedThroughputExceededException"),
    ("dynamodb", "DeleteItem", "InternalServerError"),
]

REJECTION = {"decision": "reject", "feedback": "We chose a candidate with more experience."}
SECOND_ROUND = {
    "decision": "second_round",
    "interview_time": "2099-01-05 10:00",
    "interview_place": "Shanghai office",
    "round": 1,
}


def _invited(candidate_id: str) -> None:
    run("send_invitation", candidate_id, deadline=DEADLINE)


def _completed(candidate_id: str) -> None:
    _invited(candidate_id)
    run("interview_completed", candidate_id)


def _in_review(candidate_id: str) -> None:
    _completed(candidate_id)
    run("report_ready", candidate_id)


@dataclass(frozen=True)
class Step:
    task: str
    before: Callable[[str], None] | None
    payload: dict[str, Any] = field(default_factory=dict)


STEPS = [
    Step("send_invitation", None, {"deadline": DEADLINE}),
    Step("interview_completed", _invited),
    Step("expire_interview", _invited),
    Step("report_ready", _completed),
    Step("send_rejection", _in_review, {"decision": REJECTION}),
    Step("send_second_round", _in_review, {"decision": SECOND_ROUND}),
    Step("request_offer", _in_review, {"decision": {"decision": "offer"}}),
]


class FaultInjector:
    """Makes the next call of one AWS operation fail, once, as AWS would answer it."""

    def __init__(self) -> None:
        self.target: tuple[str, str, str] | None = None
        self.fired = False

    def arm(self, service: str, operation: str, code: str) -> None:
        self.target, self.fired = (service, operation, code), False

    def disarm(self) -> None:
        self.target = None

    def check(self, client: BaseClient, operation: str) -> None:
        if self.target is None or self.fired:
            return
        service, target_operation, code = self.target
        if client.meta.service_model.service_name == service and operation == target_operation:
            self.fired = True
            raise ClientError({"Error": {"Code": code, "Message": "injected"}}, operation)


@pytest.fixture
def faults(monkeypatch: pytest.MonkeyPatch) -> Iterator[FaultInjector]:
    injector = FaultInjector()
    call = BaseClient._make_api_call

    def faulty(client: BaseClient, operation: str, params: Any) -> Any:
        injector.check(client, operation)
        return call(client, operation, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", faulty)
    yield injector


@pytest.fixture
def published(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """(detail-type, candidate id) of every event that reached the bus."""
    seen: list[tuple[str, str]] = []
    publish = EventBridgePublisher.publish

    def recording(self: EventBridgePublisher, detail_type: str, detail: Any) -> None:
        publish(self, detail_type, detail)
        seen.append((detail_type, str(detail.get("candidate_id"))))

    monkeypatch.setattr(EventBridgePublisher, "publish", recording)
    return seen


@dataclass(frozen=True)
class Outcome:
    status: str
    letters: Counter[str]
    texts: int
    events: Counter[str]


def _outcome(hr: Any, candidate: dict[str, Any], published: list[tuple[str, str]]) -> Outcome:
    sms = sns_backends[ACCOUNT_ID]["us-east-1"].sms_messages.values()
    phone_digits = "".join(c for c in candidate["phone"] if c.isdigit())
    return Outcome(
        status=hr.candidate(candidate["id"])["status"],
        letters=Counter(m.subject for m in mails_to(candidate["email"])),
        texts=sum(1 for phone, _ in sms if phone.endswith(phone_digits[-8:])),
        events=Counter(kind for kind, cid in published if cid == candidate["id"]),
    )


def _retried_errors() -> set[str]:
    """The errors the state machine's Task states retry."""
    states = json.loads(ASL.read_text())["States"].values()
    return {error for s in states for r in s.get("Retry", []) for error in r["ErrorEquals"]}


def test_the_state_machine_retries_what_a_fault_raises():
    assert Transient.__name__ in _retried_errors()


@pytest.mark.parametrize("step", STEPS, ids=[s.task for s in STEPS])
def test_a_fault_at_any_step_is_retried_and_nothing_is_lost_or_sent_twice(
    hr, step, faults, published
):
    def prepared(name: str) -> dict[str, Any]:
        candidate = english_candidate(hr, name)
        if step.before:
            step.before(candidate["id"])
        return candidate

    undisturbed = prepared("Calm Case")
    run(step.task, undisturbed["id"], **step.payload)
    expected = _outcome(hr, undisturbed, published)

    fired = []
    for number, (service, operation, code) in enumerate(FAULTS):
        candidate = prepared(f"Fault Case {number}")
        faults.arm(service, operation, code)
        try:
            run(step.task, candidate["id"], **step.payload)
        except Transient:
            run(step.task, candidate["id"], **step.payload)  # Step Functions' retry
        finally:
            faults.disarm()
        if faults.fired:
            fired.append(operation)
        outcome = _outcome(hr, candidate, published)
        assert outcome == expected, f"{service}.{operation} {code}: {outcome} != {expected}"
    assert "TransactWriteItems" in fired or "PutItem" in fired  # every step writes


def test_an_event_whose_delivery_failed_goes_out_with_the_outbox_sweep(hr, faults, published):
    """EventBridge fails just after an answer is recorded and no retry comes (Lambda's
    retries used up, or the portal's /complete, which the candidate does not repeat): the
    scheduled sweep publishes the event, once."""
    portal = Portal()
    candidate, token = invited(hr, "Li Lei", PHONE)
    session = verified(portal, token)
    path = f"/api/interview/{token}/answers/intro/upload"
    grant = portal.call("POST", path, {}, session=session)[1]
    uploaded = put(grant["key"])
    faults.arm("events", "PutEvents", "InternalFailure")
    recorder = template_function("AnswerRecordedFunction")
    _, error = recorder.invoke(s3_event(grant["key"], uploaded), "us-east-1")
    assert error is not None  # recorded, but answer.recorded did not reach the bus
    assert ("answer.recorded", candidate["id"]) not in published

    sweep = template_function("ScheduledFunction")
    result, error = sweep.invoke({"job": "outbox"}, "us-east-1")
    assert error is None and result == {"delivered": 1, "still_failing": 0}
    assert published.count(("answer.recorded", candidate["id"])) == 1
    assert sweep.invoke({"job": "outbox"}, "us-east-1")[0] == {"delivered": 0, "still_failing": 0}

"""A step's letters and events go out once, however often Step Functions runs it: what a
failed attempt committed but could not send waits in the outbox for the retry."""

import pytest
from botocore.exceptions import ClientError

from hireflow.bootstrap import services
from hireflow.notifications.sending import AwsSender
from hireflow.platform.errors import Transient
from hireflow.platform.events import EventBridgePublisher
from tests.unit.test_lifecycle import DEADLINE, candidate, mails_to, run

__all__ = ["candidate"]  # the fixture

REJECTION = {"decision": "reject", "feedback": "We chose a candidate with more experience."}


@pytest.fixture
def published(monkeypatch):
    """The detail-types put on the event bus."""
    seen = []
    publish = EventBridgePublisher.publish

    def recording(self, detail_type, detail):
        publish(self, detail_type, detail)
        seen.append(detail_type)

    monkeypatch.setattr(EventBridgePublisher, "publish", recording)
    return seen


def fail_first_email(monkeypatch):
    """SES throttles the first e-mail, then recovers."""
    send = AwsSender.send
    failures = [ClientError({"Error": {"Code": "ThrottlingException"}}, "SendEmail")]

    def flaky(self, message):
        if message.channel == "email" and failures:
            raise failures.pop()
        return send(self, message)

    monkeypatch.setattr(AwsSender, "send", flaky)


def in_review(candidate_id):
    run("send_invitation", candidate_id, deadline=DEADLINE)
    run("interview_completed", candidate_id)
    run("report_ready", candidate_id)


def test_a_letter_that_failed_after_the_commit_goes_out_once_on_the_retry(
    hr, candidate, published, monkeypatch
):
    in_review(candidate["id"])
    fail_first_email(monkeypatch)
    with pytest.raises(Transient):  # the state machine retries exactly this error
        run("send_rejection", candidate["id"], decision=REJECTION)
    stored = services().candidates.candidates.get(candidate["id"])
    assert stored.status == "rejected"  # the change was committed before the send failed
    assert not [m for m in mails_to("li.lei@example.com") if "Your application" in m.subject]
    assert "candidate.rejected" not in published

    assert run("send_rejection", candidate["id"], decision=REJECTION) == {"status": "rejected"}
    assert run("send_rejection", candidate["id"], decision=REJECTION) == {"status": "rejected"}
    letters = [m for m in mails_to("li.lei@example.com") if "Your application" in m.subject]
    assert len(letters) == 1 and REJECTION["feedback"] in letters[0].body
    assert published.count("candidate.rejected") == 1


def test_a_second_round_invitation_and_its_event_survive_a_failed_publish(
    hr, candidate, published, monkeypatch
):
    in_review(candidate["id"])
    publish = EventBridgePublisher.publish
    failures = [ClientError({"Error": {"Code": "ServiceUnavailable"}}, "PutEvents")]

    def flaky(self, detail_type, detail):
        if failures:
            raise failures.pop()
        publish(self, detail_type, detail)

    monkeypatch.setattr(EventBridgePublisher, "publish", flaky)
    decision = {
        "decision": "second_round",
        "interview_time": "2099-01-05 10:00",
        "interview_place": "Shanghai office",
        "round": 1,
    }
    with pytest.raises(Transient):
        run("send_second_round", candidate["id"], decision=decision)
    assert run("send_second_round", candidate["id"], decision=decision)["round"] == 2
    assert run("send_second_round", candidate["id"], decision=decision)["round"] == 2
    invitations = [m for m in mails_to("li.lei@example.com") if "Second interview" in m.subject]
    assert len(invitations) == 1
    assert published.count("candidate.second_round") == 1
    assert services().outbox.entries.pending(candidate["id"]) == []

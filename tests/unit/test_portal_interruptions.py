"""A reload or a dropped connection during an answer: the attempt in flight is recorded as
interrupted, the question allows one more attempt (once per question, however many
reloads), HR sees each interruption, and a recording that arrives late is kept and counted
once. Through the candidate function's real handler and the recorder's, on moto."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hireflow.bootstrap import services
from tests.support import template_function
from tests.support.builders import invited
from tests.unit.test_portal import PHONE, portal, put, s3_event, verified, versions  # noqa: F401

ONCE = "damaged-order"  # a question the template allows no retake for


class Candidate:
    """One invited, verified candidate's side of the portal."""

    def __init__(self, hr, portal) -> None:  # noqa: F811
        self.hr, self.portal = hr, portal
        self.record, self.token = invited(hr, "Li Lei", PHONE)
        self.id = self.record["id"]
        self.session = verified(portal, self.token)

    def call(self, method, path, body=None):
        return self.portal.call(
            method, f"/api/interview/{self.token}{path}", body, session=self.session
        )

    def grant(self, question=ONCE):
        return self.call("POST", f"/answers/{question}/upload", {})

    def interrupted(self, attempt, question=ONCE, cause="reload"):
        status, body = self.call(
            "POST", f"/answers/{question}/interrupted", {"attempt": attempt, "cause": cause}
        )
        assert status == 200, body
        return body

    def question(self, question=ONCE):
        status, questions = self.call("GET", "/questions")
        assert status == 200
        return next(q for q in questions if q["id"] == question)

    def shown_to_hr(self, question=ONCE):
        state = self.hr.get(f"/api/candidates/{self.id}/interview", "shanghai.hr").json
        return next(a for a in state["answers"] if a["question_id"] == question)

    def stored(self):
        return services().portal.interviews.interview(self.id, 1)


def recorded(key, uploaded):
    result, error = template_function("AnswerRecordedFunction").invoke(
        s3_event(key, uploaded), "us-east-1"
    )
    assert error is None, result
    return result["recorded"]


def test_a_reload_mid_answer_is_recorded_as_interrupted_and_earns_one_retake(hr, portal):  # noqa: F811
    me = Candidate(hr, portal)
    status, first = me.grant()
    assert status == 200
    # The page reloads while recording: the question is still waiting for its answer.
    assert me.question()["state"] == "in_flight"
    shown = me.interrupted(first["attempt"])
    assert shown["state"] == "interrupted" and shown["attempts_left"] == 1
    assert shown["interruptions"] == 1 and not shown["answered"]
    # The page reports it again (a second tab, a retried request): nothing more.
    assert me.interrupted(first["attempt"]) == shown
    assert len(me.stored().interruptions[ONCE]) == 1
    # HR sees the attempt, when it began, when and why it was lost.
    lost = me.shown_to_hr()["interruptions"]
    assert [(i["attempt"], i["cause"]) for i in lost] == [(1, "reload")]
    assert lost[0]["granted_at"] and lost[0]["interrupted_at"] and lost[0]["late_version"] is None
    assert me.shown_to_hr()["attempts"] == 1
    # The retake, on a question that allows none, with the question's whole time again.
    status, retake = me.grant()
    assert status == 200 and retake["attempt"] == 2 and f"/{ONCE}/2-" in retake["key"]
    assert retake["expires_in"] >= 45 + 120 + 170  # the stage's times and the grace
    recorded_now = recorded(retake["key"], put(retake["key"]))
    assert recorded_now == 1 and me.question()["state"] == "answered"


def test_the_retake_after_an_interruption_gets_a_fresh_window(hr, portal):  # noqa: F811
    me = Candidate(hr, portal)
    first = me.grant()[1]
    long_ago = datetime.now(UTC) - timedelta(hours=1)
    services().portal.interviews.change(
        me.id, 1, lambda i: i.model_copy(update={"question_started": {ONCE: long_ago}})
    )
    me.interrupted(first["attempt"], cause="connection")
    status, body = me.grant()
    assert status == 200, body
    assert me.shown_to_hr()["interruptions"][0]["cause"] == "connection"


def test_a_second_reload_is_recorded_but_earns_no_more_retakes(hr, portal):  # noqa: F811
    me = Candidate(hr, portal)
    me.interrupted(me.grant()[1]["attempt"])
    second = me.grant()[1]
    shown = me.interrupted(second["attempt"])
    # Reloading is not a way to unlimited retakes: the question is over, without answer.
    assert shown["state"] == "closed" and shown["attempts_left"] == 0
    assert shown["interruptions"] == 2
    status, body = me.grant()
    assert status == 409 and "no retakes left" in body["message"]
    # An older attempt reported again, or a question never started: nothing is recorded.
    me.interrupted(1)
    me.interrupted(1, question="intro")
    assert len(me.stored().interruptions[ONCE]) == 2 and "intro" not in me.stored().interruptions
    # On a question with a retake of its own, an interruption adds one, once.
    me.interrupted(me.grant("intro")[1]["attempt"], question="intro")
    assert me.question("intro")["attempts_left"] == 2
    me.interrupted(me.grant("intro")[1]["attempt"], question="intro")
    assert me.question("intro")["attempts_left"] == 1
    # Completing: a question whose last attempt was lost does not hold the interview up.
    last = me.grant("intro")[1]["key"]
    assert recorded(last, put(last)) == 1
    status, body = me.call("POST", "/complete")
    assert status == 200, body
    hr_view = me.shown_to_hr()
    assert [i["attempt"] for i in hr_view["interruptions"]] == [1, 2]
    assert hr_view["media_key"] is None and hr_view["attempts"] == 2


def test_a_recording_that_reached_s3_is_the_answer_not_an_interruption(hr, portal):  # noqa: F811
    me = Candidate(hr, portal)
    grant = me.grant()[1]
    uploaded = put(grant["key"])  # the upload got through; the page reloaded before the reply
    shown = me.interrupted(grant["attempt"])
    assert shown["state"] == "answered" and shown["interruptions"] == 0
    assert me.stored().answers[ONCE].media_version == uploaded["VersionId"]
    assert recorded(grant["key"], uploaded) == 0  # its S3 event, later: a duplicate


def test_a_late_upload_before_any_retake_is_the_answer_scored_once(hr, portal):  # noqa: F811
    me = Candidate(hr, portal)
    grant = me.grant()[1]
    assert me.interrupted(grant["attempt"])["attempts_left"] == 1
    late = put(grant["key"])  # the upload was still on its way
    assert recorded(grant["key"], late) == 1
    assert recorded(grant["key"], late) == 0  # its duplicate event
    assert me.stored().answers[ONCE].media_version == late["VersionId"]
    # The attempt was not lost after all: the extra attempt is withdrawn, so the
    # question cannot be recorded (and scored) a second time.
    shown = me.question()
    assert shown["state"] == "answered" and shown["attempts_left"] == 0
    assert me.grant()[0] == 409
    assert me.shown_to_hr()["interruptions"][0]["late_version"] == late["VersionId"]
    # A second object under the interrupted attempt's key is refused and deleted.
    assert recorded(grant["key"], put(grant["key"], b"another")) == 0
    assert versions(grant["key"]) == [late["VersionId"]]


def test_a_late_upload_after_the_retake_began_is_kept_but_not_counted(hr, portal):  # noqa: F811
    me = Candidate(hr, portal)
    first = me.grant()[1]
    me.interrupted(first["attempt"])
    retake = me.grant()[1]
    late = put(first["key"])
    assert recorded(first["key"], late) == 0  # not the answer: the retake is under way
    assert versions(first["key"]) == [late["VersionId"]]  # but kept, not deleted
    assert me.shown_to_hr()["interruptions"][0]["late_version"] == late["VersionId"]
    kept = put(retake["key"])
    assert recorded(retake["key"], kept) == 1
    assert me.call("POST", "/complete")[0] == 200
    assert me.stored().answers[ONCE].media_version == kept["VersionId"]  # the retake counts


def test_a_late_upload_whose_retake_never_came_is_the_answer_at_completion(hr, portal):  # noqa: F811
    me = Candidate(hr, portal)
    first = me.grant()[1]
    me.interrupted(first["attempt"])
    second = me.grant()[1]
    late = put(first["key"])
    assert recorded(first["key"], late) == 0
    assert me.interrupted(second["attempt"])["state"] == "closed"  # lost too
    status, body = me.call("POST", "/complete")
    assert status == 200, body
    answer = me.stored().answers[ONCE]
    assert answer.media_key == first["key"] and answer.media_version == late["VersionId"]
    assert me.question()["state"] == "answered"
    # Completing again finds nothing more to add.
    assert me.call("POST", "/complete")[0] == 200
    assert me.stored().answers[ONCE].media_version == late["VersionId"]


def test_bad_interruption_reports_get_a_reason(hr, portal):  # noqa: F811
    me = Candidate(hr, portal)
    status, body = me.call("POST", "/answers/nope/interrupted", {"attempt": 1})
    assert status == 404
    status, body = me.call("POST", f"/answers/{ONCE}/interrupted", {"attempt": 0})
    assert status == 422 and body["errors"][0]["field"].endswith("attempt")
    status, body = me.call("POST", f"/answers/{ONCE}/interrupted", {"attempt": 1, "cause": "x"})
    assert status == 422
    status, _ = portal.call(
        "POST", f"/api/interview/{me.token}/answers/{ONCE}/interrupted", {"attempt": 1}
    )
    assert status == 401

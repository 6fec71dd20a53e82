import pytest

from hireflow.applications import Application, ApplicationNotFound, ApplicationRepository
from hireflow.lifecycle import Lifecycle, UnknownTask

EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:lifecycle:a1"


@pytest.fixture
def lifecycle(table):
    repo = ApplicationRepository()
    repo.applications.create(
        Application(id="a1", candidate_id="c1", branch_id="shanghai", position_id="p")
    )
    return Lifecycle(repo)


def test_open_application_records_status_execution_and_timeline(lifecycle):
    result = lifecycle.run(
        {"task": "open_application", "application_id": "a1", "execution_arn": EXECUTION}
    )
    assert result == {"application_id": "a1", "status": "opened"}
    application = lifecycle.applications.require("a1")
    assert application.execution_arn == EXECUTION
    assert [e.status.value for e in lifecycle.applications.history("a1")] == ["opened"]


def test_a_retried_task_changes_nothing_more(lifecycle):
    payload = {"task": "open_application", "application_id": "a1", "execution_arn": EXECUTION}
    lifecycle.run(payload)
    lifecycle.run(payload)
    assert len(lifecycle.applications.history("a1")) == 1


def test_needs_attention_carries_the_failed_state_and_reason(lifecycle):
    lifecycle.run(
        {
            "task": "mark_needs_attention",
            "application_id": "a1",
            "failed_state": "OpenApplication",
            "error": {"Error": "States.Timeout", "Cause": "took too long"},
        }
    )
    application = lifecycle.applications.require("a1")
    assert application.status.value == "needs_attention"
    assert application.status_reason == "OpenApplication failed: States.Timeout (took too long)"


def test_unknown_application_and_unknown_task_fail_loudly(lifecycle):
    with pytest.raises(ApplicationNotFound):
        lifecycle.run({"task": "open_application", "application_id": "nope", "execution_arn": "x"})
    with pytest.raises(UnknownTask):
        lifecycle.run({"task": "make_coffee"})

import pytest

from hireflow.candidates import Candidate, CandidateRepository
from hireflow.errors import NotFound
from hireflow.lifecycle import Lifecycle, UnknownTask

EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:lifecycle:c1"


@pytest.fixture
def lifecycle(table):
    repo = CandidateRepository()
    repo.candidates.create(
        Candidate(
            id="c1",
            name="Li Lei",
            phone="+8613800138000",
            email="li.lei@example.com",
            branch_id="shanghai",
            position_id="p",
        )
    )
    return Lifecycle(repo)


def test_open_application_ties_the_execution_and_notes_the_timeline(lifecycle):
    result = lifecycle.run(
        {"task": "open_application", "candidate_id": "c1", "execution_arn": EXECUTION}
    )
    assert result == {"candidate_id": "c1", "status": "imported"}
    assert lifecycle.candidates.get("c1").execution_arn == EXECUTION
    assert [e.note for e in lifecycle.candidates.history("c1")] == ["lifecycle started"]


def test_a_retried_task_changes_nothing_more(lifecycle):
    payload = {"task": "open_application", "candidate_id": "c1", "execution_arn": EXECUTION}
    lifecycle.run(payload)
    lifecycle.run(payload)
    assert len(lifecycle.candidates.history("c1")) == 1


def test_needs_attention_carries_the_failed_state_and_reason(lifecycle):
    payload = {
        "task": "mark_needs_attention",
        "candidate_id": "c1",
        "failed_state": "OpenApplication",
        "error": {"Error": "States.Timeout", "Cause": "took too long"},
    }
    lifecycle.run(payload)
    lifecycle.run(payload)
    candidate = lifecycle.candidates.get("c1")
    assert candidate.status.value == "needs_attention"
    assert candidate.status_reason == "OpenApplication failed: States.Timeout (took too long)"
    assert len(lifecycle.candidates.history("c1")) == 1


def test_unknown_candidate_and_unknown_task_fail_loudly(lifecycle):
    with pytest.raises(NotFound):
        lifecycle.run({"task": "open_application", "candidate_id": "nope", "execution_arn": "x"})
    with pytest.raises(UnknownTask):
        lifecycle.run({"task": "make_coffee"})

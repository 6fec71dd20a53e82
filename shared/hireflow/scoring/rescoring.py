"""HR re-runs the scoring of one answer the AI could not use (after a fix: a decoder
updated, a recording restored), with one action.

The run goes through the same path as an upload: the answer's mark is cleared and
``answer.recorded`` is published again (with ``rescore`` = n, a claim of its own), so the
scoring function assesses the very recording version the candidate uploaded. When no
other answer of the round still waits for a person, the application goes back to
``completed`` and a new lifecycle execution begins at AwaitScoring: the report and the
review follow as after any interview. Asking twice is harmless: an answer already
queued again is not queued a third time.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from hireflow.audit.service import record
from hireflow.identity.model import Caller
from hireflow.identity.permissions import Capability, require
from hireflow.interviews.events import AnswerRecorded
from hireflow.interviews.model import Interview, InterviewRepository
from hireflow.platform.errors import Conflict, NotFound
from hireflow.platform.outbox import Outbox
from hireflow.platform.unit_of_work import UnitOfWorkFactory
from hireflow.recruiting.lifecycle import ApplicationLifecycle
from hireflow.recruiting.model import stage_move
from hireflow.recruiting.service import CandidateService
from hireflow.recruiting.status import CandidateStatus, rescorable


class Rescore(BaseModel):
    """What a re-run request started (or found started)."""

    candidate_id: str
    round: int
    question_id: str
    rescores: int
    # Whether the application went back to scoring (False: another answer still waits).
    lifecycle_resumed: bool
    status: CandidateStatus


@dataclass(frozen=True)
class Rescoring:
    candidates: CandidateService
    interviews: InterviewRepository
    lifecycle: ApplicationLifecycle
    outbox: Outbox
    uow: UnitOfWorkFactory

    def rescore(self, caller: Caller, candidate_id: str, round_: int, question_id: str) -> Rescore:
        require(caller, Capability.TAKE_OVER, action="re-running scoring")
        candidate = self.candidates.manageable(caller, candidate_id, "only HR re-runs scoring")
        interview = self.interviews.interview(candidate.id, round_)
        if interview is None or question_id not in interview.question_ids:
            raise NotFound("no such answer", code="answer_not_found")
        answer = interview.answers.get(question_id)
        if answer is None or not answer.media_key:
            raise Conflict(
                "the question was not answered: there is no recording to score",
                code="rescore_not_answered",
            )
        if answer.needs_attention is None:
            if answer.rescores and answer.scored_at is None:  # asked again: already queued
                return self._result(candidate.id, interview, question_id, False)
            raise Conflict(
                "the answer's scoring did not fail: there is nothing to re-run",
                code="rescore_nothing_failed",
            )
        # As the candidate's ``rescore`` action says (``recruiting.actions``).
        if not rescorable(candidate.status, candidate.status_reason_code) or (
            candidate.round != round_
        ):
            raise Conflict(
                f"the candidate is {candidate.status.value}: scoring is re-run for the "
                "current round of a candidate waiting because the AI could not use answers",
                code="rescore_not_needs_attention",
                params={"status": candidate.status.value},
            )
        if interview.completed_at is None:
            raise Conflict("the interview is not complete yet", code="interview_not_complete")
        queued = answer.model_copy(
            update={"needs_attention": None, "scored_at": None, "rescores": answer.rescores + 1}
        )
        rescored = interview.model_copy(
            update={"answers": {**interview.answers, question_id: queued}}
        )
        # The application carries on once no answer of the round waits for a person.
        carry_on = not any(a.media_key and a.needs_attention for a in rescored.answers.values())
        run = candidate.invitations_started + 1
        with self.uow() as uow:
            uow.save(rescored)
            if carry_on:
                back = candidate.moved(
                    CandidateStatus.COMPLETED,
                    f"scoring of {question_id} re-run by {caller.username}",
                    reason_code="rescore_started",
                    reason_params={"question": question_id, "by": caller.username},
                    invitations_started=run,
                )
                stage_move(uow, candidate, back, caller.username)
            record(
                uow,
                caller,
                "candidate.answer.rescore",
                branch_id=candidate.branch_id,
                entity=rescored,
                entity_id=candidate.id,
                before=interview,
            )
            uow.publish(
                AnswerRecorded.of(
                    candidate,
                    question_id=question_id,
                    attempt=interview.upload_attempts.get(question_id, 1),
                    rescore=queued.rescores,
                )
            )
            # Delivered after the new execution has started (it waits for the scores).
            uow.commit(deliver=False)
        if carry_on:
            self.lifecycle.take_over(
                candidate.id,
                run,
                candidate.execution_arn,
                "scoring",
                f"scoring re-run by {caller.username}",
            )
        self.outbox.drain(candidate.id)
        return self._result(candidate.id, rescored, question_id, carry_on)

    def _result(
        self, candidate_id: str, interview: Interview, question_id: str, resumed: bool
    ) -> Rescore:
        current = self.candidates.candidates.get(candidate_id)
        return Rescore(
            candidate_id=candidate_id,
            round=interview.round,
            question_id=question_id,
            rescores=interview.answers[question_id].rescores,
            lifecycle_resumed=resumed,
            status=current.status if current else CandidateStatus.NEEDS_ATTENTION,
        )

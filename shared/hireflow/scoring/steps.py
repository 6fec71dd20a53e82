"""Scoring's part of the CandidateLifecycle: the AwaitScoring task, and the progress of a
round's scoring as answers are assessed.

Once the candidate has completed the interview: an unusable answer (broken media, a
failure) sends the application to needs_attention; when every recorded answer is
assessed, scored or with insufficient evidence, the report is built and the waiting
AwaitScoring step is resumed (to review). Safe to call any number of times.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hireflow.interviews.model import Interview, InterviewRepository
from hireflow.platform.errors import NotFound
from hireflow.platform.ids import now
from hireflow.platform.messages import CodedText, code_of
from hireflow.recruiting.lifecycle import ApplicationLifecycle
from hireflow.recruiting.model import Candidate
from hireflow.recruiting.status import CandidateStatus
from hireflow.recruiting.steps import Applications, AwaitStep
from hireflow.scoring.reports import Reports

SCORING_ACTOR = "ai-scoring"
# The codes of an AI dropped by the AI gate (privacy.gate.DROP_CODES): the round's report
# is built without the AI's weight.
AI_OFF = "ai_off_"


@dataclass(frozen=True)
class ScoringSteps:
    applications: Applications
    interviews: InterviewRepository
    reports: Reports
    lifecycle: ApplicationLifecycle

    def await_scoring(self, task: AwaitStep) -> dict[str, Any]:
        """Wait for the last answer's assessment; straight on if scoring is already done."""
        self.lifecycle.wait(task.candidate_id, "scoring", task.task_token)
        candidate = self.applications.require(task.candidate_id)
        self.progress(candidate.id, candidate.round)
        return {}

    def answer_scored(
        self,
        candidate_id: str,
        round_: int,
        question_id: str,
        media_key: str,
        insufficient_evidence: str | None = None,
    ) -> bool:
        """Scoring stored the assessment of one recording: scored, or assessed with
        insufficient evidence (the reason, shown to HR; the answer is left out of the AI
        scores and the round still goes on to review). Returns whether this call
        concluded the scoring step (report stored, lifecycle resumed)."""
        code, params = code_of(insufficient_evidence)
        interview = self._mark_answer(
            candidate_id,
            round_,
            question_id,
            media_key,
            scored_at=now(),
            insufficient_evidence=str(insufficient_evidence) if insufficient_evidence else None,
            insufficient_evidence_code=code,
            insufficient_evidence_params=params,
        )
        return self.progress(candidate_id, round_, interview)

    def answer_withheld(
        self, candidate_id: str, round_: int, question_id: str, media_key: str, reason: CodedText
    ) -> bool:
        """The AI gate refused this answer (a switch, a missing or withdrawn consent): it
        is kept for human review only - assessed, not broken - and the round's AI weight
        is dropped when the report is built."""
        interview = self._mark_answer(
            candidate_id,
            round_,
            question_id,
            media_key,
            scored_at=now(),
            ai_withheld=reason.code,
            ai_withheld_reason=str(reason),
        )
        return self.progress(candidate_id, round_, interview)

    def ai_consent_withdrawn(self, candidate_id: str, reason: CodedText) -> bool:
        """The person withdrew the consent to AI analysis: the current round's AI weight
        is dropped (answers already scored stay stored, unused), and a report already
        built is rebuilt to say so. Returns whether anything changed (idempotent)."""
        candidate = self.applications.require(candidate_id)
        if candidate.round < 1 or candidate.ai_dropped_in(candidate.round):
            return False
        candidate = self._drop_ai(candidate, candidate.round, reason)
        interview = self.interviews.interview(candidate_id, candidate.round)
        if interview is not None and interview.completed_at and interview.all_scored:
            self.reports.build(candidate, interview, ai_dropped=candidate.ai_dropped)
        return True

    def _withheld(self, candidate: Candidate, interview: Interview) -> str | None:
        """Why the round's AI weight is dropped by the gate (None: it counts)."""
        dropped = candidate.ai_dropped_in(interview.round)
        if dropped and (candidate.ai_dropped_code or "").startswith(AI_OFF):
            return dropped
        withheld = [a for a in interview.answers.values() if a.media_key and a.ai_withheld]
        if not withheld or dropped:
            return dropped if withheld else None  # an earlier drop already covers it
        first = withheld[0]
        reason = CodedText(first.ai_withheld_reason or first.ai_withheld, first.ai_withheld)
        return self._drop_ai(candidate, interview.round, reason).ai_dropped

    def _drop_ai(self, candidate: Candidate, round_: int, reason: CodedText) -> Candidate:
        return self.applications.candidates.save(
            candidate.model_copy(
                update={
                    "ai_dropped": str(reason),
                    "ai_dropped_code": reason.code,
                    "ai_dropped_round": round_,
                }
            )
        )

    def answer_unusable(
        self, candidate_id: str, round_: int, question_id: str, media_key: str, reason: str
    ) -> bool:
        """Scoring could not use a recording (bad media): the answer shows the reason and,
        once the interview is complete, the application goes to needs_attention."""
        code, params = code_of(reason)
        interview = self._mark_answer(
            candidate_id,
            round_,
            question_id,
            media_key,
            needs_attention=str(reason),
            needs_attention_code=code,
            needs_attention_params=params,
        )
        return self.progress(candidate_id, round_, interview)

    def _mark_answer(
        self, candidate_id: str, round_: int, question_id: str, media_key: str, **update: Any
    ) -> Interview:
        """Mark the answer if ``media_key`` is still its recording; returns the interview."""

        def mark(interview: Interview) -> Interview | None:
            if question_id not in interview.question_ids:
                raise NotFound(
                    f"no question {question_id} in round {round_} of {candidate_id}",
                    code="no_such_question",
                )
            answer = interview.answers.get(question_id)
            # A retake replaced this recording, or the mark is already there (a duplicate).
            if answer is None or answer.media_key != media_key:
                return None
            if answer.scored_at is not None or answer.needs_attention is not None:
                return None
            marked = answer.model_copy(update=update)
            return interview.model_copy(
                update={"answers": {**interview.answers, question_id: marked}}
            )

        interview = self.interviews.change(candidate_id, round_, mark)
        if interview is None:
            raise NotFound(
                f"no interview round {round_} for {candidate_id}", code="no_such_interview"
            )
        return interview

    def progress(self, candidate_id: str, round_: int, interview: Interview | None = None) -> bool:
        candidate = self.applications.require(candidate_id)
        interview = interview or self.interviews.interview(candidate_id, round_)
        # A candidate already flagged for an unusable answer is flagged again when another
        # one turns out unusable: the reason counts every such answer.
        flagged_here = (
            candidate.status == CandidateStatus.NEEDS_ATTENTION
            and candidate.status_reason_code == "answers_unusable"
        )
        if (
            interview is None
            or interview.completed_at is None
            or candidate.round != round_
            or not (candidate.status == CandidateStatus.COMPLETED or flagged_here)
        ):
            return False
        unusable = [
            (qid, a.needs_attention)
            for qid, a in interview.answers.items()
            if a.media_key and a.needs_attention
        ]
        if unusable:
            question_id, problem = unusable[0]
            more = f" (and {len(unusable) - 1} more)" if len(unusable) > 1 else ""
            reason = f"answer to {question_id}: {problem}{more}"
            self.applications.flag(
                candidate,
                reason,
                SCORING_ACTOR,
                code="answers_unusable",
                params={
                    "question": question_id,
                    "questions": [qid for qid, _ in unusable],
                    "count": len(unusable),
                },
            )
            return False
        if flagged_here or not interview.all_scored:
            return False
        dropped = self._withheld(candidate, interview)
        if dropped:
            candidate = self.applications.require(candidate_id)
        self.reports.build(candidate, interview, ai_dropped=dropped)
        return self.lifecycle.resume(candidate_id, "scoring", {"scored": True})

"""Every recording of every round of a candidate's video interviews, for the people who
review: a short-lived presigned GET per answer (pinned to the S3 version that was
accepted), and per answer what the AI made of it - scored, insufficient evidence (why),
or unusable (why: a person must look), or not answered. Nothing is hidden when a later
round starts: HR sees round 1 after inviting again."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from hireflow.assessment.model import TemplateRepository
from hireflow.audit.model import AuditRepository
from hireflow.audit.reads import Read, record_read
from hireflow.identity.model import Caller
from hireflow.interviews.model import Answer, Interview, InterviewRepository
from hireflow.platform import aws
from hireflow.platform.objects import delete_every_version
from hireflow.recruiting.actions import CandidateAction, candidate_actions
from hireflow.recruiting.service import CandidateService

# A link works for a few minutes: long enough to watch, too short to pass around.
RECORDING_URL_SECONDS = 300


def answers_prefix(candidate_id: str, round_: int | None = None) -> str:
    """Where an application's answer recordings are (one round's, or every round's)."""
    return f"answers/{candidate_id}/" + (f"{round_:02d}/" if round_ is not None else "")


def erase_recordings(media_bucket: str, candidate_id: str, round_: int | None = None) -> int:
    """Delete every version of every answer recording of an application (one round, or
    all): the accepted ones, retakes, interrupted attempts' late objects. Idempotent;
    returns how many object versions went. The interviews' references are cleared by
    ``Interview.without_media``."""
    return delete_every_version(media_bucket, answers_prefix(candidate_id, round_))


AnswerOutcome = Literal["scored", "insufficient_evidence", "unusable", "scoring", "not_answered"]


class RecordedAnswer(BaseModel):
    question_id: str
    question: str
    question_zh: str | None
    attempts: int
    outcome: AnswerOutcome
    # Why the AI could not score it (unusable) or judge it (insufficient evidence), and
    # that reason in any language (``platform.messages``).
    reason: str | None
    reason_code: str | None = None
    reason_params: dict[str, Any] = Field(default_factory=dict)
    # The caller may re-run its scoring now: an unusable answer of the current round, where
    # the candidate's actions offer ``rescore`` (``recruiting.actions``).
    rescorable: bool = False
    uploaded_at: datetime | None
    rescores: int
    video_url: str | None


class RecordedRound(BaseModel):
    round: int
    invited_at: datetime
    deadline: datetime
    completed_at: datetime | None
    alternative_requested_at: datetime | None
    alternative_reason: str | None
    answers: list[RecordedAnswer]


class Recordings(BaseModel):
    candidate_id: str
    rounds: list[RecordedRound]
    expires_in: int


Reason = tuple[str | None, str | None, dict[str, Any]]


def outcome(answer: Answer | None) -> tuple[AnswerOutcome, Reason]:
    none: Reason = (None, None, {})
    if answer is None or not answer.media_key:
        return "not_answered", none
    if answer.needs_attention:
        why = answer.needs_attention
        return "unusable", (why, answer.needs_attention_code, answer.needs_attention_params)
    if answer.scored_at is None:
        return "scoring", none
    if answer.insufficient_evidence:
        why = answer.insufficient_evidence
        code, params = answer.insufficient_evidence_code, answer.insufficient_evidence_params
        return "insufficient_evidence", (why, code, params)
    return "scored", none


@dataclass(frozen=True)
class RecordingService:
    candidates: CandidateService
    interviews: InterviewRepository
    templates: TemplateRepository
    media_bucket: str
    trail: AuditRepository = field(default_factory=AuditRepository)

    def recordings(self, caller: Caller, candidate_id: str) -> Recordings:
        """Readable by whoever may read the candidate (HR of the branch, HQ, its
        assigned reviewers); the newest round first."""
        candidate = self.candidates.get(caller, candidate_id)
        rescoring = CandidateAction.RESCORE in candidate_actions(caller, candidate)
        rounds = [
            self._round(found, rescoring and round_ == candidate.round)
            for round_ in range(candidate.round, 0, -1)
            if (found := self.interviews.interview(candidate.id, round_)) is not None
        ]
        if any(a.video_url for r in rounds for a in r.answers):  # links are handed out
            record_read(
                self.trail,
                caller,
                Read.RECORDING,
                subject_id=candidate.id,
                branch_id=candidate.branch_id,
                entity="interview",
                entity_id=candidate.id,
            )
        return Recordings(
            candidate_id=candidate.id, rounds=rounds, expires_in=RECORDING_URL_SECONDS
        )

    def _round(self, interview: Interview, rescoring: bool) -> RecordedRound:
        template = self.templates.version(interview.template_id, interview.template_version)
        answers = []
        for question_id in interview.question_ids:
            found = template.question(question_id) if template else None
            text = found[1].text if found else None
            answer = interview.answers.get(question_id)
            result, (reason, code, params) = outcome(answer)
            answers.append(
                RecordedAnswer(
                    question_id=question_id,
                    question=text.en if text else question_id,
                    question_zh=text.zh if text else None,
                    attempts=interview.upload_attempts.get(question_id, 0),
                    outcome=result,
                    reason=reason,
                    reason_code=code,
                    reason_params=params,
                    rescorable=rescoring
                    and result == "unusable"
                    and interview.completed_at is not None,
                    uploaded_at=answer.uploaded_at if answer else None,
                    rescores=answer.rescores if answer else 0,
                    video_url=self._url(answer) if answer and answer.media_key else None,
                )
            )
        return RecordedRound(
            round=interview.round,
            invited_at=interview.invited_at,
            deadline=interview.deadline,
            completed_at=interview.completed_at,
            alternative_requested_at=interview.alternative_requested_at,
            alternative_reason=interview.alternative_reason,
            answers=answers,
        )

    def _url(self, answer: Answer) -> str:
        # Signed for the accepted version: provably the recording the candidate made.
        pinned = (
            {"VersionId": answer.media_version}
            if answer.media_version not in (None, "null")
            else {}
        )
        return str(
            aws.s3_presigner().generate_presigned_url(
                "get_object",
                Params={"Bucket": self.media_bucket, "Key": answer.media_key, **pinned},
                ExpiresIn=RECORDING_URL_SECONDS,
            )
        )

"""What scoring keeps in the table.

Access patterns:
- a recording's assessment: GetItem pk=CANDIDATE#<id>,
  sk=ANSWER_SCORE#<round>#<question>#<recording file>
- a round's assessments: Query pk=CANDIDATE#<id>, sk begins_with ANSWER_SCORE#<round>#
  (one per scored recording: a retake's assessment never overwrites another's)
- a Transcribe job waiting for its completion event: GetItem pk=TRANSCRIPTION#<job>, sk=JOB
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import Field

from hireflow.platform.ids import now
from hireflow.platform.store import ItemKeys, Repository, Stored
from hireflow.scoring.model import AnswerAssessment, VisionFeatures


class AnswerScoreRecord(Stored):
    KIND = "answer_score"

    candidate_id: str
    round: int
    question_id: str
    media_key: str
    assessment: AnswerAssessment
    scored_at: datetime = Field(default_factory=now)

    def item_keys(self) -> ItemKeys:
        recording = self.media_key.rsplit("/", 1)[-1]
        return ItemKeys(
            pk=f"CANDIDATE#{self.candidate_id}",
            sk=f"ANSWER_SCORE#{self.round:02d}#{self.question_id}#{recording}",
        )


class PendingTranscription(Stored):
    """The first half of an answer's scoring, kept until Amazon Transcribe's completion
    event brings the transcript (the continuation the event resumes)."""

    KIND = "pending_transcription"

    job_name: str
    candidate_id: str
    round: int
    question_id: str
    media_key: str
    language: str
    duration: float
    vision: VisionFeatures
    started_at: datetime = Field(default_factory=now)

    def item_keys(self) -> ItemKeys:
        return ItemKeys(pk=f"TRANSCRIPTION#{self.job_name}", sk="JOB")

    def expires_at(self) -> datetime | None:
        return self.started_at + timedelta(days=3)


class ScoringRepository:
    def __init__(self) -> None:
        self.scores = Repository(AnswerScoreRecord)
        self.pending = Repository(PendingTranscription)

    def of_round(self, candidate_id: str, round_: int) -> list[AnswerScoreRecord]:
        return list(self.scores.iterate(f"CANDIDATE#{candidate_id}", f"ANSWER_SCORE#{round_:02d}#"))

    def transcription(self, job_name: str) -> PendingTranscription | None:
        return self.pending.get(f"TRANSCRIPTION#{job_name}", "JOB")

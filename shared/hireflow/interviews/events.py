"""The video interview's domain events."""

from __future__ import annotations

from hireflow.recruiting.events import CandidateEvent


class CandidateInvited(CandidateEvent):
    """The invitation e-mail and SMS went out."""

    detail_type = "candidate.invited"
    deadline: str


class AnswerRecorded(CandidateEvent):
    """An answer's upload was recorded; the scoring function starts from it."""

    detail_type = "answer.recorded"
    distinct_by = ("question_id", "attempt")
    question_id: str
    attempt: int
    # HR re-ran the scoring of the recording (the n-th time): the same path as the upload.
    rescore: int = 0

    def identity(self) -> str:
        base = super().identity()
        return f"{base}:rescore{self.rescore}" if self.rescore else base


class InterviewCompleted(CandidateEvent):
    """The candidate finished the video interview."""

    detail_type = "interview.completed"


class CandidateExpired(CandidateEvent):
    """The interview deadline passed without a completed interview."""

    detail_type = "candidate.expired"

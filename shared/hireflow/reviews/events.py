"""The review's domain events: the report is ready, and each decision."""

from __future__ import annotations

from hireflow.recruiting.events import CandidateEvent


class ReportReady(CandidateEvent):
    """Every answer is scored; reviewers were told."""

    detail_type = "report.ready"


class CandidateRejected(CandidateEvent):
    """The rejection letter went out."""

    detail_type = "candidate.rejected"


class CandidateSecondRound(CandidateEvent):
    """The second-round invitation went out (``round`` counts up)."""

    detail_type = "candidate.second_round"


class OfferRequested(CandidateEvent):
    """The decision was to offer (``decided_by``); the offer chain continues."""

    detail_type = "offer.requested"
    decided_by: str | None

"""Retention's reactions to domain events (functions/privacy_events): the clocks the
events start, and the departure's archive. Each is idempotent: a clock is written once
(a second delivery keeps the first time), an archive finds nothing left to archive."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hireflow.privacy.model import ClockEvent, DataClass, Purpose, RetentionAction
from hireflow.privacy.personal_data import PersonRef

# ``Services`` (bootstrap's, above this context): its ``retention``, ``retention_sweep``
# and ``consents``.
Services = Any

# Offers answered this way end the application (an acceptance starts employment instead).
ENDING_ANSWERS = frozenset({"declined", "expired", "withdrawn"})


def _at(detail: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(str(detail["occurred_at"]).replace("Z", "+00:00"))


def _candidate_clock(services: Services, detail: dict[str, Any], event: ClockEvent) -> str:
    services.retention.start_clock(
        detail["candidate_id"], "candidate", detail["branch_id"], event, _at(detail)
    )
    return str(event)


def rejected(services: Services, detail: dict[str, Any]) -> str:
    return _candidate_clock(services, detail, ClockEvent.REJECTION)


def offer_answered(services: Services, detail: dict[str, Any]) -> str | None:
    if detail.get("answer") not in ENDING_ANSWERS:
        return None
    return _candidate_clock(services, detail, ClockEvent.REJECTION)


def consent_changed(services: Services, detail: dict[str, Any]) -> str | None:
    """A withdrawn consent to recording starts the withdrawal clock. A refusal that
    withdraws nothing (the portal's consent step records the purposes left unanswered as
    refused) starts none: only a line after one that gave recording is a withdrawal."""
    if detail.get("purpose") != Purpose.RECORDING or detail.get("given"):
        return None
    if not _withdraws_given_recording(services, detail["candidate_id"], detail.get("entry_id")):
        return None
    return _candidate_clock(services, detail, ClockEvent.WITHDRAWAL)


def _withdraws_given_recording(services: Services, subject_id: str, entry_id: str | None) -> bool:
    """Did a recording line before ``entry_id`` (every line, when it is not found) give it?"""
    lines = [e for e in services.consents.entries(subject_id) if e.purpose == Purpose.RECORDING]
    ids = [e.id for e in lines]
    earlier = lines[: ids.index(entry_id)] if entry_id in ids else lines
    return any(e.given for e in earlier)


def hired(services: Services, detail: dict[str, Any]) -> str:
    services.retention.start_clock(
        detail["employee_id"], "employee", detail["branch_id"], ClockEvent.HIRE, _at(detail)
    )
    return str(ClockEvent.HIRE)


def departed(services: Services, detail: dict[str, Any]) -> str:
    """The departure's clock, and the archive of the employee record and the onboarding
    documents (kept, closed to everyday reading, until the policy's period ends)."""
    services.retention.start_clock(
        detail["employee_id"], "employee", detail["branch_id"], ClockEvent.DEPARTURE, _at(detail)
    )
    person = PersonRef(employee_ids=[detail["employee_id"]], branch_ids=[detail["branch_id"]])
    services.retention_sweep.apply(
        person,
        RetentionAction.ARCHIVE,
        frozenset({DataClass.EMPLOYEE_RECORD, DataClass.ONBOARDING_DOCUMENTS}),
    )
    return str(ClockEvent.DEPARTURE)

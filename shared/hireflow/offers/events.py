"""The offer's domain events, on the bus for the EHR and for onboarding
(docs/events.md)."""

from __future__ import annotations

from typing import ClassVar

from hireflow.recruiting.events import CandidateEvent


class OfferSent(CandidateEvent):
    """Every approval level agreed; the letter went to the candidate."""

    detail_type = "offer.sent"
    offer_id: str
    version: int


class OfferAnswered(CandidateEvent):
    """The candidate declined, or the deadline passed (``answer``)."""

    detail_type = "offer.answered"
    offer_id: str
    answer: str


class OfferAccepted(CandidateEvent):
    """The candidate signed; the sealed letter is stored."""

    detail_type = "offer.accepted"
    offer_id: str
    version: int


class EmployeeCreated(CandidateEvent):
    """The candidate is an employee: onboarding and the EHR start from here."""

    detail_type = "employee.created"
    distinct_by: ClassVar[tuple[str, ...]] = ("employee_id",)
    employee_id: str
    employee_number: str
    department: str
    start_date: str
    manager_id: str | None

"""Retention (docs/privacy.md "Retention"): the policies (HR read their branch's, HQ
change them), the sweeps' receipts (HQ), legal holds on a person (HR of the person's
branch and HQ), and an employee's departure, which archives the record and starts the
retention clock of the departure."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from hireflow.api.context import current_caller
from hireflow.bootstrap import services
from hireflow.people.departure import Departure
from hireflow.people.model import Employee
from hireflow.privacy.model import ClockEvent, DataClass, SweepReceipt
from hireflow.privacy.retention import EffectivePolicy, HoldRequest, HoldView, PolicyChange

router = Router()


@router.get(
    "/api/privacy/retention-policies",
    summary="Retention policies: HQ the company's and every branch's, HR their branch's",
)
def policies(branch_id: str | None = None) -> list[EffectivePolicy]:
    return services().retention.policies(current_caller(router), branch_id)


@router.put(
    "/api/privacy/retention-policies/<branch_id>/<data_class>/<counted_from>",
    summary="Set how long a data class is kept in a branch (* for the company) (HQ)",
)
def set_policy(
    branch_id: str, data_class: DataClass, counted_from: ClockEvent, change: PolicyChange
) -> EffectivePolicy:
    return services().retention.set_policy(
        current_caller(router), branch_id, data_class, counted_from, change
    )


@router.get("/api/privacy/retention-receipts", summary="The retention sweeps' receipts (HQ)")
def receipts() -> list[SweepReceipt]:
    return services().retention.receipts(current_caller(router))


@router.get("/api/privacy/holds/<subject_id>", summary="A person's legal hold, if any")
def hold(subject_id: str) -> HoldView:
    return services().retention.hold_of(current_caller(router), subject_id)


@router.put(
    "/api/privacy/holds/<subject_id>",
    summary="Place a legal hold: every retention clock of the person stops",
)
def place_hold(subject_id: str, request: HoldRequest) -> HoldView:
    return services().retention.place_hold(current_caller(router), subject_id, request)


@router.delete(
    "/api/privacy/holds/<subject_id>",
    summary="Release the legal hold (the record stays, with who released it and when)",
)
def release_hold(subject_id: str) -> HoldView:
    return services().retention.release_hold(current_caller(router), subject_id)


@router.post(
    "/api/employees/<employee_id>/departure",
    summary="Record an employee's departure: the record is archived, retention starts",
    status_code=201,
)
def departure(employee_id: str, departure: Departure) -> Employee:
    return services().departures.record(current_caller(router), employee_id, departure)

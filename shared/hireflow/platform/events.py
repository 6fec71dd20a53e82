"""Domain events on the custom EventBridge bus, so other HR systems can subscribe.

Every event has source ``hireflow`` and a detail-type such as ``candidate.invited``.
The detail carries ids and facts, never personal data; ``event_id`` is the same for a
repeated publication of the same fact, so subscribers can drop duplicates. The schema
is documented in docs/events.md.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Protocol

from hireflow.platform import aws
from hireflow.platform.ids import now
from hireflow.platform.observability import logger
from hireflow.platform.settings import settings
from hireflow.recruiting.model import Candidate

SOURCE = "hireflow"
EVENT_TYPES = (
    "candidate.invited",
    "answer.recorded",
    "interview.completed",
    "report.ready",
    "candidate.rejected",
    "candidate.second_round",
    "offer.requested",
    "candidate.expired",
    "candidate.needs_attention",
)


class EventPublisher(Protocol):
    def publish(self, detail_type: str, detail: dict[str, Any]) -> None: ...


class EventBridgePublisher:
    def publish(self, detail_type: str, detail: dict[str, Any]) -> None:
        response = aws.client("events").put_events(
            Entries=[
                {
                    "EventBusName": settings().event_bus,
                    "Source": SOURCE,
                    "DetailType": detail_type,
                    "Detail": json.dumps(detail, default=str),
                }
            ]
        )
        if response.get("FailedEntryCount"):
            raise PublishFailed(f"EventBridge refused {detail_type}: {response['Entries']}")
        logger.info("domain event", detail_type=detail_type, event_id=detail.get("event_id"))


class PublishFailed(RuntimeError):
    pass


def candidate_event(
    candidate: Candidate,
    detail_type: str,
    occurred_at: datetime | None = None,
    distinct_by: str | None = None,
    **facts: Any,
) -> dict[str, Any]:
    """The detail of an event about a candidate's application. The event id is the same
    for the same fact published again; ``distinct_by`` tells apart several facts of one
    type in a round (e.g. each recorded answer)."""
    if detail_type not in EVENT_TYPES:
        raise ValueError(f"unknown event type {detail_type}")
    event_id = f"{candidate.id}:{detail_type}:{candidate.round}"
    return {
        "event_id": f"{event_id}:{distinct_by}" if distinct_by else event_id,
        "candidate_id": candidate.id,
        "branch_id": candidate.branch_id,
        "position_id": candidate.position_id,
        "status": candidate.status.value,
        "round": candidate.round,
        "occurred_at": (occurred_at or now()).isoformat(),
        **facts,
    }

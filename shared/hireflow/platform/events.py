"""Domain events: the base class of every event type, and publishing them on the custom
EventBridge bus so that other systems can subscribe.

One class per detail-type (``candidate.invited`` ...), declared by the context that owns
the fact. An event carries ids and facts, never personal data. Its ``event_id`` is the
same whenever the same fact is published again (a retried step), so subscribers drop
duplicates by it. Contexts publish through the unit of work: the event is filed in the
outbox with the change and delivered after the commit (see ``unit_of_work``).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, ClassVar, Protocol

from pydantic import BaseModel, ConfigDict, Field, computed_field

from hireflow.platform import aws
from hireflow.platform.errors import Transient
from hireflow.platform.ids import now
from hireflow.platform.observability import logger

SOURCE = "hireflow"


class DomainEvent(BaseModel):
    """Base of every event type; subclasses set ``detail_type`` and say what the event is
    about (``subject_id``) and what tells two facts of one type apart (``identity``)."""

    model_config = ConfigDict(frozen=True)

    detail_type: ClassVar[str]
    types: ClassVar[dict[str, type[DomainEvent]]] = {}

    occurred_at: datetime = Field(default_factory=now)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "detail_type" in cls.__dict__:
            DomainEvent.types[cls.detail_type] = cls

    @property
    def subject_id(self) -> str:
        """The entity the event is about: its outbox partition."""
        raise NotImplementedError

    def identity(self) -> str:
        """What makes this fact unique among facts of its type."""
        raise NotImplementedError

    @computed_field  # type: ignore[prop-decorator]
    @property
    def event_id(self) -> str:
        return self.identity()

    def detail(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


class EventPublisher(Protocol):
    def publish(self, detail_type: str, detail: dict[str, Any]) -> None: ...


class PublishFailed(Transient):
    """EventBridge did not take the event (the entry stays in the outbox)."""


class EventBridgePublisher:
    def __init__(self, event_bus: str) -> None:
        self.event_bus = event_bus

    def publish(self, detail_type: str, detail: dict[str, Any]) -> None:
        response = aws.client("events").put_events(
            Entries=[
                {
                    "EventBusName": self.event_bus,
                    "Source": SOURCE,
                    "DetailType": detail_type,
                    "Detail": json.dumps(detail, default=str),
                }
            ]
        )
        if response.get("FailedEntryCount"):
            raise PublishFailed(f"EventBridge refused {detail_type}: {response['Entries']}")
        logger.info("domain event", detail_type=detail_type, event_id=detail.get("event_id"))

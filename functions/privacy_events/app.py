"""Privacy events function: the privacy reactions to facts on the domain bus - retention
clocks started by the events that start them, a withdrawn consent honoured, a person's
request for their data (export, erasure) carried out. EventBridge delivers at least
once; every reaction is idempotent (a second delivery changes nothing)."""

from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes import EventBridgeEvent, event_source
from aws_lambda_powertools.utilities.typing import LambdaContext

from hireflow.bootstrap import Services, services
from hireflow.platform.observability import logger, metrics, tracer
from hireflow.privacy import reactions as retention
from hireflow.privacy.gate import CONSENT_WITHDRAWN
from hireflow.privacy.model import Purpose

services()  # cold start: a missing setting fails here, with its name

Reaction = Callable[[Services, dict[str, Any]], Any]

# detail-type -> the reactions it runs, in order (name, reaction). Each rule of the
# PrivacyEventsFunction in template.yaml names one of these detail-types.
REACTIONS: dict[str, list[tuple[str, Reaction]]] = {
    # Retention clocks (docs/privacy.md "Retention"): written once per subject and event.
    "candidate.rejected": [("retention_clock", retention.rejected)],
    "candidate.expired": [("retention_clock", retention.rejected)],
    "offer.answered": [("retention_clock", retention.offer_answered)],
    "consent.changed": [("retention_clock", retention.consent_changed)],
    "employee.created": [("retention_clock", retention.hired)],
    "employee.departed": [("retention_clock", retention.departed)],
}
# A person's export or erasure (privacy/requests.py).
REACTIONS["data_request.received"] = [
    ("data_request", lambda s, detail: s.data_requests.run(detail["request_id"]).status),
]


def _ai_consent_withdrawn(done: Services, detail: dict[str, Any]) -> bool:
    """A withdrawn consent to AI analysis drops the current round's AI weight (answers
    still to come are withheld by the gate itself)."""
    if detail.get("purpose") != Purpose.AI_ANALYSIS or detail.get("given"):
        return False
    return done.workflow.scoring.ai_consent_withdrawn(detail["candidate_id"], CONSENT_WITHDRAWN)


REACTIONS.setdefault("consent.changed", []).append(("ai_consent", _ai_consent_withdrawn))


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
@event_source(data_class=EventBridgeEvent)
def lambda_handler(event: EventBridgeEvent, context: LambdaContext) -> dict[str, Any]:
    done: dict[str, Any] = {}
    for name, react in REACTIONS.get(event.detail_type, []):
        done[name] = react(services(), event.detail)
        metrics.add_metric(f"Privacy_{name}", MetricUnit.Count, 1)
    logger.info("privacy event handled", detail_type=event.detail_type, reactions=list(done))
    return {"detail_type": event.detail_type, "reactions": list(done)}

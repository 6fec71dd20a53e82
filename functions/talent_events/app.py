"""Talent events function: the talent context's reactions to facts on the domain bus -
the résumé-vs-interview cross-check when a report is ready or a résumé is read, the
pool joined when an application ends with the candidate's consent, the pool matched to
a position that opens, the candidate told where they stand. EventBridge delivers at
least once; every reaction is idempotent (a second delivery changes nothing)."""

from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes import EventBridgeEvent, event_source
from aws_lambda_powertools.utilities.typing import LambdaContext

from hireflow.bootstrap import Services, services
from hireflow.platform.observability import logger, metrics, tracer

services()  # cold start: a missing setting fails here, with its name

Reaction = Callable[[Services, dict[str, Any]], Any]

# detail-type -> the reactions it runs, in order (name, reaction). Each rule of the
# TalentEventsFunction in template.yaml names one of these detail-types.
REACTIONS: dict[str, list[tuple[str, Reaction]]] = {}
# Candidate feedback: where the candidate stands, once their report is ready.
REACTIONS.setdefault("report.ready", []).append(
    ("standing", lambda s, detail: s.feedback.report_ready(detail))
)

# The talent pool (talent/pool.py, talent/ranking.py): an application that ends joins the
# pool with the candidate's consent; an opened position is matched to its branch's pool.
for _ended in ("candidate.rejected", "candidate.expired", "offer.answered"):
    REACTIONS.setdefault(_ended, []).append(
        ("pool_join", lambda s, detail: s.talent_pool.application_ended(detail))
    )
REACTIONS.setdefault("position.opened", []).append(
    ("pool_match", lambda s, detail: s.talent_ranking.position_opened(detail))
)


def cross_check(s: Services, detail: dict[str, Any]) -> bool:
    """The résumé-vs-interview cross-check of the round, again (docs/talent.md)."""
    return s.cross_checks.refresh(detail["candidate_id"], int(detail["round"])) is not None


# A report is ready (the interview side) or a résumé was read (the claims side).
REACTIONS.setdefault("report.ready", []).append(("cross_check", cross_check))
REACTIONS.setdefault("resume.parsed", []).append(("cross_check", cross_check))


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
@event_source(data_class=EventBridgeEvent)
def lambda_handler(event: EventBridgeEvent, context: LambdaContext) -> dict[str, Any]:
    done: dict[str, Any] = {}
    for name, react in REACTIONS.get(event.detail_type, []):
        done[name] = react(services(), event.detail)
        metrics.add_metric(f"Talent_{name}", MetricUnit.Count, 1)
    logger.info("talent event handled", detail_type=event.detail_type, reactions=list(done))
    return {"detail_type": event.detail_type, "reactions": list(done)}

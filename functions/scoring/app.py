"""Scoring function (container image): an answer.recorded domain event scores that answer;
a Transcribe job state change finishes one that waited for its transcript."""

from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes import EventBridgeEvent, event_source
from aws_lambda_powertools.utilities.typing import LambdaContext

from hireflow.bootstrap import services
from hireflow.platform.observability import logger, metrics, tracer

services()  # cold start: a missing setting fails here, with its name


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
@event_source(data_class=EventBridgeEvent)
def lambda_handler(event: EventBridgeEvent, context: LambdaContext) -> dict[str, Any]:
    detail = event.detail
    if event.detail_type == "Transcribe Job State Change":
        outcome = (
            services()
            .answer_scoring()
            .transcription_finished(
                detail["TranscriptionJobName"],
                detail["TranscriptionJobStatus"],
                detail.get("FailureReason"),
                context.aws_request_id,
            )
        )
    else:
        outcome = (
            services()
            .answer_scoring()
            .answer_recorded(
                detail["candidate_id"],
                int(detail["round"]),
                detail["question_id"],
                context.aws_request_id,
            )
        )
    logger.info("answer scoring", outcome=outcome)
    # Withheld: the AI gate kept the answer from the AI (privacy.gate), for people only.
    counted = "AnswersWithheld" if "withheld" in outcome else "AnswersNotAssessed"
    metrics.add_metric("AnswersAssessed" if "scored" in outcome else counted, MetricUnit.Count, 1)
    return {"outcome": outcome}

"""Analytics function (container image: numpy and scipy): the nightly full rebuild
(``{"job": "full"}``), the incremental run every 15 minutes (``{"job": "incremental"}``),
and every domain event that changes the facts, which only marks its position and branch
for the next incremental run (docs/analytics.md)."""

from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from hireflow.bootstrap import services
from hireflow.platform.observability import logger, metrics, tracer

services()  # cold start: a missing setting fails here, with its name


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    job = services().analytics_job()
    if "detail-type" in event and event.get("source") == "hireflow":
        marked = job.mark(event["detail-type"], event.get("detail") or {})
        metrics.add_metric("AnalyticsScopesMarked", MetricUnit.Count, marked)
        return {"marked": marked}
    run = job.full() if event.get("job") == "full" else job.incremental()
    if run is None:
        metrics.add_metric("AnalyticsRuns", MetricUnit.Count, 0)
        return {"mode": "incremental", "computed": False}
    metrics.add_metric("AnalyticsSeconds", MetricUnit.Seconds, run.seconds)
    metrics.add_metric("AnalyticsEmployees", MetricUnit.Count, run.employees)
    return {"mode": run.mode, "computed": True, **run.model_dump(mode="json", exclude={"revision"})}

"""The one Metrics instance that every in-process function shares."""

from aws_lambda_powertools.metrics import MetricUnit

from hireflow.platform.observability import metrics


def test_the_hundredth_value_of_a_metric_does_not_fail_a_handler(monkeypatch):
    # Locally metrics are disabled and so never flushed: values pile up across
    # invocations until powertools serialises them, which needs a namespace.
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "true")
    try:
        for _ in range(250):
            metrics.add_metric(name="LifecycleTaskCompleted", unit=MetricUnit.Count, value=1)
    finally:
        metrics.clear_metrics()

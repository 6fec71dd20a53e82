"""Powertools logger, tracer and metrics: one instance of each per process.

Service name, log level and namespace come from the template's Globals. Log records
never carry request bodies, tokens or personal data: handlers log ids and outcomes.
"""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics, Tracer

logger = Logger()
tracer = Tracer()
# Named here as well as in the template: Metrics reads its namespace when constructed,
# and the local cloud and the tests import this module before they set the environment.
# Without one, the 100th value of a metric (kept, never flushed, while metrics are
# disabled locally) fails the handler that adds it.
metrics = Metrics(namespace="Hireflow")

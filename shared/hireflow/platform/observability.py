"""Powertools logger, tracer and metrics: one instance of each per process.

Service name, log level and namespace come from the template's Globals. Log records
never carry request bodies, tokens or personal data: handlers log ids and outcomes.
"""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics, Tracer

logger = Logger()
tracer = Tracer()
metrics = Metrics()

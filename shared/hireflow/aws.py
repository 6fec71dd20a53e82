"""AWS clients, created on first use and cached per process.

boto3 reads AWS_ENDPOINT_URL from the environment, so the same code talks to AWS or to
the local cloud's emulator without a branch here.
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any

import boto3


def client(service: str) -> Any:
    """A client for ``service`` in the configured region and endpoint."""
    return _client(service, os.environ.get("AWS_REGION"), os.environ.get("AWS_ENDPOINT_URL"))


@cache
def _client(service: str, region: str | None, endpoint: str | None) -> Any:
    return boto3.client(service, region_name=region, endpoint_url=endpoint)

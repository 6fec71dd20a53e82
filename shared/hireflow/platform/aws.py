"""AWS clients, created on first use and cached per process.

The endpoint comes from the settings (AWS_ENDPOINT_URL), so the same code talks to AWS
or to the local cloud's emulator without a branch here.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import boto3
from botocore.config import Config

from hireflow.platform.settings import settings


def client(service: str) -> Any:
    """A client for ``service`` in the configured region and endpoint."""
    return _client(service, settings().region, settings().endpoint_url)


@cache
def _client(service: str, region: str, endpoint: str | None) -> Any:
    return boto3.client(service, region_name=region, endpoint_url=endpoint)


def s3_presigner() -> Any:
    """An S3 client that signs presigned URLs and POSTs with SigV4 (what S3 requires)."""
    return _s3_presigner(settings().region, settings().endpoint_url)


@cache
def _s3_presigner(region: str, endpoint: str | None) -> Any:
    return boto3.client(
        "s3", region_name=region, endpoint_url=endpoint, config=Config(signature_version="s3v4")
    )

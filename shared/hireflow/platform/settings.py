"""Runtime settings, read from the environment the template (or the local cloud) sets.

Read at each use (it is cheap), so tests and the local cloud can set the environment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    stage: str
    table_name: str
    idempotency_table_name: str
    media_bucket: str
    event_bus: str
    user_pool_id: str
    user_pool_client_id: str
    region: str
    sender_email: str
    company_name: str
    web_url: str


class MissingSetting(RuntimeError):
    """A required environment variable is not set (a deployment error, not user input)."""


def _required(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise MissingSetting(f"environment variable {name} is not set")
    return value


def settings() -> Settings:
    return Settings(
        stage=os.environ.get("HIREFLOW_STAGE", "dev"),
        table_name=_required("HIREFLOW_TABLE"),
        idempotency_table_name=os.environ.get("HIREFLOW_IDEMPOTENCY_TABLE", ""),
        media_bucket=os.environ.get("HIREFLOW_MEDIA_BUCKET", ""),
        event_bus=os.environ.get("HIREFLOW_EVENT_BUS", ""),
        user_pool_id=os.environ.get("HIREFLOW_USER_POOL_ID", ""),
        user_pool_client_id=os.environ.get("HIREFLOW_USER_POOL_CLIENT_ID", ""),
        region=os.environ.get("AWS_REGION", ""),
        sender_email=os.environ.get("HIREFLOW_SENDER_EMAIL", "noreply@hireflow.example"),
        company_name=os.environ.get("HIREFLOW_COMPANY_NAME", "hireflow"),
        web_url=os.environ.get("HIREFLOW_WEB_URL", "http://localhost:8000").rstrip("/"),
    )

"""Runtime settings: the environment the template (or the local cloud) gives a function,
parsed and validated once, at cold start.

A missing required variable fails the cold start with its name, not a later request
with an AWS error. Tests and the local cloud that change the environment call
``settings.cache_clear()`` (``hireflow.bootstrap.reset()`` does it with the services).
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HIREFLOW_", frozen=True, extra="ignore")

    table: str = Field(description="the single DynamoDB table (HIREFLOW_TABLE)")
    stage: str = "dev"
    media_bucket: str = ""
    event_bus: str = ""
    lifecycle_arn: str = ""
    user_pool_id: str = ""
    user_pool_client_id: str = ""
    # The user pool's two-step sign-in (template parameter HrMfa): what the HR app offers.
    hr_mfa: Literal["OFF", "OPTIONAL", "ON"] = "OFF"
    sender_email: str = "noreply@hireflow.example"
    company_name: str = "hireflow"
    web_url: str = "http://localhost:8000"
    scoring_timeout_seconds: int = Field(default=86400, ge=1)
    review_timeout_seconds: int = Field(default=2592000, ge=1)
    max_upload_bytes: int = Field(default=200 * 1024 * 1024, ge=1)
    # A new hire's document (PDF, JPEG or PNG): the largest upload the portal grants.
    max_document_bytes: int = Field(default=10 * 1024 * 1024, ge=1)
    # The function that checks an uploaded document (the portal asks it to look now when
    # the new hire says an upload finished and S3's event has not come); empty: none.
    document_check_function: str = ""
    # Wrong phone numbers one source address may give an hour, over every interview link.
    verify_source_limit: int = Field(default=10, ge=1)
    # Employee numbers: {year} and {seq} (a per-company sequence), e.g. E202600001.
    employee_number_pattern: str = "E{year}{seq:05d}"
    # An unanswered offer is reminded once, this many days after it was sent.
    offer_reminder_days: int = Field(default=3, ge=1, le=30)
    # Onboarding: an open task's owners are told this many days before it is due (and
    # once when it is overdue); the manager is asked for the probation review this many
    # days before the probation ends.
    onboarding_due_soon_days: int = Field(default=2, ge=0, le=30)
    probation_ask_days: int = Field(default=14, ge=1, le=60)
    # The 15 % rule (docs/analytics.md): a dimension's performance this far below its
    # assessed score, relative to it, makes a training suggestion.
    performance_gap_threshold: float = Field(default=0.15, gt=0, lt=1)
    # The talent pool keeps a person this many days after they joined (docs/talent.md).
    pool_retention_days: int = Field(default=365, ge=1, le=3650)
    # The asymmetric KMS key that seals finished PDFs (hireflow.platform.sealing); empty
    # where nothing is sealed or checked, and sealing then says this setting is missing.
    sealing_key_id: str = ""
    # The symmetric KMS key (DataKey) that encrypts secrets kept in the table: webhook
    # signing secrets, group-robot addresses and their signing secrets
    # (hireflow.platform.encryption); empty where none is stored or read.
    data_key_id: str = ""
    # Outbound HTTP (webhooks, group robots: hireflow.platform.outbound) goes to public
    # HTTPS addresses only. The local cloud and tests allow http(s) to 127.0.0.1/localhost
    # too (their built-in receiver); never set on AWS.
    outbound_allow_loopback: bool = False
    transcription_engine: str = "whisper"
    whisper_model_dir: str | None = None
    # AWS's own variables, read here so nothing else reads the environment.
    region: str = Field(
        default="us-east-1", validation_alias=AliasChoices("AWS_REGION", "AWS_DEFAULT_REGION")
    )
    endpoint_url: str | None = Field(default=None, validation_alias="AWS_ENDPOINT_URL")

    @field_validator("web_url")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @field_validator("endpoint_url", "whisper_model_dir")
    @classmethod
    def _empty_is_none(cls, value: str | None) -> str | None:
        return value or None


@cache
def settings() -> Settings:
    return Settings()  # type: ignore[call-arg]  # pydantic-settings fills it from the environment

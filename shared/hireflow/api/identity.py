"""Health, the browser pages' sign-in settings, and the caller's own identity."""

from __future__ import annotations

from typing import Literal

from aws_lambda_powertools.event_handler.api_gateway import Router
from pydantic import BaseModel, Field

from hireflow.api.context import current_caller
from hireflow.bootstrap import services
from hireflow.organisation.service import LocaleChoice, Me

router = Router()


class Health(BaseModel):
    status: str


@router.get("/api/health", summary="Liveness check (no authentication)")
def health() -> Health:
    return Health(status="ok")


class BrowserConfig(BaseModel):
    """What the browser pages need to sign in: public identifiers, no secrets."""

    region: str
    userPoolId: str
    userPoolClientId: str
    mfa: Literal["OFF", "OPTIONAL", "ON"] = Field(
        description="two-step sign-in (authenticator app): OPTIONAL lets a user turn it on"
    )


@router.get("/config.json", summary="Sign-in settings for the browser pages (no authentication)")
def browser_config() -> BrowserConfig:
    current = services().settings
    return BrowserConfig(
        region=current.region,
        userPoolId=current.user_pool_id,
        userPoolClientId=current.user_pool_client_id,
        mfa=current.hr_mfa,
    )


@router.get("/api/me", summary="The signed-in user, role and branch")
def get_me() -> Me:
    return services().organisation.me(current_caller(router))


@router.put("/api/me/locale", summary="Choose your language (the app's and your e-mails')")
def put_my_locale(choice: LocaleChoice) -> Me:
    return services().organisation.choose_locale(current_caller(router), choice)

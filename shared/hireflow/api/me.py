"""Health and the caller's own identity."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router
from pydantic import BaseModel

from hireflow.api.context import current_caller
from hireflow.organisation.model import OrganisationRepository
from hireflow.platform.settings import settings

router = Router()


class Health(BaseModel):
    status: str


class Me(BaseModel):
    user_id: str
    username: str
    email: str | None
    display_name: str | None
    role: str
    roles: list[str]
    branch_id: str
    branch_name: str | None
    is_hq: bool


@router.get("/api/health", summary="Liveness check (no authentication)")
def health() -> Health:
    return Health(status="ok")


class BrowserConfig(BaseModel):
    """What the browser pages need to sign in: public identifiers, no secrets."""

    region: str
    userPoolId: str
    userPoolClientId: str


@router.get("/config.json", summary="Sign-in settings for the browser pages (no authentication)")
def browser_config() -> BrowserConfig:
    current = settings()
    return BrowserConfig(
        region=current.region,
        userPoolId=current.user_pool_id,
        userPoolClientId=current.user_pool_client_id,
    )


@router.get("/api/me", summary="The signed-in user, role and branch")
def get_me() -> Me:
    caller = current_caller(router)
    organisation = OrganisationRepository()
    profile = organisation.get_user(caller.user_id)
    branch = organisation.get_branch(caller.branch_id)
    return Me(
        user_id=caller.user_id,
        username=caller.username,
        email=caller.email,
        display_name=profile.display_name if profile else None,
        role=caller.role.value,
        roles=[r.value for r in caller.roles],
        branch_id=caller.branch_id,
        branch_name=branch.name if branch else None,
        is_hq=caller.is_hq,
    )

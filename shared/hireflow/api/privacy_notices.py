"""Notices per jurisdiction (docs/privacy.md "Consent and notice"): HQ keeps the
jurisdictions, publishes notice versions and maps branches; branch HR read their own
branch's, and a candidate's consent ledger (the candidate page's Privacy section)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from hireflow.api.context import current_caller
from hireflow.bootstrap import services
from hireflow.privacy.model import BranchPrivacy, ConsentEntry, PrivacyNotice
from hireflow.privacy.notices import (
    BranchMapping,
    JurisdictionChange,
    JurisdictionView,
    NoticeDraft,
)

router = Router()


@router.get(
    "/api/privacy/jurisdictions",
    summary="Jurisdictions and the branches under each (HQ: all; branch HR: their own)",
)
def list_jurisdictions() -> list[JurisdictionView]:
    return services().privacy_notices.list_jurisdictions(current_caller(router))


@router.get("/api/privacy/jurisdictions/<jurisdiction_id>", summary="One jurisdiction")
def get_jurisdiction(jurisdiction_id: str) -> JurisdictionView:
    return services().privacy_notices.get_jurisdiction(current_caller(router), jurisdiction_id)


@router.put(
    "/api/privacy/jurisdictions/<jurisdiction_id>",
    summary="Create or change a jurisdiction: names, minimum notice, purposes asked (HQ)",
)
def put_jurisdiction(jurisdiction_id: str, change: JurisdictionChange) -> JurisdictionView:
    return services().privacy_notices.put_jurisdiction(
        current_caller(router), jurisdiction_id, change
    )


@router.get(
    "/api/privacy/jurisdictions/<jurisdiction_id>/notices",
    summary="Every version of a jurisdiction's notice, newest first",
)
def list_notices(jurisdiction_id: str) -> list[PrivacyNotice]:
    return services().privacy_notices.notices(current_caller(router), jurisdiction_id)


@router.post(
    "/api/privacy/jurisdictions/<jurisdiction_id>/notices",
    summary="Publish the next version of a jurisdiction's notice (HQ; old versions stay)",
    status_code=201,
)
def publish_notice(jurisdiction_id: str, draft: NoticeDraft) -> PrivacyNotice:
    return services().privacy_notices.publish(current_caller(router), jurisdiction_id, draft)


@router.put(
    "/api/privacy/branches/<branch_id>",
    summary="The jurisdiction whose notices a branch's candidates read (HQ)",
)
def map_branch(branch_id: str, mapping: BranchMapping) -> BranchPrivacy:
    return services().privacy_notices.map_branch(current_caller(router), branch_id, mapping)


@router.get(
    "/api/candidates/<candidate_id>/consents",
    summary="The person's consent ledger, oldest first: each choice with the words shown "
    "(HR who manage the candidate; read-only, not audited: it holds no sensitive data)",
)
def candidate_consents(candidate_id: str) -> list[ConsentEntry]:
    caller = current_caller(router)
    candidate = services().candidates.manageable(caller, candidate_id, "reading consents")
    return services().consents.entries(candidate.id)

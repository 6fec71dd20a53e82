"""The talent pool and matching (docs/talent.md): HR's pool (list, tags, removal,
invitations), a position's applicants ranked and the pool matched to it; and, on the
candidate portal, the candidate's consent to be kept in the pool (``portal_router``)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from hireflow.api.context import current_caller, header
from hireflow.bootstrap import services
from hireflow.recruiting.model import Candidate
from hireflow.talent.model import PoolEntry
from hireflow.talent.pool import ConsentRequest, ConsentView, PoolInvitation, TagsChange
from hireflow.talent.ranking import PoolMatches, RankedMatch

router = Router()
portal_router = Router()
SESSION_HEADER = "X-Interview-Session"


@router.get("/api/talent-pool", summary="The talent pool: a branch's (HR) or all of it (HQ)")
def pool(
    branch_id: str | None = None, tag: str | None = None, q: str | None = None
) -> list[PoolEntry]:
    return services().talent_pool.list(current_caller(router), branch_id, tag, q)


@router.put("/api/talent-pool/<candidate_id>/tags", summary="Replace a pool entry's tags")
def tags(candidate_id: str, change: TagsChange) -> PoolEntry:
    return services().talent_pool.set_tags(current_caller(router), candidate_id, change)


@router.delete(
    "/api/talent-pool/<candidate_id>",
    summary="Remove someone from the pool (audited)",
    status_code=204,
)
def remove(candidate_id: str) -> None:
    services().talent_pool.remove(current_caller(router), candidate_id)


@router.post(
    "/api/talent-pool/<candidate_id>/invite",
    summary="A new application of the pool's person to a position",
    description="Same name and contacts, source pool, person_id linking the earlier "
    "application, the résumé copied. 409 duplicate_candidate if they already applied to "
    "that position.",
    status_code=201,
)
def invite(candidate_id: str, invitation: PoolInvitation) -> Candidate:
    return services().talent_pool.invite(current_caller(router), candidate_id, invitation)


@router.get(
    "/api/positions/<position_id>/ranking",
    summary="The position's applicants, best match first (reviewers: their own candidates)",
)
def ranking(position_id: str) -> list[RankedMatch]:
    return services().talent_ranking.applicants(current_caller(router), position_id)


@router.get(
    "/api/positions/<position_id>/pool-matches", summary="The pool's latest match to the position"
)
def pool_matches(position_id: str) -> PoolMatches:
    return services().talent_ranking.pool_matches(current_caller(router), position_id)


@router.post(
    "/api/positions/<position_id>/pool-matches",
    summary="Match the pool to the position now (branch HR: their branch's pool; HQ: all)",
)
def match_now(position_id: str) -> PoolMatches:
    return services().talent_ranking.match_now(current_caller(router), position_id)


# ---------------------------------------------------------------- the candidate portal


@portal_router.get(
    "/api/interview/<token>/pool-consent", summary="The talent-pool consent: state and text"
)
def consent(token: str) -> ConsentView:
    return services().talent_pool.consent(token, header(portal_router, SESSION_HEADER))


@portal_router.put(
    "/api/interview/<token>/pool-consent",
    summary="Give or withdraw the talent-pool consent (?source=rejection_letter: from the letter)",
)
def set_consent(token: str, request: ConsentRequest, source: str | None = None) -> ConsentView:
    channel = "rejection_letter" if source == "rejection_letter" else "portal"
    return services().talent_pool.set_consent(
        token, header(portal_router, SESSION_HEADER), request, channel
    )

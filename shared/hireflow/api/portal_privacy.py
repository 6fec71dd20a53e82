"""A person's data requests from the candidate portal (the link and a verified session):
ask for an export or erasure, see them with their receipts, download an export."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from hireflow.api.context import header
from hireflow.api.privacy_requests import Download, RequestInput
from hireflow.bootstrap import services
from hireflow.privacy.model import DataRequest
from hireflow.privacy.requests import DOWNLOAD_SECONDS

router = Router()
SESSION_HEADER = "X-Interview-Session"


def _person(token: str) -> tuple[str, str]:
    candidate = services().portal.verified(token, header(router, SESSION_HEADER))
    return candidate.id, candidate.branch_id


@router.post(
    "/api/interview/<token>/privacy-requests",
    summary="The person asks for an export of their data or its erasure",
    status_code=202,
)
def create(token: str, given: RequestInput) -> DataRequest:
    candidate_id, branch_id = _person(token)
    return services().data_requests.create(candidate_id, branch_id, given.kind, None)


@router.get("/api/interview/<token>/privacy-requests", summary="The person's requests")
def mine(token: str) -> list[DataRequest]:
    return services().data_requests.mine(*_person(token))


@router.get(
    "/api/interview/<token>/privacy-requests/<request_id>/download",
    summary="A short-lived link to the person's export",
)
def download(token: str, request_id: str) -> Download:
    candidate_id, _ = _person(token)
    requests = services().data_requests
    request = requests.of_subject(candidate_id, request_id)
    return Download(url=requests.download_url(request, None), expires_in=DOWNLOAD_SECONDS)

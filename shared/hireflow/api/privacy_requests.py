"""A person's data requests, HR's side (docs/privacy.md "Requests from a person"): make
one for a candidate, list them, read one with its receipt, download an export."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query
from pydantic import BaseModel

from hireflow.api.context import current_caller
from hireflow.bootstrap import services
from hireflow.privacy.model import DataRequest, RequestKind, RequestStatus
from hireflow.privacy.requests import DOWNLOAD_SECONDS

router = Router()


class RequestInput(BaseModel):
    kind: RequestKind


class Download(BaseModel):
    url: str
    expires_in: int


@router.post(
    "/api/candidates/<candidate_id>/privacy-requests",
    summary="Ask for an export of a person's data or its erasure (carried out within "
    "minutes by PrivacyEventsFunction; HR who manage the candidate)",
    status_code=202,
)
def create(candidate_id: str, given: RequestInput) -> DataRequest:
    caller = current_caller(router)
    candidate = services().candidates.manageable(caller, candidate_id, "privacy_request")
    return services().data_requests.create(candidate.id, candidate.branch_id, given.kind, caller)


@router.get("/api/privacy-requests", summary="Requests, newest first: branch HR theirs, HQ all")
def listed(
    branch_id: Annotated[str | None, Query(max_length=64)] = None,
    status: Annotated[RequestStatus | None, Query()] = None,
) -> list[DataRequest]:
    return services().data_requests.listed(current_caller(router), branch_id, status)


@router.get("/api/privacy-requests/<request_id>", summary="One request with its receipt")
def one(request_id: str) -> DataRequest:
    return services().data_requests.get(current_caller(router), request_id)


@router.get(
    "/api/privacy-requests/<request_id>/download",
    summary="A short-lived link to an export's zip (audited as a read)",
)
def download(request_id: str) -> Download:
    caller = current_caller(router)
    requests = services().data_requests
    request = requests.get(caller, request_id)
    return Download(url=requests.download_url(request, caller), expires_in=DOWNLOAD_SECONDS)

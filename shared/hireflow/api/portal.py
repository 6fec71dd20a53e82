"""The candidate portal's routes (public: the link token, then a verified session)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from hireflow.analytics.demographics import DemographicsForm, DemographicsSubmission
from hireflow.api.context import header
from hireflow.bootstrap import services
from hireflow.interviews.portal import (
    AlternativeRequest,
    Completion,
    InterruptionReport,
    Overview,
    QuestionView,
    Session,
    UploadGrant,
    UploadRequest,
    Verification,
)

router = Router()
SESSION_HEADER = "X-Interview-Session"


def session() -> str:
    return header(router, SESSION_HEADER)


@router.get("/api/interview/<token>", summary="What the candidate sees before verifying")
def overview(token: str) -> Overview:
    return services().portal.overview(token)


@router.post("/api/interview/<token>/verify", summary="Phone number + consent -> a session")
def verify(token: str, verification: Verification) -> Session:
    # The client's address as API Gateway saw it: one source's attempts are limited too.
    identity = (router.current_event.get("requestContext") or {}).get("identity") or {}
    source = identity.get("sourceIp") or "unknown"
    return services().portal.verify(token, verification, source)


@router.post("/api/interview/<token>/alternative", summary="Ask for a process without AI")
def alternative(token: str, request: AlternativeRequest) -> Overview:
    return services().portal.request_alternative(token, request)


@router.get(
    "/api/interview/<token>/questions", summary="The questions, in the candidate's language"
)
def questions(token: str) -> list[QuestionView]:
    return services().portal.questions(token, session())


@router.post(
    "/api/interview/<token>/answers/<question_id>/upload",
    summary="A presigned S3 POST for this answer",
)
def upload(token: str, question_id: str, request: UploadRequest) -> UploadGrant:
    return services().portal.upload(token, session(), question_id, request)


@router.post(
    "/api/interview/<token>/answers/<question_id>/interrupted",
    summary="The page lost its answer in flight (a reload, a dropped connection)",
    description="Records the attempt as interrupted (once), which allows one more attempt "
    "at the question, once per question; if the recording reached S3 after all, it is "
    "recorded as the answer instead. Returns the question's state.",
)
def interrupted(token: str, question_id: str, report: InterruptionReport) -> QuestionView:
    return services().portal.report_interruption(token, session(), question_id, report)


@router.post("/api/interview/<token>/complete", summary="Finish the interview")
def complete(token: str) -> Completion:
    return services().portal.complete(token, session())


@router.get(
    "/api/interview/<token>/demographics",
    summary="The voluntary questions HQ asks (after the phone check), and one's own answers",
)
def demographics(token: str) -> DemographicsForm:
    return services().demographics.form(token, session())


@router.put(
    "/api/interview/<token>/demographics",
    summary="Answer the voluntary questions, or decline them: kept apart from the application",
)
def answer_demographics(token: str, submission: DemographicsSubmission) -> DemographicsForm:
    return services().demographics.answer(token, session(), submission)

"""Résumés: HR's upload, reading and corrections on the candidate page, the archive an
import takes résumés from (``router``: the HR API), and the candidate's own upload in the
portal before the interview (``portal_router``: the candidate API)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from hireflow.api.context import current_caller, header
from hireflow.bootstrap import services
from hireflow.recruiting.resume_import import ArchiveGrant
from hireflow.recruiting.resumes import (
    PortalResume,
    ResumeUploadGrant,
    ResumeUploadRequest,
    ResumeView,
    SectionCorrection,
)

router = Router()
portal_router = Router()
SESSION_HEADER = "X-Interview-Session"


@router.post(
    "/api/candidates/<candidate_id>/resume/upload",
    summary="A presigned S3 POST for the candidate's résumé (PDF, DOCX, JPEG or PNG)",
)
def upload(candidate_id: str, request: ResumeUploadRequest) -> ResumeUploadGrant:
    return services().resumes.grant(current_caller(router), candidate_id, request)


@router.get(
    "/api/candidates/<candidate_id>/resume",
    summary="The résumé (null: none yet): fields with their source text, corrections, a short "
    "download link",
)
def resume(candidate_id: str) -> ResumeView | None:
    return services().resumes.view(current_caller(router), candidate_id)


@router.put(
    "/api/candidates/<candidate_id>/resume/<section>",
    summary="Correct one section (education, experience, skills, certificates, languages)",
)
def correct(candidate_id: str, section: str, change: SectionCorrection) -> ResumeView:
    return services().resumes.correct(current_caller(router), candidate_id, section, change)


@router.post(
    "/api/candidates/import/resume-archive",
    summary="A presigned S3 POST for a .zip of résumés an import's rows name by file name",
)
def archive() -> ArchiveGrant:
    return services().resume_import.archive_grant(current_caller(router))


@portal_router.post(
    "/api/interview/<token>/resume/upload",
    summary="A presigned S3 POST for the candidate's résumé (before the interview)",
)
def portal_upload(token: str, request: ResumeUploadRequest) -> ResumeUploadGrant:
    candidate = services().portal.verified(token, header(portal_router, SESSION_HEADER))
    return services().resumes.candidate_grant(candidate, request)


@portal_router.get(
    "/api/interview/<token>/resume", summary="How far the candidate's résumé upload got"
)
def portal_resume(token: str) -> PortalResume | None:
    candidate = services().portal.verified(token, header(portal_router, SESSION_HEADER))
    return services().resumes.portal_status(candidate)

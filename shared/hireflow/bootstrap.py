"""The composition root: services wired to their AWS adapters, built once per process
(at the first request, not at import)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from hireflow.assessment.model import TemplateRepository, TemplateService
from hireflow.audit.service import AuditService
from hireflow.identity.directory import CognitoDirectory
from hireflow.interviews.model import InterviewRepository
from hireflow.interviews.portal import Portal
from hireflow.interviews.reminders import Reminders
from hireflow.notifications.model import (
    AwsSender,
    NotificationTemplateRepository,
    NotificationTemplateService,
    Notifier,
)
from hireflow.organisation.model import OrganisationRepository, OrganisationService
from hireflow.platform.events import EventBridgePublisher
from hireflow.recruiting.importing import CandidateImport
from hireflow.recruiting.model import CandidateRepository
from hireflow.recruiting.positions import PositionRepository, PositionService
from hireflow.recruiting.service import CandidateService
from hireflow.reviews.service import ReviewService
from hireflow.scoring.records import ScoringRepository
from hireflow.scoring.reports import Reports
from hireflow.workflow.lifecycle import Lifecycle


@dataclass(frozen=True)
class Services:
    organisation: OrganisationService
    positions: PositionService
    templates: TemplateService
    notification_templates: NotificationTemplateService
    candidates: CandidateService
    candidate_import: CandidateImport
    notifier: Notifier
    audit: AuditService
    lifecycle: Lifecycle
    reviews: ReviewService
    reminders: Reminders
    portal: Portal
    scoring: ScoringRepository
    reports: Reports


def build() -> Services:
    organisation = OrganisationRepository()
    templates = TemplateRepository()
    positions = PositionRepository()
    notification_templates = NotificationTemplateRepository()
    notifier = Notifier(notification_templates, AwsSender())
    candidate_repository = CandidateRepository()
    interviews = InterviewRepository()
    events = EventBridgePublisher()
    scoring = ScoringRepository()
    reports = Reports(interviews, scoring, templates)
    candidates = CandidateService(candidate_repository, positions, organisation, notifier)
    lifecycle = Lifecycle(
        candidate_repository,
        interviews,
        positions,
        templates,
        organisation,
        notifier,
        events,
        reports,
    )
    return Services(
        organisation=OrganisationService(organisation, CognitoDirectory()),
        positions=PositionService(positions, organisation, templates),
        templates=TemplateService(templates),
        notification_templates=NotificationTemplateService(notification_templates),
        candidates=candidates,
        candidate_import=CandidateImport(candidates),
        notifier=notifier,
        audit=AuditService(),
        lifecycle=lifecycle,
        reviews=ReviewService(candidates, interviews, reports),
        reminders=Reminders(candidate_repository, interviews, positions, organisation, notifier),
        portal=Portal(
            candidate_repository,
            interviews,
            templates,
            positions,
            organisation,
            notifier,
            lifecycle,
            events,
        ),
        scoring=scoring,
        reports=reports,
    )


@cache
def services() -> Services:
    return build()

"""The composition root: the only place that builds services and wires them to their
repositories and AWS adapters. Built once per process (at cold start), from settings
validated at the same time.

Tests and the local cloud that change the environment call ``reset()``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING

from hireflow.analytics.demographics import Demographics
from hireflow.analytics.model import AnalyticsRepository, DemographicsRepository
from hireflow.analytics.service import AnalyticsReader, WeightDecisions
from hireflow.assessment.model import TemplateRepository
from hireflow.assessment.service import TemplateService
from hireflow.audit.model import AuditRepository
from hireflow.audit.service import AuditService
from hireflow.identity.directory import CognitoDirectory
from hireflow.integrations.delivery import WebhookDeliveries
from hireflow.integrations.inbound import InboundSecrets
from hireflow.integrations.model import InboundSecretRepository, WebhookRepository
from hireflow.integrations.service import WebhookService
from hireflow.interviews.consents import PortalConsents
from hireflow.interviews.model import InterviewRepository
from hireflow.interviews.personal_data import InterviewData
from hireflow.interviews.portal import Portal
from hireflow.interviews.recordings import RecordingService
from hireflow.interviews.reminders import InterviewReminders
from hireflow.interviews.service import InterviewService
from hireflow.interviews.steps import InterviewSteps
from hireflow.notifications.model import NotificationTemplateRepository, RobotRepository
from hireflow.notifications.robots import RobotChannels, RobotSender, RobotService
from hireflow.notifications.sending import MESSAGE, AwsSender, ChannelSender, Notifier
from hireflow.notifications.service import NotificationTemplateService
from hireflow.offers.letters import Letters
from hireflow.offers.model import OfferRepository, OfferTemplateRepository
from hireflow.offers.personal_data import OfferRecords
from hireflow.offers.portal import OfferPortal
from hireflow.offers.reminders import OfferReminders
from hireflow.offers.service import LetterSettings, OfferService
from hireflow.offers.steps import OfferSteps
from hireflow.offers.texts import DEFAULTS as OFFER_LETTER_DEFAULTS
from hireflow.onboarding.courses import TrainingCatalogue
from hireflow.onboarding.documents import DocumentReview
from hireflow.onboarding.model import (
    NewHireRepository,
    OnboardingRepository,
    ProbationRepository,
    SuggestionRepository,
    TrainingRepository,
)
from hireflow.onboarding.notices import EmployeeNotices
from hireflow.onboarding.performance_gaps import PerformanceGaps, TrainingSuggestions
from hireflow.onboarding.personal_data import OnboardingRecords
from hireflow.onboarding.portal import NewHirePortal
from hireflow.onboarding.probation import ProbationService
from hireflow.onboarding.reminders import OnboardingReminders, ProbationReminders
from hireflow.onboarding.results import TrainingResults
from hireflow.onboarding.service import OnboardingService
from hireflow.onboarding.training import TrainingPlanner
from hireflow.onboarding.training_import import TrainingImport
from hireflow.onboarding.uploads import DocumentChecks, DocumentUploads
from hireflow.organisation.model import OrganisationRepository
from hireflow.organisation.service import OrganisationService
from hireflow.people.departure import Departures
from hireflow.people.hiring import Hiring
from hireflow.people.model import (
    AssessmentRepository,
    EmployeeRepository,
    KpiFormulaRepository,
    PerformanceRepository,
    ReassessmentRepository,
)
from hireflow.people.performance import PerformanceService
from hireflow.people.performance_import import PerformanceImport
from hireflow.people.personal_data import EmployeeRecords
from hireflow.people.reassessment import Reassessments
from hireflow.people.service import EmployeeService
from hireflow.people.steps import ReassessmentSteps
from hireflow.platform.events import DomainEvent, EventBridgePublisher
from hireflow.platform.model import OutboxRepository
from hireflow.platform.outbox import Outbox
from hireflow.platform.settings import Settings, settings
from hireflow.platform.stepfunctions import StateMachine
from hireflow.platform.unit_of_work import UnitOfWork
from hireflow.privacy.consent import Consents
from hireflow.privacy.gate import AiGate
from hireflow.privacy.holders import AuditTrailData, ConsentLedgerData, SentMessagesData
from hireflow.privacy.model import ConsentLedger, PrivacyRepository
from hireflow.privacy.notices import NoticeService
from hireflow.privacy.personal_data import PersonalDataHolder
from hireflow.privacy.requests import DataRequests
from hireflow.privacy.retention import Retention
from hireflow.privacy.sweep import AuditExpiry, OutboxExpiry, RetentionSweep
from hireflow.privacy.switches import AiSwitches
from hireflow.recruiting.dashboard import DashboardService
from hireflow.recruiting.duplicates import DuplicateReview, Duplicates
from hireflow.recruiting.importing import CandidateImport
from hireflow.recruiting.lifecycle import ApplicationLifecycle
from hireflow.recruiting.listing import CandidateList
from hireflow.recruiting.model import (
    CandidateRepository,
    DuplicateRepository,
    ImportJobRepository,
    PositionRepository,
    ResumeRepository,
    SavedFilterRepository,
    WaitingStepRepository,
)
from hireflow.recruiting.notes import CandidateNotes
from hireflow.recruiting.notices import Notices
from hireflow.recruiting.personal_data import RecruitingData
from hireflow.recruiting.positions import PositionService
from hireflow.recruiting.resume_import import ResumeImport
from hireflow.recruiting.resumes import ResumeIntake
from hireflow.recruiting.service import CandidateService
from hireflow.recruiting.status import ENDED
from hireflow.recruiting.steps import Applications, ApplicationSteps
from hireflow.reviews.export import CandidateExport
from hireflow.reviews.model import ReviewRepository
from hireflow.reviews.oversight import Oversight
from hireflow.reviews.paper import ReviewFileService
from hireflow.reviews.personal_data import reviews_data
from hireflow.reviews.reminders import ReviewReminders
from hireflow.reviews.service import ReviewService
from hireflow.reviews.steps import ReviewSteps
from hireflow.scoring.model import ScoringRepository
from hireflow.scoring.personal_data import ScoringData
from hireflow.scoring.reports import Reports, ReportService
from hireflow.scoring.rescoring import Rescoring
from hireflow.scoring.steps import ScoringSteps
from hireflow.talent.cross_check import CrossCheckQuestions, CrossChecks
from hireflow.talent.feedback import Feedback
from hireflow.talent.model import CandidateRequestRepository, PoolRepository, TalentSettings
from hireflow.talent.personal_data import talent_data
from hireflow.talent.pool import TalentPool
from hireflow.talent.ranking import Ranking
from hireflow.talent.requests import CandidateRequests
from hireflow.talent.skills import SkillMapService
from hireflow.workflow.schedule import Schedule
from hireflow.workflow.tasks import TaskRegistry

if TYPE_CHECKING:  # imported when built: they need the scoring image's or paper libraries
    from hireflow.analytics.job import AnalyticsJob
    from hireflow.platform.sealing import Sealer
    from hireflow.scoring.service import AnswerScoring


@dataclass(frozen=True)
class Services:
    settings: Settings
    organisation: OrganisationService
    positions: PositionService
    templates: TemplateService
    notification_templates: NotificationTemplateService
    candidates: CandidateService
    candidate_list: CandidateList
    candidate_notes: CandidateNotes
    candidate_import: CandidateImport
    interviews: InterviewService
    reviews: ReviewService
    candidate_export: CandidateExport
    reports: ReportService
    # People take over where the AI cannot advise (docs/human-oversight.md).
    oversight: Oversight
    rescoring: Rescoring
    recordings: RecordingService
    review_file: ReviewFileService
    dashboard: DashboardService
    audit: AuditService
    portal: Portal
    # Offers: HR and approvers, the candidate's offer page, the employees hires become.
    offers: OfferService
    letter_settings: LetterSettings
    offer_portal: OfferPortal
    employees: EmployeeService
    # Onboarding: the plans hires get, owners' tasks, mentors, HQ's templates.
    onboarding: OnboardingService
    # Other systems and chat groups learn of events: webhooks (HQ), group robots (HR).
    webhooks: WebhookService
    webhook_deliveries: WebhookDeliveries
    robots: RobotService
    # The new hire's portal and documents (docs/onboarding.md): the link and phone check,
    # uploads, the checks when S3 has a file, HR's review.
    new_hire_portal: NewHirePortal
    document_uploads: DocumentUploads
    document_checks: DocumentChecks
    document_review: DocumentReview
    # Built on first use, by the scoring function only: the zip functions do not carry
    # numpy, OpenCV or onnxruntime.
    answer_scoring: Callable[[], AnswerScoring]
    workflow: TaskRegistry
    schedule: Schedule
    outbox: Outbox
    # Onboarding: the probation review (onboarding/probation.py).
    probation: ProbationService
    # Training personalised from the interview (docs/onboarding.md): HQ's set-up, the
    # courses a new plan gets, results recorded and imported, the mentors' view.
    training_catalogue: TrainingCatalogue
    training_planner: TrainingPlanner
    training_results: TrainingResults
    training_import: TrainingImport
    # Performance data in and the 15 % rule (docs/analytics.md): reviews and KPI formulas,
    # their import, the EHR's signed posts, the suggestions the rule makes.
    performance: PerformanceService
    performance_import: PerformanceImport
    performance_gaps: PerformanceGaps
    training_suggestions: TrainingSuggestions
    ehr_inbound: InboundSecrets
    # Periodic re-assessment (docs/analytics.md): HQ's schedules, the daily run, HR's start.
    reassessments: Reassessments
    # Analytics (docs/analytics.md): the stored results HQ reads, HQ's decisions on weight
    # proposals, the voluntary demographic questions (HQ's categories, the candidate's answers).
    analytics: AnalyticsReader
    weight_decisions: WeightDecisions
    demographics: Demographics
    # Built on first use, by the analytics function only (an image with numpy and scipy):
    # the job that computes what the HQ analytics screens read (docs/analytics.md).
    analytics_job: Callable[[], AnalyticsJob]
    # The talent pool (docs/talent.md): consent, joining, HR's pool, invitations; matching
    # a position's applicants and the pool (numpy: the numeric layer).
    talent_pool: TalentPool
    talent_ranking: Ranking
    # Talent (docs/talent.md): HQ's skill map, the résumé-vs-interview cross-check.
    skill_map: SkillMapService
    cross_checks: CrossChecks
    # The same person applying twice (recruiting/duplicates.py): HR merge or keep apart.
    duplicate_review: DuplicateReview
    # Candidate feedback (docs/talent.md): where they stand, the rejection note, their
    # page after the interview, and their requests about a decision.
    feedback: Feedback
    candidate_requests: CandidateRequests
    # Consent and notice (docs/privacy.md): HQ's jurisdictions and notices, the person's
    # consents through their interview link.
    privacy_notices: NoticeService
    portal_consents: PortalConsents
    # The consent ledger as HR read it (the candidate page's Privacy section).
    consents: Consents
    # Résumés (docs/resumes.md): uploads, the S3 event's parsing, HR's corrections; the
    # import's archive and links.
    resumes: ResumeIntake
    resume_import: ResumeImport
    # HQ's switch of AI scoring and the gate every AI step asks (docs/privacy.md).
    ai_switches: AiSwitches
    ai_gate: AiGate
    # Privacy (docs/privacy.md): a person's export and erasure requests, carried out by
    # every context's personal-data holder.
    data_requests: DataRequests
    # Retention (docs/privacy.md "Retention"): policies, clocks, legal holds, the daily
    # sweep through every context's personal-data holders; an employee's departure.
    retention: Retention
    retention_sweep: RetentionSweep
    departures: Departures


def build(config: Settings) -> Services:
    # Repositories: one per aggregate, stateless.
    organisation = OrganisationRepository()
    templates = TemplateRepository()
    positions = PositionRepository()
    candidates = CandidateRepository()
    interviews = InterviewRepository()
    reviews = ReviewRepository()
    scoring = ScoringRepository()
    notification_templates = NotificationTemplateRepository()
    offers = OfferRepository()
    employees = EmployeeRepository()
    onboarding = OnboardingRepository()
    probations = ProbationRepository()
    training = TrainingRepository()
    robots = RobotRepository()
    webhooks = WebhookRepository()
    new_hires = NewHireRepository()
    performance = PerformanceRepository()
    suggestions = SuggestionRepository()
    assessments = AssessmentRepository()
    reassessment_records = ReassessmentRepository()
    analytics_results = AnalyticsRepository()
    demographics = DemographicsRepository()
    privacy = PrivacyRepository()
    consent_ledger = ConsentLedger()
    ai_gate = AiGate(consent_ledger, privacy)

    # Adapters and the unit of work.
    robot_sender = RobotSender(robots, config.outbound_allow_loopback)
    notifier = Notifier(
        notification_templates, ChannelSender(AwsSender(config.sender_email), robot_sender)
    )
    events = EventBridgePublisher(config.event_bus)
    outbox = Outbox(
        OutboxRepository(),
        {
            "event": lambda payload: events.publish(payload["detail_type"], payload["detail"]),
            MESSAGE: notifier.deliver,
        },
    )

    def uow() -> UnitOfWork:
        return UnitOfWork(outbox)

    lifecycle = ApplicationLifecycle(
        StateMachine(config.lifecycle_arn),
        WaitingStepRepository(),
        config.scoring_timeout_seconds,
        config.review_timeout_seconds,
    )
    employee_notices = EmployeeNotices(
        positions, organisation, notifier, config.company_name, config.web_url
    )
    notices = Notices(
        positions,
        organisation,
        notifier,
        config.company_name,
        config.web_url,
        RobotChannels(robots, notification_templates),
    )
    webhook_deliveries = WebhookDeliveries(webhooks, config.outbound_allow_loopback)
    applications = Applications(candidates, uow, notices)
    reports = Reports(scoring, templates, config.media_bucket)

    # Use cases.
    @cache
    def answer_scoring() -> AnswerScoring:
        from hireflow.scoring.service import AnswerScoring

        return AnswerScoring(
            candidates,
            interviews,
            templates,
            scoring,
            scoring_steps,
            config.media_bucket,
            config.stage,
            config.transcription_engine,
            config.whisper_model_dir,
            ai_gate,
        )

    duplicates = DuplicateRepository()
    candidate_service = CandidateService(
        candidates, positions, organisation, notices, uow, Duplicates(candidates, duplicates, uow)
    )
    resume_intake = ResumeIntake(candidate_service, ResumeRepository(), uow, config.media_bucket)
    resume_import = ResumeImport(resume_intake, config.media_bucket, config.outbound_allow_loopback)
    reassessments = Reassessments(
        EmployeeService(employees),
        employees,
        assessments,
        reassessment_records,
        candidates,
        positions,
        templates,
        organisation,
        lifecycle,
        uow,
    )
    interview_reminders = InterviewReminders(candidates, interviews, notices)
    review_service = ReviewService(
        candidate_service, positions, reviews, scoring, interviews, lifecycle, uow
    )
    scoring_steps = ScoringSteps(applications, interviews, reports, lifecycle)
    offer_templates = OfferTemplateRepository(OFFER_LETTER_DEFAULTS)
    letters = Letters(
        positions, organisation, offer_templates, config.company_name, config.media_bucket
    )

    @cache
    def analytics_job() -> AnalyticsJob:
        from hireflow.analytics.facts import FactsLoader
        from hireflow.analytics.job import AnalyticsJob

        loader = FactsLoader(
            employees,
            performance,
            assessments,
            positions,
            templates,
            organisation,
            candidates,
            reviews,
            scoring,
            demographics,
        )
        return AnalyticsJob(loader, analytics_results)

    @cache
    def sealer() -> Sealer:  # built when the first letter is sealed (the workflow only)
        from hireflow.platform.sealing import configured_sealer  # pyHanko: the paper layer's

        return configured_sealer()

    # The courses a new plan gets: the position's, and the interview's weak dimensions'.
    training_planner = TrainingPlanner(training, positions, reports)
    new_hire_portal = NewHirePortal(
        employees,
        onboarding,
        new_hires,
        interviews,
        employee_notices,
        uow,
        config.verify_source_limit,
        config.max_document_bytes,
    )

    performance_service = PerformanceService(
        employees,
        performance,
        assessments,
        KpiFormulaRepository(),
        positions,
        organisation,
        uow,
        config.performance_gap_threshold,
    )
    template_service = TemplateService(templates, uow)
    position_service = PositionService(positions, organisation, templates, uow)
    candidate_requests = CandidateRequestRepository()
    privacy_notices = NoticeService(privacy, organisation, uow)
    consents = Consents(consent_ledger)
    portal = Portal(
        candidates,
        applications,
        interviews,
        templates,
        positions,
        organisation,
        lifecycle,
        notices,
        uow,
        outbox,
        config.company_name,
        config.media_bucket,
        config.max_upload_bytes,
        config.verify_source_limit,
        privacy_notices,
        consents,
    )
    talent_pool = TalentPool(
        PoolRepository(),
        candidates,
        candidate_service,
        positions,
        ResumeRepository(),
        scoring,
        reviews,
        portal,
        uow,
        config.pool_retention_days,
    )
    talent_settings = TalentSettings()
    cross_checks = CrossChecks(
        candidate_service,
        candidates,
        positions,
        ResumeRepository(),
        talent_settings,
        reviews,
        scoring,
        reports,
    )

    def subject_branch(subject_id: str) -> str | None:
        candidate = candidates.get(subject_id)
        employee = None if candidate else employees.get(subject_id)
        return (candidate or employee).branch_id if (candidate or employee) else None

    def application_ended(candidate_id: str) -> bool:
        """The sweep's question before a rejection's clock: gone, or still ended."""
        candidate = candidates.get(candidate_id)
        return candidate is None or candidate.status in ENDED

    retention = Retention(
        privacy,
        uow,
        subject_branch,
        lambda branch_id: organisation.get_branch(branch_id) is not None,
    )
    # Every context's personal data (privacy.personal_data): the erasure, the export and
    # the retention sweep reach each copy through these.
    holders: list[PersonalDataHolder] = [
        *personal_data_holders(config, candidates),
        OfferRecords(offers, employees, config.media_bucket),
        OnboardingRecords(onboarding, new_hires, employees, config.media_bucket),
        EmployeeRecords(employees),
    ]

    return Services(
        settings=config,
        organisation=OrganisationService(organisation, CognitoDirectory(config.user_pool_id), uow),
        positions=position_service,
        templates=template_service,
        notification_templates=NotificationTemplateService(
            notification_templates, uow, config.company_name, config.web_url
        ),
        candidates=candidate_service,
        candidate_list=CandidateList(candidate_service, SavedFilterRepository(), uow),
        candidate_notes=CandidateNotes(candidate_service, candidates, organisation, uow),
        candidate_import=CandidateImport(
            candidate_service, ImportJobRepository(), config.media_bucket, resume_import
        ),
        interviews=InterviewService(
            candidate_service,
            interviews,
            lifecycle,
            uow,
            config.scoring_timeout_seconds,
            config.review_timeout_seconds,
            interview_reminders,
            privacy_notices,
        ),
        reviews=review_service,
        candidate_export=CandidateExport(
            candidate_service, review_service, positions, organisation
        ),
        reports=ReportService(candidate_service, reports),
        oversight=Oversight(
            candidate_service, organisation, interviews, reports, lifecycle, notices, uow
        ),
        rescoring=Rescoring(candidate_service, interviews, lifecycle, outbox, uow),
        recordings=RecordingService(candidate_service, interviews, templates, config.media_bucket),
        review_file=ReviewFileService(
            candidate_service,
            positions,
            organisation,
            reports,
            reviews,
            scoring,
            uow,
            CrossCheckQuestions(cross_checks),
        ),
        dashboard=DashboardService(organisation, candidates),
        audit=AuditService(
            AuditRepository(),
            subject_branch=lambda subject: getattr(
                candidates.get(subject) or employees.get(subject), "branch_id", None
            ),
        ),
        portal=portal,
        offers=OfferService(
            candidate_service,
            offers,
            positions,
            organisation,
            employees,
            lifecycle,
            letters,
            notices,
            uow,
        ),
        letter_settings=LetterSettings(offer_templates, organisation, letters, uow),
        offer_portal=OfferPortal(
            candidates,
            offers,
            interviews,
            letters,
            lifecycle,
            notices,
            uow,
            config.verify_source_limit,
        ),
        employees=EmployeeService(employees),
        onboarding=OnboardingService(
            employees,
            onboarding,
            organisation,
            positions,
            employee_notices,
            uow,
            training_planner,
            new_hire_portal,
        ),
        webhooks=WebhookService(
            webhooks,
            webhook_deliveries,
            uow,
            # Every detail-type hireflow publishes (each context's events.py, imported above).
            tuple(sorted(DomainEvent.types)),
            config.outbound_allow_loopback,
        ),
        webhook_deliveries=webhook_deliveries,
        robots=RobotService(robots, robot_sender, uow, config.outbound_allow_loopback),
        new_hire_portal=new_hire_portal,
        document_uploads=DocumentUploads(
            new_hire_portal, new_hires, uow, config.media_bucket, config.document_check_function
        ),
        document_checks=DocumentChecks(
            onboarding, new_hires, uow, config.media_bucket, config.max_document_bytes
        ),
        document_review=DocumentReview(
            employees, onboarding, new_hires, new_hire_portal, uow, config.media_bucket
        ),
        answer_scoring=answer_scoring,
        workflow=TaskRegistry(
            ApplicationSteps(applications),
            InterviewSteps(
                applications,
                interviews,
                positions,
                templates,
                lifecycle,
                notices,
                uow,
                privacy_notices,
            ),
            scoring_steps,
            ReviewSteps(applications, lifecycle, notices, uow),
            OfferSteps(
                applications,
                offers,
                organisation,
                letters,
                sealer,
                Hiring(
                    employees, positions, review_service.baseline, config.employee_number_pattern
                ),
                lifecycle,
                notices,
                uow,
            ),
            outbox,
            ReassessmentSteps(
                applications,
                employees,
                assessments,
                reassessment_records,
                review_service.baseline,
                uow,
            ),
        ),
        schedule=Schedule(
            interview_reminders,
            ReviewReminders(candidates, reviews, organisation, notices),
            OfferReminders(
                offers,
                candidates,
                organisation,
                lifecycle,
                notices,
                uow,
                config.offer_reminder_days,
            ),
            OnboardingReminders(
                onboarding, employees, employee_notices, uow, config.onboarding_due_soon_days
            ),
            ProbationReminders(
                probations,
                employees,
                organisation,
                employee_notices,
                uow,
                config.probation_ask_days,
            ),
            reassessments,
        ),
        outbox=outbox,
        probation=ProbationService(
            employees, probations, positions, organisation, uow, performance
        ),
        training_catalogue=TrainingCatalogue(training, positions, uow),
        training_planner=training_planner,
        training_results=TrainingResults(employees, onboarding, training, uow),
        training_import=TrainingImport(employees, onboarding, training, uow),
        performance=performance_service,
        performance_import=PerformanceImport(performance_service),
        performance_gaps=PerformanceGaps(
            employees,
            performance,
            assessments,
            training,
            suggestions,
            training_planner,
            employee_notices,
            uow,
            config.performance_gap_threshold,
        ),
        training_suggestions=TrainingSuggestions(employees, onboarding, training, suggestions, uow),
        ehr_inbound=InboundSecrets(InboundSecretRepository(), uow),
        reassessments=reassessments,
        analytics=AnalyticsReader(analytics_results),
        weight_decisions=WeightDecisions(
            analytics_results, templates, template_service, position_service, uow
        ),
        demographics=Demographics(demographics, portal, uow),
        analytics_job=analytics_job,
        talent_pool=talent_pool,
        talent_ranking=Ranking(
            PoolRepository(),
            talent_pool,
            candidates,
            positions,
            ResumeRepository(),
            organisation,
            talent_settings,
            uow,
            config.web_url,
        ),
        skill_map=SkillMapService(talent_settings, positions, uow),
        cross_checks=cross_checks,
        duplicate_review=DuplicateReview(candidates, duplicates, positions, organisation, uow),
        feedback=Feedback(
            candidate_service,
            positions,
            reviews,
            scoring,
            reports,
            interviews,
            portal,
            talent_settings,
            candidate_requests,
            notices,
            uow,
        ),
        candidate_requests=CandidateRequests(
            candidate_service,
            positions,
            reviews,
            interviews,
            organisation,
            portal,
            candidate_requests,
            notices,
            uow,
        ),
        resumes=resume_intake,
        resume_import=resume_import,
        ai_switches=AiSwitches(
            privacy,
            organisation,
            uow,
            lambda position_id: p.branch_id if (p := positions.get(position_id)) else None,
        ),
        ai_gate=ai_gate,
        data_requests=DataRequests(privacy, uow, holders, config.media_bucket, AuditRepository()),
        retention=retention,
        retention_sweep=RetentionSweep(
            privacy,
            retention,
            holders,
            [AuditExpiry(retention.held), OutboxExpiry(OutboxRepository())],
            lambda: [b.id for b in organisation.list_branches()],
            consent_ledger,
            application_ended,
        ),
        departures=Departures(EmployeeService(employees), uow),
        privacy_notices=privacy_notices,
        portal_consents=PortalConsents(portal),
        consents=consents,
    )


def personal_data_holders(
    config: Settings, candidates: CandidateRepository
) -> list[PersonalDataHolder]:
    """Every context's personal data about a person (docs/privacy.md), for the erasure,
    the export and the retention sweep."""

    def applied_at(candidate_id: str) -> datetime | None:
        found = candidates.get(candidate_id)
        return found.created_at if found else None

    return [
        # Privacy's own (the contexts below it) first: the audit trail reads when each
        # application was made (the months to look in) before recruiting erases it.
        AuditTrailData(AuditRepository(), applied_at),
        SentMessagesData(OutboxRepository()),
        ConsentLedgerData(ConsentLedger()),
        RecruitingData(candidates, DuplicateRepository(), ResumeRepository(), config.media_bucket),
        InterviewData(InterviewRepository(), config.media_bucket),
        ScoringData(config.media_bucket, config.stage),
        reviews_data(),
        talent_data(),
    ]


@cache
def services() -> Services:
    return build(settings())


def reset() -> None:
    """Forget the settings and services (the environment changed: tests, local cloud)."""
    settings.cache_clear()
    services.cache_clear()

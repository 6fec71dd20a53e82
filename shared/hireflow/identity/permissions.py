"""Who may see and do what. Every route asks here; nothing trusts the client, and the
HR app shows only what these rules allow (``capabilities`` in /api/me, and each
candidate's ``actions``, see ``recruiting.actions``).

Two kinds of refusal:
- a role that may never do something gets 403 (it says nothing about any object);
- an object outside the caller's reach is reported as missing, 404, so a branch cannot
  probe another branch's data.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from hireflow.identity.model import Caller, Role
from hireflow.platform.errors import Forbidden, NotFound

HQ = (Role.HQ_ADMIN, Role.HQ_HR)
HR = (Role.HQ_ADMIN, Role.HQ_HR, Role.BRANCH_HR)
REVIEWERS = (Role.INTERVIEWER, Role.HIRING_MANAGER)


def has_role(caller: Caller, *roles: Role) -> bool:
    return any(role in roles for role in caller.roles)


def require_role(caller: Caller, *roles: Role, action: str) -> None:
    if not has_role(caller, *roles):
        allowed = ", ".join(r.value for r in roles)
        raise Forbidden(
            f"{action} needs one of these roles: {allowed}",
            code="role_required",
            params={"roles": [r.value for r in roles]},
        )


def require_branch(caller: Caller, branch_id: str, what: str) -> None:
    """The caller works in this branch (or is HQ); otherwise the object does not exist."""
    if not caller.can_see_branch(branch_id):
        raise NotFound(f"{what} not found", code="not_found_or_other_branch")


def list_scope(caller: Caller, requested_branch: str | None) -> str | None:
    """The branch a list is limited to: HQ may pick any or none (all), everyone else
    sees only their own."""
    if caller.is_hq:
        return requested_branch
    if requested_branch and requested_branch != caller.branch_id:
        raise Forbidden("you can list only your own branch", code="own_branch_only")
    return caller.branch_id


# ---------------------------------------------------------------------- what a role may do


class Capability(StrEnum):
    """What a role may do anywhere (objects in reach still decide the rest)."""

    DASHBOARD = "dashboard"
    LIST_CANDIDATES = "candidates.list"
    ADD_CANDIDATES = "candidates.add"
    IMPORT_CANDIDATES = "candidates.import"
    MOVE_CANDIDATES = "candidates.move_branch"
    # The candidate actions a list offers in bulk (each still checked per candidate).
    ASSIGN_CANDIDATES = "candidates.assign"
    INVITE_CANDIDATES = "candidates.invite"
    REMIND_CANDIDATES = "candidates.remind"
    DECIDE_CANDIDATES = "candidates.decide"
    EDIT_POSITIONS = "positions.edit"
    EDIT_TEMPLATES = "templates.edit"
    EDIT_NOTIFICATIONS = "notifications.edit"
    LIST_USERS = "users.list"
    ADD_USERS = "users.add"
    EDIT_USERS = "users.edit"
    EDIT_BRANCHES = "branches.edit"
    READ_AUDIT = "audit.read"
    # People take over where the AI cannot advise (docs/human-oversight.md): the list of
    # candidates waiting for a person, and what HR does about one (re-run scoring, review
    # and decide without the AI, invite again with a message, answer a request for a
    # process without AI).
    ATTENTION_LIST = "attention.list"
    TAKE_OVER = "candidates.take_over"
    # Offers (docs/offers.md): HR draft, submit, withdraw; approvers vote on the levels
    # that name them; HQ configures the chains; HR see the employees hires become.
    DRAFT_OFFERS = "offers.draft"
    APPROVE_OFFERS = "offers.approve"
    EDIT_APPROVAL_CHAINS = "approval_chains.edit"
    LIST_EMPLOYEES = "employees.list"
    # Onboarding (docs/onboarding.md): HQ writes the templates; whoever owns tasks sees
    # and completes their own; HR and managers follow the new hires (the manager only
    # their own people, checked per plan).
    EDIT_ONBOARDING_TEMPLATES = "onboarding_templates.edit"
    ONBOARDING_TASKS = "onboarding.tasks"
    FOLLOW_ONBOARDING = "onboarding.follow"
    # Integrations (docs/events.md "Subscribing an outside system"): the HQ admin
    # subscribes other systems to events (webhooks); HR posts staff notifications to the
    # group robots (DingTalk, WeCom) of the branches they see.
    EDIT_INTEGRATIONS = "integrations.edit"
    EDIT_ROBOTS = "robots.edit"
    # Probation reviews: HR and HQ, and managers for their own people (checked per employee).
    REVIEW_PROBATION = "probation.review"
    # Training (docs/onboarding.md): HQ keeps the catalogue, the positions' plans and the
    # dimension -> course map; HR import results from a learning system's export.
    EDIT_TRAINING = "training.edit"
    IMPORT_TRAINING = "training.import"
    # The new hire's portal (docs/onboarding.md): HR of the employee's branch and HQ read
    # and review the documents (each reading audited) and send the portal link again.
    REVIEW_DOCUMENTS = "documents.review"
    # Performance (docs/analytics.md): HR, HQ and managers (their own people, checked per
    # employee) record reviews; HR import them; HQ keeps the positions' KPI formulas.
    REVIEW_PERFORMANCE = "performance.review"
    IMPORT_PERFORMANCE = "performance.import"
    EDIT_KPI_FORMULAS = "kpi_formulas.edit"
    # Periodic re-assessment (docs/analytics.md): HQ schedules it for groups of employees;
    # HR of the employee's branch (and HQ) may start one by hand.
    SCHEDULE_REASSESSMENTS = "reassessments.schedule"
    START_REASSESSMENTS = "reassessments.start"
    # Analytics (docs/analytics.md): HQ reads every result and decides on weight proposals
    # and the demographic categories asked; branch HR read their branch's group view, a
    # manager the people reporting to them (checked per request).
    READ_ANALYTICS = "analytics.read"
    DECIDE_ANALYTICS = "analytics.decide"
    READ_GROUPS = "analytics.groups"
    # The talent pool (docs/talent.md): HR read their branch's pool (HQ all of it), tag,
    # remove, match it to positions and invite from it.
    TALENT_POOL = "talent_pool"
    # HQ's skill map (docs/talent.md): HR read it (the cross-check shows what it maps),
    # HQ keeps it.
    READ_SKILL_MAP = "skill_map.read"
    EDIT_SKILL_MAP = "skill_map.edit"
    # The same person applying twice (recruiting/duplicates.py): HR see the possible
    # duplicates in reach and merge or keep them apart (a cross-branch pair: HQ only,
    # checked per pair).
    JUDGE_DUPLICATES = "duplicates.judge"
    # Candidate feedback (docs/talent.md): HQ writes the practice suggestions of the
    # rejection note; HR answer candidates' requests (human review, explanation).
    EDIT_FEEDBACK_SUGGESTIONS = "feedback_suggestions.edit"
    ANSWER_CANDIDATE_REQUESTS = "candidate_requests.answer"
    # HQ's switch of AI scoring per branch and per position (docs/privacy.md): HQ switch,
    # HR read their branch's switches.
    SWITCH_AI = "ai_switch.edit"
    READ_AI_SWITCH = "ai_switch.read"
    # Retention (docs/privacy.md "Retention"): HR read their branch's effective policies,
    # HQ change them and read the sweeps' receipts; HR of the subject's branch (and HQ)
    # place and release legal holds and record an employee's departure.
    READ_RETENTION = "retention.read"
    EDIT_RETENTION = "retention.edit"
    LEGAL_HOLDS = "legal_holds"
    RECORD_DEPARTURES = "employees.departure"
    # Privacy (docs/privacy.md): HQ keeps the jurisdictions, publishes their notices and
    # maps branches to them (branch HR read their own branch's).
    MANAGE_PRIVACY = "privacy.manage"
    # A person's export and erasure requests (docs/privacy.md): HR make them for a
    # candidate of their branch and follow them (HQ every branch's).
    PRIVACY_REQUESTS = "privacy_requests"


GRANTS: dict[Capability, tuple[Role, ...]] = {
    Capability.DASHBOARD: (*HR, Role.HIRING_MANAGER),
    Capability.LIST_CANDIDATES: (*HR, *REVIEWERS),
    Capability.ADD_CANDIDATES: HR,
    Capability.IMPORT_CANDIDATES: HR,
    Capability.MOVE_CANDIDATES: HQ,
    Capability.ASSIGN_CANDIDATES: HR,
    Capability.INVITE_CANDIDATES: HR,
    Capability.REMIND_CANDIDATES: HR,
    Capability.DECIDE_CANDIDATES: (*HR, Role.HIRING_MANAGER),
    Capability.EDIT_POSITIONS: HR,
    Capability.EDIT_TEMPLATES: HQ,
    Capability.EDIT_NOTIFICATIONS: HQ,
    Capability.LIST_USERS: HR,
    Capability.ADD_USERS: (Role.HQ_ADMIN,),
    Capability.EDIT_USERS: (Role.HQ_ADMIN,),
    Capability.EDIT_BRANCHES: (Role.HQ_ADMIN,),
    Capability.READ_AUDIT: HR,
    Capability.ATTENTION_LIST: (*HR, Role.HIRING_MANAGER),
    Capability.TAKE_OVER: HR,
    Capability.DRAFT_OFFERS: HR,
    Capability.APPROVE_OFFERS: (*HQ, Role.APPROVER, Role.HIRING_MANAGER, Role.BRANCH_HR),
    Capability.EDIT_APPROVAL_CHAINS: HQ,
    Capability.LIST_EMPLOYEES: HR,
    Capability.EDIT_ONBOARDING_TEMPLATES: HQ,
    Capability.ONBOARDING_TASKS: tuple(Role),
    Capability.FOLLOW_ONBOARDING: (*HR, Role.HIRING_MANAGER),
    Capability.EDIT_INTEGRATIONS: (Role.HQ_ADMIN,),
    Capability.EDIT_ROBOTS: HR,
    Capability.REVIEW_PROBATION: (*HR, Role.HIRING_MANAGER),
    Capability.EDIT_TRAINING: HQ,
    Capability.IMPORT_TRAINING: HR,
    Capability.REVIEW_DOCUMENTS: HR,
    Capability.REVIEW_PERFORMANCE: (*HR, Role.HIRING_MANAGER),
    Capability.IMPORT_PERFORMANCE: HR,
    Capability.EDIT_KPI_FORMULAS: HQ,
    Capability.SCHEDULE_REASSESSMENTS: HQ,
    Capability.START_REASSESSMENTS: HR,
    Capability.READ_ANALYTICS: HQ,
    Capability.DECIDE_ANALYTICS: HQ,
    Capability.READ_GROUPS: (*HR, Role.HIRING_MANAGER),
    Capability.TALENT_POOL: HR,
    Capability.READ_SKILL_MAP: HR,
    Capability.EDIT_SKILL_MAP: HQ,
    Capability.JUDGE_DUPLICATES: HR,
    Capability.EDIT_FEEDBACK_SUGGESTIONS: HQ,
    Capability.ANSWER_CANDIDATE_REQUESTS: HR,
    Capability.SWITCH_AI: HQ,
    Capability.READ_AI_SWITCH: HR,
    Capability.READ_RETENTION: HR,
    Capability.EDIT_RETENTION: HQ,
    Capability.LEGAL_HOLDS: HR,
    Capability.RECORD_DEPARTURES: HR,
    Capability.MANAGE_PRIVACY: HQ,
    Capability.PRIVACY_REQUESTS: HR,
}


def can(caller: Caller, capability: Capability) -> bool:
    return has_role(caller, *GRANTS[capability])


def require(caller: Caller, capability: Capability, action: str) -> None:
    """403 unless the caller's role grants ``capability`` (``action`` names it for people)."""
    require_role(caller, *GRANTS[capability], action=action)


def capabilities(caller: Caller) -> list[str]:
    """Everything the caller's roles grant, for the HR app to show only that."""
    return [c.value for c in Capability if can(caller, c)]


# ---------------------------------------------------------------------- one candidate


def may_read_candidate(caller: Caller, branch_id: str, assignees: Sequence[str]) -> bool:
    """HQ; HR of the candidate's branch; its assigned interviewer or hiring manager."""
    if caller.is_hq:
        return True
    if branch_id != caller.branch_id:
        return False
    if has_role(caller, Role.BRANCH_HR):
        return True
    return has_role(caller, *REVIEWERS) and caller.user_id in assignees


def may_manage_candidate(caller: Caller, branch_id: str) -> bool:
    """Change, assign, invite: HQ HR, or HR of the candidate's branch."""
    if has_role(caller, *HQ):
        return True
    return has_role(caller, Role.BRANCH_HR) and branch_id == caller.branch_id


def may_review(caller: Caller, assignees: Sequence[str]) -> bool:
    """Score a round: the assigned interviewer or hiring manager, or HR."""
    return caller.user_id in assignees or has_role(caller, *HR)


def may_decide(caller: Caller, branch_id: str, hiring_manager_id: str | None) -> bool:
    """Reject, second round or offer: HR who manage the candidate, or its hiring manager."""
    return may_manage_candidate(caller, branch_id) or (
        has_role(caller, Role.HIRING_MANAGER) and caller.user_id == hiring_manager_id
    )


# ---------------------------------------------------------------------- one employee


def may_review_probation(caller: Caller, branch_id: str, manager_id: str | None) -> bool:
    """An employee's probation review: HQ; HR of the employee's branch; the employee's
    manager (a hiring manager who is not finds no such employee)."""
    if caller.is_hq:
        return True
    if has_role(caller, Role.BRANCH_HR) and branch_id == caller.branch_id:
        return True
    return has_role(caller, Role.HIRING_MANAGER) and caller.user_id == manager_id


def may_review_performance(caller: Caller, branch_id: str, manager_id: str | None) -> bool:
    """An employee's performance reviews and training suggestions: who reviews probation
    (HQ; HR of the employee's branch; the employee's manager)."""
    return may_review_probation(caller, branch_id, manager_id)

"""The server tells the HR app what the caller may do: ``capabilities`` in /api/me (by
role) and ``actions`` on each candidate (by role, assignment and status). Both come from
identity.permissions and the status table, and every action offered is one the API
accepts, every one withheld one it refuses."""

from __future__ import annotations

import pytest

from hireflow.identity.model import Caller, Role
from hireflow.recruiting.actions import candidate_actions
from hireflow.recruiting.model import Candidate
from hireflow.recruiting.status import CandidateStatus
from tests.support.builders import english_candidate
from tests.unit.test_lifecycle import DEADLINE, run

S = CandidateStatus
INVITABLE = {S.IMPORTED, S.EXPIRED, S.NEEDS_ATTENTION}
IN_REVIEW = {S.IN_REVIEW, S.SECOND_ROUND}
# People take over (docs/human-oversight.md): what HR is offered where a person must act.
TAKE_OVER = {
    S.NEEDS_ATTENTION: ["reinvite", "review_without_ai"],
    S.ALTERNATIVE_REQUESTED: ["schedule_in_person", "decline_alternative"],
}


def caller(role: Role, branch: str = "shanghai", user_id: str = "u-1") -> Caller:
    return Caller(user_id=user_id, username=user_id, roles=(role,), branch_id=branch)


def candidate(status: CandidateStatus, **changes) -> Candidate:
    return Candidate(
        name="李雷",
        phone="+8613800138000",
        email="li@example.com",
        branch_id="shanghai",
        position_id="shanghai-customer-service",
        status=status,
        **changes,
    )


def expected_for_hr(status: CandidateStatus) -> list[str]:
    actions = ["edit", "assign"]
    if status in INVITABLE:
        actions.append("invite")
    if status == S.INVITED:
        actions.append("remind")
    if status in IN_REVIEW:
        actions += ["review", "decide"]
    return actions + TAKE_OVER.get(status, [])


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize(
    "who",
    [caller(Role.HQ_ADMIN, "hq"), caller(Role.HQ_HR, "hq"), caller(Role.BRANCH_HR)],
    ids=["hq_admin", "hq_hr", "branch_hr"],
)
def test_hr_may_edit_assign_invite_when_invitable_remind_when_invited_and_decide_in_review(
    who, status
):
    assert candidate_actions(who, candidate(status)) == expected_for_hr(status)


@pytest.mark.parametrize(
    "who",
    [caller(Role.HQ_ADMIN, "hq"), caller(Role.HQ_HR, "hq"), caller(Role.BRANCH_HR)],
    ids=["hq_admin", "hq_hr", "branch_hr"],
)
def test_hr_may_re_run_scoring_only_where_the_ai_could_not_use_answers(who):
    unusable = candidate(S.NEEDS_ATTENTION, status_reason_code="answers_unusable")
    assert candidate_actions(who, unusable) == [
        "edit",
        "assign",
        "invite",
        "reinvite",
        "rescore",
        "review_without_ai",
    ]
    # A step that failed (no interview template, a locked link): no recording to re-run.
    failed = candidate(S.NEEDS_ATTENTION, status_reason_code="step_failed")
    assert "rescore" not in candidate_actions(who, failed)


@pytest.mark.parametrize("status", list(S))
def test_an_assigned_interviewer_may_only_review_and_never_decide(status):
    interviewer = caller(Role.INTERVIEWER, user_id="int-1")
    actions = candidate_actions(interviewer, candidate(status, interviewer_id="int-1"))
    assert actions == (["review"] if status in IN_REVIEW else [])


@pytest.mark.parametrize("status", list(S))
def test_the_candidates_hiring_manager_reviews_and_decides_in_review(status):
    manager = caller(Role.HIRING_MANAGER, user_id="hm-1")
    actions = candidate_actions(manager, candidate(status, hiring_manager_id="hm-1"))
    assert actions == (["review", "decide"] if status in IN_REVIEW else [])


def test_a_hiring_manager_assigned_as_interviewer_reviews_but_does_not_decide():
    manager = caller(Role.HIRING_MANAGER, user_id="hm-1")
    assert candidate_actions(manager, candidate(S.IN_REVIEW, interviewer_id="hm-1")) == ["review"]


@pytest.mark.parametrize(
    "who",
    [
        caller(Role.BRANCH_HR, "shenzhen"),
        caller(Role.INTERVIEWER, user_id="someone-else"),
        caller(Role.HIRING_MANAGER, user_id="someone-else"),
        caller(Role.APPROVER, "hq"),
    ],
    ids=["other-branch-hr", "unassigned-interviewer", "unassigned-manager", "approver"],
)
def test_no_action_on_a_candidate_out_of_reach(who):
    assigned = candidate(S.IN_REVIEW, interviewer_id="int-1", hiring_manager_id="hm-1")
    assert candidate_actions(who, assigned) == []


# Branch HR's daily work; HQ HR adds the organisation's texts and templates; the HQ admin
# the people and branches.
HR_WORK = {
    "dashboard",
    "candidates.list",
    "candidates.add",
    "candidates.import",
    "candidates.assign",
    "candidates.invite",
    "candidates.remind",
    "candidates.decide",
    "positions.edit",
    "users.list",
    "audit.read",
    # People take over where the AI cannot advise (docs/human-oversight.md).
    "attention.list",
    "candidates.take_over",
    # Offers: draft them, vote where a chain names them, see the employees hires become.
    "offers.draft",
    "offers.approve",
    "employees.list",
    # Onboarding: their own tasks, and following every new hire of the branch.
    "onboarding.tasks",
    "onboarding.follow",
    # Their branch's group robots (DingTalk, WeCom).
    "robots.edit",
    # The new hire's portal: their documents and link (docs/onboarding.md).
    "documents.review",
}
HQ_HR = HR_WORK | {
    "candidates.move_branch",
    "templates.edit",
    "notifications.edit",
    "approval_chains.edit",
    "onboarding_templates.edit",
}
# Training: HR import a learning system's results, HQ keeps the catalogue and the maps.
TRAINING_HR = {"training.import"}
TRAINING_HQ = TRAINING_HR | {"training.edit"}
ME = {
    "hq.admin": HQ_HR
    | {"users.add", "users.edit", "branches.edit", "integrations.edit"}
    | TRAINING_HQ,
    "hq.hr": HQ_HR | TRAINING_HQ,
    "shanghai.hr": HR_WORK | TRAINING_HR,
    "shanghai.manager": {
        "dashboard",
        "candidates.list",
        "candidates.decide",
        "attention.list",
        "offers.approve",
        "onboarding.tasks",
        "onboarding.follow",
    },
    "shanghai.interviewer": {"candidates.list", "onboarding.tasks"},
    "gm.approver": {"offers.approve", "onboarding.tasks"},
    "shanghai.it": {"onboarding.tasks"},
}
# Probation reviews (docs/onboarding.md): HR and HQ, and managers for their own people.
for _user in ("hq.admin", "hq.hr", "shanghai.hr", "shanghai.manager"):
    ME[_user] = ME[_user] | {"probation.review"}
# Performance (docs/analytics.md): reviews as probation; HR import; HQ keeps KPI formulas.
for _user in ("hq.admin", "hq.hr", "shanghai.hr", "shanghai.manager"):
    ME[_user] = ME[_user] | {"performance.review"}
for _user in ("hq.admin", "hq.hr", "shanghai.hr"):
    ME[_user] = ME[_user] | {"performance.import"}
for _user in ("hq.admin", "hq.hr"):
    ME[_user] = ME[_user] | {"kpi_formulas.edit"}
# Periodic re-assessment (docs/analytics.md): HQ schedules; HR start one by hand.
for _user in ("hq.admin", "hq.hr", "shanghai.hr"):
    ME[_user] = ME[_user] | {"reassessments.start"}
for _user in ("hq.admin", "hq.hr"):
    ME[_user] = ME[_user] | {"reassessments.schedule"}
# Analytics (docs/analytics.md): HQ reads and decides; HR and managers the group view.
for _user in ("hq.admin", "hq.hr"):
    ME[_user] = ME[_user] | {"analytics.read", "analytics.decide"}
for _user in ("hq.admin", "hq.hr", "shanghai.hr", "shanghai.manager"):
    ME[_user] = ME[_user] | {"analytics.groups"}
# The talent pool (docs/talent.md): HR (a branch's HR their branch's pool, HQ all of it).
for _user in ("hq.admin", "hq.hr", "shanghai.hr"):
    ME[_user] = ME[_user] | {"talent_pool"}
# HQ's skill map (docs/talent.md): HR read it, HQ keep it.
for _user in ("hq.admin", "hq.hr", "shanghai.hr"):
    ME[_user] = ME[_user] | {"skill_map.read"}
for _user in ("hq.admin", "hq.hr"):
    ME[_user] = ME[_user] | {"skill_map.edit"}
# The same person applying twice (recruiting/duplicates.py): HR merge or keep apart.
for _user in ("hq.admin", "hq.hr", "shanghai.hr"):
    ME[_user] = ME[_user] | {"duplicates.judge"}
# Candidate feedback (docs/talent.md): HQ writes the note's suggestions; HR answer requests.
for _user in ("hq.admin", "hq.hr"):
    ME[_user] = ME[_user] | {"feedback_suggestions.edit"}
for _user in ("hq.admin", "hq.hr", "shanghai.hr"):
    ME[_user] = ME[_user] | {"candidate_requests.answer"}
# HQ's AI switch (docs/privacy.md): HQ switch; HR read their branch's switches.
for _user in ("hq.admin", "hq.hr"):
    ME[_user] = ME[_user] | {"ai_switch.edit"}
for _user in ("hq.admin", "hq.hr", "shanghai.hr"):
    ME[_user] = ME[_user] | {"ai_switch.read"}
# Retention (docs/privacy.md): HR read policies, place holds, record departures; HQ edit.
for _user in ("hq.admin", "hq.hr", "shanghai.hr"):
    ME[_user] = ME[_user] | {"retention.read", "legal_holds", "employees.departure"}
for _user in ("hq.admin", "hq.hr"):
    ME[_user] = ME[_user] | {"retention.edit"}
# Privacy (docs/privacy.md): HQ keeps the jurisdictions and notices.
for _user in ("hq.admin", "hq.hr"):
    ME[_user] = ME[_user] | {"privacy.manage"}
# A person's export and erasure requests (docs/privacy.md): HR follow them.
for _user in ("hq.admin", "hq.hr", "shanghai.hr"):
    ME[_user] = ME[_user] | {"privacy_requests"}


@pytest.mark.parametrize("user", sorted(ME))
def test_me_lists_what_the_role_may_do_and_the_api_agrees(hr, user):
    me = hr.get("/api/me", user).json
    assert set(me["capabilities"]) == ME[user]
    # The API answers each screen's first request as the capabilities say.
    probes = {
        "dashboard": ("GET", "/api/dashboard", None),
        "candidates.list": ("GET", "/api/candidates", None),
        "candidates.import": ("GET", "/api/candidates/import-template", None),
        "users.list": ("GET", "/api/users", None),
        "audit.read": ("GET", "/api/audit", None),
        "attention.list": ("GET", "/api/attention", None),
        "offers.approve": ("GET", "/api/approvals", None),
        "approval_chains.edit": ("GET", "/api/approval-chains", None),
        "employees.list": ("GET", "/api/employees", None),
        "onboarding.tasks": ("GET", "/api/onboarding/tasks", None),
        "onboarding.follow": ("GET", "/api/onboarding/progress", None),
        "onboarding_templates.edit": ("GET", "/api/onboarding/templates", None),
        "integrations.edit": ("GET", "/api/webhooks", None),
        "probation.review": ("GET", "/api/probation/due", None),
        "training.edit": ("GET", "/api/training/position-plans", None),
        "reassessments.schedule": ("GET", "/api/reassessment-schedules", None),
        "analytics.read": ("GET", "/api/analytics/overview", None),
        "analytics.decide": ("GET", "/api/analytics/demographic-categories", None),
        "analytics.groups": ("GET", "/api/analytics/groups", None),
        "talent_pool": ("GET", "/api/talent-pool", None),
        "skill_map.read": ("GET", "/api/skill-map", None),
        "candidate_requests.answer": ("GET", "/api/candidate-requests", None),
        "ai_switch.read": ("GET", "/api/privacy/ai-switch", None),
        "retention.read": ("GET", "/api/privacy/retention-policies", None),
        "retention.edit": ("GET", "/api/privacy/retention-receipts", None),
        "privacy_requests": ("GET", "/api/privacy-requests", None),
    }
    for capability, (method, path, body) in probes.items():
        status = hr.call(method, path, user, body).status
        if capability in me["capabilities"]:
            assert status == 200, (user, path, status)
        else:
            assert status == 403, (user, path, status)


def in_review(hr) -> dict:
    made = english_candidate(hr, "Review Ready", reviewers=True)
    run("send_invitation", made["id"], deadline=DEADLINE)
    run("interview_completed", made["id"])
    run("report_ready", made["id"])
    return made


SCORES = {"communication": 60, "problem_solving": 60, "teamwork": 60}


@pytest.mark.parametrize(
    "user", ["shanghai.hr", "hq.hr", "shanghai.interviewer", "shanghai.manager"]
)
def test_every_offered_action_is_accepted_and_every_withheld_one_refused(hr, user):
    made = in_review(hr)
    shown = hr.get(f"/api/candidates/{made['id']}", user).json
    actions = shown["actions"]
    review = hr.post(f"/api/candidates/{made['id']}/reviews", user, {"scores": SCORES})
    assert review.status == (201 if "review" in actions else 403), review.text
    invite = hr.post(f"/api/candidates/{made['id']}/invite", user, {})
    # In review nobody may invite: HR hear why (409), reviewers that they may not (403).
    assert "invite" not in actions
    assert invite.status == (409 if "edit" in actions else 403), invite.text
    if "decide" not in actions:
        refused = hr.post(f"/api/candidates/{made['id']}/decision", user, {"decision": "offer"})
        assert refused.status == 403, refused.text
    assert {
        "shanghai.hr": ["edit", "assign", "review", "decide"],
        "hq.hr": ["edit", "assign", "review", "decide"],
        "shanghai.interviewer": ["review"],
        "shanghai.manager": ["review", "decide"],
    }[user] == actions


def test_hr_is_offered_an_invitation_only_where_one_can_start(hr):
    made = english_candidate(hr, "Not Yet Invited")
    assert hr.get(f"/api/candidates/{made['id']}", "shanghai.hr").json["actions"] == [
        "edit",
        "assign",
        "invite",
    ]
    listed = hr.get("/api/candidates", "shanghai.hr").json["items"]
    assert next(c for c in listed if c["id"] == made["id"])["actions"][-1] == "invite"
    run("send_invitation", made["id"], deadline=DEADLINE)
    invited = hr.get(f"/api/candidates/{made['id']}", "shanghai.hr").json
    assert invited["status"] == "invited" and "invite" not in invited["actions"]
    refused = hr.post(f"/api/candidates/{made['id']}/invite", "shanghai.hr", {})
    assert refused.status == 409


# The bulk actions of the candidate list are these routes, run once per candidate.
BULK_ROUTES = {
    "candidates.assign": ("assign", {}),
    "candidates.invite": ("invite", {}),
    "candidates.remind": ("remind", {}),
    "candidates.decide": ("decision", {"decision": "reject"}),
}


@pytest.mark.parametrize("user", sorted(ME))
def test_each_bulk_action_asks_the_capability_the_list_offers_it_by(hr, user):
    made = english_candidate(hr, "Bulk Target", reviewers=True)
    capabilities = set(hr.get("/api/me", user).json["capabilities"])
    for capability, (route, body) in BULK_ROUTES.items():
        reply = hr.post(f"/api/candidates/{made['id']}/{route}", user, body)
        if capability in capabilities:
            assert reply.json.get("code") != "role_required", (user, route, reply.text)
        else:
            assert reply.status == 403 and reply.json["code"] == "role_required", (user, route)

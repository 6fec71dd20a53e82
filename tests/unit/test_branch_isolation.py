"""No read or write crosses a branch: every HR API route, called by every kind of user
from outside the Shanghai branch, against Shanghai's objects.

The route table below must name every route the API has; a new route without an entry
fails ``test_every_route_is_covered``.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from typing import Any

import pytest
from openpyxl import load_workbook

from hireflow.api import create_app
from infra.localcloud.demo import TEMPLATE
from tests.support.analytics import store as store_analytics
from tests.support.builders import new_candidate
from tests.support.new_hires import received_document
from tests.support.talent import pool_entry
from tests.workbooks import workbook

TEMPLATE_BODY = TEMPLATE.model_dump(
    mode="json", exclude={"revision", "version", "created_at", "created_by"}
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHANGHAI_POSITION = "shanghai-customer-service"
SECRET_NAME = "上海的候选人"  # must never reach an outsider
ONBOARDING_TASK = {"key": "hacked", "title": "Hacked", "kind": "meeting", "owner": "hr",
                   "due_offset_days": 0}  # fmt: skip
WECOM = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send"
ROBOT_KEY = "5f0c7a1e-93b4-4c2d-8e6f-0a1b2c3d4e5f"


@dataclass
class World:
    candidate_id: str
    candidate_revision: int
    import_id: str = "none"
    saved_filter_id: str = "none"
    user_id: str = "none"  # a Shanghai user (HQ's user administration)
    employee_id: str = "none"  # a Shanghai new hire, with a document waiting for HR
    robot_id: str = "none"  # Shanghai's group robot
    webhook_id: str = "none"  # HQ's webhook subscription
    document_id: str = "none"
    proposal_id: str = "none"  # a weight proposal for Shanghai's position (HQ's)
    request_id: str = "none"  # the Shanghai candidate's open request (human review)
    privacy_request_id: str = "none"  # an export the Shanghai candidate asked for


def build_world(hr) -> World:
    """Shanghai's own objects, and outsiders in Shenzhen for every role."""
    candidate = new_candidate(
        hr, name=SECRET_NAME, phone="13800138000", email="secret@example.com"
    ).json
    hr.post(
        f"/api/candidates/{candidate['id']}/assign",
        "shanghai.hr",
        {"hiring_manager_id": hr.user_id("shanghai.manager")},
    )
    for username, role in [
        ("shenzhen.interviewer", "interviewer"),
        ("shenzhen.manager", "hiring_manager"),
    ]:
        hr.post(
            "/api/users",
            "hq.admin",
            {
                "username": username,
                "email": f"{username}@example.com",
                "display_name": username,
                "role": role,
                "branch_id": "shenzhen",
            },
        )
    imported = hr.import_workbook(
        "shanghai.hr",
        workbook(
            [
                ["姓名", "手机", "邮箱", "应聘岗位"],
                [f"{SECRET_NAME}二", 13800138555, "secret.2@example.com", "客户服务专员"],
            ]
        ),
    )
    assert imported.json["created"], imported
    current = hr.get(f"/api/candidates/{candidate['id']}", "shanghai.hr").json
    hr.post(f"/api/candidates/{candidate['id']}/notes", "shanghai.hr", {"text": SECRET_NAME})
    saved = hr.post(
        "/api/saved-filters", "shanghai.hr", {"name": SECRET_NAME, "query": {"q": SECRET_NAME}}
    ).json
    robot = hr.post(
        "/api/branches/shanghai/robots",
        "shanghai.hr",
        {"kind": "wecom", "name": SECRET_NAME, "url": f"{WECOM}?key={ROBOT_KEY}"},
    ).json
    webhook = hr.post(
        "/api/webhooks", "hq.admin", {"name": "EHR", "url": "https://93.184.216.34/hook"}
    ).json
    employee, document = received_document(hr, name=SECRET_NAME)
    parsed_resume(candidate["id"])
    # Analytics results naming a Shanghai employee (the job's, stored directly).
    analysed = store_analytics(hr.user_id("shanghai.manager"), SECRET_NAME)
    pool_entry(candidate["id"], SECRET_NAME)  # Shanghai's talent pool holds the candidate
    return World(
        candidate["id"],
        current["revision"],
        imported.json["id"],
        saved["id"],
        hr.user_id("shanghai.manager"),
        employee.id,
        robot["id"],
        webhook["subscription"]["id"],
        document.id,
        analysed.proposal_id,
        request_id=_open_request(candidate["id"]),
        privacy_request_id=_privacy_request(candidate["id"]),
    )


def _privacy_request(candidate_id: str) -> str:
    """An export of the Shanghai candidate's data, asked for on the portal."""
    from hireflow.bootstrap import services

    return services().data_requests.create(candidate_id, "shanghai", "export", None).id


def _open_request(candidate_id: str) -> str:
    """The Shanghai candidate asked for a human review (as the portal stores it)."""
    from hireflow.platform.store import Repository
    from hireflow.talent.model import CandidateRequest

    request = CandidateRequest(candidate_id=candidate_id, branch_id="shanghai", kind="human_review")
    Repository(CandidateRequest).put(request)
    return request.id


def parsed_resume(candidate_id: str) -> None:
    """A parsed résumé of Shanghai's candidate, naming them (stored as the parser would)."""
    from hireflow.recruiting.model import Claim, Resume, ResumeFields, ResumeRepository

    name = Claim(key=SECRET_NAME, text=SECRET_NAME)
    ResumeRepository().put(
        Resume(
            candidate_id=candidate_id,
            branch_id="shanghai",
            file_key=f"resumes/{candidate_id}/x.pdf",
            file_version="null",
            format="pdf",
            origin="hr",
            uploaded_by="shanghai.hr",
            status="parsed",
            text=SECRET_NAME,
            parsed=ResumeFields(name=name),
            fields=ResumeFields(name=name),
        )
    )


def _resume(hr, candidate_id: str) -> dict[str, Any]:
    shown = hr.get(f"/api/candidates/{candidate_id}/resume", "hq.admin").json
    return {k: v for k, v in shown.items() if k != "download_url"}


def shanghai_state(hr, world: World) -> dict[str, Any]:
    """What an outsider's writes must leave untouched."""
    return {
        "branch": hr.get("/api/branches/shanghai", "hq.admin").json,
        "position": hr.get(f"/api/positions/{SHANGHAI_POSITION}", "hq.admin").json,
        "candidate": hr.get(f"/api/candidates/{world.candidate_id}", "hq.admin").json,
        "candidates": len(
            hr.get("/api/candidates", "hq.admin", query={"branch_id": "shanghai"}).json["items"]
        ),
        "positions": len(
            hr.get("/api/positions", "hq.admin", query={"branch_id": "shanghai"}).json
        ),
        "users": sorted(
            (u["username"], u["role"], u["display_name"], u.get("enabled", True))
            for u in hr.get("/api/users", "hq.admin", query={"branch_id": "shanghai"}).json
        ),
        "notes": hr.get(f"/api/candidates/{world.candidate_id}/notes", "hq.admin").json,
        "saved": hr.get("/api/saved-filters", "shanghai.hr").json,
        "onboarding": hr.get(f"/api/employees/{world.employee_id}/onboarding", "hq.admin").json,
        "robots": hr.get("/api/branches/shanghai/robots", "hq.admin").json,
        "webhooks": hr.get("/api/webhooks", "hq.admin").json,
        "documents": hr.get(f"/api/employees/{world.employee_id}/documents", "hq.hr").json,
        "reassessments": hr.get(f"/api/employees/{world.employee_id}/reassessments", "hq.hr").json,
        "requests": hr.get(f"/api/candidates/{world.candidate_id}/requests", "hq.hr").json,
        "suggestions": hr.get("/api/feedback-suggestions", "hq.hr").json["suggestions"],
        "resume": _resume(hr, world.candidate_id),
    }


def own_branch_only(items: list[dict[str, Any]], branch: str) -> bool:
    return all(item.get("branch_id", branch) == branch for item in items)


# route key -> how an outsider's request is made and what counts as isolated.
# "object": a Shanghai object addressed by id -> 404 for reads, 403/404 for writes.
# "list": only the caller's own branch comes back (or 403 for asking another branch).
# "create": creating in Shanghai is refused and creates nothing.
# "org": organisation-wide HQ data (templates, texts, docs): readable by staff, written
#        only by HQ; no branch data in it.
# "hq_admin": the HQ admin's alone (webhook subscriptions): 403 for everyone else.
def cases(world: World) -> dict[str, list[dict[str, Any]]]:
    cid = world.candidate_id
    eid = world.employee_id
    import_book = workbook(
        [
            ["姓名", "手机", "邮箱", "应聘岗位", "分支机构"],
            ["混入者", 13900139111, "in@example.com", "客户服务专员", "上海"],
        ]
    )
    return {
        "GET/api/health": [{"kind": "org", "method": "GET", "path": "/api/health"}],
        "GET/config.json": [{"kind": "org", "method": "GET", "path": "/config.json"}],
        "GET/api/me": [{"kind": "me", "method": "GET", "path": "/api/me"}],
        # The caller's own profile only (the default language: no test's e-mails change).
        "PUT/api/me/locale": [
            {"kind": "me", "method": "PUT", "path": "/api/me/locale", "body": {"locale": "zh"}}
        ],
        "GET/api/openapi.json": [{"kind": "org", "method": "GET", "path": "/api/openapi.json"}],
        "GET/api/docs": [{"kind": "org", "method": "GET", "path": "/api/docs"}],
        "GET/api/branches": [
            {"kind": "list", "method": "GET", "path": "/api/branches", "id_field": "id"}
        ],
        "POST/api/branches": [
            {
                "kind": "create",
                "method": "POST",
                "path": "/api/branches",
                "body": {"id": "shanghai-2", "name": "x"},
            }
        ],
        "GET/api/branches/<branch_id>": [
            {"kind": "object", "method": "GET", "path": "/api/branches/shanghai"}
        ],
        "PATCH/api/branches/<branch_id>": [
            {
                "kind": "object",
                "method": "PATCH",
                "path": "/api/branches/shanghai",
                "body": {"name": "Hacked"},
            }
        ],
        "GET/api/users": [
            {"kind": "list", "method": "GET", "path": "/api/users"},
            {
                "kind": "list",
                "method": "GET",
                "path": "/api/users",
                "query": {"branch_id": "shanghai"},
            },
        ],
        "POST/api/users": [
            {
                "kind": "create",
                "method": "POST",
                "path": "/api/users",
                "body": {
                    "username": "mole.user",
                    "email": "m@example.com",
                    "display_name": "M",
                    "role": "branch_hr",
                    "branch_id": "shanghai",
                },
            }
        ],
        "PATCH/api/users/<user_id>": [
            {
                "kind": "object",
                "method": "PATCH",
                "path": f"/api/users/{world.user_id}",
                "body": {"enabled": False, "display_name": "Hacked"},
            }
        ],
        "GET/api/positions": [
            {"kind": "list", "method": "GET", "path": "/api/positions"},
            {
                "kind": "list",
                "method": "GET",
                "path": "/api/positions",
                "query": {"branch_id": "shanghai"},
            },
        ],
        "POST/api/positions": [
            {
                "kind": "create",
                "method": "POST",
                "path": "/api/positions",
                "body": {
                    "branch_id": "shanghai",
                    "title": "Mole",
                    "competency_model": {"dimensions": [{"key": "a", "name": "A", "weight": 1}]},
                },
            }
        ],
        "GET/api/positions/<position_id>": [
            {"kind": "object", "method": "GET", "path": f"/api/positions/{SHANGHAI_POSITION}"}
        ],
        "PATCH/api/positions/<position_id>": [
            {
                "kind": "object",
                "method": "PATCH",
                "path": f"/api/positions/{SHANGHAI_POSITION}",
                "body": {"open": False},
            }
        ],
        "GET/api/templates": [{"kind": "org", "method": "GET", "path": "/api/templates"}],
        "POST/api/templates": [
            {"kind": "org_write", "method": "POST", "path": "/api/templates", "body": TEMPLATE_BODY}
        ],
        "GET/api/templates/<template_id>": [
            {"kind": "org", "method": "GET", "path": "/api/templates/customer-facing"}
        ],
        "PUT/api/templates/<template_id>": [
            {
                "kind": "org_write",
                "method": "PUT",
                "path": "/api/templates/customer-facing",
                "body": {**TEMPLATE_BODY, "base_version": 1},
            }
        ],
        "GET/api/templates/<template_id>/versions": [
            {"kind": "org", "method": "GET", "path": "/api/templates/customer-facing/versions"}
        ],
        "GET/api/templates/<template_id>/versions/<version>": [
            {"kind": "org", "method": "GET", "path": "/api/templates/customer-facing/versions/1"}
        ],
        "GET/api/notification-templates": [
            {"kind": "org", "method": "GET", "path": "/api/notification-templates"}
        ],
        "POST/api/notification-templates": [
            {
                "kind": "org_write",
                "method": "POST",
                "path": "/api/notification-templates",
                "body": {
                    "id": "x",
                    "event": "rejection",
                    "channel": "sms",
                    "locale": "en",
                    "body": "bye",
                },
            }
        ],
        "GET/api/notification-templates/<template_id>": [
            {
                "kind": "org",
                "method": "GET",
                "path": "/api/notification-templates/invitation-sms-zh",
            }
        ],
        "PUT/api/notification-templates/<template_id>": [
            {
                "kind": "org_write",
                "method": "PUT",
                "path": "/api/notification-templates/invitation-sms-zh",
                "body": {"body": "hacked {candidate_name}"},
            }
        ],
        "POST/api/notification-templates/<template_id>/preview": [
            {
                "kind": "org_write",
                "method": "POST",
                "path": "/api/notification-templates/invitation-sms-zh/preview",
                "body": {"body": "preview {candidate_name}"},
            }
        ],
        "GET/api/candidates": [
            {"kind": "list", "method": "GET", "path": "/api/candidates"},
            {
                "kind": "list",
                "method": "GET",
                "path": "/api/candidates",
                "query": {"branch_id": "shanghai"},
            },
            {"kind": "list", "method": "GET", "path": "/api/candidates", "query": {"q": "上海"}},
        ],
        "POST/api/candidates": [
            {
                "kind": "create",
                "method": "POST",
                "path": "/api/candidates",
                "body": {
                    "name": "Mole",
                    "phone": "13900139999",
                    "email": "mole@example.com",
                    "branch_id": "shanghai",
                    "position_id": SHANGHAI_POSITION,
                },
            }
        ],
        "GET/api/candidates/import-template": [
            {"kind": "list_file", "method": "GET", "path": "/api/candidates/import-template"}
        ],
        "POST/api/candidates/import": [
            {
                "kind": "create",
                "method": "POST",
                "path": "/api/candidates/import",
                "binary": import_book,
                "headers": {"Content-Type": XLSX},
            }
        ],
        "POST/api/candidates/<candidate_id>/resume/upload": [
            {
                "kind": "object",
                "method": "POST",
                "path": f"/api/candidates/{cid}/resume/upload",
                "body": {"file_name": "cv.pdf", "content_type": "application/pdf"},
            }
        ],
        "GET/api/candidates/<candidate_id>/resume": [
            {"kind": "object", "method": "GET", "path": f"/api/candidates/{cid}/resume"}
        ],
        "PUT/api/candidates/<candidate_id>/resume/<section>": [
            {
                "kind": "object",
                "method": "PUT",
                "path": f"/api/candidates/{cid}/resume/skills",
                "body": {"items": [{"text": "Hacked"}], "revision": 1},
            }
        ],
        # An archive the caller's own import will name: in the caller's branch only.
        "POST/api/candidates/import/resume-archive": [
            {"kind": "own", "method": "POST", "path": "/api/candidates/import/resume-archive"}
        ],
        "GET/api/candidates/import/<import_id>": [
            {"kind": "object", "method": "GET", "path": f"/api/candidates/import/{world.import_id}"}
        ],
        "GET/api/audit": [
            {"kind": "list", "method": "GET", "path": "/api/audit"},
            {
                "kind": "list",
                "method": "GET",
                "path": "/api/audit",
                "query": {"branch_id": "shanghai"},
            },
        ],
        "GET/api/audit/search": [
            {"kind": "list", "method": "GET", "path": "/api/audit/search"},
            {
                "kind": "list",
                "method": "GET",
                "path": "/api/audit/search",
                "query": {"branch_id": "shanghai", "candidate_id": cid},
            },
        ],
        "GET/api/audit/people/<subject_id>": [
            {"kind": "object", "method": "GET", "path": f"/api/audit/people/{cid}"},
            {"kind": "object", "method": "GET", "path": f"/api/audit/people/{world.employee_id}"},
        ],
        "GET/api/candidates/<candidate_id>/report.pdf": [
            {"kind": "object", "method": "GET", "path": f"/api/candidates/{cid}/report.pdf"}
        ],
        "GET/api/candidates/<candidate_id>": [
            {"kind": "object", "method": "GET", "path": f"/api/candidates/{cid}"}
        ],
        "PATCH/api/candidates/<candidate_id>": [
            {
                "kind": "object",
                "method": "PATCH",
                "path": f"/api/candidates/{cid}",
                "body": {"name": "Hacked"},
            }
        ],
        "POST/api/candidates/<candidate_id>/invite": [
            {
                "kind": "object",
                "method": "POST",
                "path": f"/api/candidates/{cid}/invite",
                "body": {},
            }
        ],
        "POST/api/candidates/<candidate_id>/reviews": [
            {
                "kind": "object",
                "method": "POST",
                "path": f"/api/candidates/{cid}/reviews",
                "body": {"scores": {"communication": 1, "problem_solving": 1, "teamwork": 1}},
            }
        ],
        "GET/api/candidates/<candidate_id>/scores": [
            {"kind": "object", "method": "GET", "path": f"/api/candidates/{cid}/scores"}
        ],
        "GET/api/candidates/<candidate_id>/reviews": [
            {"kind": "object", "method": "GET", "path": f"/api/candidates/{cid}/reviews"}
        ],
        "POST/api/candidates/<candidate_id>/decision": [
            {
                "kind": "object",
                "method": "POST",
                "path": f"/api/candidates/{cid}/decision",
                "body": {"decision": "offer"},
            }
        ],
        "GET/api/candidates/<candidate_id>/timeline": [
            {"kind": "object", "method": "GET", "path": f"/api/candidates/{cid}/timeline"}
        ],
        "GET/api/candidates/<candidate_id>/interview": [
            {"kind": "object", "method": "GET", "path": f"/api/candidates/{cid}/interview"}
        ],
        "GET/api/candidates/<candidate_id>/report": [
            {"kind": "object", "method": "GET", "path": f"/api/candidates/{cid}/report"}
        ],
        "GET/api/dashboard": [{"kind": "list", "method": "GET", "path": "/api/dashboard"}],
        "GET/api/attention": [{"kind": "list", "method": "GET", "path": "/api/attention"}],
        "GET/api/candidates/<candidate_id>/recordings": [
            {"kind": "object", "method": "GET", "path": f"/api/candidates/{cid}/recordings"}
        ],
        "POST/api/candidates/<candidate_id>/rounds/<round_number>/answers/<question_id>/rescore": [
            {
                "kind": "object",
                "method": "POST",
                "path": f"/api/candidates/{cid}/rounds/1/answers/intro/rescore",
            }
        ],
        "POST/api/candidates/<candidate_id>/review-without-ai": [
            {
                "kind": "object",
                "method": "POST",
                "path": f"/api/candidates/{cid}/review-without-ai",
                "body": {"reason": "Hacked"},
            }
        ],
        "POST/api/candidates/<candidate_id>/alternative/schedule": [
            {
                "kind": "object",
                "method": "POST",
                "path": f"/api/candidates/{cid}/alternative/schedule",
                "body": {
                    "interviewer_id": "x",
                    "interview_time": "Monday 10:00",
                    "interview_place": "Hacked",
                },
            }
        ],
        "POST/api/candidates/<candidate_id>/alternative/decline": [
            {
                "kind": "object",
                "method": "POST",
                "path": f"/api/candidates/{cid}/alternative/decline",
                "body": {"message": "Hacked"},
            }
        ],
        "GET/api/candidates/ids": [
            {"kind": "ids", "method": "GET", "path": "/api/candidates/ids"},
            {"kind": "ids", "method": "GET", "path": "/api/candidates/ids", "query": {"q": "上海"}},
        ],
        "GET/api/candidates/export": [
            {"kind": "export", "method": "GET", "path": "/api/candidates/export"},
            {
                "kind": "export",
                "method": "GET",
                "path": "/api/candidates/export",
                "query": {"branch_id": "shanghai"},
            },
        ],
        "GET/api/candidates/<candidate_id>/notes": [
            {"kind": "object", "method": "GET", "path": f"/api/candidates/{cid}/notes"}
        ],
        "POST/api/candidates/<candidate_id>/notes": [
            {
                "kind": "object",
                "method": "POST",
                "path": f"/api/candidates/{cid}/notes",
                "body": {"text": "Hacked"},
            }
        ],
        "POST/api/candidates/<candidate_id>/remind": [
            {"kind": "object", "method": "POST", "path": f"/api/candidates/{cid}/remind"}
        ],
        "GET/api/saved-filters": [{"kind": "own", "method": "GET", "path": "/api/saved-filters"}],
        "POST/api/saved-filters": [
            {
                "kind": "own",
                "method": "POST",
                "path": "/api/saved-filters",
                "body": {"name": "mine", "query": {"branch_id": "shanghai"}},
            }
        ],
        "DELETE/api/saved-filters/<filter_id>": [
            {
                "kind": "object",
                "method": "DELETE",
                "path": f"/api/saved-filters/{world.saved_filter_id}",
            }
        ],
        "POST/api/candidates/<candidate_id>/assign": [
            {
                "kind": "object",
                "method": "POST",
                "path": f"/api/candidates/{cid}/assign",
                "body": {"position_id": SHANGHAI_POSITION},
            }
        ],
        # Offers: Shanghai's candidate, its offer's routes; the approver's inbox; HQ's
        # chains; the employees hires become.
        "GET/api/candidates/<candidate_id>/offer": [
            {"kind": "object", "method": "GET", "path": f"/api/candidates/{cid}/offer"}
        ],
        "PUT/api/candidates/<candidate_id>/offer": [
            {
                "kind": "object",
                "method": "PUT",
                "path": f"/api/candidates/{cid}/offer",
                "body": {
                    "department": "Hacked",
                    "monthly_salary": 1,
                    "start_date": "2099-01-02",
                    "work_location": "Hacked",
                    "response_deadline": "2099-01-01",
                },
            }
        ],
        **{
            f"POST/api/candidates/<candidate_id>/offer/{action}": [
                {
                    "kind": "object",
                    "method": "POST",
                    "path": f"/api/candidates/{cid}/offer/{action}",
                    "body": body,
                }
            ]
            for action, body in {
                "submit": None,
                "vote": {"decision": "approve"},
                "withdraw": {"reason": "Hacked"},
                "deadline": {"response_deadline": "2099-01-01"},
            }.items()
        },
        "GET/api/candidates/<candidate_id>/offer/letter.pdf": [
            {"kind": "object", "method": "GET", "path": f"/api/candidates/{cid}/offer/letter.pdf"}
        ],
        "GET/api/candidates/<candidate_id>/offer/signed.pdf": [
            {"kind": "object", "method": "GET", "path": f"/api/candidates/{cid}/offer/signed.pdf"}
        ],
        "GET/api/approvals": [{"kind": "list", "method": "GET", "path": "/api/approvals"}],
        "GET/api/approval-chains": [
            {"kind": "list", "method": "GET", "path": "/api/approval-chains"}
        ],
        "PUT/api/approval-chains": [
            {
                "kind": "org_write",
                "method": "PUT",
                "path": "/api/approval-chains",
                "body": {
                    "branch_id": "shanghai",
                    "levels": [{"name": "Hacked", "approvers": [{"role": "branch_hr"}]}],
                },
            }
        ],
        "DELETE/api/approval-chains/<branch_id>/<department>": [
            {"kind": "org_write", "method": "DELETE", "path": "/api/approval-chains/hq/*"}
        ],
        "GET/api/employees": [
            {"kind": "list", "method": "GET", "path": "/api/employees"},
            {
                "kind": "list",
                "method": "GET",
                "path": "/api/employees",
                "query": {"branch_id": "shanghai"},
            },
        ],
        "GET/api/employees/<employee_id>/onboarding": [
            {"kind": "object", "method": "GET", "path": f"/api/employees/{eid}/onboarding"}
        ],
        "GET/api/employees/<employee_id>/onboarding/mentors": [
            {"kind": "object", "method": "GET", "path": f"/api/employees/{eid}/onboarding/mentors"}
        ],
        "PUT/api/employees/<employee_id>/onboarding/mentor": [
            {
                "kind": "object",
                "method": "PUT",
                "path": f"/api/employees/{eid}/onboarding/mentor",
                "body": {"mentor_id": world.user_id},
            }
        ],
        "POST/api/employees/<employee_id>/onboarding/tasks/<task_id>/complete": [
            {
                "kind": "object",
                "method": "POST",
                "path": f"/api/employees/{eid}/onboarding/tasks/{task}/complete",
                "body": {"note": "Hacked"},
            }
            for task in ("laptop", "id-card")
        ],
        "GET/api/onboarding/tasks": [
            {"kind": "list", "method": "GET", "path": "/api/onboarding/tasks"}
        ],
        "GET/api/onboarding/progress": [
            {"kind": "list", "method": "GET", "path": "/api/onboarding/progress"},
            {
                "kind": "list",
                "method": "GET",
                "path": "/api/onboarding/progress",
                "query": {"branch_id": "shanghai"},
            },
        ],
        "GET/api/onboarding/templates": [
            {"kind": "org_write", "method": "GET", "path": "/api/onboarding/templates"}
        ],
        "POST/api/onboarding/templates": [
            {
                "kind": "org_write",
                "method": "POST",
                "path": "/api/onboarding/templates",
                "body": {"name": "Hacked", "tasks": [ONBOARDING_TASK]},
            }
        ],
        "GET/api/onboarding/templates/<template_id>": [
            {
                "kind": "org_write",
                "method": "GET",
                "path": "/api/onboarding/templates/company-onboarding",
            }
        ],
        "PUT/api/onboarding/templates/<template_id>": [
            {
                "kind": "org_write",
                "method": "PUT",
                "path": "/api/onboarding/templates/company-onboarding",
                "body": {"name": "Hacked", "tasks": [ONBOARDING_TASK]},
            }
        ],
        "GET/api/employees/<employee_id>": [
            {"kind": "object", "method": "GET", "path": "/api/employees/none"}
        ],
        # Probation reviews: an employee's (none of Shanghai's exist here: test_probation
        # covers a real one out of reach), and the reviews due of the caller's people.
        "GET/api/employees/<employee_id>/probation": [
            {"kind": "object", "method": "GET", "path": "/api/employees/none/probation"}
        ],
        "POST/api/employees/<employee_id>/probation": [
            {
                "kind": "object",
                "method": "POST",
                "path": "/api/employees/none/probation",
                "body": {
                    "period": 1,
                    "outcome": "confirmed",
                    "scores": {"communication": 1, "problem_solving": 1, "teamwork": 1},
                    "comment": "Hacked",
                },
            }
        ],
        # Periodic re-assessment: HQ's schedules; a Shanghai employee's history and start.
        "GET/api/reassessment-schedules": [
            {"kind": "org_write", "method": "GET", "path": "/api/reassessment-schedules"}
        ],
        "POST/api/reassessment-schedules": [
            {
                "kind": "org_write",
                "method": "POST",
                "path": "/api/reassessment-schedules",
                "body": {"name": "Hacked", "every_months": 1, "branch_id": "shanghai"},
            }
        ],
        "PUT/api/reassessment-schedules/<schedule_id>": [
            {
                "kind": "org_write",
                "method": "PUT",
                "path": "/api/reassessment-schedules/none",
                "body": {"name": "Hacked", "every_months": 1},
            }
        ],
        "GET/api/employees/<employee_id>/reassessments": [
            {"kind": "object", "method": "GET", "path": f"/api/employees/{eid}/reassessments"}
        ],
        "POST/api/employees/<employee_id>/reassessments": [
            {
                "kind": "object",
                "method": "POST",
                "path": f"/api/employees/{eid}/reassessments",
                "body": {},
            }
        ],
        "GET/api/probation/due": [
            {"kind": "list", "method": "GET", "path": "/api/probation/due"},
            {
                "kind": "list",
                "method": "GET",
                "path": "/api/probation/due",
                "query": {"branch_id": "shanghai"},
            },
        ],
        "GET/api/branches/<branch_id>/offer-template/<locale>": [
            {"kind": "object", "method": "GET", "path": "/api/branches/shanghai/offer-template/zh"}
        ],
        "PUT/api/branches/<branch_id>/offer-template/<locale>": [
            {
                "kind": "org_write",
                "method": "PUT",
                "path": "/api/branches/shanghai/offer-template/zh",
                "body": {"title": "Hacked", "body": "Hacked"},
            }
        ],
        # Group robots: Shanghai's own; webhooks: the HQ admin's.
        "GET/api/branches/<branch_id>/robots": [
            {"kind": "object", "method": "GET", "path": "/api/branches/shanghai/robots"}
        ],
        "POST/api/branches/<branch_id>/robots": [
            {
                "kind": "create",
                "method": "POST",
                "path": "/api/branches/shanghai/robots",
                "body": {"kind": "wecom", "name": "Hacked", "url": f"{WECOM}?key=hacked"},
            }
        ],
        "DELETE/api/branches/<branch_id>/robots/<robot_id>": [
            {
                "kind": "object",
                "method": "DELETE",
                "path": f"/api/branches/shanghai/robots/{world.robot_id}",
            }
        ],
        "POST/api/branches/<branch_id>/robots/<robot_id>/test": [
            {
                "kind": "object",
                "method": "POST",
                "path": f"/api/branches/shanghai/robots/{world.robot_id}/test",
            }
        ],
        "GET/api/webhook-event-types": [
            {"kind": "hq_admin", "method": "GET", "path": "/api/webhook-event-types"}
        ],
        "GET/api/webhooks": [{"kind": "hq_admin", "method": "GET", "path": "/api/webhooks"}],
        "POST/api/webhooks": [
            {
                "kind": "hq_admin",
                "method": "POST",
                "path": "/api/webhooks",
                "body": {"name": "Hacked", "url": "https://93.184.216.34/hacked"},
            }
        ],
        "GET/api/webhooks/<subscription_id>": [
            {"kind": "hq_admin", "method": "GET", "path": f"/api/webhooks/{world.webhook_id}"}
        ],
        "PATCH/api/webhooks/<subscription_id>": [
            {
                "kind": "hq_admin",
                "method": "PATCH",
                "path": f"/api/webhooks/{world.webhook_id}",
                "body": {"name": "Hacked", "enabled": False},
            }
        ],
        **{
            f"{method}/api/webhooks/<subscription_id>/{action}": [
                {
                    "kind": "hq_admin",
                    "method": method,
                    "path": f"/api/webhooks/{world.webhook_id}/{action}",
                }
            ]
            for method, action in [
                ("POST", "rotate-secret"),
                ("GET", "deliveries"),
                ("POST", "test"),
            ]
        },
        "POST/api/webhooks/<subscription_id>/deliveries/<delivery_id>/redeliver": [
            {
                "kind": "hq_admin",
                "method": "POST",
                "path": f"/api/webhooks/{world.webhook_id}/deliveries/none/redeliver",
            }
        ],
        "PUT/api/branches/<branch_id>/logo": [
            {
                "kind": "org_write",
                "method": "PUT",
                "path": "/api/branches/shanghai/logo",
                "headers": {"Content-Type": "image/png"},
                "binary": b"\x89PNG\r\n\x1a\nHacked",
            }
        ],
        # Training: HQ's catalogue (read by staff), plans and map; an employee's courses
        # and results; a learning system's export; the caller's own mentees.
        "GET/api/training/courses": [
            {"kind": "org", "method": "GET", "path": "/api/training/courses"}
        ],
        "POST/api/training/courses": [
            {
                "kind": "org_write",
                "method": "POST",
                "path": "/api/training/courses",
                "body": {"id": "hacked", "title": "Hacked", "provider": "x", "hours": 1},
            }
        ],
        "PUT/api/training/courses/<course_id>": [
            {
                "kind": "org_write",
                "method": "PUT",
                "path": "/api/training/courses/hacked",
                "body": {"title": "Hacked", "provider": "x", "hours": 1},
            }
        ],
        "GET/api/training/position-plans": [
            {"kind": "list", "method": "GET", "path": "/api/training/position-plans"}
        ],
        "PUT/api/training/position-plans/<position_id>": [
            {
                "kind": "org_write",
                "method": "PUT",
                "path": f"/api/training/position-plans/{SHANGHAI_POSITION}",
                "body": {"courses": []},
            }
        ],
        "GET/api/training/dimension-map": [
            {"kind": "list", "method": "GET", "path": "/api/training/dimension-map"}
        ],
        "PUT/api/training/dimension-map/<dimension>/<position_id>": [
            {
                "kind": "org_write",
                "method": "PUT",
                "path": f"/api/training/dimension-map/communication/{SHANGHAI_POSITION}",
                "body": {"course_ids": ["hacked"]},
            }
        ],
        "DELETE/api/training/dimension-map/<dimension>/<position_id>": [
            {
                "kind": "org_write",
                "method": "DELETE",
                "path": "/api/training/dimension-map/communication/*",
            }
        ],
        "GET/api/employees/<employee_id>/training": [
            {"kind": "object", "method": "GET", "path": "/api/employees/none/training"}
        ],
        "POST/api/employees/<employee_id>/training/<task_id>/result": [
            {
                "kind": "object",
                "method": "POST",
                "path": "/api/employees/none/training/course-x/result",
                "body": {"completed_on": "2026-01-05", "exam_score": 100},
            }
        ],
        "POST/api/training/import": [
            {
                "kind": "import_rows",
                "method": "POST",
                "path": "/api/training/import",
                "binary": "员工编号,课程,完成日期,成绩\nE202600001,x,2026-01-05,100\n".encode(),
                "headers": {"Content-Type": "application/octet-stream"},
            }
        ],
        "GET/api/mentees": [{"kind": "own", "method": "GET", "path": "/api/mentees"}],
        **new_hire_cases(world),
        **performance_cases(world),
        **analytics_cases(world),
        **talent_pool_cases(world),
        **skill_map_cases(world),
        **duplicate_cases(world),
        **feedback_cases(world),
        **ai_switch_cases(world),
        **privacy_notice_cases(world),
    }


def ai_switch_cases(world: World) -> dict[str, list[dict[str, Any]]]:
    """HQ's AI switch (docs/privacy.md): HQ only switches; HR read their own branch's."""
    off = {"off": True, "reason": "Hacked"}
    return {
        "GET/api/privacy/ai-switch": [
            {"kind": "list", "method": "GET", "path": "/api/privacy/ai-switch"}
        ],
        "PUT/api/privacy/ai-switch/branches/<branch_id>": [
            {
                "kind": "org_write",
                "method": "PUT",
                "path": "/api/privacy/ai-switch/branches/shanghai",
                "body": off,
            }
        ],
        "PUT/api/privacy/ai-switch/positions/<position_id>": [
            {
                "kind": "org_write",
                "method": "PUT",
                "path": f"/api/privacy/ai-switch/positions/{SHANGHAI_POSITION}",
                "body": off,
            }
        ],
    }


def privacy_notice_cases(world: World) -> dict[str, list[dict[str, Any]]]:
    """Notices per jurisdiction (docs/privacy.md): organisation-wide; HQ alone changes them,
    branch HR read their own branch's (reviewers 403)."""
    cn = "/api/privacy/jurisdictions/cn-mainland"
    notice = {"zh": "Hacked", "en": "Hacked"}
    return {
        "GET/api/privacy/jurisdictions": [
            {"kind": "own", "method": "GET", "path": "/api/privacy/jurisdictions"}
        ],
        "GET/api/privacy/jurisdictions/<jurisdiction_id>": [
            {"kind": "own", "method": "GET", "path": cn}
        ],
        "PUT/api/privacy/jurisdictions/<jurisdiction_id>": [
            {"kind": "org_write", "method": "PUT", "path": cn,
             "body": {"name": "Hacked", "purposes": ["recording"]}}
        ],
        "GET/api/privacy/jurisdictions/<jurisdiction_id>/notices": [
            {"kind": "own", "method": "GET", "path": f"{cn}/notices"}
        ],
        "POST/api/privacy/jurisdictions/<jurisdiction_id>/notices": [
            {"kind": "org_write", "method": "POST", "path": f"{cn}/notices",
             "body": {"general": notice, "purposes": {"recording": notice}}}
        ],
        "PUT/api/privacy/branches/<branch_id>": [
            {"kind": "org_write", "method": "PUT", "path": "/api/privacy/branches/shanghai",
             "body": {"jurisdiction_id": "us-ny"}}
        ],
    }  # fmt: skip


def duplicate_cases(world: World) -> dict[str, list[dict[str, Any]]]:
    """The same person applying twice (recruiting/duplicates.py): Shanghai's pairs."""
    pair = f"/api/duplicates/{world.candidate_id}/{world.candidate_id}x"
    return {
        "GET/api/duplicates": [
            {"kind": "list", "method": "GET", "path": "/api/duplicates"},
            {"kind": "list", "method": "GET", "path": "/api/duplicates",
             "query": {"branch_id": "shanghai"}},
        ],
        "GET/api/candidates/<candidate_id>/duplicates": [
            {"kind": "object", "method": "GET",
             "path": f"/api/candidates/{world.candidate_id}/duplicates"}
        ],
        "POST/api/duplicates/<first_id>/<second_id>/merge": [
            {"kind": "object", "method": "POST", "path": f"{pair}/merge", "body": {}}
        ],
        "POST/api/duplicates/<first_id>/<second_id>/keep-apart": [
            {"kind": "object", "method": "POST", "path": f"{pair}/keep-apart", "body": {}}
        ],
    }  # fmt: skip


def new_hire_cases(world: World) -> dict[str, list[dict[str, Any]]]:
    """The new hire's documents and portal link (docs/onboarding.md): Shanghai's."""
    employee = f"/api/employees/{world.employee_id}"
    document = f"{employee}/documents/{world.document_id}"
    return {
        "GET/api/employees/<employee_id>/documents": [
            {"kind": "object", "method": "GET", "path": f"{employee}/documents"}
        ],
        "GET/api/employees/<employee_id>/documents/<document_id>/download": [
            {"kind": "object", "method": "GET", "path": f"{document}/download"}
        ],
        "POST/api/employees/<employee_id>/documents/<document_id>/approve": [
            {"kind": "object", "method": "POST", "path": f"{document}/approve"}
        ],
        "POST/api/employees/<employee_id>/documents/<document_id>/reject": [
            {
                "kind": "object",
                "method": "POST",
                "path": f"{document}/reject",
                "body": {"reason": "Hacked"},
            }
        ],
        "POST/api/employees/<employee_id>/onboarding/link": [
            {"kind": "object", "method": "POST", "path": f"{employee}/onboarding/link"}
        ],
    }


def performance_cases(world: World) -> dict[str, list[dict[str, Any]]]:
    """Performance reviews, KPI formulas, suggestions (docs/analytics.md): Shanghai's."""
    employee = f"/api/employees/{world.employee_id}"
    formula = f"/api/positions/{SHANGHAI_POSITION}/kpi-formula"
    terms = {"terms": [{"key": "hacked", "name": "Hacked", "weight": 1}]}
    review = {"period": "2026", "overall": 1, "comment": "Hacked"}
    suggestion = f"{employee}/training-suggestions/x"
    return {
        "GET/api/employees/<employee_id>/performance": [
            {"kind": "object", "method": "GET", "path": f"{employee}/performance"}
        ],
        "POST/api/employees/<employee_id>/performance": [
            {"kind": "object", "method": "POST", "path": f"{employee}/performance",
             "body": review}
        ],
        "GET/api/positions/<position_id>/kpi-formula": [
            {"kind": "object", "method": "GET", "path": formula}
        ],
        "PUT/api/positions/<position_id>/kpi-formula": [
            {"kind": "org_write", "method": "PUT", "path": formula, "body": terms}
        ],
        "POST/api/performance/import": [
            {
                "kind": "import_rows",
                "method": "POST",
                "path": "/api/performance/import",
                "binary": "员工编号,考核周期,综合得分\nE202600001,2026,1\n".encode(),
                "headers": {"Content-Type": "application/octet-stream"},
            }
        ],
        "GET/api/employees/<employee_id>/training-suggestions": [
            {"kind": "object", "method": "GET", "path": f"{employee}/training-suggestions"}
        ],
        "POST/api/employees/<employee_id>/training-suggestions/<suggestion_id>/accept": [
            {"kind": "object", "method": "POST", "path": f"{suggestion}/accept"}
        ],
        "POST/api/employees/<employee_id>/training-suggestions/<suggestion_id>/dismiss": [
            {"kind": "object", "method": "POST", "path": f"{suggestion}/dismiss",
             "body": {"reason": "Hacked"}}
        ],
        "GET/api/integrations/ehr": [
            {"kind": "hq_admin", "method": "GET", "path": "/api/integrations/ehr"}
        ],
        "POST/api/integrations/ehr/secret": [
            {"kind": "hq_admin", "method": "POST", "path": "/api/integrations/ehr/secret"}
        ],
        # The EHR's route takes no login: a person's token without the signature is refused.
        "POST/api/ehr/performance": [
            {"kind": "signed", "method": "POST", "path": "/api/ehr/performance",
             "body": {"employee_number": "E202600001", **review}}
        ],
    }  # fmt: skip


def analytics_cases(world: World) -> dict[str, list[dict[str, Any]]]:
    """Analytics (docs/analytics.md): HQ's results and decisions; the group view of the
    caller's own branch (a manager: their own people)."""
    proposal = f"/api/analytics/weight-proposals/{world.proposal_id}"
    hq_reads = [
        "/api/analytics/overview",
        "/api/analytics/validity",
        "/api/analytics/weight-proposals",
        "/api/analytics/calibration",
        "/api/analytics/fairness",
        "/api/analytics/demographic-categories",
    ]
    return {
        **{
            f"GET{path}": [{"kind": "hq_admin", "method": "GET", "path": path}] for path in hq_reads
        },
        "GET/api/analytics/weight-proposals/<proposal_id>": [
            {"kind": "hq_admin", "method": "GET", "path": proposal}
        ],
        "POST/api/analytics/weight-proposals/<proposal_id>/apply": [
            {"kind": "hq_admin", "method": "POST", "path": f"{proposal}/apply", "body": {}}
        ],
        "POST/api/analytics/weight-proposals/<proposal_id>/dismiss": [
            {
                "kind": "hq_admin",
                "method": "POST",
                "path": f"{proposal}/dismiss",
                "body": {"reason": "Hacked"},
            }
        ],
        "PUT/api/analytics/demographic-categories": [
            {
                "kind": "hq_admin",
                "method": "PUT",
                "path": "/api/analytics/demographic-categories",
                "body": {"categories": []},
            }
        ],
        "GET/api/analytics/groups": [
            {"kind": "own_result", "method": "GET", "path": "/api/analytics/groups"},
            {
                "kind": "own_result",
                "method": "GET",
                "path": "/api/analytics/groups",
                "query": {"branch_id": "shanghai"},
            },
        ],
    }


def talent_pool_cases(world: World) -> dict[str, list[dict[str, Any]]]:
    """The talent pool and matching (docs/talent.md): a branch's pool is its HR's, HQ's
    all of it; Shanghai's position is ranked and matched for Shanghai (and HQ) alone."""
    entry = f"/api/talent-pool/{world.candidate_id}"
    position = f"/api/positions/{SHANGHAI_POSITION}"
    return {
        "GET/api/talent-pool": [
            {"kind": "list", "method": "GET", "path": "/api/talent-pool"},
            {"kind": "list", "method": "GET", "path": "/api/talent-pool",
             "query": {"branch_id": "shanghai"}},
        ],
        "PUT/api/talent-pool/<candidate_id>/tags": [
            {"kind": "object", "method": "PUT", "path": f"{entry}/tags",
             "body": {"tags": ["Hacked"]}}
        ],
        "DELETE/api/talent-pool/<candidate_id>": [
            {"kind": "object", "method": "DELETE", "path": entry}
        ],
        "POST/api/talent-pool/<candidate_id>/invite": [
            {"kind": "object", "method": "POST", "path": f"{entry}/invite",
             "body": {"position_id": SHANGHAI_POSITION}}
        ],
        "GET/api/positions/<position_id>/ranking": [
            {"kind": "object", "method": "GET", "path": f"{position}/ranking"}
        ],
        "GET/api/positions/<position_id>/pool-matches": [
            {"kind": "object", "method": "GET", "path": f"{position}/pool-matches"}
        ],
        "POST/api/positions/<position_id>/pool-matches": [
            {"kind": "object", "method": "POST", "path": f"{position}/pool-matches"}
        ],
    }  # fmt: skip


def skill_map_cases(world: World) -> dict[str, list[dict[str, Any]]]:
    """HQ's skill map and a candidate's résumé-vs-interview cross-check (docs/talent.md)."""
    cid = world.candidate_id
    return {
        # HQ's skill map: no branch data; HR read it (reviewers 403), HQ alone write it.
        "GET/api/skill-map": [{"kind": "own", "method": "GET", "path": "/api/skill-map"}],
        "PUT/api/skill-map": [
            {
                "kind": "org_write",
                "method": "PUT",
                "path": "/api/skill-map",
                "body": {"skills": [{"key": "hacked", "dimensions": ["teamwork"]}]},
            }
        ],
        "GET/api/candidates/<candidate_id>/cross-check": [
            {"kind": "object", "method": "GET", "path": f"/api/candidates/{cid}/cross-check"},
            {
                "kind": "object",
                "method": "GET",
                "path": f"/api/candidates/{cid}/cross-check",
                "query": {"round": "1"},
            },
        ],
    }


def feedback_cases(world: World) -> dict[str, list[dict[str, Any]]]:
    """Candidate feedback (docs/talent.md): HQ's suggestion texts are organisation-wide; a
    candidate's draft, requests and answers are Shanghai's."""
    cid = world.candidate_id
    return {
        "GET/api/feedback-suggestions": [
            {"kind": "org", "method": "GET", "path": "/api/feedback-suggestions"}
        ],
        "PUT/api/feedback-suggestions": [
            {
                "kind": "org_write",
                "method": "PUT",
                "path": "/api/feedback-suggestions",
                "body": {
                    "suggestions": [{"dimension": "communication", "en": "Hacked", "zh": "Hacked"}]
                },
            }
        ],
        "GET/api/candidates/<candidate_id>/feedback-draft": [
            {"kind": "object", "method": "GET", "path": f"/api/candidates/{cid}/feedback-draft"}
        ],
        "GET/api/candidates/<candidate_id>/requests": [
            {"kind": "object", "method": "GET", "path": f"/api/candidates/{cid}/requests"}
        ],
        "GET/api/candidate-requests": [
            {"kind": "list", "method": "GET", "path": "/api/candidate-requests"},
            {
                "kind": "list",
                "method": "GET",
                "path": "/api/candidate-requests",
                "query": {"branch_id": "shanghai"},
            },
        ],
        "POST/api/candidate-requests/<candidate_id>/<request_id>/answer": [
            {
                "kind": "object",
                "method": "POST",
                "path": f"/api/candidate-requests/{cid}/{world.request_id}/answer",
                "body": {"answer": "Hacked"},
            }
        ],
        "POST/api/candidates/<candidate_id>/privacy-requests": [
            {
                "kind": "object",
                "method": "POST",
                "path": f"/api/candidates/{cid}/privacy-requests",
                "body": {"kind": "erasure"},
            }
        ],
        "GET/api/candidates/<candidate_id>/consents": [
            {"kind": "object", "method": "GET", "path": f"/api/candidates/{cid}/consents"}
        ],
        "GET/api/privacy-requests": [
            {"kind": "list", "method": "GET", "path": "/api/privacy-requests"},
            {
                "kind": "list",
                "method": "GET",
                "path": "/api/privacy-requests",
                "query": {"branch_id": "shanghai"},
            },
        ],
        "GET/api/privacy-requests/<request_id>": [
            {
                "kind": "object",
                "method": "GET",
                "path": f"/api/privacy-requests/{world.privacy_request_id}",
            }
        ],
        "GET/api/privacy-requests/<request_id>/download": [
            {
                "kind": "object",
                "method": "GET",
                "path": f"/api/privacy-requests/{world.privacy_request_id}/download",
            }
        ],
        # Retention (docs/privacy.md): HQ's policies and receipts; a Shanghai person's hold;
        # a Shanghai employee's departure.
        "GET/api/privacy/retention-policies": [
            {"kind": "list", "method": "GET", "path": "/api/privacy/retention-policies"}
        ],
        "PUT/api/privacy/retention-policies/<branch_id>/<data_class>/<counted_from>": [
            {
                "kind": "org_write",
                "method": "PUT",
                "path": "/api/privacy/retention-policies/shanghai/recordings/rejection",
                "body": {"days": 1},
            }
        ],
        "GET/api/privacy/retention-receipts": [
            {"kind": "org_write", "method": "GET", "path": "/api/privacy/retention-receipts"}
        ],
        "GET/api/privacy/holds/<subject_id>": [
            {"kind": "object", "method": "GET", "path": f"/api/privacy/holds/{cid}"}
        ],
        "PUT/api/privacy/holds/<subject_id>": [
            {
                "kind": "object",
                "method": "PUT",
                "path": f"/api/privacy/holds/{cid}",
                "body": {"reason": "Hacked"},
            }
        ],
        "DELETE/api/privacy/holds/<subject_id>": [
            {"kind": "object", "method": "DELETE", "path": f"/api/privacy/holds/{cid}"}
        ],
        "POST/api/employees/<employee_id>/departure": [
            {
                "kind": "object",
                "method": "POST",
                "path": f"/api/employees/{world.employee_id}/departure",
                "body": {"left_on": "2026-01-01", "reason": "Hacked"},
            }
        ],
    }


def test_every_route_is_covered():
    app = create_app()
    routes = {f"{r.method}{r.path}" for r in app._static_routes + app._dynamic_routes}
    assert routes == set(cases(World("x", 1)))


OUTSIDERS = [
    "shenzhen.hr",
    "shenzhen.interviewer",
    "shenzhen.manager",
    "gm.approver",
    "shanghai.interviewer",
]


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_no_read_or_write_crosses_a_branch(hr, outsider):
    world = build_world(hr)
    before = shanghai_state(hr, world)
    me = hr.get("/api/me", outsider).json
    violations: list[str] = []
    for route, requests in cases(world).items():
        for case in requests:
            reply = hr.call(
                case["method"],
                case["path"],
                outsider,
                case.get("body"),
                query=case.get("query"),
                headers=case.get("headers"),
                binary=case.get("binary"),
            )
            text = reply.raw.decode("utf-8", "replace")
            label = f"{outsider} {route} {case.get('query') or ''} -> {reply.status}"
            kind = case["kind"]
            if SECRET_NAME in text or "secret@example.com" in text:
                violations.append(f"{label}: leaked Shanghai's candidate")
            if kind == "object":
                if me["branch_id"] == "shanghai" and "candidate" not in route:
                    continue  # Shanghai's interviewer may see Shanghai's branch and positions
                # Shanghai's interviewer is an outsider to a candidate not assigned to them.
                allowed = {404} if case["method"] == "GET" else {403, 404}
                if reply.status not in allowed:
                    violations.append(f"{label}: expected {sorted(allowed)}")
            elif kind == "list":
                if reply.status == 200:
                    items = reply.json["items"] if isinstance(reply.json, dict) else reply.json
                    if not own_branch_only(
                        [{"branch_id": i.get("branch_id", i.get("id"))} for i in items],
                        me["branch_id"],
                    ) and not own_branch_only(items, me["branch_id"]):
                        violations.append(f"{label}: listed another branch")
                elif reply.status != 403:
                    violations.append(f"{label}: expected 200 (own branch) or 403")
            elif kind == "create":
                if reply.status == 202 and route == "POST/api/candidates/import":
                    hr.transport.imported(reply.json["id"])
                    path = f"/api/candidates/import/{reply.json['id']}"
                    if hr.get(path, outsider).json["created"]:
                        violations.append(f"{label}: imported into Shanghai")
                elif reply.status not in (403, 404):
                    violations.append(f"{label}: expected 403")
            elif kind == "ids":
                if reply.status == 200 and world.candidate_id in [
                    i["id"] for i in reply.json["items"]
                ]:
                    violations.append(f"{label}: selected Shanghai's candidate")
                elif reply.status not in (200, 403):
                    violations.append(f"{label}: expected 200 (own branch) or 403")
            elif kind == "export":
                if reply.status == 200:
                    sheet = load_workbook(io.BytesIO(reply.raw)).worksheets[0]
                    cells = [str(v) for row in sheet.iter_rows(values_only=True) for v in row]
                    if any(SECRET_NAME in c or "secret@example.com" in c for c in cells):
                        violations.append(f"{label}: exported Shanghai's candidate")
                elif reply.status != 403:
                    violations.append(f"{label}: expected 200 (own branch) or 403")
            elif kind == "own":
                if reply.status not in (200, 201, 403):
                    violations.append(f"{label}: the caller's own data, or 403")
            elif kind == "org_write":
                if reply.status != 403:
                    violations.append(f"{label}: only HQ writes organisation-wide data")
            elif kind == "hq_admin":
                if reply.status != 403:
                    violations.append(f"{label}: only the HQ admin")
            elif kind == "import_rows":
                # HR's import reaches their own branch's employees only: row by row.
                if reply.status == 200 and reply.json["recorded"]:
                    violations.append(f"{label}: recorded a result in Shanghai")
                elif reply.status not in (200, 403):
                    violations.append(f"{label}: expected 200 (row errors) or 403")
            elif kind == "signed":
                if reply.status != 401:
                    violations.append(f"{label}: only a signed request")
            elif kind == "own_result":
                # A result computed for the caller's own branch, or 403 (none yet: null).
                if reply.status == 200 and reply.json and reply.json["scope"] != me["branch_id"]:
                    violations.append(f"{label}: another branch's result")
                elif reply.status not in (200, 403):
                    violations.append(f"{label}: expected 200 (own branch) or 403")
            elif kind == "list_file":
                if reply.status == 200 and SHANGHAI_POSITION in reply.raw.decode("latin-1"):
                    violations.append(f"{label}: offered Shanghai's positions")
            elif reply.status != 200:
                violations.append(f"{label}: staff may read this")
    assert violations == [], "\n".join(violations)
    assert shanghai_state(hr, world) == before
    assert json.dumps(before, ensure_ascii=False).count("Hacked") == 0
    assert ROBOT_KEY not in json.dumps(before)  # shown masked, even to HQ


def test_insiders_do_reach_the_same_objects(hr):
    """The matrix above is meaningful: the same requests work for Shanghai's HR and HQ."""
    world = build_world(hr)
    for user in ("shanghai.hr", "hq.hr"):
        assert hr.get(f"/api/candidates/{world.candidate_id}", user).status == 200
        assert hr.get(f"/api/positions/{SHANGHAI_POSITION}", user).status == 200
        assert hr.get("/api/branches/shanghai", user).status == 200
        assert hr.get(f"/api/candidates/import/{world.import_id}", user).status == 200
        assert hr.get(f"/api/candidates/{world.candidate_id}/resume", user).status == 200
        robots = hr.get("/api/branches/shanghai/robots", user).json
        assert [r["id"] for r in robots] == [world.robot_id]
        names = [
            c["name"]
            for c in hr.get("/api/candidates", user, query={"branch_id": "shanghai"}).json["items"]
        ]
        assert SECRET_NAME in names
    assert hr.get(f"/api/candidates/{world.candidate_id}", "shanghai.manager").status == 200
    for user in ("shanghai.hr", "hq.hr"):
        documents = hr.get(f"/api/employees/{world.employee_id}/documents", user)
        assert [d["id"] for d in documents.json] == [world.document_id]

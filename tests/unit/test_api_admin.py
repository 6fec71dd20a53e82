"""HQ's administration through the HR API: changing and disabling users, previewing
notification texts, searching the audit trail, and the review file as a Chinese PDF."""

from __future__ import annotations

import io
from datetime import timedelta

import boto3
import pytest
from pypdf import PdfReader

from hireflow.platform.ids import now
from hireflow.platform.settings import settings
from hireflow.platform.store import Repository
from hireflow.reviews.model import Scorecard
from hireflow.scoring.model import AiDimensionScores, InterviewReport, ScoringRepository
from hireflow.scoring.reports import report_key
from tests.support.builders import invited, new_candidate


def _new_user(hr, username="shenzhen.helper", role="interviewer", branch="shenzhen"):
    reply = hr.post(
        "/api/users",
        "hq.admin",
        {
            "username": username,
            "email": f"{username}@example.com",
            "display_name": "深圳助理",
            "role": role,
            "branch_id": branch,
        },
    )
    assert reply.status == 201, reply
    return reply.json


def _cognito_user(hr, username):
    pool = settings().user_pool_id
    cognito = boto3.client("cognito-idp", region_name=settings().region)
    user = cognito.admin_get_user(UserPoolId=pool, Username=username)
    groups = cognito.admin_list_groups_for_user(UserPoolId=pool, Username=username)["Groups"]
    attributes = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
    return user["Enabled"], [g["GroupName"] for g in groups], attributes


# ------------------------------------------------------------------ users
def test_hq_admin_moves_a_user_to_another_role_and_branch_in_the_user_pool(hr):
    user = _new_user(hr)
    moved = hr.patch(
        f"/api/users/{user['user_id']}",
        "hq.admin",
        {"role": "branch_hr", "branch_id": "shanghai", "revision": user["revision"]},
    )
    assert moved.status == 200, moved
    assert moved.json["role"] == "branch_hr" and moved.json["branch_id"] == "shanghai"
    enabled, groups, attributes = _cognito_user(hr, "shenzhen.helper")
    assert enabled and groups == ["branch_hr"]
    assert attributes["custom:branch_id"] == "shanghai"
    # The user now lists under Shanghai, no longer under Shenzhen.
    shanghai = [u["username"] for u in hr.get("/api/users", "shanghai.hr").json]
    shenzhen = [u["username"] for u in hr.get("/api/users", "shenzhen.hr").json]
    assert "shenzhen.helper" in shanghai and "shenzhen.helper" not in shenzhen
    audit = hr.get("/api/audit/search", "hq.admin", query={"action": "user."}).json["items"]
    assert audit[0]["action"] == "user.update"
    assert audit[0]["before"]["role"] == "interviewer" and audit[0]["after"]["role"] == "branch_hr"


def test_a_disabled_user_cannot_sign_in_and_can_be_enabled_again(hr):
    user = _new_user(hr)
    disabled = hr.patch(f"/api/users/{user['user_id']}", "hq.admin", {"enabled": False})
    assert disabled.status == 200 and disabled.json["enabled"] is False
    assert _cognito_user(hr, "shenzhen.helper")[0] is False
    actions = [e["action"] for e in hr.get("/api/audit/search", "hq.admin").json["items"]]
    assert "user.disable" in actions
    enabled = hr.patch(f"/api/users/{user['user_id']}", "hq.admin", {"enabled": True})
    assert enabled.json["enabled"] is True and _cognito_user(hr, "shenzhen.helper")[0] is True


def test_a_user_change_is_checked_like_a_new_user(hr):
    user = _new_user(hr)
    path = f"/api/users/{user['user_id']}"
    hq_role = hr.patch(path, "hq.admin", {"role": "hq_hr"})
    assert hq_role.status == 422 and hq_role.json["errors"][0]["field"] == "branch_id"
    nowhere = hr.patch(path, "hq.admin", {"branch_id": "atlantis"})
    assert nowhere.status == 422 and nowhere.json["errors"][0]["message"] == "no such branch"
    stale = hr.patch(path, "hq.admin", {"display_name": "X", "revision": 99})
    assert stale.status == 409
    assert hr.patch("/api/users/nobody", "hq.admin", {"enabled": False}).status == 404
    me = hr.get("/api/me", "hq.admin").json["user_id"]
    assert hr.patch(f"/api/users/{me}", "hq.admin", {"enabled": False}).status == 422
    assert _cognito_user(hr, "shenzhen.helper")[1] == ["interviewer"]  # nothing changed


@pytest.mark.parametrize("who", ["hq.hr", "shanghai.hr", "shenzhen.hr", "shanghai.manager"])
def test_only_hq_admin_changes_users(hr, who):
    user = _new_user(hr)
    reply = hr.patch(f"/api/users/{user['user_id']}", who, {"enabled": False})
    assert reply.status == 403
    assert _cognito_user(hr, "shenzhen.helper")[0] is True


# ------------------------------------------------------------------ notification texts
def test_a_draft_text_is_previewed_with_sample_data_next_to_the_other_language(hr):
    draft = {"subject": "{position} 面试邀请", "body": "{candidate_name}，请于{deadline}前面试。"}
    reply = hr.post("/api/notification-templates/invitation-email-zh/preview", "hq.hr", draft)
    assert reply.status == 200, reply
    by_locale = {p["locale"]: p for p in reply.json}
    assert by_locale["zh"]["draft"] is True
    assert by_locale["zh"]["subject"] == "客户服务专员 面试邀请"
    assert by_locale["zh"]["body"] == "张伟，请于2026年12月1日 18:00前面试。"
    assert by_locale["en"]["draft"] is False
    assert (
        by_locale["en"]["body"].startswith("\nDear Wei Zhang,")
        or "Wei Zhang" in (by_locale["en"]["body"])
    )
    assert "{" not in by_locale["en"]["body"]
    # Nothing was saved.
    saved = hr.get("/api/notification-templates/invitation-email-zh", "hq.hr").json
    assert saved["subject"] != draft["subject"]


def test_a_draft_with_an_unknown_placeholder_is_refused_with_the_reason(hr):
    reply = hr.post(
        "/api/notification-templates/invitation-sms-zh/preview",
        "hq.admin",
        {"body": "{candidate_name} {salary}"},
    )
    assert reply.status == 422
    assert "{salary}" in reply.json["errors"][0]["message"]
    assert hr.post("/api/notification-templates/nope/preview", "hq.admin", {}).status == 404
    assert (
        hr.post("/api/notification-templates/invitation-sms-zh/preview", "shanghai.hr", {}).status
        == 403
    )


# ------------------------------------------------------------------ audit search
def test_the_audit_trail_is_searched_by_person_candidate_action_and_date(hr):
    first = new_candidate(hr, name="王芳", phone="13900000001", email="w1@example.com").json
    second = new_candidate(hr, name="赵强", phone="13900000002", email="w2@example.com").json
    hr.patch(f"/api/candidates/{first['id']}", "hq.hr", {"name": "王芳芳"})
    search = lambda who="hq.admin", **q: hr.get("/api/audit/search", who, query=q)  # noqa: E731

    mine = search(candidate_id=first["id"]).json["items"]
    assert [e["action"] for e in mine] == ["candidate.update", "candidate.create"]
    assert [e["actor"] for e in search(actor="hq.hr").json["items"]] == ["hq.hr"]
    created = search(action="candidate.create").json["items"]
    assert {e["entity_id"] for e in created} == {first["id"], second["id"]}
    today = now().date()
    assert search(date_from=str(today), date_to=str(today)).json["items"]
    yesterday = str(today - timedelta(days=1))
    assert search(date_from=yesterday, date_to=yesterday).json["items"] == []
    # Paged: one entry a page, every entry once.
    seen, cursor = [], None
    while True:
        page = search(action="candidate.", limit="1", **({"cursor": cursor} if cursor else {}))
        seen += [e["id"] for e in page.json["items"]]
        cursor = page.json["cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 3


def test_a_bad_date_range_or_cursor_is_refused_with_a_reason(hr):
    backwards = hr.get(
        "/api/audit/search", "hq.admin", query={"date_from": "2026-05-02", "date_to": "2026-05-01"}
    )
    assert backwards.status == 422 and backwards.json["errors"][0]["field"] == "date_from"
    too_long = hr.get(
        "/api/audit/search", "hq.admin", query={"date_from": "2020-01-01", "date_to": "2026-01-01"}
    )
    assert too_long.status == 422
    far = hr.get("/api/audit/search", "hq.admin", query={"date_to": "9999-12-31"})
    assert far.status == 422
    assert hr.get("/api/audit/search", "hq.admin", query={"cursor": "bm9wZQ"}).status == 400


def test_branch_hr_searches_only_its_own_branch(hr):
    new_candidate(hr, name="王芳", phone="13900000001", email="w1@example.com")
    assert hr.get("/api/audit/search", "shenzhen.hr").json["items"] == []
    refused = hr.get("/api/audit/search", "shenzhen.hr", query={"branch_id": "shanghai"})
    assert refused.status == 403
    assert hr.get("/api/audit/search", "shanghai.interviewer").status == 403


# ------------------------------------------------------------------ the review file (PDF)
def _scored_round(candidate_id: str) -> None:
    """A round-1 report and AI scores as the scoring pipeline stores them."""
    report = InterviewReport(
        candidate_id=candidate_id,
        round=1,
        position_id="shanghai-customer-service",
        template_id="customer-facing",
        template_version=1,
        language="zh",
        created_at=now().isoformat(),
        overall=72.4,
        dimensions=[
            {"key": "communication", "weight": 0.35, "score": 81, "formula": "f", "evidence": []},
            {"key": "problem_solving", "weight": 0.35, "score": 55, "formula": "f", "evidence": []},
            {"key": "teamwork", "weight": 0.3, "score": 80, "formula": "f", "evidence": []},
        ],
        suggestion="recommend second round; probe problem solving (55)",
        integrity_flags=[{"question_id": "intro", "flag": "the picture is blurry (sharpness 12)"}],
        key_moments={},
        missing_rubric={},
        percentile=None,
        compared_with=0,
        answers=[],
        models={"speech": "whisper-base"},
    )
    boto3.client("s3", region_name=settings().region).put_object(
        Bucket=settings().media_bucket,
        Key=report_key(candidate_id, 1, "json"),
        Body=report.model_dump_json().encode(),
    )
    ScoringRepository().store_ai_scores(
        AiDimensionScores(
            candidate_id=candidate_id,
            round=1,
            dimensions={"communication": 81, "problem_solving": 55, "teamwork": 80},
            overall=72.4,
            position_id="shanghai-customer-service",
        )
    )
    Repository(Scorecard).put(
        Scorecard(
            candidate_id=candidate_id,
            round=1,
            reviewer_id="u-1",
            reviewer="shanghai.manager",
            role="hiring_manager",
            scores={"communication": 90, "problem_solving": 20, "teamwork": 70},
            comment="表达清楚，解决问题的思路还需要加强。",
        )
    )


def pdf_text(pdf: bytes) -> str:
    """The PDF's text as a reader copies it, whitespace removed (pypdf reads the
    embedded CID encoding of the CFF font with a NUL before each character: dropped)."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return "".join("".join(page.extract_text().replace("\x00", "").split()) for page in pages)


def test_the_review_file_is_a_chinese_pdf_with_the_report_and_the_reviews(hr):
    candidate, _ = invited(hr, "陈静")
    _scored_round(candidate["id"])
    reply = hr.get(f"/api/candidates/{candidate['id']}/report.pdf", "shanghai.hr")
    assert reply.status == 200, reply
    assert reply.headers["Content-Type"] == "application/pdf"
    assert reply.raw.startswith(b"%PDF-")
    text = pdf_text(reply.raw)
    for expected in (
        "候选人评审材料",
        "陈静",
        "客户服务专员",
        "AI总分:72/100",
        "建议进入复试",
        "重点考察problemsolving（55分）",
        "画面模糊",
        "沟通",
        "shanghai.manager",
        "表达清楚，解决问题的思路还需要加强。",
        "AI与人工评分差异较大",
    ):
        assert expected in text, expected
    # Embedded and subset: the font is in the file, but only the glyphs it uses.
    reader = PdfReader(io.BytesIO(reply.raw))
    fonts = [f["/BaseFont"] for f in reader.pages[0]["/Resources"]["/Font"].get_object().values()]
    assert any("+NotoSansSC" in str(name) for name in fonts), fonts  # subset tag "ABCDEF+"
    assert len(reply.raw) < 120_000, len(reply.raw)
    english = pdf_text(
        hr.get(
            f"/api/candidates/{candidate['id']}/report.pdf", "shanghai.hr", query={"lang": "en"}
        ).raw
    )
    assert "Candidatereviewfile" in english and "recommendsecondround" in english
    audit = hr.get("/api/audit/search", "hq.admin", query={"candidate_id": candidate["id"]}).json[
        "items"
    ]
    assert audit[0]["action"] == "read.review_file"
    assert audit[0]["actor"] == "shanghai.hr"


def test_no_review_file_before_an_interview_or_outside_the_branch(hr):
    fresh = new_candidate(hr).json
    before = hr.get(f"/api/candidates/{fresh['id']}/report.pdf", "shanghai.hr")
    assert before.status == 404 and "nothing to print" in before.json["message"]
    candidate, _ = invited(hr, "陈静")
    assert hr.get(f"/api/candidates/{candidate['id']}/report.pdf", "shenzhen.hr").status == 404
    bad = hr.get(
        f"/api/candidates/{candidate['id']}/report.pdf", "shanghai.hr", query={"lang": "fr"}
    )
    assert bad.status == 422

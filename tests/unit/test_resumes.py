"""Résumé intake: HR's and the candidate's uploads, the S3 event's reading (with a fake
parser: parsing itself is resume_parsing's, tested there), corrections, and the résumés
an import brings from an archive or a link."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from dataclasses import replace

import pytest

from hireflow.bootstrap import services
from hireflow.platform import aws, outbound
from hireflow.platform.errors import Conflict
from hireflow.platform.settings import settings
from hireflow.recruiting.model import (
    MAX_RESUME_BYTES,
    Claim,
    Education,
    ParsedResume,
    ResumeFields,
    Span,
    resume_key,
)
from hireflow.recruiting.resume_parsing import ResumeRefused
from hireflow.recruiting.resumes import ResumeUploadRequest
from hireflow.recruiting.status import CandidateStatus
from tests.support import api_event, template_function
from tests.support.builders import invited, new_candidate
from tests.workbooks import workbook

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
TEXT = "李雷\n复旦大学 本科 2015-2019\n技能：Python，Excel"


def fake_parse(skills: list[str]):
    """A parser reading ``skills`` from any PDF, with the spans a real one gives."""

    def parse(data: bytes, fmt: str) -> ParsedResume:
        claims = [
            Claim(
                key=s.lower(),
                text=s,
                span=Span(start=TEXT.find(s), end=TEXT.find(s) + len(s), page=1, text=s),
            )
            for s in skills
        ]
        school = Education(
            school="复旦大学",
            degree="本科",
            level="bachelor",
            start_year=2015,
            end_year=2019,
            span=Span(start=3, end=7, page=1, text="复旦大学"),
        )
        return ParsedResume(
            text=TEXT,
            pages=1,
            method="text",
            language="zh",
            fields=ResumeFields(education=[school], skills=claims),
        )

    return parse


def refusing(data: bytes, fmt: str) -> ParsedResume:
    raise ResumeRefused("resume_encrypted", "the PDF is encrypted")


def intake(parser=None):
    return replace(services().resumes, parser=parser or fake_parse(["Python"]))


def put(key: str, body: bytes) -> dict:
    return aws.client("s3").put_object(Bucket=settings().media_bucket, Key=key, Body=body)


def versions(key: str) -> list[str]:
    listed = aws.client("s3").list_object_versions(Bucket=settings().media_bucket, Prefix=key)
    return [v["VersionId"] for v in listed.get("Versions", []) if v["Key"] == key]


def granted(hr, candidate_id: str, content_type: str = "application/pdf", user="shanghai.hr"):
    return hr.post(
        f"/api/candidates/{candidate_id}/resume/upload",
        user,
        {"file_name": "李雷的简历.pdf", "content_type": content_type},
    )


def uploaded(hr, candidate_id: str, body: bytes = PDF, parser=None):
    """HR's upload, its file put where the grant says, and S3's event handled."""
    grant = granted(hr, candidate_id).json
    stored = put(grant["key"], body)
    return grant, intake(parser).received(grant["key"], stored["VersionId"], stored["ETag"])


def test_hr_upload_grant_is_scoped_to_one_key_type_and_size(hr):
    candidate = new_candidate(hr).json
    reply = granted(hr, candidate["id"])
    assert reply.status == 200, reply
    grant = reply.json
    assert grant["key"] == resume_key(candidate["id"], grant["upload_id"], "pdf")
    assert grant["fields"]["Content-Type"] == "application/pdf"
    assert grant["max_bytes"] == MAX_RESUME_BYTES and grant["expires_in"] == 600
    policy = json.loads(base64.b64decode(grant["fields"]["policy"]))
    conditions = policy["conditions"]
    assert {"key": grant["key"]} in conditions
    assert {"Content-Type": "application/pdf"} in conditions
    assert ["content-length-range", 1, MAX_RESUME_BYTES] in conditions
    shown = hr.get(f"/api/candidates/{candidate['id']}/resume", "shanghai.hr").json
    assert shown["status"] == "waiting" and shown["origin"] == "hr"
    assert shown["file_name"] == "李雷的简历.pdf" and shown["download_url"] is None

    refused = granted(hr, candidate["id"], "text/plain")
    assert refused.status == 415 and refused.json["code"] == "resume_type_not_accepted"
    # A reviewer reads the candidate but may not upload.
    hr.post(
        f"/api/candidates/{candidate['id']}/assign",
        "shanghai.hr",
        {"hiring_manager_id": hr.user_id("shanghai.manager")},
    )
    assert granted(hr, candidate["id"], user="shanghai.manager").status == 403


def test_received_file_is_parsed_with_spans_once(hr):
    candidate = new_candidate(hr).json
    grant, resume = uploaded(hr, candidate["id"])
    assert resume.status == "parsed" and resume.method == "text" and resume.pages == 1
    again = intake().received(grant["key"], resume.file_version, None)
    assert again.revision == resume.revision  # the same event twice changes nothing
    shown = hr.get(f"/api/candidates/{candidate['id']}/resume", "shanghai.hr").json
    assert shown["fields"]["skills"][0]["text"] == "Python"
    assert shown["fields"]["skills"][0]["span"]["text"] == "Python"
    assert shown["fields"]["education"][0]["school"] == "复旦大学"
    assert "X-Amz-Expires=60" in shown["download_url"]
    assert "attachment" in shown["download_url"]
    assert "text" not in shown  # the whole text stays inside
    trail = hr.get("/api/audit", "hq.admin", query={"candidate_id": candidate["id"]}).json
    assert "read.resume" in {e["action"] for e in trail["items"]}


@pytest.mark.parametrize(
    ("body", "parser", "code"),
    [
        (PDF, refusing, "resume_encrypted"),  # the parser says why
        (PNG, None, "resume_type_mismatch"),  # declared a PDF, is a PNG
    ],
    ids=["the_parser_refuses", "a_png_declared_as_pdf"],
)
def test_refused_file_is_deleted_with_its_reason(hr, body, parser, code):
    candidate = new_candidate(hr).json
    grant, resume = uploaded(hr, candidate["id"], body, parser)
    assert resume.status == "refused" and resume.status_code == code
    assert versions(grant["key"]) == []
    shown = hr.get(f"/api/candidates/{candidate['id']}/resume", "shanghai.hr").json
    assert shown["status_code"] == code and shown["download_url"] is None


def test_corrections_survive_a_reparse_and_need_the_current_revision(hr):
    candidate = new_candidate(hr).json
    path = f"/api/candidates/{candidate['id']}/resume"
    grant, resume = uploaded(hr, candidate["id"])
    body = {"items": [{"text": "Python"}, {"text": "SQL", "level": "熟练"}], "revision": 99}
    assert hr.put(f"{path}/skills", "shanghai.hr", body).status == 409
    body["revision"] = resume.revision
    corrected = hr.put(f"{path}/skills", "shanghai.hr", body)
    assert corrected.status == 200, corrected
    assert [s["key"] for s in corrected.json["fields"]["skills"]] == ["python", "sql"]
    assert corrected.json["corrections"][0]["before"][0]["text"] == "Python"
    assert corrected.json["corrections"][0]["by"] == "shanghai.hr"
    bad = hr.put(
        f"{path}/education", "shanghai.hr", {"items": [{"start_year": "x"}], "revision": 0}
    )
    assert bad.status in (409, 422)
    job = {"employer": "携程", "title": "客服", "start": "2019-07", "end": "2021-06", "months": 99}
    body = {"items": [job], "revision": corrected.json["revision"]}
    experience = hr.put(f"{path}/experience", "shanghai.hr", body).json["fields"]["experience"]
    assert experience[0]["months"] == 24  # from the dates HR gave, not as sent
    # The same upload read again (a new version of its key): HR's sections stay.
    stored = put(grant["key"], PDF + b"%")
    reread = intake(fake_parse(["Excel"])).received(grant["key"], stored["VersionId"])
    assert [s.text for s in reread.parsed.skills] == ["Excel"]
    assert [s.text for s in reread.fields.skills] == ["Python", "SQL"]
    assert reread.fields.experience[0].employer == "携程"
    assert reread.fields.education[0].school == "复旦大学"  # not corrected: the new reading
    assert hr.put(f"{path}/skills", "shanghai.manager", body).status in (403, 404)


def test_an_older_uploads_event_changes_nothing(hr):
    candidate = new_candidate(hr).json
    first = granted(hr, candidate["id"]).json
    second = granted(hr, candidate["id"]).json
    stored = put(first["key"], PDF)
    assert intake().received(first["key"], stored["VersionId"]) is None
    shown = hr.get(f"/api/candidates/{candidate['id']}/resume", "shanghai.hr").json
    assert shown["status"] == "waiting" and shown["upload_id"] == second["upload_id"]


def portal_call(method, path, body=None, session=None):
    headers = {"X-Interview-Session": session} if session else {}
    event = api_event(method, path, None, body, headers=headers, source_ip="198.51.100.7")
    result, error = template_function("CandidateApiFunction").invoke(event, "us-east-1")
    assert error is None, result
    return result["statusCode"], json.loads(result["body"]) if result["body"] else None


def test_the_candidate_uploads_in_the_portal_only_with_a_session(hr):
    candidate, token = invited(hr, "Li Lei", "13800138000")
    path = f"/api/interview/{token}/resume/upload"
    request = {"file_name": "cv.jpg", "content_type": "image/jpeg"}
    assert portal_call("POST", path, request)[0] == 401
    _, verified = portal_call(
        "POST", f"/api/interview/{token}/verify", {"phone": "13800138000", "consent": True}
    )
    assert portal_call("GET", f"/api/interview/{token}/resume", session=verified["session"]) == (
        200,
        None,
    )
    status, grant = portal_call("POST", path, request, verified["session"])
    assert status == 200 and grant["key"].endswith(".jpg")
    status, shown = portal_call(
        "GET", f"/api/interview/{token}/resume", session=verified["session"]
    )
    assert status == 200 and shown["status"] == "waiting" and "fields" not in shown
    assert hr.get(f"/api/candidates/{candidate['id']}/resume", "shanghai.hr").json["origin"] == (
        "candidate"
    )
    # After the interview (or once HR has a résumé) the portal takes none.
    done = (
        services()
        .candidates.candidates.get(candidate["id"])
        .model_copy(update={"status": CandidateStatus.COMPLETED})
    )
    upload = ResumeUploadRequest(file_name="cv.pdf", content_type="application/pdf")
    with pytest.raises(Conflict) as refused:
        services().resumes.candidate_grant(done, upload)
    assert refused.value.code == "resume_interview_over"


def test_import_takes_resumes_from_the_archive_and_warns_for_the_rest(hr, monkeypatch):
    def no_dns(host, port):
        raise OSError("no such host")

    monkeypatch.setattr(outbound, "_system_resolve", no_dns)
    grant = hr.post("/api/candidates/import/resume-archive", "shanghai.hr").json
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("简历/李雷.pdf", PDF)
        archive.writestr("../evil.pdf", PDF)
        archive.writestr("bomb.pdf", b"\0" * 2_000_000)
    put(grant["key"], packed.getvalue())
    rows = [
        ["姓名", "手机", "邮箱", "应聘岗位", "简历"],
        ["李雷", 13800138101, "a@example.com", "客户服务专员", "李雷.pdf"],
        ["韩梅梅", 13800138102, "b@example.com", "客户服务专员", "../evil.pdf"],
        [
            "王芳",
            13800138103,
            "c@example.com",
            "客户服务专员",
            "https://files.example.com/cv/hmm.pdf",
        ],
        ["赵强", 13800138104, "d@example.com", "客户服务专员", "bomb.pdf"],
        ["钱多", 13800138105, "e@example.com", "客户服务专员", "missing.pdf"],
    ]
    started = hr.post(
        "/api/candidates/import",
        "shanghai.hr",
        binary=workbook(rows),
        headers={"Content-Type": "application/octet-stream"},
        query={"resume_archive": grant["archive_id"]},
    )
    assert started.status == 202, started
    hr.transport.imported(started.json["id"])
    progress = hr.get(f"/api/candidates/import/{started.json['id']}", "shanghai.hr").json
    assert len(progress["created"]) == 5  # no résumé problem fails a row
    assert {(w["row"], w["code"]) for w in progress["warnings"]} == {
        (3, "resume_name_unsafe"),
        (4, "resume_link_failed"),
        (5, "resume_archive_bomb"),
        (6, "resume_not_in_archive"),
    }
    first = next(r for r in progress["created"] if r["row"] == 2)
    resume = services().resumes.resumes.get(first["id"])
    assert resume.origin == "import" and resume.file_name == "李雷.pdf"
    body = aws.client("s3").get_object(Bucket=settings().media_bucket, Key=resume.file_key)
    assert body["Body"].read() == PDF
    other = hr.post(
        "/api/candidates/import",
        "shenzhen.hr",
        binary=workbook(rows[:2]),
        headers={"Content-Type": "application/octet-stream"},
        query={"resume_archive": grant["archive_id"]},
    )
    assert other.status == 404  # another branch's archive is not there for Shenzhen

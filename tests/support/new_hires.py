"""Builders for the new hire's portal: an employee with an onboarding plan (as hiring and
the onboarding start would leave them), the link the welcome sends, the portal's API as
the browser calls it, and small real files to upload (PDF, PNG; JPEG from the fixtures)."""

from __future__ import annotations

import itertools
import json
import re
import struct
import zlib
from datetime import date, timedelta
from typing import Any

from hireflow.bootstrap import services
from hireflow.onboarding.model import (
    DocumentType,
    OnboardingDocument,
    OnboardingPlan,
    OnboardingTemplate,
    TaskKind,
    TaskOwner,
    TemplateTask,
    plan_tasks,
)
from hireflow.onboarding.portal import PhoneNumber
from hireflow.onboarding.uploads import UploadRequest
from hireflow.people.model import Employee
from hireflow.platform import aws
from hireflow.platform.contact import normalize_phone
from hireflow.platform.ids import new_id
from hireflow.platform.store import Repository
from tests.support import ROOT, api_event, template_function

SHANGHAI_POSITION = "shanghai-customer-service"
JPEG_FILE = ROOT / "tests" / "fixtures" / "media" / "obama.jpg"
_LINK = re.compile(r"https?://\S+/onboarding/#([\w-]+)")
_numbers = itertools.count(1)

TEMPLATE = OnboardingTemplate(
    name="Customer service",
    tasks=[
        TemplateTask(
            key="id-card",
            title="A copy of your ID card",
            title_zh="身份证复印件",
            kind=TaskKind.DOCUMENT,
            owner=TaskOwner.NEW_HIRE,
            due_offset_days=-3,
            document_type=DocumentType.ID_CARD,
        ),
        TemplateTask(
            key="diploma",
            title="Your diploma",
            title_zh="毕业证书",
            kind=TaskKind.DOCUMENT,
            owner=TaskOwner.NEW_HIRE,
            due_offset_days=-3,
            document_type=DocumentType.DIPLOMA,
        ),
        TemplateTask(
            key="laptop",
            title="Prepare the laptop",
            kind=TaskKind.EQUIPMENT,
            owner=TaskOwner.IT,
            due_offset_days=-1,
        ),
    ],
    what_to_bring=["ID card", "bank card", "two photos"],
    what_to_bring_zh=["身份证", "银行卡", "两张照片"],
    notice="Welcome to the team! Come to the front desk at 9:00.",
    notice_zh="欢迎加入！请于 9:00 到前台报到。",
)


def hired(
    name: str = "王芳",
    phone: str = "13800138000",
    *,
    locale: str = "zh",
    branch_id: str = "shanghai",
    start_date: date | None = None,
) -> tuple[Employee, OnboardingPlan]:
    """An employee (as an accepted offer makes one) and its plan from TEMPLATE (as the
    onboarding start makes it), stored."""
    n = next(_numbers)
    start = start_date or date.today() + timedelta(days=14)
    employee = Employee(
        number=f"E2026{n:05d}",
        candidate_id=new_id(),
        name=name,
        email=f"new.hire.{n}@example.com",
        phone=normalize_phone(phone),
        locale=locale,
        branch_id=branch_id,
        department="Customer Service",
        position_id=SHANGHAI_POSITION,
        position_title="Customer Service Associate",
        start_date=start,
        work_location="上海市浦东新区世纪大道 100 号 12 楼",
        offer_id=new_id(),
        baseline_round=1,
    )
    Repository(Employee).create(employee)
    plan = OnboardingPlan(
        employee_id=employee.id,
        branch_id=branch_id,
        position_id=employee.position_id,
        department=employee.department,
        template_id=TEMPLATE.id,
        template_version=TEMPLATE.version,
        start_date=start,
        tasks=plan_tasks(TEMPLATE, start),
    )
    return employee, Repository(OnboardingPlan).create(plan)


def links_sent(outbox: list[dict[str, Any]], to: str) -> list[str]:
    """The tokens of the onboarding links sent to ``to`` (e-mail or SMS), oldest first."""
    return [
        m.group(1)
        for message in outbox
        if to in message["to"]
        for m in _LINK.finditer(message["body"])
    ]


def welcomed(client: Any, **changes: Any) -> tuple[Employee, OnboardingPlan, str]:
    """An employee welcomed to the portal: (employee, plan, the e-mailed link's token)."""
    employee, plan = hired(**changes)
    assert services().new_hire_portal.welcome(employee, plan, TEMPLATE)
    return employee, plan, links_sent(client.outbox(employee.email), employee.email)[-1]


class NewHirePage:
    """The portal's API as the new hire's browser calls it (the candidate function's real
    handler; public routes, no authorizer)."""

    def __init__(self, token: str, source: str = "198.51.100.9") -> None:
        self.function = template_function("CandidateApiFunction")
        self.token, self.source, self.session = token, source, ""

    def call(self, method: str, path: str = "", body: Any = None) -> tuple[int, Any]:
        headers = {"X-New-Hire-Session": self.session} if self.session else {}
        event = api_event(
            method,
            f"/api/new-hire/{self.token}{path}",
            None,
            body,
            headers=headers,
            source_ip=self.source,
        )
        result, error = self.function.invoke(event, "us-east-1")
        assert error is None, result
        return result["statusCode"], json.loads(result["body"]) if result["body"] else None

    def verify(self, phone: str = "13800138000") -> NewHirePage:
        status, body = self.call("POST", "/verify", {"phone": phone})
        assert status == 200, body
        self.session = body["session"]
        return self

    def grant(self, task_id: str, content_type: str, size: int) -> tuple[int, Any]:
        body = {"content_type": content_type, "size": size}
        return self.call("POST", f"/documents/{task_id}/upload", body)

    def item(self, task_id: str) -> dict[str, Any]:
        status, items = self.call("GET", "/checklist")
        assert status == 200, items
        return next(i for i in items if i["id"] == task_id)


# ------------------------------------------------------------------ files to upload


def pdf(*extra_catalog: bytes) -> bytes:
    """A one-page PDF with its cross-reference table (``extra_catalog``: more entries of
    its catalog, e.g. an open action)."""
    content = b"BT /F1 18 Tf 20 50 Td (ID card copy) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + b" ".join(extra_catalog) + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 240 100] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def png(width: int = 4, height: int = 3) -> bytes:
    """An RGB picture, every chunk with its CRC."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    rows = b"".join(b"\x00" + b"\xc8\x10\x10" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def jpeg() -> bytes:
    """A real photograph (tests/fixtures/media)."""
    return JPEG_FILE.read_bytes()


def received_document(client: Any, **changes: Any) -> tuple[Employee, OnboardingDocument]:
    """A welcomed new hire whose ID card copy (a PDF) passed the checks and waits for HR:
    the portal's services called as its routes would, the object put where the grant
    says, the checks run as S3's event would run them."""
    employee, _, token = welcomed(client, **changes)
    portal, uploads = services().new_hire_portal, services().document_uploads
    session = portal.verify(token, PhoneNumber(phone=employee.phone), "192.0.2.1").session
    body = pdf()
    grant = uploads.grant(
        token, session, "id-card", UploadRequest(content_type="application/pdf", size=len(body))
    )
    settings = services().settings
    aws.client("s3").put_object(Bucket=settings.media_bucket, Key=grant.key, Body=body)
    assert services().document_checks.received(grant.key)
    document = portal.new_hires.document(employee.id, grant.document_id)
    assert document is not None
    return employee, document

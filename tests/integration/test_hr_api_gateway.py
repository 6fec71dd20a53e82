"""The HR API end to end on the local cloud: Cognito token -> gateway -> function ->
DynamoDB, with binary Excel bodies both ways."""

from __future__ import annotations

import io

import requests
from openpyxl import load_workbook

from tests.workbooks import messy_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_a_messy_workbook_imports_in_the_background_through_the_gateway(hr):
    template = hr.get("/api/candidates/import-template", "shanghai.hr")
    assert template.status == 200
    assert template.headers["Content-Type"] == XLSX
    assert load_workbook(io.BytesIO(template.raw)).worksheets[0]["A1"].value == "姓名/name"

    # Upload -> 202 -> the file in S3 -> its event runs the import function -> done.
    reply = hr.import_workbook("shanghai.hr", messy_workbook())
    assert reply.status == 200, reply.text
    result = reply.json
    assert (result["status"], result["done"], result["total"]) == ("done", 8, 8)
    stored = hr.cloud.client("s3").list_objects_v2(
        Bucket=hr.cloud.physical_id("MediaBucket"), Prefix=f"imports/shanghai/{result['id']}"
    )
    assert [o["Key"] for o in stored["Contents"]] == [f"imports/shanghai/{result['id']}.xlsx"]
    assert [row["row"] for row in result["created"]] == [3, 4, 5]
    assert [(d["row"], d["field"]) for d in result["duplicates"]] == [(9, "phone")]
    assert sorted({e["row"] for e in result["errors"]}) == [6, 7, 8, 10]

    listed = hr.get("/api/candidates", "shanghai.hr", query={"q": "韩梅梅"}).json["items"]
    assert [(c["name"], c["phone"], c["email"]) for c in listed] == [
        ("韩梅梅", "+8613900139002", "han.mm@example.com")
    ]
    # Shenzhen's HR cannot see them, by list or by id.
    assert hr.get("/api/candidates", "shenzhen.hr").json["items"] == []
    by_id = hr.get(f"/api/candidates/{listed[0]['id']}", "shenzhen.hr")
    assert by_id.status == 404


def test_openapi_document_and_offline_swagger_ui(cloud):
    schema = requests.get(f"{cloud.url}/api/openapi.json", timeout=10).json()
    assert schema["info"]["title"] == "hireflow HR API"
    assert {"/api/candidates", "/api/candidates/import", "/api/templates/{template_id}"} <= set(
        schema["paths"]
    )
    page = requests.get(f"{cloud.url}/api/docs", timeout=10)
    assert page.status_code == 200 and "swagger-ui" in page.text
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "init.js"):
        assert requests.get(f"{cloud.url}/vendor/swagger-ui/{asset}", timeout=10).status_code == 200

"""The HR API end to end on the local cloud: Cognito token -> gateway -> function ->
DynamoDB, with binary Excel bodies both ways."""

from __future__ import annotations

import io

import requests
from openpyxl import load_workbook

from tests.integration.conftest import token_for
from tests.workbooks import messy_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_a_messy_workbook_imports_through_the_gateway(cloud, tokens):
    token = token_for(cloud, tokens, "shanghai.hr")
    template = requests.get(
        f"{cloud.url}/api/candidates/import-template", headers={"Authorization": token}, timeout=10
    )
    assert template.status_code == 200
    assert template.headers["Content-Type"] == XLSX
    assert load_workbook(io.BytesIO(template.content)).worksheets[0]["A1"].value == "姓名/name"

    reply = requests.post(
        f"{cloud.url}/api/candidates/import",
        data=messy_workbook(),
        headers={"Authorization": token, "Content-Type": XLSX},
        timeout=30,
    )
    assert reply.status_code == 200, reply.text
    result = reply.json()
    assert [row["row"] for row in result["created"]] == [3, 4, 5]
    assert [(d["row"], d["field"]) for d in result["duplicates"]] == [(9, "phone")]
    assert sorted({e["row"] for e in result["errors"]}) == [6, 7, 8, 10]

    listed = requests.get(
        f"{cloud.url}/api/candidates",
        params={"q": "韩梅梅"},
        headers={"Authorization": token},
        timeout=10,
    ).json()["items"]
    assert [(c["name"], c["phone"], c["email"]) for c in listed] == [
        ("韩梅梅", "+8613900139002", "han.mm@example.com")
    ]
    # Shenzhen's HR cannot see them, by list or by id.
    other = token_for(cloud, tokens, "shenzhen.hr")
    assert (
        requests.get(
            f"{cloud.url}/api/candidates", headers={"Authorization": other}, timeout=10
        ).json()["items"]
        == []
    )
    by_id = requests.get(
        f"{cloud.url}/api/candidates/{listed[0]['id']}",
        headers={"Authorization": other},
        timeout=10,
    )
    assert by_id.status_code == 404


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

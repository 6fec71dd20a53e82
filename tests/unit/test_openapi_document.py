"""The OpenAPI document the HR API serves names every status a route answers with, each
error with the one error shape the API sends."""

from __future__ import annotations

from tests.support.builders import new_candidate
from tests.unit.test_import_worker import book


def test_every_operation_documents_its_errors_in_the_api_error_shape(hr):
    schema = hr.get("/api/openapi.json", "shanghai.hr").json
    error = schema["components"]["schemas"]["Error"]
    assert error["required"] == ["message"]
    operations = [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    ]
    assert len(operations) > 30
    for path, method, operation in operations:
        responses = operation["responses"]
        expected = {"400", "401", "403", "404", "422", "429"}
        if method in ("post", "put", "patch"):
            expected |= {"409", "413", "415"}
        assert expected <= set(responses), (method, path)
        for status in expected:
            content = responses[status]["content"]["application/json"]["schema"]
            assert content == {"$ref": "#/components/schemas/Error"}, (method, path, status)


def test_a_create_documents_and_answers_201(hr):
    schema = hr.get("/api/openapi.json", "shanghai.hr").json
    assert "201" in schema["paths"]["/api/candidates"]["post"]["responses"]
    assert "200" not in schema["paths"]["/api/candidates"]["post"]["responses"]
    assert new_candidate(hr).status == 201


def test_a_422_comes_back_in_the_documented_shape(hr):
    reply = hr.post("/api/candidates", "shanghai.hr", {"name": ""})
    assert reply.status == 422
    assert set(reply.json) == {"message", "code", "params", "errors"}
    assert reply.json["code"] == "invalid_request"
    assert all(set(e) == {"field", "message", "code", "params"} for e in reply.json["errors"])
    by_field = {e["field"]: e for e in reply.json["errors"]}
    assert by_field["name"]["code"] == "name_missing"  # the contact rules' own code
    assert by_field["phone"]["code"] == "missing"  # pydantic's


def test_the_error_shape_documents_code_and_params_for_the_error_and_each_field(hr):
    error = hr.get("/api/openapi.json", "shanghai.hr").json["components"]["schemas"]["Error"]
    assert {"message", "code", "params", "errors"} <= set(error["properties"])
    assert {"field", "message", "code", "params"} <= set(
        error["properties"]["errors"]["items"]["properties"]
    )


def test_the_docs_offer_an_authorize_button_for_the_id_token(hr):
    """Swagger UI shows Authorize when the document declares a security scheme that
    every operation uses: the Cognito ID token in the Authorization header."""
    schema = hr.get("/api/openapi.json", "shanghai.hr").json
    scheme = schema["components"]["securitySchemes"]["cognito"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "Authorization")
    assert schema["security"] == [{"cognito": []}]
    assert schema["paths"]["/api/health"]["get"]["security"] == []  # public


def test_a_domain_error_carries_its_code_and_params(hr):
    created = new_candidate(hr)
    decided = hr.post(
        f"/api/candidates/{created.json['id']}/decision", "shanghai.hr", {"decision": "offer"}
    )
    assert decided.status == 409
    assert decided.json["code"] == "nothing_to_decide"
    assert decided.json["params"] == {"status": "imported"}
    assert "nothing to decide" in decided.json["message"]  # English stays for API users


def test_started_background_work_documents_and_answers_202(hr):
    """The fuzzer cannot build a workbook, so it never sees the import's 202: checked here."""
    schema = hr.get("/api/openapi.json", "shanghai.hr").json
    for path in ("/api/candidates/import", "/api/candidates/{candidate_id}/invite"):
        responses = schema["paths"][path]["post"]["responses"]
        assert "202" in responses and "200" not in responses, path
    reply = hr.post(
        "/api/candidates/import",
        "shanghai.hr",
        binary=book(),
        headers={"Content-Type": "application/octet-stream"},
    )
    assert reply.status == 202

"""The HR API function's handler, called with the sample events in events/."""

import json

import pytest

from hireflow.organisation.model import Branch, OrganisationRepository, UserProfile
from hireflow.platform.store import Repository
from tests.support import sample_event, template_function

HR_API = template_function("HrApiFunction")


def call(event):
    result, error = HR_API.invoke(event, "us-east-1")
    assert error is None, result
    return result["statusCode"], json.loads(result["body"])


def test_health_needs_no_identity(table):
    assert call(sample_event("hr_api_health.json")) == (200, {"status": "ok"})


def test_me_returns_role_branch_and_profile(table):
    Repository(Branch).put(Branch(id="shanghai", name="Shanghai", name_zh="上海"))
    event = sample_event("hr_api_me.json")
    claims = event["requestContext"]["authorizer"]["claims"]
    Repository(UserProfile).put(
        UserProfile(
            user_id=claims["sub"],
            username="shanghai.hr",
            display_name="Shanghai HR",
            role="branch_hr",
            branch_id="shanghai",
        )
    )
    status, body = call(event)
    assert status == 200
    assert body["role"] == "branch_hr"
    assert body["branch_id"] == "shanghai" and body["branch_name"] == "Shanghai"
    assert body["display_name"] == "Shanghai HR" and body["is_hq"] is False
    assert OrganisationRepository().get_user(claims["sub"]) is not None


def test_me_without_identity_is_401(table):
    event = sample_event("hr_api_me.json")
    event["requestContext"]["authorizer"] = None
    assert call(event) == (401, {"message": "Unauthorized", "code": "unauthorized", "params": {}})


@pytest.mark.parametrize("groups", ["", "staff"])
def test_a_user_without_a_hireflow_role_is_403(table, groups):
    event = sample_event("hr_api_me.json")
    event["requestContext"]["authorizer"]["claims"]["cognito:groups"] = groups
    status, body = call(event)
    assert status == 403
    assert "role" in body["message"]


def test_unknown_route_is_404(table):
    event = sample_event("hr_api_me.json")
    event["path"] = "/api/nothing-here"
    assert call(event)[0] == 404

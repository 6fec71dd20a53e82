"""The spine on the embedded local cloud: Cognito sign-in, the gateway's authorizer,
the HR API, a state machine running a real handler, and the outbox."""

from __future__ import annotations

import base64
import json
import time

import jwt
import pytest
import requests

from hireflow.platform.store import Repository
from hireflow.recruiting.model import Candidate, CandidateRepository
from infra.localcloud import demo
from tests.conftest import token_for


def get(cloud, path, token=None, **kwargs):
    headers = {"Authorization": token} if token else {}
    return requests.get(cloud.url + path, headers=headers, timeout=10, **kwargs)


def test_health_is_public(cloud):
    response = get(cloud, "/api/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_shanghai_hr_signs_in_through_cognito_and_sees_itself(cloud, tokens):
    response = get(cloud, "/api/me", token_for(cloud, tokens, "shanghai.hr"))
    assert response.status_code == 200
    me = response.json()
    assert me["username"] == "shanghai.hr"
    assert me["role"] == "branch_hr"
    assert me["branch_id"] == "shanghai" and me["branch_name"] == "Shanghai"
    assert me["is_hq"] is False


@pytest.mark.parametrize("account", demo.ACCOUNTS, ids=lambda a: a.username)
def test_every_demo_account_has_its_role_and_branch(cloud, tokens, account):
    me = get(cloud, "/api/me", token_for(cloud, tokens, account.username)).json()
    assert (me["role"], me["branch_id"]) == (account.role.value, account.branch_id)


def test_a_bearer_prefix_is_accepted_too(cloud, tokens):
    token = token_for(cloud, tokens, "hq.hr")
    assert get(cloud, "/api/me", f"Bearer {token}").json()["is_hq"] is True


def test_missing_forged_or_wrong_kind_of_token_is_401(cloud, tokens):
    assert get(cloud, "/api/me").status_code == 401
    good = token_for(cloud, tokens, "shanghai.hr")
    header, payload, signature = good.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["custom:branch_id"] = "shenzhen"  # a user trying to move branch
    forged_payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    forged = get(cloud, "/api/me", f"{header}.{forged_payload}.{signature}")
    assert forged.status_code == 401
    assert forged.json() == {"message": "Unauthorized"}
    self_signed = jwt.encode({**claims, "exp": int(time.time()) + 60}, "s" * 32, algorithm="HS256")
    assert get(cloud, "/api/me", self_signed).status_code == 401
    access = cloud.client("cognito-idp").initiate_auth(
        ClientId=cloud.resources.user_pool_client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "shanghai.hr", "PASSWORD": cloud.demo_password},
    )["AuthenticationResult"]["AccessToken"]
    assert get(cloud, "/api/me", access).status_code == 401


def test_wrong_password_is_refused_by_cognito(cloud):
    with pytest.raises(Exception, match="NotAuthorized"):
        cloud.sign_in("shanghai.hr", "not-the-password-1")


def test_unknown_routes_are_404_without_a_stack_trace(cloud, tokens):
    token = token_for(cloud, tokens, "hq.admin")
    response = get(cloud, "/api/no-such-thing", token)
    assert response.status_code == 404
    assert response.json() == {"message": "Not Found", "code": "no_such_route", "params": {}}
    assert get(cloud, "/no-such-page.html").status_code == 404
    assert get(cloud, "/../pyproject.toml").status_code == 404


def test_oversized_bodies_are_413(cloud, tokens):
    response = requests.post(
        cloud.url + "/api/me",
        data=b"x" * (10 * 1024 * 1024 + 1),
        headers={"Authorization": token_for(cloud, tokens, "hq.hr")},
        timeout=30,
    )
    assert response.status_code == 413
    assert response.json() == {"message": "Request Too Long"}


def test_browser_config_and_web_pages_are_served(cloud):
    config = get(cloud, "/config.json").json()
    assert config["userPoolId"] == cloud.resources.user_pool_id
    assert config["userPoolClientId"] == cloud.resources.user_pool_client_id
    assert config["cognitoEndpoint"] == cloud.aws_endpoint
    page = get(cloud, "/")
    assert page.status_code == 200 and '<script type="module" src="/hr/app.js">' in page.text
    for script in ("/shared/auth.js", "/hr/app.js", "/hr/views/candidate.js"):
        assert get(cloud, script).headers["Content-Type"].startswith("text/javascript")


def test_state_machine_task_runs_the_real_handler_and_writes_dynamodb(cloud):
    candidates = CandidateRepository()
    candidate = Repository(Candidate).create(
        Candidate(
            name="Han Meimei",
            phone=f"+8613900{time.time_ns() % 1000000:06d}",
            email=f"han.{time.time_ns()}@example.com",
            branch_id="shanghai",
            position_id="shanghai-customer-service",
        )
    )
    sfn = cloud.client("stepfunctions")
    execution = sfn.start_execution(
        stateMachineArn=cloud.physical_id("CandidateLifecycleStateMachine"),
        name=candidate.id,
        input=json.dumps(
            {
                "candidate_id": candidate.id,
                "deadline": "2099-01-01T00:00:00+00:00",
                "interview_timeout_seconds": 3600,
                "scoring_timeout_seconds": 3600,
                "review_timeout_seconds": 3600,
            }
        ),
    )["executionArn"]
    deadline = time.monotonic() + 30
    while (stored := candidates.get(candidate.id)).status.value != "invited":
        assert time.monotonic() < deadline, "the invitation task did not run"
        time.sleep(0.1)
    assert stored.execution_arn == execution
    assert sfn.describe_execution(executionArn=execution)["status"] == "RUNNING"  # awaits
    sfn.stop_execution(executionArn=execution)


def test_outbox_shows_sent_email_and_sms_with_clickable_links(cloud):
    ses = cloud.client("ses")
    ses.verify_email_identity(EmailAddress="noreply@hireflow.example")
    link = "http://127.0.0.1:8000/interview/#token-abc"
    ses.send_email(
        Source="noreply@hireflow.example",
        Destination={"ToAddresses": ["li.lei@example.com"]},
        Message={
            "Subject": {"Data": "Your interview / 您的面试"},
            "Body": {"Text": {"Data": f"Hello 李雷, start here: {link}"}},
        },
    )
    cloud.client("sns").publish(PhoneNumber="+8613800138000", Message=f"Interview: {link}")
    page = get(cloud, "/local/outbox")
    assert page.status_code == 200
    assert "Your interview / 您的面试" in page.text
    assert "li.lei@example.com" in page.text and "+8613800138000" in page.text
    assert page.text.count(f'<a href="{link}">') == 2
    messages = get(cloud, "/local/outbox.json").json()["messages"]
    assert {m["channel"] for m in messages} == {"email", "sms"}

"""One HR API client for every suite, over either transport:

- ``InProcess``: the HR API function's real handler called in this process with the event
  API Gateway would send for a Cognito user (unit tests, on moto's in-memory AWS);
- ``Http``: requests through the local cloud's gateway with the user's Cognito ID token
  (integration and browser tests).

Both give the same ``Reply``, so a test reads a reply the same way whichever suite it is in.
"""

from __future__ import annotations

import base64
import copy
import functools
import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

import jwt
import requests

from infra.localcloud.functions import LocalFunction
from tests.support import api_event, sample_event, template_function

if TYPE_CHECKING:
    from hireflow.identity.directory import CognitoDirectory
    from infra.localcloud.cloud import LocalCloud

REGION = "us-east-1"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Reply:
    """An HR API response: the status, the parsed JSON body (None unless the response is
    JSON), the raw body, and the API Gateway proxy result (statusCode, multiValueHeaders,
    body) it came from."""

    status: int
    json: Any
    raw: bytes
    result: dict[str, Any]

    @property
    def text(self) -> str:
        return self.raw.decode("utf-8", "replace")

    @property
    def headers(self) -> dict[str, str]:
        """The response headers, one value each."""
        multi = self.result.get("multiValueHeaders") or {}
        return {**(self.result.get("headers") or {}), **{k: v[-1] for k, v in multi.items()}}

    def __repr__(self) -> str:
        return f"Reply({self.status}, {self.json!r})"


class Transport(Protocol):
    """How a client reaches the HR API and the world behind it."""

    cloud: LocalCloud | None

    def claims(self, username: str) -> dict[str, str]:
        """The ID token claims Cognito gives ``username`` (``sub`` is the user id)."""
        ...

    def send(
        self,
        method: str,
        path: str,
        as_user: str | None,
        body: Any,
        query: dict[str, str] | None,
        headers: dict[str, str] | None,
        binary: bytes | None,
    ) -> Reply: ...

    def outbox(self) -> list[dict[str, Any]]:
        """Every e-mail and SMS sent so far: channel, to, subject, body, sender."""
        ...

    def invite(self, candidate_id: str, as_user: str, body: dict[str, Any]) -> None:
        """Start the candidate's invitation; returns once the candidate is invited."""
        ...

    def imported(self, import_id: str) -> None:
        """Returns once the import's worker has had its chance to run."""
        ...


class Client:
    """The HR API as a given user: ``hr.get("/api/candidates", "shanghai.hr")``."""

    def __init__(self, transport: Transport) -> None:
        self.transport = transport

    @property
    def cloud(self) -> LocalCloud | None:
        """The local cloud behind an HTTP client (None in-process)."""
        return self.transport.cloud

    def claims(self, username: str) -> dict[str, str]:
        return self.transport.claims(username)

    def user_id(self, username: str) -> str:
        return self.claims(username)["sub"]

    def call(
        self,
        method: str,
        path: str,
        as_user: str | None,
        body: Any = None,
        *,
        query: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        binary: bytes | None = None,
    ) -> Reply:
        return self.transport.send(method, path, as_user, body, query, headers, binary)

    def get(self, path: str, as_user: str | None, **kwargs: Any) -> Reply:
        return self.call("GET", path, as_user, **kwargs)

    def post(self, path: str, as_user: str | None, body: Any = None, **kwargs: Any) -> Reply:
        return self.call("POST", path, as_user, body, **kwargs)

    def patch(self, path: str, as_user: str | None, body: Any = None, **kwargs: Any) -> Reply:
        return self.call("PATCH", path, as_user, body, **kwargs)

    def put(self, path: str, as_user: str | None, body: Any = None, **kwargs: Any) -> Reply:
        return self.call("PUT", path, as_user, body, **kwargs)

    def candidate(self, candidate_id: str, as_user: str = "hq.hr") -> dict[str, Any]:
        """The candidate as the API shows it now."""
        reply = self.get(f"/api/candidates/{candidate_id}", as_user)
        assert reply.status == 200, reply
        return dict(reply.json)

    def outbox(self, to: str | None = None) -> list[dict[str, Any]]:
        """The e-mails and SMS sent so far (to ``to`` only, when given), oldest first."""
        return [m for m in self.transport.outbox() if to is None or to in m["to"]]

    def import_workbook(
        self, as_user: str, book: bytes, content_type: str = XLSX, seconds: float = 120
    ) -> Reply:
        """Upload a workbook as HR does and wait for the import to finish: the last
        progress reply (the per-row results), or the upload's refusal."""
        started = self.post(
            "/api/candidates/import", as_user, binary=book, headers={"Content-Type": content_type}
        )
        if started.status != 202:
            return started
        self.transport.imported(started.json["id"])
        deadline = time.monotonic() + seconds
        while True:
            progress = self.get(f"/api/candidates/import/{started.json['id']}", as_user)
            if progress.json["status"] in ("done", "failed") or time.monotonic() > deadline:
                return progress
            time.sleep(0.1)


class InProcess:
    """The HR API function's handler in this process, as API Gateway with the Cognito
    authorizer calls it; claims come from the user pool."""

    cloud = None

    def __init__(self, function: LocalFunction, directory: CognitoDirectory) -> None:
        self.function = function
        self.directory = directory
        self._claims: dict[str, dict[str, str]] = {}

    def claims(self, username: str) -> dict[str, str]:
        if username not in self._claims:
            cognito, pool = self.directory.cognito, self.directory.user_pool_id
            user = cognito.admin_get_user(UserPoolId=pool, Username=username)
            attributes = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
            groups = cognito.admin_list_groups_for_user(UserPoolId=pool, Username=username)
            self._claims[username] = {
                **attributes,
                "cognito:username": username,
                "cognito:groups": ",".join(g["GroupName"] for g in groups["Groups"]),
                "token_use": "id",
            }
        return self._claims[username]

    def send(
        self,
        method: str,
        path: str,
        as_user: str | None,
        body: Any,
        query: dict[str, str] | None,
        headers: dict[str, str] | None,
        binary: bytes | None,
    ) -> Reply:
        claims = self.claims(as_user) if as_user else None
        event = api_event(method, path, claims, body, query=query, headers=headers, binary=binary)
        result, error = self.function.invoke(event, REGION)
        assert error is None, result
        raw = result["body"] or ""
        if result.get("isBase64Encoded"):
            return Reply(result["statusCode"], None, base64.b64decode(raw), result)
        content_type = (result.get("multiValueHeaders") or {}).get("Content-Type", [""])[0]
        parsed = json.loads(raw) if raw and content_type.startswith("application/json") else None
        return Reply(result["statusCode"], parsed, raw.encode(), result)

    def outbox(self) -> list[dict[str, Any]]:
        from infra.localcloud.outbox import sent_messages

        return [m.__dict__ for m in sent_messages(REGION)]

    def invite(self, candidate_id: str, as_user: str, body: dict[str, Any]) -> None:
        """No state machine runs on plain moto: run its first task, as Step Functions would."""
        from hireflow.bootstrap import services

        deadline = body.get("deadline") or (datetime.now(UTC) + timedelta(days=3)).isoformat()
        services().workflow.run(
            {"task": "send_invitation", "candidate_id": candidate_id, "deadline": deadline}
        )

    def imported(self, import_id: str) -> None:
        """Plain moto delivers no S3 events to functions: run the import function with the
        event S3 would send for the uploaded file."""
        from hireflow.recruiting.model import ImportJobRepository

        job = ImportJobRepository().get(import_id)
        assert job is not None, import_id
        event = copy.deepcopy(sample_event("candidate_import_uploaded.json"))
        event["Records"][0]["s3"]["object"]["key"] = job.file_key
        worker = _import_function()
        result, error = worker.invoke(event, REGION)
        assert error is None, result


@functools.cache
def _import_function() -> LocalFunction:
    return template_function("CandidateImportFunction")


class Http:
    """HTTP through the local cloud's gateway, signed in through its Cognito; ID tokens are
    kept in ``tokens`` (shared by the session)."""

    def __init__(self, cloud: LocalCloud, tokens: dict[str, str], timeout: float = 30) -> None:
        self.cloud = cloud
        self.tokens = tokens
        self.timeout = timeout

    def token(self, username: str) -> str:
        if username not in self.tokens:
            self.tokens[username] = self.cloud.sign_in(username)
        return self.tokens[username]

    def claims(self, username: str) -> dict[str, str]:
        return dict(jwt.decode(self.token(username), options={"verify_signature": False}))

    def send(
        self,
        method: str,
        path: str,
        as_user: str | None,
        body: Any,
        query: dict[str, str] | None,
        headers: dict[str, str] | None,
        binary: bytes | None,
    ) -> Reply:
        sent_headers = {**({"Authorization": self.token(as_user)} if as_user else {})}
        sent_headers.update(headers or {})
        response = requests.request(
            method,
            f"{self.cloud.url}{path}",
            params=query,
            headers=sent_headers,
            **({"data": binary} if binary is not None else {"json": body}),
            timeout=self.timeout,
        )
        content_type = response.headers.get("Content-Type", "")
        parsed = (
            response.json()
            if response.content and content_type.startswith("application/json")
            else None
        )
        result = {
            "statusCode": response.status_code,
            "multiValueHeaders": {k: [v] for k, v in response.headers.items()},
            "body": response.text,
            "isBase64Encoded": False,
        }
        return Reply(response.status_code, parsed, response.content, result)

    def imported(self, import_id: str) -> None:
        """The local cloud delivers the upload's S3 event to the import function itself."""

    def outbox(self) -> list[dict[str, Any]]:
        reply = requests.get(f"{self.cloud.url}/local/outbox.json", timeout=10)
        return list(reply.json()["messages"])

    def invite(self, candidate_id: str, as_user: str, body: dict[str, Any]) -> None:
        """The API starts the lifecycle state machine; its first task sends the invitation."""
        from tests.support.builders import wait_for_status

        reply = Client(self).post(f"/api/candidates/{candidate_id}/invite", as_user, body)
        assert reply.status == 202, reply.text
        wait_for_status(Client(self), candidate_id, "invited")

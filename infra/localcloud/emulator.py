"""moto in server mode, with the seams that make it run hireflow's own code.

moto runs no Lambda code without Docker, delivers S3 notifications to Lambda through
that missing runtime, and has no Lambda targets for EventBridge rules. Three patches,
all routed to the in-process FunctionRegistry:
- the no-Docker Lambda backend's ``invoke`` and ``LambdaFunction._invoke_lambda``
  (API Invoke, Step Functions Tasks);
- S3 -> Lambda notifications, delivered asynchronously as S3 does;
- EventBridge rules whose targets are Lambda functions, also asynchronous;
and one check moto skips: browser uploads must satisfy their signed POST policy (and
the tags the form sets are applied).
One sign-in step moto skips: a pool whose MFA is ON asks a user with no authenticator to
set one up (MFA_SETUP) on USER_PASSWORD_AUTH, as Cognito does.
One speed fix: DynamoDB transactions keep an undo log of the items they touch instead of
deep-copying every table they write to (moto's rollback), so a write costs the same
however large the table grows.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import re
import threading
import time
import uuid
from typing import Any

import boto3
import requests
from moto.awslambda.models import LambdaFunction
from moto.awslambda_simple.models import LambdaSimpleBackend
from moto.cognitoidp.models import CognitoIdpBackend
from moto.dynamodb import models as dynamodb_models
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.models.table import Table
from moto.events.models import Rule
from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from moto.s3.responses import S3Response
from moto.server import ThreadedMotoServer
from werkzeug.serving import make_server

from infra.localcloud import s3_post_policy
from infra.localcloud.functions import Delivery, FunctionRegistry
from infra.localcloud.persistence import RequestGate

log = logging.getLogger("hireflow.localcloud")

_registry: FunctionRegistry | None = None


def _registry_or_fail() -> FunctionRegistry:
    if _registry is None:
        raise RuntimeError("the local cloud has no function registry")
    return _registry


_running: dict[threading.Thread, Delivery] = {}


def invoke_async(function: str, event: Any, request_id: str | None = None) -> None:
    """An asynchronous invocation of a function (name or ARN). The event is kept until the
    handler is done, so that a restart can deliver it again (``pending_invocations``)."""
    registry = _registry_or_fail()
    delivery = Delivery(function, event, request_id or str(uuid.uuid4()))

    def run() -> None:
        try:
            registry.invoke(function, event, delivery.request_id)
        except Exception:  # an async source: AWS would retry and then drop to a DLQ
            log.exception("asynchronous invocation of %s failed", function)
        finally:
            _running.pop(threading.current_thread(), None)

    thread = threading.Thread(target=run, name=f"invoke-{function}", daemon=True)
    _running[thread] = delivery
    thread.start()


def pending_invocations() -> list[Delivery]:
    """Asynchronous deliveries that have not finished."""
    return list(_running.values())


def deliver_again(invocations: list[Delivery]) -> None:
    """Deliver events that a stopped local cloud had not finished, as Lambda retries them:
    with the same request id (a snapshot from before request ids were kept gets new ones)."""
    for function, event, *request_id in invocations:
        invoke_async(function, event, *request_id)


def wait_for_invocations(seconds: float) -> bool:
    """Let asynchronous invocations finish; True when none is left. A process that exits
    while one still runs native code (the speech model's threads) is aborted by the C++
    runtime, so a quick stop leaves with os._exit."""
    deadline = time.monotonic() + seconds
    for thread in list(_running):
        thread.join(max(0.0, deadline - time.monotonic()))
    return not _running


def _invoke_lambda(self: LambdaFunction, event: Any = None) -> tuple[str, bool, str]:
    # moto hands over the already-parsed payload (or "{}" for an empty one).
    if isinstance(event, str | bytes):
        event = json.loads(event) if event else {}
    result, error = _registry_or_fail().invoke(self.function_name, event)
    return json.dumps(result, default=str), error is not None, ""


def _backend_invoke(
    self: LambdaSimpleBackend,
    function_name: str,
    qualifier: str | None,
    body: Any,
    headers: Any,
    response_headers: Any,
) -> bytes | None:
    function = self.get_function(function_name, qualifier)
    if headers.get("x-amz-invocation-type") == "Event":
        event = (json.loads(body) if body else {}) if isinstance(body, str | bytes) else body
        invoke_async(function.function_name, event)
        return b""
    payload = function.invoke(body, headers, response_headers)
    return payload if isinstance(payload, bytes) else str(payload).encode()


def _s3_invoke_lambda(account_id: str, event_body: Any, fn_arn: str, region_name: str) -> None:
    invoke_async(fn_arn, event_body)


_original_send_to_targets = Rule.send_to_targets


def _send_to_targets(self: Rule, event: Any, transform_input: bool = True) -> None:
    lambda_targets = [t for t in self.targets if ":lambda:" in t["Arn"]]
    other = [t for t in self.targets if ":lambda:" not in t["Arn"]]
    if lambda_targets and self.event_pattern.matches_event(event):
        for target in lambda_targets:
            payload = json.loads(target["Input"]) if target.get("Input") else event
            invoke_async(target["Arn"], payload)
    if other:
        rest = copy.copy(self)
        rest.targets = other
        _original_send_to_targets(rest, event, transform_input)


_original_bucket_post = S3Response._bucket_response_post


_TAG = re.compile(r"<Key>(.*?)</Key>\s*<Value>(.*?)</Value>", re.S)


def _bucket_post_with_policy(self: S3Response, request: Any, bucket_name: str) -> Any:
    """Browser uploads must satisfy their signed POST policy, as S3 insists; the form's
    ``tagging`` field tags the object, as S3 does (moto drops it)."""
    fields = {k: v[0] for k, v in self.querystring.items() if v}
    if "policy" in {k.lower() for k in fields}:
        try:
            s3_post_policy.check(fields, bucket_name, len(self.body or b""))
        except s3_post_policy.PolicyRefused as refused:
            return refused.status, {"Content-Type": "application/xml"}, refused.xml()
    response = _original_bucket_post(self, request, bucket_name)
    tagging = next((v for k, v in fields.items() if k.lower() == "tagging"), "")
    if tagging and 200 <= int(response[0]) < 300:
        stored = self.backend.get_object(bucket_name, fields["key"])
        if stored is not None:
            self.backend.put_object_tagging(stored, dict(_TAG.findall(tagging)))
    return response


_original_initiate_auth = CognitoIdpBackend.initiate_auth


def _initiate_auth_with_mfa_setup(
    self: CognitoIdpBackend, client_id: str, auth_flow: str, auth_parameters: dict[str, str]
) -> dict[str, Any]:
    """USER_PASSWORD_AUTH in a pool whose MFA is ON, for a user with no MFA yet: Cognito
    answers MFA_SETUP (set up an authenticator, then sign in); moto hands out tokens.
    The password and the user's state are still checked by moto first; the tokens it
    issued are withdrawn, so only the set-up step leads in."""
    result = _original_initiate_auth(self, client_id, auth_flow, auth_parameters)
    tokens = result.get("AuthenticationResult") if isinstance(result, dict) else None
    if not tokens or str(auth_flow) != "USER_PASSWORD_AUTH":
        return result
    pool = next(p for p in self.user_pools.values() if client_id in p.clients)
    user = pool._get_user(auth_parameters["USERNAME"])
    if pool.mfa_config != "ON" or user.token_verified or user.sms_mfa_enabled:
        return result
    pool.access_tokens.pop(tokens["AccessToken"], None)
    pool.refresh_tokens.pop(tokens.get("RefreshToken", ""), None)
    session = str(uuid.uuid4())
    self.sessions[session] = (user.username, pool)
    return {
        "ChallengeName": "MFA_SETUP",
        # Cognito's challenge parameters are strings: the list comes JSON-encoded.
        "ChallengeParameters": {"MFAS_CAN_SETUP": json.dumps(["SOFTWARE_TOKEN_MFA"])},
        "Session": session,
    }


def install_cognito_mfa_setup() -> None:
    """Installed by the emulator, and by unit tests for moto's in-memory mock."""
    CognitoIdpBackend.initiate_auth = _initiate_auth_with_mfa_setup  # type: ignore[method-assign]


class _CopyKeepingTables:
    """moto's DynamoDB backend module's ``copy``, except that a whole Table is not
    deep-copied: only ``transact_write_items`` copies tables (to roll back), and the undo
    log below does that job for the items a transaction touches."""

    def __getattr__(self, name: str) -> Any:
        return getattr(copy, name)

    @staticmethod
    def deepcopy(value: Any, memo: Any = None) -> Any:
        return value if isinstance(value, Table) else copy.deepcopy(value, memo)


_original_transact_write_items = DynamoDBBackend.transact_write_items
_ItemKey = tuple[Table, DynamoType, DynamoType | None]


def _touched_items(backend: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> dict:
    """Each item the transaction names, as it is before the transaction (None: absent)."""
    touched: dict[_ItemKey, Any] = {}
    for entry in transact_items:
        for operation in entry.values():
            table = backend.tables.get(operation.get("TableName"))
            key = operation.get("Key") or operation.get("Item") or {}
            if table is None or table.hash_key_attr not in key:
                continue  # moto refuses the operation before it writes anything
            range_attr = table.range_key_attr
            if range_attr is not None and range_attr not in key:
                continue
            where = (
                table,
                DynamoType(key[table.hash_key_attr]),
                DynamoType(key[range_attr]) if range_attr else None,
            )
            if where not in touched:
                touched[where] = copy.deepcopy(table.get_item(where[1], where[2]))
    return touched


def _transact_write_items(self: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> None:
    undo = _touched_items(self, transact_items)
    try:
        _original_transact_write_items(self, transact_items)
    except Exception:
        for (table, hash_key, range_key), before in undo.items():
            table.delete_item(hash_key, range_key)
            if before is not None and range_key is not None:
                table.items[hash_key][range_key] = before
            elif before is not None:
                table.items[hash_key] = before
        raise


def install_dynamodb_undo_log() -> None:
    """Installed by the emulator, and by the unit tests for moto's in-memory mock."""
    dynamodb_models.copy = _CopyKeepingTables()  # type: ignore[assignment]
    DynamoDBBackend.transact_write_items = _transact_write_items  # type: ignore[method-assign]


def _install_seams(registry: FunctionRegistry) -> None:
    global _registry
    _registry = registry
    import moto.s3.notifications as s3_notifications

    LambdaFunction._invoke_lambda = _invoke_lambda  # type: ignore[method-assign]
    LambdaSimpleBackend.invoke = _backend_invoke  # type: ignore[method-assign]
    s3_notifications._invoke_awslambda = _s3_invoke_lambda
    Rule.send_to_targets = _send_to_targets  # type: ignore[method-assign,assignment]
    S3Response._bucket_response_post = _bucket_post_with_policy  # type: ignore[method-assign]
    install_dynamodb_undo_log()
    install_cognito_mfa_setup()


def emulator_client(endpoint: str | None, service: str, region: str) -> Any:
    """A boto3 client for the emulator (or moto's in-memory mock when endpoint is None).
    The emulator accepts any credentials; these can never reach real AWS."""
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id="local",
        aws_secret_access_key="local",  # noqa: S106 - not a secret
    )


# Requests that run a handler to its end (Lambda's Invoke, which Step Functions tasks use)
# do not hold the gate: the handler's own requests would wait for a snapshot that waits
# for the invoke. What the handler changes, its own requests record.
_LAMBDA_INVOKE = re.compile(r"^/[0-9-]+/functions/[^/]+/invocations")
_READS = ("GetItem", "BatchGetItem", "Query", "Scan", "Describe", "List", "Get")


def _may_change(environ: dict[str, Any]) -> bool:
    if environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
        return False
    action = environ.get("HTTP_X_AMZ_TARGET", "").rpartition(".")[2]
    return not action.startswith(_READS)


class _GatedServer(ThreadedMotoServer):
    """moto's threaded server, its requests passing through a RequestGate."""

    def __init__(self, gate: RequestGate, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.gate = gate

    def _server_entry(self) -> None:
        app = DomainDispatcherApplication(create_backend_app)

        def gated(environ: dict[str, Any], start_response: Any) -> Any:
            if _LAMBDA_INVOKE.match(environ.get("PATH_INFO", "")):
                return app(environ, start_response)
            with self.gate.request(_may_change(environ)):
                # The whole body is produced inside the gate (moto answers in one piece).
                return list(app(environ, start_response))

        self._server = make_server(
            self._ip_address, self._port, gated, True, request_handler=MotoRequestHandler
        )
        self._server_ready_event.set()
        self._server.serve_forever()


class Emulator:
    """moto's server on 127.0.0.1, configured for the local cloud."""

    def __init__(self, registry: FunctionRegistry, port: int = 0) -> None:
        self.registry = registry
        self.port = port
        self.gate = RequestGate()
        self._server: ThreadedMotoServer | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        _install_seams(self.registry)
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per AWS call
        self._server = _GatedServer(
            self.gate, ip_address="127.0.0.1", port=self.port, verbose=False
        )
        self._server.start()
        self.port = self._server.get_host_and_port()[1]
        # The Step Functions interpreter calls Lambda through moto's own port setting.
        os.environ["MOTO_PORT"] = str(self.port)
        response = requests.post(
            f"{self.endpoint}/moto-api/config",
            json={
                "lambda": {"use_docker": False},
                "stepfunctions": {"execute_state_machine": True},
            },
            timeout=10,
        )
        response.raise_for_status()

    def stop(self) -> None:
        if self._server:
            self._server.stop()
            self._server = None

"""The local cloud as one object: emulator + resources from template.yaml + handlers +
gateway + demo data. ``make run`` starts one in the foreground; tests start one per
session."""

from __future__ import annotations

import ctypes
import logging
import os
import socket
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hireflow.bootstrap import reset
from hireflow.identity.directory import CognitoDirectory
from infra.localcloud import analytics_demo, demo, talent_demo
from infra.localcloud.auth import CognitoVerifier
from infra.localcloud.emulator import (
    Emulator,
    deliver_again,
    emulator_client,
    pending_invocations,
    wait_for_invocations,
)
from infra.localcloud.functions import FunctionRegistry
from infra.localcloud.gateway import Gateway
from infra.localcloud.persistence import (
    DataDirectory,
    Snapshot,
    Snapshots,
    restore_data,
    restore_data_keys,
    restore_user_pools,
    resume_executions,
)
from infra.localcloud.provision import Provisioned, Provisioner
from infra.localcloud.receiver import Receiver
from infra.localcloud.schedules import Scheduler
from infra.localcloud.security_headers import security_headers
from infra.localcloud.template import load_template

log = logging.getLogger("hireflow.localcloud")

ROOT = Path(__file__).resolve().parents[2]
REGION = "us-east-1"
STACK_NAME = "hireflow-local"


_M_ARENA_MAX = -8  # glibc's mallopt parameter


def bound_native_memory() -> None:
    """glibc gives threads that allocate their own malloc arenas (up to 8 per core) and
    keeps the pages freed in them. With a thread per request and per delivery, a long
    `make run` grew by ~100 MB an interview (tests/bench/soak.py); two arenas keep it flat.
    Set before the threads start; elsewhere than glibc there is nothing to do."""
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return
    libc.mallopt(_M_ARENA_MAX, 2)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class LocalCloud:
    gateway_port: int = 0
    aws_port: int = 0
    demo_password: str = demo.DEFAULT_PASSWORD
    root: Path = ROOT
    seed: bool = True
    # Where the state is kept across restarts; None keeps it in memory only (tests).
    data_dir: Path | None = None
    snapshot_seconds: float = 5.0
    # Fire rate(...) schedules on their own (reminders, the outbox sweep), as EventBridge.
    run_schedules: bool = True
    # The template's HrMfa (OFF | OPTIONAL | ON); HIREFLOW_HR_MFA, else the template default.
    hr_mfa: str = field(default_factory=lambda: os.environ.get("HIREFLOW_HR_MFA", ""))
    # Seed the labelled synthetic analytics history (a new data directory) and compute
    # the analytics at start (`make run`; tests leave it off).
    analytics_demo: bool = False
    # The résumé / cross-check / talent-pool story (talent_demo.py), seeded in the
    # background on a new data directory once the gateway answers (`make run` only).
    talent_demo: bool = False

    def __post_init__(self) -> None:
        self.gateway_port = self.gateway_port or free_port()
        self.emulator = Emulator(FunctionRegistry(REGION), self.aws_port)
        self.resources: Provisioned | None = None
        self.scheduler: Scheduler | None = None
        self.gateway: Gateway | None = None
        # Webhook subscribers and group robots, locally (served by the gateway).
        self.receiver = Receiver()
        self.data = DataDirectory(self.data_dir) if self.data_dir else None
        self.snapshots: Snapshots | None = None
        self.restored: Snapshot | None = None
        self.stopping = threading.Event()  # background seeding stops quietly

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.gateway_port}"

    @property
    def receiver_url(self) -> str:
        """Where the built-in receiver takes webhooks and robot posts (receiver.py)."""
        return f"{self.url}/local/receiver"

    @property
    def aws_endpoint(self) -> str:
        return self.emulator.endpoint

    def _process_environment(self) -> None:
        # Credentials and region for every client in this process (handlers included):
        # the emulator accepts any; nothing here can reach real AWS.
        os.environ.update(
            {
                "AWS_REGION": REGION,
                "AWS_DEFAULT_REGION": REGION,
                "AWS_ACCESS_KEY_ID": "local",
                "AWS_SECRET_ACCESS_KEY": "local",
                "AWS_ENDPOINT_URL": self.emulator.endpoint,
                "POWERTOOLS_TRACE_DISABLED": "true",
                "POWERTOOLS_METRICS_DISABLED": "true",
            }
        )
        # Object bodies past 256 KB go to temporary files, not memory: recordings add up.
        os.environ.setdefault("MOTO_S3_DEFAULT_KEY_BUFFER_SIZE", str(256 * 1024))
        # Webhooks and group robots may post to the gateway's receiver on 127.0.0.1
        # (on AWS only public HTTPS addresses: hireflow.platform.outbound).
        os.environ["HIREFLOW_OUTBOUND_ALLOW_LOOPBACK"] = "true"
        # moto checks authenticator codes (TOTP) only when asked; Cognito always does.
        os.environ["MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP"] = "true"
        os.environ.pop("AWS_SESSION_TOKEN", None)
        os.environ.pop("AWS_PROFILE", None)

    def start(self) -> LocalCloud:
        bound_native_memory()
        self.emulator.start()
        self._process_environment()
        self.restored = self.data.load() if self.data else None
        if self.restored:
            restore_user_pools(self.restored, REGION)
            restore_data_keys(self.restored, REGION)
        template = load_template(self.root / "template.yaml")
        provisioner = Provisioner(
            template,
            self.root,
            self.emulator.endpoint,
            REGION,
            STACK_NAME,
            # No Transcribe service locally: the offline Whisper adapter transcribes.
            {
                "Stage": "local",
                "WebOrigin": self.url,
                "TranscriptionEngine": "whisper",
                **({"HrMfa": self.hr_mfa.upper()} if self.hr_mfa else {}),
            },
            self.emulator.registry,
        )
        self.resources = provisioner.provision()
        if self.restored:
            for left_out in restore_data(self.restored, REGION):
                log.warning("saved %s is not in the template any more: left out", left_out)
        # One process, one environment: what the template gives every function.
        os.environ.update(self.resources.environment)
        reset()  # the functions' settings and services are built from this environment
        if self.seed and not self.restored:
            directory = CognitoDirectory(self.resources.user_pool_id, self.client("cognito-idp"))
            demo.seed(directory, self.demo_password)
            demo.seed_integrations(self.receiver_url, self.receiver)
        verifier = CognitoVerifier(
            self.emulator.endpoint,
            REGION,
            self.resources.user_pool_id,
            self.resources.user_pool_client_id,
        )
        self.gateway = Gateway(
            self.resources.routes,
            self.resources.functions,
            verifier,
            self.root / "web",
            self.browser_config,
            REGION,
            stage="local",
            security_headers=security_headers(
                template, self.resources.resolver, self.emulator.endpoint
            ),
            receiver=self.receiver,
        )
        if self.restored:
            resume_executions(self.restored, REGION)
            deliver_again(self.restored.invocations)
        if self.data:
            self.snapshots = Snapshots(
                self.data, self.emulator.gate, REGION, pending_invocations, self.snapshot_seconds
            )
            self.snapshots.start()
        if self.analytics_demo and self.seed:
            function = self.resources.functions.by_logical_id["AnalyticsFunction"].name
            analytics_demo.start(function, seed=not self.restored)
        if self.run_schedules:
            self.scheduler = Scheduler(self.resources.schedules, self.resources.functions, REGION)
            self.scheduler.start()
        self.gateway.start(self.gateway_port)
        if self.talent_demo and self.seed and not self.restored:
            talent_demo.start(self.url, self.sign_in, self.sign_in_claims, self.stopping)
        return self

    def stop(self, grace_seconds: float = 120) -> bool:
        """Stop taking requests, give running invocations ``grace_seconds`` to finish and
        save the state. True when nothing was left running (see wait_for_invocations)."""
        self.stopping.set()
        if self.scheduler:
            self.scheduler.stop()
        if self.gateway:
            self.gateway.stop()
        finished = wait_for_invocations(grace_seconds)
        if self.snapshots:
            self.snapshots.stop()  # what did not finish is delivered again on start
        self.emulator.stop()
        return finished

    def browser_config(self) -> dict[str, Any]:
        assert self.resources
        return {
            "region": REGION,
            "userPoolId": self.resources.user_pool_id,
            "userPoolClientId": self.resources.user_pool_client_id,
            "cognitoEndpoint": self.emulator.endpoint,
            "apiBase": "/api",
            "mfa": self.resources.environment.get("HIREFLOW_HR_MFA", "OFF"),
            "local": True,
        }

    def client(self, service: str) -> Any:
        return emulator_client(self.emulator.endpoint, service, REGION)

    def physical_id(self, logical_id: str) -> str:
        """The local Ref value of a template resource (table name, state machine ARN...)."""
        assert self.resources
        return self.resources.resolver.ref(logical_id)

    def sign_in_claims(self, username: str) -> dict[str, Any]:
        """The claims of a demo account's ID token (its ``sub`` is the user id)."""
        import jwt

        return dict(jwt.decode(self.sign_in(username), options={"verify_signature": False}))

    def sign_in(self, username: str, password: str | None = None) -> str:
        """An ID token for a demo account, through Cognito's USER_PASSWORD_AUTH."""
        assert self.resources
        result = self.client("cognito-idp").initiate_auth(
            ClientId=self.resources.user_pool_client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": username, "PASSWORD": password or self.demo_password},
        )
        return str(result["AuthenticationResult"]["IdToken"])

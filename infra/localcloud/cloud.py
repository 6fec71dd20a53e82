"""The local cloud as one object: emulator + resources from template.yaml + handlers +
gateway + demo data. ``make run`` starts one in the foreground; tests start one per
session."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hireflow.bootstrap import reset
from hireflow.identity.directory import CognitoDirectory
from infra.localcloud import demo
from infra.localcloud.auth import CognitoVerifier
from infra.localcloud.emulator import Emulator, emulator_client, wait_for_invocations
from infra.localcloud.functions import FunctionRegistry
from infra.localcloud.gateway import Gateway
from infra.localcloud.provision import Provisioned, Provisioner
from infra.localcloud.security_headers import security_headers
from infra.localcloud.template import load_template

ROOT = Path(__file__).resolve().parents[2]
REGION = "us-east-1"
STACK_NAME = "hireflow-local"


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

    def __post_init__(self) -> None:
        self.gateway_port = self.gateway_port or free_port()
        self.emulator = Emulator(FunctionRegistry(REGION), self.aws_port)
        self.resources: Provisioned | None = None
        self.gateway: Gateway | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.gateway_port}"

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
        os.environ.pop("AWS_SESSION_TOKEN", None)
        os.environ.pop("AWS_PROFILE", None)

    def start(self) -> LocalCloud:
        self.emulator.start()
        self._process_environment()
        template = load_template(self.root / "template.yaml")
        provisioner = Provisioner(
            template,
            self.root,
            self.emulator.endpoint,
            REGION,
            STACK_NAME,
            # No Transcribe service locally: the offline Whisper adapter transcribes.
            {"Stage": "local", "WebOrigin": self.url, "TranscriptionEngine": "whisper"},
            self.emulator.registry,
        )
        self.resources = provisioner.provision()
        # One process, one environment: what the template gives every function.
        os.environ.update(self.resources.environment)
        reset()  # the functions' settings and services are built from this environment
        if self.seed:
            directory = CognitoDirectory(self.resources.user_pool_id, self.client("cognito-idp"))
            demo.seed(directory, self.demo_password)
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
        )
        self.gateway.start(self.gateway_port)
        return self

    def stop(self) -> None:
        if self.gateway:
            self.gateway.stop()
        wait_for_invocations(seconds=120)
        self.emulator.stop()

    def browser_config(self) -> dict[str, Any]:
        assert self.resources
        return {
            "region": REGION,
            "userPoolId": self.resources.user_pool_id,
            "userPoolClientId": self.resources.user_pool_client_id,
            "cognitoEndpoint": self.emulator.endpoint,
            "apiBase": "/api",
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

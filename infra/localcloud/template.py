"""Reading template.yaml: CloudFormation tags, parameters, conditions and the intrinsic
functions the local cloud needs to resolve (Ref, GetAtt, Sub, Join, Select, If)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ACCOUNT_ID = "123456789012"
# Ref AWS::NoValue: the property is left out, as CloudFormation does.
_NO_VALUE = object()


class TemplateError(ValueError):
    """The template uses something the local cloud cannot resolve."""


class _CfnLoader(yaml.SafeLoader):
    pass


def _tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    if suffix == "Ref":
        return {"Ref": value}
    if suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {f"Fn::{suffix}": value}


_CfnLoader.add_multi_constructor("!", _tag)


def load_template(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        document = yaml.load(handle, Loader=_CfnLoader)  # noqa: S506 - SafeLoader subclass
    if not isinstance(document, dict) or "Resources" not in document:
        raise TemplateError(f"{path} is not a CloudFormation template")
    return document


@dataclass
class Resolver:
    """Resolves intrinsic functions against parameters and created resources."""

    region: str
    stack_name: str
    parameters: dict[str, str]
    # logical id -> {"Ref": ..., "Arn": ..., other attributes}
    resources: dict[str, dict[str, str]] = field(default_factory=dict)
    # the template's Conditions section (name -> condition expression)
    conditions: dict[str, Any] = field(default_factory=dict)

    def condition(self, name: str) -> bool:
        """A named condition of the template, evaluated on the parameters."""
        if name not in self.conditions:
            raise TemplateError(f"condition {name} is not in the template")
        return self._truth(self.conditions[name])

    def _truth(self, expression: Any) -> bool:
        ((key, arg),) = expression.items()
        if key in ("Condition", "Fn::Condition"):  # !Condition reads as Fn::Condition
            return self.condition(arg)
        if key == "Fn::Equals":
            return str(self.resolve(arg[0])) == str(self.resolve(arg[1]))
        if key == "Fn::Not":
            return not self._truth(arg[0])
        if key == "Fn::And":
            return all(self._truth(a) for a in arg)
        if key == "Fn::Or":
            return any(self._truth(a) for a in arg)
        raise TemplateError(f"{key} is not a condition function")

    def ref(self, name: str) -> str:
        pseudo = {
            "AWS::Region": self.region,
            "AWS::AccountId": ACCOUNT_ID,
            "AWS::Partition": "aws",
            "AWS::StackName": self.stack_name,
            "AWS::URLSuffix": "amazonaws.com",
        }
        if name in pseudo:
            return pseudo[name]
        if name == "AWS::NoValue":
            return _NO_VALUE  # type: ignore[return-value]
        if name in self.parameters:
            return self.parameters[name]
        if name in self.resources:
            return self.resources[name]["Ref"]
        raise TemplateError(f"Ref to {name}, which the local cloud has not created")

    def get_att(self, name: str, attribute: str) -> str:
        try:
            return self.resources[name][attribute]
        except KeyError:
            raise TemplateError(f"GetAtt {name}.{attribute} is not known locally") from None

    def _sub(self, text: str, extra: dict[str, Any]) -> str:
        def replace(match: re.Match[str]) -> str:
            expr = match.group(1)
            if expr.startswith("!"):
                return "${" + expr[1:] + "}"
            if expr in extra:
                return str(self.resolve(extra[expr]))
            if "." in expr and not expr.startswith("AWS::"):
                resource, attribute = expr.split(".", 1)
                return self.get_att(resource, attribute)
            return self.ref(expr)

        return re.sub(r"\$\{([^}]+)\}", replace, text)

    def resolve(self, value: Any) -> Any:
        if isinstance(value, list):
            return [v for v in (self.resolve(v) for v in value) if v is not _NO_VALUE]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            ((key, arg),) = value.items()
            if key == "Ref":
                return self.ref(arg)
            if key == "Fn::GetAtt":
                return self.get_att(arg[0], arg[1])
            if key == "Fn::Sub":
                if isinstance(arg, list):
                    return self._sub(arg[0], arg[1])
                return self._sub(arg, {})
            if key == "Fn::Join":
                return str(arg[0]).join(str(self.resolve(v)) for v in arg[1])
            if key == "Fn::Select":
                return self.resolve(arg[1])[int(arg[0])]
            if key == "Fn::If":
                return self.resolve(arg[1] if self.condition(arg[0]) else arg[2])
            if key.startswith("Fn::"):
                raise TemplateError(f"{key} is not supported by the local cloud")
        resolved = {k: self.resolve(v) for k, v in value.items()}
        return {k: v for k, v in resolved.items() if v is not _NO_VALUE}


def parameter_values(template: dict[str, Any], overrides: dict[str, str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for name, spec in (template.get("Parameters") or {}).items():
        if name in overrides:
            values[name] = overrides[name]
        elif "Default" in spec:
            values[name] = str(spec["Default"])
        else:
            raise TemplateError(f"parameter {name} has no default; pass a value")
        allowed = [str(value) for value in spec.get("AllowedValues", [])]
        if allowed and values[name] not in allowed:  # CloudFormation refuses it too
            raise TemplateError(
                f"parameter {name} is {values[name]!r}; allowed: {', '.join(allowed)}"
            )
    return values


def resources_of_type(template: dict[str, Any], *types: str) -> list[tuple[str, dict[str, Any]]]:
    """The template's resources of these types (a resource under a condition included:
    the provisioner drops those whose condition is false before it asks)."""
    return [
        (logical_id, resource)
        for logical_id, resource in template["Resources"].items()
        if resource["Type"] in types
    ]


def function_code(
    root: Path, resource: dict[str, Any], handler: str | None = None
) -> tuple[Path, str]:
    """Where a function's handler module lives and the handler's name: CodeUri + Handler
    for a zip function; for an image, the folder of its Dockerfile (which copies app.py
    from there) and the image's command. ``handler`` is the Globals' fallback."""
    props = resource["Properties"]
    if props.get("PackageType") == "Image":
        metadata = resource["Metadata"]
        return (root / metadata["DockerContext"] / metadata["Dockerfile"]).parent, props[
            "ImageConfig"
        ]["Command"][0]
    return root / props["CodeUri"], props.get("Handler") or str(handler)

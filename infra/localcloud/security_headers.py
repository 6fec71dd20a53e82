"""The browser's security headers as CloudFront adds them, read from template.yaml's
response headers policy (WebSecurityHeaders), so the local gateway and CloudFront send the
same headers and cannot drift apart.

The CSP's ``Fn::Sub`` variables are the AWS endpoints the pages talk to (Cognito, the
media bucket); locally all of them are the emulator, so each becomes its origin.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from infra.localcloud.template import Resolver, TemplateError, resources_of_type


@dataclass(frozen=True)
class Header:
    name: str
    value: str
    override: bool  # replace a value the origin sent (CloudFront's Override)


def security_headers(template: dict[str, Any], resolver: Resolver, aws_origin: str) -> list[Header]:
    policies = resources_of_type(template, "AWS::CloudFront::ResponseHeadersPolicy")
    if len(policies) != 1:
        raise TemplateError("the template needs exactly one CloudFront response headers policy")
    config = policies[0][1]["Properties"]["ResponseHeadersPolicyConfig"]
    security = config.get("SecurityHeadersConfig") or {}
    headers: list[Header] = []

    def add(name: str, value: str, setting: dict[str, Any]) -> None:
        headers.append(Header(name, value, bool(setting.get("Override"))))

    if csp := security.get("ContentSecurityPolicy"):
        policy = _with_local_origins(csp["ContentSecurityPolicy"], aws_origin)
        add("Content-Security-Policy", str(resolver.resolve(policy)), csp)
    if hsts := security.get("StrictTransportSecurity"):
        value = f"max-age={hsts['AccessControlMaxAgeSec']}"
        value += "; includeSubDomains" if hsts.get("IncludeSubdomains") else ""
        value += "; preload" if hsts.get("Preload") else ""
        add("Strict-Transport-Security", value, hsts)
    if frames := security.get("FrameOptions"):
        add("X-Frame-Options", frames["FrameOption"], frames)
    if sniffing := security.get("ContentTypeOptions"):
        add("X-Content-Type-Options", "nosniff", sniffing)
    if referrer := security.get("ReferrerPolicy"):
        add("Referrer-Policy", referrer["ReferrerPolicy"], referrer)
    if xss := security.get("XSSProtection"):
        value = ("1; mode=block" if xss.get("ModeBlock") else "1") if xss.get("Protection") else "0"
        add("X-XSS-Protection", value, xss)
    for item in (config.get("CustomHeadersConfig") or {}).get("Items", []):
        add(item["Header"], str(resolver.resolve(item["Value"])), item)
    return headers


def _with_local_origins(value: Any, aws_origin: str) -> Any:
    """``!Sub [text, {Variable: <AWS endpoint>}]`` with every variable the emulator."""
    if isinstance(value, dict) and isinstance(value.get("Fn::Sub"), list):
        text, variables = value["Fn::Sub"]
        return {"Fn::Sub": [text, dict.fromkeys(variables, aws_origin)]}
    return value

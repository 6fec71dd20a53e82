"""Verifying Cognito ID tokens the way API Gateway's Cognito authorizer does:
signature against the pool's JWKS, issuer, audience (app client), expiry, token_use."""

from __future__ import annotations

from typing import Any

import jwt
import requests


class TokenRejected(Exception):
    pass


class CognitoVerifier:
    def __init__(self, endpoint: str, region: str, user_pool_id: str, client_id: str) -> None:
        self.issuer = f"https://cognito-idp.{region}.amazonaws.com/{user_pool_id}"
        self.client_id = client_id
        self._jwks_url = f"{endpoint}/{user_pool_id}/.well-known/jwks.json"
        # moto routes by host name, as AWS does.
        self._host = f"cognito-idp.{region}.amazonaws.com"
        self._keys: dict[str, Any] = {}

    def _key(self, kid: str) -> Any:
        if kid not in self._keys:
            response = requests.get(self._jwks_url, headers={"Host": self._host}, timeout=5)
            response.raise_for_status()
            for jwk in response.json()["keys"]:
                self._keys[jwk["kid"]] = jwt.PyJWK(jwk).key
        if kid not in self._keys:
            raise TokenRejected("unknown signing key")
        return self._keys[kid]

    def claims(self, authorization: str | None) -> dict[str, Any]:
        if not authorization:
            raise TokenRejected("no token")
        token = authorization.removeprefix("Bearer ").strip()
        try:
            header = jwt.get_unverified_header(token)
            claims: dict[str, Any] = jwt.decode(
                token,
                self._key(str(header.get("kid"))),
                algorithms=["RS256"],
                audience=self.client_id,
                issuer=self.issuer,
                options={"require": ["exp", "iss", "sub", "aud"]},
            )
        except jwt.PyJWTError as exc:
            raise TokenRejected(str(exc)) from exc
        if claims.get("token_use") != "id":
            raise TokenRejected("not an ID token")
        return claims


def authorizer_claims(claims: dict[str, Any]) -> dict[str, str]:
    """Claims as a REST API Cognito authorizer hands them to Lambda: strings, with
    groups comma-joined."""
    shaped: dict[str, str] = {}
    for key, value in claims.items():
        if isinstance(value, list):
            shaped[key] = ",".join(str(v) for v in value)
        else:
            shaped[key] = str(value)
    return shaped

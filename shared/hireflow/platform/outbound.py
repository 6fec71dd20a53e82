"""Outbound HTTP: the one way hireflow calls an address someone typed in (a webhook
subscription, a DingTalk or WeCom group robot).

An address HR or HQ enters could point inside the network the function runs in (the
instance metadata service at 169.254.169.254, a private service), so every call is
checked - when the address is saved and again at each call, because DNS can change:

- ``https`` only, to a host whose every address is public (not private, loopback,
  link-local, multicast, reserved, shared or unspecified; IPv4-mapped IPv6 addresses are
  judged as the IPv4 address they carry);
- the connection goes to the address that was checked (no second DNS lookup between the
  check and the connect), with TLS verified for the host name;
- redirects are not followed (a 3xx answer is a failed call), so a public address cannot
  send the call on to a private one;
- a short timeout (5 s) for the connection and each read, and at most 64 KB of the answer
  is read.

``allow_loopback`` (the setting ``HIREFLOW_OUTBOUND_ALLOW_LOOPBACK``, set by the local
cloud and tests only) also lets ``http`` and ``https`` reach 127.0.0.1/localhost, where
the local cloud's built-in receiver listens.

Errors never carry the address: a robot's address holds its access token.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from hireflow.platform.errors import FieldError, Invalid, Transient

TIMEOUT_SECONDS = 5.0
DNS_TIMEOUT_SECONDS = 3.0
MAX_ANSWER_BYTES = 64 * 1024
MAX_URL_CHARS = 2000
USER_AGENT = "hireflow/1 (+webhooks)"

Resolver = Callable[[str, int], list[str]]


class UrlRefused(Invalid):
    """An address outbound calls may not go to (422 on the field that holds it)."""

    def __init__(
        self, message: str, *, code: str, params: dict[str, Any] | None = None, field: str = "url"
    ) -> None:
        super().__init__(
            message, [FieldError(field, message, code, params or {})], code=code, params=params
        )


class OutboundFailed(Transient):
    """The call did not get an answer: ``code`` says why (timeout, connection_failed,
    tls_failed)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str  # path and query, as sent in the request line
    address: str  # the checked address the connection goes to


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes  # at most MAX_ANSWER_BYTES
    duration_ms: int

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def excerpt(self, limit: int = 200) -> str:
        """The start of the answer as text, for a delivery log (never more than ``limit``)."""
        text = self.body[: limit * 4].decode("utf-8", "replace")
        return text[:limit]


_dns = ThreadPoolExecutor(max_workers=4, thread_name_prefix="outbound-dns")


def _system_resolve(host: str, port: int) -> list[str]:
    found = _dns.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    try:
        infos = found.result(timeout=DNS_TIMEOUT_SECONDS)
    except FutureTimeout as exc:
        raise OSError("DNS lookup timed out") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def is_public(address: str) -> bool:
    """Whether an outbound call may go to this IP address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _is_loopback(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


def _literal(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return None


def check_url(url: str, *, allow_loopback: bool = False, resolve: Resolver | None = None) -> Target:
    """The address as a call target, or ``UrlRefused`` saying why not."""
    if not url or len(url) > MAX_URL_CHARS:
        raise UrlRefused(
            f"give a web address of at most {MAX_URL_CHARS} characters",
            code="url_invalid",
            params={"max_length": MAX_URL_CHARS},
        )
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise UrlRefused("this is not a web address", code="url_invalid") from exc
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    if scheme not in ("http", "https") or not host or parts.username or parts.password:
        raise UrlRefused(
            "this is not a web address (https://host/path, no user name or password)",
            code="url_invalid",
        )
    if scheme == "http" and not allow_loopback:
        raise UrlRefused("the address must start with https://", code="url_not_https")
    port = port or (443 if scheme == "https" else 80)
    literal = _literal(host)
    try:
        addresses = [literal] if literal else (resolve or _system_resolve)(host, port)
    except OSError as exc:
        raise UrlRefused(
            f"the host {host} cannot be found", code="url_unresolvable", params={"host": host}
        ) from exc
    if not addresses:
        raise UrlRefused(
            f"the host {host} cannot be found", code="url_unresolvable", params={"host": host}
        )
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    if allow_loopback and all(_is_loopback(a) for a in addresses):
        return Target(scheme, host, port, path, addresses[0])
    if scheme != "https":
        raise UrlRefused("the address must start with https://", code="url_not_https")
    for address in addresses:
        if not is_public(address):
            raise UrlRefused(
                f"{host} is not a public address ({address}): calls to private, loopback, "
                "link-local or reserved addresses are refused",
                code="url_not_public",
                params={"host": host, "address": address},
            )
    return Target(scheme, host, port, path, addresses[0])


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the checked address; the Host header stays the host name."""

    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """Connects to the checked address; TLS is verified for the host name (SNI too)."""

    def __init__(self, target: Target, timeout: float) -> None:
        context = ssl.create_default_context()
        super().__init__(target.host, target.port, timeout=timeout, context=context)
        self._address = target.address
        self._tls = context

    def connect(self) -> None:
        raw = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._tls.wrap_socket(raw, server_hostname=self.host)


def post(
    url: str,
    body: bytes,
    headers: Mapping[str, str],
    *,
    allow_loopback: bool = False,
    timeout: float = TIMEOUT_SECONDS,
    resolve: Resolver | None = None,
) -> Answer:
    """POST ``body`` to ``url`` after checking it: the answer (any status), or
    ``OutboundFailed`` when none came; ``UrlRefused`` when the address is not allowed."""
    return _call("POST", url, body, headers, allow_loopback, timeout, resolve, MAX_ANSWER_BYTES)


def get(
    url: str,
    *,
    max_bytes: int,
    allow_loopback: bool = False,
    timeout: float = TIMEOUT_SECONDS,
    resolve: Resolver | None = None,
) -> Answer:
    """GET ``url`` after checking it (a file someone linked to, e.g. an import's résumé):
    the answer with at most ``max_bytes + 1`` bytes of its body, so the caller can tell
    a body that is too large."""
    return _call("GET", url, None, {}, allow_loopback, timeout, resolve, max_bytes + 1)


def _call(
    method: str,
    url: str,
    body: bytes | None,
    headers: Mapping[str, str],
    allow_loopback: bool,
    timeout: float,
    resolve: Resolver | None,
    max_bytes: int,
) -> Answer:
    target = check_url(url, allow_loopback=allow_loopback, resolve=resolve)
    connection: http.client.HTTPConnection = (
        _PinnedHTTPSConnection(target, timeout)
        if target.scheme == "https"
        else _PinnedHTTPConnection(target, timeout)
    )
    started = time.monotonic()
    try:
        connection.request(
            method, target.path, body=body, headers={"User-Agent": USER_AGENT, **headers}
        )
        response = connection.getresponse()
        data = response.read(max_bytes)
        status = response.status
    except TimeoutError as exc:
        raise OutboundFailed("timeout", f"no answer within {timeout:g} s") from exc
    except ssl.SSLError as exc:
        raise OutboundFailed("tls_failed", "the TLS handshake failed") from exc
    except (OSError, http.client.HTTPException) as exc:
        raise OutboundFailed("connection_failed", "the connection failed") from exc
    finally:
        connection.close()
    return Answer(status, data, int((time.monotonic() - started) * 1000))

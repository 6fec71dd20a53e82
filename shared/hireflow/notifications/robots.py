"""Group robots: DingTalk (钉钉) and WeCom (企业微信) chat groups as notification channels.

A branch's HR (HQ for the company-wide robots, branch ``hq``) add a robot with its
webhook address - DingTalk ``https://oapi.dingtalk.com/robot/send?access_token=…``,
WeCom ``https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`` - and, for DingTalk's
"加签" security setting, its signing secret. The access token or key in the address is a
secret too: the address and the signing secret are stored KMS-encrypted and never shown
again; the API shows the address masked.

Posting (``RobotSender``), by each platform's documented format:
- DingTalk: ``{"msgtype": "markdown", "markdown": {"title": …, "text": …}}``; a signed
  robot's address gets ``&timestamp=<ms>&sign=<urlencode(base64(HmacSHA256(key=secret,
  msg=f"{timestamp}\\n{secret}")))>``.
- WeCom: ``{"msgtype": "markdown", "markdown": {"content": …}}`` (the key in the address
  is the credential; no signature).
Both answer HTTP 200 with ``{"errcode": 0, …}``; any other errcode (a wrong token, a bad
signature, sending too fast) is a failed delivery: the outbox tries the message again
with its next drain or sweep. Removing the robot lets such a message go (there is no
robot to post to any more). Calls go through ``platform.outbound`` (HTTPS to public
addresses only, checked at every post).

Which notices go to robots: ``RobotChannels.requests`` - a staff notice (never a
candidate's) for the robots of the candidate's branch and HQ's, where the event has a
robot text for the robot's kind and language (``NotificationTemplate``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field

from hireflow.audit.service import audited_write, record
from hireflow.identity.model import HQ_BRANCH_ID, Caller
from hireflow.identity.permissions import Capability, require, require_branch
from hireflow.notifications.model import (
    Locale,
    NotificationEvent,
    NotificationTemplateRepository,
    Robot,
    RobotKind,
    RobotRepository,
    RobotSecret,
)
from hireflow.notifications.sending import MessageRequest, RenderedMessage
from hireflow.platform import outbound
from hireflow.platform.encryption import decrypt, encrypt
from hireflow.platform.errors import Invalid, NotFound, Transient
from hireflow.platform.observability import logger
from hireflow.platform.unit_of_work import UnitOfWorkFactory

URL_PURPOSE = "robot-url"
SECRET_PURPOSE = "robot-secret"  # noqa: S105 - the encryption context's name, not a secret
MAX_ROBOTS_PER_BRANCH = 10
TITLE_CHARS = 64
OFFICIAL = {
    # kind: (host, path, the query parameter that carries the credential)
    "dingtalk": ("oapi.dingtalk.com", "/robot/send", "access_token"),
    "wecom": ("qyapi.weixin.qq.com", "/cgi-bin/webhook/send", "key"),
}
EXAMPLES = {
    "dingtalk": "https://oapi.dingtalk.com/robot/send?access_token=…",
    "wecom": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…",
}


class RobotDeliveryFailed(Transient):
    """The robot's platform did not take the message (the outbox tries again)."""


# ---------------------------------------------------------------------- the formats


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's signature of a post: urlencode(base64(HmacSHA256(secret, ts\\nsecret)))."""
    digest = hmac.new(
        secret.encode("utf-8"), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256
    ).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest))


def signed_url(url: str, secret: str, timestamp_ms: int) -> str:
    joiner = "&" if urllib.parse.urlsplit(url).query else "?"
    return f"{url}{joiner}timestamp={timestamp_ms}&sign={dingtalk_sign(secret, timestamp_ms)}"


def title_of(text: str) -> str:
    """DingTalk's notification title: the text's first line without Markdown marks."""
    first = next((line for line in text.splitlines() if line.strip()), "hireflow")
    return first.strip().lstrip("#>*- ").strip("* ")[:TITLE_CHARS] or "hireflow"


def robot_payload(kind: str, text: str) -> dict[str, Any]:
    if kind == "dingtalk":
        return {"msgtype": "markdown", "markdown": {"title": title_of(text), "text": text}}
    return {"msgtype": "markdown", "markdown": {"content": text}}


def masked(url: str) -> str:
    """The address with every query value hidden but its last four characters."""
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    hidden = "&".join(f"{name}=••••{value[-4:] if len(value) > 8 else ''}" for name, value in query)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, hidden, ""))


def check_robot_url(kind: str, url: str, *, allow_loopback: bool) -> str:
    """The platform's own webhook address for ``kind`` (https, its host and path, the
    credential parameter set) - or, where loopback is allowed (the local cloud), an
    address on 127.0.0.1/localhost."""
    url = url.strip()
    parts = urllib.parse.urlsplit(url)
    if allow_loopback and (parts.hostname or "") in ("127.0.0.1", "localhost", "::1"):
        outbound.check_url(url, allow_loopback=True)
        return url
    host, path, credential = OFFICIAL[kind]
    query = dict(urllib.parse.parse_qsl(parts.query))
    if (
        parts.scheme != "https"
        or (parts.hostname or "") != host
        or parts.port not in (None, 443)
        or parts.path != path
        or not query.get(credential)
        or parts.username
        or parts.password
    ):
        raise outbound.UrlRefused(
            f"a {kind} robot's address looks like {EXAMPLES[kind]}",
            code="robot_url_invalid",
            params={"kind": kind, "example": EXAMPLES[kind]},
        )
    return url


# ---------------------------------------------------------------------- posting


@dataclass(frozen=True)
class RobotSender:
    """Posts a rendered message to the robot its ``to`` names (``<branch>/<robot id>``)."""

    robots: RobotRepository
    allow_loopback: bool = False
    clock: Callable[[], float] = time.time

    def send(self, message: RenderedMessage) -> str:
        branch_id, _, robot_id = message.to.partition("/")
        robot = self.robots.get(branch_id, robot_id)
        stored = self.robots.secret(branch_id, robot_id)
        if robot is None or stored is None or not robot.enabled:
            # Removed since the message was filed: there is nobody to post to.
            logger.info("robot message dropped: no such robot", robot_id=robot_id)
            return ""
        owner = robot.address
        url = decrypt(stored.url, purpose=URL_PURPOSE, owner=owner)
        if robot.kind == "dingtalk" and stored.secret:
            secret = decrypt(stored.secret, purpose=SECRET_PURPOSE, owner=owner)
            url = signed_url(url, secret, int(self.clock() * 1000))
        body = json.dumps(robot_payload(robot.kind, message.body), ensure_ascii=False).encode()
        try:
            answer = outbound.post(
                url,
                body,
                {"Content-Type": "application/json; charset=utf-8"},
                allow_loopback=self.allow_loopback,
            )
        except (outbound.UrlRefused, outbound.OutboundFailed) as exc:
            code = getattr(exc, "code", "failed")
            logger.warning("robot post failed", robot_id=robot.id, kind=robot.kind, error=code)
            raise RobotDeliveryFailed(f"{robot.kind} robot {robot.id}: {code}") from exc
        errcode, errmsg = _platform_answer(answer)
        if not answer.ok or errcode != 0:
            logger.warning(
                "robot post refused",
                robot_id=robot.id,
                kind=robot.kind,
                status_code=answer.status,
                errcode=errcode,
            )
            raise RobotDeliveryFailed(
                f"{robot.kind} robot {robot.id}: HTTP {answer.status}, errcode {errcode} {errmsg}"
            )
        logger.info("robot message posted", robot_id=robot.id, kind=robot.kind)
        return f"{robot.kind}:{robot.id}"


def _platform_answer(answer: outbound.Answer) -> tuple[int | None, str]:
    """DingTalk's and WeCom's ``errcode`` and ``errmsg`` (None: not their answer)."""
    try:
        parsed = json.loads(answer.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None, ""
    if not isinstance(parsed, dict) or not isinstance(parsed.get("errcode"), int):
        return None, ""
    return int(parsed["errcode"]), str(parsed.get("errmsg", ""))[:100]


# ---------------------------------------------------------------------- which notices


@dataclass(frozen=True)
class RobotChannels:
    """The robot messages of a staff notice about a candidate of ``branch_id``."""

    robots: RobotRepository
    templates: NotificationTemplateRepository

    def requests(
        self,
        branch_id: str,
        event: NotificationEvent,
        values: Callable[[str], dict[str, str]],
    ) -> list[MessageRequest]:
        """One message per robot of the branch and of HQ whose kind and language have a
        text for ``event``; ``values(locale)`` fills it."""
        branches = [branch_id] if branch_id == HQ_BRANCH_ID else [branch_id, HQ_BRANCH_ID]
        requests = []
        for robot in (r for b in branches for r in self.robots.of_branch(b) if r.enabled):
            if self.templates.effective(event, robot.kind, robot.locale) is None:
                continue
            requests.append(
                MessageRequest(
                    event=event,
                    channel=robot.kind,
                    locale=robot.locale,
                    to=robot.address,
                    values=values(robot.locale),
                )
            )
        return requests


# ---------------------------------------------------------------------- HR's robots


class NewRobot(BaseModel):
    kind: RobotKind
    name: str = Field(min_length=1, max_length=100)
    url: str = Field(min_length=1, max_length=outbound.MAX_URL_CHARS)
    # DingTalk's "加签" secret (SEC…); write-only.
    secret: str | None = Field(default=None, min_length=1, max_length=200)
    locale: Locale = "zh"


class RobotTest(BaseModel):
    """What a test post said, and that it arrived."""

    robot: Robot
    delivered: bool


TEST_TEXTS = {
    "zh": "### hireflow 测试消息\n机器人已连接：{name}。招聘流程中的员工通知会发到这个群。",
    "en": "### hireflow test message\nThe robot {name} is connected: staff notices will be "
    "posted to this group.",
}


@dataclass(frozen=True)
class RobotService:
    robots: RobotRepository
    sender: RobotSender
    uow: UnitOfWorkFactory
    allow_loopback: bool = False

    def _reach(self, caller: Caller, branch_id: str) -> None:
        # Another branch's robots are missing (404) whatever the role, as its other objects.
        require_branch(caller, branch_id, "branch")
        require(caller, Capability.EDIT_ROBOTS, action="managing group robots")

    def of_branch(self, caller: Caller, branch_id: str) -> list[Robot]:
        self._reach(caller, branch_id)
        return self.robots.of_branch(branch_id)

    def add(self, caller: Caller, branch_id: str, new: NewRobot) -> Robot:
        self._reach(caller, branch_id)
        if len(self.robots.of_branch(branch_id)) >= MAX_ROBOTS_PER_BRANCH:
            raise Invalid(
                f"a branch has at most {MAX_ROBOTS_PER_BRANCH} robots; remove one first",
                code="too_many_robots",
                params={"max": MAX_ROBOTS_PER_BRANCH},
            )
        url = check_robot_url(new.kind, new.url, allow_loopback=self.allow_loopback)
        signing = new.secret.strip() if new.secret and new.kind == "dingtalk" else None
        robot = Robot(
            branch_id=branch_id,
            kind=new.kind,
            name=new.name.strip(),
            locale=new.locale,
            masked_url=masked(url),
            signed=bool(signing),
            created_by=caller.username,
        )
        owner = robot.address
        stored = RobotSecret(
            branch_id=branch_id,
            robot_id=robot.id,
            url=encrypt(url, purpose=URL_PURPOSE, owner=owner),
            secret=encrypt(signing, purpose=SECRET_PURPOSE, owner=owner) if signing else None,
        )
        with self.uow() as uow:
            saved = audited_write(
                uow, caller, "robot.add", robot, entity_id=robot.id, branch_id=branch_id
            )
            uow.create(stored)
            uow.commit()
        return saved

    def remove(self, caller: Caller, branch_id: str, robot_id: str) -> None:
        robot = self._robot(caller, branch_id, robot_id)
        with self.uow() as uow:
            uow.delete(robot)
            uow.delete_key(RobotSecret.key(branch_id, robot_id))
            record(
                uow, caller, "robot.remove", branch_id=branch_id, entity=robot, entity_id=robot.id
            )
            uow.commit()

    def test(self, caller: Caller, branch_id: str, robot_id: str) -> RobotTest:
        """A test post now: whether the platform took it (its reason stays in the log,
        without the address)."""
        robot = self._robot(caller, branch_id, robot_id)
        text = TEST_TEXTS[robot.locale].format(name=robot.name)
        message = RenderedMessage(channel=robot.kind, to=robot.address, subject=None, body=text)
        try:
            self.sender.send(message)
        except RobotDeliveryFailed:
            return RobotTest(robot=robot, delivered=False)
        return RobotTest(robot=robot, delivered=True)

    def _robot(self, caller: Caller, branch_id: str, robot_id: str) -> Robot:
        self._reach(caller, branch_id)
        robot = self.robots.get(branch_id, robot_id)
        if robot is None:
            raise NotFound("robot not found", code="robot_not_found")
        return robot

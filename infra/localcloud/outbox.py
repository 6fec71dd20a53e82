"""Every e-mail (SES) and SMS (SNS) the product sent, read from the emulator's memory."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from email import message_from_bytes
from email.policy import default as default_policy
from typing import Any

from moto.ses.models import ses_backends
from moto.sns.models import sns_backends

from infra.localcloud.template import ACCOUNT_ID


@dataclass(frozen=True)
class SentMessage:
    channel: str  # "email" | "sms"
    to: list[str]
    subject: str
    body: str
    sender: str = ""


def _email(message: Any) -> SentMessage:
    if hasattr(message, "raw_data"):
        parsed = message_from_bytes(message.raw_data.encode(), policy=default_policy)
        part = parsed.get_body(preferencelist=("plain", "html"))
        body = part.get_content() if part else ""
        return SentMessage(
            "email",
            list(message.destinations) or [str(parsed["To"])],
            str(parsed["Subject"] or ""),
            body,
            str(message.source or parsed["From"] or ""),
        )
    destinations = message.destinations
    to = (
        destinations.get("ToAddresses", []) + destinations.get("CcAddresses", [])
        if isinstance(destinations, dict)
        else list(destinations)
    )
    return SentMessage("email", to, message.subject or "", message.body or "", message.source)


def sent_messages(region: str) -> list[SentMessage]:
    messages = [_email(m) for m in ses_backends[ACCOUNT_ID][region].sent_messages]
    sms = sns_backends[ACCOUNT_ID][region].sms_messages
    messages += [SentMessage("sms", [phone], "", text) for phone, text in sms.values()]
    return messages


_LINK = re.compile(r"https?://[^\s<>\"']+")


def _linkify(text: str) -> str:
    escaped = html.escape(text)
    return _LINK.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)


def render_outbox(messages: list[SentMessage]) -> str:
    rows = "\n".join(
        f"""<article class="msg {m.channel}">
  <header><span class="channel">{m.channel.upper()}</span>
  <span class="to">to {html.escape(", ".join(m.to))}</span>
  {f"<h2>{html.escape(m.subject)}</h2>" if m.subject else ""}</header>
  <pre>{_linkify(m.body)}</pre>
</article>"""
        for m in reversed(messages)
    )
    empty = '<p class="empty">Nothing sent yet. Invitations and letters appear here.</p>'
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>hireflow local outbox</title>
<style>
body {{ font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; color: #1d2433; }}
.msg {{ border: 1px solid #c9d1e0; border-radius: 8px; padding: .75rem 1rem; margin: 1rem 0; }}
.channel {{ font-weight: 700; margin-right: .5rem; }}
.sms .channel {{ color: #0b6b3a; }} .email .channel {{ color: #1746a2; }}
h2 {{ font-size: 1.05rem; margin: .4rem 0 0; }}
pre {{ white-space: pre-wrap; font: inherit; margin: .5rem 0 0; }}
a {{ color: #1746a2; }}
</style></head>
<body><h1>Local outbox</h1>
<p>E-mails and SMS the local cloud would have delivered ({len(messages)}).
Nothing leaves this machine.</p>
{rows or empty}
</body></html>"""

"""A message a person reads, in any language: a stable ``code``, the ``params`` its
sentence needs, and the English ``text`` (for API users and the logs of the moment).

The front ends say the code in the reader's language (web/shared/messages.js); stored
reasons, flags and notes keep the code next to their English text for that."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class Coded(BaseModel):
    code: str
    params: dict[str, Any] = {}
    text: str

    def __str__(self) -> str:
        return self.text


class CodedText(str):
    """English text that knows its code and params: a reason passed along as a plain str
    (logged, compared, stored) whose code is picked up where it is stored (``code_of``)."""

    code: str
    params: dict[str, Any]

    def __new__(cls, text: str, code: str, **params: Any) -> CodedText:
        made = super().__new__(cls, text)
        made.code, made.params = code, params
        return made


def code_of(text: str | None) -> tuple[str | None, dict[str, Any]]:
    """The code and params of a reason (None for text without a code, e.g. typed)."""
    if isinstance(text, CodedText):
        return text.code, dict(text.params)
    return None, {}

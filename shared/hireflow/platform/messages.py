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

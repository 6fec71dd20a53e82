"""Phone numbers, e-mail addresses and names as HR files really hold them: numbers
stored as numbers, +86 / 0086 prefixes, spaces and dashes, full-width characters."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any

from email_validator import EmailNotValidError, validate_email
from pydantic import BeforeValidator

_CN_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_SEPARATORS = re.compile(r"[\s\-().·/]")


class ContactError(ValueError):
    """The value cannot be read as a phone number / e-mail / name; the text says why."""


def _text(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)  # Excel stores 13800138000 as 13800138000.0
    return unicodedata.normalize("NFKC", str(raw)).strip()


def normalize_phone(raw: Any) -> str:
    """E.164 (+8613800138000). Mainland mobiles may come without a country code."""
    if raw is None or _text(raw) == "":
        raise ContactError("phone number is missing")
    if re.fullmatch(r"\d(\.\d+)?[eE]\+?\d+", _text(raw)):
        raise ContactError("phone number was turned into a number in scientific notation")
    text = _SEPARATORS.sub("", _text(raw))
    if text.startswith("00"):
        text = "+" + text[2:]
    if text.startswith("+"):
        digits = text[1:]
        if not digits.isdigit():
            raise ContactError(f"phone number {_text(raw)!r} has characters other than digits")
        if digits.startswith("86"):
            national = digits[2:]
            if not _CN_MOBILE.match(national):
                raise ContactError(f"{_text(raw)!r} is not a valid mainland China mobile number")
            return "+86" + national
        if not 8 <= len(digits) <= 15:
            raise ContactError(f"{_text(raw)!r} is not a valid international phone number")
        return "+" + digits
    if not text.isdigit():
        raise ContactError(f"phone number {_text(raw)!r} has characters other than digits")
    if len(text) == 13 and text.startswith("86"):
        text = text[2:]
    if _CN_MOBILE.match(text):
        return "+86" + text
    raise ContactError(
        f"{_text(raw)!r} is not a mainland mobile number; add the country code (+...)"
    )


def normalize_email(raw: Any) -> str:
    if raw is None or _text(raw) == "":
        raise ContactError("e-mail is missing")
    text = _text(raw).replace(" ", "")
    try:
        return validate_email(text, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise ContactError(f"{text!r} is not a valid e-mail address: {exc}") from exc


def normalize_name(raw: Any) -> str:
    if raw is None or _text(raw) == "":
        raise ContactError("name is missing")
    name = re.sub(r"\s+", " ", _text(raw))
    if len(name) > 100:
        raise ContactError("name is longer than 100 characters")
    return name


def mask_phone(phone: str) -> str:
    """For places that must not show the whole number (logs, other branches)."""
    return phone[:-8] + "****" + phone[-4:] if len(phone) > 8 else "****"


# Field types for request models: the value is normalised, or a 422 says why not.
Phone = Annotated[str, BeforeValidator(normalize_phone)]
Email = Annotated[str, BeforeValidator(normalize_email)]
PersonName = Annotated[str, BeforeValidator(normalize_name)]

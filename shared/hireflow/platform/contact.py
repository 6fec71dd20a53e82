"""Phone numbers, e-mail addresses and names as HR files really hold them: numbers
stored as numbers, +86 / 0086 prefixes, spaces and dashes, full-width characters.
Phone numbers are parsed and validated by phonenumbers (libphonenumber's metadata)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Annotated, Any

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType
from pydantic import BeforeValidator

from hireflow.platform.errors import invalid_value

_DEFAULT_REGION = "CN"  # numbers written without a country code are mainland numbers
_CN_COUNTRY_CODE = 86
_MOBILE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}
_SEPARATORS = re.compile(r"[\s\-().·/]")
_DIGITS = re.compile(r"\+?\d+")


class ContactError(ValueError):
    """The value cannot be read as a phone number / e-mail / name; the text says why, the
    code and params say it in any language (``hireflow.platform.errors``)."""

    def __init__(self, message: str, code: str, **params: Any) -> None:
        super().__init__(message)
        self.message, self.code, self.params = message, code, params


def _text(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)  # Excel stores 13800138000 as 13800138000.0
    return unicodedata.normalize("NFKC", str(raw)).strip()


def _parse(number: str) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(number, _DEFAULT_REGION)
    except NumberParseException:
        return None


def _acceptable(number: phonenumbers.PhoneNumber) -> bool:
    if not phonenumbers.is_valid_number(number):
        return False
    # Mainland numbers must be mobiles (they get the invitations by SMS).
    return (
        number.country_code != _CN_COUNTRY_CODE or phonenumbers.number_type(number) in _MOBILE_TYPES
    )


def normalize_phone(raw: Any) -> str:
    """E.164 (+8613800138000), checked against libphonenumber's numbering plans. Without
    a country code a number is read as a mainland one and must be a mobile; with one,
    any valid number of that country (+86: mobiles only)."""
    if raw is None or _text(raw) == "":
        raise ContactError("phone number is missing", "phone_missing")
    text = _text(raw)
    if re.fullmatch(r"\d(\.\d+)?[eE]\+?\d+", text):
        raise ContactError(
            "phone number was turned into a number in scientific notation", "phone_scientific"
        )
    compact = _SEPARATORS.sub("", text)
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    # Refused here, not left to libphonenumber, which drops letters or reads them as a
    # keypad's (138OO138000 would become another number).
    if not _DIGITS.fullmatch(compact):
        raise ContactError(
            f"phone number {text!r} has characters other than digits",
            "phone_not_digits",
            value=text,
        )
    number = _parse(compact)
    if number is not None and _acceptable(number):
        return phonenumbers.format_number(number, PhoneNumberFormat.E164)
    if not compact.startswith("+"):
        raise ContactError(
            f"{text!r} is not a mainland mobile number; add the country code (+...)",
            "phone_not_mainland_mobile",
            value=text,
        )
    if compact.startswith(f"+{_CN_COUNTRY_CODE}"):
        raise ContactError(
            f"{text!r} is not a valid mainland China mobile number",
            "phone_not_cn_mobile",
            value=text,
        )
    raise ContactError(
        f"{text!r} is not a valid international phone number", "phone_not_valid", value=text
    )


def normalize_email(raw: Any) -> str:
    if raw is None or _text(raw) == "":
        raise ContactError("e-mail is missing", "email_missing")
    text = _text(raw).replace(" ", "")
    try:
        return validate_email(text, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise ContactError(
            f"{text!r} is not a valid e-mail address: {exc}", "email_not_valid", value=text
        ) from exc


def normalize_name(raw: Any) -> str:
    if raw is None or _text(raw) == "":
        raise ContactError("name is missing", "name_missing")
    name = re.sub(r"\s+", " ", _text(raw))
    if len(name) > 100:
        raise ContactError("name is longer than 100 characters", "name_too_long", max=100)
    return name


def mask_phone(phone: str) -> str:
    """For places that must not show the whole number (logs, other branches)."""
    return phone[:-8] + "****" + phone[-4:] if len(phone) > 8 else "****"


def _field(normalize: Callable[[Any], str]) -> Callable[[Any], str]:
    def validate(raw: Any) -> str:
        try:
            return normalize(raw)
        except ContactError as exc:
            raise invalid_value(exc.code, exc.message, **exc.params) from exc

    return validate


# Field types for request models: the value is normalised, or a 422 says why not (with
# the ContactError's code).
Phone = Annotated[str, BeforeValidator(_field(normalize_phone))]
Email = Annotated[str, BeforeValidator(_field(normalize_email))]
PersonName = Annotated[str, BeforeValidator(_field(normalize_name))]

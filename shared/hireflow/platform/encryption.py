"""Secrets kept in the table, encrypted with the stack's data key (KMS, ``DataKey``).

A webhook's signing secret, a group robot's address (its access token is in it) and a
robot's signing secret are written only as KMS ciphertext and read back only where they
are used (signing a delivery, posting to a robot). The encryption context names what the
secret is and whose it is, so a ciphertext copied onto another record does not decrypt
there, and CloudTrail's record of each Decrypt says which secret was read.

The plaintext never leaves this module except to its one caller, and is never logged.
"""

from __future__ import annotations

import base64

from hireflow.platform import aws
from hireflow.platform.settings import settings


class EncryptionNotConfigured(RuntimeError):
    """A secret was to be stored where no data key is configured (HIREFLOW_DATA_KEY_ID)."""


def _key_id() -> str:
    key_id = settings().data_key_id
    if not key_id:
        raise EncryptionNotConfigured("HIREFLOW_DATA_KEY_ID is not set")
    return key_id


def _context(purpose: str, owner: str) -> dict[str, str]:
    return {"hireflow:purpose": purpose, "hireflow:owner": owner}


def encrypt(plaintext: str, *, purpose: str, owner: str) -> str:
    """The text as base64 KMS ciphertext, bound to ``purpose`` and ``owner``."""
    blob = aws.client("kms").encrypt(
        KeyId=_key_id(),
        Plaintext=plaintext.encode("utf-8"),
        EncryptionContext=_context(purpose, owner),
    )["CiphertextBlob"]
    return base64.b64encode(blob).decode("ascii")


def decrypt(ciphertext: str, *, purpose: str, owner: str) -> str:
    """The text ``encrypt`` was given for the same ``purpose`` and ``owner``."""
    plaintext = aws.client("kms").decrypt(
        KeyId=_key_id(),
        CiphertextBlob=base64.b64decode(ciphertext),
        EncryptionContext=_context(purpose, owner),
    )["Plaintext"]
    return bytes(plaintext).decode("utf-8")

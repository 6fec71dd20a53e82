"""Sealing a finished PDF so that any later change to it is detectable, and checking a seal.

A seal is a PAdES baseline B-B signature (CAdES detached, pyHanko) over the whole file,
made with the organisation's signing key: an asymmetric KMS key (RSA 2048, SIGN_VERIFY)
on AWS, the emulator's KMS locally. The private key never leaves KMS; the signer
certificate is self-signed over the key's public half (signed through KMS too) and built
once per process. A check trusts the key, not the certificate: a seal is ours when the
signer certificate's public key is the KMS key's public key.

Limits: no timestamp authority is reachable, so the signing time is the signer's own
claim (the CMS signingTime attribute) and long-term validation (B-T, LTV) is not claimed.
The emulator's KMS ignores ``MessageType=DIGEST``, so KMS is given the bytes to sign
(``RAW``, at most 4 KB: the CMS signed attributes, or the certificate's body) and hashes
them itself - the same call works on both.

``Sealer`` is the port: a CA-backed e-signature service (as Chinese e-signature law
expects for a legally reliable signature) can take ``KmsSealer``'s place on AWS.

Check a file from a shell: ``python -m hireflow.platform.sealing verify letter.pdf``.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any, Protocol

from asn1crypto import keys, x509
from botocore.exceptions import BotoCoreError, ClientError
from pydantic import ValidationError
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.general import SignedDigestAlgorithm
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from hireflow.platform import aws
from hireflow.platform.settings import settings

SIGNING_ALGORITHM = "RSASSA_PKCS1_V1_5_SHA_256"
CERTIFICATE_YEARS = 10
_RSA_2048_SIGNATURE_BYTES = 256


class SealingNotConfigured(RuntimeError):
    """Sealing was asked for where no signing key is configured."""


@dataclass(frozen=True)
class SealCheck:
    """What a check found. ``problem`` is a short code, None when the seal is valid:
    not_a_pdf, not_signed, digest_mismatch, bad_signature, modified_after_signing,
    other_key."""

    intact: bool  # the signed bytes are unchanged and nothing was added after them
    ours: bool  # signed with our key
    signed_at: datetime | None
    signer_name: str | None
    document_sha256: str  # of the bytes checked
    problem: str | None = None

    @property
    def valid(self) -> bool:
        return self.intact and self.ours


class Sealer(Protocol):
    def seal(self, pdf: bytes, *, signer_name: str, reason: str, location: str) -> bytes: ...

    def verify(self, pdf: bytes) -> SealCheck: ...


class KmsSealer:
    """Seals with an asymmetric KMS key (RSA_2048, SIGN_VERIFY) and checks seals against it."""

    def __init__(self, key_id: str, organisation: str) -> None:
        if not key_id:
            raise SealingNotConfigured(
                "HIREFLOW_SEALING_KEY_ID (settings.sealing_key_id) is not set: "
                "no key to seal or check documents with"
            )
        self.key_id = key_id
        self.organisation = organisation

    def seal(self, pdf: bytes, *, signer_name: str, reason: str, location: str) -> bytes:
        certificate = _certificate(self.key_id, self.organisation)
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        metadata = signers.PdfSignatureMetadata(
            # A field of its own each time: a sealed PDF can be sealed again (countersigned).
            field_name=f"Seal{len(writer.prev.embedded_signatures) + 1}",
            md_algorithm="sha256",
            subfilter=SigSeedSubFilter.PADES,
            name=signer_name,
            reason=reason,
            location=location,
        )
        sealed = signers.sign_pdf(
            writer, metadata, signer=_KmsSigner(self.key_id, certificate), in_place=False
        )
        return bytes(sealed.getvalue())

    def verify(self, pdf: bytes) -> SealCheck:
        digest = hashlib.sha256(pdf).hexdigest()
        try:
            reader = PdfFileReader(io.BytesIO(pdf), strict=False)
            signatures = reader.embedded_regular_signatures
        except Exception:  # pyHanko raises several kinds on bytes that are not a PDF
            return SealCheck(False, False, None, None, digest, "not_a_pdf")
        if not signatures:
            return SealCheck(False, False, None, None, digest, "not_signed")
        signature = signatures[-1]  # the last one is the one that can cover the whole file
        signer_name = _text(signature.sig_object.get("/Name"))
        try:
            status = validate_pdf_signature(
                signature,
                signer_validation_context=ValidationContext(
                    trust_roots=[signature.signer_cert], allow_fetching=False
                ),
                skip_diff=True,  # any revision after the signed one is a change here
            )
        except Exception:  # a damaged signature dictionary or CMS blob
            return SealCheck(False, False, None, signer_name, digest, "bad_signature")
        ours = signature.signer_cert.public_key.dump() == _public_key(self.key_id).dump()
        problem = None
        if not status.intact:
            problem = "digest_mismatch"
        elif not status.valid:
            problem = "bad_signature"
        elif status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
            problem = "modified_after_signing"
        elif not ours:
            problem = "other_key"
        intact = problem in (None, "other_key")
        return SealCheck(intact, ours, status.signer_reported_dt, signer_name, digest, problem)


def configured_sealer() -> KmsSealer:
    """The sealer the settings describe (HIREFLOW_SEALING_KEY_ID, HIREFLOW_COMPANY_NAME)."""
    return KmsSealer(settings().sealing_key_id, settings().company_name)


class _KmsSigner(signers.Signer):
    """pyHanko's raw signing step done by KMS: the private key stays there."""

    def __init__(self, key_id: str, certificate: x509.Certificate) -> None:
        super().__init__(
            signing_cert=certificate,
            signature_mechanism=SignedDigestAlgorithm({"algorithm": "sha256_rsa"}),
            embed_roots=False,  # the signer certificate is embedded anyway; it is its own root
        )
        self.key_id = key_id

    async def async_sign_raw(
        self, data: bytes, digest_algorithm: str, dry_run: bool = False
    ) -> bytes:
        if digest_algorithm != "sha256":
            raise ValueError(f"the sealing key signs SHA-256 digests, not {digest_algorithm}")
        if dry_run:  # pyHanko sizes the signature's placeholder first
            return bytes(_RSA_2048_SIGNATURE_BYTES)
        return _kms_sign(self.key_id, data)


def _kms_sign(key_id: str, message: bytes) -> bytes:
    answer = aws.client("kms").sign(
        KeyId=key_id, Message=message, MessageType="RAW", SigningAlgorithm=SIGNING_ALGORITHM
    )
    return bytes(answer["Signature"])


@cache
def _public_key(key_id: str) -> keys.PublicKeyInfo:
    der = aws.client("kms").get_public_key(KeyId=key_id)["PublicKey"]
    return keys.PublicKeyInfo.load(bytes(der))


@cache
def _certificate(key_id: str, organisation: str) -> x509.Certificate:
    """A self-signed certificate over the KMS key's public half, signed by the key itself."""
    public_key = _public_key(key_id)
    name = x509.Name.build({"organization_name": organisation, "common_name": organisation})
    now = datetime.now(UTC).replace(microsecond=0)
    key_digest = hashlib.sha256(public_key.dump()).digest()
    tbs = x509.TbsCertificate(
        {
            "version": "v3",
            "serial_number": int.from_bytes(key_digest[:16], "big") >> 1,  # positive
            "signature": {"algorithm": "sha256_rsa"},
            "issuer": name,
            "validity": {
                "not_before": x509.Time({"utc_time": now - timedelta(minutes=5)}),
                "not_after": x509.Time({"utc_time": now + timedelta(days=365 * CERTIFICATE_YEARS)}),
            },
            "subject": name,
            "subject_public_key_info": public_key,
            "extensions": [
                {"extn_id": "basic_constraints", "critical": True, "extn_value": {"ca": False}},
                {
                    "extn_id": "key_usage",
                    "critical": True,
                    "extn_value": {"digital_signature", "non_repudiation"},
                },
                {"extn_id": "key_identifier", "critical": False, "extn_value": key_digest[:20]},
            ],
        }
    )
    return x509.Certificate(
        {
            "tbs_certificate": tbs,
            "signature_algorithm": {"algorithm": "sha256_rsa"},
            "signature_value": _kms_sign(key_id, tbs.dump()),
        }
    )


def _text(value: Any) -> str | None:
    return str(value) if value is not None else None


# ---------------------------------------------------------------------- command line
def verdict(check: SealCheck) -> str:
    """The check in one line of words."""
    explained = {
        None: "VALID: sealed with our key and unchanged since",
        "not_a_pdf": "NOT VALID: this is not a PDF",
        "not_signed": "NOT VALID: the PDF carries no seal",
        "digest_mismatch": "NOT VALID: the sealed content was changed",
        "bad_signature": "NOT VALID: the seal's signature does not verify",
        "modified_after_signing": "NOT VALID: something was added to the file after sealing",
        "other_key": "NOT VALID: intact, but sealed with a key that is not ours",
    }
    words = explained.get(check.problem, f"NOT VALID: {check.problem}")
    signed_at = check.signed_at.isoformat() if check.signed_at else "-"
    return (
        f"{words} (problem={check.problem or '-'}; signer={check.signer_name or '-'}; "
        f"signed_at={signed_at}; sha256={check.document_sha256})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m hireflow.platform.sealing", description="Check a sealed PDF."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    verify = commands.add_parser("verify", help="say whether FILE is a PDF we sealed, unchanged")
    verify.add_argument("file", metavar="FILE.pdf")
    verify.add_argument("--key-id", help="the sealing key (default: HIREFLOW_SEALING_KEY_ID)")
    args = parser.parse_args(argv)
    try:
        with open(args.file, "rb") as handle:
            pdf = handle.read()
    except OSError as error:
        print(f"cannot read {args.file}: {error.strerror}", file=sys.stderr)
        return 2
    try:
        check = KmsSealer(args.key_id or settings().sealing_key_id, "").verify(pdf)
    except SealingNotConfigured as error:
        print(f"{error} (or pass --key-id)", file=sys.stderr)
        return 2
    except ValidationError as error:
        missing = ", ".join(f"HIREFLOW_{str(e['loc'][0]).upper()}" for e in error.errors())
        print(
            f"the settings are incomplete ({missing}): run with a function's environment",
            file=sys.stderr,
        )
        return 2
    except (BotoCoreError, ClientError) as error:
        print(f"cannot reach the sealing key: {error}", file=sys.stderr)
        return 2
    print(verdict(check))
    return 0 if check.valid else 1


if __name__ == "__main__":
    sys.exit(main())

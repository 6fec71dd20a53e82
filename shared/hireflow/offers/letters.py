"""The offer letter's files: the letter rendered from the branch's template and the
offer's terms, with the branch's logo; the letter as sent, the candidate's drawn
signature and the sealed, signed letter, kept in the media bucket.

Letters are written once under their own key and never overwritten (``IfNoneMatch``):
a retried step finds the file it wrote, and the bucket's versioning keeps the rest.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from botocore.exceptions import ClientError

from hireflow.offers.letter import AuditLine, LetterSignature, OfferLetter, render_letter
from hireflow.offers.model import CHINA_TIME, Offer, OfferTemplateRepository
from hireflow.offers.texts import fill, letter_values, terms_table
from hireflow.organisation.model import OrganisationRepository
from hireflow.platform import aws
from hireflow.recruiting.model import Candidate, PositionRepository

PDF_TYPE = "application/pdf"
SIGNATORY = {"zh": "{branch} 人力资源部", "en": "Human Resources, {branch}"}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def logo_key(branch_id: str) -> str:
    return f"branding/{branch_id}/logo.png"


def offer_prefix(offer: Offer) -> str:
    return f"offers/{offer.candidate_id}/{offer.id}"


@dataclass(frozen=True)
class Letters:
    positions: PositionRepository
    organisation: OrganisationRepository
    templates: OfferTemplateRepository
    company_name: str
    bucket: str

    def content(
        self,
        offer: Offer,
        candidate: Candidate,
        *,
        signature: LetterSignature | None = None,
        audit_trail: tuple[AuditLine, ...] = (),
        with_logo: bool = True,
    ) -> OfferLetter:
        """The letter's content; ``with_logo=False`` where only its words are shown."""
        locale = candidate.locale
        position_title, branch_name = self.names(candidate)
        values = letter_values(
            offer,
            candidate=candidate.name,
            position=position_title,
            branch=branch_name,
            company=self.company_name,
            locale=locale,
        )
        title, body, closing = fill(self.templates.effective(candidate.branch_id, locale), values)
        return OfferLetter(
            locale=locale,
            company_name=self.company_name,
            branch_name=branch_name,
            logo_png=self.logo(candidate.branch_id) if with_logo else None,
            reference=f"{offer.id} v{offer.version}",
            title=title,
            candidate_name=candidate.name,
            issued_on=issued_on(offer),
            body=body,
            terms=terms_table(offer, position_title, locale),
            closing=closing,
            company_signatory=SIGNATORY[locale].format(branch=branch_name),
            signature=signature,
            audit_trail=audit_trail,
            sent_sha256=offer.sent_sha256 if signature else None,
        )

    def names(self, candidate: Candidate) -> tuple[str, str]:
        """The position's and the branch's names in the candidate's language."""
        position = self.positions.get(candidate.position_id)
        branch = self.organisation.get_branch(candidate.branch_id)
        return (
            position.title_in(candidate.locale) if position else "",
            branch.name_in(candidate.locale) if branch else candidate.branch_id,
        )

    def render(
        self,
        offer: Offer,
        candidate: Candidate,
        *,
        signature: LetterSignature | None = None,
        audit_trail: tuple[AuditLine, ...] = (),
    ) -> bytes:
        """The letter as it will be or was sent, or (with a signature) as signed."""
        return render_letter(
            self.content(offer, candidate, signature=signature, audit_trail=audit_trail)
        )

    def logo(self, branch_id: str) -> bytes | None:
        """The branch's logo, else the company's (HQ's), else none."""
        for owner in dict.fromkeys((branch_id, "hq")):
            try:
                return bytes(
                    aws.client("s3")
                    .get_object(Bucket=self.bucket, Key=logo_key(owner))["Body"]
                    .read()
                )
            except ClientError as exc:
                if exc.response["Error"]["Code"] not in ("NoSuchKey", "404"):
                    raise
        return None

    def put_logo(self, branch_id: str, image: bytes) -> None:
        content_type = "image/png" if image.startswith(b"\x89PNG") else "image/jpeg"
        aws.client("s3").put_object(
            Bucket=self.bucket, Key=logo_key(branch_id), Body=image, ContentType=content_type
        )

    def keep(self, key: str, body: bytes, content_type: str = PDF_TYPE) -> bytes:
        """Write ``body`` once under ``key``; when a retry finds the key taken, the file
        kept there is the one that counts (and is returned)."""
        s3 = aws.client("s3")
        try:
            s3.put_object(
                Bucket=self.bucket, Key=key, Body=body, ContentType=content_type, IfNoneMatch="*"
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] not in ("PreconditionFailed", "412"):
                raise
            return self.read(key)
        return body

    def read(self, key: str) -> bytes:
        return bytes(aws.client("s3").get_object(Bucket=self.bucket, Key=key)["Body"].read())


def issued_on(offer: Offer) -> date:
    return (offer.sent_at or offer.updated_at).astimezone(CHINA_TIME).date()

"""Offers' personal data (privacy.personal_data): the offer with its versions and the
letters in S3 (as sent, the signature, as signed; every version).

Legal periods (docs/privacy.md "Retention"): a SIGNED offer is the employment contract's
offer and is kept until three years after the employment ended (while the person is
employed: kept, no end yet); a declined or expired offer one year after the answer.
Before then erasure and retention leave it and say ``kept`` with ``kept_until``;
unsigned drafts and everything past its period go (every S3 version)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import ClassVar

from hireflow.offers.model import Offer, OfferRepository, OfferStatus, OfferVersion
from hireflow.people.model import EmployeeRepository
from hireflow.platform.ids import now
from hireflow.platform.objects import delete_object_versions
from hireflow.platform.store import Repository
from hireflow.privacy.model import DataClass, ReceiptLine
from hireflow.privacy.personal_data import ExportBundle, PersonRef

SIGNED_KEPT_AFTER_EMPLOYMENT = timedelta(days=3 * 365)
DECLINED_KEPT = timedelta(days=365)
WHERE = "DynamoDB: the offer and its versions; S3 media bucket: the letters, every version"


class OfferRecords:
    name = "offers.offer"
    classes: ClassVar[dict[DataClass, str]] = {
        DataClass.APPLICATION: WHERE,
        DataClass.EMPLOYEE_RECORD: WHERE,
    }

    def __init__(self, offers: OfferRepository, employees: EmployeeRepository, bucket: str) -> None:
        self.offers = offers
        self.employees = employees
        self.bucket = bucket
        self._offers = Repository(Offer)
        self._versions = Repository(OfferVersion)

    def _candidates(self, person: PersonRef) -> list[str]:
        hired = [e.candidate_id for e in self.employees.many(person.employee_ids)]
        return list(dict.fromkeys([*person.candidate_ids, *hired]))

    def expand(self, person: PersonRef) -> PersonRef:
        return person

    def export(self, person: PersonRef, bundle: ExportBundle) -> None:
        for candidate_id in self._candidates(person):
            offer = self.offers.get(candidate_id)
            if offer is None:
                continue
            bundle.add_json(f"{self.name}/{offer.id}.json", offer.model_dump(mode="json"))
            for key in (offer.signed_key or offer.letter_key,):
                if key:
                    bundle.add_file(f"{self.name}/{offer.id}.pdf", self.bucket, key)

    def kept_until(self, offer: Offer) -> tuple[date | None, str] | None:
        """Until when the offer must be kept (None: not at all), and why."""
        if offer.status == OfferStatus.ACCEPTED:
            employee = self.employees.get(offer.employee_id) if offer.employee_id else None
            if employee is None or employee.left_on is None:
                return None, "signed_offer_employed"
            return employee.left_on + SIGNED_KEPT_AFTER_EMPLOYMENT, "signed_offer_legal_period"
        if offer.status in (OfferStatus.DECLINED, OfferStatus.EXPIRED) and offer.answered_at:
            return (offer.answered_at + DECLINED_KEPT).date(), "declined_offer_legal_period"
        return None

    def erase(
        self, person: PersonRef, classes: frozenset[DataClass], *, anonymise: bool
    ) -> list[ReceiptLine]:
        """Anonymising an offer deletes it: its terms name the person throughout."""
        if not classes & set(self.classes):
            return []
        data_class = next(c for c in self.classes if c in classes)
        deleted, kept = 0, []
        today = now().date()
        for candidate_id in self._candidates(person):
            offer = self.offers.get(candidate_id)
            if offer is None:
                continue
            keep = self.kept_until(offer)
            if keep is not None and (keep[0] is None or keep[0] > today):
                kept.append(
                    ReceiptLine(
                        data_class=data_class,
                        holder=self.name,
                        where=WHERE,
                        action="kept",
                        count=1,
                        reason_code=keep[1],
                        kept_until=keep[0],
                    )
                )
                continue
            for key in (offer.letter_key, offer.signature_key, offer.signed_key):
                if key:
                    deleted += delete_object_versions(self.bucket, key)
            for version in self.offers.versions(candidate_id):
                keys = version.item_keys()
                self._versions.delete(keys.pk, keys.sk)
                deleted += 1
            self._offers.delete(*Offer.key(candidate_id))
            deleted += 1
        line = ReceiptLine(
            data_class=data_class, holder=self.name, where=WHERE, action="deleted", count=deleted
        )
        return [line, *kept]

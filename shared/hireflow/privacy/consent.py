"""The consent ledger's use cases: a line per choice a person makes (given, refused,
withdrawn), each purpose on its own, with the exact words they read and the notice
version those words came from; never edited (a withdrawal is a new line). Every line
publishes ``consent.changed`` in the same transaction. docs/privacy.md "Consent and
notice"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pydantic import BaseModel

from hireflow.platform.unit_of_work import UnitOfWork
from hireflow.privacy.events import ConsentChanged
from hireflow.privacy.model import (
    ConsentChannel,
    ConsentEntry,
    ConsentLedger,
    PrivacyNotice,
    Purpose,
)


class PurposeState(BaseModel):
    """A purpose's latest line: what the person chose last, when, under which notice."""

    given: bool
    at: datetime
    notice_version: int
    notice_jurisdiction: str
    channel: ConsentChannel


@dataclass(frozen=True)
class Consents:
    ledger: ConsentLedger

    def record(
        self,
        uow: UnitOfWork,
        subject_id: str,
        branch_id: str,
        purpose: Purpose,
        given: bool,
        notice: PrivacyNotice,
        locale: Literal["zh", "en"],
        channel: ConsentChannel,
        shown: str | None = None,
    ) -> ConsentEntry:
        """Append a line (with ``uow``'s other writes) and publish it. The text is the
        purpose's consent text of ``notice`` in ``locale``: what the person was shown;
        ``shown`` names other words when the person read those instead (the talent
        pool's own toggle), still under ``notice``'s jurisdiction and version."""
        text = notice.purposes.get(purpose)
        if text is None and shown is None:
            raise ValueError(f"notice {notice.jurisdiction_id} v{notice.version} has no {purpose}")
        entry = ConsentEntry(
            subject_id=subject_id,
            branch_id=branch_id,
            purpose=purpose,
            given=given,
            notice_jurisdiction=notice.jurisdiction_id,
            notice_version=notice.version,
            text=shown if shown is not None else getattr(text, locale),
            locale=locale,
            channel=channel,
        )
        uow.create(entry)
        uow.publish(ConsentChanged.of(entry))
        return entry

    def state(self, subject_id: str) -> dict[Purpose, PurposeState]:
        return {
            purpose: PurposeState(
                given=entry.given,
                at=entry.at,
                notice_version=entry.notice_version,
                notice_jurisdiction=entry.notice_jurisdiction,
                channel=entry.channel,
            )
            for purpose, entry in self.ledger.current(subject_id).items()
        }

    def given(self, subject_id: str, purpose: Purpose) -> bool:
        return self.ledger.given(subject_id, purpose)

    def entries(self, subject_id: str) -> list[ConsentEntry]:
        return self.ledger.entries(subject_id)

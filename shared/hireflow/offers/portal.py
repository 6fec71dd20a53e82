"""The candidate's offer page: the link from the offer's e-mail or SMS, the phone check
(the interview portal's kind: the number on file, a limited number of tries per link and
per network), the letter (each opening recorded for HR), and the answer - an explicit,
signed acceptance or a decline with a reason.

The link token and the session are opaque; only their hashes are stored.
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from pydantic import BaseModel, Field

from hireflow.interviews.model import InterviewRepository, token_hash
from hireflow.interviews.phone_check import check_phone
from hireflow.notifications.model import NotificationEvent
from hireflow.offers.events import OfferAnswered
from hireflow.offers.letters import Letters, offer_prefix
from hireflow.offers.model import Offer, OfferRepository, OfferSession, OfferStatus, Signature
from hireflow.offers.texts import shown_date
from hireflow.platform.errors import (
    FieldError,
    Gone,
    Invalid,
    Locked,
    NotFound,
    Unauthorized,
)
from hireflow.platform.ids import new_secret_token, now
from hireflow.platform.observability import logger
from hireflow.platform.unit_of_work import UnitOfWorkFactory
from hireflow.recruiting.lifecycle import ApplicationLifecycle
from hireflow.recruiting.model import Candidate, CandidateRepository, stage_move
from hireflow.recruiting.notices import Notices
from hireflow.recruiting.status import CandidateStatus

SESSION_TTL = timedelta(hours=1)
MAX_SIGNATURE_BYTES = 300_000
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
State = Literal["open", "accepted", "declined", "expired", "withdrawn"]
CANDIDATE = "candidate"


class OfferOverview(BaseModel):
    company: str
    branch: str
    position: str
    locale: str
    state: State
    deadline_shown: str
    verified: bool


class PhoneCheck(BaseModel):
    phone: str = Field(max_length=40)


class OfferSessionGrant(BaseModel):
    session: str
    expires_at: datetime


class LetterView(BaseModel):
    title: str
    candidate_name: str
    body: list[str]
    terms: list[tuple[str, str]]
    closing: str
    company_signatory: str
    deadline_shown: str
    state: State


class Acceptance(BaseModel):
    typed_name: str = Field(min_length=1, max_length=100)
    # The drawn signature, base64 PNG; None when the typed name is the signature.
    signature_png: str | None = Field(default=None, max_length=MAX_SIGNATURE_BYTES * 4 // 3 + 4)
    consent: bool


class Refusal(BaseModel):
    reason: str = Field(min_length=1, max_length=1000)


class Answer(BaseModel):
    state: State


def _same_name(typed: str, name: str) -> bool:
    def plain(text: str) -> str:
        return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()

    return plain(typed) == plain(name)


def _state(offer: Offer) -> State:
    if offer.status == OfferStatus.SENT:
        return "expired" if offer.deadline and offer.deadline <= now() else "open"
    if offer.status in (OfferStatus.ACCEPTED, OfferStatus.DECLINED, OfferStatus.WITHDRAWN):
        return offer.status.value  # type: ignore[return-value]
    return "expired"


@dataclass(frozen=True)
class OfferPortal:
    candidates: CandidateRepository
    offers: OfferRepository
    interviews: InterviewRepository  # its per-network attempt counter
    letters: Letters
    lifecycle: ApplicationLifecycle
    notices: Notices
    uow: UnitOfWorkFactory
    source_verify_limit: int

    # -------------------------------------------------------------- lookups
    def _open(self, token: str) -> tuple[Candidate, Offer]:
        link = self.offers.link(token_hash(token)) if token else None
        if link is None:
            raise NotFound("this offer link is not valid", code="link_invalid")
        candidate = self.candidates.get(link.candidate_id)
        offer = self.offers.get(link.candidate_id)
        if candidate is None or offer is None or offer.id != link.offer_id:
            raise Gone("this offer link is no longer valid", code="link_gone")
        if offer.locked_at:
            raise Locked(
                "this link is locked after too many wrong phone numbers; HR has been told",
                code="link_locked",
            )
        return candidate, offer

    def _session(self, token: str, session_token: str) -> tuple[Candidate, Offer]:
        candidate, offer = self._open(token)
        session = self.offers.session(token_hash(session_token)) if session_token else None
        if session is None or session.expires <= now() or session.offer_id != offer.id:
            raise Unauthorized("please verify your phone number again", code="verify_again")
        return candidate, offer

    # -------------------------------------------------------------- routes
    def overview(self, token: str) -> OfferOverview:
        candidate, offer = self._open(token)
        position, branch = self.letters.names(candidate)
        return OfferOverview(
            company=self.letters.company_name,
            branch=branch,
            position=position,
            locale=candidate.locale,
            state=_state(offer),
            deadline_shown=shown_date(offer.terms.response_deadline, candidate.locale),
            verified=offer.first_read_at is not None,
        )

    def verify(self, token: str, check: PhoneCheck, source: str) -> OfferSessionGrant:
        candidate, offer = self._open(token)
        check_phone(
            self.interviews,
            self.source_verify_limit,
            _Attempts(self, candidate, offer),
            given=check.phone,
            on_file=candidate.phone,
            source=source,
        )
        session_token = new_secret_token()
        session = OfferSession(
            session_hash=token_hash(session_token),
            candidate_id=candidate.id,
            offer_id=offer.id,
            expires=now() + SESSION_TTL,
        )
        self.offers.open_session(session)
        logger.info("candidate verified for offer", candidate_id=candidate.id)
        return OfferSessionGrant(session=session_token, expires_at=session.expires)

    def letter(self, token: str, session_token: str) -> LetterView:
        """The letter; each opening is recorded (HR sees when and how often)."""
        candidate, offer = self._session(token, session_token)
        at = now()
        self.offers.change(
            candidate.id,
            lambda o: o.model_copy(
                update={
                    "first_read_at": o.first_read_at or at,
                    "last_read_at": at,
                    "reads": o.reads + 1,
                }
            ),
        )
        content = self.letters.content(offer, candidate, with_logo=False)
        return LetterView(
            title=content.title,
            candidate_name=content.candidate_name,
            body=list(content.body),
            terms=list(content.terms),
            closing=content.closing,
            company_signatory=content.company_signatory,
            deadline_shown=shown_date(offer.terms.response_deadline, candidate.locale),
            state=_state(offer),
        )

    def pdf(self, token: str, session_token: str) -> bytes:
        _, offer = self._session(token, session_token)
        if offer.letter_key is None:
            raise Gone("this offer is no longer available", code="link_gone")
        return self.letters.read(offer.letter_key)

    def _answerable(self, offer: Offer) -> None:
        state = _state(offer)
        if state != "open":
            raise Gone(f"this offer is {state}", code=f"offer_{state}")

    def accept(
        self, token: str, session_token: str, acceptance: Acceptance, ip: str, user_agent: str
    ) -> Answer:
        """An explicit acceptance: the typed name, a drawn or typed signature, the consent
        to sign electronically; the time, address and browser are recorded."""
        candidate, offer = self._session(token, session_token)
        if offer.status == OfferStatus.ACCEPTED:
            return Answer(state="accepted")  # a retried acceptance
        self._answerable(offer)
        errors = []
        if not acceptance.consent:
            errors.append(FieldError("consent", "required", "esign_consent_required"))
        if not _same_name(acceptance.typed_name, candidate.name):
            errors.append(FieldError("typed_name", "not the name on the offer", "name_mismatch"))
        drawn = self._signature_image(acceptance.signature_png, errors)
        if errors:
            raise Invalid("the acceptance is not complete", errors, code="acceptance_incomplete")
        signature_key = None
        if drawn:
            signature_key = f"{offer_prefix(offer)}/signature.png"
            self.letters.keep(signature_key, drawn, "image/png")
        signature = Signature(
            typed_name=acceptance.typed_name.strip(),
            drawn=drawn is not None,
            signed_at=now(),
            ip_address=ip[:64],
            user_agent=user_agent[:300],
        )
        accepted = offer.model_copy(
            update={
                "status": OfferStatus.ACCEPTED,
                "answered_at": signature.signed_at,
                "signature": signature,
                "signature_key": signature_key,
            }
        )
        with self.uow() as uow:
            uow.save(accepted)
            self.notices.file(
                uow,
                candidate,
                f"offer_answered:{offer.id}",
                self.notices.to_branch_hr(
                    candidate, NotificationEvent.OFFER_ANSWERED, message="accepted"
                ),
            )
            uow.commit()
        logger.info("offer accepted", candidate_id=candidate.id)
        self.lifecycle.resume(candidate.id, "acceptance", {"answer": "accepted"})
        return Answer(state="accepted")

    @staticmethod
    def _signature_image(encoded: str | None, errors: list[FieldError]) -> bytes | None:
        if not encoded:
            return None
        try:
            data = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            data = b""
        if not data.startswith(PNG_MAGIC) or len(data) > MAX_SIGNATURE_BYTES:
            errors.append(FieldError("signature_png", "not a PNG image", "signature_unreadable"))
            return None
        return data

    def decline(self, token: str, session_token: str, refusal: Refusal) -> Answer:
        candidate, offer = self._session(token, session_token)
        if offer.status == OfferStatus.DECLINED:
            return Answer(state="declined")
        self._answerable(offer)
        declined = offer.model_copy(
            update={
                "status": OfferStatus.DECLINED,
                "answered_at": now(),
                "decline_reason": refusal.reason.strip(),
            }
        )
        with self.uow() as uow:
            uow.save(declined)
            moved = candidate.moved(
                CandidateStatus.OFFER_DECLINED,
                reason=refusal.reason.strip(),
                reason_code="offer_declined",
            )
            candidate = stage_move(uow, candidate, moved, CANDIDATE)
            self.notices.file(
                uow,
                candidate,
                f"offer_answered:{offer.id}",
                self.notices.to_branch_hr(
                    candidate, NotificationEvent.OFFER_ANSWERED, message=refusal.reason.strip()
                ),
            )
            uow.publish(OfferAnswered.of(candidate, offer_id=offer.id, answer="declined"))
            uow.commit()
        self.lifecycle.resume(candidate.id, "acceptance", {"answer": "declined"})
        return Answer(state="declined")


class _NoSlotLeft(Exception):
    pass


@dataclass(frozen=True)
class _Attempts:
    """An offer link's phone checks: counted on the offer (every link to it), which the
    lock closes; the branch's HR are told."""

    portal: OfferPortal
    candidate: Candidate
    offer: Offer

    def take(self, limit: int) -> int | None:
        def count(current: Offer) -> Offer:
            if current.locked_at or current.wrong_phones >= limit:
                raise _NoSlotLeft
            return current.model_copy(update={"wrong_phones": current.wrong_phones + 1})

        try:
            counted = self.portal.offers.change(self.candidate.id, count)
        except _NoSlotLeft:
            return None
        return counted.wrong_phones if counted else None

    def give_back(self) -> None:
        self.portal.offers.change(
            self.candidate.id,
            lambda o: (
                o.model_copy(update={"wrong_phones": o.wrong_phones - 1})
                if o.wrong_phones
                else None
            ),
        )

    def lock(self) -> None:
        self.portal.offers.change(
            self.candidate.id,
            lambda o: None if o.locked_at else o.model_copy(update={"locked_at": now()}),
        )
        logger.info("offer link locked", candidate_id=self.candidate.id)
        notices = self.portal.notices
        with self.portal.uow() as uow:
            notices.file(
                uow,
                self.candidate,
                f"offer_locked:{self.offer.id}",
                notices.to_branch_hr(self.candidate, NotificationEvent.OFFER_LINK_LOCKED),
            )
            uow.commit()

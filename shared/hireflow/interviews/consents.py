"""The person's consents through their interview link (docs/privacy.md "Consent and
notice"): the branch's notice and the state of each purpose it asks, and a give or
withdraw per purpose, at any time (before, during and after the interview).

Withdrawing consent to RECORDING deletes every version of every recording of the
application and clears the answers' references to them; an unfinished interview moves
to the alternative process (an interview with a person: ``alternative_requested``,
reason ``recording_consent_withdrawn``), a completed one to review by people only (the
AI's weight dropped with that code). Withdrawing AI_ANALYSIS is a ledger line and its
event: the AI gate (``privacy.gate``) reads the ledger before every scoring step.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from hireflow.interviews.portal import Portal
from hireflow.interviews.recordings import erase_recordings
from hireflow.platform.errors import FieldError, Invalid
from hireflow.platform.ids import now
from hireflow.platform.observability import logger
from hireflow.privacy.consent import PurposeState
from hireflow.privacy.model import Purpose
from hireflow.privacy.notices import PORTAL_PURPOSES, ShownNotice
from hireflow.recruiting.model import Candidate, TimelineEntry

WITHDRAWN = "recording_consent_withdrawn"
WITHDRAWN_TEXT = "withdrew consent to recording: the recordings were deleted"


class PurposeView(BaseModel):
    purpose: Purpose
    text: str  # the consent text, in the person's language
    required: bool  # needed to record online (without it: the alternative process)
    state: PurposeState | None  # None: not asked yet
    agreed: str | None = None  # the words of the latest line: what the person chose on
    # False: changed elsewhere (the talent pool's own toggle on the page after the
    # interview); the panel shows its state only
    changeable: bool = True
    withdrawn: bool = False  # not given now, though an earlier line gave it


class ConsentsView(BaseModel):
    notice: ShownNotice
    purposes: list[PurposeView]
    interview: str  # open | completed
    alternative_requested: bool
    recordings_deleted: int | None = None  # after a withdrawal of recording


class ConsentChoice(BaseModel):
    given: bool


@dataclass(frozen=True)
class PortalConsents:
    portal: Portal

    def view(self, token: str, session_token: str) -> ConsentsView:
        candidate, _ = self.portal.in_session(token, session_token)
        return self._view(candidate)

    def _view(self, candidate: Candidate, deleted: int | None = None) -> ConsentsView:
        portal = self.portal
        notice = portal.privacy_notices.shown(candidate.branch_id, candidate.locale)
        state = portal.consents.state(candidate.id)
        lines = portal.consents.ledger.current(candidate.id)
        once_given = {e.purpose for e in portal.consents.entries(candidate.id) if e.given}
        interview = portal.interviews.interview(candidate.id, candidate.round)
        shown = [p for p in PORTAL_PURPOSES if p in notice.purposes]
        if Purpose.TALENT_POOL in lines or Purpose.TALENT_POOL in notice.purposes:
            shown.append(Purpose.TALENT_POOL)
        return ConsentsView(
            notice=notice,
            purposes=[
                PurposeView(
                    purpose=p,
                    text=notice.purposes.get(p) or lines[p].text,
                    required=p == Purpose.RECORDING,
                    state=state.get(p),
                    agreed=lines[p].text if p in lines else None,
                    changeable=p in PORTAL_PURPOSES,
                    withdrawn=p in lines and not lines[p].given and p in once_given,
                )
                for p in shown
            ],
            interview="completed" if interview and interview.completed_at else "open",
            alternative_requested=bool(interview and interview.alternative_requested_at),
            recordings_deleted=deleted,
        )

    def choose(
        self, token: str, session_token: str, purpose: str, choice: ConsentChoice
    ) -> ConsentsView:
        portal = self.portal
        candidate, interview = portal.in_session(token, session_token)
        try:
            chosen = Purpose(purpose)
        except ValueError as exc:
            raise Invalid(
                "the notice does not ask for this consent here",
                [FieldError("purpose", "not asked", "consent_not_asked")],
                code="consent_not_asked",
            ) from exc
        before = portal.recording_allowed(candidate.id, interview)
        portal.choose(candidate, {chosen: choice.given})
        deleted = None
        if chosen == Purpose.RECORDING:
            if choice.given and interview.completed_at is None:
                at = now()
                portal.interviews.change(
                    candidate.id,
                    interview.round,
                    lambda i: None if i.consent_at else i.model_copy(update={"consent_at": at}),
                )
            elif not choice.given and (before or interview.answers):
                deleted = self.recording_withdrawn(candidate)
        return self._view(portal.candidates.get(candidate.id) or candidate, deleted)

    def recording_withdrawn(self, candidate: Candidate) -> int:
        """Honour a withdrawn recording consent: every recording of every round gone,
        the answers' references cleared, the application to a process without AI.
        Idempotent (``consent.changed`` may ask again)."""
        portal = self.portal
        deleted = erase_recordings(portal.media_bucket, candidate.id)
        for round_ in range(1, candidate.round + 1):
            portal.interviews.change(
                candidate.id,
                round_,
                lambda i: None if i == i.without_media() else i.without_media(),
            )
        interview = portal.interviews.interview(candidate.id, candidate.round)
        if interview is not None and interview.completed_at is None:
            portal.ask_alternative(candidate, interview, WITHDRAWN_TEXT, WITHDRAWN)
        elif candidate.ai_dropped_in(candidate.round) is None:
            self._people_only(candidate)
        logger.info("recordings deleted on withdrawal", candidate_id=candidate.id, count=deleted)
        return deleted

    def _people_only(self, candidate: Candidate) -> None:
        """A completed interview: people review and decide on their own scores."""
        portal = self.portal
        dropped = candidate.model_copy(
            update={
                "ai_dropped": WITHDRAWN_TEXT,
                "ai_dropped_code": WITHDRAWN,
                "ai_dropped_round": candidate.round,
                "updated_at": now(),
            }
        )
        with portal.uow() as uow:
            uow.save(dropped)
            uow.commit()
        portal.candidates.note(
            TimelineEntry(
                candidate_id=candidate.id,
                status=candidate.status,
                actor="candidate",
                note=WITHDRAWN_TEXT,
                note_code=WITHDRAWN,
            )
        )

"""Video interviews (one per round), the candidate's link token and portal session,
and the open invitations filed by deadline.

Access patterns:
- a candidate's interview of a round: GetItem pk=CANDIDATE#<id>, sk=INTERVIEW#<round>
- the candidate behind a link: GetItem pk=TOKEN#<sha256 of the token>, sk=TOKEN
- a verified candidate's session: GetItem pk=SESSION#<sha256 of the session>, sk=SESSION
- invitations due within a day (reminders): Query pk=DEADLINE#<yyyy-mm-dd>
- wrong phone numbers given for a link (a counter): GetItem pk=CANDIDATE#<id>,
  sk=WRONG_PHONES#<round>
- wrong phone numbers from one source address in a window (a counter, with a TTL):
  GetItem pk=VERIFY_SOURCE#<sha256 of the address>, sk=WINDOW#<window start>
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, Field

from hireflow.platform.ids import now
from hireflow.platform.store import (
    ItemKeys,
    Repository,
    RevisionConflict,
    Stored,
    give_back_slot,
    read_counter,
    take_slot,
)


def token_hash(token: str) -> str:
    """Tokens are stored only as their SHA-256: a leaked table gives no working link."""
    return hashlib.sha256(token.encode()).hexdigest()


class Answer(BaseModel):
    question_id: str
    media_key: str | None = None
    # The S3 object version (and its ETag) accepted as the recording: the one scored, and
    # the one HR watches. Later writes to the key are refused and deleted.
    media_version: str | None = None
    media_etag: str | None = None
    uploaded_at: datetime | None = None
    scored_at: datetime | None = None  # assessed: scored, or with insufficient evidence
    needs_attention: str | None = None  # broken media or a failure: a person must fix it
    needs_attention_code: str | None = None  # the reason in any language
    needs_attention_params: dict[str, Any] = Field(default_factory=dict)
    # Assessed, but the AI could not judge it (too short, silent, no speech): why. The
    # answer is left out of the AI scores; the application still goes to review.
    insufficient_evidence: str | None = None
    insufficient_evidence_code: str | None = None
    insufficient_evidence_params: dict[str, Any] = Field(default_factory=dict)
    # Times HR re-ran the scoring of this recording (after a fix): each run is a new claim.
    rescores: int = 0
    # Kept for human review only: the AI gate refused (privacy.gate) - the code
    # (ai_off_branch | ai_off_position | ai_off_consent_missing | ai_off_consent_withdrawn)
    # and its words (HQ's reason for a switch). Never transcribed, never analysed; assessed
    # (``scored_at``) so the round goes on to review, with the AI's weight dropped.
    ai_withheld: str | None = None
    ai_withheld_reason: str | None = None


# Why an attempt in flight was lost: the page was reloaded or closed during the answer
# (found when the page comes back), or the upload could not get through before the
# attempt's time ran out (a dropped connection).
InterruptionCause = Literal["reload", "connection"]
# An interrupted attempt earns one extra attempt at its question, once per question: a
# second interruption (or a third) is recorded, but earns nothing more.
INTERRUPTION_RETAKES = 1


class Interruption(BaseModel):
    """An attempt lost in flight: granted, but its recording never arrived while the
    candidate was there. Its object may still arrive later (``late_*``): kept, never
    deleted, and it is the question's answer only if no later attempt's recording is."""

    attempt: int
    media_key: str
    granted_at: datetime | None = None
    interrupted_at: datetime
    cause: InterruptionCause
    late_version: str | None = None
    late_etag: str | None = None
    late_uploaded_at: datetime | None = None


class Interview(Stored):
    KIND = "interview"

    candidate_id: str
    round: int
    template_id: str
    template_version: int
    question_ids: list[str]
    deadline: datetime
    token_hash: str
    invited_at: datetime = Field(default_factory=now)
    invitation_sent_at: datetime | None = None
    completed_at: datetime | None = None
    reminded_at: datetime | None = None
    # When HR last sent a reminder by hand (the scheduled one keeps ``reminded_at``).
    hr_reminded_at: datetime | None = None
    answers: dict[str, Answer] = Field(default_factory=dict)
    # The candidate portal's side: verification (the wrong numbers are a counter item),
    # consent, per-question timing.
    locked_at: datetime | None = None
    verified_at: datetime | None = None
    consent_at: datetime | None = None
    alternative_requested_at: datetime | None = None
    alternative_reason: str | None = None
    question_started: dict[str, datetime] = Field(default_factory=dict)
    upload_attempts: dict[str, int] = Field(default_factory=dict)
    # Each question's latest upload grant: the one object key it may still accept, once.
    granted_keys: dict[str, str] = Field(default_factory=dict)
    # When each question's latest grant was issued, and the attempts lost in flight.
    granted_at: dict[str, datetime] = Field(default_factory=dict)
    interruptions: dict[str, list[Interruption]] = Field(default_factory=dict)

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.candidate_id, self.round))

    def without_media(self) -> Interview:
        """The interview once its recordings are deleted (the person withdrew consent to
        recording, or an erasure): no answer or late object points at a recording."""
        media = {"media_key": None, "media_version": None, "media_etag": None}
        late = {"late_version": None, "late_etag": None}
        return self.model_copy(
            update={
                "answers": {q: a.model_copy(update=media) for q, a in self.answers.items()},
                "interruptions": {
                    q: [i.model_copy(update=late) for i in lost]
                    for q, lost in self.interruptions.items()
                },
            }
        )

    @staticmethod
    def key(candidate_id: str, round_: int) -> tuple[str, str]:
        return f"CANDIDATE#{candidate_id}", f"INTERVIEW#{round_:02d}"

    # ------------------------------------------------ the attempt rules
    def in_flight(self, question_id: str) -> str | None:
        """The question's latest attempt's key if it is still waiting for its recording:
        granted, nothing recorded for it, not already counted as interrupted."""
        key = self.granted_keys.get(question_id)
        answer = self.answers.get(question_id)
        if key is None or self.completed_at or (answer and answer.media_key == key):
            return None
        if any(i.media_key == key for i in self.interruptions.get(question_id, [])):
            return None
        return key

    def latest_interrupted(self, question_id: str) -> bool:
        """The question's latest attempt was interrupted (and its recording is not the
        answer)."""
        key = self.granted_keys.get(question_id)
        answer = self.answers.get(question_id)
        if key is None or (answer and answer.media_key == key):
            return False
        return any(i.media_key == key for i in self.interruptions.get(question_id, []))

    def attempts_allowed(self, question_id: str, retakes_allowed: int) -> int:
        """1 + the template's retakes + one for an interruption (only one per question,
        however many reloads: a reload must not become a way to unlimited retakes). An
        interrupted attempt whose recording became the answer after all earns nothing."""
        lost = [
            i
            for i in self.interruptions.get(question_id, [])
            if not ((answer := self.answers.get(question_id)) and answer.media_key == i.media_key)
        ]
        return 1 + retakes_allowed + min(len(lost), INTERRUPTION_RETAKES)

    def attempts_left(self, question_id: str, retakes_allowed: int) -> int:
        used = self.upload_attempts.get(question_id, 0)
        return max(0, self.attempts_allowed(question_id, retakes_allowed) - used)

    def interrupted(
        self, question_id: str, attempt: int, cause: InterruptionCause, at: datetime
    ) -> Interview | None:
        """Record the question's attempt in flight as interrupted; None when there is
        nothing to record (no such attempt in flight: a duplicate report, an older
        attempt, a recording that arrived)."""
        key = self.in_flight(question_id)
        if key is None or self.upload_attempts.get(question_id) != attempt:
            return None
        lost = Interruption(
            attempt=attempt,
            media_key=key,
            granted_at=self.granted_at.get(question_id),
            interrupted_at=at,
            cause=cause,
        )
        return self.model_copy(
            update={
                "interruptions": {
                    **self.interruptions,
                    question_id: [*self.interruptions.get(question_id, []), lost],
                }
            }
        )

    def interruption_of(self, question_id: str, key: str) -> Interruption | None:
        return next(
            (i for i in self.interruptions.get(question_id, []) if i.media_key == key), None
        )

    @property
    def all_scored(self) -> bool:
        """Every recorded answer is assessed, scored or with insufficient evidence (a
        question the candidate skipped has none)."""
        return all(a.scored_at is not None for a in self.answers.values() if a.media_key)


class PortalSession(Stored):
    """A verified candidate's short-lived session (stored as the hash of its token)."""

    KIND = "portal_session"

    session_hash: str
    candidate_id: str
    round: int
    expires: datetime

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.session_hash))

    @staticmethod
    def key(session_hash: str) -> tuple[str, str]:
        return f"SESSION#{session_hash}", "SESSION"

    def expires_at(self) -> datetime | None:
        return self.expires


class InvitationToken(Stored):
    KIND = "invitation_token"

    token_hash: str
    candidate_id: str
    round: int
    deadline: datetime

    def item_keys(self) -> ItemKeys:
        return ItemKeys(*self.key(self.token_hash))

    @staticmethod
    def key(token_hash: str) -> tuple[str, str]:
        return f"TOKEN#{token_hash}", "TOKEN"

    def expires_at(self) -> datetime | None:
        return self.deadline + timedelta(days=30)


class DeadlineEntry(Stored):
    """An open invitation, filed under the day of its deadline for the reminder sweep."""

    KIND = "deadline"

    candidate_id: str
    round: int
    deadline: datetime

    def item_keys(self) -> ItemKeys:
        return ItemKeys(
            pk=self.of_day(self.deadline.date().isoformat()),
            sk=f"{self.deadline.isoformat()}#{self.candidate_id}",
        )

    @staticmethod
    def of_day(day: str) -> str:
        return f"DEADLINE#{day}"

    def expires_at(self) -> datetime | None:
        return self.deadline + timedelta(days=7)


def _wrong_phones(candidate_id: str, round_: int) -> tuple[str, str]:
    return f"CANDIDATE#{candidate_id}", f"WRONG_PHONES#{round_:02d}"


def _source_window(source: str, window_start: datetime) -> tuple[str, str]:
    return f"VERIFY_SOURCE#{token_hash(source)}", f"WINDOW#{window_start.isoformat()}"


class InterviewRepository:
    def __init__(self) -> None:
        self._interviews = Repository(Interview)
        self._tokens = Repository(InvitationToken)
        self._deadlines = Repository(DeadlineEntry)
        self._sessions = Repository(PortalSession)

    def interview(self, candidate_id: str, round_: int) -> Interview | None:
        return self._interviews.get(*Interview.key(candidate_id, round_))

    def latest(self, candidate_id: str, last_round: int) -> Interview | None:
        """The latest round that had a video interview (a second round is in person)."""
        for round_ in range(last_round, 0, -1):
            found = self.interview(candidate_id, round_)
            if found is not None:
                return found
        return None

    def change(
        self, candidate_id: str, round_: int, edit: Callable[[Interview], Interview | None]
    ) -> Interview | None:
        """Read-modify-write with optimistic locking, retried when another writer got
        there first. ``edit`` returns the changed interview, or None to change nothing;
        it may raise to refuse. Returns the stored result (None if there is no interview)."""
        for _ in range(8):
            interview = self.interview(candidate_id, round_)
            if interview is None:
                return None
            changed = edit(interview)
            if changed is None:
                return interview
            try:
                return self._interviews.save(changed)
            except RevisionConflict:
                continue
        raise RevisionConflict("the interview is changing too often; try again")

    def save(self, interview: Interview) -> Interview:
        """Save over the revision read; RevisionConflict if someone else saved first."""
        return self._interviews.save(interview)

    def session(self, session_token: str) -> PortalSession | None:
        return self._sessions.get(*PortalSession.key(token_hash(session_token)))

    def open_session(self, session: PortalSession) -> None:
        self._sessions.put(session)

    def by_token(self, token: str) -> InvitationToken | None:
        return self._tokens.get(*InvitationToken.key(token_hash(token)))

    def add_token(self, token: InvitationToken) -> None:
        """Another link to the same interview (a reminder's)."""
        self._tokens.put(token)

    # Wrong phone numbers are counted before the number is checked (``take_slot``): racing
    # attempts cannot get more checks than the limit. A right number gives its slot back.
    def count_wrong_phone(self, candidate_id: str, round_: int, limit: int) -> int | None:
        """Count an attempt at the link's phone number; None once ``limit`` are counted."""
        return take_slot(*_wrong_phones(candidate_id, round_), limit)

    def uncount_wrong_phone(self, candidate_id: str, round_: int) -> None:
        give_back_slot(*_wrong_phones(candidate_id, round_))

    def wrong_phones(self, candidate_id: str, round_: int) -> int:
        return read_counter(*_wrong_phones(candidate_id, round_))

    def count_source_attempt(
        self, source: str, window_start: datetime, window: timedelta, limit: int
    ) -> int | None:
        """Count an attempt from a source address in its window; None once ``limit``."""
        expires = window_start + window + timedelta(hours=1)
        return take_slot(*_source_window(source, window_start), limit, expires)

    def uncount_source_attempt(self, source: str, window_start: datetime) -> None:
        give_back_slot(*_source_window(source, window_start))

    def deadlines_on(self, day: str) -> list[DeadlineEntry]:
        return list(self._deadlines.iterate(DeadlineEntry.of_day(day)))


# The items under an application's partition that are the interviews' (erasure): each
# round's interview and its wrong-phone counter.
INTERVIEW_SORT_PREFIXES = ("INTERVIEW#", "WRONG_PHONES#")


def recordings_prefix(candidate_id: str) -> str:
    """The S3 folder of every recording of every round of an application."""
    return f"answers/{candidate_id}/"

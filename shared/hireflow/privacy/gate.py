"""The AI gate: every step that would have the AI process an application's answers asks
here first (scoring, transcription included: Amazon Transcribe is AI analysis of the
voice). docs/privacy.md, "The AI switch (HQ)".

Blocked, in this order: HQ switched AI scoring off for the branch, or for the position;
the person never consented to AI analysis, or withdrew the consent (the latest ledger
line for ``ai_analysis`` says not given).

The bridge to the one-box consent: before the consent ledger, the portal's single
checkbox (``Interview.consent_at``) stood for recording and AI analysis together, and
the portal sets it when recording is given. Only an application with NO ledger line at
all (an interview verified before the ledger) whose interview has ``consent_at`` counts
as consented: once a person used the separate consents, an ``ai_analysis`` line given is
the only consent (recording alone is not consent to analysis); a line with
``given=False``, or no consent at all, blocks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from hireflow.platform.messages import CodedText
from hireflow.privacy.model import AiBlocked, ConsentLedger, PrivacyRepository, Purpose


@dataclass(frozen=True)
class AiGate:
    ledger: ConsentLedger
    repository: PrivacyRepository

    def check(
        self,
        candidate_id: str,
        branch_id: str,
        position_id: str,
        *,
        one_box_consent: datetime | None = None,
    ) -> AiBlocked | None:
        """Why the AI must not analyse this application's answers now (None: it may).
        ``one_box_consent``: when the interview's single consent box was ticked (the
        bridge above)."""
        branch = self.repository.branch(branch_id)
        if branch is not None and branch.ai_scoring_off:
            return AiBlocked(
                reason="switched_off_branch", since=branch.changed_at, note=branch.off_reason
            )
        switch = self.repository.position_switch(position_id)
        if switch is not None and switch.ai_scoring_off:
            return AiBlocked(
                reason="switched_off_position", since=switch.changed_at, note=switch.off_reason
            )
        lines = self.ledger.current(candidate_id)
        entry = lines.get(Purpose.AI_ANALYSIS)
        if entry is not None:
            return None if entry.given else AiBlocked(reason="consent_withdrawn", since=entry.at)
        if one_box_consent is not None and not lines:
            return None
        return AiBlocked(reason="consent_missing")


# The code each reason gives the candidate's dropped AI (``Candidate.ai_dropped_code``)
# and the answers it withheld (``Answer.ai_withheld``): web/shared/messages.js says them.
DROP_CODES: dict[str, str] = {
    "consent_missing": "ai_off_consent_missing",
    "consent_withdrawn": "ai_off_consent_withdrawn",
    "switched_off_branch": "ai_off_branch",
    "switched_off_position": "ai_off_position",
}
DROP_TEXTS: dict[str, str] = {
    "ai_off_consent_missing": "the candidate did not consent to AI analysis",
    "ai_off_consent_withdrawn": "the candidate withdrew the consent to AI analysis",
    "ai_off_branch": "HQ switched AI scoring off for the branch",
    "ai_off_position": "HQ switched AI scoring off for the position",
}


def drop_reason(blocked: AiBlocked) -> CodedText:
    """Why the AI's weight is dropped, in English with its code (HQ's reason for a
    switch follows the words)."""
    code = DROP_CODES[blocked.reason]
    text = DROP_TEXTS[code]
    return CodedText(f"{text}: {blocked.note}" if blocked.note else text, code)


CONSENT_WITHDRAWN = drop_reason(AiBlocked(reason="consent_withdrawn"))

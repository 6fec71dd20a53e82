"""An application's statuses and the moves between them: one table, pure rules.

The workflow, HR and the candidate portal all ask here: whether HR may invite, whether
there is something to decide, whether an interview link still works. Any status may go
to needs_attention: a failed step is never silent.

Two statuses wait for a person (``waits_for_hr``): needs_attention (HR re-runs scoring,
reviews without the AI, or invites again) and alternative_requested (the candidate asked
for a process without AI: HR schedules an interview with a person, or declines the
request and the video interview stays open). See docs/human-oversight.md.
"""

from __future__ import annotations

from enum import StrEnum

from hireflow.platform.errors import Conflict


class CandidateStatus(StrEnum):
    IMPORTED = "imported"
    INVITED = "invited"
    ALTERNATIVE_REQUESTED = "alternative_requested"
    COMPLETED = "completed"
    IN_REVIEW = "in_review"
    SECOND_ROUND = "second_round"
    OFFER_PENDING = "offer_pending"
    OFFER_SENT = "offer_sent"
    HIRED = "hired"
    OFFER_DECLINED = "offer_declined"
    OFFER_EXPIRED = "offer_expired"
    OFFER_WITHDRAWN = "offer_withdrawn"
    REJECTED = "rejected"
    EXPIRED = "expired"
    NEEDS_ATTENTION = "needs_attention"
    # A periodic re-assessment of an employee, scored and kept with the employee (no
    # decision: people/reassessment.py).
    REASSESSED = "reassessed"


S = CandidateStatus
_DECISIONS = frozenset({S.REJECTED, S.SECOND_ROUND, S.OFFER_PENDING})


# Each status as people read it in the files the app writes (the PDF review file, the
# .xlsx export); the HR app has its own texts (web/hr/i18n.js).
STATUS_NAMES: dict[str, dict[CandidateStatus, str]] = {
    "zh": {
        S.IMPORTED: "已导入",
        S.INVITED: "已邀请",
        S.ALTERNATIVE_REQUESTED: "申请人工面试",
        S.COMPLETED: "已完成",
        S.IN_REVIEW: "评审中",
        S.SECOND_ROUND: "复试",
        S.OFFER_PENDING: "录用中",
        S.OFFER_SENT: "已发offer",
        S.HIRED: "已录用",
        S.OFFER_DECLINED: "拒绝offer",
        S.OFFER_EXPIRED: "offer已过期",
        S.OFFER_WITHDRAWN: "offer已撤回",
        S.REJECTED: "未录用",
        S.EXPIRED: "已过期",
        S.NEEDS_ATTENTION: "需要处理",
        S.REASSESSED: "已完成复评",
    },
    "en": {
        S.IMPORTED: "Imported",
        S.INVITED: "Invited",
        S.ALTERNATIVE_REQUESTED: "Asked for no AI",
        S.COMPLETED: "Completed",
        S.IN_REVIEW: "In review",
        S.SECOND_ROUND: "Second round",
        S.OFFER_PENDING: "Offer",
        S.OFFER_SENT: "Offer sent",
        S.HIRED: "Hired",
        S.OFFER_DECLINED: "Offer declined",
        S.OFFER_EXPIRED: "Offer expired",
        S.OFFER_WITHDRAWN: "Offer withdrawn",
        S.REJECTED: "Rejected",
        S.EXPIRED: "Expired",
        S.NEEDS_ATTENTION: "Needs attention",
        S.REASSESSED: "Re-assessed",
    },
}

# Where an application may go from each status (besides needs_attention, always allowed).
TRANSITIONS: dict[CandidateStatus, frozenset[CandidateStatus]] = {
    S.IMPORTED: frozenset({S.INVITED}),
    S.INVITED: frozenset({S.COMPLETED, S.EXPIRED, S.ALTERNATIVE_REQUESTED}),
    # HR declines the request (back to the open invitation) or schedules an interview with
    # a person (to review, without AI); the candidate may still record, or the link runs out.
    S.ALTERNATIVE_REQUESTED: frozenset({S.INVITED, S.IN_REVIEW, S.COMPLETED, S.EXPIRED}),
    S.COMPLETED: frozenset({S.IN_REVIEW}),
    # A re-assessment's round, once scored, is closed with the employee instead.
    S.IN_REVIEW: _DECISIONS | {S.REASSESSED},
    S.SECOND_ROUND: _DECISIONS,
    # HR drafts the offer and it passes the approval chain; then the letter goes out.
    S.OFFER_PENDING: frozenset({S.OFFER_SENT, S.OFFER_WITHDRAWN}),
    S.OFFER_SENT: frozenset({S.HIRED, S.OFFER_DECLINED, S.OFFER_EXPIRED, S.OFFER_WITHDRAWN}),
    S.HIRED: frozenset(),
    S.OFFER_DECLINED: frozenset(),
    S.OFFER_EXPIRED: frozenset(),
    S.OFFER_WITHDRAWN: frozenset(),
    S.REJECTED: frozenset(),
    S.EXPIRED: frozenset({S.INVITED}),
    # HR invites again; or the flagged invitation (e.g. a locked link) runs out; HR re-runs
    # the scoring of an answer (back to completed); people review without the AI.
    S.NEEDS_ATTENTION: frozenset({S.INVITED, S.EXPIRED, S.COMPLETED, S.IN_REVIEW}),
    S.REASSESSED: frozenset(),
}

# The application has ended: the retention clock of the rejection runs (docs/privacy.md
# "Retention"). Expired is among them though HR may invite again: a re-opened application
# is no longer ended, and the sweep waits.
ENDED = frozenset({S.REJECTED, S.EXPIRED, S.OFFER_DECLINED, S.OFFER_EXPIRED, S.OFFER_WITHDRAWN})


class IllegalMove(Conflict):
    """The application cannot go there from where it is."""


def can_move(current: CandidateStatus, to: CandidateStatus) -> bool:
    return to == S.NEEDS_ATTENTION or to in TRANSITIONS[current]


def require_move(current: CandidateStatus, to: CandidateStatus) -> None:
    if not can_move(current, to):
        raise IllegalMove(f"a candidate who is {current.value} cannot become {to.value}")


def invitable(status: CandidateStatus) -> bool:
    """HR may (re-)invite to a video interview (an open invitation whose candidate asked
    for another process is answered, not replaced)."""
    return can_move(status, S.INVITED) and status != S.ALTERNATIVE_REQUESTED


def decidable(status: CandidateStatus) -> bool:
    """Reviewers score and someone decides: reject, second round or offer."""
    return TRANSITIONS[status] >= _DECISIONS


def interview_open(status: CandidateStatus) -> bool:
    """The candidate's interview link works (the interview can still be completed): an
    invitation, also while HR answers a request for another process."""
    return status in (S.INVITED, S.ALTERNATIVE_REQUESTED)


def waits_for_hr(status: CandidateStatus) -> bool:
    """A person must act: listed for HR (dashboard, attention badge) and e-mailed."""
    return status in (S.NEEDS_ATTENTION, S.ALTERNATIVE_REQUESTED)


# The reason an application waits because the AI could not use answers of its complete
# round (``scoring.steps``): only then is there a recording whose scoring HR may re-run.
ANSWERS_UNUSABLE = "answers_unusable"


def rescorable(status: CandidateStatus, reason_code: str | None) -> bool:
    """HR may re-run the scoring of the round's unusable answers (after a fix)."""
    return status == S.NEEDS_ATTENTION and reason_code == ANSWERS_UNUSABLE

"""An application's statuses and the moves between them: one table, pure rules.

The workflow, HR and the candidate portal all ask here: whether HR may invite, whether
there is something to decide, whether an interview link still works. Any status may go
to needs_attention: a failed step is never silent.
"""

from __future__ import annotations

from enum import StrEnum

from hireflow.platform.errors import Conflict


class CandidateStatus(StrEnum):
    IMPORTED = "imported"
    INVITED = "invited"
    COMPLETED = "completed"
    IN_REVIEW = "in_review"
    SECOND_ROUND = "second_round"
    OFFER_PENDING = "offer_pending"
    REJECTED = "rejected"
    EXPIRED = "expired"
    NEEDS_ATTENTION = "needs_attention"


S = CandidateStatus
_DECISIONS = frozenset({S.REJECTED, S.SECOND_ROUND, S.OFFER_PENDING})


# Each status as people read it in the files the app writes (the PDF review file, the
# .xlsx export); the HR app has its own texts (web/hr/i18n.js).
STATUS_NAMES: dict[str, dict[CandidateStatus, str]] = {
    "zh": {
        S.IMPORTED: "已导入",
        S.INVITED: "已邀请",
        S.COMPLETED: "已完成",
        S.IN_REVIEW: "评审中",
        S.SECOND_ROUND: "复试",
        S.OFFER_PENDING: "录用中",
        S.REJECTED: "未录用",
        S.EXPIRED: "已过期",
        S.NEEDS_ATTENTION: "需要处理",
    },
    "en": {
        S.IMPORTED: "Imported",
        S.INVITED: "Invited",
        S.COMPLETED: "Completed",
        S.IN_REVIEW: "In review",
        S.SECOND_ROUND: "Second round",
        S.OFFER_PENDING: "Offer",
        S.REJECTED: "Rejected",
        S.EXPIRED: "Expired",
        S.NEEDS_ATTENTION: "Needs attention",
    },
}

# Where an application may go from each status (besides needs_attention, always allowed).
TRANSITIONS: dict[CandidateStatus, frozenset[CandidateStatus]] = {
    S.IMPORTED: frozenset({S.INVITED}),
    S.INVITED: frozenset({S.COMPLETED, S.EXPIRED}),
    S.COMPLETED: frozenset({S.IN_REVIEW}),
    S.IN_REVIEW: _DECISIONS,
    S.SECOND_ROUND: _DECISIONS,
    S.OFFER_PENDING: frozenset(),
    S.REJECTED: frozenset(),
    S.EXPIRED: frozenset({S.INVITED}),
    # HR invites again; or the flagged invitation (e.g. a locked link) runs out.
    S.NEEDS_ATTENTION: frozenset({S.INVITED, S.EXPIRED}),
}


class IllegalMove(Conflict):
    """The application cannot go there from where it is."""


def can_move(current: CandidateStatus, to: CandidateStatus) -> bool:
    return to == S.NEEDS_ATTENTION or to in TRANSITIONS[current]


def require_move(current: CandidateStatus, to: CandidateStatus) -> None:
    if not can_move(current, to):
        raise IllegalMove(f"a candidate who is {current.value} cannot become {to.value}")


def invitable(status: CandidateStatus) -> bool:
    """HR may (re-)invite to a video interview."""
    return can_move(status, S.INVITED)


def decidable(status: CandidateStatus) -> bool:
    """Reviewers score and someone decides: reject, second round or offer."""
    return TRANSITIONS[status] >= _DECISIONS


def interview_open(status: CandidateStatus) -> bool:
    """The candidate's interview link works (the interview can still be completed)."""
    return can_move(status, S.COMPLETED)

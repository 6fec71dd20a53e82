"""What the caller may do with one candidate now: the role rules
(``identity.permissions``) crossed with the status table (``recruiting.status``).

The HR app shows a button only for an action listed here, and the routes refuse what
is not: both ask the same two sources, so a shown button is never a 403 or a 409.
"""

from __future__ import annotations

from enum import StrEnum

from hireflow.identity.model import Caller
from hireflow.identity.permissions import may_decide, may_manage_candidate, may_review
from hireflow.recruiting.model import Candidate
from hireflow.recruiting.status import CandidateStatus, decidable, invitable


class CandidateAction(StrEnum):
    EDIT = "edit"  # contact details, interview language
    ASSIGN = "assign"  # position, interviewer, hiring manager
    INVITE = "invite"  # to a video interview
    REMIND = "remind"  # an invited candidate, by hand (at most once an hour)
    REVIEW = "review"  # a scorecard for the current round
    DECIDE = "decide"  # reject, second round or offer


def candidate_actions(caller: Caller, candidate: Candidate) -> list[str]:
    """The actions open to ``caller``, in a stable order (none on a candidate out of reach)."""
    if not candidate.readable_by(caller):
        return []
    manages = may_manage_candidate(caller, candidate.branch_id)
    in_review = decidable(candidate.status)
    allowed = {
        CandidateAction.EDIT: manages,
        CandidateAction.ASSIGN: manages,
        CandidateAction.INVITE: manages and invitable(candidate.status),
        CandidateAction.REMIND: manages and candidate.status == CandidateStatus.INVITED,
        CandidateAction.REVIEW: in_review and may_review(caller, candidate.assignees),
        CandidateAction.DECIDE: in_review
        and may_decide(caller, candidate.branch_id, candidate.hiring_manager_id),
    }
    return [action.value for action, yes in allowed.items() if yes]

"""What the caller may do with one candidate now: the role rules
(``identity.permissions``) crossed with the status table (``recruiting.status``).

The HR app shows a button only for an action listed here, and the routes refuse what
is not: both ask the same two sources, so a shown button is never a 403 or a 409.
"""

from __future__ import annotations

from enum import StrEnum

from hireflow.identity.model import Caller
from hireflow.identity.permissions import (
    Capability,
    can,
    may_decide,
    may_manage_candidate,
    may_review,
)
from hireflow.recruiting.model import Candidate
from hireflow.recruiting.status import (
    CandidateStatus,
    decidable,
    invitable,
    rescorable,
)


class CandidateAction(StrEnum):
    EDIT = "edit"  # contact details, interview language
    ASSIGN = "assign"  # position, interviewer, hiring manager
    INVITE = "invite"  # to a video interview
    REMIND = "remind"  # an invited candidate, by hand (at most once an hour)
    REVIEW = "review"  # a scorecard for the current round
    DECIDE = "decide"  # reject, second round or offer
    # People take over where the AI cannot advise (docs/human-oversight.md), from
    # needs_attention: invite again with a message saying why, re-run the scoring of the
    # answers the AI could not use (the recordings say which), or review and decide
    # without the AI (its weight dropped).
    REINVITE = "reinvite"
    RESCORE = "rescore"
    REVIEW_WITHOUT_AI = "review_without_ai"
    # From alternative_requested: an interview with a person, or the request declined.
    SCHEDULE_IN_PERSON = "schedule_in_person"
    DECLINE_ALTERNATIVE = "decline_alternative"


def candidate_actions(caller: Caller, candidate: Candidate) -> list[str]:
    """The actions open to ``caller``, in a stable order (none on a candidate out of reach)."""
    if not candidate.readable_by(caller):
        return []
    manages = may_manage_candidate(caller, candidate.branch_id)
    in_review = decidable(candidate.status)
    takes_over = manages and can(caller, Capability.TAKE_OVER)
    attention = candidate.status == CandidateStatus.NEEDS_ATTENTION
    asked = candidate.status == CandidateStatus.ALTERNATIVE_REQUESTED
    # A re-assessment takes its contact details from the employee and is never decided:
    # its round closes once scored (people/reassessment.py).
    application = candidate.employee_id is None
    allowed = {
        CandidateAction.EDIT: manages and application,
        CandidateAction.ASSIGN: manages,
        CandidateAction.INVITE: manages and invitable(candidate.status),
        CandidateAction.REMIND: manages and candidate.status == CandidateStatus.INVITED,
        CandidateAction.REVIEW: in_review and may_review(caller, candidate.assignees),
        CandidateAction.DECIDE: in_review
        and application
        and may_decide(caller, candidate.branch_id, candidate.hiring_manager_id),
        CandidateAction.REINVITE: takes_over and attention and invitable(candidate.status),
        CandidateAction.RESCORE: takes_over
        and rescorable(candidate.status, candidate.status_reason_code),
        CandidateAction.REVIEW_WITHOUT_AI: takes_over and attention,
        CandidateAction.SCHEDULE_IN_PERSON: takes_over and asked,
        CandidateAction.DECLINE_ALTERNATIVE: takes_over and asked,
    }
    return [action.value for action, yes in allowed.items() if yes]

"""The offer's rules as pure functions: which terms are acceptable, which levels of a chain
apply to an offer, who approves at each, and when a level is settled.

- A level applies ``always``, when the salary is ``above_band`` (above the position's band
  maximum), or when it is above an amount (``salary_above``, monthly).
- ``any``: one approval settles the level; ``all``: every approver; ``n_of_m``: N of them.
- One rejection at any level returns the offer to HR with its comment (one objection is
  enough to rethink an offer; approvers who have not voted are no longer asked).
- An approver votes for themself; HQ HR and admins may vote on behalf of a named approver
  of the level (the vote records both people).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Literal

from hireflow.identity.model import Caller
from hireflow.identity.permissions import HQ, has_role
from hireflow.offers.model import (
    ApprovalChain,
    Approver,
    ApproverRef,
    ChainLevel,
    OfferTerms,
    ResolvedLevel,
    Vote,
)
from hireflow.platform.errors import Conflict, FieldError, Forbidden, Invalid
from hireflow.recruiting.model import SalaryBand

Outcome = Literal["pending", "approved", "rejected"]


def out_of_band(terms: OfferTerms, band: SalaryBand | None) -> Literal["above", "below"] | None:
    if band is None or band.currency != terms.currency:
        return None
    if terms.monthly_salary > band.maximum:
        return "above"
    if terms.monthly_salary < band.minimum:
        return "below"
    return None


def check_terms(terms: OfferTerms, band: SalaryBand | None, today: date) -> None:
    """Raise Invalid with every reason the terms cannot go out as they are."""
    errors: list[FieldError] = []
    if terms.start_date <= today:
        errors.append(
            FieldError("start_date", "the start date must be in the future", "start_date_past")
        )
    if terms.response_deadline < today:
        errors.append(
            FieldError(
                "response_deadline", "the answer deadline has passed", "deadline_passed_offer"
            )
        )
    if terms.response_deadline >= terms.start_date:
        errors.append(
            FieldError(
                "response_deadline",
                "the answer deadline must be before the start date",
                "deadline_after_start",
            )
        )
    if band and band.currency != terms.currency:
        errors.append(
            FieldError(
                "currency",
                f"the position's salary band is in {band.currency}",
                "currency_not_band",
                {"currency": band.currency},
            )
        )
    side = out_of_band(terms, band)
    if side and band and not (terms.out_of_band_reason or "").strip():
        errors.append(
            FieldError(
                "out_of_band_reason",
                f"the salary is {side} the position's band "
                f"({band.minimum}-{band.maximum} {band.currency}); say why",
                "salary_out_of_band",
                {"minimum": band.minimum, "maximum": band.maximum, "currency": band.currency},
            )
        )
    if errors:
        raise Invalid("the offer cannot go out as it is", errors, code="offer_invalid")


def applies(level: ChainLevel, terms: OfferTerms, band: SalaryBand | None) -> bool:
    if level.condition == "above_band":
        return out_of_band(terms, band) == "above"
    if level.condition == "salary_above":
        return terms.monthly_salary > (level.salary_above or 0)
    return True


class NoApprover(Conflict):
    """A level of the chain names nobody who could approve."""


def resolve(
    chain: ApprovalChain,
    terms: OfferTerms,
    band: SalaryBand | None,
    people: Callable[[ApproverRef], list[Approver]],
) -> list[ResolvedLevel]:
    """The levels that apply to these terms, with their approvers as people."""
    resolved: list[ResolvedLevel] = []
    for level in chain.levels:
        if not applies(level, terms, band):
            continue
        approvers: dict[str, Approver] = {}
        for ref in level.approvers:
            for person in people(ref):
                approvers.setdefault(person.user_id, person)
        if not approvers:
            raise NoApprover(
                f"nobody can approve at the level {level.name!r}; ask HQ to fix the chain",
                code="no_approver",
                params={"level": level.name},
            )
        needed = {"any": 1, "all": len(approvers)}.get(level.rule, level.required or 1)
        resolved.append(
            ResolvedLevel(
                index=len(resolved),
                name=level.name,
                rule=level.rule,
                needed=min(needed, len(approvers)),
                approvers=list(approvers.values()),
                why=level.condition,
            )
        )
    return resolved


def outcome(level: ResolvedLevel, votes: list[Vote]) -> Outcome:
    """Where a level stands after these votes (the level's own votes)."""
    if any(v.decision == "reject" for v in votes):
        return "rejected"
    approvals = {v.approver_id for v in votes if v.decision == "approve"}
    return "approved" if len(approvals) >= level.needed else "pending"


def may_vote_for(caller: Caller, level: ResolvedLevel, approver_id: str) -> bool:
    """The approver themself, or HQ (HR, admin) on the approver's behalf."""
    if approver_id not in {a.user_id for a in level.approvers}:
        return False
    return caller.user_id == approver_id or has_role(caller, *HQ)


def require_vote(
    caller: Caller, level: ResolvedLevel, votes: list[Vote], on_behalf_of: str | None
) -> str:
    """Whose vote the caller casts (their own, or ``on_behalf_of``'s); refused otherwise."""
    approver_id = on_behalf_of or caller.user_id
    if not may_vote_for(caller, level, approver_id):
        if on_behalf_of:
            raise Forbidden(
                "only HQ may approve on behalf of an approver of this level",
                code="not_on_behalf",
            )
        raise Forbidden("you are not an approver of this level", code="not_an_approver")
    if any(v.approver_id == approver_id for v in votes):
        raise Conflict("this approver has voted already", code="already_voted")
    return approver_id


def waiting_for(level: ResolvedLevel, votes: list[Vote]) -> list[Approver]:
    voted = {v.approver_id for v in votes}
    return [a for a in level.approvers if a.user_id not in voted]

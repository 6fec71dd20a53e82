"""The talent pool (docs/talent.md "The talent pool"): the candidate's consent (asked in
the portal, which the rejection letter links to), joining when an application ends with
that consent, HR's list, tags and removals, and an invitation from the pool - a new
application of the same person.

Nobody joins without consent; a withdrawal removes the entry at once; an entry is kept
until ``retain_until`` (settings ``pool_retention_days``) and DynamoDB's TTL deletes it
then (reads filter on it meanwhile)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, Field

from hireflow.audit.service import audited_write, record
from hireflow.identity.model import Caller
from hireflow.identity.permissions import Capability, list_scope, require, require_branch
from hireflow.interviews.portal import Portal
from hireflow.platform.errors import NotFound
from hireflow.platform.ids import now
from hireflow.platform.unit_of_work import UnitOfWorkFactory
from hireflow.privacy.model import Purpose
from hireflow.recruiting.model import (
    Candidate,
    CandidateRepository,
    PositionRepository,
    ResumeRepository,
)
from hireflow.recruiting.service import CandidateDraft, CandidateService
from hireflow.reviews.model import ReviewRepository
from hireflow.reviews.service import read_round_scores
from hireflow.scoring.model import ScoringRepository
from hireflow.talent.model import (
    POOL_STATUSES,
    ConsentChannel,
    PoolConsent,
    PoolEntry,
    PoolReason,
    PoolRepository,
)

NOTICE_VERSION = "1"


def consent_text(days: int) -> dict[str, str]:
    """What the candidate agrees to (version ``NOTICE_VERSION``), in both languages."""
    return {
        "zh": (
            f"同意后，若本次申请未获录用，我们会将您的姓名、应聘岗位、简历中的技能与工作年限"
            f"以及面试各能力维度的得分保存在公司人才库中，最长 {days} 天，到期自动删除。"
            "仅本公司的招聘人员（您应聘分支机构的 HR 与总部 HR）可以查看，用于向您推荐新的"
            "职位；新的职位邀请由您自行决定是否接受。您可以随时在此页面撤回同意，撤回后"
            "您的信息会立即从人才库中删除。"
        ),
        "en": (
            "If you agree and this application does not lead to a job, we keep your name, "
            "the position you applied for, the skills and experience on your résumé and "
            f"your interview's competency scores in our talent pool for up to {days} days, "
            "then delete them automatically. Only our recruiters (HR of the branch you "
            "applied to and head-office HR) see them, to suggest new openings to you; you "
            "decide whether to accept any invitation. You can withdraw on this page at any "
            "time, and your details are removed from the pool at once."
        ),
    }


class ConsentRequest(BaseModel):
    given: bool


class ConsentView(BaseModel):
    given: bool | None  # None: not asked yet
    channel: ConsentChannel | None = None
    at: datetime | None = None
    in_pool: bool
    retention_days: int
    notice_version: str = NOTICE_VERSION
    text: dict[str, str]


class TagsChange(BaseModel):
    tags: list[str] = Field(max_length=20)


class PoolInvitation(BaseModel):
    position_id: str


# An application ended as: its status (or the offer's answer) -> the pool's reason.
REASONS: dict[str, PoolReason] = {s: s for s in POOL_STATUSES}  # type: ignore[misc]
OFFER_ANSWERS: dict[str, PoolReason] = {"declined": "offer_declined", "expired": "offer_expired"}


@dataclass(frozen=True)
class TalentPool:
    pool: PoolRepository
    candidates: CandidateRepository
    candidate_service: CandidateService
    positions: PositionRepository
    resumes: ResumeRepository
    scoring: ScoringRepository
    reviews: ReviewRepository
    portal: Portal
    uow: UnitOfWorkFactory
    retention_days: int = 365

    # ---------------------------------------------------------- the candidate's consent
    def consent(self, token: str, session: str) -> ConsentView:
        return self._view(self.portal.verified(token, session))

    def set_consent(
        self, token: str, session: str, request: ConsentRequest, channel: ConsentChannel
    ) -> ConsentView:
        candidate = self.portal.verified(token, session)
        consent = PoolConsent(
            candidate_id=candidate.id,
            given=request.given,
            channel=channel,
            notice_version=NOTICE_VERSION,
        )
        _, notice = self.portal.privacy_notices.of_branch(candidate.branch_id)
        last = self.portal.consents.ledger.current(candidate.id).get(Purpose.TALENT_POOL)
        with self.uow() as uow:
            uow.put(consent)
            if not request.given:  # withdrawn: out of the pool at once
                uow.delete_key(PoolEntry.key(candidate.id))
            # The consent ledger's line (docs/privacy.md "Consent and notice"): the words
            # this toggle showed, under the branch's notice, in the same transaction.
            if last is None or last.given != request.given:  # the same choice: no line
                self.portal.consents.record(
                    uow,
                    candidate.id,
                    candidate.branch_id,
                    Purpose.TALENT_POOL,
                    request.given,
                    notice,
                    candidate.locale,
                    channel,
                    shown=consent_text(self.retention_days)[candidate.locale],
                )
            uow.commit()
        reason = REASONS.get(candidate.status.value)
        if request.given and reason:  # the application has ended already: join now
            self._join(candidate, reason)
        return self._view(candidate)

    def _view(self, candidate: Candidate) -> ConsentView:
        consent = self.pool.consent(candidate.id)
        return ConsentView(
            given=consent.given if consent else None,
            channel=consent.channel if consent else None,
            at=consent.at if consent else None,
            in_pool=self.pool.entry(candidate.id) is not None,
            retention_days=self.retention_days,
            text=consent_text(self.retention_days),
        )

    # ---------------------------------------------------------- joining (bus reactions)
    def application_ended(self, detail: dict[str, Any]) -> str:
        """candidate.rejected / candidate.expired / offer.answered: join with consent."""
        reason = OFFER_ANSWERS.get(detail["answer"]) if "answer" in detail else None
        reason = reason or REASONS.get(detail.get("status", ""))
        candidate = self.candidates.get(detail["candidate_id"])
        if candidate is None or reason is None or candidate.employee_id:
            return "ignored"
        return self._join(candidate, reason)

    def _join(self, candidate: Candidate, reason: PoolReason) -> str:
        consent = self.pool.consent(candidate.id)
        if consent is None or not consent.given:
            return "no_consent"
        if self.pool.entry(candidate.id) is not None:
            return "already_in_pool"  # a second delivery, or consent given twice
        resume = self.resumes.get(candidate.id)
        fields = resume.fields if resume else None
        joined = now()
        entry = PoolEntry(
            candidate_id=candidate.id,
            branch_id=candidate.branch_id,
            position_id=candidate.position_id,
            name=candidate.name,
            reason=reason,
            joined_at=joined,
            retain_until=joined + timedelta(days=self.retention_days),
            skills=list(dict.fromkeys(c.key for c in [*fields.skills, *fields.certificates]))
            if fields
            else [],
            dimension_scores=self.dimension_scores(candidate),
            experience_months=fields.experience_months if fields else 0,
        )
        with self.uow() as uow:
            uow.put(entry)
            uow.commit()
        return "joined"

    def dimension_scores(self, candidate: Candidate) -> dict[str, float]:
        """The latest round's scores per dimension: combined where people scored, else
        the AI's (the rule of /scores); a dimension with neither is left out."""
        if candidate.round < 1:
            return {}
        position = self.positions.get(candidate.position_id)
        scores = read_round_scores(self.reviews, self.scoring, candidate, position, candidate.round)
        return {d.key: d.combined for d in scores.dimensions if d.combined is not None}

    # ---------------------------------------------------------- HR
    def list(
        self, caller: Caller, branch_id: str | None, tag: str | None, q: str | None
    ) -> list[PoolEntry]:
        require(caller, Capability.TALENT_POOL, action="reading the talent pool")
        entries = self.pool.entries(list_scope(caller, branch_id))
        if tag:
            entries = [e for e in entries if tag in e.tags]
        if q:
            words = q.strip().lower()
            entries = [
                e
                for e in entries
                if words in e.name.lower() or any(words in s for s in [*e.skills, *e.tags])
            ]
        return sorted(entries, key=lambda e: e.joined_at, reverse=True)

    def _entry(self, caller: Caller, candidate_id: str) -> PoolEntry:
        require(caller, Capability.TALENT_POOL, action="changing the talent pool")
        entry = self.pool.entry(candidate_id)
        if entry is None or not caller.can_see_branch(entry.branch_id):
            raise NotFound("no such person in the talent pool", code="pool_entry_not_found")
        return entry

    def set_tags(self, caller: Caller, candidate_id: str, change: TagsChange) -> PoolEntry:
        entry = self._entry(caller, candidate_id)
        tags = list(dict.fromkeys(t.strip() for t in change.tags if t.strip()))
        with self.uow() as uow:
            saved = audited_write(
                uow,
                caller,
                "talent_pool.tags",
                entry.model_copy(update={"tags": tags}),
                entity_id=candidate_id,
                branch_id=entry.branch_id,
                before=entry,
            )
            uow.commit()
        return saved

    def remove(self, caller: Caller, candidate_id: str) -> None:
        entry = self._entry(caller, candidate_id)
        with self.uow() as uow:
            uow.delete_key(PoolEntry.key(candidate_id))
            record(
                uow,
                caller,
                "talent_pool.remove",
                branch_id=entry.branch_id,
                entity=entry,
                entity_id=candidate_id,
                before=entry,
            )
            uow.commit()

    def invite(self, caller: Caller, candidate_id: str, invitation: PoolInvitation) -> Candidate:
        """A new application of the pool's person to ``position_id``: the same name and
        contacts, linked to the earlier application (``person_id``), the résumé kept."""
        require(caller, Capability.ADD_CANDIDATES, action="inviting from the talent pool")
        entry = self._entry(caller, candidate_id)
        earlier = self.candidates.get(candidate_id)
        position = self.positions.get(invitation.position_id)
        if earlier is None:
            raise NotFound("no such person in the talent pool", code="pool_entry_not_found")
        if position is None:
            raise NotFound("position not found", code="position_not_found")
        require_branch(caller, position.branch_id, "position")
        draft = CandidateDraft(
            name=earlier.name,
            phone=earlier.phone,
            email=earlier.email,
            branch_id=position.branch_id,
            position_id=position.id,
            locale=earlier.locale,
            channel=earlier.channel,
        )
        created = self.candidate_service.create(
            caller,
            draft,
            source="pool",
            position=position,
            person_id=earlier.person_id or earlier.id,
        )
        resume = self.resumes.get(earlier.id)
        if resume:  # the same file, its reading and HR's corrections
            self.resumes.put(
                resume.model_copy(
                    update={
                        "candidate_id": created.id,
                        "branch_id": created.branch_id,
                        "revision": 0,
                    }
                )
            )
        with self.uow() as uow:
            audited_write(
                uow,
                caller,
                "talent_pool.invite",
                entry.model_copy(update={"invited_to": [*entry.invited_to, created.id]}),
                entity_id=candidate_id,
                branch_id=entry.branch_id,
                before=entry,
            )
            uow.commit()
        return created

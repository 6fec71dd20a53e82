"""Notes colleagues leave on a candidate (who, when, what): anyone who may see the
candidate reads and adds them, so they stay within the candidate's branch."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, Field

from hireflow.audit.service import audited_write
from hireflow.identity.model import Caller
from hireflow.organisation.model import OrganisationRepository
from hireflow.platform.unit_of_work import UnitOfWorkFactory
from hireflow.recruiting.model import CandidateNote, CandidateRepository
from hireflow.recruiting.service import CandidateService


class NoteDraft(BaseModel):
    text: str = Field(min_length=1, max_length=2000)


@dataclass(frozen=True)
class CandidateNotes:
    candidates: CandidateService
    repository: CandidateRepository
    organisation: OrganisationRepository
    uow: UnitOfWorkFactory

    def list(self, caller: Caller, candidate_id: str) -> list[CandidateNote]:
        candidate = self.candidates.get(caller, candidate_id)
        return self.repository.notes(candidate.id)

    def add(self, caller: Caller, candidate_id: str, draft: NoteDraft) -> CandidateNote:
        candidate = self.candidates.get(caller, candidate_id)
        author = self.organisation.get_user(caller.user_id)
        note = CandidateNote(
            candidate_id=candidate.id,
            branch_id=candidate.branch_id,
            text=draft.text.strip() or draft.text,
            author=caller.username,
            author_name=author.display_name if author else None,
        )
        with self.uow() as uow:
            created = audited_write(
                uow,
                caller,
                "candidate.note",
                note,
                entity_id=candidate.id,
                branch_id=candidate.branch_id,
            )
            uow.commit()
        return created

"""Positions (job openings): what HR opens in a branch, the competency model each is
assessed against, and how AI and human scores combine for it."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, Field

from hireflow.assessment.model import CompetencyModel, TemplateRepository
from hireflow.audit.service import audited_write
from hireflow.identity.model import Caller
from hireflow.identity.permissions import Capability, list_scope, require
from hireflow.organisation.model import OrganisationRepository
from hireflow.platform.errors import FieldError, Forbidden, Invalid, NotFound
from hireflow.platform.ids import new_id
from hireflow.platform.unit_of_work import UnitOfWork, UnitOfWorkFactory, check_revision
from hireflow.recruiting.events import PositionOpened
from hireflow.recruiting.model import Position, PositionFields, PositionRepository, ScoreWeights


class PositionDraft(PositionFields):
    """What a client sends to create a position (the id is made up if not given)."""

    id: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9-]{0,59}$")


class PositionChange(BaseModel):
    title: str | None = Field(default=None, min_length=1, max_length=120)
    title_zh: str | None = Field(default=None, max_length=120)
    template_id: str | None = None
    competency_model: CompetencyModel | None = None
    score_weights: ScoreWeights | None = None
    open: bool | None = None
    # HQ's switch: tell candidates where they stand (docs/talent.md "Candidate feedback").
    share_percentile: bool | None = None
    revision: int | None = None


def _hq_shares_percentile(caller: Caller, before: bool, after: bool) -> None:
    """Whether candidates are told their percentile is HQ's call: branch HR may not turn
    it on or off (docs/talent.md "Candidate feedback")."""
    if before != after and not caller.is_hq:
        raise Forbidden(
            "only HQ decides whether candidates are told where they stand",
            code="share_percentile_hq_only",
        )


@dataclass(frozen=True)
class PositionService:
    positions: PositionRepository
    organisation: OrganisationRepository
    templates: TemplateRepository
    uow: UnitOfWorkFactory

    def list_positions(self, caller: Caller, branch_id: str | None) -> list[Position]:
        scope = list_scope(caller, branch_id)
        return self.positions.of_branch(scope) if scope else self.positions.all()

    def get(self, caller: Caller, position_id: str) -> Position:
        position = self.positions.get(position_id)
        if position is None or not caller.can_see_branch(position.branch_id):
            raise NotFound("position not found", code="position_not_found")
        return position

    def _check_references(self, branch_id: str, template_id: str | None) -> None:
        if self.organisation.get_branch(branch_id) is None:
            raise Invalid(
                "unknown branch",
                [FieldError("branch_id", "no such branch", "no_such_branch")],
                code="unknown_branch",
            )
        if template_id and self.templates.current(template_id) is None:
            raise Invalid(
                "unknown template",
                [FieldError("template_id", "no such template", "no_such_template")],
                code="unknown_template",
            )

    def create(self, caller: Caller, draft: PositionDraft) -> Position:
        require(caller, Capability.EDIT_POSITIONS, action="creating a position")
        if not caller.can_see_branch(draft.branch_id):
            raise Forbidden(
                "you can create positions only in your own branch", code="own_branch_only"
            )
        _hq_shares_percentile(caller, False, draft.share_percentile)
        self._check_references(draft.branch_id, draft.template_id)
        position = Position(
            **{**draft.model_dump(), "id": draft.id or new_id(), "openings": int(draft.open)}
        )
        with self.uow() as uow:
            saved = audited_write(
                uow,
                caller,
                "position.create",
                position,
                entity_id=position.id,
                branch_id=position.branch_id,
            )
            _publish_opening(uow, position)
            uow.commit(on_duplicate=f"the position id {position.id!r} is taken; choose another")
        return saved

    def update(self, caller: Caller, position_id: str, change: PositionChange) -> Position:
        require(caller, Capability.EDIT_POSITIONS, action="editing a position")
        current = self.get(caller, position_id)
        check_revision(current, change.revision, "position")
        fields = change.model_dump(exclude_unset=True, exclude={"revision"})
        updated = Position.model_validate({**current.model_dump(), **fields})
        reopened = updated.open and not current.open
        if reopened:
            updated = updated.model_copy(update={"openings": current.openings + 1})
        _hq_shares_percentile(caller, current.share_percentile, updated.share_percentile)
        self._check_references(updated.branch_id, updated.template_id)
        with self.uow() as uow:
            saved = audited_write(
                uow,
                caller,
                "position.update",
                updated,
                entity_id=position_id,
                branch_id=updated.branch_id,
                before=current,
            )
            if reopened:
                _publish_opening(uow, updated)
            uow.commit()
        return saved

    def reweigh(
        self, uow: UnitOfWork, caller: Caller, template_id: str, weights: dict[str, float]
    ) -> list[Position]:
        """Keep the competency models of the positions interviewed with ``template_id`` in
        step with its new dimension weights, in the caller's unit of work: the template's
        weights make the AI overall, the position's the human and combined overalls
        (reviews/scores.py), so both move together. A position whose dimensions are not
        the template's is left as it is (its weights were never the template's)."""
        changed = []
        for position in self.positions.all():
            model = position.competency_model
            if position.template_id != template_id or {d.key for d in model.dimensions} != set(
                weights
            ):
                continue
            dimensions = [d.model_copy(update={"weight": weights[d.key]}) for d in model.dimensions]
            updated = position.model_copy(
                update={"competency_model": CompetencyModel(dimensions=dimensions)}
            )
            changed.append(
                audited_write(
                    uow,
                    caller,
                    "position.update",
                    updated,
                    entity_id=position.id,
                    branch_id=position.branch_id,
                    before=position,
                )
            )
        return changed


def _publish_opening(uow: UnitOfWork, position: Position) -> None:
    """An open position's opening is a fact (the talent pool is matched to it): created
    open, or opened again (``openings`` counts them, so each is its own event)."""
    if position.open:
        uow.publish(
            PositionOpened(
                position_id=position.id, branch_id=position.branch_id, opening=position.openings
            )
        )

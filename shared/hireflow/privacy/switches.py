"""HQ's switch of AI scoring, per branch and per position (docs/privacy.md, "The AI
switch (HQ)"). Off: answers recorded from then on are kept for human review only - never
transcribed or analysed - and the round's AI weight is dropped (``privacy.gate``).
Switching needs a reason (shown to HR with the switch) and is audited; switching back on
affects only answers recorded afterwards."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from hireflow.audit.service import audited_write
from hireflow.identity.model import Caller
from hireflow.identity.permissions import Capability, require
from hireflow.organisation.model import OrganisationRepository
from hireflow.platform.errors import FieldError, Invalid, NotFound
from hireflow.platform.ids import now
from hireflow.platform.unit_of_work import UnitOfWorkFactory
from hireflow.privacy.model import BranchPrivacy, PositionAiSwitch, PrivacyRepository

# The jurisdiction a branch gets when HQ switches its AI before its privacy settings were
# made (the consent part configures jurisdictions; the switch never changes one).
DEFAULT_JURISDICTION = "default"


class AiSwitchChange(BaseModel):
    """Switch AI scoring off (a reason is required: HR read it) or back on."""

    off: bool
    reason: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] | None = None


class BranchAiSwitch(BaseModel):
    """A branch's switch, and the switches of its positions HQ has set (on or off again:
    the last change stays visible)."""

    branch_id: str
    name: str
    name_zh: str | None = None
    ai_scoring_off: bool = False
    off_reason: str | None = None
    changed_by: str | None = None
    changed_at: str | None = None
    positions: list[PositionAiSwitch] = Field(default_factory=list)


class AiSwitchOverview(BaseModel):
    """Every branch in reach with its switches."""

    items: list[BranchAiSwitch] = Field(default_factory=list)


@dataclass(frozen=True)
class AiSwitches:
    repository: PrivacyRepository
    organisation: OrganisationRepository
    uow: UnitOfWorkFactory
    # A position's branch (None: no such position) - recruiting's, wired by bootstrap.
    position_branch: Callable[[str], str | None]

    def overview(self, caller: Caller) -> AiSwitchOverview:
        """HQ: every branch and switched position; branch HR: their own branch's."""
        require(caller, Capability.READ_AI_SWITCH, action="reading the AI switches")
        branches = [b for b in self.organisation.list_branches() if caller.can_see_branch(b.id)]
        settings = {
            s.branch_id: s for s in self.repository.branches.iterate(BranchPrivacy.key("")[0])
        }
        positions: dict[str, list[PositionAiSwitch]] = {}
        for switch in self.repository.position_switches.iterate(PositionAiSwitch.key("")[0]):
            positions.setdefault(switch.branch_id, []).append(switch)
        items = []
        for branch in branches:
            setting = settings.get(branch.id)
            items.append(
                BranchAiSwitch(
                    branch_id=branch.id,
                    name=branch.name,
                    name_zh=branch.name_zh,
                    ai_scoring_off=bool(setting and setting.ai_scoring_off),
                    off_reason=setting.off_reason if setting else None,
                    changed_by=setting.changed_by if setting else None,
                    changed_at=(
                        setting.changed_at.isoformat() if setting and setting.changed_at else None
                    ),
                    positions=positions.get(branch.id, []),
                )
            )
        return AiSwitchOverview(items=items)

    def switch_branch(
        self, caller: Caller, branch_id: str, change: AiSwitchChange
    ) -> BranchPrivacy:
        require(caller, Capability.SWITCH_AI, action="switching AI scoring")
        if self.organisation.get_branch(branch_id) is None:
            raise NotFound(f"no branch {branch_id}", code="branch_not_found")
        reason = self._reason(change)
        before = self.repository.branch(branch_id)
        base = before or BranchPrivacy(branch_id=branch_id, jurisdiction_id=DEFAULT_JURISDICTION)
        after = base.model_copy(
            update={
                "ai_scoring_off": change.off,
                "off_reason": reason,
                "changed_by": caller.username,
                "changed_at": now(),
            }
        )
        with self.uow() as uow:
            saved = audited_write(
                uow,
                caller,
                "privacy.ai_switch.branch",
                after,
                entity_id=branch_id,
                branch_id=branch_id,
                before=before,
            )
            uow.commit()
        return saved

    def switch_position(
        self, caller: Caller, position_id: str, change: AiSwitchChange
    ) -> PositionAiSwitch:
        require(caller, Capability.SWITCH_AI, action="switching AI scoring")
        branch_id = self.position_branch(position_id)
        if branch_id is None:
            raise NotFound(f"no position {position_id}", code="position_not_found")
        reason = self._reason(change)
        before = self.repository.position_switch(position_id)
        after = PositionAiSwitch(
            position_id=position_id,
            branch_id=branch_id,
            ai_scoring_off=change.off,
            off_reason=reason,
            changed_by=caller.username,
        )
        with self.uow() as uow:
            saved = audited_write(
                uow,
                caller,
                "privacy.ai_switch.position",
                after,
                entity_id=position_id,
                branch_id=branch_id,
                before=before,
            )
            uow.commit()
        return saved

    @staticmethod
    def _reason(change: AiSwitchChange) -> str | None:
        """Switching off needs a reason; switching on keeps an optional note."""
        if change.off and not change.reason:
            raise Invalid(
                "say why AI scoring is switched off: HR read it",
                [FieldError("reason", "required", "ai_switch_reason_required")],
                code="ai_switch_reason_required",
            )
        return change.reason or None

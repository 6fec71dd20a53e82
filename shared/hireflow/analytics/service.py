"""What the analytics screens read, and HQ's decisions on weight proposals
(docs/analytics.md "Reading the results").

Reads are GetItem or one Query on what the job stored; nothing is computed here. HQ reads
everything; branch HR read their branch's group analysis; a hiring manager reads the
people reporting to them who fit well and perform poorly. Weight proposals are applied
only by a person at HQ, only when the adverse-impact check ran and found nothing under
four fifths, and only on the template version they were fitted to: the template gets a
new version (``assessment.service``, the one way templates change) and the positions it
interviews for get the same competency weights, with the proposal marked, in one
transaction, audited.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field

from hireflow.analytics.model import (
    FOUR_FIFTHS,
    AnalyticsRepository,
    AnalyticsRun,
    FairnessReport,
    GroupAnalysis,
    Named,
    PositionCalibration,
    PositionValidity,
    WeightProposal,
)
from hireflow.assessment.model import TemplateRepository
from hireflow.assessment.service import TemplateService
from hireflow.audit.service import audited_write
from hireflow.identity.model import HQ_BRANCH_ID, Caller, Role
from hireflow.identity.permissions import Capability, has_role, require
from hireflow.platform.errors import Conflict, Forbidden, NotFound
from hireflow.platform.ids import now
from hireflow.platform.unit_of_work import UnitOfWorkFactory
from hireflow.recruiting.positions import PositionService

ALL = "ALL"


class Alert(BaseModel):
    """Something on the overview HQ should look at."""

    kind: Literal["calibration", "fairness", "proposal"]
    position: Named | None = None
    branch: Named | None = None
    flagged: Literal["higher", "lower"] | None = None
    p_value: float | None = None
    scope: str | None = None
    stage: str | None = None
    category: str | None = None
    value: str | None = None
    impact_ratio: float | None = None
    proposal_id: str | None = None


class Overview(BaseModel):
    last_run: AnalyticsRun | None
    positions: int  # with a validity result
    positions_with_enough_data: int
    open_proposals: int
    alerts: list[Alert]


class Dismissal(BaseModel):
    reason: str = Field(min_length=1, max_length=1000)
    revision: int | None = None


class Application(BaseModel):
    # The proposal's revision the page showed (optional): a change meanwhile is a 409.
    revision: int | None = None


class Applied(BaseModel):
    proposal: WeightProposal
    template_id: str
    template_version: int
    positions: list[str]


def _fairness_alerts(reports: list[FairnessReport]) -> list[Alert]:
    return [
        Alert(
            kind="fairness",
            position=report.position,
            scope=report.scope,
            stage=stage.stage,
            category=cell.category,
            value=cell.value,
            impact_ratio=cell.impact_ratio,
        )
        for report in reports
        for stage in report.stages
        for cell in stage.cells
        if cell.alert
    ]


@dataclass(frozen=True)
class AnalyticsReader:
    results: AnalyticsRepository

    def _hq(self, caller: Caller) -> None:
        require(caller, Capability.READ_ANALYTICS, action="reading the company's analytics")

    def overview(self, caller: Caller) -> Overview:
        self._hq(caller)
        validity = self.results.all_validity()
        proposals = [p for p in self.results.proposals() if p.status == "proposed"]
        alerts = [
            Alert(
                kind="calibration",
                position=c.position,
                branch=b.branch,
                flagged=b.flagged,
                p_value=b.p_value,
            )
            for c in self.results.all_calibration()
            for b in c.branches
            if b.flagged
        ]
        alerts += _fairness_alerts(self.results.all_fairness())
        alerts += [Alert(kind="proposal", position=p.position, proposal_id=p.id) for p in proposals]
        return Overview(
            last_run=self.results.last_run(),
            positions=len(validity),
            positions_with_enough_data=sum(any(d.enough for d in v.dimensions) for v in validity),
            open_proposals=len(proposals),
            alerts=alerts,
        )

    def validity(self, caller: Caller) -> list[PositionValidity]:
        self._hq(caller)
        return self.results.all_validity()

    def proposals(self, caller: Caller, position_id: str | None) -> list[WeightProposal]:
        self._hq(caller)
        found = self.results.proposals(position_id)
        return sorted(found, key=lambda p: p.computed_at, reverse=True)

    def proposal(self, caller: Caller, proposal_id: str) -> WeightProposal:
        self._hq(caller)
        found = self.results.proposal(proposal_id)
        if found is None:
            raise NotFound("weight proposal not found", code="proposal_not_found")
        return found

    def calibration(self, caller: Caller) -> list[PositionCalibration]:
        self._hq(caller)
        return self.results.all_calibration()

    def fairness(self, caller: Caller) -> list[FairnessReport]:
        self._hq(caller)
        reports = self.results.all_fairness()
        return sorted(reports, key=lambda r: (r.scope != ALL, r.scope))

    def groups(self, caller: Caller, branch_id: str | None) -> GroupAnalysis | None:
        """HQ: the company's (or one branch's); branch HR: their branch's; a hiring
        manager: their branch's people who report to them, no group averages."""
        require(caller, Capability.READ_GROUPS, action="reading the group analysis")
        if caller.is_hq:
            return self.results.groups(branch_id or ALL)
        if branch_id and branch_id != caller.branch_id:
            raise Forbidden("you can read only your own branch", code="own_branch_only")
        found = self.results.groups(caller.branch_id)
        if found is None or has_role(caller, Role.BRANCH_HR):
            return found
        return found.model_copy(
            update={
                "groups": [],
                "high_fit_low_performance": [
                    i for i in found.high_fit_low_performance if i.manager_id == caller.user_id
                ],
            }
        )


@dataclass(frozen=True)
class WeightDecisions:
    """HQ applies or dismisses a weight proposal; nothing applies one by itself."""

    results: AnalyticsRepository
    templates: TemplateRepository
    template_service: TemplateService
    positions: PositionService
    uow: UnitOfWorkFactory

    def _open(self, caller: Caller, proposal_id: str, revision: int | None) -> WeightProposal:
        require(caller, Capability.DECIDE_ANALYTICS, action="deciding on weight proposals")
        proposal = self.results.proposal(proposal_id)
        if proposal is None:
            raise NotFound("weight proposal not found", code="proposal_not_found")
        if proposal.status != "proposed":
            raise Conflict(
                f"the proposal is {proposal.status} already",
                code="proposal_not_open",
                params={"status": proposal.status},
            )
        if revision is not None and revision != proposal.revision:
            raise Conflict(
                "the proposal changed meanwhile; reload it",
                code="edited_meanwhile",
                params={"revision": proposal.revision, "edited": revision},
            )
        return proposal

    def apply(self, caller: Caller, proposal_id: str, application: Application) -> Applied:
        proposal = self._open(caller, proposal_id, application.revision)
        if proposal.adverse_impact is None:
            raise Conflict(
                "the adverse-impact check has not run on this proposal; it cannot be applied",
                code="impact_check_missing",
            )
        alerts = proposal.impact_alerts
        if alerts:
            worst = min(alerts, key=lambda c: c.impact_ratio or 0.0)
            raise Conflict(
                f"the proposal's adverse-impact check has {len(alerts)} impact ratio(s) under "
                f"{FOUR_FIFTHS} (lowest: {worst.category} {worst.value} "
                f"{worst.impact_ratio}); it cannot be applied",
                code="impact_check_alert",
                params={
                    "alerts": len(alerts),
                    "category": worst.category,
                    "value": worst.value,
                    "ratio": worst.impact_ratio,
                },
            )
        current = self.templates.current(proposal.template_id)
        if current is None or current.version != proposal.template_version:
            raise Conflict(
                f"the template is at version {current.version if current else '-'}; the "
                f"proposal was fitted to version {proposal.template_version}",
                code="template_moved_on",
                params={
                    "version": current.version if current else None,
                    "proposed_for": proposal.template_version,
                },
            )
        weights = _normalised(proposal.proposed)
        if set(weights) != set(current.dimension_weights):
            raise Conflict(
                "the proposal's dimensions are not the template's",
                code="template_moved_on",
                params={"version": current.version, "proposed_for": proposal.template_version},
            )
        with self.uow() as uow:
            template = self.template_service.reweigh(uow, caller, current, weights)
            moved = self.positions.reweigh(uow, caller, proposal.template_id, weights)
            decided = proposal.model_copy(
                update={
                    "status": "applied",
                    "decided_by": caller.username,
                    "decided_at": now(),
                    "applied_version": template.version,
                    "applied_positions": [p.id for p in moved],
                }
            )
            saved = audited_write(
                uow,
                caller,
                "weight_proposal.apply",
                decided,
                entity_id=proposal.id,
                branch_id=HQ_BRANCH_ID,
                before=proposal,
            )
            uow.commit(on_duplicate="someone saved a new template version meanwhile; reload")
        return Applied(
            proposal=saved,
            template_id=template.id,
            template_version=template.version,
            positions=saved.applied_positions,
        )

    def dismiss(self, caller: Caller, proposal_id: str, dismissal: Dismissal) -> WeightProposal:
        proposal = self._open(caller, proposal_id, dismissal.revision)
        decided = proposal.model_copy(
            update={
                "status": "dismissed",
                "decided_by": caller.username,
                "decided_at": now(),
                "dismissed_reason": dismissal.reason.strip(),
            }
        )
        with self.uow() as uow:
            saved = audited_write(
                uow,
                caller,
                "weight_proposal.dismiss",
                decided,
                entity_id=proposal.id,
                branch_id=HQ_BRANCH_ID,
                before=proposal,
            )
            uow.commit()
        return saved


def _normalised(weights: dict[str, float]) -> dict[str, float]:
    """The proposal's weights summing to exactly 1 (the job rounds them for display)."""
    total = math.fsum(weights.values())
    return {k: v / total for k, v in weights.items()} if total > 0 else dict(weights)

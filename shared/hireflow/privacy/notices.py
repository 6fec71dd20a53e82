"""Notices per jurisdiction: HQ keeps the jurisdictions (the minimum notice period, the
purposes asked), publishes notice versions (never edited: a change is the next version)
and maps each branch to one. A branch with no mapping uses ``DEFAULT_JURISDICTION``; a
jurisdiction whose notice HQ never published reads the built-in version 1
(``notices.toml``), so a fresh install asks for consent in words that exist.
docs/privacy.md "Consent and notice"."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import resources
from typing import Literal

from pydantic import BaseModel, Field

from hireflow.audit.service import audited_write
from hireflow.identity.model import Caller
from hireflow.identity.permissions import HR, Capability, require, require_role
from hireflow.organisation.model import OrganisationRepository
from hireflow.platform.errors import FieldError, Invalid, NotFound
from hireflow.platform.unit_of_work import UnitOfWorkFactory
from hireflow.privacy.model import (
    BranchPrivacy,
    Jurisdiction,
    NoticeText,
    PrivacyNotice,
    PrivacyRepository,
    Purpose,
)

DEFAULT_JURISDICTION = "cn-mainland"
# The purposes the interview portal asks (the talent pool is asked where it is offered).
PORTAL_PURPOSES = (Purpose.RECORDING, Purpose.AI_ANALYSIS, Purpose.TRANSFER)


def _defaults() -> tuple[dict[str, Jurisdiction], dict[str, PrivacyNotice]]:
    raw = tomllib.loads(
        resources.files("hireflow.privacy").joinpath("notices.toml").read_text("utf-8")
    )
    jurisdictions, notices = {}, {}
    for jid, body in raw.items():
        notice = body.pop("notice")
        jurisdictions[jid] = Jurisdiction.model_validate({**body, "id": jid})
        notices[jid] = PrivacyNotice.model_validate(
            {
                "jurisdiction_id": jid,
                "version": 1,
                "general": {k: v.strip() for k, v in notice["general"].items()},
                "purposes": notice["purposes"],
            }
        )
    return jurisdictions, notices


# Read and validated once per process: a broken default text fails the cold start.
DEFAULT_JURISDICTIONS, DEFAULT_NOTICES = _defaults()


def opens_at(invited_at: datetime, business_days: int) -> datetime:
    """``invited_at`` plus ``business_days`` days Monday to Friday (public holidays are
    not modelled), at the same time of day."""
    at, left = invited_at, business_days
    while left > 0:
        at += timedelta(days=1)
        if at.weekday() < 5:
            left -= 1
    return at


class JurisdictionChange(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    name_zh: str | None = Field(default=None, max_length=100)
    min_notice_business_days: int = Field(default=0, ge=0, le=60)
    purposes: list[Purpose] = Field(min_length=1)


class NoticeDraft(BaseModel):
    """The next version of a jurisdiction's notice: the general text and one consent text
    per purpose the jurisdiction asks, each in Chinese and English."""

    general: NoticeText
    purposes: dict[Purpose, NoticeText]


class BranchMapping(BaseModel):
    jurisdiction_id: str = Field(min_length=1, max_length=40)


class JurisdictionView(Jurisdiction):
    """A jurisdiction with the branches that use it and its latest notice version."""

    branches: list[str] = Field(default_factory=list)
    latest_version: int | None = None
    built_in: bool = False  # never changed by HQ: the built-in defaults


class ShownNotice(BaseModel):
    """A notice as one person reads it: in their language."""

    jurisdiction_id: str
    jurisdiction: str
    version: int
    locale: Literal["zh", "en"]
    min_notice_business_days: int
    general: str
    purposes: dict[Purpose, str]


@dataclass(frozen=True)
class NoticeService:
    privacy: PrivacyRepository
    organisation: OrganisationRepository
    uow: UnitOfWorkFactory

    # -------------------------------------------------------------- reads (no caller)
    def jurisdiction(self, jurisdiction_id: str) -> Jurisdiction | None:
        return self.privacy.jurisdiction(jurisdiction_id) or DEFAULT_JURISDICTIONS.get(
            jurisdiction_id
        )

    def latest(self, jurisdiction_id: str) -> PrivacyNotice | None:
        return self.privacy.latest_notice(jurisdiction_id) or DEFAULT_NOTICES.get(jurisdiction_id)

    def version(self, jurisdiction_id: str, version: int) -> PrivacyNotice | None:
        stored = self.privacy.notice(jurisdiction_id, version)
        default = DEFAULT_NOTICES.get(jurisdiction_id)
        return stored or (default if default and version == 1 else None)

    def of_branch(self, branch_id: str) -> tuple[Jurisdiction, PrivacyNotice]:
        """The jurisdiction a branch's candidates are under, and its current notice."""
        mapped = self.privacy.branch(branch_id)
        jid = mapped.jurisdiction_id if mapped else DEFAULT_JURISDICTION
        jurisdiction = self.jurisdiction(jid) or DEFAULT_JURISDICTIONS[DEFAULT_JURISDICTION]
        notice = self.latest(jurisdiction.id) or DEFAULT_NOTICES[DEFAULT_JURISDICTION]
        return jurisdiction, notice

    def opens_at(self, branch_id: str, invited_at: datetime) -> datetime:
        jurisdiction, _ = self.of_branch(branch_id)
        return opens_at(invited_at, jurisdiction.min_notice_business_days)

    def shown(self, branch_id: str, locale: Literal["zh", "en"]) -> ShownNotice:
        jurisdiction, notice = self.of_branch(branch_id)
        return ShownNotice(
            jurisdiction_id=jurisdiction.id,
            jurisdiction=(jurisdiction.name_zh if locale == "zh" else None) or jurisdiction.name,
            version=notice.version,
            locale=locale,
            min_notice_business_days=jurisdiction.min_notice_business_days,
            general=getattr(notice.general, locale),
            purposes={
                p: getattr(text, locale)
                for p, text in notice.purposes.items()
                if p in jurisdiction.purposes
            },
        )

    # -------------------------------------------------------------- HQ and HR
    def _readable(self, caller: Caller) -> set[str] | None:
        """The jurisdictions a caller may read: HQ all (None), branch HR their branch's."""
        require_role(caller, *HR, action="reading privacy notices")
        if caller.is_hq:
            return None
        return {self.of_branch(caller.branch_id)[0].id}

    def _all(self) -> dict[str, Jurisdiction]:
        stored = {j.id: j for j in self.privacy.all_jurisdictions()}
        return {**DEFAULT_JURISDICTIONS, **stored}

    def list_jurisdictions(self, caller: Caller) -> list[JurisdictionView]:
        readable = self._readable(caller)
        return [
            self._view(j)
            for jid, j in sorted(self._all().items())
            if readable is None or jid in readable
        ]

    def get_jurisdiction(self, caller: Caller, jurisdiction_id: str) -> JurisdictionView:
        return self._view(self._require(caller, jurisdiction_id))

    def _require(self, caller: Caller, jurisdiction_id: str) -> Jurisdiction:
        readable = self._readable(caller)
        found = self.jurisdiction(jurisdiction_id)
        if found is None or (readable is not None and jurisdiction_id not in readable):
            raise NotFound("jurisdiction not found", code="jurisdiction_not_found")
        return found

    def _view(self, jurisdiction: Jurisdiction) -> JurisdictionView:
        mapped = {b.branch_id: b.jurisdiction_id for b in self._mappings()}
        branches = [
            b.id
            for b in self.organisation.list_branches()
            if mapped.get(b.id, DEFAULT_JURISDICTION) == jurisdiction.id
        ]
        latest = self.latest(jurisdiction.id)
        return JurisdictionView(
            **jurisdiction.model_dump(),
            branches=branches,
            latest_version=latest.version if latest else None,
            built_in=self.privacy.jurisdiction(jurisdiction.id) is None,
        )

    def _mappings(self) -> list[BranchPrivacy]:
        return list(self.privacy.branches.iterate(BranchPrivacy.key("")[0]))

    def put_jurisdiction(
        self, caller: Caller, jurisdiction_id: str, change: JurisdictionChange
    ) -> JurisdictionView:
        require(caller, Capability.MANAGE_PRIVACY, "changing jurisdictions")
        before = self.privacy.jurisdiction(jurisdiction_id)
        try:
            after = Jurisdiction.model_validate({**change.model_dump(), "id": jurisdiction_id})
        except ValueError as exc:
            raise Invalid(
                "a jurisdiction's id is lower case letters, digits and hyphens",
                [FieldError("id", "invalid", "jurisdiction_id_invalid")],
                code="jurisdiction_id_invalid",
            ) from exc
        with self.uow() as uow:
            audited_write(
                uow,
                caller,
                "privacy.jurisdiction_changed" if before else "privacy.jurisdiction_created",
                after,
                entity_id=jurisdiction_id,
                branch_id=caller.branch_id,
                before=before,
            )
            uow.commit()
        return self.get_jurisdiction(caller, jurisdiction_id)

    def notices(self, caller: Caller, jurisdiction_id: str) -> list[PrivacyNotice]:
        """Every version, newest first (the ledger's lines point at them)."""
        self._require(caller, jurisdiction_id)
        stored = list(self.privacy.notices.iterate(PrivacyNotice.partition(jurisdiction_id)))
        default = DEFAULT_NOTICES.get(jurisdiction_id)
        if default and not any(n.version == 1 for n in stored):
            stored.insert(0, default)
        return sorted(stored, key=lambda n: n.version, reverse=True)

    def publish(self, caller: Caller, jurisdiction_id: str, draft: NoticeDraft) -> PrivacyNotice:
        require(caller, Capability.MANAGE_PRIVACY, "publishing privacy notices")
        jurisdiction = self._require(caller, jurisdiction_id)
        missing = [p for p in jurisdiction.purposes if p not in draft.purposes]
        if missing:
            raise Invalid(
                "the notice needs a consent text for every purpose the jurisdiction asks",
                [FieldError(f"purposes.{p}", "missing", "notice_purpose_missing") for p in missing],
                code="notice_purpose_missing",
                params={"purposes": [str(p) for p in missing]},
            )
        latest = self.latest(jurisdiction_id)
        notice = PrivacyNotice(
            jurisdiction_id=jurisdiction_id,
            version=(latest.version if latest else 0) + 1,
            general=draft.general,
            purposes={p: t for p, t in draft.purposes.items() if p in jurisdiction.purposes},
            published_by=caller.username,
        )
        with self.uow() as uow:
            # create: two HQ users publishing at once cannot both be version n (409).
            published = audited_write(
                uow,
                caller,
                "privacy.notice_published",
                notice,
                entity_id=f"{jurisdiction_id}:{notice.version}",
                branch_id=caller.branch_id,
            )
            uow.commit(on_duplicate="another version was published meanwhile; reload")
        return published

    def map_branch(self, caller: Caller, branch_id: str, mapping: BranchMapping) -> BranchPrivacy:
        """Which jurisdiction's notices a branch's candidates read (HQ's AI switch for the
        branch, on the same record, is left as it is)."""
        require(caller, Capability.MANAGE_PRIVACY, "mapping branches to jurisdictions")
        if self.organisation.get_branch(branch_id) is None:
            raise NotFound("branch not found", code="not_found_or_other_branch")
        if self.jurisdiction(mapping.jurisdiction_id) is None:
            raise Invalid(
                "no such jurisdiction",
                [FieldError("jurisdiction_id", "unknown", "jurisdiction_not_found")],
                code="jurisdiction_not_found",
            )
        before = self.privacy.branch(branch_id)
        after = (
            before.model_copy(update={"jurisdiction_id": mapping.jurisdiction_id})
            if before
            else BranchPrivacy(branch_id=branch_id, jurisdiction_id=mapping.jurisdiction_id)
        )
        with self.uow() as uow:
            saved = audited_write(
                uow,
                caller,
                "privacy.branch_mapped",
                after,
                entity_id=branch_id,
                branch_id=branch_id,
                before=before,
            )
            uow.commit()
        return saved


def install_defaults(privacy: PrivacyRepository, mappings: dict[str, str] | None = None) -> None:
    """Write the built-in jurisdictions and their version-1 notices into the table (the
    demo seed; a fresh install reads them from ``notices.toml`` without this), and map
    ``mappings`` (branch -> jurisdiction)."""
    for jid, jurisdiction in DEFAULT_JURISDICTIONS.items():
        if privacy.jurisdiction(jid) is None:
            privacy.jurisdictions.put(jurisdiction)
        if privacy.notice(jid, 1) is None:
            privacy.notices.put(DEFAULT_NOTICES[jid])
    for branch_id, jid in (mappings or {}).items():
        if privacy.branch(branch_id) is None:
            privacy.branches.put(BranchPrivacy(branch_id=branch_id, jurisdiction_id=jid))

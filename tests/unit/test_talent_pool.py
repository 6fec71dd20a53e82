"""The talent pool (docs/talent.md): nobody joins without consent, consent before or after
the application ends both join, a withdrawal removes at once, an expired entry is never
shown or matched, an opened position gets a stored match list with the best person
first, and an invitation from the pool is a new application of the same person."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from hireflow.bootstrap import services
from hireflow.interviews.portal import Portal
from hireflow.platform.ids import now
from hireflow.platform.store import Repository
from hireflow.recruiting.model import (
    CandidateRepository,
    Claim,
    Resume,
    ResumeFields,
    ResumeRepository,
)
from hireflow.recruiting.status import CandidateStatus
from hireflow.talent.model import PoolRepository, SkillMap, SkillMapping
from tests.support import api_event, template_function
from tests.support.builders import SHANGHAI_POSITION, english_candidate
from tests.support.talent import pool_entry


@pytest.fixture
def portal_sessions(monkeypatch: pytest.MonkeyPatch) -> None:
    """The portal's phone check is tested with the portal; here a link's token is the
    candidate's id and every session is verified."""
    monkeypatch.setattr(
        Portal, "verified", lambda self, token, session: CandidateRepository().get(token)
    )


def consent(candidate_id: str, given: bool, **query: str) -> tuple[int, dict[str, Any]]:
    event = api_event(
        "PUT",
        f"/api/interview/{candidate_id}/pool-consent",
        None,
        {"given": given},
        query=query or None,
        headers={"X-Interview-Session": "s"},
    )
    result, error = template_function("CandidateApiFunction").invoke(event, "us-east-1")
    assert error is None, result
    return result["statusCode"], json.loads(result["body"])


def on_bus(detail_type: str, **detail: Any) -> list[str]:
    """The talent events function handles one domain event; the reactions it ran."""
    event = {
        "version": "0",
        "id": "e-1",
        "detail-type": detail_type,
        "source": "hireflow",
        "account": "123456789012",
        "time": "2026-01-01T00:00:00Z",
        "region": "us-east-1",
        "resources": [],
        "detail": detail,
    }
    result, error = template_function("TalentEventsFunction").invoke(event, "us-east-1")
    assert error is None, result
    return result["reactions"]


def ended(candidate: dict[str, Any], status: CandidateStatus = CandidateStatus.REJECTED) -> None:
    """The application ends (as the decision flow would leave it)."""
    repository = CandidateRepository()
    stored = repository.get(candidate["id"])
    assert stored
    repository.save(stored.model_copy(update={"status": status}))


def rejected_event(candidate: dict[str, Any]) -> dict[str, Any]:
    return {
        "candidate_id": candidate["id"],
        "branch_id": "shanghai",
        "position_id": SHANGHAI_POSITION,
        "status": "rejected",
        "round": 1,
    }


def test_consent_decides_who_joins_and_a_withdrawal_removes_at_once(hr, portal_sessions):
    silent = english_candidate(hr, "Nobody Asked")
    before = english_candidate(hr, "Agreed Before")
    after = english_candidate(hr, "Agreed After")
    pool = PoolRepository()

    # No consent: the rejection changes nothing.
    ended(silent)
    on_bus("candidate.rejected", **rejected_event(silent))
    assert pool.entry(silent["id"]) is None

    # Consent while the application runs: not in the pool yet; joins when rejected.
    status, view = consent(before["id"], True)
    assert (status, view["given"], view["in_pool"], view["channel"]) == (200, True, False, "portal")
    assert "365" in view["text"]["zh"] and "withdraw" in view["text"]["en"]
    ended(before)
    assert on_bus("candidate.rejected", **rejected_event(before)) == ["pool_join"]
    on_bus("candidate.rejected", **rejected_event(before))  # delivered twice: one entry
    entry = pool.entry(before["id"])
    assert entry and entry.reason == "rejected" and entry.name == "Agreed Before"
    assert abs(entry.retain_until - (now() + timedelta(days=365))) < timedelta(minutes=5)

    # Rejected first, consent from the letter's link afterwards: joins then.
    ended(after)
    status, view = consent(after["id"], True, source="rejection_letter")
    assert (status, view["in_pool"], view["channel"]) == (200, True, "rejection_letter")

    listed = hr.get("/api/talent-pool", "shanghai.hr").json
    assert {e["name"] for e in listed} == {"Agreed Before", "Agreed After"}

    # Withdrawn: gone at once.
    status, view = consent(before["id"], False)
    assert (status, view["given"], view["in_pool"]) == (200, False, False)
    assert [e["name"] for e in hr.get("/api/talent-pool", "shanghai.hr").json] == ["Agreed After"]


def planted_pool(hr) -> dict[str, str]:
    """Shanghai's pool: a planted best fit, a weaker one, one expired; the skill map."""
    Repository(SkillMap).put(
        SkillMap(
            skills=[
                SkillMapping(key="客户沟通", names=["communication"], dimensions=["communication"])
            ]
        )
    )
    dimensions = [
        d.key
        for d in services().positions.positions.get(SHANGHAI_POSITION).competency_model.dimensions
    ]
    ids = {}
    for name, score, skills, days in [
        ("Best Fit", 88, ["客户沟通"], 300),
        ("Weaker", 35, [], 300),
        ("Expired Star", 99, ["客户沟通"], -1),
    ]:
        candidate = english_candidate(hr, name)
        pool_entry(
            candidate["id"],
            name,
            retain_until=now() + timedelta(days=days),
            skills=skills,
            dimension_scores=dict.fromkeys(dimensions, score),
        )
        ids[name] = candidate["id"]
    return ids


def test_an_opened_position_gets_its_pool_matches_best_first_without_the_expired(hr):
    ids = planted_pool(hr)
    position = hr.get(f"/api/positions/{SHANGHAI_POSITION}", "shanghai.hr").json
    body = {
        k: position[k]
        for k in ("branch_id", "title", "title_zh", "template_id", "competency_model")
    }
    created = hr.post("/api/positions", "shanghai.hr", {**body, "id": "shanghai-cs-2"})
    assert created.status == 201, created.text
    assert created.json["openings"] == 1

    assert on_bus("position.opened", position_id="shanghai-cs-2", branch_id="shanghai", opening=1)
    matches = hr.get("/api/positions/shanghai-cs-2/pool-matches", "shanghai.hr").json
    assert matches["trigger"] == "position_opened"
    names = [m["name"] for m in matches["matches"]]
    assert names == ["Best Fit", "Weaker"]  # the expired star is neither kept nor matched
    best = matches["matches"][0]
    assert best["candidate_id"] == ids["Best Fit"]
    assert abs(sum(p["contribution"] for p in best["parts"]) - best["score"]) < 1e-9
    assert {
        "code": "match_skill",
        "params": {"skill": "客户沟通", "dimension": "communication"},
    } in (best["reasons"])
    told = [
        m
        for m in hr.outbox()
        if "talent pool" in m.get("subject", "") or "人才库" in m.get("subject", "")
    ]
    assert told and "1" in told[0]["subject"]  # only the best fit clears the threshold

    listed = [e["name"] for e in hr.get("/api/talent-pool", "hq.hr").json]
    assert "Expired Star" not in listed
    asked = hr.post("/api/positions/shanghai-cs-2/pool-matches", "shanghai.hr").json
    assert [m["name"] for m in asked["matches"]] == ["Best Fit", "Weaker"]


def test_an_invitation_from_the_pool_is_a_new_application_of_the_same_person(hr):
    ids = planted_pool(hr)
    earlier = ids["Best Fit"]
    ResumeRepository().put(
        Resume(
            candidate_id=earlier,
            branch_id="shanghai",
            file_key=f"resumes/{earlier}/u1.pdf",
            format="pdf",
            origin="hr",
            uploaded_by="shanghai.hr",
            status="parsed",
            fields=ResumeFields(skills=[Claim(key="客户沟通", text="客户沟通")]),
        )
    )
    position = hr.get(f"/api/positions/{SHANGHAI_POSITION}", "shanghai.hr").json
    body = {k: position[k] for k in ("branch_id", "title", "competency_model")}
    assert hr.post("/api/positions", "shanghai.hr", {**body, "id": "shanghai-cs-3"}).status == 201

    invited = hr.post(
        f"/api/talent-pool/{earlier}/invite", "shanghai.hr", {"position_id": "shanghai-cs-3"}
    )
    assert invited.status == 201, invited.text
    new = invited.json
    assert (new["source"], new["person_id"], new["name"]) == ("pool", earlier, "Best Fit")
    assert new["id"] != earlier and new["position_id"] == "shanghai-cs-3"
    copied = ResumeRepository().get(new["id"])
    assert copied and copied.file_key == f"resumes/{earlier}/u1.pdf"
    assert [c.key for c in copied.fields.skills] == ["客户沟通"]
    entry = PoolRepository().entry(earlier)
    assert entry and entry.invited_to == [new["id"]]

    again = hr.post(
        f"/api/talent-pool/{earlier}/invite", "shanghai.hr", {"position_id": "shanghai-cs-3"}
    )
    assert (again.status, again.json["code"]) == (409, "duplicate_candidate")
    # Shenzhen's HR cannot reach Shanghai's pool.
    outsider = hr.post(
        f"/api/talent-pool/{earlier}/invite", "shenzhen.hr", {"position_id": "shanghai-cs-3"}
    )
    assert outsider.status == 404

"""HQ's AI switch and the AI gate (docs/privacy.md, "The AI switch (HQ)"): an answer the
gate refuses is never transcribed or analysed, the interview completes, the round's AI
weight is dropped and every screen says why; a consent withdrawn mid-interview does the
same from then on; nothing anywhere infers emotion."""

from __future__ import annotations

import enum
import re
import typing
from datetime import timedelta

import pytest
from pydantic import BaseModel

from hireflow.bootstrap import reset, services
from hireflow.platform import aws
from hireflow.platform.ids import now
from hireflow.platform.settings import settings
from hireflow.platform.store import Repository
from hireflow.privacy.gate import AiGate
from hireflow.privacy.model import (
    BranchPrivacy,
    ConsentEntry,
    ConsentLedger,
    PositionAiSwitch,
    PrivacyRepository,
    Purpose,
)
from hireflow.scoring import analysis
from hireflow.scoring.model import VisionFeatures
from hireflow.scoring.service import AnswerScoring
from tests.support import template_function
from tests.support.builders import invited, uploaded_answer
from tests.unit.test_lifecycle import DEADLINE, run

POSITION = "shanghai-customer-service"


def consent(candidate_id: str, given: bool, minutes: int = 0) -> None:
    Repository(ConsentEntry).put(
        ConsentEntry(
            subject_id=candidate_id,
            branch_id="shanghai",
            purpose=Purpose.AI_ANALYSIS,
            given=given,
            notice_jurisdiction="cn",
            notice_version=1,
            text="我同意对我的回答进行 AI 分析。",
            locale="zh",
            channel="portal",
            at=now() + timedelta(minutes=minutes),
        )
    )


# ------------------------------------------------------------------ the gate
GATE_CASES = {
    # name: (branch off, position off, ledger lines (given, ...), one-box consent, reason)
    "the one-box consent (no ledger line) lets the AI work": (False, False, [], True, None),
    "a ledger consent lets the AI work": (False, False, [True], False, None),
    "no consent at all": (False, False, [], False, "consent_missing"),
    "withdrawn after giving": (False, False, [True, False], True, "consent_withdrawn"),
    "given again after withdrawing": (False, False, [False, True], False, None),
    "the branch switched off": (True, False, [True], True, "switched_off_branch"),
    "the position switched off": (False, True, [True], True, "switched_off_position"),
}


@pytest.mark.parametrize("name", list(GATE_CASES))
def test_the_gate_blocks_for_a_switch_or_a_missing_or_withdrawn_consent(table, name):
    branch_off, position_off, lines, one_box, expected = GATE_CASES[name]
    repository = PrivacyRepository()
    repository.branches.put(
        BranchPrivacy(
            branch_id="shanghai", jurisdiction_id="cn", ai_scoring_off=branch_off, off_reason="审查"
        )
    )
    repository.position_switches.put(
        PositionAiSwitch(
            position_id=POSITION,
            branch_id="shanghai",
            ai_scoring_off=position_off,
            off_reason="pilot",
            changed_by="hq.admin",
        )
    )
    for minute, given in enumerate(lines):
        consent("c-1", given, minute)
    blocked = AiGate(ConsentLedger(), repository).check(
        "c-1", "shanghai", POSITION, one_box_consent=now() if one_box else None
    )
    assert (blocked.reason if blocked else None) == expected
    if expected == "switched_off_branch":
        assert blocked.note == "审查"  # HQ's reason travels with the refusal


# ------------------------------------------------------------------ HQ's switch
def test_only_hq_switches_with_a_reason_and_branch_hr_read_their_own(hr):
    path = f"/api/privacy/ai-switch/positions/{POSITION}"
    refused = hr.put(path, "shanghai.hr", {"off": True, "reason": "mine"})
    assert refused.status == 403 and refused.json["code"] == "role_required"
    no_reason = hr.put(path, "hq.admin", {"off": True, "reason": "  "})
    assert no_reason.status == 422 and no_reason.json["code"] == "ai_switch_reason_required"
    switched = hr.put(path, "hq.hr", {"off": True, "reason": "试点期间仅人工评审"})
    assert switched.status == 200 and switched.json["ai_scoring_off"] is True
    assert hr.put("/api/privacy/ai-switch/branches/nowhere", "hq.hr", {"off": False}).status == 404

    seen = {
        b["branch_id"]: b for b in hr.get("/api/privacy/ai-switch", "shanghai.hr").json["items"]
    }
    assert list(seen) == ["shanghai"]
    assert [(p["position_id"], p["off_reason"]) for p in seen["shanghai"]["positions"]] == [
        (POSITION, "试点期间仅人工评审")
    ]
    assert hr.get("/api/privacy/ai-switch", "shanghai.interviewer").status == 403
    trail = hr.get("/api/audit", "hq.admin", query={"action": "privacy.ai_switch"}).json
    assert [e["entity_id"] for e in trail["items"]] == [POSITION]


# ------------------------------------------------------------------ scoring honours it
def _record(candidate_id: str, question_id: str) -> str:
    s3, bucket = aws.client("s3"), settings().media_bucket
    key = uploaded_answer(s3, bucket, candidate_id, question_id, b"the recording")
    assert services().portal.record_answer(key)
    return services().answer_scoring().answer_recorded(candidate_id, 1, question_id)


def _complete(hr, candidate_id: str) -> dict:
    run("interview_completed", candidate_id)
    run("await_scoring", candidate_id, task_token="scoring-token")
    candidate = hr.get(f"/api/candidates/{candidate_id}", "shanghai.hr").json
    assert candidate["status"] == "completed"  # not needs_attention: nothing is broken
    report = hr.get(f"/api/candidates/{candidate_id}/report", "shanghai.hr")
    assert report.status == 200, report.text
    return {"candidate": candidate, "report": report.json}


def _said_without_ai(hr, done: dict, code: str) -> None:
    """The candidate, the report and the scores all say the AI did not score, and why."""
    candidate, report = done["candidate"], done["report"]
    assert candidate["ai_dropped_code"] == code
    assert report["overall"] is None and report["percentile"] is None
    assert report["suggestion_code"] == "suggest_ai_dropped"
    assert all(d["score"] is None and d["evidence"] == [] for d in report["dimensions"])
    assert {n["code"] for n in report["not_scored"]} == {code}
    assert report["ai_dropped"] == candidate["ai_dropped"]
    scores = hr.get(f"/api/candidates/{candidate['id']}/scores", "shanghai.hr").json
    assert scores["ai_overall"] is None and scores["ai_dropped"] == candidate["ai_dropped"]


def test_a_switched_off_branch_keeps_answers_from_the_ai_and_the_report_says_why(hr, monkeypatch):
    monkeypatch.setenv("HIREFLOW_TRANSCRIPTION_ENGINE", "amazon")
    reset()
    candidate, _ = invited(hr, "Switched Off", "13800138011", deadline=DEADLINE)
    cid = candidate["id"]
    off = {"off": True, "reason": "监管审查期间暂停 AI"}
    assert hr.put("/api/privacy/ai-switch/branches/shanghai", "hq.admin", off).status == 200
    interview = services().portal.interviews.interview(cid, 1)
    for question_id in interview.question_ids:
        assert _record(cid, question_id) == "withheld from the AI"
    transcribe = aws.client("transcribe")
    assert (
        transcribe.list_transcription_jobs(JobNameContains=cid)["TranscriptionJobSummaries"] == []
    )
    answers = services().portal.interviews.interview(cid, 1).answers.values()
    assert {(a.ai_withheld, a.needs_attention) for a in answers} == {("ai_off_branch", None)}
    assert all(a.scored_at for a in answers) and not services().answer_scoring().scoring.of_round(
        cid, 1
    )

    done = _complete(hr, cid)
    _said_without_ai(hr, done, "ai_off_branch")
    assert "监管审查期间暂停 AI" in done["candidate"]["ai_dropped"]

    # Back on: only new answers are analysed; this round stays without the AI.
    assert (
        hr.put("/api/privacy/ai-switch/branches/shanghai", "hq.admin", {"off": False}).status == 200
    )
    assert services().answer_scoring().answer_recorded(cid, 1, "intro") == "already assessed"
    again = hr.get(f"/api/candidates/{cid}", "shanghai.hr").json
    assert again["ai_dropped_code"] == "ai_off_branch"
    assert services().ai_gate.check(cid, "shanghai", POSITION, one_box_consent=now()) is None


def test_without_any_consent_to_ai_analysis_the_answers_are_for_people_only(hr):
    candidate, _ = invited(hr, "No Consent", "13800138012", deadline=DEADLINE)
    cid = candidate["id"]
    consent(cid, given=False)  # refused on the portal: a ledger line that says no
    interview = services().portal.interviews.interview(cid, 1)
    outcomes = {_record(cid, q) for q in interview.question_ids}
    assert outcomes == {"withheld from the AI"}
    _said_without_ai(hr, _complete(hr, cid), "ai_off_consent_withdrawn")


def _quiet_analysis(monkeypatch) -> None:
    """The AI's analysis without media work: every answer assessed as too quiet."""
    vision = VisionFeatures(
        frames=10, face_present=1.0, several_faces=0.0, centred=1.0, frontal=1.0,
        brightness=120.0, sharpness=50.0, several_faces_at=[], model="test",
    )  # fmt: skip
    monkeypatch.setenv("HIREFLOW_TRANSCRIPTION_ENGINE", "whisper")
    reset()
    monkeypatch.setattr(AnswerScoring, "_download", lambda self, recording, folder: folder)
    monkeypatch.setattr(
        analysis,
        "analyse",
        lambda path, question, *_: analysis.unjudgeable(
            question, 4.0, "the audio is silent", vision
        ),
    )


def test_a_consent_withdrawn_mid_interview_withholds_later_answers_and_drops_the_round(
    hr, monkeypatch
):
    _quiet_analysis(monkeypatch)
    candidate, _ = invited(hr, "Changed Mind", "13800138013", deadline=DEADLINE)
    cid = candidate["id"]
    first, *rest = services().portal.interviews.interview(cid, 1).question_ids
    assert _record(cid, first) == "insufficient evidence"  # the AI assessed it
    assert services().answer_scoring().scoring.of_round(cid, 1)

    consent(cid, given=False)
    event = {
        "version": "0",
        "id": "e1",
        "detail-type": "consent.changed",
        "source": "hireflow",
        "account": "123456789012",
        "time": "2026-01-01T00:00:00Z",
        "region": "us-east-1",
        "resources": [],
        "detail": {
            "entry_id": "x",
            "candidate_id": cid,
            "branch_id": "shanghai",
            "purpose": "ai_analysis",
            "given": False,
        },
    }
    function = template_function("PrivacyEventsFunction")
    for _ in range(2):  # a second delivery changes nothing
        result, error = function.invoke(event, "us-east-1")
        assert error is None and "ai_consent" in result["reactions"]
    dropped = hr.get(f"/api/candidates/{cid}", "shanghai.hr").json
    assert dropped["ai_dropped_code"] == "ai_off_consent_withdrawn"

    assert {_record(cid, q) for q in rest} == {"withheld from the AI"}
    done = _complete(hr, cid)
    _said_without_ai(hr, done, "ai_off_consent_withdrawn")
    # The answer the AI assessed before the withdrawal is not used, nor shown.
    shown = {a["question_id"]: a for a in done["report"]["answers"]}
    assert shown[first]["assessment"] is None and shown[first]["ai_withheld"] is None
    assert [shown[q]["ai_withheld"] for q in rest] == ["ai_off_consent_withdrawn"] * len(rest)


# ------------------------------------------------------------------ no emotion inference
EMOTION = re.compile(
    r"emotion|affect(?!ed)|mood|expression|smil|sentiment|feeling|happy|sad|angry|anger|"
    r"fear|surprise|disgust|valence|arousal|enthusias|nervous",
    re.IGNORECASE,
)


def _names(model: type[BaseModel], seen: set[type]) -> list[str]:
    """Every field name, nested model's field and enum/literal value under ``model``."""
    if model in seen:
        return []
    seen.add(model)
    found: list[str] = []
    for name, field in model.model_fields.items():
        found.append(f"{model.__name__}.{name}")
        found += _in_type(field.annotation, seen)
    return found


def _in_type(annotation: object, seen: set[type]) -> list[str]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _names(annotation, seen)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return [str(m.value) for m in annotation]
    if typing.get_origin(annotation) is typing.Literal:
        return [str(v) for v in typing.get_args(annotation)]
    return [n for arg in typing.get_args(annotation) for n in _in_type(arg, seen)]


def test_nothing_the_ai_stores_or_shows_infers_emotion_or_expression():
    from hireflow.reviews.model import RoundDecision, Scorecard
    from hireflow.scoring import model as scoring

    stored = [
        m
        for m in vars(scoring).values()
        if isinstance(m, type) and issubclass(m, BaseModel) and m.__module__ == scoring.__name__
    ]
    names = [n for m in [*stored, Scorecard, RoundDecision] for n in _names(m, set())]
    assert "InterviewReport.dimensions" in names and "VisionFeatures.face_present" in names
    assert [n for n in names if EMOTION.search(n)] == []


def test_recording_given_alone_on_the_separate_consents_is_no_consent_to_analysis(table):
    """The portal sets the one-box ``consent_at`` when recording is given: once a person
    used the separate consents, it never stands for the AI box they left unticked."""
    Repository(ConsentEntry).put(
        ConsentEntry(
            subject_id="c-2",
            branch_id="shanghai",
            purpose=Purpose.RECORDING,
            given=True,
            notice_jurisdiction="cn",
            notice_version=1,
            text="我同意录制我的视频和声音。",
            locale="zh",
            channel="portal",
        )
    )
    blocked = AiGate(ConsentLedger(), PrivacyRepository()).check(
        "c-2", "shanghai", POSITION, one_box_consent=now()
    )
    assert blocked is not None and blocked.reason == "consent_missing"

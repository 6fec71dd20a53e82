"""Scoring on the local cloud: real recordings land in the media bucket, the scoring
function (the container image's handler, run in-process) assesses them, the report is
stored and served, bad media sends the application to needs_attention with a reason, and
an answer the AI cannot judge is listed as insufficient evidence on the way to review."""

from __future__ import annotations

import numpy as np
import requests

from hireflow.bootstrap import services
from tests import answer_media as media
from tests.integration.test_lifecycle_e2e import upload_answers
from tests.support.builders import (
    english_candidate,
    invite,
    new_candidate,
    wait_for_status,
    wait_until,
)
from tests.support.client import Client


def interview_to_report(hr: Client, name: str, videos, **chosen: str) -> dict:
    candidate = english_candidate(hr, name, reviewers=True)
    invite(hr, candidate)
    lifecycle = services().portal.lifecycle
    wait_until(lambda: lifecycle.waits.get(candidate["id"], "interview") is not None)
    upload_answers(hr, candidate, videos, **chosen)
    assert lifecycle.resume(candidate["id"], "interview", {"completed": True}) is True
    return candidate


def test_a_scored_interview_has_an_explained_report(hr, answer_videos):
    candidate = interview_to_report(hr, "Report Reader", answer_videos)
    wait_for_status(hr, candidate["id"], "in_review", seconds=90)

    reply = hr.call("GET", f"/api/candidates/{candidate['id']}/report", "shanghai.interviewer")
    assert reply.status == 200, reply.text
    report = reply.json
    assert 0 < report["overall"] <= 100
    assert {d["key"] for d in report["dimensions"]} == {
        "communication",
        "problem_solving",
        "teamwork",
    }
    answers = {a["question_id"]: a for a in report["answers"]}
    intro = answers["intro"]["assessment"]
    assert "ask not what your country can do for you" in intro["transcript"]["segments"][0][
        "text"
    ].lower().replace(",", "")
    scenario = answers["damaged-order"]["assessment"]
    assert all(point["covered"] for point in scenario["content"]["rubric"])
    assert scenario["scores"]["content"]["moments"], "the content score shows its evidence"
    star = answers["difficult-teammate"]["assessment"]["content"]["star"]
    assert [p["part"] for p in star if p["found"]] == ["situation", "task", "action", "result"]
    assert report["integrity_flags"] == []
    assert report["suggestion"]
    assert set(report["models"]) == {"speech", "sentences", "vision"}

    # Videos and the printable rendering through short-lived presigned GETs.
    links = report["links"]
    video = requests.get(links["videos"]["intro"], timeout=10)
    assert video.status_code == 200 and video.content[:4] == b"\x1a\x45\xdf\xa3"  # WebM
    page = requests.get(links["html"], timeout=10)
    assert page.status_code == 200 and "Overall" in page.text

    # The AI side of /scores is the report's.
    scores = hr.call("GET", f"/api/candidates/{candidate['id']}/scores", "shanghai.hr").json
    ai = {d["key"]: d["ai"] for d in scores["dimensions"]}
    assert ai == {d["key"]: d["score"] for d in report["dimensions"]}


def test_another_branch_cannot_read_the_report(hr, answer_videos):
    candidate = interview_to_report(hr, "Branch Private", answer_videos)
    wait_for_status(hr, candidate["id"], "in_review", seconds=90)
    assert hr.call("GET", f"/api/candidates/{candidate['id']}/report", "shenzhen.hr").status == 404
    assert hr.call("GET", f"/api/candidates/{candidate['id']}/report", "hq.hr").status == 200


def test_a_second_person_in_view_is_flagged(hr, answer_videos):
    candidate = interview_to_report(hr, "Two Faces", answer_videos, intro="two_faces_jfk")
    wait_for_status(hr, candidate["id"], "in_review", seconds=90)
    report = hr.call("GET", f"/api/candidates/{candidate['id']}/report", "shanghai.hr").json
    flags = [f for f in report["integrity_flags"] if f["question_id"] == "intro"]
    assert flags and "more than one face" in flags[0]["flag"]
    assert "check the integrity flags" in report["suggestion"]


def test_bad_media_goes_to_needs_attention_with_the_reason(hr, answer_videos, tmp_path):
    empty = tmp_path / "empty.webm"
    empty.write_bytes(b"")
    candidate = interview_to_report(
        hr, "Bad Media", {**answer_videos, "empty": empty}, **{"damaged-order": "empty"}
    )
    stored = wait_for_status(hr, candidate["id"], "needs_attention", seconds=90)
    assert stored["status_reason"] == "answer to damaged-order: the file is empty"
    interview = hr.call("GET", f"/api/candidates/{candidate['id']}/interview", "shanghai.hr").json
    answer = next(a for a in interview["answers"] if a["question_id"] == "damaged-order")
    assert answer["needs_attention"] == "the file is empty"
    assert hr.call("GET", f"/api/candidates/{candidate['id']}/report", "shanghai.hr").status == 404


def test_a_silent_answer_is_insufficient_evidence_and_the_application_goes_to_review(
    hr, answer_videos, tmp_path
):
    silent = media.write_answer(
        tmp_path / "silent.webm",
        frames=media.picture(media.MEDIA / "obama.jpg"),
        audio=np.zeros(media.RATE * 6, np.float32),
    )
    candidate = interview_to_report(
        hr, "Silent Start", {**answer_videos, "silent": silent}, intro="silent"
    )
    wait_for_status(hr, candidate["id"], "in_review", seconds=90)
    interview = hr.call("GET", f"/api/candidates/{candidate['id']}/interview", "shanghai.hr").json
    intro = next(a for a in interview["answers"] if a["question_id"] == "intro")
    assert intro["insufficient_evidence"].startswith("the audio is silent")
    assert intro["needs_attention"] is None
    report = hr.call("GET", f"/api/candidates/{candidate['id']}/report", "shanghai.hr").json
    assert [n["question_id"] for n in report["not_scored"]] == ["intro"]
    assert 0 < report["overall"] <= 100
    assert all(e["question_id"] != "intro" for d in report["dimensions"] for e in d["evidence"])
    page = requests.get(report["links"]["html"], timeout=10)
    assert "Not scored by the AI (insufficient evidence)" in page.text


def test_a_mandarin_interview_reads_back_in_simplified_chinese(hr, tmp_path):
    """A candidate imported without a language (so zh) answers in Mandarin: the report
    carries a Simplified transcript with timings, heard as zh, and the round reaches review."""
    face = media.picture(media.MEDIA / "obama.jpg")
    speech = media.load_audio(media.SPEECH / "mandarin_natural.wav")
    videos = {"mandarin": media.write_answer(tmp_path / "zh.webm", frames=face, audio=speech)}
    reply = new_candidate(hr, name="韩梅梅", phone="13600990001", email="han.meimei@example.com")
    assert reply.status == 201, reply.text
    candidate = reply.json
    assert candidate["locale"] == "zh"
    invite(hr, candidate)
    lifecycle = services().portal.lifecycle
    wait_until(lambda: lifecycle.waits.get(candidate["id"], "interview") is not None)
    questions = ("intro", "damaged-order", "difficult-teammate")
    upload_answers(hr, candidate, videos, **dict.fromkeys(questions, "mandarin"))
    assert lifecycle.resume(candidate["id"], "interview", {"completed": True}) is True
    wait_for_status(hr, candidate["id"], "in_review", seconds=120)

    report = hr.call("GET", f"/api/candidates/{candidate['id']}/report", "shanghai.hr").json
    intro = next(a for a in report["answers"] if a["question_id"] == "intro")["assessment"]
    transcript = intro["transcript"]
    assert transcript["language"] == "zh" and transcript["detected_language"] == "zh"
    text = "".join(s["text"] for s in transcript["segments"])
    assert "很高兴认识你" in text and "認識" not in text  # Simplified, not Traditional
    words = [w for s in transcript["segments"] for w in s["words"]]
    assert words and all(w["start"] <= w["end"] for w in words)
    assert "whisper-base" in report["models"]["speech"]

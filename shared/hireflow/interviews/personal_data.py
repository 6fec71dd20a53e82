"""The interviews' personal data about a person (``privacy.personal_data``): each round's
interview (answers, timings, consent, the candidate's reason for asking for a process
without AI), its link, its deadline entry, and every recording (every S3 version).

Not reached by key: portal sessions (``SESSION#<hash>``, only the hash is known) and the
extra links of reminders (``TOKEN#<hash>``); both hold nothing but the application id,
open nothing once the application is erased, and expire by TTL (a session within hours,
a link 30 days after its deadline)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from hireflow.interviews.model import (
    INTERVIEW_SORT_PREFIXES,
    DeadlineEntry,
    Interview,
    InterviewRepository,
    InvitationToken,
)
from hireflow.interviews.recordings import erase_recordings
from hireflow.platform.store import delete_keys, keys_under
from hireflow.privacy.model import DataClass, ReceiptLine
from hireflow.privacy.personal_data import ExportBundle, PersonRef, receipt_line
from hireflow.recruiting.model import Candidate

MAX_ROUNDS = 20


@dataclass(frozen=True)
class InterviewData:
    interviews: InterviewRepository
    media_bucket: str

    name: ClassVar[str] = "interviews.interviews"
    classes: ClassVar[dict[DataClass, str]] = {
        DataClass.RECORDINGS: "S3 media bucket answers/<application>/, every version",
        DataClass.APPLICATION: "table: each round's interview (answers, consent, reasons), "
        "its link and deadline entry",
    }

    def expand(self, person: PersonRef) -> PersonRef:
        return person

    def _of(self, candidate_id: str) -> list[Interview]:
        partition = Candidate.key(candidate_id)[0]
        rounds = keys_under(partition, INTERVIEW_SORT_PREFIXES[0])
        found = [self.interviews.interview(candidate_id, int(sk[-2:])) for _, sk in rounds]
        return [i for i in found if i is not None]

    def export(self, person: PersonRef, bundle: ExportBundle) -> None:
        for candidate_id in person.candidate_ids:
            for interview in self._of(candidate_id):
                folder = f"{self.name}/{candidate_id}/round-{interview.round:02d}"
                bundle.add_json(
                    f"{folder}/interview.json",
                    interview.model_dump(
                        mode="json", exclude={"revision", "token_hash", "granted_keys"}
                    ),
                )
                for question_id, answer in interview.answers.items():
                    if answer.media_key:
                        ext = answer.media_key.rsplit(".", 1)[-1]
                        bundle.add_file(
                            f"{folder}/{question_id}.{ext}", self.media_bucket, answer.media_key
                        )

    def erase(
        self, person: PersonRef, classes: frozenset[DataClass], *, anonymise: bool
    ) -> list[ReceiptLine]:
        lines: list[ReceiptLine] = []
        if DataClass.RECORDINGS in classes:
            count = sum(erase_recordings(self.media_bucket, c) for c in person.candidate_ids)
            lines.append(self._line(DataClass.RECORDINGS, "deleted", count))
        if DataClass.APPLICATION in classes:
            keys: list[tuple[str, str]] = []
            for candidate_id in person.candidate_ids:
                for interview in self._of(candidate_id):
                    keys.append(InvitationToken.key(interview.token_hash))
                    deadline = DeadlineEntry(
                        candidate_id=candidate_id,
                        round=interview.round,
                        deadline=interview.deadline,
                    ).item_keys()
                    keys.append((deadline.pk, deadline.sk))
                partition = Candidate.key(candidate_id)[0]
                keys += [k for p in INTERVIEW_SORT_PREFIXES for k in keys_under(partition, p)]
            lines.append(self._line(DataClass.APPLICATION, "deleted", delete_keys(keys)))
        return lines

    def _line(self, data_class: DataClass, action: str, count: int) -> ReceiptLine:
        return receipt_line(self, data_class, action, count)  # type: ignore[arg-type]

"""Recruiting's personal data about a person (``privacy.personal_data``): each
application (with its timeline, notes and waiting steps), the contact index and the
per-position guards on its phone and e-mail, the pairs that linked it to the person's
other applications, and the résumé (the item and every version of the file).

``expand`` finds the person's other applications: the ones HR merged as one person
(``Candidate.person_id``; the pairs decided ``merged``)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any, ClassVar, get_args

from hireflow.platform import aws
from hireflow.platform.objects import delete_every_version
from hireflow.platform.store import delete_keys, keys_under
from hireflow.privacy.model import DataClass, ReceiptLine
from hireflow.privacy.personal_data import ExportBundle, PersonRef
from hireflow.recruiting.model import (
    APPLICATION_SORT_PREFIXES,
    RESUME_PREFIX,
    AttentionItem,
    Candidate,
    CandidateRepository,
    ContactEntry,
    ContactField,
    DuplicatePair,
    DuplicateRepository,
    Resume,
    ResumeRepository,
    UniqueValue,
)
from hireflow.recruiting.model import Assignment as _Assignment

ANONYMOUS = "(erased)"


@dataclass(frozen=True)
class RecruitingData:
    candidates: CandidateRepository
    duplicates: DuplicateRepository
    resumes: ResumeRepository
    media_bucket: str

    name: ClassVar[str] = "recruiting.applications"
    classes: ClassVar[dict[DataClass, str]] = {
        DataClass.APPLICATION: "table: the application, its timeline and notes, the "
        "contact index, the phone / e-mail guards, duplicate pairs",
        DataClass.RESUMES: "table: the résumé as read; S3 media bucket resumes/, every version",
    }

    # -------------------------------------------------------------- expand
    def expand(self, person: PersonRef) -> PersonRef:
        found = self.candidates.many(person.candidate_ids)
        ids: list[str] = []
        for candidate in found.values():
            ids += [candidate.id, *([candidate.person_id] if candidate.person_id else [])]
            for other_id in self.duplicates.linked(candidate.id):
                pair = self.duplicates.pair(candidate.id, other_id)
                if pair is not None and pair.status == "merged":
                    ids.append(other_id)
        others = self.candidates.many([i for i in ids if i not in found])
        everyone = [*found.values(), *others.values()]
        return person.merged(
            PersonRef(
                candidate_ids=[c.id for c in everyone],
                employee_ids=[c.employee_id for c in everyone if c.employee_id],
                branch_ids=[c.branch_id for c in everyone],
                identifiers=[v for c in everyone for v in (c.name, c.phone, c.email) if v],
            )
        )

    # -------------------------------------------------------------- export
    def export(self, person: PersonRef, bundle: ExportBundle) -> None:
        for candidate in self.candidates.many(person.candidate_ids).values():
            folder = f"{self.name}/{candidate.id}"
            bundle.add_json(
                f"{folder}/application.json",
                candidate.model_dump(mode="json", exclude={"revision", "search"}),
            )
            bundle.add_json(
                f"{folder}/timeline.json",
                [e.model_dump(mode="json") for e in self.candidates.history(candidate.id)],
            )
            resume = self.resumes.get(candidate.id)
            if resume is not None:
                bundle.add_json(
                    f"{folder}/resume.json",
                    resume.model_dump(mode="json", include={"fields", "uploaded_at", "file_name"}),
                )
                ext = resume.file_key.rsplit(".", 1)[-1]
                bundle.add_file(f"{folder}/resume.{ext}", self.media_bucket, resume.file_key)

    # -------------------------------------------------------------- erase
    def erase(
        self, person: PersonRef, classes: frozenset[DataClass], *, anonymise: bool
    ) -> list[ReceiptLine]:
        found = self.candidates.many(person.candidate_ids)
        lines: list[ReceiptLine] = []
        if DataClass.RESUMES in classes:
            items = delete_keys([Resume.key(c) for c in person.candidate_ids])
            files = sum(
                delete_every_version(self.media_bucket, f"{RESUME_PREFIX}{c}/")
                for c in person.candidate_ids
            )
            where = self.classes[DataClass.RESUMES]
            lines.append(self._line(DataClass.RESUMES, where, "deleted", items + files))
        if DataClass.APPLICATION in classes:
            count = sum(self._erase_application(c, anonymise) for c in found.values())
            if not anonymise:  # what a previous run left under the partitions
                count += delete_keys(
                    [k for c in person.candidate_ids for k in self._partition_keys(c)]
                )
            action = "anonymised" if anonymise else "deleted"
            where = self.classes[DataClass.APPLICATION]
            lines.append(self._line(DataClass.APPLICATION, where, action, count))
        return lines

    def _erase_application(self, candidate: Candidate, anonymise: bool) -> int:
        keys: list[tuple[str, str]] = []
        for field in get_args(ContactField):
            value = getattr(candidate, field)
            keys.append(UniqueValue.key(field, value, candidate.position_id))
            entry = ContactEntry(
                field=field,
                value=value,
                candidate_id=candidate.id,
                branch_id=candidate.branch_id,
                position_id=candidate.position_id,
            ).item_keys()
            keys.append((entry.pk, entry.sk))
        for other_id in self.duplicates.linked(candidate.id):
            keys += keys_under(DuplicatePair.key(candidate.id, other_id)[0])
        keys += [_Assignment.key(user, candidate.id) for user in candidate.assignees]
        keys.append((AttentionItem.of_branch(candidate.branch_id), candidate.id))
        if candidate.execution_arn:  # a lifecycle still waiting for this application
            with contextlib.suppress(Exception):
                aws.client("stepfunctions").stop_execution(
                    executionArn=candidate.execution_arn, cause="personal data erased"
                )
        if not anonymise:
            return delete_keys(keys)
        count = delete_keys(keys) + delete_keys(
            [k for k in self._partition_keys(candidate.id) if k != Candidate.key(candidate.id)]
        )
        self.candidates.save(anonymised(candidate))
        return count + 1

    @staticmethod
    def _partition_keys(candidate_id: str) -> list[tuple[str, str]]:
        partition = Candidate.key(candidate_id)[0]
        return [k for prefix in APPLICATION_SORT_PREFIXES for k in keys_under(partition, prefix)]

    @staticmethod
    def _line(data_class: DataClass, where: str, action: Any, count: int) -> ReceiptLine:
        return ReceiptLine(
            data_class=data_class,
            holder=RecruitingData.name,
            where=where,
            action=action,
            count=count,
        )


def anonymised(candidate: Candidate) -> Candidate:
    """The application without what identifies the person: its status, dates, rounds and
    decisions stay for the statistics (the funnel, the validity of the scores)."""
    return candidate.model_copy(
        update={
            "name": ANONYMOUS,
            "phone": ANONYMOUS,
            "email": ANONYMOUS,
            "resume_ref": None,
            "status_reason": None,
            "invitation_message": None,
            "ai_dropped": None if candidate.ai_dropped_code is None else candidate.ai_dropped,
        }
    )

"""Where a person's data is: each context answers for its own (dependency inversion).

A context that keeps personal data provides a ``PersonalDataHolder`` in its own module
``<context>/personal_data.py`` (privacy's own holders for the contexts below it - the
audit trail, sent messages - live in ``privacy/holders.py``); bootstrap hands the list
to the erasure, the export and the retention sweep. None of them knows the tables or
buckets of another context.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from pydantic import BaseModel, Field

from hireflow.privacy.model import DataClass, ReceiptAction, ReceiptLine


class PersonRef(BaseModel):
    """Every record that names one person: their applications (all of them, when HR
    merged them as one person), their employee records, and the branches involved."""

    candidate_ids: list[str] = Field(default_factory=list)
    employee_ids: list[str] = Field(default_factory=list)
    branch_ids: list[str] = Field(default_factory=list)
    # The words that identify the person (names, phones, e-mails), found by ``expand``:
    # the holders that keep free text or snapshots (the audit trail, sent messages) strip
    # them wherever they appear. In memory only, never stored or logged.
    identifiers: list[str] = Field(default_factory=list, repr=False)

    def merged(self, other: PersonRef) -> PersonRef:
        def union(a: list[str], b: list[str]) -> list[str]:
            return list(dict.fromkeys([*a, *b]))

        return PersonRef(
            candidate_ids=union(self.candidate_ids, other.candidate_ids),
            employee_ids=union(self.employee_ids, other.employee_ids),
            branch_ids=union(self.branch_ids, other.branch_ids),
            identifiers=union(self.identifiers, other.identifiers),
        )


@dataclass
class ExportBundle:
    """What an export collects before it is zipped: JSON documents and files (copied
    from S3 by the export, never held in memory all at once)."""

    documents: dict[str, Any] = field(default_factory=dict)  # path in the zip -> JSON value
    files: dict[str, tuple[str, str]] = field(default_factory=dict)  # path -> (bucket, key)

    def add_json(self, path: str, value: Any) -> None:
        self.documents[path] = value

    def add_file(self, path: str, bucket: str, key: str) -> None:
        self.files[path] = (bucket, key)

    def json_bytes(self, path: str) -> bytes:
        return json.dumps(self.documents[path], ensure_ascii=False, indent=2, default=str).encode()


class PersonalDataHolder(Protocol):
    """One context's personal data about a person."""

    # "<context>.<what>", e.g. "interviews.recordings"; shown on receipts.
    name: str
    # The data classes it holds, each with where (e.g. "S3 media bucket, every version").
    classes: dict[DataClass, str]

    def expand(self, person: PersonRef) -> PersonRef:
        """The person with any record this holder links to them (recruiting adds merged
        applications, people adds employee records); most holders return it as is."""
        ...

    def export(self, person: PersonRef, bundle: ExportBundle) -> None:
        """Add everything held about the person to the bundle (under ``<name>/``)."""
        ...

    def erase(
        self, person: PersonRef, classes: frozenset[DataClass], *, anonymise: bool
    ) -> list[ReceiptLine]:
        """Delete (or, with ``anonymise``, strip what identifies the person from) the
        given classes of the person's data: every copy, S3 object versions included.
        Safe to repeat: a second call finds nothing and says count=0. Data that must be
        kept (a signed offer for its legal period) is left and reported as ``kept``."""
        ...


def receipt_line(
    holder: PersonalDataHolder,
    data_class: DataClass,
    action: ReceiptAction,
    count: int,
    *,
    reason_code: str | None = None,
    kept_until: date | None = None,
) -> ReceiptLine:
    """One line of a receipt: where the data was is the holder's own description of the
    class (``holder.classes``), so every receipt says it the same way."""
    return ReceiptLine(
        data_class=data_class,
        holder=holder.name,
        where=holder.classes[data_class],
        action=action,
        count=count,
        reason_code=reason_code,
        kept_until=kept_until,
    )

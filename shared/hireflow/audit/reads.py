"""Reads of sensitive data on the audit trail: who opened which report, watched which
recording, downloaded which résumé or document, printed which review file.

One way, used by every route that hands out a person's sensitive data (docs/privacy.md,
"Oversight: who read what"): ``record_read`` before the data or its link leaves the
service. The entry is its own small write (a conditional put, never in a change's unit of
work) and a failure to write it fails the read: no unaccounted read. Lists of candidates
are not reads of sensitive data and leave no entry.
"""

from __future__ import annotations

from enum import StrEnum

from hireflow.audit.model import AuditEntry, AuditRepository
from hireflow.identity.model import Caller

READ_PREFIX = "read."


class Read(StrEnum):
    """What was opened (the entry's ``action``)."""

    REPORT = "read.report"  # the AI report: scores, evidence, transcripts, video links
    RECORDING = "read.recording"  # a round's recordings (their short-lived links)
    TRANSCRIPT = "read.transcript"
    RESUME = "read.resume"  # the résumé's parsed fields and its download link
    DOCUMENT = "read.document"  # a new hire's onboarding document (download link)
    REVIEW_FILE = "read.review_file"  # the PDF review file (it leaves the system)
    EXPORT = "read.export"  # a person's data export downloaded


def record_read(
    trail: AuditRepository,
    caller: Caller,
    what: Read,
    *,
    subject_id: str,
    branch_id: str,
    entity: str,
    entity_id: str,
) -> AuditEntry:
    """Write who (``caller``) opened what (``entity``/``entity_id``) about whom
    (``subject_id``, in the subject's ``branch_id``). Raises when the write fails: the
    caller must not hand the data out then."""
    return trail.append(
        AuditEntry(
            actor_id=caller.user_id,
            actor=caller.username,
            branch_id=branch_id,
            action=what.value,
            entity=entity,
            entity_id=entity_id,
            subject_id=subject_id,
        )
    )

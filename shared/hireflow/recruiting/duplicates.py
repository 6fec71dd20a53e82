"""Applications of the same person: found on contact details (HR's and the résumé's),
surfaced for HR to merge or keep apart.

SKELETON (lead's contract, to be built by the duplicates engineer): ``detect`` is called
after a candidate is created or changed, and after a résumé is parsed (with it).
"""

from __future__ import annotations

from dataclasses import dataclass

from hireflow.recruiting.model import Candidate, DuplicatePair, Resume


@dataclass(frozen=True)
class Duplicates:
    def detect(self, candidate: Candidate, resume: Resume | None = None) -> list[DuplicatePair]:
        """The open pairs this application is in after looking (idempotent)."""
        return []

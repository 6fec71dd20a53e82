"""Talent's personal data about a person (``privacy.personal_data``): the résumé-vs-
interview cross-checks, the candidate's requests and the standing notices sent (with the
reports), and the talent-pool entry and consent (with the application: the person agreed
to be kept for the pool's own period, which the reports' 183 days must not cut short; the
pool's TTL, a withdrawal or an erasure end it sooner)."""

from __future__ import annotations

from hireflow.privacy.holders import PartitionData
from hireflow.privacy.model import DataClass
from hireflow.talent.model import POOL_SORT_PREFIXES, TALENT_SORT_PREFIXES, CandidateRequest


def talent_data() -> PartitionData:
    return PartitionData(
        name="talent.pool",
        partition=CandidateRequest.partition,
        prefixes={
            DataClass.REPORTS: TALENT_SORT_PREFIXES,
            DataClass.APPLICATION: POOL_SORT_PREFIXES,
        },
        where={
            DataClass.REPORTS: "table: cross-checks, the candidate's requests, standing notices",
            DataClass.APPLICATION: "table: the pool consent and entry",
        },
        free_text=("name", "message", "answer", "tags"),
    )

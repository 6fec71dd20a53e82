"""Talent's personal data about a person (``privacy.personal_data``): the résumé-vs-
interview cross-checks, the talent-pool consent and entry, the candidate's requests and
the standing notices sent."""

from __future__ import annotations

from hireflow.privacy.holders import PartitionData
from hireflow.privacy.model import DataClass
from hireflow.talent.model import TALENT_SORT_PREFIXES, CandidateRequest


def talent_data() -> PartitionData:
    return PartitionData(
        name="talent.pool",
        partition=CandidateRequest.partition,
        prefixes={DataClass.REPORTS: TALENT_SORT_PREFIXES},
        where={
            DataClass.REPORTS: "table: cross-checks, the pool consent and entry, the "
            "candidate's requests, standing notices"
        },
        free_text=("name", "message", "answer", "tags"),
    )

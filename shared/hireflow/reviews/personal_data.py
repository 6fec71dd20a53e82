"""The reviews' personal data about a person (``privacy.personal_data``): scorecards and
each round's decision, and the pending-review entry. Anonymising (retention) keeps the
numbers - the scores and overalls the validity statistics need - and drops the
comments, the feedback and the reasons, which may name or describe the person. Filed with
the application (anonymised with it, after 2 years), not with the AI's reports: the
people's decision is kept as long as the application it decided."""

from __future__ import annotations

from hireflow.privacy.holders import PartitionData
from hireflow.privacy.model import DataClass
from hireflow.reviews.model import REVIEW_SORT_PREFIXES, Scorecard


def reviews_data() -> PartitionData:
    return PartitionData(
        name="reviews.scorecards",
        partition=Scorecard.partition,
        prefixes={DataClass.APPLICATION: REVIEW_SORT_PREFIXES},
        where={DataClass.APPLICATION: "table: scorecards and decisions of every round"},
        free_text=("comment", "feedback", "disagreement_reason", "reviewer", "decided_by"),
    )

"""The table half of the analytics bench: a table of the template's shape in moto, the
synthetic history written to it, the facts loaded back, a result read by GetItem."""

from __future__ import annotations

import os
import statistics
import time
from typing import Any

import boto3

from hireflow.analytics import synthetic
from hireflow.analytics.job import compute
from hireflow.analytics.model import AnalyticsRepository
from hireflow.bootstrap import reset, services
from hireflow.platform.store import Repository


def _table(name: str) -> None:
    os.environ.update(
        {
            "AWS_REGION": "us-east-1",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": "bench",
            "AWS_SECRET_ACCESS_KEY": "bench",
            "HIREFLOW_TABLE": name,
        }
    )
    os.environ.pop("AWS_ENDPOINT_URL", None)
    key = [{"AttributeName": n, "AttributeType": "S"} for n in ("pk", "sk")]
    indexes = [
        {
            "IndexName": index,
            "KeySchema": [
                {"AttributeName": f"{index}pk", "KeyType": "HASH"},
                {"AttributeName": f"{index}sk", "KeyType": "RANGE"},
            ],
            "Projection": {"ProjectionType": "ALL"},
        }
        for index in ("gsi1", "gsi2")
    ]
    boto3.client("dynamodb").create_table(
        TableName=name,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=key
        + [
            {"AttributeName": f"{i}{k}", "AttributeType": "S"}
            for i in ("gsi1", "gsi2")
            for k in ("pk", "sk")
        ],
        KeySchema=[
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        GlobalSecondaryIndexes=indexes,
    )
    reset()


def loaded_table(size: int, load: bool) -> list[Any]:
    """Write the history (only when ``load``: else just the results of a computation from
    the arrays), load it back, store the results, then time GetItem of one."""
    _table(f"bench-analytics-{size}")
    data = synthetic.generate(synthetic.Plan(employees=size, spread_hiring=False))
    written, load_seconds = 0, None
    if load:
        for items in synthetic.records(data).values():
            Repository(type(items[0])).put_many(items)
            written += len(items)
        t0 = time.perf_counter()
        facts = services().analytics_job().loader.load()
        load_seconds = time.perf_counter() - t0
    else:
        facts = synthetic.facts(data)
    repo = AnalyticsRepository()
    for result in compute(facts).stored():
        repo.store(result)
    reads = []
    for _ in range(200):
        t0 = time.perf_counter()
        assert repo.groups("ALL") is not None
        reads.append(time.perf_counter() - t0)
    reads.sort()
    return [
        f"{len(facts.employees):,}",
        f"{written:,}" if load else "results only",
        f"{load_seconds:.1f}" if load_seconds is not None else "-",
        f"{statistics.median(reads) * 1000:.2f}",
        f"{reads[int(0.95 * len(reads))] * 1000:.2f}",
    ]

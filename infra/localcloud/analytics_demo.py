"""The demo's analytics history: two years of labelled synthetic data (three branches, a
few hundred employees with quarterly reviews, their past candidates with AI and human
scores and voluntary demographic answers), so the HQ analytics screens have something to
show on `make run` (docs/analytics.md). Every record says it is synthetic ("合成员工 0001
/ Synthetic 0001", "合成数据 / synthetic" in reviews and decisions).

Seeded once, on a new data directory, in the background; then the analytics function
computes (at every start, as the nightly rebuild would)."""

from __future__ import annotations

import logging
import threading

from hireflow.analytics import synthetic
from hireflow.analytics.model import DemographicsRepository
from hireflow.organisation.model import Branch, OrganisationRepository
from hireflow.platform.store import Repository
from infra.localcloud.emulator import invoke_async

log = logging.getLogger("hireflow.localcloud")

PLAN = synthetic.Plan(employees=300)
HANGZHOU = Branch(
    id="hangzhou", name="Hangzhou (synthetic)", name_zh="杭州（合成数据）", city="Hangzhou"
)


def seed_history(plan: synthetic.Plan = PLAN) -> int:
    """Write the synthetic history; how many records."""
    organisation = OrganisationRepository()
    if organisation.get_branch(HANGZHOU.id) is None:
        organisation.put_branch(HANGZHOU)
    records = synthetic.records(synthetic.generate(plan))
    if DemographicsRepository().categories().categories:
        records.pop("categories")  # HQ's own choice stands
    written = 0
    for items in records.values():
        Repository(type(items[0])).put_many(items)
        written += len(items)
    return written


def start(function_name: str, seed: bool) -> threading.Thread:
    """In the background: seed (a new data directory), then compute everything once."""

    def work() -> None:
        try:
            if seed:
                log.info("analytics demo: %d synthetic records written", seed_history())
            invoke_async(function_name, {"job": "full"})
        except Exception:  # the product runs without it; say why
            log.exception("analytics demo: seeding failed")

    thread = threading.Thread(target=work, name="analytics-demo", daemon=True)
    thread.start()
    return thread

"""Scheduled rules while the local cloud runs: a ``rate(...)`` schedule fires on its own,
as EventBridge would (reminders every hour, the outbox sweep every 5 minutes); a
``cron(...)`` one is fired by hand (``make tick NAME=...``)."""

from __future__ import annotations

import logging
import re
import threading
import time
from datetime import UTC, datetime
from typing import Any

from infra.localcloud.emulator import invoke_async
from infra.localcloud.functions import FunctionRegistry
from infra.localcloud.provision import Schedule
from infra.localcloud.template import ACCOUNT_ID

log = logging.getLogger("hireflow.localcloud")

_RATE = re.compile(r"rate\((\d+) (minute|hour|day)s?\)")
_UNIT_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}


def period_seconds(expression: str) -> int | None:
    """The period of a ``rate(...)`` expression; None for anything else (cron)."""
    found = _RATE.fullmatch(expression.strip())
    return int(found[1]) * _UNIT_SECONDS[found[2]] if found else None


def scheduled_event(rule_name: str, region: str) -> dict[str, Any]:
    """The event EventBridge delivers for a scheduled rule without an Input."""
    return {
        "version": "0",
        "id": f"local-{int(time.time() * 1000)}",
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": ACCOUNT_ID,
        "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": region,
        "resources": [f"arn:aws:events:{region}:{ACCOUNT_ID}:rule/{rule_name}"],
        "detail": {},
    }


def payload(schedule: Schedule, region: str) -> Any:
    return schedule.input if schedule.input is not None else scheduled_event(schedule.name, region)


class Scheduler:
    """Fires each rate schedule once a period, first one period after the start (as a
    new rule does), asynchronously like EventBridge."""

    def __init__(self, schedules: list[Schedule], functions: FunctionRegistry, region: str):
        self.functions = functions
        self.region = region
        self.periodic = [(s, p) for s in schedules if (p := period_seconds(s.expression))]
        for schedule in schedules:
            if not period_seconds(schedule.expression):
                log.info("%s (%s) runs on demand: make tick", schedule.name, schedule.expression)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="schedules", daemon=True)

    def start(self) -> None:
        if self.periodic:
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        started = time.monotonic()
        due = {schedule.name: started + period for schedule, period in self.periodic}
        while True:
            soonest = min(due.values())
            if self._stop.wait(max(0.0, soonest - time.monotonic())):
                return
            for schedule, period in self.periodic:
                if due[schedule.name] <= time.monotonic():
                    due[schedule.name] += period
                    function = self.functions.by_logical_id[schedule.function].name
                    invoke_async(function, payload(schedule, self.region))

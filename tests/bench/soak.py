"""A soak of `make run`: interviews taken end to end through the portal for a while, the
local cloud's resident memory sampled, then a stop (seconds to exit) and a start again
(seconds to restore). Printed as tables, like every benchmark.

    python -m tests.bench.soak                       # 50 interviews over 60 minutes
    python -m tests.bench.soak --interviews 10 --minutes 5
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from pathlib import Path

import requests

from infra.localcloud.cloud import free_port
from tests import answer_media as media
from tests.bench.__main__ import table
from tests.support.builders import english_candidate, invite, wait_for_status
from tests.support.client import Client, Http
from tests.support.running import RunningCloud, answer

QUESTIONS = {
    "intro": "jfk",
    "damaged-order": "damaged_order_strong",
    "difficult-teammate": "teammate_star",
}


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def answer_videos(folder: Path) -> dict[str, Path]:
    face = media.picture(media.MEDIA / "obama.jpg")
    videos = {}
    for question, speech in QUESTIONS.items():
        audio = (
            media.load_audio(media.MEDIA / "jfk.flac")
            if speech == "jfk"
            else media.load_audio(media.SPEECH / f"{speech}.ogg")
        )
        videos[question] = media.write_answer(folder / f"{question}.webm", frames=face, audio=audio)
    return videos


class MemorySampler:
    def __init__(self, pid: int, every: float = 5.0) -> None:
        self.pid = pid
        self.every = every
        self.peak = 0.0
        self.latest = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                self.latest = resident_mb(self.pid)
            except FileNotFoundError:
                return
            self.peak = max(self.peak, self.latest)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()


def _every_nth(rows: list[list[object]], at_most: int) -> list[list[object]]:
    """About ``at_most`` rows, the last included."""
    sample = rows[:: max(1, len(rows) // at_most)]
    return sample if sample[-1] is rows[-1] else [*sample, rows[-1]]


def interview(hr: Client, cloud: RunningCloud, number: int, videos: dict[str, Path]) -> float:
    """One candidate from creation to in review; the seconds it took."""
    started = time.monotonic()
    phone = f"1390000{number:04d}"
    candidate = english_candidate(hr, f"Soak Candidate {number}", phone, f"soak{number}@ex.com")
    token = invite(hr, candidate)
    portal = f"{cloud.url}/api/interview/{token}"
    session = requests.post(
        f"{portal}/verify", json={"phone": phone, "consent": True}, timeout=30
    ).json()["session"]
    for question, video in videos.items():
        answer(portal, session, question, video)
    # /complete waits for the uploads' S3 events; retry while they are on their way.
    deadline = time.monotonic() + 120
    while True:
        done = requests.post(
            f"{portal}/complete", headers={"X-Interview-Session": session}, timeout=30
        )
        if done.status_code == 200 or time.monotonic() > deadline:
            break
        time.sleep(1)
    wait_for_status(hr, candidate["id"], "in_review", seconds=600)
    return time.monotonic() - started


def soak(interviews: int, minutes: float) -> None:
    with tempfile.TemporaryDirectory(prefix="hireflow-soak-") as folder:
        videos = answer_videos(Path(folder))
        ports = free_port(), free_port()
        data = Path(folder) / "data"
        cloud = RunningCloud(data, *ports)
        rows = [[0, "0.0", f"{resident_mb(cloud.pid):.0f}", "-"]]
        tokens: dict[str, str] = {}
        hr = Client(Http(cloud, tokens))  # type: ignore[arg-type]
        began = time.monotonic()
        spacing = minutes * 60 / interviews
        durations = []
        with MemorySampler(cloud.pid) as sampler:
            for number in range(1, interviews + 1):
                durations.append(interview(hr, cloud, number, videos))
                elapsed = time.monotonic() - began
                rows.append(
                    [
                        number,
                        f"{elapsed / 60:.1f}",
                        f"{resident_mb(cloud.pid):.0f}",
                        f"{durations[-1]:.1f}",
                    ]
                )
                print(f"  interview {number}/{interviews}: {rows[-1]}", flush=True)
                time.sleep(max(0.0, number * spacing - elapsed))
        stop_seconds, _ = cloud.stop()
        table(
            f"Soak: {interviews} interviews over {minutes:g} min (make run, one process)",
            ["interviews done", "minutes", "resident MB", "create->in review s"],
            _every_nth(rows, 12),
        )
        restart_began = time.monotonic()
        again = RunningCloud(data, *ports)
        restart_seconds = time.monotonic() - restart_began
        restored = next(
            (line.strip() for line in again.started.splitlines() if "records" in line), "?"
        )
        again.stop()
        table(
            "Soak: memory, stop and restart",
            ["measure", "value"],
            [
                ["peak resident MB (sampled every 5 s)", f"{sampler.peak:.0f}"],
                ["resident MB at the end", f"{rows[-1][2]}"],
                ["SIGTERM -> exited, s", f"{stop_seconds:.1f}"],
                ["start with the saved data -> ready, s", f"{restart_seconds:.1f}"],
                ["restored", restored],
            ],
        )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.soak", description=__doc__)
    parser.add_argument("--interviews", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=60)
    args = parser.parse_args()
    soak(args.interviews, args.minutes)


if __name__ == "__main__":
    main()

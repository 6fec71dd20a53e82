"""Benchmarks (``make bench``): figures printed as tables, never asserted in tests.

- local cloud start-up (emulator, every template resource, demo data)
- Excel import through the gateway: 1,000 rows into a branch of 500 candidates, the
  worker's rows/s and /api/me's latency meanwhile (it must not wait for the import)
- DynamoDB requests per dashboard read, as a branch grows (it must stay flat)
- lifecycle latency on the local cloud: invite -> invitation sent; last answer uploaded
  (4 real recordings) -> scored -> report stored -> in review
- scoring: cold start, and each stage of one 60 s 640x480 answer (tests/bench/scoring.py)
- sealing one offer letter and checking it, KMS on moto (tests/bench/sealing.py)
- offer letter: one signed Chinese letter rendered, median and p95 (tests/bench/letters.py)
- offers on the local cloud: last approval -> letter sent; signature -> sealed and hired
- analytics: the full rebuild for 10k and 100k synthetic employees, peak memory, the load
  from a table, a dashboard read (tests/bench/analytics.py)
- matching: one position against a talent pool of 10k and 100k, median, p95 and peak
  memory (tests/bench/matching.py)
"""

from __future__ import annotations

import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from botocore.client import BaseClient

from hireflow.bootstrap import services
from infra.localcloud.cloud import LocalCloud
from infra.localcloud.demo import TEMPLATE
from tests import answer_media as media
from tests.bench.analytics import analytics_rows
from tests.bench.letters import letter_rows
from tests.bench.matching import matching_rows
from tests.bench.scoring import scoring_rows
from tests.bench.sealing import sealing_rows
from tests.support.builders import new_candidate, uploaded_answer
from tests.support.client import Client, Http
from tests.workbooks import workbook

EXISTING = 500  # candidates the branch has before the measured import
ROWS = 1000


def table(title: str, header: list[str], rows: list[list[Any]]) -> None:
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows, strict=False)]
    line = "+".join("-" * (w + 2) for w in widths)
    print(f"\n{title}\n+{line}+")
    print("| " + " | ".join(str(h).ljust(w) for h, w in zip(header, widths, strict=True)) + " |")
    print(f"+{line}+")
    for row in rows:
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
    print(f"+{line}+")


class CallCounter:
    """Counts AWS API calls made in this process (handlers included)."""

    def __init__(self) -> None:
        self.calls: dict[str, int] = {}
        self._original = BaseClient._make_api_call

    def __enter__(self) -> CallCounter:
        counter = self

        def counting(client: BaseClient, operation: str, params: Any) -> Any:
            counter.calls[operation] = counter.calls.get(operation, 0) + 1
            return counter._original(client, operation, params)

        BaseClient._make_api_call = counting  # type: ignore[method-assign]
        return self

    def __exit__(self, *_: Any) -> None:
        BaseClient._make_api_call = self._original  # type: ignore[method-assign]


def wait_until(check: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError
        time.sleep(0.02)


def candidate_rows(first: int, count: int) -> bytes:
    return workbook(
        [["姓名", "手机", "邮箱", "应聘岗位", "分支机构"]]
        + [
            [f"候选人{i}", 13000000000 + i, f"bench{i}@example.com", "客户服务专员", "上海"]
            for i in range(first, first + count)
        ]
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def import_rows(hr: Client) -> int:
    """Import tables; returns how many candidates Shanghai has afterwards."""
    me_alone: list[float] = []
    for _ in range(30):
        t0 = time.perf_counter()
        hr.get("/api/me", "shenzhen.hr")
        me_alone.append(time.perf_counter() - t0)

    def timed_import(book: bytes, rows: int) -> list[Any]:
        me: list[float] = []
        stop = threading.Event()

        def ask_me() -> None:  # another user, while the import runs
            while not stop.is_set():
                t0 = time.perf_counter()
                hr.get("/api/me", "shenzhen.hr")
                me.append(time.perf_counter() - t0)
                stop.wait(0.05)

        asker = threading.Thread(target=ask_me)
        t0 = time.perf_counter()
        asker.start()
        done = hr.import_workbook("shanghai.hr", book, seconds=600).json
        seconds = time.perf_counter() - t0
        stop.set()
        asker.join()
        return [
            rows,
            len(done["created"]),
            len(done["duplicates"]),
            f"{seconds:.1f}",
            f"{rows / seconds:.0f}",
            f"{percentile(me, 0.5) * 1000:.0f}",
            f"{percentile(me, 0.95) * 1000:.0f}",
        ]

    results = [
        [
            "/api/me, no import running",
            "",
            "",
            "",
            "",
            "",
            *[f"{percentile(me_alone, q) * 1000:.0f}" for q in (0.5, 0.95)],
        ],
        ["seed the branch", *timed_import(candidate_rows(0, EXISTING), EXISTING)],
        [f"{ROWS} new rows", *timed_import(candidate_rows(EXISTING, ROWS), ROWS)],
        ["the same file again", *timed_import(candidate_rows(EXISTING, ROWS), ROWS)],
    ]
    table(
        f"Excel import through the gateway, {ROWS} rows into a branch of {EXISTING} "
        "(upload -> worker -> done; /api/me as another user meanwhile)",
        ["import", "rows", "created", "duplicates", "seconds", "rows/s", "me p50 ms", "me p95 ms"],
        results,
    )
    return EXISTING + ROWS


def four_question_position(hr: Client) -> str:
    """The demo template plus a fourth question, on a Shanghai position."""
    draft = TEMPLATE.model_dump(
        mode="json", include={"name", "stages", "dimension_weights", "feature_weights"}
    )
    extra = {**draft["stages"][1]["questions"][0], "id": "damaged-order-again"}
    draft["stages"][1]["questions"].append(extra)
    created = hr.post("/api/templates", "hq.admin", {**draft, "id": "bench-four"})
    assert created.status == 201, created.text
    position = hr.post(
        "/api/positions",
        "hq.admin",
        {
            "id": "bench-four-answers",
            "branch_id": "shanghai",
            "title": "Bench Associate",
            "template_id": "bench-four",
            "competency_model": {
                "dimensions": [
                    {"key": k, "name": k, "weight": w}
                    for k, w in TEMPLATE.dimension_weights.items()
                ]
            },
        },
    )
    assert position.status == 201, position.text
    return "bench-four-answers"


def main() -> None:
    analytics_rows(table)
    letter_rows(table)
    scoring_rows(table)
    sealing_rows(table, percentile)
    matching_rows(table, percentile)
    started = time.perf_counter()
    cloud = LocalCloud().start()
    start_seconds = time.perf_counter() - started
    # Signed in before anything is timed.
    tokens = {u: cloud.sign_in(u) for u in ("shanghai.hr", "shenzhen.hr", "hq.admin")}
    hr = Client(Http(cloud, tokens, timeout=120))

    table(
        "Local cloud",
        ["what", "seconds"],
        [["start (emulator + resources + demo data)", f"{start_seconds:.2f}"]],
    )

    # ------------------------------------------------------------------ import
    shanghai = import_rows(hr)

    # ------------------------------------------------------------------ dashboard
    def dashboard_calls(user: str) -> tuple[int, float]:
        with CallCounter() as counter:
            t0 = time.perf_counter()
            hr.get("/api/dashboard", user)
            seconds = time.perf_counter() - t0
        dynamo = sum(
            n
            for op, n in counter.calls.items()
            if op in {"Query", "GetItem", "Scan", "BatchGetItem"}
        )
        return dynamo, seconds

    small_calls, small_seconds = dashboard_calls("shenzhen.hr")
    big_calls, big_seconds = dashboard_calls("shanghai.hr")
    table(
        "Dashboard read cost",
        ["branch", "candidates", "DynamoDB reads", "ms"],
        [
            ["shenzhen", 0, small_calls, f"{small_seconds * 1000:.0f}"],
            ["shanghai", shanghai, big_calls, f"{big_seconds * 1000:.0f}"],
        ],
    )

    # ------------------------------------------------------------------ lifecycle
    position = four_question_position(hr)
    answers = {
        "intro": "face_jfk",
        "damaged-order": "face_strong",
        "difficult-teammate": "face_star",
        "damaged-order-again": "face_weak",
    }
    folder = Path(tempfile.mkdtemp())
    face = media.picture(media.MEDIA / "obama.jpg")
    speech = {
        "face_jfk": media.load_audio(media.MEDIA / "jfk.flac"),
        **{
            f"face_{n}": media.load_audio(media.SPEECH / f"{s}.ogg")
            for n, s in (
                ("strong", "damaged_order_strong"),
                ("star", "teammate_star"),
                ("weak", "damaged_order_weak"),
            )
        },
        "face_zh": media.load_audio(media.SPEECH / "mandarin_natural.wav"),
    }
    videos = {
        name: media.write_answer(folder / f"{name}.webm", frames=face, audio=audio).read_bytes()
        for name, audio in speech.items()
    }
    s3, bucket = cloud.client("s3"), cloud.physical_id("MediaBucket")
    portal = services().portal

    reviewed: list[dict] = []  # English candidates in review, for the offer rows

    def interviews(count: int, locale: str, chosen: dict[str, str]) -> tuple[list, list]:
        invite_times, report_times = [], []
        for n in range(count):
            candidate = new_candidate(
                hr,
                name=f"Bench Four {locale} {n}",
                phone=f"139{0 if locale == 'en' else 1}000{n:04d}",
                email=f"bench.four.{locale}.{n}@example.com",
                position_id=position,
                locale=locale,
            ).json
            t0 = time.perf_counter()
            deadline = (datetime.now(UTC) + timedelta(days=2)).isoformat()
            hr.post(
                f"/api/candidates/{candidate['id']}/invite", "shanghai.hr", {"deadline": deadline}
            )
            wait_until(
                lambda c=candidate: (
                    (i := portal.interviews.interview(c["id"], 1)) is not None
                    and i.invitation_sent_at is not None
                )
            )
            invite_times.append(time.perf_counter() - t0)
            wait_until(
                lambda c=candidate: portal.lifecycle.waits.get(c["id"], "interview") is not None
            )
            keys = {
                question: uploaded_answer(s3, bucket, candidate["id"], question, videos[video])
                for question, video in chosen.items()
            }
            # Recorded (the S3 events came), as /complete makes sure before it resumes.
            wait_until(
                lambda c=candidate, k=keys: (
                    {
                        q: a.media_key
                        for q, a in portal.interviews.interview(c["id"], 1).answers.items()
                    }
                    == k
                )
            )
            t0 = time.perf_counter()  # the last upload is in
            portal.lifecycle.resume(candidate["id"], "interview", {"completed": True})
            wait_until(
                lambda c=candidate: (
                    portal.candidates.get(c["id"]).status.value in ("in_review", "needs_attention")
                ),
                seconds=180,
            )
            report_times.append(time.perf_counter() - t0)
            if locale == "en":
                reviewed.append(candidate)
        return invite_times, report_times

    invite_times, report_times = interviews(5, "en", answers)
    _, zh_report_times = interviews(3, "zh", dict.fromkeys(answers, "face_zh"))

    def summary(values: list[float]) -> list[str]:
        return [f"{statistics.median(values) * 1000:.0f}", f"{max(values) * 1000:.0f}"]

    table(
        "Lifecycle on the local cloud (5 English candidates, 4 real answers each)",
        ["step", "median ms", "max ms"],
        [
            ["invite -> invitation e-mail + SMS sent", *summary(invite_times)],
            [
                "last upload -> 4 answers scored -> report stored -> in review",
                *summary(report_times),
            ],
            [
                "the same, 4 Mandarin answers (3 candidates)",
                *summary(zh_report_times),
            ],
        ],
    )
    sent_times, hired_times = offer_times(hr, [c for c in reviewed if in_review(c)])
    table(
        f"Offers on the local cloud ({len(sent_times)} candidates, one approval level)",
        ["step", "median ms", "max ms"],
        [
            ["last approval -> letter rendered, stored, e-mail + SMS sent", *summary(sent_times)],
            ["signed -> letter sealed (KMS), employee created, hired", *summary(hired_times)],
        ],
    )
    cloud.stop()


def in_review(candidate: dict) -> bool:
    return services().portal.candidates.get(candidate["id"]).status.value == "in_review"


def offer_times(hr: Client, candidates: list[dict]) -> tuple[list[float], list[float]]:
    """For each candidate: the decision to offer, HR's draft, the manager's approval (timed
    until the letter is out), and the candidate's signature (timed until hired)."""
    lifecycle, offers = services().portal.lifecycle, services().offers.offers
    today = datetime.now(UTC).date()
    terms = {
        "department": "Customer care",
        "monthly_salary": 8000,
        "start_date": (today + timedelta(days=30)).isoformat(),
        "work_location": "Shanghai",
        "response_deadline": (today + timedelta(days=7)).isoformat(),
    }
    manager = hr.user_id("shanghai.manager")
    sent_times, hired_times = [], []
    for candidate in candidates:
        cid, path = candidate["id"], f"/api/candidates/{candidate['id']}/offer"
        wait_until(lambda c=cid: lifecycle.waits.get(c, "review") is not None)
        decision = {"decision": "offer", "disagreement_reason": "bench"}
        hr.post(f"/api/candidates/{cid}/decision", "shanghai.hr", decision)
        wait_until(lambda c=cid: lifecycle.waits.get(c, "offer") is not None)
        hr.put(path, "shanghai.hr", terms)
        hr.post(f"{path}/submit", "shanghai.hr")
        step = f"approval#0#{manager}"
        wait_until(lambda c=cid, s=step: lifecycle.waits.get(c, s) is not None)
        t0 = time.perf_counter()
        hr.post(f"{path}/vote", "shanghai.manager", {"decision": "approve"})
        wait_until(lambda c=candidate: any("/offer/#" in m["body"] for m in hr.outbox(c["email"])))
        sent_times.append(time.perf_counter() - t0)
        link = next(m["body"] for m in hr.outbox(candidate["email"]) if "/offer/#" in m["body"])
        token = link.split("/offer/#", 1)[1].split()[0]
        session = hr.post(f"/api/offer/{token}/verify", None, {"phone": candidate["phone"]}).json
        wait_until(lambda c=cid: lifecycle.waits.get(c, "acceptance") is not None)
        t0 = time.perf_counter()
        hr.post(
            f"/api/offer/{token}/accept",
            None,
            {"typed_name": candidate["name"], "consent": True},
            headers={"X-Offer-Session": session["session"]},
        )
        wait_until(lambda c=cid: (o := offers.get(c)) is not None and o.employee_id, seconds=60)
        hired_times.append(time.perf_counter() - t0)
    return sent_times, hired_times


if __name__ == "__main__":
    main()

"""Résumé parsing benchmark (``make bench``): seconds per page for a Chinese PDF with a
text layer, an English DOCX, a scanned PDF (OCR) and a photographed page (JPEG, OCR),
median and p95 of 7 runs after a first (cold: libraries and OCR models loading) run,
and each format's peak resident memory. Each format runs in its own process, so the
peak is that format's own (the OCR models included when it uses them) and a cold run is
really cold. Run alone: ``python -m tests.bench.resumes``."""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

RUNS = 7
FILES: dict[str, tuple[str, str]] = {
    # name: (builder in tests.support.resume_files, format)
    "Chinese PDF, text layer (2 pages)": ("chinese_pdf_two_pages", "pdf"),
    "English DOCX with a table": ("english_docx", "docx"),
    "scanned PDF (OCR)": ("scanned_pdf", "pdf"),
    "photographed page, JPEG (OCR)": ("photographed_page", "jpeg"),
}


def _one(builder: str, fmt: str) -> dict[str, Any]:
    from tests.support import resume_files

    if builder == "chinese_pdf_two_pages":
        data = resume_files.chinese_pdf(pages=2)
    else:
        data = getattr(resume_files, builder)()
    from hireflow.recruiting.resume_parsing import parse

    times = []
    pages = 0
    for _ in range(RUNS + 1):
        t0 = time.perf_counter()
        pages = parse(data, fmt).pages  # type: ignore[arg-type]
        times.append(time.perf_counter() - t0)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    return {
        "pages": pages,
        "cold": times[0],
        "warm": times[1:],
        "peak_mb": peak_mb,
        "kb": len(data) // 1024,
    }


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def resume_rows(table: Callable[[str, list[str], list[list[Any]]], None]) -> None:
    rows = []
    for name, (builder, fmt) in FILES.items():
        run = subprocess.run(
            [sys.executable, "-m", "tests.bench.resumes", builder, fmt],
            capture_output=True,
            text=True,
            check=True,
        )
        got = json.loads(run.stdout.strip().splitlines()[-1])
        per_page = [t / got["pages"] for t in got["warm"]]
        rows.append(
            [
                name,
                got["kb"],
                got["pages"],
                f"{got['cold']:.2f}",
                f"{statistics.median(per_page) * 1000:.0f}",
                f"{_p95(per_page) * 1000:.0f}",
                f"{got['peak_mb']:.0f}",
            ]
        )
    table(
        f"Résumé parsing ({RUNS} warm runs each, one process per format)",
        ["file", "KB", "pages", "cold s", "ms/page p50", "ms/page p95", "peak RSS MB"],
        rows,
    )


if __name__ == "__main__":
    if len(sys.argv) == 3:
        print(json.dumps(_one(sys.argv[1], sys.argv[2])))
    else:
        from tests.bench.__main__ import table

        resume_rows(table)

"""`make run` prints the addresses the README promises, the API docs among them."""

from __future__ import annotations

import re
from pathlib import Path

from infra.localcloud.__main__ import addresses

README = Path(__file__).resolve().parents[2] / "README.md"


def test_make_run_prints_every_address_the_readme_promises():
    printed = "\n".join(addresses("http://127.0.0.1:8000", "http://127.0.0.1:8001"))
    promised = re.findall(r"<(http://127\.0\.0\.1:8000/[^>]*)>", README.read_text())
    assert "http://127.0.0.1:8000/api/docs" in promised
    for address in promised:
        assert address in printed or address.rstrip("/") + "/" in printed, address

"""Helpers shared by the test suites: the template, its functions, sample events."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from infra.localcloud.functions import LocalFunction
from infra.localcloud.template import load_template

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = load_template(ROOT / "template.yaml")


def sample_event(name: str) -> dict[str, Any]:
    return json.loads((ROOT / "events" / name).read_text(encoding="utf-8"))


def template_function(logical_id: str) -> LocalFunction:
    """The template's function, loadable in-process like the local cloud loads it."""
    props = TEMPLATE["Resources"][logical_id]["Properties"]
    return LocalFunction(
        logical_id=logical_id,
        name=logical_id,
        code_dir=ROOT / props["CodeUri"],
        handler=props["Handler"],
        memory_mb=512,
        timeout_seconds=29,
        environment={},
    )

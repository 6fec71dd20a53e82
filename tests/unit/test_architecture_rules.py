"""Rules of the layout (docs/architecture.md) that a reader relies on."""

import ast
import re
from pathlib import Path

import hireflow
import hireflow.bootstrap
from hireflow.interviews.events import AnswerRecorded
from hireflow.people.events import EmployeeEvent
from hireflow.platform.events import DomainEvent
from hireflow.privacy.events import ConsentChanged
from hireflow.recruiting.events import CandidateEvent
from hireflow.reviews.events import CandidateRejected
from tests.support import ROOT

PACKAGE = Path(hireflow.__file__).parent
KEY = re.compile(r"\b[A-Z][A-Z0-9_]+#")


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def test_every_key_string_is_spelled_in_a_model_module():
    outside = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "model.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = _docstrings(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
                and KEY.search(node.value)
            ):
                outside.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.value!r}")
    assert outside == [], "build keys with Entity.key(...) in the context's model.py"


def test_the_event_catalogue_documents_every_event_class_and_its_facts():
    catalogue = (ROOT / "docs" / "events.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([a-z_.]+)` \| (.+) \|$", catalogue, re.M))
    assert set(rows) == set(DomainEvent.types)
    common = set(CandidateEvent.model_fields) | set(EmployeeEvent.model_fields) | {"event_id"}
    assert ConsentChanged.detail_type in rows
    for detail_type, event in DomainEvent.types.items():
        for fact in sorted(set(event.model_fields) - common):
            assert f"`{fact}`" in rows[detail_type], f"{detail_type}: document `{fact}`"


def test_the_same_fact_published_again_has_the_same_event_id():
    base = {"candidate_id": "c1", "branch_id": "b", "position_id": "p", "status": "x", "round": 2}
    first = AnswerRecorded(**base, question_id="intro", attempt=1)
    again = AnswerRecorded(**base, question_id="intro", attempt=1)
    retake = AnswerRecorded(**base, question_id="intro", attempt=2)
    assert first.event_id == again.event_id == "c1:answer.recorded:2:intro:1"
    assert retake.event_id != first.event_id
    assert CandidateRejected(**base).event_id == "c1:candidate.rejected:2"
    detail = first.detail()
    assert detail["event_id"] == first.event_id and "distinct_by" not in detail

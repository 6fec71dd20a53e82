"""Every message the server gives a person has a code, and both front-end catalogues
(web/shared/messages.js, English and Chinese) say it: no English server text on a
Chinese screen. The codes are collected from the source, so a new one without its
Chinese sentence fails here."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from hireflow.platform import errors

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT / "shared" / "hireflow"
CATALOGUE = ROOT / "web" / "shared" / "messages.js"
ERROR_CLASSES = {
    name
    for name, value in vars(errors).items()
    if isinstance(value, type) and issubclass(value, errors.HireflowError)
}
# Keyword arguments that carry a code, and calls whose n-th argument is one.
CODE_KEYWORDS = {"code", "reason_code", "note_code"}
CODE_POSITIONS = {
    "FieldError": 2,
    "invalid_value": 0,
    "ContactError": 1,
    "CodedText": 1,
    "MediaRejected": 1,
    "ResumeRefused": 0,
    "ResumeNotTaken": 0,
}


def _catalogue(language: str) -> set[str]:
    text = CATALOGUE.read_text(encoding="utf-8")
    block = text[text.index("const CATALOGUE = {") :]
    start = block.index(f"  {language}: {{")
    end = block.index("\n  },", start)
    return set(re.findall(r"(?:^|[\s{,])([a-z][a-z0-9_]*):", block[start + 6 : end], re.M))


def _literal_codes(node: ast.AST) -> list[str]:
    """The code strings of an expression (a literal, an f-string's fixed forms, or a
    conditional between literals)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _literal_codes(node.body) + _literal_codes(node.orelse)
    return []


def _calls() -> list[tuple[Path, ast.Call]]:
    found = []
    for path in SHARED.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                found.append((path, node))
    return found


def _name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def codes_in_source() -> set[str]:
    codes: set[str] = set()
    for _, call in _calls():
        for keyword in call.keywords:
            if keyword.arg in CODE_KEYWORDS:
                codes.update(_literal_codes(keyword.value))
        position = CODE_POSITIONS.get(_name(call))
        if position is not None and len(call.args) > position:
            codes.update(_literal_codes(call.args[position]))
    # Codes built from a pattern: the import's "added (source)" and the unknown assignee.
    codes.update({"added_manual", "added_import"})
    codes.update({"unknown_interviewer", "unknown_hiring_manager"})
    codes.update({"no_such_interviewer", "no_such_hiring_manager"})
    # The classes' own codes, and those the API gives itself.
    codes.update(getattr(errors, name).code for name in ERROR_CLASSES)
    codes.update({"media_unusable", "speech_model_language"})  # defaults of the exceptions
    return codes - {""}


def test_the_source_has_codes_to_check():
    codes = codes_in_source()
    assert len(codes) > 80
    assert {"nothing_to_decide", "wrong_phone", "phone_not_digits", "weights_sum"} <= codes


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_code_the_server_sends_is_in_the_catalogue(language):
    missing = sorted(codes_in_source() - _catalogue(language))
    assert missing == [], f"add these codes to web/shared/messages.js ({language})"


def test_every_error_raised_names_its_code():
    """A raise of one of our errors without ``code=`` would reach a Chinese screen as the
    class's generic sentence: each names what went wrong."""
    bare = [
        f"{path.relative_to(ROOT)}:{call.lineno}"
        for path, call in _calls()
        if _name(call) in ERROR_CLASSES
        and not any(k.arg == "code" for k in call.keywords)
        and path.name != "errors.py"
    ]
    assert bare == []


def test_the_chinese_catalogue_is_chinese():
    """A Chinese entry copied from the English one would pass the key check: each must
    hold Chinese characters."""
    text = CATALOGUE.read_text(encoding="utf-8")
    block = text[text.index("  zh: {", text.index("const CATALOGUE = {")) :]
    block = block[block.index("\n") : block.index("\n  },")]
    entries = re.findall(r"^\s+([a-z][a-z0-9_]*): (.+?)(?=,\s*[a-z][a-z0-9_]*: |,?$)", block, re.M)
    assert len(entries) > 50
    latin_only = [key for key, value in entries if not re.search(r"[\u4e00-\u9fff]", value)]
    assert latin_only == []

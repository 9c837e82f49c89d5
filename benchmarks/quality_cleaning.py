#!/usr/bin/env python3
"""Cleaning quality on the labelled dev corpus, checked against the floors.

    python benchmarks/quality_cleaning.py

Cleans ../shared/corpus/cleaning-dev/input with the installed ``newsclean`` command,
scores the output with ../shared/tools/score_cleaning.py, prints the figures and
compares them with benchmarks/cleaning_floors.toml. Exits 1 naming every figure past
its floor (and lists the scorer's mistakes); exits 0 with a note when ../shared is
absent (only CI and developers have it).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: tomli is a dependency of newsclean there
    import tomli as tomllib

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"  # ../shared beside the repo
CORPUS = SHARED / "corpus" / "cleaning-dev"
SCORER = SHARED / "tools" / "score_cleaning.py"
FLOORS = HERE / "cleaning_floors.toml"


def newsclean_command() -> list[str]:
    """The ``newsclean`` entry point installed beside this Python, or ``python -m newsclean``."""
    script = Path(sys.executable).with_name("newsclean")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "newsclean"]


def run(cmd: list[str]) -> subprocess.CompletedProcess[str]:
    print("+ " + " ".join(cmd), flush=True)
    return subprocess.run(cmd, capture_output=True, text=True)


def check(figures: dict[str, object], floors: dict[str, dict[str, float]]) -> list[str]:
    """One message per figure past its floor (a missing figure counts as past it)."""
    problems = []
    for bound, op, ok in (("min", ">=", lambda v, f: v >= f), ("max", "<=", lambda v, f: v <= f)):
        for name, floor in floors.get(bound, {}).items():
            value = figures.get(name)
            if not isinstance(value, (int, float)) or not ok(value, floor):
                problems.append(f"{name} = {value}, needs {op} {floor}")
    return problems


def main() -> int:
    if not (CORPUS / "input").is_dir() or not SCORER.is_file():
        print(f"quality_cleaning: skipped: {CORPUS} or {SCORER} not found (only CI and developers have ../shared)")
        return 0
    floors = tomllib.loads(FLOORS.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="newsclean-quality-") as tmp:
        out = Path(tmp) / "out"
        cleaned = run(newsclean_command() + ["clean", str(CORPUS / "input"), "-o", str(out)])
        if cleaned.returncode != 0:
            print(cleaned.stderr, file=sys.stderr)
            print(f"quality_cleaning: FAIL: newsclean clean exited {cleaned.returncode}", file=sys.stderr)
            return 1
        scored = run([sys.executable, str(SCORER), str(CORPUS), str(out), "--json"])
        if scored.returncode != 0:
            print(scored.stdout + scored.stderr, file=sys.stderr)
            print(f"quality_cleaning: FAIL: the scorer exited {scored.returncode}", file=sys.stderr)
            return 1
        figures = json.loads(scored.stdout.strip().splitlines()[-1])
        for name in ("docs", "missing_outputs", "boilerplate_recall", "content_loss", "content_token_loss",
                     "mixed_fixed", "meta_removed"):
            print(f"{name:20} {figures.get(name)}")
        problems = check(figures, floors)
        if problems:
            errors = subprocess.run([sys.executable, str(SCORER), str(CORPUS), str(out), "--show-errors"],
                                    capture_output=True, text=True).stdout
            print("\nThe scorer's list of mistakes:\n" + errors.split("\n\n")[0], flush=True)
    if problems:
        print(f"\nquality_cleaning: FAIL: {len(problems)} figure(s) fell past the floors in {FLOORS.name}:",
              file=sys.stderr)
        for p in problems:
            print(f"  - {p}", file=sys.stderr)
        return 1
    print(f"quality_cleaning: OK: every figure meets its floor in {FLOORS.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Near-duplicate quality on the labelled dev set, checked against the floor.

    python benchmarks/quality_dedup.py

Runs ``newsclean dedup ../shared/corpus/dedup-dev/docs --json`` (the installed command,
default settings), scores the groups with ../shared/tools/score_dedup.py and checks:

- F1 at least the floor in benchmarks/dedup_floors.toml (issue 4: 0.95; datasketch with
  its README settings gets 0.769 there);
- the bundled seeds: ``newsclean dedup examples/seeds`` groups nothing (000 and 003 are two
  translations of one story, not copies).

Exits 1 naming what failed (and lists the scorer's errors); exits 0 with a note when
../shared is absent (only CI and developers have it). The seeds check runs either way.
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
REPO = HERE.parent
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus" / "dedup-dev"
SCORER = SHARED / "tools" / "score_dedup.py"
FLOORS = HERE / "dedup_floors.toml"


def dedup(folder: Path, out: Path) -> dict:
    script = Path(sys.executable).with_name("newsclean")
    cmd = [str(script)] if script.is_file() else [sys.executable, "-m", "newsclean"]
    cmd += ["dedup", str(folder), "--json", "-o", str(out)]
    print("+ " + " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)
    return json.loads(out.read_text(encoding="utf-8"))


def main() -> int:
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        seeds = dedup(REPO / "examples" / "seeds", Path(tmp) / "seeds.json")
        grouped = [g["members"] for g in seeds["groups"]]
        print(f"seeds       {len(grouped)} groups {grouped}")
        if grouped:
            failures.append(f"the seeds were grouped: {grouped}")
        if not CORPUS.is_dir():
            print(f"quality_dedup: {CORPUS} is absent; only the seeds were checked")
        else:
            out = Path(tmp) / "groups.json"
            dedup(CORPUS / "docs", out)
            scored = subprocess.run([sys.executable, str(SCORER), str(CORPUS / "truth.json"), str(out), "--json"],
                                    check=True, capture_output=True, text=True).stdout
            figures = json.loads(scored)
            floors = tomllib.loads(FLOORS.read_text(encoding="utf-8"))
            for name in ("precision", "recall", "f1", "ari"):
                print(f"{name:11s} {figures[name]:.4f}" + (f"   (floor {floors['min'][name]})" if name in floors["min"] else ""))
            for name, floor in floors["min"].items():
                if figures[name] < floor:
                    failures.append(f"{name} {figures[name]:.4f} is below its floor {floor}")
            if failures:
                subprocess.run([sys.executable, str(SCORER), str(CORPUS / "truth.json"), str(out), "--show-errors"])
    for failure in failures:
        print(f"quality_dedup: FAIL: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

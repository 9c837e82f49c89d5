#!/usr/bin/env python3
"""Document language on one core: newsclean's sampled detection versus langdetect on the whole text.

    python benchmarks/bench_language.py [--repeat N] [--min-ratio R] [--min-agreement PCT]

Corpora: ../shared/corpus/cleaning-dev/input/*.txt and the documents of
../shared/corpus/dedup-dev (every *.txt under it; truth.json is not a document), or
examples/seeds when ../shared is absent. For each corpus, times in the same run
``newsclean.detect_language`` (a bounded sample, widened only while the answer is not
clear) and ``langdetect.detect_langs`` on the whole text with ``DetectorFactory.seed = 0``:
one warm-up pass, then the best of N passes, taken in turns, because the machine is
shared and noisy. Prints MB/s (MB of UTF-8 input per second) for each, the ratio
newsclean/langdetect (above 1: newsclean is faster), the agreement (documents where both
name the same language, or both name none) and how many documents needed a wider sample.
Exits 1 when --min-ratio or --min-agreement is given and a corpus falls below it.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import langdetect
from langdetect import DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from newsclean.language import _detect, detect_language

from bench_clean import best_times  # the same timing as the cleaning benchmark (this folder is on sys.path)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def corpora() -> list[tuple[str, list[Path]]]:
    if not SHARED.is_dir():
        return [("examples/seeds", sorted((REPO / "examples" / "seeds").glob("*.txt")))]
    base = SHARED / "corpus"
    return [
        ("cleaning-dev", sorted((base / "cleaning-dev" / "input").glob("*.txt"))),
        ("dedup-dev", sorted((base / "dedup-dev").rglob("*.txt"))),
    ]


def langdetect_full(text: str) -> str | None:
    """langdetect's top language for the whole text (seeded), or None if it finds none."""
    try:
        found = langdetect.detect_langs(text)
    except LangDetectException:
        return None
    return found[0].lang if found else None


def newsclean_code(text: str) -> str | None:
    lang = detect_language(text)
    return lang.code if lang else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="timed passes; the best counts (default 5)")
    ap.add_argument("--min-ratio", type=float, metavar="R", help="exit 1 if a corpus's newsclean/langdetect speed is below R")
    ap.add_argument("--min-agreement", type=float, metavar="PCT",
                    help="exit 1 if a corpus's agreement with whole-text langdetect is below PCT percent")
    args = ap.parse_args(argv)

    DetectorFactory.seed = 0  # langdetect's own answer, made repeatable
    failures = []
    for name, files in corpora():
        if not files:
            print(f"bench_language: no documents in {name}", file=sys.stderr)
            return 2
        texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]
        mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6

        ours = [_detect(t) for t in texts]
        theirs = [langdetect_full(t) for t in texts]
        agree = sum((lang.code if lang else None) == code for (lang, _), code in zip(ours, theirs))
        pct = 100 * agree / len(texts)
        stages = Counter(stage for _, stage in ours)
        languages = Counter(code for code in theirs)

        t_nc, t_ld = best_times([newsclean_code, langdetect_full], texts, args.repeat)
        ratio = t_ld / t_nc

        print(f"corpus      {name}: {len(texts)} documents, {mb:.3f} MB; best of {args.repeat} after a warm-up")
        print("languages   whole-text langdetect: " + ", ".join(f"{c}: {n}" for c, n in languages.most_common()))
        print(f"newsclean   {mb / t_nc:7.2f} MB/s  (detect_language: sampled, seeded)")
        print(f"langdetect  {mb / t_ld:7.2f} MB/s  (detect_langs on the whole text, seed 0)")
        print(f"ratio       {ratio:7.2f}       newsclean/langdetect (above 1: newsclean is faster)")
        print(f"agreement   {agree}/{len(texts)} documents ({pct:.1f}%) name the same language")
        print("stages      " + ", ".join(f"{n} stopped at stage {s}" for s, n in sorted(stages.items()))
              + " (0: too few letters; 1: first 400 letters; 2: 1,500; 3: 4,000 across the text)")
        print()
        if args.min_ratio is not None and ratio < args.min_ratio:
            failures.append(f"{name}: ratio {ratio:.2f} is below --min-ratio {args.min_ratio}")
        if args.min_agreement is not None and pct < args.min_agreement:
            failures.append(f"{name}: agreement {pct:.1f}% is below --min-agreement {args.min_agreement}")
    for failure in failures:
        print(f"bench_language: FAIL: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

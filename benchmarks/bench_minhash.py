#!/usr/bin/env python3
"""Text to MinHash signature, 128 permutations, one core: newsclean versus datasketch and rensa.

    python benchmarks/bench_minhash.py [FOLDER] [--docs N] [--repeat R]

Texts: the *.txt under FOLDER, or N generated news articles (benchmarks/news_corpus.py;
default 2,000, about 8.6 MB). Times, in the same run, best of R passes taken in turns:

- newsclean: ``Shingler().features(text)`` (the word 2-gram set that verification uses,
  the content-word sketch set and the exact-copy fingerprint) and
  ``MinHasher().signature(...)``: what ``find_duplicates`` does per document;
- newsclean, shingle sketch: the same with ``sketch="shingles"``, so the signature is made
  of the same word 2-grams the others sign;
- datasketch 2.x ``MinHash().update_batch(...)`` with its defaults (SHA-1, affine32) on
  word 2-grams of ``text.lower().split()``, the shingles built in Python;
- rensa ``RMinHash(128, seed).update(...)`` on the same shingle strings (skipped when
  rensa is not installed: ``pip install rensa``).

Prints MB/s and newsclean's ratio to each. Goals (issue 4): at least 4x datasketch and at
least rensa's speed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import datasketch

from newsclean.dedup import MinHasher, Shingler

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_clean import best_times
from news_corpus import generate


def word_pairs(text: str) -> list[str]:
    words = text.lower().split()
    return [f"{a} {b}" for a, b in pairwise(words)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path, help="folder of .txt files (default: generated articles)")
    ap.add_argument("--docs", type=int, default=2000, help="generated articles when no folder is given")
    ap.add_argument("--repeat", type=int, default=3, help="timed passes; the best counts (default 3)")
    args = ap.parse_args(argv)

    if args.folder:
        texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(args.folder.rglob("*.txt"))]
        where = str(args.folder)
    else:
        texts = [text for _, _, text in generate(args.docs, seed=1)]
        where = f"{len(texts)} generated articles"
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6

    shingler, hasher = Shingler(), MinHasher(num_perm=128, seed=1)
    plain = Shingler(sketch="shingles")

    def ours(text: str) -> object:
        return hasher.signature(shingler.features(text).sketch)

    def ours_shingles(text: str) -> object:
        return hasher.signature(plain.features(text).sketch)

    def with_datasketch(text: str) -> object:
        m = datasketch.MinHash(num_perm=128, seed=1)
        m.update_batch([s.encode("utf-8") for s in word_pairs(text)])
        return m

    fns: list[tuple[str, Callable[[str], object]]] = [
        ("newsclean", ours),
        ("newsclean, shingle sketch", ours_shingles),
        ("datasketch update_batch", with_datasketch),
    ]
    try:
        from rensa import RMinHash
    except ImportError:
        print("rensa       not installed (pip install rensa): not compared")
    else:
        def with_rensa(text: str) -> object:
            m = RMinHash(num_perm=128, seed=1)
            m.update(word_pairs(text))
            return m

        fns.append(("rensa RMinHash", with_rensa))

    times = best_times([fn for _, fn in fns], texts, args.repeat)
    print(f"corpus      {where}: {mb:.2f} MB; best of {args.repeat} after a warm-up; 128 permutations")
    for (name, _), t in zip(fns, times):
        print(f"{name:27s} {mb / t:7.2f} MB/s")
    for (name, _), t in list(zip(fns, times))[2:]:
        print(f"ratio       newsclean / {name}: {t / times[0]:5.2f}   (shingle sketch: {t / times[1]:5.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

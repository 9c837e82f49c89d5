#!/usr/bin/env python3
"""Alias-table replacement speed on English prose: newsclean versus flashtext and a regex.

    python benchmarks/bench_aliases.py [--entries N] [--mb MB] [--repeat R]

Builds a table of N synthetic people (default 10,000; each with a full-name variant in
another transliteration, a one-word surname variant and the canonical name), plus the
bundled Belarus 2020 table. The prose is the dev corpus (or the bundled seeds) repeated to
about MB megabytes, one call per document, with a variant or canonical name dropped into
every tenth paragraph so that replacements happen. Times, in the same run and on the same
documents:

- newsclean ``AliasTable.apply`` (one Aho-Corasick automaton, word-boundary check, leftmost-longest);
- flashtext ``KeywordProcessor.replace_keywords`` (case-insensitive, one call per document);
- one ``regex`` alternation of every variant, longest first, ``(?<!\\w)…(?!\\w)``, on a
  smaller slice because it is slow at this size.

Prints MB/s for each and newsclean's ratio to each. The goal (issue 3): newsclean at
10,000 entries runs at 50 MB/s or more on one core. ``--min-mbps`` makes it exit 1 below that.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
from pathlib import Path

import regex

from newsclean.aliases import AliasTable

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def synthetic_table(n: int, seed: int = 7) -> dict[str, list[str]]:
    """N people with made-up names, each with two transliterated variants."""
    rng = random.Random(seed)
    onsets = ["b", "d", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "kh", "ts", "sh", "ch"]
    vowels = ["a", "e", "i", "o", "u", "ya", "yu"]
    endings = ["enko", "ovich", "ska", "ava", "ov", "in", "uk", "yk", "ich", "ka"]

    def word(syllables: int, end: str = "") -> str:
        return ("".join(rng.choice(onsets) + rng.choice(vowels) for _ in range(syllables)) + end).capitalize()

    def respell(w: str) -> str:
        return w.replace("kh", "h").replace("ts", "c").replace("ya", "ja").replace("yu", "ju").replace("v", "w")

    table: dict[str, list[str]] = {}
    seen: set[str] = set()
    while len(table) < n:
        first, last = word(2), word(2, rng.choice(endings))
        canonical = f"{first} {last}"
        variants = [f"{respell(first)} {respell(last)}", respell(last) + "a"]
        keys = {canonical.casefold(), last.casefold(), *(v.casefold() for v in variants)}
        if keys & seen or len(set(variants) | {canonical, last}) < 4:
            continue
        seen |= keys
        table[canonical] = variants
    return table


def prose(mb: float, names: list[str], seed: int = 11) -> list[str]:
    folder = SHARED / "corpus" / "cleaning-dev" / "input"
    if not folder.is_dir():
        folder = REPO / "examples" / "seeds"
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    rng = random.Random(seed)
    docs, size = [], 0
    for text in itertools.cycle(texts):
        paragraphs = text.split("\n\n")
        for i in range(0, len(paragraphs), 10):
            paragraphs[i] += f" {rng.choice(names)} said so, according to {rng.choice(names)}’s office."
        doc = "\n\n".join(paragraphs)
        docs.append(doc)
        size += len(doc.encode("utf-8"))
        if size >= mb * 1e6:
            return docs
    raise AssertionError("unreachable")


def best(fn, docs: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for d in docs:
            fn(d)
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, default=10_000)
    ap.add_argument("--mb", type=float, default=5.0, help="megabytes of prose (default 5)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--min-mbps", type=float, metavar="X", help="exit 1 if newsclean is below X MB/s")
    args = ap.parse_args(argv)

    data = synthetic_table(args.entries)
    belarus = AliasTable.load(REPO / "examples" / "aliases" / "belarus-2020.toml")
    for entry in belarus:
        data[entry.canonical] = list(entry.variants)
    start = time.perf_counter()
    table = AliasTable.from_dict(data)
    build = time.perf_counter() - start
    names = [v for c, vs in data.items() for v in (c, *vs)]
    docs = prose(args.mb, names)
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    replaced = sum(len(table.find(d)) for d in docs)

    t_nc = best(table.apply, docs, args.repeat)
    print(f"table       {len(table):,} entries ({len(names):,} names), built in {build:.2f} s")
    print(f"prose       {len(docs):,} documents, {mb:.2f} MB; {replaced:,} replacements; best of {args.repeat}")
    print(f"newsclean   {mb / t_nc:8.1f} MB/s  (AliasTable.apply)")

    try:
        from flashtext import KeywordProcessor
    except ImportError:
        print("flashtext   not installed (pip install 'newsclean[bench]'); skipped")
    else:
        kp = KeywordProcessor(case_sensitive=False)
        for canonical, variants in data.items():
            for v in variants:
                kp.add_keyword(v, canonical)
        t_ft = best(kp.replace_keywords, docs, args.repeat)
        print(f"flashtext   {mb / t_ft:8.1f} MB/s  (replace_keywords per document)")
        print(f"ratio       {t_ft / t_nc:8.1f}x     newsclean/flashtext")

    variants = sorted({v for vs in data.values() for v in vs}, key=len, reverse=True)
    lookup = {v.casefold(): c for c, vs in data.items() for v in vs}
    alternation = regex.compile(r"(?<!\w)(?:" + "|".join(map(regex.escape, variants)) + r")(?!\w)", regex.IGNORECASE)
    small, size = [], 0
    for d in docs:  # about 0.3 MB: the alternation is two orders of magnitude slower
        small.append(d)
        size += len(d.encode("utf-8"))
        if size > 0.3e6:
            break
    t_re = best(lambda d: alternation.sub(lambda m: lookup.get(m.group().casefold(), m.group()), d), small, 1)
    re_mbps = size / 1e6 / t_re
    print(f"regex       {re_mbps:8.2f} MB/s  (one alternation, longest first, on {size / 1e6:.2f} MB)")
    print(f"ratio       {mb / t_nc / re_mbps:8.1f}x     newsclean/regex")

    if args.min_mbps is not None and mb / t_nc < args.min_mbps:
        print(f"bench_aliases: {mb / t_nc:.1f} MB/s is below the goal of {args.min_mbps} MB/s", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

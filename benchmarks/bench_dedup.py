#!/usr/bin/env python3
"""Near-duplicates from text to groups, one core: newsclean versus the datasketch pipeline.

    python benchmarks/bench_dedup.py [--docs N] [--scale M] [--cache DIR]

Generates N news articles with planted near-duplicate families (benchmarks/news_corpus.py;
default 20,000, about 86 MB) into a JSONL file once (kept in --cache), then runs each
pipeline in a fresh process that streams the file:

- newsclean: ``DuplicateFinder(clean=False)`` with its defaults: shingles, content-word
  MinHash, LSH bands by sorting, verification, union-find;
- datasketch: ``MinHash(num_perm=128).update_batch`` on word 2-grams, ``MinHashLSH``
  (threshold 0.5, 128 permutations) insert and query of every document, union-find on the
  candidates (no verification): the pipeline its README describes.

For each it prints seconds, the peak resident memory above the process's size before the
first document, and the pairwise precision/recall/F1 of its groups against the planted
families. Then the ratios (goals, issue 4: newsclean >= 5x faster and <= 0.5x the memory).
With ``--scale M`` newsclean also runs on M documents and the time ratio is printed next to
the n log n ratio (goal: no worse).
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import time
from collections import Counter
from itertools import combinations, pairwise
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def corpus_file(docs: int, cache: Path) -> Path:
    from news_corpus import generate

    path = cache / f"news-{docs}-seed1.jsonl"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".part")
        start = time.perf_counter()
        with tmp.open("w", encoding="utf-8") as out:
            for doc_id, family, text in generate(docs, seed=1):
                out.write(json.dumps({"id": doc_id, "family": family, "text": text}) + "\n")
        tmp.replace(path)
        print(f"generated   {docs} documents into {path} in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return path


def read(path: Path):
    with path.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            yield row["id"], row["text"]


def rss_mb() -> float:
    from memory import peak_rss_bytes

    return peak_rss_bytes() / 2**20


def run_newsclean(path: Path) -> list[list[str]]:
    from newsclean.dedup import DuplicateFinder

    finder = DuplicateFinder(clean=False)
    for doc_id, text in read(path):
        finder.add(doc_id, text)
    return [list(g.ids) for g in finder.finish().groups]


def run_datasketch(path: Path) -> list[list[str]]:
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    sketches = []
    for doc_id, text in read(path):
        words = text.lower().split()
        m = MinHash(num_perm=128)
        m.update_batch([f"{a} {b}".encode() for a, b in pairwise(words)])
        lsh.insert(doc_id, m)
        sketches.append((doc_id, m))
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    for doc_id, m in sketches:
        for other in lsh.query(m):
            a, b = find(doc_id), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[str, list[str]] = {}
    for doc_id, _ in sketches:
        groups.setdefault(find(doc_id), []).append(doc_id)
    return [g for g in groups.values() if len(g) > 1]


def worker(name: str, path: Path) -> None:
    import datasketch  # noqa: F401  (both use it: imported before the baseline)

    from newsclean.dedup import DuplicateFinder

    start = time.perf_counter()
    if name == "newsclean":  # numba's compiled code: loaded from its cache, or compiled once
        warm = DuplicateFinder(clean=False)
        warm.add("a", "a warm-up text of a few words")
        warm.add("b", "one more warm-up text")
        warm.finish()
    warm_up = time.perf_counter() - start
    base = rss_mb()
    start = time.perf_counter()
    groups = (run_newsclean if name == "newsclean" else run_datasketch)(path)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "peak_mb": rss_mb() - base, "warm_up": warm_up, "groups": groups}))


def score(groups: list[list[str]], path: Path) -> tuple[float, float, float]:
    truth = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            truth[row["id"]] = row["family"]
    families = Counter(truth.values())
    true_pairs = sum(n * (n - 1) // 2 for n in families.values())
    predicted = sum(len(g) * (len(g) - 1) // 2 for g in groups)
    hit = sum(truth[a] == truth[b] for g in groups for a, b in combinations(g, 2))
    precision = hit / predicted if predicted else 1.0
    recall = hit / true_pairs if true_pairs else 1.0
    return precision, recall, 2 * precision * recall / (precision + recall) if hit else 0.0


def measure(name: str, path: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--worker", name, str(path)],
                         check=True, capture_output=True, text=True).stdout
    result = json.loads(out)
    p, r, f1 = score(result["groups"], path)
    print(f"{name:11s} {result['seconds']:7.2f} s  peak {result['peak_mb']:6.0f} MB  "
          f"groups {len(result['groups']):5d}  precision {p:.3f} recall {r:.3f} F1 {f1:.3f}"
          + (f"  (warm-up before timing: {result['warm_up']:.2f} s)" if result["warm_up"] > 0.01 else ""))
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--scale", type=int, metavar="M", help="also time newsclean on M documents")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/newsclean-bench"))
    ap.add_argument("--worker", nargs=2, metavar=("NAME", "PATH"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        worker(args.worker[0], Path(args.worker[1]))
        return 0
    path = corpus_file(args.docs, args.cache)
    mb = path.stat().st_size / 1e6
    print(f"corpus      {args.docs} generated articles, {mb:.0f} MB of JSONL; one process per pipeline")
    ours = measure("newsclean", path)
    theirs = measure("datasketch", path)
    print(f"ratio       time: datasketch / newsclean = {theirs['seconds'] / ours['seconds']:.2f} (goal >= 5)")
    print(f"ratio       peak memory: newsclean / datasketch = {ours['peak_mb'] / theirs['peak_mb']:.2f} (goal <= 0.5)")
    if args.scale:
        big = corpus_file(args.scale, args.cache)
        scaled = measure("newsclean", big)
        grow = scaled["seconds"] / ours["seconds"]
        nlogn = (args.scale * math.log(args.scale)) / (args.docs * math.log(args.docs))
        print(f"scaling     {args.docs} -> {args.scale} documents: time x{grow:.2f}; n log n x{nlogn:.2f}; "
              f"linear x{args.scale / args.docs:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

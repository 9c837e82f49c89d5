"""Cleaning one large document: throughput at 1, 4, 16 and 50 MB, and the ratio of the 50 MB
throughput to the 1 MB one (1.0 is linear; the edit log was once quadratic, and a 50 MB file
took an hour). Report only: these machines are shared and noisy.

    python benchmarks/bench_large.py [--sizes 1,4,16,50]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsclean import Cleaner

from news_corpus import generate


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="1,4,16,50", help="document sizes in MB (comma-separated)")
    args = p.parse_args()
    sizes = [float(x) for x in args.sizes.split(",")]
    # one long "article": generated news with its site chrome, so every step has work to do
    parts, total, rng = [], 0, random.Random(7)
    for _, _, text in generate(20_000, seed=rng.randrange(10**6)):
        parts.append(text)
        total += len(text)
        if total > max(sizes) * 2**20:
            break
    whole = "\n".join(parts)
    cleaner = Cleaner()
    rates = []
    for mb in sizes:
        text = whole[: int(mb * 2**20)]
        text = text[: text.rfind("\n") + 1]
        started = time.perf_counter()
        result = cleaner.clean(text)
        seconds = time.perf_counter() - started
        rates.append(len(text.encode("utf-8")) / 2**20 / seconds)
        print(f"{mb:6.1f} MB  {seconds:7.2f} s  {rates[-1]:6.2f} MB/s  {len(result.changes):,} changes")
    print(f"throughput at {sizes[-1]:g} MB / at {sizes[0]:g} MB: {rates[-1] / rates[0]:.2f} (1.0: linear)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

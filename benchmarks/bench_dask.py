#!/usr/bin/env python3
"""Near-duplicates of 20,000 articles: a local 2-worker Dask cluster beside one process.

    python benchmarks/bench_dask.py [--docs N] [--cache DIR] [--partitions P]

The corpus is benchmarks/news_corpus.py's (the JSONL file bench_dedup.py caches). Times, in
the same run: in-process ``DuplicateFinder`` (clean=False) over the file; then
``find_duplicates_dask`` on a LocalCluster of 2 worker processes (1 thread each) reading the
same file with ``read_jsonl`` in P partitions, twice: "cold" is the first call on new
workers (their imports and numba's cached code load then), "warm" the second, which is what
every further call on a long-lived cluster costs. Prints each worker's peak resident memory
(and its size when it started) and checks that all runs give the same groups. On a 2-core machine the cluster cannot be
faster than one process by much: the figure shows what the shuffles cost, not a speed-up.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def peak_mb() -> float:
    from memory import peak_rss_bytes  # VmHWM: a worker's own peak, not its parent's

    return peak_rss_bytes() / 2**20


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/newsclean-bench"))
    ap.add_argument("--partitions", type=int, default=8)
    args = ap.parse_args()
    from newsclean.dedup import DuplicateFinder
    from newsclean.distributed import client_for, find_duplicates_dask, read_jsonl

    from bench_dedup import corpus_file, read

    path = corpus_file(args.docs, args.cache)
    finder = DuplicateFinder(clean=False)
    start = time.perf_counter()
    for doc_id, text in read(path):
        finder.add(doc_id, text)
    local = finder.finish()
    t_local = time.perf_counter() - start
    print(f"in-process  {t_local:6.2f} s  {len(local.groups)} groups")

    size = path.stat().st_size // args.partitions + 1  # P partitions straight from the reader
    runs, same = [], True
    with client_for(workers=2) as client:
        idle = client.run(peak_mb)  # a new worker, before any task
        for _ in ("cold", "warm"):
            start = time.perf_counter()
            got = find_duplicates_dask(read_jsonl(str(path), blocksize=size), client=client)
            runs.append(time.perf_counter() - start)
            same = same and [sorted(g.ids) for g in got.groups] == [sorted(g.ids) for g in local.groups]
        peaks = client.run(peak_mb)
    for name, seconds in zip(("cold", "warm"), runs):
        print(f"dask, 2 workers, {name}  {seconds:6.2f} s  {len(got.groups)} groups  ({args.partitions} partitions)"
              f"  ratio to in-process {seconds / t_local:.2f}")
    for worker, mb in sorted(peaks.items()):
        print(f"  worker {worker}: peak {mb:.0f} MB resident ({idle[worker]:.0f} MB when it started)")
    print(f"groups {'equal' if same else 'DIFFERENT'} in all three runs")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())

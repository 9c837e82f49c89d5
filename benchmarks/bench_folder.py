"""A folder run's memory is bounded: peak RSS of `newsclean clean DIR -o OUT` on 10,000 and
100,000 small generated articles, and their ratio (the texts are streamed, so 10x the files
should cost far less than 10x the memory). Report only: these machines are shared and noisy.

    python benchmarks/bench_folder.py [--files 100000]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from news_corpus import generate

HERE = Path(__file__).resolve().parent


def make_folder(root: Path, count: int) -> int:
    size = 0
    for i, (_, _, text) in enumerate(generate(count, seed=11, mean_bytes=1200)):
        path = root / f"{i % 100:02d}" / f"{i:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        size += len(data)
    return size


def peak_rss_of_run(src: Path, out: Path) -> tuple[float, int]:
    """(seconds, peak RSS in bytes) of one `newsclean clean` in a fresh process."""
    code = (f"import sys; sys.path.insert(0, {str(HERE)!r}); from memory import peak_rss_bytes; "
            "from newsclean.cli import main; rc = main(sys.argv[1:]); print(peak_rss_bytes(), file=sys.stderr); sys.exit(rc)")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, "clean", str(src), "-o", str(out), "--no-progress"],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"bench_folder: newsclean clean failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds, int(done.stderr.strip().splitlines()[-1])


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--files", type=int, default=100_000, help="the larger folder's file count (default 100,000)")
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsclean-bench-folder-") as scratch:
        rows = []
        for count in (args.files // 10, args.files):
            src, out = Path(scratch) / f"in-{count}", Path(scratch) / f"out-{count}"
            size = make_folder(src, count)
            seconds, peak = peak_rss_of_run(src, out)
            rows.append((count, size, seconds, peak))
            print(f"{count:>8,} files  {size / 2**20:8.1f} MB  {seconds:7.1f} s  {count / seconds:7.0f} files/s  "
                  f"peak RSS {peak / 2**20:7.1f} MB")
            shutil.rmtree(src)
            shutil.rmtree(out)
    (n0, s0, _, m0), (n1, s1, _, m1) = rows
    print(f"{n1 / n0:.0f}x the files ({s1 / s0:.1f}x the text): peak RSS x{m1 / m0:.2f} "
          f"(+{(m1 - m0) / 2**20:.1f} MB, {(m1 - m0) / (n1 - n0):.0f} bytes per extra file)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

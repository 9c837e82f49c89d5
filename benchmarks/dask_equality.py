#!/usr/bin/env python3
"""Near-duplicates on Dask equal the in-process ones on the dev set, in every mode.

    python benchmarks/dask_equality.py [FOLDER]

Starts a LocalCluster of 2 worker processes on loopback, reads every *.txt of FOLDER
(default ../shared/corpus/dedup-dev/docs; exits 0 with a note when it is absent), and
compares ``find_duplicates_dask`` with ``find_duplicates`` (raw text, default settings)
with and without verification, for union-find on the driver and large-star/small-star on
the cluster: groups, representatives, each member's figures, and the counts. Exits 1
naming every mode that differs. (tests/test_distributed_dedup.py does the same on a
generated corpus; this file exists because tests may not read ../shared.)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO.parent / "shared" / "corpus" / "dedup-dev" / "docs"


def signature(result) -> list:
    return [(g.representative, [(m.id, m.measure, m.linked_to, round(m.jaccard, 9), round(m.containment, 9),
                                 round(m.score, 9)) for m in g.members]) for g in result.groups]


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not folder.is_dir():
        print(f"dask_equality: {folder} is absent; nothing compared")
        return 0
    import dask.dataframe as dd
    import pandas as pd

    from newsclean.dedup import DedupConfig, find_duplicates
    from newsclean.distributed import client_for, find_duplicates_dask

    docs = [(p.name, p.read_text(encoding="utf-8", errors="replace")) for p in sorted(folder.glob("*.txt"))]
    frame = dd.from_pandas(pd.DataFrame(docs, columns=["id", "text"]), npartitions=4)
    failures = []
    with client_for(workers=2) as client:
        for verify in (True, False):
            config = DedupConfig(verify=verify)
            expected = find_duplicates(docs, config=config, clean=False)
            for components in ("driver", "star"):
                start = time.perf_counter()
                got = find_duplicates_dask(frame, config=config, components=components, client=client)
                same = signature(got) == signature(expected) and got.stats == expected.stats
                print(f"verify={verify!s:5} components={components:6} groups {len(got.groups):3d} "
                      f"({len(expected.groups)} in process)  {'equal' if same else 'DIFFERENT'}  "
                      f"{time.perf_counter() - start:.1f} s")
                if not same:
                    failures.append(f"verify={verify}, components={components}")
    for failure in failures:
        print(f"dask_equality: FAIL: {failure} differs from in-process", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

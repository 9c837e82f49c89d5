"""Partition maps that behave the same on every dask this package supports (2025.1 on).

``map_partitions`` with a Delayed argument resolves it in dask 2026.8 but hands the
Delayed itself to the function in dask 2025.1; :func:`map_with` goes through
``to_delayed``/``from_delayed`` instead, which both resolve. Each Delayed argument is
computed once and sent to the workers that need it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd


def map_with(frame: Any, fn: Callable[..., pd.DataFrame], *args: Any, meta: Any, partition_info: bool = False) -> Any:
    """``fn(partition, *args)`` on every partition of ``frame``; ``args`` may hold Delayed
    objects; ``partition_info=True`` also passes ``partition_info={"number": i}`` as
    ``map_partitions`` does. The result keeps ``frame``'s divisions when they are known
    (``fn`` must then keep each partition's index, as a row filter or a column map does)."""
    import dask
    import dask.dataframe as dd

    call = dask.delayed(fn)
    parts = [call(part, *args, **({"partition_info": {"number": i}} if partition_info else {}))
             for i, part in enumerate(frame.to_delayed())]
    divisions = frame.divisions if frame.known_divisions else None
    return dd.from_delayed(parts, meta=meta, divisions=divisions, verify_meta=False)


def count_rows(frame: Any) -> Any:
    """How many rows ``frame`` has, lazily: one count per partition, summed."""
    return frame.map_partitions(lambda part: pd.Series([len(part)], dtype="int64"), meta=(None, "int64")).sum()

"""Collection for `pytest tests src`: without the dask extra, the doctest collection skips
newsclean.distributed's modules, which need Dask to import (tests/test_distributed_clean.py
skips itself)."""

from __future__ import annotations

import importlib.util

collect_ignore_glob: list[str] = []
if any(importlib.util.find_spec(name) is None for name in ("dask", "distributed", "pyarrow")):
    collect_ignore_glob.append("src/newsclean/distributed/*.py")

"""newsclean on Dask: the same cleaning, per partition of a ``dask.dataframe``.

An optional extra (``pip install 'newsclean[dask]'``). Importing this package loads
nothing from Dask, pandas or pyarrow; its functions load them on first use, and say
which package is missing, with the pip command, when the extra is not installed::

    from newsclean.distributed import client_for, read_folder, clean_dataframe, write_parquet

    if __name__ == "__main__":              # a LocalCluster starts worker processes
        with client_for(workers=4):
            frame = read_folder("corpus/")
            write_parquet(clean_dataframe(frame, aliases="names.toml"), "out/cleaned.parquet")

See docs/distributed.md.
"""

from __future__ import annotations

import importlib
import typing

if typing.TYPE_CHECKING:
    from .clean import clean_dataframe as clean_dataframe
    from .clean import repeated_lines as repeated_lines
    from .cluster import client_for as client_for
    from .dedup import find_duplicates_dask as find_duplicates_dask
    from .io import read_folder as read_folder
    from .io import read_jsonl as read_jsonl
    from .io import read_parquet as read_parquet
    from .io import write_jsonl as write_jsonl
    from .io import write_parquet as write_parquet

PIP = "pip install 'newsclean[dask]'"

# name -> the submodule that defines it
_LAZY = {
    "clean_dataframe": "clean",
    "repeated_lines": "clean",
    "client_for": "cluster",
    "find_duplicates_dask": "dedup",
    "read_folder": "io",
    "read_jsonl": "io",
    "read_parquet": "io",
    "write_jsonl": "io",
    "write_parquet": "io",
}

# what the extra brings: the import name, and the distribution to name in the message
_NEEDED = (
    ("dask", "dask"),
    ("dask.dataframe", "dask[dataframe]"),
    ("distributed", "distributed"),
    ("pyarrow", "pyarrow"),
)


def require_dask() -> None:
    """Import Dask (dataframe, distributed) and pyarrow, or raise an ImportError that
    names what is missing and the pip command that installs it."""
    missing = []
    for module, distribution in _NEEDED:
        if distribution.startswith("dask[") and "dask" in missing:
            continue  # already named
        try:
            importlib.import_module(module)
        except ImportError as exc:
            missing.append(f"{distribution} ({exc})" if distribution.startswith("dask[") else distribution)
    if missing:
        raise ImportError(f"newsclean.distributed needs {', '.join(missing)}, which "
                          f"{'is' if len(missing) == 1 else 'are'} not installed: {PIP}")


def __getattr__(name: str) -> typing.Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'newsclean.distributed' has no attribute {name!r}")
    require_dask()
    try:
        found = importlib.import_module(f"{__name__}.{module}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{module}":
            raise
        raise ImportError(f"newsclean.distributed.{name} is not available in this version of newsclean "
                          f"(no module {exc.name})") from exc
    return getattr(found, name)


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


__all__ = sorted(["PIP", "require_dask", *_LAZY])

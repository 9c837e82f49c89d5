"""Dask dataframes of documents: read a folder, JSONL or Parquet; write JSONL or Parquet.

Every reader gives a frame with an ``id`` and a ``text`` column (pyarrow strings), in
the order of the input, which :func:`~newsclean.distributed.clean_dataframe` cleans.
Folders and local outputs must be visible, at the same path, to the machine that
calls these functions and to every worker (a shared file system).
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, cast

from . import require_dask

require_dask()

import dask  # noqa: E402
import dask.dataframe as dd  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from dask.utils import parse_bytes  # noqa: E402

from ..errors import NewscleanError  # noqa: E402
from ..io import atomic_output, find_text_files, read_document  # noqa: E402

STRING = pd.StringDtype("pyarrow")
"""The dtype of every text column these functions make (missing values are ``pd.NA``)."""

DEFAULT_BLOCKSIZE = "64MiB"

_FOLDER_META = {"id": STRING, "text": STRING, "input_problems": STRING, "error": STRING}


# ---------------------------------------------------------------- folders of .txt files


def read_folder(path: str | Path, *, blocksize: int | str | None = DEFAULT_BLOCKSIZE,
                npartitions: int | None = None, min_partitions: int = 1,
                max_bytes: int | None = None) -> dd.DataFrame:
    """Every ``*.txt`` under ``path`` as a frame, one row per file, sorted by id.

    Columns: ``id`` (the path relative to ``path``, as ``newsclean clean`` and ``run``
    name documents), ``text``, ``input_problems`` (a JSON list of what was wrong with
    the file's bytes, e.g. invalid UTF-8 replaced by U+FFFD; ``"[]"`` when nothing was)
    and ``error``. Files are found and decoded exactly as the command line does
    (:func:`newsclean.io.find_text_files`, :func:`newsclean.io.read_document`).

    A file that cannot be read or is not text (binary) is **kept**, with ``text``
    missing and ``error`` saying why (``"InputError: ... binary file ..."``), so that
    nothing disappears silently: :func:`clean_dataframe` leaves such rows uncleaned and
    keeps their ``error``. ``frame[frame.error.isna()]`` drops them. So is a file of
    more than ``max_bytes`` (default: no limit; ``newsclean run --workers`` passes its
    ``--max-size``, 10 MB unless told), which is never read into memory.

    Partitions hold about ``blocksize`` bytes of files each (contiguous runs of the
    sorted files), or, with ``npartitions``, the files are split into that many
    partitions of about equal size; ``min_partitions`` splits a small folder finer than
    ``blocksize`` would, so that every worker gets some (at most one file a partition).
    The folder is listed here; the files are read by the workers.
    """
    base = Path(path)
    if not base.is_dir():
        raise NotADirectoryError(f"{base}: not a folder")
    files = [(doc_id, str(file)) for doc_id, file in find_text_files(base)]
    return files_frame(files, functools.partial(_read_text_files, max_bytes=max_bytes), _FOLDER_META,
                       blocksize=blocksize, npartitions=npartitions, min_partitions=min_partitions)


def files_frame(files: Sequence[tuple[str, str]], reader: Callable[[list[tuple[str, str]]], pd.DataFrame],
                meta: dict[str, Any], *, blocksize: int | str | None = DEFAULT_BLOCKSIZE,
                npartitions: int | None = None, min_partitions: int = 1) -> dd.DataFrame:
    """A frame of ``(id, path)`` pairs, read by ``reader`` one partition's list at a time."""
    chunks = _chunks(files, blocksize=blocksize, npartitions=npartitions)
    if npartitions is None and len(chunks) < min(min_partitions, len(files)):
        chunks = _chunks(files, blocksize=None, npartitions=min_partitions)
    empty = pd.DataFrame({name: pd.Series([], dtype=dtype) for name, dtype in meta.items()})
    if not chunks:
        return dd.from_pandas(empty, npartitions=1)
    return dd.from_map(reader, chunks, meta=empty, enforce_metadata=False)


def _chunks(files: Sequence[tuple[str, str]], *, blocksize: int | str | None,
            npartitions: int | None) -> list[list[tuple[str, str]]]:
    if not files:
        return []
    sizes = []
    for _, file in files:
        try:
            sizes.append(max(1, os.stat(file).st_size))
        except OSError:
            sizes.append(1)  # the reader reports it
    total = sum(sizes)
    if npartitions is not None:
        if npartitions < 1:
            raise ValueError(f"npartitions must be at least 1, not {npartitions}")
        # contiguous runs of about total/n bytes each, exactly n of them (n <= the files):
        # a run ends at the file boundary nearest its share of the bytes
        n = min(npartitions, len(files))
        chunks: list[list[tuple[str, str]]] = []
        current: list[tuple[str, str]] = []
        filled = 0  # bytes in every run so far, this one included
        for i, (item, size) in enumerate(zip(files, sizes)):
            target = (len(chunks) + 1) * total / n
            if current and len(chunks) < n - 1 and filled + size - target > target - filled:
                chunks.append(current)
                current = []
            current.append(item)
            filled += size
            if len(chunks) < n - 1 and len(files) - i - 1 == n - len(chunks) - 1:
                chunks.append(current)  # as many files left as runs to fill
                current = []
        if current:
            chunks.append(current)
        return chunks
    if blocksize is None:
        return [list(files)]
    limit = parse_bytes(blocksize) if isinstance(blocksize, str) else int(blocksize)
    if limit < 1:
        raise ValueError(f"blocksize must be positive, not {blocksize!r}")
    chunks = [[]]
    filled = 0
    for item, size in zip(files, sizes):
        if chunks[-1] and filled + size > limit:
            chunks.append([])
            filled = 0
        chunks[-1].append(item)
        filled += size
    return chunks


def _read_text_files(chunk: list[tuple[str, str]], max_bytes: int | None = None) -> pd.DataFrame:
    ids: list[str] = []
    texts: list[str | None] = []
    problems: list[str] = []
    errors: list[str | None] = []
    for doc_id, file in chunk:
        ids.append(doc_id)
        try:
            doc, decoded = read_document(file, doc_id, max_bytes=max_bytes)
        except NewscleanError as exc:
            texts.append(None)
            problems.append("[]")
            errors.append(f"{type(exc).__name__}: {exc}")
            continue
        texts.append(doc.text)
        problems.append(json.dumps(list(decoded.problems), ensure_ascii=False))
        errors.append(None)
    return pd.DataFrame({
        "id": pd.array(ids, dtype=STRING),
        "text": pd.array(texts, dtype=STRING),
        "input_problems": pd.array(problems, dtype=STRING),
        "error": pd.array(errors, dtype=STRING),
    })


# ---------------------------------------------------------------- JSON lines


def read_jsonl(path_or_glob: str | Path | Sequence[str | Path], *, id_field: str = "id", text_field: str = "text",
               fields: Sequence[str] | None = None, blocksize: int | str | None = DEFAULT_BLOCKSIZE,
               compression: str | None = "infer") -> dd.DataFrame:
    """JSON lines files (a path, a glob or a list; local or any fsspec URL) as a frame.

    Each line is one JSON object: ``record[id_field]`` becomes the ``id`` column (as
    text: ``7`` becomes ``"7"``), ``record[text_field]`` the ``text`` column (missing
    when the field is absent, null or not a string). ``fields`` names more fields to
    keep as columns of the same name; by default (``None``) every field of the first
    record is kept, ``()`` keeps none. They are kept as text: strings as they are,
    other values as their JSON (a number ``3`` becomes ``"3"``, a list ``["a"]``
    becomes ``'["a"]'``), missing ones as NA.

    A record without ``id_field`` (or with a null one), or a line that is not a JSON
    object, fails the read with the file and the line's first characters. Blank lines
    are skipped. Files are split into partitions of about ``blocksize`` bytes at line
    ends; compressed files (``.gz``, ...) are read whole, one partition each.
    """
    from dask.bytes import read_bytes
    from fsspec.utils import infer_compression

    paths = ([os.fspath(p) for p in path_or_glob] if isinstance(path_or_glob, (list, tuple))
             else os.fspath(cast("str | Path", path_or_glob)))  # any other value is one path (or glob)
    if compression == "infer":
        names = paths if isinstance(paths, list) else [paths]
        found = {infer_compression(n) for n in names}
        compression = found.pop() if len(found) == 1 else None
    if compression is not None:
        blocksize = None
    size = parse_bytes(blocksize) if isinstance(blocksize, str) else blocksize
    _, blocks, where = read_bytes(paths, delimiter=b"\n", blocksize=size, sample=False,
                                  compression=compression, include_path=True)
    if fields is None:
        fields = _first_record_fields(paths, compression, id_field, text_field)
    extra = [f for f in fields if f not in ("id", "text")]
    meta = pd.DataFrame({name: pd.Series([], dtype=STRING) for name in ["id", "text", *extra]})
    parts = [
        dask.delayed(_parse_jsonl)(block, file, id_field, text_field, extra)
        for file_blocks, file in zip(blocks, where)
        for block in file_blocks
    ]
    if not parts:
        return dd.from_pandas(meta, npartitions=1)
    return dd.from_delayed(parts, meta=meta, verify_meta=False)


def _first_record_fields(paths: Any, compression: str | None, id_field: str, text_field: str) -> list[str]:
    """The fields of the first record of the first file, other than the id and the text."""
    from fsspec.core import open_files

    for file in open_files(paths, mode="rb", compression=compression):
        with file as fh:
            for line in fh:
                if line.strip():
                    record = json.loads(line)
                    if not isinstance(record, dict):
                        return []
                    return [k for k in record if k not in (id_field, text_field)]
    return []


def _parse_jsonl(block: bytes, file: str, id_field: str, text_field: str, extra: list[str]) -> pd.DataFrame:
    ids, texts = [], []
    columns: dict[str, list[str | None]] = {name: [] for name in extra}
    for line in block.splitlines():
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as exc:
            raise ValueError(f"{file}: not a JSON line ({exc}): {line[:80]!r}") from None
        if not isinstance(record, dict) or record.get(id_field) is None:
            raise ValueError(f"{file}: a record without {id_field!r}: {line[:80]!r}")
        doc_id = record[id_field]
        ids.append(doc_id if isinstance(doc_id, str) else json.dumps(doc_id, ensure_ascii=False))
        text = record.get(text_field)
        texts.append(text if isinstance(text, str) else None)
        for name in extra:
            value = record.get(name)
            columns[name].append(value if isinstance(value, str) or value is None
                                 else json.dumps(value, ensure_ascii=False))
    data = {"id": pd.array(ids, dtype=STRING), "text": pd.array(texts, dtype=STRING)}
    data.update({name: pd.array(values, dtype=STRING) for name, values in columns.items()})
    return pd.DataFrame(data)


def write_jsonl(frame: dd.DataFrame, path: str | Path, *, overwrite: bool = False) -> list[str]:
    """Write the frame as JSON lines: the folder ``path`` gets one file per partition,
    ``part.00000.jsonl``, ``part.00001.jsonl``, ... (Dask writes partitions in
    parallel, so a single file would have to pass through one machine).

    One JSON object per row, every column a field (missing values as ``null``; the
    JSON columns of :func:`clean_dataframe` stay strings). The folder appears complete
    or not at all: the parts are written into a temporary folder beside it, which
    replaces ``path`` at the end; an existing ``path`` is an error unless
    ``overwrite``. Returns the files written.
    """
    target = Path(path)
    return _write_dataset(target, overwrite, lambda tmp: _write_jsonl_parts(frame, tmp))


def _write_jsonl_parts(frame: dd.DataFrame, folder: Path) -> None:
    parts = frame.to_delayed()
    width = max(5, len(str(len(parts) - 1)))
    names = [f"part.{i:0{width}d}.jsonl" for i in range(len(parts))]
    dask.compute(*[dask.delayed(_write_jsonl_part)(part, str(folder / name)) for part, name in zip(parts, names)])


def _write_jsonl_part(part: pd.DataFrame, file: str) -> str:
    columns = [(name, _plain_values(part[name])) for name in part.columns]
    names = [str(name) for name in part.columns]
    with atomic_output(file, binary=False) as fh:
        for row in zip(*(values for _, values in columns)) if columns else ():
            fh.write(json.dumps(dict(zip(names, row)), ensure_ascii=False, default=str) + "\n")
    return file


def _plain_values(column: pd.Series) -> list[Any]:
    """Python values for JSON: NA and NaN as None, numpy scalars as Python ones."""
    mask = column.isna().to_numpy()
    values = column.astype(object).tolist()
    return [None if missing else (v.item() if isinstance(v, np.generic) else v) for v, missing in zip(values, mask)]


# ---------------------------------------------------------------- Parquet


def read_parquet(path: str | Path | Sequence[str | Path], *, columns: Sequence[str] | None = None,
                 **options: Any) -> dd.DataFrame:
    """A Parquet file or dataset (a folder of ``*.parquet``; local or any fsspec URL) as
    a frame: ``dask.dataframe.read_parquet`` with pyarrow; ``options`` go to it
    (``blocksize``, ``filters``, ...). ``columns`` reads only those."""
    source: Any = ([os.fspath(p) for p in path] if isinstance(path, (list, tuple))
                   else os.fspath(cast("str | Path", path)))  # any other value is one path
    return dd.read_parquet(source, columns=list(columns) if columns is not None else None, **options)


def write_parquet(frame: dd.DataFrame, path: str | Path, *, overwrite: bool = False, **options: Any) -> list[str]:
    """Write the frame as a Parquet dataset: the folder ``path`` gets one file per
    partition (``part.0.parquet``, ...), without the index unless ``write_index=True``
    is given. ``options`` go to ``dask.dataframe.to_parquet``.

    A local ``path`` appears complete or not at all (written into a temporary folder
    beside it, which then replaces it); an existing ``path`` is an error unless
    ``overwrite``. A URL (``s3://...``) is handed to Dask as it is. Returns the local
    files written (every file of the dataset).
    """
    options.setdefault("write_index", False)
    options.setdefault("engine", "pyarrow")
    if "://" in os.fspath(path):
        frame.to_parquet(os.fspath(path), overwrite=overwrite, **options)
        return []
    return _write_dataset(Path(path), overwrite, lambda tmp: frame.to_parquet(str(tmp), **options))


def _write_dataset(target: Path, overwrite: bool, write: Callable[[Path], Any]) -> Any:
    """Run ``write`` into a fresh folder beside ``target``, then put it in ``target``'s place."""
    if target.exists() and not overwrite:
        raise FileExistsError(f"{target} exists (overwrite=True replaces it)")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        write(tmp)
        written = sorted(p.name for p in tmp.iterdir())
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
            os.replace(target, old / target.name)
            os.replace(tmp, target)
            _remove(old)
        else:
            os.replace(tmp, target)
    except BaseException:
        _remove(tmp)
        raise
    return [str(target / name) for name in written]


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink()


def read_files_exactly(files: Iterable[tuple[str, str]], *, blocksize: int | str | None = DEFAULT_BLOCKSIZE,
                       npartitions: int | None = None, min_partitions: int = 1) -> dd.DataFrame:
    """``(id, path)`` pairs of UTF-8 files written by newsclean, read back byte for byte
    (no BOM handling, no replacement): columns ``id`` and ``text``."""
    meta = {"id": STRING, "text": STRING}
    return files_frame(list(files), _read_utf8_files, meta, blocksize=blocksize, npartitions=npartitions,
                       min_partitions=min_partitions)


def _read_utf8_files(chunk: list[tuple[str, str]]) -> pd.DataFrame:
    ids = [doc_id for doc_id, _ in chunk]
    texts = [Path(file).read_bytes().decode("utf-8") for _, file in chunk]
    return pd.DataFrame({"id": pd.array(ids, dtype=STRING), "text": pd.array(texts, dtype=STRING)})

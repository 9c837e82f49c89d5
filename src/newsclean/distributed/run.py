"""``newsclean run --dask/--workers``: the cleaning half of the whole job, on a cluster.

A folder of ``.txt`` files gives what the in-process run gives (the cleaned files under
their relative paths, and ``report.jsonl`` in the same order with the same lines); a
Parquet dataset gives ``OUTPUT_DIR/cleaned.parquet`` (every input column, the cleaned
text, and the report's columns: see :func:`~newsclean.distributed.clean_dataframe`).
Each returns the frame of cleaned texts to look for near-duplicates in.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from . import require_dask

require_dask()

import dask  # noqa: E402
import dask.dataframe as dd  # noqa: E402
import distributed  # noqa: E402
import pandas as pd  # noqa: E402

from ..cleaning import RepeatedLines  # noqa: E402
from ..io import AtomicTextWriter, atomic_write  # noqa: E402
from .clean import _missing, clean_dataframe, repeated_lines  # noqa: E402
from .cluster import total_threads  # noqa: E402
from .io import STRING, read_files_exactly, read_folder, read_parquet, write_parquet  # noqa: E402


class ColumnsError(ValueError):
    """The input lacks a column the run needs."""


def is_parquet(path: Path) -> bool:
    """A ``.parquet`` file, or a folder with ``*.parquet`` files in it."""
    if path.is_file():
        return path.suffix == ".parquet"
    return path.is_dir() and any(p.is_file() for p in path.glob("*.parquet"))


def _corpus(frame: dd.DataFrame, build: bool) -> RepeatedLines | None:
    return repeated_lines(frame) if build else None


# ---------------------------------------------------------------- a folder of .txt files

_WRITTEN_META = pd.DataFrame({
    "id": pd.Series([], dtype=STRING),
    "line": pd.Series([], dtype=STRING),
    "ok": pd.Series([], dtype=bool),
    "problems": pd.Series([], dtype=STRING),
    "names": pd.Series([], dtype=STRING),
})


def clean_folder(source: Path, output: Path, options: Mapping[str, Any], *, corpus_lines: bool,
                 client: distributed.Client, err: IO[str] | None = None,
                 max_bytes: int | None = None) -> tuple[int, dd.DataFrame]:
    """Clean every ``*.txt`` under ``source`` into ``output`` with ``report.jsonl``;
    the exit status (0, or 1 when some files failed) and the frame of cleaned texts.
    Files of more than ``max_bytes`` fail with the reason, unread, as in one process."""
    err = err or sys.stderr
    parts = 2 * total_threads(client)
    frame = read_folder(source, min_partitions=parts, max_bytes=max_bytes)
    cleaned = clean_dataframe(frame, corpus=_corpus(frame, corpus_lines), **options)
    written = cleaned.map_partitions(_write_partition, str(output), meta=_WRITTEN_META, enforce_metadata=False)
    futures = client.compute(written.to_delayed())
    total = failed = 0
    names: Counter[str] = Counter()
    done: list[str] = []
    with AtomicTextWriter(output / "report.jsonl") as report:
        for future in futures:
            part = future.result()
            future.release()
            for doc_id, line, ok, problems, named in zip(part["id"].tolist(), part["line"].tolist(),
                                                          part["ok"].tolist(), part["problems"].tolist(),
                                                          part["names"].tolist()):
                total += 1
                report.write(line)
                if not ok:
                    failed += 1
                    print(f"newsclean: {json.loads(line)['error']}", file=err)
                    continue
                done.append(doc_id)
                for problem in json.loads(problems):
                    print(f"newsclean: {source / doc_id}: {problem}", file=err)
                names.update(json.loads(named))
    print(f"newsclean: cleaned {total - failed} of {total} files into {output}" + (f"; {failed} failed" if failed else ""),
          file=err)
    if names:
        print("newsclean: names normalised: " + ", ".join(f"{n} {c}" for n, c in names.most_common()), file=err)
    texts = read_files_exactly([(doc_id, str(output / doc_id)) for doc_id in done],
                               npartitions=max(1, frame.npartitions))
    return (1 if failed else 0), texts


def _write_partition(part: pd.DataFrame, output: str) -> pd.DataFrame:
    """Write each cleaned text to ``output/<id>``; the report line of each row, as the
    in-process run writes it (:func:`newsclean.report.report_line` with the language)."""
    lines, oks, problems, names = [], [], [], []
    for row in part.itertuples(index=False):
        error = None if _missing(row.error) else row.error
        found = "[]" if _missing(row.input_problems) else row.input_problems
        if error is None:
            try:
                atomic_write(Path(output) / row.id, row.text)
            except OSError as exc:
                error = f"{type(exc).__name__}: {exc}"
        if error is not None:
            lines.append(json.dumps({"id": row.id, "error": error}, ensure_ascii=False) + "\n")
            oks.append(False)
            problems.append("[]")
            names.append("[]")
            continue
        language = None if _missing(row.language) else {"code": row.language, "probability": row.language_probability}
        changes = json.loads(row.changes)
        record: dict[str, Any] = {"id": row.id, "language": language, "changes": changes,
                                  "flags": json.loads(row.flags), "meta": json.loads(row.meta)}
        if found != "[]":
            record["input_problems"] = json.loads(found)
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
        oks.append(True)
        problems.append(found)
        names.append(json.dumps([c["rule"][len("alias:"):] for c in changes if c["rule"].startswith("alias:")],
                                ensure_ascii=False))
    return pd.DataFrame({
        "id": pd.array(part["id"].tolist(), dtype=STRING),
        "line": pd.array(lines, dtype=STRING),
        "ok": pd.array(oks, dtype=bool),
        "problems": pd.array(problems, dtype=STRING),
        "names": pd.array(names, dtype=STRING),
    })


# ---------------------------------------------------------------- a Parquet dataset


def clean_parquet(source: Path, output: Path, options: Mapping[str, Any], *, corpus_lines: bool,
                  client: distributed.Client, err: IO[str] | None = None) -> tuple[int, dd.DataFrame]:
    """Clean the ``text`` column of a Parquet dataset (with an ``id`` column) into
    ``output/cleaned.parquet``; the exit status and the frame of cleaned texts."""
    err = err or sys.stderr
    frame = read_parquet(source)
    missing = [c for c in ("id", "text") if c not in frame.columns]
    if missing:
        raise ColumnsError(f"{source}: a Parquet input needs the columns 'id' and 'text'; "
                         f"it has no {', '.join(repr(c) for c in missing)} (its columns: {list(frame.columns)})")
    parts = 2 * total_threads(client)
    if frame.npartitions < parts:
        frame = frame.repartition(npartitions=parts)
    cleaned = clean_dataframe(frame, corpus=_corpus(frame, corpus_lines), **options)
    target = output / "cleaned.parquet"
    write_parquet(cleaned, target, overwrite=True)
    result = read_parquet(target, columns=["id", "text", "error"])
    failing = result[~result["error"].isna()][["id", "error"]]
    textless = (result["text"].isna() & result["error"].isna()).sum()
    errors, total, empty = dask.compute(failing, result.shape[0], textless)
    for doc_id, error in zip(errors["id"].tolist(), errors["error"].tolist()):
        print(f"newsclean: {doc_id}: {error}", file=err)
    failed, empty = len(errors), int(empty)
    print(f"newsclean: cleaned {total - failed - empty} of {total} documents into {target}"
          + (f"; {failed} failed" if failed else "") + (f"; {empty} had no text" if empty else ""), file=err)
    texts = result[~result["text"].isna()][["id", "text"]]
    # optimised now: persisting a frame read from small Parquet files, whose partitions the
    # optimiser fuses, gives a collection that fails later with "lost dependencies"
    # (dask/dask#12488); an optimised frame is fused already and persists correctly
    return (1 if failed else 0), (texts.optimize() if hasattr(texts, "optimize") else texts)

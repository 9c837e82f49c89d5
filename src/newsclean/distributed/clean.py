"""Cleaning a ``dask.dataframe``: the in-process :class:`~newsclean.Cleaner`, per partition.

Every partition is cleaned with ``Cleaner.clean``, one document at a time, exactly as
``newsclean clean`` does in one process: the same text, the same changes. A Cleaner
holds compiled RE2 sets that do not pickle, so the workers are sent the Cleaner's
options (or a function that makes one) and build their own, once per worker process.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import require_dask

require_dask()

import dask  # noqa: E402
import dask.dataframe as dd  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from ..cleaning import Cleaner, RepeatedLines  # noqa: E402
from ..columns import record  # noqa: E402
from ..document import Document  # noqa: E402
from ..errors import NewscleanError  # noqa: E402
from .compat import map_with  # noqa: E402
from .io import STRING  # noqa: E402

OUTPUT_COLUMNS = {
    "changes": STRING,
    "flags": STRING,
    "meta": STRING,
    "language": STRING,
    "language_probability": np.dtype("float64"),
    "error": STRING,
}
"""The columns :func:`clean_dataframe` adds (or replaces), and their dtypes."""


@dataclass(frozen=True)
class CleanerSpec:
    """What a worker needs to build the Cleaner: its options, or a function making it."""

    options: Mapping[str, Any] = field(default_factory=dict)
    factory: Callable[[], Cleaner] | None = None

    def build(self) -> Cleaner:
        cleaner = self.factory() if self.factory is not None else Cleaner(**self.options)
        if not isinstance(cleaner, Cleaner):
            raise TypeError(f"the cleaner factory returned {type(cleaner).__name__}, not a Cleaner")
        return cleaner


_cleaners: dict[str, Cleaner] = {}
_cleaners_lock = threading.Lock()


def _cleaner(spec: CleanerSpec, token: str) -> Cleaner:
    """The worker process's Cleaner for ``spec`` (built on first use, then kept)."""
    with _cleaners_lock:
        cleaner = _cleaners.get(token)
        if cleaner is None:
            if len(_cleaners) >= 8:
                _cleaners.clear()
            cleaner = _cleaners[token] = spec.build()
        return cleaner


def clean_dataframe(frame: dd.DataFrame, *, text_column: str = "text", id_column: str | None = "id",
                    cleaner: Callable[[], Cleaner] | None = None, corpus: RepeatedLines | bool | None = None,
                    **cleaner_options: Any) -> dd.DataFrame:
    """Clean the ``text_column`` of every row, lazily, partition by partition.

    The result has the frame's columns, in order, with ``text_column`` holding the
    cleaned text, and these after them (replacing any of the same name):

    ``changes``, ``flags``, ``meta``
        JSON lists of :meth:`Change.to_dict() <newsclean.Change.to_dict>`,
        :meth:`Flag.to_dict() <newsclean.Flag.to_dict>` and
        :meth:`MetaItem.to_dict() <newsclean.MetaItem.to_dict>`: what
        ``report.jsonl`` holds for the document.
    ``language``, ``language_probability``
        the cleaned text's language code and probability
        (:func:`newsclean.report.document_language`, as ``report.jsonl`` has it);
        missing when the text is too short to judge.
    ``error``
        why a row was not cleaned, else missing: the row's own ``error`` when the frame
        has one (a file :func:`read_folder` could not read), or the
        :class:`~newsclean.NewscleanError` cleaning raised (``"RuleTimeoutError: ..."``).

    A row whose text is missing (or not a string) is left uncleaned: its text and
    the added columns are missing. Each row is the :class:`~newsclean.Document`
    ``(str(id), text)`` (id ``""`` with ``id_column=None``), cleaned with
    ``Cleaner(**cleaner_options).clean(document, corpus=corpus)``: the same text and
    changes as in one process.

    ``cleaner_options`` are :class:`~newsclean.Cleaner`'s (``rule_packs``, ``disable``,
    ``aliases``, ``languages``, ...); files they name must be readable by every worker
    at the same path. For a pipeline that options cannot describe, give ``cleaner``: a
    function of no arguments returning a Cleaner (``functools.partial(Cleaner,
    steps=[...])``, or a module-level function), which must pickle. A Cleaner itself
    cannot be given: its compiled rule gate does not pickle.

    ``corpus`` is the batch's :class:`~newsclean.RepeatedLines` (lines repeated across
    documents: site templates), as ``newsclean run`` builds it over a folder; ``True``
    builds it from this frame first (:func:`repeated_lines`: a pass over the data,
    computed now); ``None`` (default) cleans every document on its own, as
    ``Cleaner.clean`` does.
    """
    if isinstance(cleaner, Cleaner):
        raise TypeError("a Cleaner cannot be sent to Dask workers (its compiled rule gate does not pickle): "
                        "pass its options, clean_dataframe(frame, rule_packs=[...], ...), or a function "
                        "that makes it, cleaner=functools.partial(Cleaner, ...)")
    if cleaner is not None and cleaner_options:
        raise TypeError("give cleaner options or a cleaner factory, not both")
    if cleaner is not None and not callable(cleaner):
        raise TypeError(f"cleaner must be a function returning a Cleaner, not {type(cleaner).__name__}")
    columns = list(frame.columns)
    if text_column not in columns:
        raise KeyError(f"the frame has no column {text_column!r} (its columns: {columns})")
    if id_column is not None and id_column not in columns:
        raise KeyError(f"the frame has no column {id_column!r} (its columns: {columns}); id_column=None for no ids")
    spec = CleanerSpec(dict(cleaner_options), cleaner)
    spec.build()  # fails here, not on every worker, on a bad rule pack or alias table
    if corpus is True:
        corpus = repeated_lines(frame, text_column=text_column)
    elif corpus is False:
        corpus = None
    elif corpus is not None and not isinstance(corpus, RepeatedLines):
        raise TypeError(f"corpus must be a RepeatedLines, True or None, not {type(corpus).__name__}")
    token = dask.base.tokenize(spec)
    meta = _clean_partition(frame._meta, spec, token, text_column, id_column, None)
    return map_with(frame, _clean_partition, dask.delayed(spec, pure=True), token, text_column, id_column,
                    dask.delayed(corpus, pure=True), meta=meta)


def _clean_partition(part: pd.DataFrame, spec: CleanerSpec, token: str, text_column: str, id_column: str | None,
                     corpus: RepeatedLines | None) -> pd.DataFrame:
    n = len(part)
    texts: list[str | None] = [None] * n
    changes: list[str | None] = [None] * n
    flags: list[str | None] = [None] * n
    meta: list[str | None] = [None] * n
    codes: list[str | None] = [None] * n
    probabilities = np.full(n, np.nan)
    errors: list[str | None] = [None] * n
    if "error" in part.columns:
        errors = [None if _missing(e) else str(e) for e in part["error"].tolist()]
    ids = part[id_column].tolist() if id_column is not None else [""] * n
    cleaner = _cleaner(spec, token) if n else None
    for i, text in enumerate(part[text_column].tolist()):
        if not isinstance(text, str):
            continue
        doc_id = "" if _missing(ids[i]) else str(ids[i])
        try:
            result = cleaner.clean(Document(doc_id, text), corpus=corpus)  # type: ignore[union-attr]
        except NewscleanError as exc:
            errors[i] = f"{type(exc).__name__}: {exc}"
            continue
        row = record(result)
        texts[i], changes[i], flags[i], meta[i], codes[i] = (row["text"], row["changes"], row["flags"], row["meta"],
                                                             row["language"])
        if row["language_probability"] is not None:
            probabilities[i] = row["language_probability"]
    out = part.drop(columns=[c for c in OUTPUT_COLUMNS if c in part.columns and c != text_column])
    out[text_column] = pd.array(texts, dtype=STRING)
    added = {"changes": changes, "flags": flags, "meta": meta, "language": codes, "error": errors}
    for name, dtype in OUTPUT_COLUMNS.items():
        if name == text_column:
            continue
        if name == "language_probability":
            out[name] = probabilities
        else:
            out[name] = pd.array(added[name], dtype=dtype)
    return out


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


# ---------------------------------------------------------------- repeated lines, distributed


def repeated_lines(frame: dd.DataFrame, *, text_column: str = "text", min_docs: int = 3, min_batch: int = 6,
                   max_overlap: float = 0.3) -> RepeatedLines:
    """:meth:`RepeatedLines.build <newsclean.RepeatedLines.build>` over the frame's
    texts, in the frame's order, computed on the cluster: the same lines as one
    process finds (rows without a text are left out, as unreadable files are).

    Three passes over the data: the line keys of every document, shuffled by key and
    counted; the first documents of each candidate line; their fingerprints.
    """
    rows_meta = pd.DataFrame({"key": pd.Series([], dtype="int64"), "pos": pd.Series([], dtype="int64"),
                              "edge": pd.Series([], dtype="bool")})
    rows = frame.map_partitions(_line_rows, text_column, meta=rows_meta, enforce_metadata=False)
    documents = frame[text_column].map_partitions(_count_texts, meta=("n", "int64"), enforce_metadata=False).sum()
    if frame.npartitions > 1:
        rows = rows.shuffle("key")
    candidates = rows.map_partitions(_first_documents, min_docs, RepeatedLines.SAMPLE, meta=rows_meta[["key", "pos"]],
                                     enforce_metadata=False)
    total, firsts = dask.compute(documents, candidates)
    if int(total) < min_batch or firsts.empty:
        return RepeatedLines()
    wanted = sorted(set(firsts["pos"].tolist()))
    with dask.config.set({"dataframe.convert-string": False}):  # the prints are frozensets, kept as objects
        printed = map_with(frame, _fingerprints, text_column, dask.delayed(wanted, pure=True),
                           meta=pd.DataFrame({"pos": pd.Series([], dtype="int64"), "print": pd.Series([], dtype=object)}),
                           partition_info=True).compute()
    prints = dict(zip(printed["pos"].tolist(), printed["print"].tolist()))
    chosen = []
    for key, group in firsts.sort_values("pos", kind="stable").groupby("key", sort=True):
        sample = [prints[p] for p in group["pos"].tolist()[: RepeatedLines.SAMPLE]]
        if RepeatedLines.sample_overlap(sample) < max_overlap:
            chosen.append(int(key).to_bytes(8, "little", signed=True))
    return RepeatedLines(chosen)


def _count_texts(texts: pd.Series) -> pd.Series:
    return pd.Series([sum(1 for t in texts.tolist() if isinstance(t, str))], dtype="int64", name="n")


def _position(partition: int, row: int) -> int:
    """A document's place in the frame's order, as one int64: partition, then row."""
    return (partition << 32) | row


def _line_rows(part: pd.DataFrame, text_column: str, partition_info: dict[str, Any] | None = None) -> pd.DataFrame:
    number = partition_info["number"] if partition_info else 0
    keys, positions, edges = [], [], []
    for row, text in enumerate(part[text_column].tolist()):
        if not isinstance(text, str):
            continue
        pos = _position(number, row)
        for key, edge in RepeatedLines.edge_keys(text).items():
            keys.append(int.from_bytes(key, "little", signed=True))
            positions.append(pos)
            edges.append(edge)
    return pd.DataFrame({"key": np.array(keys, dtype="int64"), "pos": np.array(positions, dtype="int64"),
                         "edge": np.array(edges, dtype="bool")})


def _first_documents(part: pd.DataFrame, min_docs: int, sample: int) -> pd.DataFrame:
    """Of every line (all its rows are in this partition after the shuffle) that is a
    candidate, the first ``sample`` documents."""
    if part.empty:
        return part[["key", "pos"]]
    grouped = part.groupby("key", sort=False)
    counts, edges = grouped["pos"].size(), grouped["edge"].sum()
    keep = [k for k, n, e in zip(counts.index.tolist(), counts.tolist(), edges.reindex(counts.index).tolist())
            if RepeatedLines.is_candidate(n, e, min_docs)]
    chosen = part[part["key"].isin(keep)].sort_values(["key", "pos"], kind="stable")
    return chosen.groupby("key", sort=False).head(sample)[["key", "pos"]].reset_index(drop=True)


def _fingerprints(part: pd.DataFrame, text_column: str, wanted: list[int],
                  partition_info: dict[str, Any] | None = None) -> pd.DataFrame:
    number = partition_info["number"] if partition_info else 0
    wanted_here = set(wanted)
    positions, prints = [], []
    for row, text in enumerate(part[text_column].tolist()):
        pos = _position(number, row)
        if pos in wanted_here and isinstance(text, str):
            positions.append(pos)
            prints.append(RepeatedLines.fingerprint(text))
    return pd.DataFrame({"pos": np.array(positions, dtype="int64"), "print": pd.Series(prints, dtype=object)})

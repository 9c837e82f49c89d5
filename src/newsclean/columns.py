"""Cleaning results as flat columns, for the tools people already use: pandas, Hugging Face
``datasets``, Arrow and Parquet, and newsclean's own Dask path (the same columns).

>>> from newsclean.columns import clean_columns
>>> batch = clean_columns({"text": ["[ad_1]\\n\\nThe story.\\n"]})
>>> batch["text"], batch["language"]
(['The story.\\n'], [None])
>>> import json; [c["rule"] for c in json.loads(batch["changes"][0])]
['ad_placeholder.ad_n', 'whitespace.leading_blank_lines']
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from .cleaning.pipeline import Cleaner
from .document import Cleaned, Document
from .errors import NewscleanError
from .language import detect_language

COLUMNS = ("text", "changes", "flags", "meta", "language", "language_probability", "error")
"""What :func:`record` gives and :func:`clean_columns` adds: the cleaned text; the changes,
flags and meta as JSON lists (what ``report.jsonl`` holds, one string per row so that every
row has the same type); the language code and its probability (None when the text is too
short to judge); and the error that stopped the row, if any."""


def record(result: Cleaned) -> dict[str, Any]:
    """One cleaning result as a flat row of :data:`COLUMNS`.

    >>> from newsclean import clean
    >>> record(clean("Big news.\\n\\nLeave a Comment\\n"))["meta"]
    '[]'
    """
    found = detect_language(result.text)
    language = found.to_dict() if found is not None else {"code": None, "probability": None}
    return {
        "text": result.text,
        "changes": json.dumps([c.to_dict() for c in result.changes], ensure_ascii=False),
        "flags": json.dumps([f.to_dict() for f in result.flags], ensure_ascii=False),
        "meta": json.dumps([m.to_dict() for m in result.meta], ensure_ascii=False),
        "language": language["code"],
        "language_probability": language["probability"],
        "error": None,
    }


def failed(error: BaseException) -> dict[str, Any]:
    """The row of a text that could not be cleaned: every column None but ``error``."""
    return {**dict.fromkeys(COLUMNS), "error": f"{type(error).__name__}: {error}"}


_DEFAULT: Cleaner | None = None


def clean_columns(batch: Mapping[str, Sequence[Any]], *, cleaner: Cleaner | None = None, text_column: str = "text",
                  id_column: str | None = None) -> dict[str, list[Any]]:
    """Clean a batch of columns (a dict of equal-length lists): the shape of
    ``datasets.Dataset.map(..., batched=True)`` and of ``DataFrame.to_dict("list")``.

    Returns the :data:`COLUMNS`, with ``text_column`` holding the cleaned text. A row whose
    text is not a string, or whose cleaning raises a :class:`~newsclean.NewscleanError`
    (a rule's time limit, say), keeps None in every column but ``error``; the other rows
    go on. Pass ``cleaner`` for your options (default: ``Cleaner()``, built once).

    >>> out = clean_columns({"body": ["One.\\n", None]}, text_column="body")
    >>> out["body"], out["error"]
    (['One.\\n', None], [None, 'TypeError: text must be str, not NoneType'])
    """
    global _DEFAULT
    if text_column not in batch:
        raise KeyError(f"the batch has no column {text_column!r} (its columns: {sorted(batch)})")
    if cleaner is None:
        cleaner = _DEFAULT = _DEFAULT or Cleaner()
    texts = batch[text_column]
    ids = batch[id_column] if id_column is not None else [""] * len(texts)
    out: dict[str, list[Any]] = {name: [] for name in COLUMNS}
    for doc_id, text in zip(ids, texts):
        if not isinstance(text, str):
            row = failed(TypeError(f"text must be str, not {type(text).__name__}"))
        else:
            try:
                row = record(cleaner.clean(Document("" if doc_id is None else str(doc_id), text)))
            except NewscleanError as exc:
                row = failed(exc)
        for name in COLUMNS:
            out[name].append(row[name])
    if text_column != "text":
        out[text_column] = out.pop("text")
    return out

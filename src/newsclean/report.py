"""Reports: one JSON line per document, counts per rule, and the --explain listing."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from .cleaning.rules import RuleSet
from .document import Cleaned
from .language import detect_language

# descriptions of rules that live in code rather than in a rule pack, for --explain
_CODE_RULES = {"language.other": "A paragraph in a language outside --languages"}
_SURROGATE = re.compile("[\ud800-\udfff]")


def json_text(obj: Any, **kwargs: Any) -> str:
    """``json.dumps(obj, ensure_ascii=False)``, except that lone surrogates (the bytes of a
    file name that is not UTF-8, as Python reads it) are written as ``\\udcxx`` escapes:
    the text can be written as UTF-8, and reads back to the same string.

    >>> json_text({"id": "caf\\udce9.txt", "x": "é"})
    '{"id": "caf\\\\udce9.txt", "x": "é"}'
    """
    text = json.dumps(obj, ensure_ascii=False, **kwargs)
    if _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def report_line(result: Cleaned, extra: dict[str, Any] | None = None, *, language: bool = False) -> str:
    """One line of ``report.jsonl``: id, changes, flags, meta (and ``extra`` keys);
    with ``language=True`` also the cleaned text's language (:func:`document_language`)
    after the id.

    >>> from newsclean import clean
    >>> line = report_line(clean("The council met on Monday and approved the new school budget.\\n"), language=True)
    >>> json.loads(line)["language"]["code"]
    'en'
    """
    record = result.to_dict()
    if language:
        record = {"id": record.pop("id"), "language": document_language(result), **record}
    if extra:
        record.update(extra)
    return json_text(record) + "\n"


def document_language(result: Cleaned) -> dict[str, Any] | None:
    """``{"code": ..., "probability": ...}`` for the cleaned text, or None when it is too
    short to judge (see :func:`newsclean.detect_language`)."""
    lang = detect_language(result.text)
    return lang.to_dict() if lang is not None else None


def error_line(doc_id: str, error: BaseException) -> str:
    """The ``report.jsonl`` line of a document that failed: its id and the error."""
    return json_text({"id": doc_id, "error": f"{type(error).__name__}: {error}"}) + "\n"


def _short(text: str, width: int = 100) -> str:
    text = text.replace("\n", "⏎")
    return text if len(text) <= width else text[: width - 1] + "…"


def explain(result: Cleaned, original: str, rules: RuleSet | None = None, *, whitespace: bool = False) -> str:
    """A human-readable account of what was removed, moved or changed, and why.

    >>> from newsclean import clean
    >>> text = "Story.\\nLeave a Comment\\n"
    >>> print(explain(clean(text), text))
    line 2  removed  comment_form.leave_comment  'Leave a Comment'
    """
    out = []
    moved = {(m.start, m.end) for m in result.meta}
    for c in result.changes:
        if c.rule.startswith("whitespace.") and not whitespace:
            continue
        line = original.count("\n", 0, c.start) + 1
        if (c.start, c.end) in moved or any(s <= c.start and c.end <= e for s, e in moved):
            action = "to meta"
        elif not c.after.strip():
            action = "removed"
        else:
            action = "changed"
        what = repr(_short(c.before.strip() or c.before))
        if action == "changed":
            what += f" -> {_short(c.after)!r}"
        reason = ""
        rule = rules.get(c.rule) if rules is not None else None
        if rule is not None and rule.description:
            reason = f"  ({rule.description})"
        elif c.rule in _CODE_RULES:
            reason = f"  ({_CODE_RULES[c.rule]})"
        via = f" via {','.join(c.via)}" if c.via else ""
        out.append(f"line {line}  {action}  {c.rule}{via}  {what}{reason}")
    for f in result.flags:
        line = original.count("\n", 0, f.start) + 1
        out.append(f"line {line}  flag  {f.rule}  {_short(f.text)!r}: {f.message}")
    return "\n".join(out)


def rule_counts(results: Iterable[Cleaned]) -> Counter[str]:
    """How many changes each rule made over many results."""
    counts: Counter[str] = Counter()
    for r in results:
        counts.update(c.rule for c in r.changes)
    return counts

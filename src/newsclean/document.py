"""The data model: what goes into the cleaner and the audit trail that comes out.

Every span in a :class:`Change` or :class:`Flag` is measured in the *input* text
(the text of the :class:`Document` given to the cleaner), so a change can be shown
against the original and :func:`replay` rebuilds the output from the input alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Document:
    """One article: an id (a path, a URL, a row number), its text and free meta.

    >>> Document("a.txt", "Some text.").id
    'a.txt'
    """

    id: str
    text: str
    meta: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Change:
    """One edit: ``input[start:end]`` (``before``) became ``after`` because of ``rule``.

    ``via`` names earlier rules whose own edits this one overwrote (for example an
    encoding repair inside a line that a later rule removed).
    """

    rule: str
    start: int
    end: int
    before: str
    after: str
    via: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "rule": self.rule,
            "start": self.start,
            "end": self.end,
            "before": self.before,
            "after": self.after,
        }
        if self.via:
            d["via"] = list(self.via)
        return d


@dataclass(frozen=True)
class Flag:
    """A warning that changes nothing: ``rule`` noticed ``input[start:end]``."""

    rule: str
    start: int
    end: int
    text: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "message": self.message,
        }


@dataclass(frozen=True)
class MetaItem:
    """A piece of meta moved out of the text (a byline, a source link, a credit)."""

    kind: str
    text: str
    rule: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "rule": self.rule,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class Cleaned:
    """The result of cleaning one document, with everything that was done to it.

    ``replay(input_text, result.changes) == result.text`` always holds.
    """

    id: str
    text: str
    changes: tuple[Change, ...] = ()
    flags: tuple[Flag, ...] = ()
    meta: tuple[MetaItem, ...] = ()

    def meta_by_kind(self) -> dict[str, list[str]]:
        """The moved meta grouped by kind: ``{"byline": ["By Jane Doe"], ...}``."""
        out: dict[str, list[str]] = {}
        for item in self.meta:
            out.setdefault(item.kind, []).append(item.text)
        return out

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: one line of ``report.jsonl``."""
        return {
            "id": self.id,
            "changes": [c.to_dict() for c in self.changes],
            "flags": [f.to_dict() for f in self.flags],
            "meta": [m.to_dict() for m in self.meta],
        }


def replay(text: str, changes: Iterable[Change]) -> str:
    """Apply recorded changes to the input text and return the output.

    Changes must be sorted by position and must not overlap, as the cleaner
    records them.

    >>> replay("Hello  world", [Change("ws", 5, 7, "  ", " ")])
    'Hello world'
    """
    out: list[str] = []
    pos = 0
    for change in changes:
        if change.start < pos or change.end < change.start or change.end > len(text):
            raise ValueError(f"change out of order or out of range: {change}")
        if text[change.start : change.end] != change.before:
            raise ValueError(f"change does not match the text it replaces: {change}")
        out.append(text[pos : change.start])
        out.append(change.after)
        pos = change.end
    out.append(text[pos:])
    return "".join(out)

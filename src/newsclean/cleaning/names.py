"""The names step: replace name variants with their canonical form from an alias table."""

from __future__ import annotations

from pathlib import Path

from ..aliases import AliasTable
from .edits import Edit
from .lines import fenced_spans
from .pipeline import StepContext


class AliasStep:
    """Apply an :class:`~newsclean.aliases.AliasTable`; each replacement is a change
    whose rule is ``alias:<canonical name>`` (so the report counts them per entry).

    >>> from newsclean import Cleaner
    >>> table = AliasTable.from_dict({"Sviatlana Tsikhanouskaya": ["Tikhanovska"]})
    >>> r = Cleaner(steps=[AliasStep(table)]).clean("Tikhanovska spoke.")
    >>> r.text, r.changes[0].rule
    ('Tsikhanouskaya spoke.', 'alias:Sviatlana Tsikhanouskaya')
    """

    name = "names"

    def __init__(self, table: AliasTable | str | Path) -> None:
        self.table = table if isinstance(table, AliasTable) else AliasTable.load(table)

    def edits(self, text: str, ctx: StepContext) -> list[Edit]:
        fenced = fenced_spans(text)
        return [
            Edit(m.start, m.end, m.after, f"alias:{m.canonical}")
            for m in self.table.find(text)
            if not any(s < m.end and m.start < e for s, e in fenced)
        ]

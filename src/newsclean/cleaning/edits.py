"""Edits made by steps, and the log that maps them back onto the input text.

Each step sees the text as the previous steps left it and returns :class:`Edit`\\ s in
*that* text's coordinates. :class:`EditLog` keeps the current text as a list of pieces,
each either copied unchanged from the input or written by an edit, so that every edit
can be reported as a :class:`~newsclean.document.Change` over a span of the *input*.
An edit that touches text written by an earlier edit absorbs it: the resulting change
covers the union of both input spans and names the earlier rules in ``via``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import NamedTuple

from ..document import Change, Flag, MetaItem


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` with ``after``; ``meta_kind`` moves the old text to meta."""

    start: int
    end: int
    after: str
    rule: str
    meta_kind: str | None = None


class _Piece(NamedTuple):  # a tuple: built by the thousand, a frozen dataclass costs 4x
    orig_start: int
    orig_end: int
    text: str  # what was written; "" for a copied piece, whose text is original[orig_start:orig_end]
    rules: tuple[str, ...] | None  # None: copied unchanged from the input


def _len(p: _Piece) -> int:
    """The length of a piece in the current text. Copied pieces hold no text of their own:
    splitting or merging them must not copy the text, or a large input with many edits
    costs time quadratic in its length (a 50 MB file took an hour)."""
    return p.orig_end - p.orig_start if p.rules is None else len(p.text)


class EditLog:
    """The current text of one document and the input span behind every part of it.

    >>> log = EditLog("a  b")
    >>> log.apply([Edit(1, 3, " ", "ws")])
    >>> log.text, [(c.start, c.end, c.after) for c in log.changes()]
    ('a b', [(1, 3, ' ')])
    """

    def __init__(self, text: str) -> None:
        self.original = text
        self.text = text
        self._pieces: list[_Piece] = [_Piece(0, len(text), "", None)] if text else []
        self.meta: list[MetaItem] = []
        self._offsets: list[int] | None = None  # to_input's index of the pieces, made when first needed

    def apply(self, edits: Iterable[Edit]) -> None:
        """Apply one step's edits (sorted, not overlapping, in current coordinates)."""
        current = self.text
        edits = list(edits)
        _check_sorted(edits, len(current))
        todo = [e for e in edits if e.meta_kind is not None or current[e.start : e.end] != e.after]
        if not todo:
            return
        pieces = self._pieces
        new: list[_Piece] = []
        i, off = 0, 0  # pieces[i] starts at current offset `off`
        for e in todo:
            # 1. keep the pieces that end before the edit starts (and empty ones at its start)
            while i < len(pieces) and off + _len(pieces[i]) <= e.start:
                _push(new, pieces[i])
                off += _len(pieces[i])
                i += 1
            prefix = suffix = ""
            via: list[str] = []
            if i == len(pieces):
                orig_start = len(self.original)
            else:
                p = pieces[i]
                cut = e.start - off
                if cut > 0 and p.rules is None:  # split a copied piece
                    _push(new, _Piece(p.orig_start, p.orig_start + cut, "", None))
                    pieces[i] = p = _Piece(p.orig_start + cut, p.orig_end, "", None)
                    off = e.start
                elif cut > 0:  # starts inside written text: absorb it whole
                    prefix = p.text[:cut]
                orig_start = p.orig_start
            # 2. absorb the pieces the edit covers; earlier deletions inside it stay
            #    changes of their own, so a removed line keeps its rule
            seg_start = orig_end = orig_start
            after = e.after
            while i < len(pieces) and e.end > off:
                p = pieces[i]
                plen = _len(p)
                if plen == 0 and p.rules is not None:
                    if seg_start < p.orig_start or prefix or after:
                        new.append(_Piece(seg_start, p.orig_start, prefix + after, _rules(e.rule, via)))
                    prefix, after, via = "", "", []
                    new.append(p)
                    seg_start = orig_end = p.orig_end
                    i += 1
                elif off + plen <= e.end or p.rules is not None:
                    if p.rules is not None:
                        via.extend(p.rules)
                        if off + plen > e.end:
                            suffix = p.text[e.end - off :]
                    orig_end = p.orig_end
                    off += plen
                    i += 1
                else:  # copied piece that runs past the edit: split it
                    cut = e.end - off
                    orig_end = p.orig_start + cut
                    pieces[i] = _Piece(orig_end, p.orig_end, "", None)
                    off = e.end
            if e.meta_kind is not None:
                self.meta.append(MetaItem(e.meta_kind, current[e.start : e.end].strip(), e.rule, orig_start, orig_end))
            if seg_start < orig_end or prefix or after or suffix or seg_start == orig_start:
                piece = _Piece(seg_start, orig_end, prefix + after + suffix, _rules(e.rule, via))
                if suffix:  # written text runs on past the edit: a later edit may still reach into it
                    i -= 1
                    pieces[i] = piece
                    off = e.end - len(prefix + after)
                else:
                    new.append(piece)
        for p in pieces[i:]:
            _push(new, p)
        self._pieces = new
        self._offsets = None
        original = self.original
        self.text = "".join(original[p.orig_start : p.orig_end] if p.rules is None else p.text for p in new)

    def to_input(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the current text to the span of the input behind it."""
        n = len(self.original)
        in_start = in_end = n
        pieces = self._pieces
        if self._offsets is None:  # where each piece starts in the current text; found by bisection
            self._offsets = list(accumulate((_len(p) for p in pieces[:-1]), initial=0)) if pieces else []
        offsets = self._offsets
        # the piece that ends at `end` (the last to start before it), and the one holding `start`
        j_end = bisect_left(offsets, end) - 1
        if j_end >= 0 and end <= offsets[j_end] + _len(pieces[j_end]):
            p, off = pieces[j_end], offsets[j_end]
            in_end = p.orig_start + (end - off) if p.rules is None else p.orig_end
        else:
            j_end = len(pieces)
        j_start = bisect_right(offsets, start) - 1
        if 0 <= j_start <= j_end and start < offsets[j_start] + _len(pieces[j_start]):
            p, off = pieces[j_start], offsets[j_start]
            in_start = p.orig_start + (start - off) if p.rules is None else p.orig_start
        if end <= start:
            return in_start, in_start
        return in_start, max(in_start, in_end)

    def changes(self) -> list[Change]:
        """Every edit as a change over the input, in order; replaying them gives :attr:`text`."""
        out = []
        for p in self._pieces:
            if p.rules is not None:
                before = self.original[p.orig_start : p.orig_end]
                if before != p.text:
                    out.append(Change(p.rules[0], p.orig_start, p.orig_end, before, p.text, p.rules[1:]))
        return out

    def flag(self, rule: str, start: int, end: int, message: str) -> Flag:
        """A flag over a span of the current text, mapped onto the input."""
        s, e = self.to_input(start, end)
        return Flag(rule, s, e, self.original[s:e], message)


def _rules(rule: str, via: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys([rule, *via]))


def _push(pieces: list[_Piece], p: _Piece) -> None:
    """Append a piece, merging neighbouring copied pieces."""
    if p.rules is None and pieces and pieces[-1].rules is None and pieces[-1].orig_end == p.orig_start:
        last = pieces[-1]
        pieces[-1] = _Piece(last.orig_start, p.orig_end, "", None)
    elif p.rules is not None or p.orig_end > p.orig_start:
        pieces.append(p)


def _check_sorted(edits: Sequence[Edit], length: int) -> None:
    pos = 0
    for e in edits:
        if not (pos <= e.start <= e.end <= length):
            raise ValueError(f"edits must be sorted, not overlapping and inside the text: {e!r}")
        pos = e.end

"""Lines with their offsets and the cheap features the line rules look at."""

from __future__ import annotations

import regex

_FENCE = regex.compile(r"^\s*(```|~~~)")


class Line:
    """One line of the text: ``text[start:end]`` is the line without its newline.

    A plain slotted class rather than a dataclass: every step splits every document,
    and the generated ``__init__`` with ``__post_init__`` cost a fifth of that.
    """

    __slots__ = ("_words", "blank", "end", "index", "memo", "protected", "start", "stripped", "text")

    def __init__(self, index: int, start: int, end: int, text: str, protected: bool = False) -> None:
        self.index = index
        self.start = start
        self.end = end
        self.text = text
        self.protected = protected  # inside a code fence: never touched by line rules
        self.stripped = stripped = text.strip()
        self.blank = not stripped
        self._words = -1
        self.memo: dict[str, object] | None = None  # features computed once (boilerplate detectors)

    def __repr__(self) -> str:
        return f"Line({self.index}, {self.start}, {self.end}, {self.text!r}, protected={self.protected})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Line):
            return NotImplemented
        return (self.index, self.start, self.end, self.text, self.protected) == (
            other.index, other.start, other.end, other.text, other.protected,
        )

    __hash__ = None  # type: ignore[assignment]  # mutable (cached features), like the dataclass it was

    @property
    def next_start(self) -> int:
        """Where the next line starts (``end`` plus the newline, if any)."""
        return self.end + 1

    def words(self) -> int:
        """How many words (whitespace-separated tokens) the line has (counted once)."""
        if self._words < 0:
            self._words = len(self.text.split())
        return self._words


_last: tuple[str, list[Line]] = ("", [])


def split_lines(text: str) -> list[Line]:
    """Split on ``\\n`` keeping offsets; lines inside ``` fences are protected.

    The last result is kept: consecutive steps that leave the text as it was share it.
    """
    global _last
    last = _last  # one read: another thread may replace it meanwhile
    if last[0] is text:
        return last[1]
    lines = []
    pos = 0
    if "```" not in text and "~~~" not in text:  # no fences: the usual case, and quick
        for i, raw in enumerate(text.split("\n")):
            end = pos + len(raw)
            lines.append(Line(i, pos, end, raw))
            pos = end + 1
    else:
        fenced = False
        for i, raw in enumerate(text.split("\n")):
            fence = ("```" in raw or "~~~" in raw) and _FENCE.match(raw) is not None
            lines.append(Line(i, pos, pos + len(raw), raw, fenced or fence))
            if fence:
                fenced = not fenced
            pos += len(raw) + 1
    _last = (text, lines)
    return lines


def fenced_spans(text: str) -> list[tuple[int, int]]:
    """The spans of the lines inside code fences (fence lines included), which no step touches."""
    if "```" not in text and "~~~" not in text:
        return []
    out: list[tuple[int, int]] = []
    for line in split_lines(text):
        if line.protected:
            if out and out[-1][1] == line.start:
                out[-1] = (out[-1][0], line.next_start)
            else:
                out.append((line.start, line.next_start))
    return out


def line_span(line: Line, text_len: int) -> tuple[int, int]:
    """The span that removes a whole line with its newline."""
    return line.start, min(line.next_start, text_len)


_MD_LINK_TEXT = regex.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_LEAD = regex.compile(r"^[\s#*+>\-]+(?=\S)")
_MD_MARKS = regex.compile(r"\*\*|__|[\[\]*]")


def has_markup(text: str) -> bool:
    """False when :func:`plain_view` has nothing to take out (the usual case, found fast)."""
    return (
        "[" in text or "]" in text or "*" in text or "__" in text
        or (text != "" and (text[0] in "#*+>-" or text[0].isspace()))  # what _MD_LEAD needs
    )


def plain_view(text: str) -> str:
    """The line with markdown links, heading and list markers and emphasis taken out.

    >>> plain_view("## Leave a Comment [»](#postcomment)")
    'Leave a Comment »'
    """
    if not has_markup(text):
        return text
    text = _MD_LINK_TEXT.sub(r"\1", text)
    text = _MD_LEAD.sub("", text)
    return _MD_MARKS.sub("", text).strip()

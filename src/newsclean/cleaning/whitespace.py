"""Whitespace: line endings, trailing spaces, runs of blank lines.

Paragraph structure is kept: a run of blank lines becomes one blank line, blank
lines at the start go, and the text ends with one newline if it ended with any.
Indentation at the start of a line is never touched.
"""

from __future__ import annotations

import re

from .edits import Edit
from .pipeline import StepContext

_NL = r"(?:\r\n|\r|\n)"
_BREAK = re.compile(rf"[^\S\r\n]*{_NL}(?:[^\S\r\n]*{_NL})*(?:[^\S\r\n]+\Z)?|[^\S\r\n]+\Z")
_CR = re.compile(r"\r\n?")


# whitespace other than the line break, as ``str.isspace`` and ``re``'s ``\s`` know it
_SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace() and c != "\n")
_ASCII_SPACES = "".join(c for c in _SPACES if c.isascii())


def _odd_spots(text: str) -> list[int]:
    """Offsets in every run of whitespace with a line break that may need an edit.

    Such a run holds a space (or other blank) before a break or at the end, a carriage
    return, three or more breaks, ends the text with two breaks, or starts the text.
    Found with ``str.find``, which skips the canonical ``"\n"`` and ``"\n\n"`` between
    lines in C instead of looking at every line break in Python.
    """
    spots: list[int] = []

    def every(needle: str) -> None:
        i = text.find(needle)
        while i >= 0:
            spots.append(i)
            i = text.find(needle, i + 1)

    for c in _ASCII_SPACES if text.isascii() else _SPACES:
        if c in text:
            every(c + "\n")
            if c == "\r":
                every(c)
    every("\n\n\n")
    if text[-1:].isspace() and (text[-1] != "\n" or text.endswith("\n\n")):
        spots.append(len(text) - 1)
    if text[:1].isspace():
        spots.append(0)
    return sorted(spots)


def run_edit(m: re.Match[str], text_len: int) -> Edit | None:
    """The edit a whitespace run found by ``_BREAK`` needs (None: it is already canonical)."""
    run = m.group()
    breaks = run.count("\n") + run.count("\r") - run.count("\r\n")
    if m.start() == 0:
        after, rule = "", "whitespace.leading_blank_lines"
    elif m.end() == text_len:
        after, rule = ("\n" if breaks else ""), "whitespace.end"
    elif breaks >= 2:
        after, rule = "\n\n", "whitespace.blank_lines"
    else:
        after, rule = "\n", "whitespace.trailing"
    return Edit(m.start(), m.end(), after, rule) if run != after else None


class LineEndingStep:
    """Turn CRLF and bare CR line endings into LF before any step reads lines.

    The line-based steps split on ``\\n`` only, so a text with bare CR line endings
    would otherwise be read as one long line and cleaned differently the second time.

    >>> from newsclean import Cleaner
    >>> Cleaner(steps=[LineEndingStep()]).clean("One.\\r\\nTwo.\\rThree.").text
    'One.\\nTwo.\\nThree.'
    """

    name = "line_endings"
    rule = "whitespace.line_endings"

    def edits(self, text: str, ctx: StepContext) -> list[Edit]:
        if "\r" not in text:
            return []
        return [Edit(m.start(), m.end(), "\n", self.rule) for m in _CR.finditer(text)]


class WhitespaceStep:
    """Normalise line endings and blank lines; strip trailing spaces.

    >>> from newsclean import Cleaner
    >>> Cleaner(steps=[WhitespaceStep()]).clean("\\n\\nOne.  \\r\\n\\n\\n\\nTwo.\\n\\n").text
    'One.\\n\\nTwo.\\n'
    """

    name = "whitespace"

    def edits(self, text: str, ctx: StepContext) -> list[Edit]:
        edits: list[Edit] = []
        done = 0  # end of the last run looked at
        for spot in _odd_spots(text):
            if spot < done:
                continue
            start = spot  # back to the start of its whitespace run
            while start > done and text[start - 1].isspace():
                start -= 1
            m = _BREAK.search(text, start)
            if m is None:
                break
            done = m.end()
            edit = run_edit(m, len(text))
            if edit is not None:
                edits.append(edit)
        return edits

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
        edits = []
        last = len(text)
        for m in _BREAK.finditer(text):
            run = m.group()
            if (run == "\n" or run == "\n\n") and 0 < m.start() and m.end() < last:
                continue  # already canonical
            breaks = run.count("\n") + run.count("\r") - run.count("\r\n")
            if m.start() == 0:
                after, rule = "", "whitespace.leading_blank_lines"
            elif m.end() == len(text):
                after, rule = ("\n" if breaks else ""), "whitespace.end"
            elif breaks >= 2:
                after, rule = "\n\n", "whitespace.blank_lines"
            else:
                after, rule = "\n", "whitespace.trailing"
            if run != after:
                edits.append(Edit(m.start(), m.end(), after, rule))
        return edits

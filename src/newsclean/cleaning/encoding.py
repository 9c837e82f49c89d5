"""Encoding repair with ftfy, conservatively, and only where repair is possible.

ftfy's defaults also straighten curly quotes, widen or narrow characters and
normalise to NFC; on real news that touches most documents for no gain, so those
fixes are off. ftfy already works line by line; this step skips every line that
cannot hold anything ftfy would change (pure ASCII without ``&`` or control
characters, or non-ASCII text that ftfy's own badness test finds clean), which is
most of a news corpus, and records one change per repaired stretch of a line.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

import ftfy
from ftfy.badness import is_bad
from ftfy.chardata import CHARMAP_ENCODINGS, CONTROL_CHARS

try:
    import re2 as _re2
except ImportError:  # pragma: no cover - google-re2 is a dependency
    _re2 = None

from .edits import Edit
from .pipeline import StepContext

CONFIG = ftfy.TextFixerConfig(
    # always: ftfy's "auto" leaves entities alone on a line that holds "<", which in scraped
    # plain text is a leftover tag the artefacts step removes, so a second run would
    # unescape what the first left ("Tom &amp; Jerry<br/>"); escaped markup ("&lt;p&gt;")
    # becomes a tag, which the artefacts step removes in the same run
    unescape_html=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,  # line endings are the whitespace step's business
    normalization=None,
    explain=False,
)

# Anything here in a line means ftfy may have work to do even if is_bad() says no:
# HTML entities, C1 controls, surrogates, terminal escapes and the control
# characters ftfy removes.
_SUSPECT_CHARS = "&\x1b" + "".join(chr(c) for c in sorted(CONTROL_CHARS) if chr(c) != "\n")
_SUSPECT = re.compile("[\x80-\x9f\ud800-\udfff" + re.escape(_SUSPECT_CHARS) + "]")
_ASCII_SUSPECT = re.compile("[&\x1b\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ANY_SUSPECT = re.compile(_SUSPECT.pattern[:-1] + "\x0c]")  # both of the above


def _mojibake_pairs() -> re.Pattern[str]:
    """Two characters that could be a UTF-8 sequence misread in one of the codecs
    ftfy knows: a lead byte (0xC0-0xFF) followed by a continuation byte (0x80-0xBF),
    a space where 0xA0 was lost, or a lossy stand-in (?, U+FFFD, 0x1A).

    Without such a pair ftfy's encoding fix cannot decode anything, so the costly
    badness test (about 4 MB/s) is only run on lines that have one (a re-scan at
    about 70 MB/s)."""
    leads_all: set[str] = set()
    alternatives = []
    for encoding in CHARMAP_ENCODINGS:
        leads = _decode_each(range(0xC0, 0x100), encoding)
        conts = _decode_each(range(0x80, 0xC0), encoding) | {"\ufffd", "?", "\x1a"}
        if encoding != "macroman":  # ftfy restores a lost 0xA0 except in MacRoman
            conts.add(" ")
        leads_all |= leads
        alternatives.append(_char_class(leads) + _char_class(conts))
    return re.compile(f"(?={_char_class(leads_all)})(?:{'|'.join(alternatives)})")


def _in_re2(source: str) -> Any:
    """``source`` compiled with RE2 (four times faster than ``re`` here); None without
    google-re2."""
    if _re2 is None:  # pragma: no cover - google-re2 is a dependency
        return None
    options = _re2.Options()
    options.log_errors = False
    return _re2.compile(source, options)


def _decode_each(byte_values: range, encoding: str) -> set[str]:
    out = set()
    for b in byte_values:
        try:
            out.add(bytes([b]).decode(encoding))
        except UnicodeDecodeError:
            pass
    return out


def _char_class(chars: set[str]) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


_PAIR = _mojibake_pairs()
_PAIR_BODY = _PAIR.pattern[_PAIR.pattern.index(")(?:") + 1 :]  # the look-ahead only helps `re`
_PAIR_RE2 = _in_re2(_PAIR_BODY)
_PAIR_SEARCH = _PAIR.search if _PAIR_RE2 is None else _PAIR_RE2.search


def has_mojibake_pair(line: str) -> bool:
    """True when the line holds a pair of characters that could be misread UTF-8."""
    try:
        return _PAIR_SEARCH(line) is not None
    except UnicodeEncodeError:  # lone surrogates: RE2 reads UTF-8 only
        return _PAIR.search(line) is not None


# a suspect character (but lone surrogates, which RE2 cannot read) or a mojibake pair:
# most text has neither, and one linear scan settles it
_SUSPECT_OR_PAIR_RE2 = _in_re2(
    "[\\x{80}-\\x{9f}\\x{c}" + "".join(f"\\x{{{ord(c):x}}}" for c in _SUSPECT_CHARS) + f"]|{_PAIR_BODY}"
)
_SUSPECT_OR_PAIR = None if _SUSPECT_OR_PAIR_RE2 is None else _SUSPECT_OR_PAIR_RE2.search


def needs_repair(line: str) -> bool:
    """False when ftfy (with :data:`CONFIG`) would leave ``line`` unchanged."""
    if line.isascii():
        return _ASCII_SUSPECT.search(line) is not None
    if _SUSPECT_OR_PAIR is not None:
        try:
            if _SUSPECT_OR_PAIR(line) is None:
                return False
        except UnicodeEncodeError:  # a lone surrogate: suspect
            return True
    return _SUSPECT.search(line) is not None or (has_mojibake_pair(line) and is_bad(line))


def fix_line(line: str) -> str:
    """Repair one line exactly as ``ftfy.fix_text(line, CONFIG)`` would."""
    return ftfy.fix_text(line, CONFIG) if needs_repair(line) else line


class EncodingStep:
    """Repair mojibake, HTML entities and stray control characters with ftfy.

    >>> from newsclean import Cleaner
    >>> Cleaner(steps=[EncodingStep()]).clean("Lukashenkoâ€™s “quote”").text
    'Lukashenko’s “quote”'
    """

    name = "encoding"
    rule = "encoding.ftfy"

    def edits(self, text: str, ctx: StepContext) -> list[Edit]:
        if text.isascii() and _ASCII_SUSPECT.search(text) is None:
            return []  # most English documents, settled in two quick scans
        edits: list[Edit] = []
        for pos, line in _suspect_lines(text):
            if needs_repair(line):
                fixed = ftfy.fix_text(line, CONFIG)
                if fixed != line:
                    edits.extend(_char_edits(line, fixed, pos, self.rule))
        return edits


def _suspect_lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) of the lines holding a suspect character or a mojibake pair, in
    order: :func:`needs_repair` is False for every other line."""
    try:
        if _SUSPECT_OR_PAIR_RE2 is None:  # pragma: no cover - google-re2 is a dependency
            raise UnicodeEncodeError("utf-8", "", 0, 0, "no RE2")
        # one RE2 pass; a match takes at most two characters of one line, so a hit it
        # steps over lies on a line already found
        hits = [m.start() for m in _SUSPECT_OR_PAIR_RE2.finditer(text)]
    except UnicodeEncodeError:  # lone surrogates: the re patterns
        hits = [m.start() for m in _ANY_SUSPECT.finditer(text)]
        hits += [m.start() for m in _PAIR.finditer(text)]
    out: dict[int, str] = {}
    for at in sorted(hits):
        start = text.rfind("\n", 0, at) + 1
        if start not in out:
            end = text.find("\n", at)
            out[start] = text[start : end if end >= 0 else len(text)]
    return list(out.items())


def _char_edits(before: str, after: str, offset: int, rule: str) -> list[Edit]:
    """Small edits turning ``before`` into ``after`` (a character diff of one line)."""
    # trim the common ends first: a diff of a very long line would be slow
    head = 0
    limit = min(len(before), len(after))
    while head < limit and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < limit - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    before, after = before[head : len(before) - tail], after[head : len(after) - tail]
    offset += head
    if len(before) + len(after) > 4000:
        return [Edit(offset, offset + len(before), after, rule)]
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    return [
        Edit(offset + i1, offset + i2, after[j1:j2], rule)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]

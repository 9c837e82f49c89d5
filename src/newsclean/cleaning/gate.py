"""A fast gate in front of the rules: which rules *could* match a line or a text.

Trying every rule's pattern on every line costs more than the rest of cleaning put
together, though almost every line matches no rule. So each pattern is first *widened*
into an RE2 pattern that matches everything the original matches (and maybe more):
look-arounds and word boundaries go, atomic groups and possessive quantifiers become
plain ones, long counted repeats become ``*``, back-references become ``.*``, and the
character classes are spelled out in RE2's syntax. All of a step's widened patterns
go into one RE2 ``Set``, which tells in one linear pass which of them match. Only those
rules are then tried with the real pattern, in the rule order, under their time limits.

The gate only ever *skips* work: a pattern it cannot translate is always tried, a set
that fails to compile or to run (RE2 out of memory, text RE2 cannot take) lets every
rule through, and without the ``google-re2`` package every rule is tried as before.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence

try:  # the gate is an optimisation: without RE2 every rule is simply tried
    import re2 as _re2
except ImportError:  # pragma: no cover - google-re2 is a dependency; this is a safety net
    _re2 = None

MAX_COUNT = 12
"""Counted repeats above this (``{0,80}``) become ``*`` or ``+``: RE2's automaton stays small."""

ANY = "(?s:.)"
EMPTY = "(?:)"

# Each Unicode class of the `regex` module has two RE2 spellings (tests/test_gate.py
# checks both on every code point): a superset, for positive places, and a subset, for
# negated classes (leaving out fewer characters widens "not these"). Characters that
# RE2's (older) Unicode tables do not know at all are caught once per set instead
# (UNASSIGNED: a text holding one lets every pattern through).
UNASSIGNED = r"[^\p{L}\p{M}\p{N}\p{P}\p{S}\p{Z}\p{C}]"
SPACE = r"\t-\r\x{1c}-\x{20}\x{85}\x{a0}\x{180e}\x{200b}-\x{200d}\x{2060}\x{feff}\p{Z}"
WORD = r"\p{L}\p{M}\p{N}\p{Pc}\p{So}\x{200c}\x{200d}"
DIGIT = r"\p{N}"
SURE_SPACE = r"\t-\r \x{85}\p{Z}"
SURE_WORD = r"\p{L}\p{M}\p{Nd}\p{Pc}"
SURE_WORD_FOLDED = SURE_WORD  # case partners of letters and marks are word characters too (tests/test_gate.py)
SURE_DIGIT = r"\p{Nd}"

_CLASS_ESCAPES = {  # escape -> (superset, subset, subset under ignore-case)
    "s": (SPACE, SURE_SPACE, SURE_SPACE),
    "w": (WORD, SURE_WORD, SURE_WORD_FOLDED),
    "d": (DIGIT, SURE_DIGIT, SURE_DIGIT),
}
_NEGATED_ESCAPES = {"S": "s", "W": "w", "D": "d"}
_ZERO_WIDTH = set("bBAZmMy")  # \A anchors nothing the gate needs; \y is regex's \b alias
_CHAR_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a", "e": "\x1b"}
# Unicode general categories RE2 knows, and their case-blind widening
_CATEGORIES = {
    "L", "Lu", "Ll", "Lt", "Lm", "Lo", "M", "Mn", "Mc", "Me", "N", "Nd", "Nl", "No",
    "P", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "S", "Sm", "Sc", "Sk", "So", "Z", "Zs", "Zl", "Zp",
}
# supersets: under ignore-case a cased letter is any letter; Lo and Lm lose letters to
# Ll between Unicode versions (U+0295 in Unicode 17)
_CATEGORY_WIDER = {"Lo": "L", "Lm": "L", "Mc": "M", "Mn": "M"}
_CATEGORY_FOLDED = {"Lu": "L", "Ll": "L", "Lt": "L"}
# subsets: RE2's class lies inside regex's (tests/test_gate.py); under ignore-case only
# categories whose characters have no case partners outside them
_CATEGORY_SURE = {"L", "Lu", "Lt", "N", "Nd", "P", "Pc", "Pd", "Ps", "Pe", "Po", "S", "Sm", "Sc", "M", "Z", "Zs"}
_CATEGORY_SURE_FOLDED = {"N", "Nd", "P", "Pc", "Pd", "Ps", "Pe", "Po", "S", "Sm", "Sc", "Sk", "So", "Z", "Zs"}
_CATEGORY_NAMES = {"letter": "L", "uppercase_letter": "Lu", "lowercase_letter": "Ll", "number": "N",
                   "decimal_number": "Nd", "punctuation": "P", "symbol": "S", "separator": "Z", "mark": "M"}


class Untranslatable(Exception):
    """The pattern uses syntax the gate does not widen; its rule is always tried."""


def widen(pattern: str, ignore_case: bool = False) -> str:
    """An RE2 pattern matching at least every string ``pattern`` matches (``regex`` V0).

    >>> widen(r"(?<=\\s)Read more\\b\\W{0,40}", ignore_case=True)
    '(?i:(?:)Read more(?:)[^\\\\p{L}\\\\p{M}\\\\p{Nd}\\\\p{Pc}]*)'

    Raises :class:`Untranslatable` for syntax it does not know (fuzzy matching, recursion,
    conditionals, verbose mode, full case folding, version 1 syntax).
    """
    widened = _Widener(pattern, ignore_case)
    try:
        body = widened.run()
    except _GlobalIgnoreCase:  # a (?i) anywhere applies to the whole pattern in V0,
        body = _Widener(pattern, True, fold_all=True).run()  # even inside (?-i:...)
        ignore_case = True
    return f"(?i:{body})" if ignore_case else f"(?-i:{body})"


class _GlobalIgnoreCase(Exception):
    pass


class _Widener:
    def __init__(self, pattern: str, ignore_case: bool, fold_all: bool = False) -> None:
        self.fold_all = fold_all
        self.p = pattern
        self.i = 0
        self.case_stack = [ignore_case]
        self.quantified: set[int] = set()
        self.base_ignore_case = ignore_case

    def fail(self, why: str) -> Untranslatable:
        return Untranslatable(f"{why} at {self.i} in {self.p!r}")

    def run(self) -> str:
        lead = ""
        if self.p.startswith("(?="):  # (?=A)B: the gate may test A instead of B
            self.i = 3
            lead = self.sequence()
            self.i += 1
        out = self.sequence(top=True)
        if self.i != len(self.p):
            raise self.fail("unbalanced ')'")
        if lead and out.replace(EMPTY, "") in ("", ANY + "*", ANY + "+"):
            return f"(?:{lead})(?s:.*)"  # B says nothing ("(?=.{0,30}poll).{0,60}")
        return out

    @property
    def folding(self) -> bool:
        return self.case_stack[-1]

    def sequence(self, top: bool = False) -> str:
        """Translate up to the ``)`` closing the current group (not consumed)."""
        out: list[str] = []
        saved, self.quantified = self.quantified, set()  # positions in `out` already repeated
        try:
            return self._sequence(out, top)
        finally:
            self.quantified = saved

    def _sequence(self, out: list[str], top: bool) -> str:
        p = self.p
        while self.i < len(p):
            c = p[self.i]
            if c == ")":
                if top:
                    raise self.fail("unbalanced ')'")
                return "".join(out)
            if c == "|":
                self.i += 1
                out.append("|")
            elif c == "(":
                out.append(self.group())
            elif c == "[":
                out.append(self.char_class())
            elif c == "\\":
                out.append(self.escape())
            elif c in "*+?{":
                self.quantifier(out)
            elif c == ".":
                self.i += 1
                out.append(ANY)
            elif c in "^$":
                self.i += 1
                out.append(EMPTY)
            else:
                self.i += 1
                out.append(self.literal(c))
        if not top:
            raise self.fail("missing ')'")
        return "".join(out)

    def quantifier(self, out: list[str]) -> None:
        """Apply ``*``, ``+``, ``?`` or ``{m,n}`` (lazy or possessive too) to the last atom."""
        p, start = self.p, self.i
        c = p[start]
        if c == "{":
            end = p.find("}", start)
            body = p[start + 1 : end] if end > 0 else ""
            if not _COUNT.fullmatch(body):
                if end < 0 or not body or (body.isascii() and body.isalpha()):
                    self.i += 1
                    out.append(_literal("{"))  # a brace regex reads as text
                    return
                raise self.fail("fuzzy matching or a brace regex may read either way")
            lo, comma, hi = body.partition(",")
            low = int(lo) if lo else 0
            high = (int(hi) if hi else None) if comma else low
            self.i = end + 1
            if high is not None and high <= MAX_COUNT:
                text = f"{{{low},{high}}}" if comma else f"{{{low}}}"
            else:
                text = "*" if low == 0 else "+"
        else:
            self.i += 1
            text = c
        if self.i < len(p) and p[self.i] in "?+":  # lazy or possessive: the same strings
            self.i += 1
        if not out or out[-1] == "|":
            raise self.fail("nothing to repeat")
        atom = out[-1]
        if len(out) in self.quantified:  # a repeat of a repeat: group it first
            atom = f"(?:{atom})"
        out[-1] = atom + text
        self.quantified.add(len(out))

    def group(self) -> str:
        p = self.p
        self.i += 1  # "("
        if not p.startswith("?", self.i):
            return self.inner("(?:")
        self.i += 1
        rest = p[self.i :]
        if rest.startswith(":"):
            self.i += 1
            return self.inner("(?:")
        if rest.startswith(">"):  # atomic: matches a subset of the plain group
            self.i += 1
            return self.inner("(?:")
        for look in ("=", "!", "<=", "<!"):
            if rest.startswith(look):
                self.i += len(look)
                self.inner("(?:")  # translated only to find its end
                return EMPTY
        if rest.startswith("#"):
            end = p.find(")", self.i)
            if end < 0:
                raise self.fail("unterminated comment")
            self.i = end + 1
            return EMPTY
        if rest.startswith(("P<", "<", "'")):
            close = ">" if rest[0] != "'" else "'"
            end = p.find(close, self.i + (2 if rest[0] == "P" else 1))
            if end < 0:
                raise self.fail("bad group name")
            self.i = end + 1
            return self.inner("(?:")
        if rest.startswith("P="):  # named back-reference
            end = p.find(")", self.i)
            self.i = end + 1
            return "(?s:.*)"
        # flags: (?i) (?-i:...) (?s) (?m) ...
        j = self.i
        while j < len(p) and (p[j].isalnum() or p[j] == "-"):
            j += 1
        flags = p[self.i : j]
        if j >= len(p) or p[j] not in ":)" or not flags:
            raise self.fail("unknown group syntax")
        on, _, off = flags.partition("-")
        for ch in on + off:
            if ch not in "imsuw":  # x verbose, f full folding, a/L ASCII/locale classes, V1, 0 (recursion)...
                raise self.fail(f"flag {ch!r}")
        self.i = j + 1
        if p[j] == ")":  # global flags
            if "i" in on and not self.base_ignore_case:
                raise _GlobalIgnoreCase
            return EMPTY
        folding = self.folding
        if "i" in on:
            folding = True
        if "i" in off and not self.fold_all:
            folding = False
        self.case_stack.append(folding)
        try:
            return self.inner("(?i:" if folding else "(?-i:")
        finally:
            self.case_stack.pop()

    def inner(self, opening: str) -> str:
        body = self.sequence()
        self.i += 1  # ")"
        return f"{opening}{body})"

    def escape(self) -> str:
        p = self.p
        if self.i + 1 >= len(p):
            raise self.fail("trailing backslash")
        c = p[self.i + 1]
        self.i += 2
        if c in _ZERO_WIDTH:
            return EMPTY
        if c in _CLASS_ESCAPES or c in _NEGATED_ESCAPES or c in "pP":
            wide, sure = self.class_escape(c)
            if c in _NEGATED_ESCAPES or c == "P":
                return f"[^{sure}]" if sure else ANY
            return f"[{wide}]" if wide else ANY
        if (c.isdigit() and c != "0") or c == "g":
            if c == "g":
                end = p.find(">", self.i)
                if not p.startswith("<", self.i) or end < 0:
                    raise self.fail("bad \\g")
                self.i = end + 1
            else:
                while self.i < len(p) and p[self.i].isdigit():
                    self.i += 1
            return "(?s:.*)"  # a back-reference matches some string
        if c == "X":
            return "(?s:.+)"
        return self.literal(self.char_escape(c))

    def literal(self, c: str) -> str:
        """One character; under ignore-case also what regex folds it with and RE2 does not."""
        if self.folding:
            if c in _FOLD_EXTRA:
                return f"[{_hex(c)}{''.join(_hex(x) for x in _FOLD_EXTRA[c])}]"
            if _unknown_to_re2(c):  # its case partners may be letters RE2 does know
                return ANY
        return _literal(c)

    def char_escape(self, c: str) -> str:
        """The character an escape like ``\\n``, ``\\x41``, ``\\u0430``, ``\\N{...}`` or ``\\.`` stands for."""
        p = self.p
        if c in _CHAR_ESCAPES:
            return _CHAR_ESCAPES[c]
        if c in "xuU":
            if c == "x" and p.startswith("{", self.i):
                end = p.find("}", self.i)
                digits = p[self.i + 1 : end]
                self.i = end + 1
            else:
                n = {"x": 2, "u": 4, "U": 8}[c]
                digits = p[self.i : self.i + n]
                self.i += n
            try:
                return chr(int(digits, 16))
            except ValueError:
                raise self.fail("bad hex escape") from None
        if c == "N" and p.startswith("{", self.i):
            end = p.find("}", self.i)
            try:
                ch = unicodedata.lookup(p[self.i + 1 : end])
            except KeyError:
                raise self.fail("unknown character name") from None
            self.i = end + 1
            return ch
        if c == "0":
            j = self.i
            while j < len(p) and j < self.i + 2 and p[j] in "01234567":
                j += 1
            value = int("0" + p[self.i : j], 8)
            self.i = j
            return chr(value)
        if c.isascii() and c.isalnum():
            raise self.fail(f"unknown escape \\{c}")
        return c  # an escaped punctuation mark or non-ASCII character stands for itself

    def class_escape(self, c: str) -> tuple[str, str]:
        r"""For ``\s \w \d`` (and their negations) and ``\p{..}`` / ``\P{..}``: RE2
        spellings of a superset and of a subset of the class *before* any negation, to
        go inside ``[...]``. An empty superset means "anything", an empty subset "nothing"."""
        c = _NEGATED_ESCAPES.get(c, c)
        if c in _CLASS_ESCAPES:
            wide, sure, sure_folded = _CLASS_ESCAPES[c]
            return wide, sure_folded if self.folding else sure
        p = self.p
        if p.startswith("{", self.i):
            end = p.find("}", self.i)
            if end < 0:
                raise self.fail("bad \\p")
            name = p[self.i + 1 : end]
            self.i = end + 1
        else:
            name = p[self.i : self.i + 1]
            self.i += 1
        if name.startswith("^"):
            raise self.fail("negation inside \\p{...}")
        for prefix in ("gc=", "General_Category=", "Is"):
            if name.startswith(prefix) and name[len(prefix) :] in _CATEGORIES:
                name = name[len(prefix) :]
        name = _CATEGORY_NAMES.get(name.lower(), name)
        if name not in _CATEGORIES:
            return "", ""  # scripts, blocks, binary properties: not worth the risk
        wide = _CATEGORY_WIDER.get(name, name)
        if self.folding:
            wide = _CATEGORY_FOLDED.get(wide, wide)
        is_sure = name in (_CATEGORY_SURE_FOLDED if self.folding else _CATEGORY_SURE)
        return rf"\p{{{wide}}}", (rf"\p{{{name}}}" if is_sure else "")

    def char_class(self) -> str:
        """Translate ``[...]``: a superset of a positive class; for a negated class, the
        complement of a subset of its members."""
        p = self.p
        self.i += 1
        negated = p.startswith("^", self.i)
        if negated:
            self.i += 1
        wide: list[str] = []  # superset of the members ("" = anything)
        sure: list[str] = []  # subset of the members
        first = True
        while True:
            if self.i >= len(p):
                raise self.fail("unterminated character class")
            c = p[self.i]
            if c == "]" and not first:
                self.i += 1
                break
            first = False
            posix = _POSIX.match(p, self.i) if c == "[" else None
            if posix is not None:  # [:alpha:] and the like: not worth spelling out
                self.i = posix.end()
                wide.append("")
                continue
            low = self.class_member()
            if isinstance(low, tuple):  # a class escape
                wide.append(low[0])
                sure.append(low[1])
                continue
            if p.startswith("-", self.i) and not p.startswith("-]", self.i):
                self.i += 1
                high = self.class_member()
                if not isinstance(high, str) or ord(high) < ord(low):
                    raise self.fail("bad range in character class")
                item = f"{_hex(low)}-{_hex(high)}"
            else:
                high, item = low, _hex(low)
            cased = _has_case(low, high)
            if self.folding and any(low <= x <= high for x in "iIİı"):
                wide.append(r"iI\x{130}\x{131}")  # regex folds these together, RE2 does not
            if self.folding and _unknown_in(low, high):
                wide.append("")  # their case partners may be letters RE2 knows: anything
            wide.append(item)
            sure.append("" if self.folding and cased else item)
        if negated:
            members = "".join(sure)
            return f"[^{members}]" if members else ANY
        if "" in wide or not wide:
            return ANY
        return f"[{''.join(wide)}]"

    def class_member(self) -> str | tuple[str, str]:
        r"""One member of a class: a character, or for a class escape its two RE2
        spellings (superset, subset); a negated escape inside a class (``[\W\d]``)
        counts as "anything" and "nothing"."""
        p = self.p
        c = p[self.i]
        if c != "\\":
            self.i += 1
            return c
        if self.i + 1 >= len(p):
            raise self.fail("trailing backslash")
        e = p[self.i + 1]
        self.i += 2
        if e in _CLASS_ESCAPES or e == "p":
            return self.class_escape(e)
        if e in _NEGATED_ESCAPES or e == "P":
            self.class_escape(e)  # consumes \P{...}
            return "", ""
        if e == "b":
            return "\b"  # backspace, inside a class
        return self.char_escape(e)


_COUNT = re.compile(r"[0-9]+(?:,[0-9]*)?|,[0-9]+")  # {m} {m,} {m,n} {,n}
_POSIX = re.compile(r"\[([:=.])\^?\w+\1\]")
# what regex folds together beyond what RE2 does (Turkish dotted and dotless i)
_FOLD_EXTRA = {"i": "Iİı", "I": "iİı", "İ": "iIı", "ı": "iIİ"}


def _literal(c: str) -> str:
    if c.isascii() and (c.isalnum() or c in " _-,;:'\"!%&/=<>@`~#"):
        return c
    return _hex(c)


def _hex(c: str) -> str:
    return f"\\x{{{ord(c):x}}}"


@functools.cache
def _unknown_re2() -> object:
    options = _re2.Options()
    options.log_errors = False
    return _re2.compile(UNASSIGNED, options)


def _unknown_to_re2(c: str) -> bool:
    """Is ``c`` a character RE2's Unicode tables do not know (but may be a letter)?"""
    if _re2 is None or "\ud800" <= c <= "\udfff":
        return False
    return _unknown_re2().fullmatch(c) is not None  # type: ignore[attr-defined]


def _unknown_in(low: str, high: str) -> bool:
    lo, hi = ord(low), ord(high)
    if hi - lo > 4096:
        return True
    return any(_unknown_to_re2(chr(o)) for o in range(lo, hi + 1))


def _has_case(low: str, high: str) -> bool:
    """Does the range hold a character with case partners (which ignore-case brings in)?"""
    lo, hi = ord(low), ord(high)
    if hi - lo > 512:
        return True
    return any(ch.lower() != ch or ch.upper() != ch or ch.casefold() != ch for ch in map(chr, range(lo, hi + 1)))


_NOTHING = [0]  # a set's answer when only the sentinel matched


class Gate:
    """Which of a list of patterns may match: one RE2 pass instead of one per pattern.

    ``patterns`` are ``(regex pattern, ignore_case, anchored)`` triples; ``anchored``
    patterns must match the whole text (``fullmatch``), the others anywhere in it
    (``search``). :meth:`candidates` returns the indices of the patterns that may match,
    in order; it never leaves out a pattern that matches. Use :meth:`build` to share one
    compiled gate between cleaners with the same rules.

    >>> gate = Gate([("Source link", True, True), (r"\\[ad_\\d+\\]", False, False)])
    >>> gate.candidates("source LINK"), gate.candidates("x [ad_1] y"), gate.candidates("news")
    ([0], [1], [])
    """

    def __init__(self, patterns: Sequence[tuple[str, bool, bool]]) -> None:
        self.size = len(patterns)
        self._all = list(range(self.size))
        self.always: list[int] = []  # untranslatable: always candidates
        self._index: list[int] = [-1, -1]  # set member -> pattern index
        self._match = None
        if _re2 is None:
            self.always = self._all
            return
        options = _re2.Options()
        options.log_errors = False
        options.max_mem = 64 << 20
        rset = _re2.Set.FullMatchSet(options)
        # the first two members: a sentinel that matches everything (missing from an
        # answer, it says the set failed, e.g. RE2 ran out of memory) and a catch for
        # characters RE2's Unicode tables do not know; either way every pattern is tried
        rset.Add("(?s:.*)")
        rset.Add(f"(?s:.*){UNASSIGNED}(?s:.*)")
        for k, (pattern, ignore_case, anchored) in enumerate(patterns):
            try:
                widened = widen(pattern, ignore_case)
                rset.Add(widened if anchored else f"(?s:.*)(?:{widened})(?s:.*)")
            except (Untranslatable, _re2.error):
                self.always.append(k)
                continue
            self._index.append(k)
        rset.Compile()
        self._match = getattr(rset, "_set", rset).Match  # the binding itself: bytes in, list out

    @classmethod
    @functools.lru_cache(maxsize=64)
    def build(cls, patterns: tuple[tuple[str, bool, bool], ...]) -> Gate:
        """A gate for ``patterns``, compiled once per process and shared (it is read-only)."""
        return cls(patterns)

    def candidates(self, text: str) -> list[int]:
        """Indices (ascending) of the patterns that may match ``text``. Do not modify."""
        if self._match is None:
            return self._all
        try:
            hits = self._match(text.encode("utf-8"))
        except UnicodeEncodeError:  # lone surrogates: RE2 reads UTF-8 only
            return self._all
        if hits == _NOTHING:
            return self.always  # the usual answer: nothing may match
        if 0 not in hits or 1 in hits:
            return self._all
        index = self._index
        found = [index[h] for h in hits if h > 1]
        found += self.always
        found.sort()
        return found

    @property
    def active(self) -> bool:
        """True when RE2 is doing the gating (False: every pattern is always tried)."""
        return self._match is not None

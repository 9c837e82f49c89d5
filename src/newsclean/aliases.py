"""Alias tables: many spellings of a name, one canonical form.

A table maps variants to a canonical name::

    [names."Sviatlana Tsikhanouskaya"]
    variants = ["Svetlana Tikhanovskaya", "Tikhanovska", "Тихановская"]
    inflect = ["slavic_adjective_feminine"]   # optional: ending sets, see below
    source = "Belarusian national transliteration; Russian and Baltic forms from the press"

    [names]
    "Vladimir Putin" = ["Vladimiru Putinu"]   # shorthand: just the variants

Matching is on whole words only (never inside a longer word; Unicode-aware, so
"Luka" never matches in "Lukašenko"), the longest variant wins, and what follows a
name ("'s", punctuation) is kept. A one-word variant becomes the canonical *surname*
(its last word, or the entry's ``surname``), a longer variant the full canonical name.
By default a one-word variant matches only as written (so a short surname never hits a
common word in another case) and a longer one ignores case; ``case = "exact"`` or
``case = "ignore"`` sets it per entry. ``inflect`` names ending sets (from
``newsclean/rules/inflections.toml`` or the table's own ``[inflections]``) whose forms
are added for every word of the entry's names, so a table need not list "Putina,
Putinu, Putinym". A text span that already reads as a canonical name is never touched,
so applying a table twice changes nothing the second time.

The matcher is one Aho-Corasick automaton (pyahocorasick) over the lower-cased text;
hits are kept when they sit on word boundaries, then the leftmost-longest win.

>>> table = AliasTable.from_dict({"Sviatlana Tsikhanouskaya": ["Svetlana Tikhanovskaya", "Tikhanovska"]})
>>> table.apply("Tikhanovska's aide met SVETLANA TIKHANOVSKAYA.")
"Tsikhanouskaya's aide met SVIATLANA TSIKHANOUSKAYA."
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import ahocorasick

try:  # the prefilter is an optimisation: without RE2 the automaton reads the whole text
    import re2 as _re2

    _UNANCHORED = _re2._Anchor.UNANCHORED
except (ImportError, AttributeError):  # pragma: no cover - google-re2 is a dependency
    _re2 = None

from .errors import AliasTableError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

CASES = ("default", "exact", "ignore")
MAX_FORMS = 2000  # inflected forms one entry may generate
_ENTRY_KEYS = {"variants", "surname", "case", "inflect", "source", "note"}


@dataclass(frozen=True)
class AliasEntry:
    """One canonical name, its variants and options, and where it was defined."""

    canonical: str
    variants: tuple[str, ...] = ()
    surname: str = ""  # what a one-word variant becomes; default: the canonical's last word
    case: str = "default"
    inflect: tuple[str, ...] = ()
    source: str = ""  # the spelling conventions behind the entry (free text)
    path: str = ""  # the file it came from, for messages

    @property
    def canonical_surname(self) -> str:
        return self.surname or self.canonical.split()[-1]

    def replacement_for(self, variant: str) -> str:
        """A one-word variant maps to the surname, a longer one to the full name."""
        if len(variant.split()) == 1 and len(self.canonical.split()) > 1:
            return self.canonical_surname
        return self.canonical

    def exact_case(self, variant: str) -> bool:
        if self.case == "default":
            return len(variant.split()) == 1
        return self.case == "exact"


@dataclass(frozen=True)
class AliasMatch:
    """One replacement: ``text[start:end]`` (``before``) becomes ``after``."""

    start: int
    end: int
    before: str
    after: str
    canonical: str


@dataclass
class _Key:
    """What one lower-cased string in the automaton stands for."""

    length: int
    # (form as written, entry or None for a canonical form kept as it is, exact case?)
    forms: list[tuple[str, AliasEntry | None, bool]] = field(default_factory=list)


def builtin_inflections() -> dict[str, tuple[str, ...]]:
    """The ending sets shipped in ``newsclean/rules/inflections.toml``."""
    text = (resources.files("newsclean") / "rules" / "inflections.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    return {name: tuple(spec["endings"]) for name, spec in data.get("inflections", {}).items()}


def inflected(word: str, endings: Iterable[str]) -> list[str]:
    """The word with each ending: ``"a"`` appends, ``"aya>oy"`` swaps a final "aya" for "oy".

    >>> inflected("Putin", ["a", "u"])
    ['Putina', 'Putinu']
    >>> inflected("Tikhanovskaya", ["aya>oy", "aya>uyu", "a"])
    ['Tikhanovskoy', 'Tikhanovskuyu', 'Tikhanovskayaa']
    """
    out = []
    for ending in endings:
        if ">" in ending:
            old, new = ending.split(">", 1)
            if old and word.endswith(old):
                out.append(word[: len(word) - len(old)] + new)
        else:
            out.append(word + ending)
    return out


_WORD_BEFORE = re.compile(r"(?<![\w'’-])([\w'’-]+)[ \t]+\Z")


def _product_size(lists: list[list[str]]) -> int:
    size = 1
    for x in lists:
        size *= len(x)
    return size


def _is_word_char(c: str) -> bool:
    if c.isascii():  # the usual neighbour of a name: a space or a punctuation mark
        return c.isalnum() or c == "_"
    return unicodedata.category(c)[0] in "LMN"


class AliasTable:
    """Variants to canonical names; see the module docstring for the rules.

    >>> t = AliasTable.from_dict({"Vladimir Putin": ["Vladimiru Putinu"]})
    >>> [(m.before, m.after) for m in t.find("[Vladimiru Putinu] and Putin.")]
    [('Vladimiru Putinu', 'Vladimir Putin')]
    """

    def __init__(self, entries: Iterable[AliasEntry], inflections: Mapping[str, Iterable[str]] | None = None) -> None:
        self.entries: tuple[AliasEntry, ...] = tuple(entries)
        sets = builtin_inflections()
        sets.update({k: tuple(v) for k, v in (inflections or {}).items()})
        self.inflections = sets
        _validate(self.entries, sets)
        self._keys: dict[str, _Key] = {}
        for entry in self.entries:
            kept = {entry.canonical, entry.canonical_surname}
            for name in kept:
                for form in self._forms(entry, name, inflect=False):
                    self._add(form, None, exact=False)  # already canonical (in any case): kept, blocks shorter hits
            for variant in (entry.canonical, entry.canonical_surname, *entry.variants):
                for form in self._forms(entry, variant):
                    if form not in kept and (variant not in kept or entry.inflect):
                        self._add(form, entry, entry.exact_case(variant))
        self._automaton = ahocorasick.Automaton()
        for low, key in self._keys.items():
            self._automaton.add_word(low, key)
        if self._keys:
            self._automaton.make_automaton()
        self._longest = max((len(k) for k in self._keys), default=0)
        self._prefilter = _prefilter(self._keys)

    # -- building ---------------------------------------------------------------

    def _forms(self, entry: AliasEntry, name: str, inflect: bool = True) -> list[str]:
        """The name, its NFC and NFD spellings and, with ``inflect``, its inflected forms."""
        names = [name]
        if inflect and entry.inflect:
            endings = [e for s in entry.inflect for e in self.inflections[s]]
            words = name.split()  # first and last words decline; a middle (patronymic) one stays
            per_word = [[w] + inflected(w, endings) if i in (0, len(words) - 1) else [w] for i, w in enumerate(words)]
            if _product_size(per_word) > MAX_FORMS:
                raise AliasTableError(entry.path, entry.canonical,
                                      f"inflecting {name!r} gives over {MAX_FORMS} forms; use fewer endings")
            names += [" ".join(p) for p in itertools.product(*per_word)]
        out: list[str] = []
        for n in names:
            for form in (unicodedata.normalize("NFC", n), unicodedata.normalize("NFD", n)):
                if form not in out:
                    out.append(form)
        return out

    def _add(self, form: str, entry: AliasEntry | None, exact: bool) -> None:
        low = form.lower()
        if len(low) != len(form):  # lower-casing changed the length: match it as written
            low = form
        key = self._keys.setdefault(low, _Key(len(low)))
        if (form, entry, exact) not in key.forms:
            key.forms.append((form, entry, exact))

    # -- loading ------------------------------------------------------------------

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], where: str = "<dict>") -> AliasTable:
        """From ``{canonical: [variants]}`` or ``{canonical: {variants: [...], ...}}``."""
        inflections = data.get("inflections", {}) if isinstance(data.get("inflections"), dict) else {}
        names = data["names"] if isinstance(data.get("names"), dict) else {
            k: v for k, v in data.items() if k not in ("inflections", "table")
        }
        return cls((_entry(k, v, where) for k, v in names.items()), _inflections(inflections, where))

    @classmethod
    def load(cls, path: str | Path) -> AliasTable:
        """Load a ``.toml``, ``.json`` or ``.csv`` table (CSV columns: canonical, variant,
        and optionally case, inflect, surname, source; one row per variant)."""
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise AliasTableError(str(p), None, f"cannot read: {exc}") from None
        suffix = p.suffix.lower()
        if suffix == ".toml":
            try:
                data = tomllib.loads(text)
            except tomllib.TOMLDecodeError as exc:
                raise AliasTableError(str(p), None, f"not valid TOML: {exc}") from None
            extra = set(data) - {"table", "names", "inflections"}
            if extra:
                raise AliasTableError(str(p), None, f"unknown top-level keys {sorted(extra)}; names go under [names]")
            return cls.from_dict({"names": data.get("names", {}), "inflections": data.get("inflections", {})}, str(p))
        if suffix == ".json":
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                raise AliasTableError(str(p), None, f"not valid JSON: line {exc.lineno}: {exc.msg}") from None
            if not isinstance(data, dict):
                raise AliasTableError(str(p), None, "the top level must be an object {canonical: [variants]}")
            return cls.from_dict(data, str(p))
        if suffix == ".csv":
            return cls(_csv_entries(text, str(p)))
        raise AliasTableError(str(p), None, "unknown table format: use .toml, .json or .csv")

    # -- matching -------------------------------------------------------------------

    def find(self, text: str) -> list[AliasMatch]:
        """Every replacement in ``text``, leftmost-longest, not overlapping."""
        if not self._keys:
            return []
        low = text.lower()
        if len(low) != len(text):  # a few letters lower-case to two characters: keep offsets
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        hits: list[tuple[int, int, _Key]] = []
        n = len(text)
        for a, b in self._windows(low):
            for last, key in self._automaton.iter(low, a, b):
                start, end = last + 1 - key.length, last + 1
                if (start > 0 and _is_word_char(text[start - 1])) or (end < n and _is_word_char(text[end])):
                    continue
                hits.append((start, end, key))
        hits.sort(key=lambda h: (h[0], -h[1]))
        out: list[AliasMatch] = []
        taken = 0
        for start, end, key in hits:
            if start < taken:
                continue
            written = text[start:end]
            chosen = _choose(key, written)
            if chosen is None:
                continue
            before, taken = taken, end
            form, entry = chosen
            if entry is None:
                continue  # already a canonical name
            after = entry.replacement_for(form)
            if after != entry.canonical:  # a surname: with the word before it, is it a full variant?
                start, after = self._widen(text, before, start, after, entry)
                written = text[start:end]
            if written.isupper() and not after.isupper():
                after = after.upper()  # a headline in capitals stays in capitals
            if after != written:
                out.append(AliasMatch(start, end, written, after, entry.canonical))
        return out

    def _windows(self, low: str) -> list[tuple[int, int]]:
        """The stretches of the lower-cased text that can hold a key, found with the RE2
        prefilter, so that the automaton need only read those.

        RE2 reads the text as ASCII, every other character turned into "?" (as in the
        keys), so that its offsets are the text's: it finds a superset of the keys.
        After a match at [s, e) the next search starts at e + L (L: the longest key); the
        window [s - L, e + 2L] then holds every key that overlaps the match or starts
        before the next search does, and the next search finds the others."""
        n = len(low)
        if self._prefilter is None:
            return [(0, n)]
        data = low.encode("ascii", "replace")
        match, reach = self._prefilter, self._longest
        windows: list[tuple[int, int]] = []
        pos = 0
        while pos < n:
            start, end = match(_UNANCHORED, data, pos, n)[0]
            if start < 0:
                break
            pos = min(n, end + reach)  # where the next search starts
            a, b = max(0, start - reach), min(n, pos + reach)
            if windows and a <= windows[-1][1]:
                windows[-1] = (windows[-1][0], b)
            else:
                windows.append((a, b))
        return windows

    def _widen(self, text: str, floor: int, start: int, surname: str, entry: AliasEntry) -> tuple[int, str]:
        """Take in the word before a surname (not before ``floor``, the end of the previous
        match) when the two are a variant of the same entry ("Svetlana Tsikhanovskaya": the
        first name would otherwise stay and, with the new surname, form a variant that a
        second pass would change)."""
        m = _WORD_BEFORE.search(text, max(floor, start - 100), start)
        if m is None or (m.start(1) > 0 and _is_word_char(text[m.start(1) - 1])):
            return start, surname  # no word, or only the tail of one (after a combining mark)
        key = self._keys.get(f"{m.group(1)} {surname}".lower())
        if key is not None and any(e is entry for _, e, _ in key.forms):
            return m.start(1), entry.canonical
        return start, surname

    def apply(self, text: str) -> str:
        """``text`` with every variant replaced."""
        parts, pos = [], 0
        for m in self.find(text):
            parts += [text[pos : m.start], m.after]
            pos = m.end
        parts.append(text[pos:])
        return "".join(parts)

    def counts(self, text: str) -> Counter[str]:
        """How many replacements each canonical name gets in ``text``."""
        return Counter(m.canonical for m in self.find(text))

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[AliasEntry]:
        return iter(self.entries)


def _prefilter(keys: Mapping[str, Any]) -> Any:
    """The ``Match`` of one RE2 pattern of every key, over the text as ASCII bytes (see
    ``_windows``): RE2 runs it as one automaton, several times faster than pyahocorasick
    walks a Python string. The binding's own call, not the wrapper's (which costs more
    than the search here). None without RE2, without keys, or if the binding is not as
    expected."""
    if _re2 is None or not keys:
        return None
    options = _re2.Options()
    options.log_errors = False
    options.max_mem = 256 << 20
    options.longest_match = True
    ascii_keys = {k.encode("ascii", "replace").decode("ascii") for k in keys}  # as _windows reads the text
    # sorted, so that keys sharing a prefix stand together: RE2 then folds the alternation
    # into a prefix tree (in hash order it cannot, and the automaton grows a hundredfold)
    alternation = "|".join(_re2.escape(k) for k in sorted(ascii_keys))
    try:
        regexp = _re2.compile(alternation, options)
        match = regexp._regexp.Match
        match(_UNANCHORED, b"", 0, 0)
    except (_re2.error, AttributeError, TypeError):  # too big for RE2, or another binding
        return None
    return match


def _choose(key: _Key, written: str) -> tuple[str, AliasEntry | None] | None:
    """Which form of ``key`` the written text is: a canonical name first, then an exact
    match, then a case-insensitive one (None: only case-exact forms, none as written)."""
    best = None
    for form, entry, exact in key.forms:
        if exact and form != written:
            continue
        rank = (entry is not None, form != written)
        if best is None or rank < best[0]:
            best = (rank, form, entry)
    return None if best is None else (best[1], best[2])


# -- validation and parsing ------------------------------------------------------------


def _entry(canonical: Any, value: Any, where: str) -> AliasEntry:
    if not isinstance(canonical, str) or not canonical.strip():
        raise AliasTableError(where, str(canonical) or "(empty)", "empty canonical name")
    if isinstance(value, (list, tuple)):
        value = {"variants": value}
    if not isinstance(value, dict):
        raise AliasTableError(where, canonical, "must be a list of variants or a table with 'variants'")
    unknown = set(value) - _ENTRY_KEYS
    if unknown:
        raise AliasTableError(where, canonical, f"unknown keys {sorted(unknown)}; known: {sorted(_ENTRY_KEYS)}")
    variants = value.get("variants", [])
    if not isinstance(variants, (list, tuple)) or not all(isinstance(v, str) for v in variants):
        raise AliasTableError(where, canonical, "'variants' must be a list of strings")
    case = value.get("case", "default")
    if case not in CASES:
        raise AliasTableError(where, canonical, f"case must be one of {CASES}, not {case!r}")
    inflect = value.get("inflect", [])
    if isinstance(inflect, str):
        inflect = [inflect]
    return AliasEntry(
        canonical=" ".join(canonical.split()),
        variants=tuple(" ".join(v.split()) for v in variants),
        surname=str(value.get("surname", "")).strip(),
        case=case,
        inflect=tuple(inflect),
        source=str(value.get("source", "")),
        path=where,
    )


def _inflections(data: Any, where: str) -> dict[str, tuple[str, ...]]:
    out = {}
    for name, spec in (data or {}).items():
        endings = spec.get("endings") if isinstance(spec, dict) else spec
        if not isinstance(endings, list) or not all(isinstance(e, str) and e for e in endings):
            raise AliasTableError(where, f"inflections.{name}", "an ending set is a list of non-empty strings")
        out[name] = tuple(endings)
    return out


def _csv_entries(text: str, where: str) -> list[AliasEntry]:
    rows = csv.DictReader(io.StringIO(text))
    if not rows.fieldnames or not {"canonical", "variant"} <= set(rows.fieldnames):
        raise AliasTableError(where, None, "a CSV table needs a header with 'canonical' and 'variant' columns")
    grouped: dict[str, dict[str, Any]] = {}
    for row in rows:
        line = rows.line_num
        canonical = (row.get("canonical") or "").strip()
        variant = (row.get("variant") or "").strip()
        if not canonical or not variant:
            raise AliasTableError(f"{where}:{line}", canonical or None, "empty canonical or variant")
        entry = grouped.setdefault(canonical, {"variants": []})
        entry["variants"].append(variant)
        for opt in ("case", "surname", "source"):
            if row.get(opt):
                entry[opt] = row[opt].strip()
        if row.get("inflect"):
            entry["inflect"] = [s.strip() for s in row["inflect"].split(";") if s.strip()]
    return [_entry(k, v, where) for k, v in grouped.items()]


def _validate(entries: tuple[AliasEntry, ...], inflections: Mapping[str, tuple[str, ...]]) -> None:
    def fail(entry: AliasEntry, reason: str) -> None:
        raise AliasTableError(entry.path, entry.canonical, reason)

    canonicals: dict[str, AliasEntry] = {}
    for e in entries:
        if e.canonical.casefold() in canonicals:
            fail(e, f"canonical name listed twice (also in {canonicals[e.canonical.casefold()].path})")
        canonicals[e.canonical.casefold()] = e
    claimed: dict[str, AliasEntry] = {}
    for e in entries:
        for name in e.inflect:
            if name not in inflections:
                fail(e, f"unknown inflection set {name!r}; known: {sorted(inflections)}")
        for v in e.variants:
            if not v:
                fail(e, "empty variant")
            folded = v.casefold()
            other = claimed.get(folded)
            if other is not None and other is not e:
                fail(e, f"variant {v!r} is also claimed by {other.canonical!r} (in {other.path})")
            claimed[folded] = e
            target = canonicals.get(folded)
            if target is not None and target is not e:
                kind = "a cycle" if e.canonical.casefold() in {x.casefold() for x in target.variants} else "a chain"
                fail(e, f"variant {v!r} is the canonical name of another entry ({kind}: replacing twice would not settle)")
            for o in entries:
                if o is not e and len(o.canonical.split()) > 1 and o.canonical_surname.casefold() == folded:
                    fail(e, f"variant {v!r} is the canonical surname of {o.canonical!r} (in {o.path}), "
                            "which that entry keeps as it is: the two would fight over it")

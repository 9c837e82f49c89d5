"""Suggest alias-table entries: groups of spellings of one person's name found in a corpus.

The same person turns up as "Tikhanovskaya", "Tikhanovska", "Tsikhanouskaya" and
"Тихановская", or "Lukashenko", "Lukashenka" and "Лукашенко". :func:`suggest_aliases`
finds such groups for a human to review; nothing is ever applied automatically.
:func:`format_toml` writes them as ``[names."..."]`` entries of an alias table.

The method, in short (``docs/aliases.md``, "Suggesting variants", says more):

1. **Candidates.** Runs of one to three capitalised words on one line, separated by single
   spaces. A word whose lower-case form is a common English word (wordfreq: frequent in
   English, much less so in other languages), a title or a calendar word, or a word the
   corpus itself writes in lower case at least as often, is not a name and cuts the run.
   A spelling is kept only when it occurs at least once in mid-sentence (not at a sentence
   start, not in a title-case headline): "Today" or "Mass" at a sentence start say nothing.
2. **Folding.** Each word is transliterated to ASCII (anyascii), lower-cased, and the usual
   transliteration differences are folded away (kh/ch/h, ts/tz/c, sh/sch/sz/s, y/j/i, w/v,
   ou/ov, doubled letters). Inflectional endings are stripped *for matching only*, and the
   grammatical gender they show is kept: "Kolesnikova" and "Kolesnikov" share a stem but
   are feminine and masculine.
3. **Grouping.** Surnames (the last word of a spelling) whose folded stems are equal, or
   within a small normalised Levenshtein distance with agreeing first letters, are joined,
   most similar pairs first; a join that would put a feminine and a masculine form in one
   group is refused and noted ("check: may be different people"). Full names of one surname
   whose first names differ (Valery and Veronika Tsepkalo) become separate groups.
4. **Output.** Each group's canonical name is its most frequent full (multi-word) spelling,
   else its most frequent spelling; the others are its variants, less the canonical's own
   surname and whatever an existing table already covers.

>>> texts = [("a.txt", "Yesterday Svetlana Tikhanovskaya met voters. Later Tikhanovskaya spoke."),
...          ("b.txt", "On Monday, Tikhanovska said that Tsikhanouskaya is one name.")]
>>> [(g.canonical, g.variants) for g in suggest_aliases(texts)]
[('Svetlana Tikhanovskaya', ('Tikhanovska', 'Tsikhanouskaya'))]
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import regex
from anyascii import anyascii

from .aliases import AliasTable
from .cleaning.encoding import fix_line

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = ["Group", "Spelling", "fold", "format_toml", "suggest_aliases", "word_key"]


@dataclass(frozen=True)
class Spelling:
    """One way a name is written in the corpus, how often, and where."""

    text: str
    count: int
    files: tuple[str, ...]  # every file it occurs in, sorted
    gender: str = ""  # "f" or "m" when the surname's ending shows it, else ""
    covered_by: str | None = None  # the existing table entry (canonical) that already covers it


@dataclass(frozen=True)
class Group:
    """Spellings that look like one person's name: a suggested alias-table entry."""

    canonical: str
    variants: tuple[str, ...]  # what the entry would list: not the canonical, its surname or covered spellings
    spellings: tuple[Spelling, ...]  # every spelling of the group, most frequent first
    notes: tuple[str, ...] = ()  # what a reviewer should check ("may be different people: ...")
    extends: str | None = None  # set when the group adds to this entry of the existing table

    @property
    def total(self) -> int:
        """Mentions of all the group's spellings together."""
        return sum(s.count for s in self.spellings)


# -- settings --------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def settings() -> dict[str, Any]:
    """The word lists and thresholds of ``newsclean/rules/suggest.toml``."""
    text = (resources.files("newsclean") / "rules" / "suggest.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@functools.lru_cache(maxsize=1)
def _fold_rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(pattern), repl) for pattern, repl in settings()["fold"]["rules"])


@functools.lru_cache(maxsize=1)
def _first_letter_pairs() -> frozenset[frozenset[str]]:
    return frozenset(frozenset(pair) for pair in settings()["fold"]["first_letters"])


@functools.lru_cache(maxsize=1)
def _endings() -> tuple[list[tuple[str, str]], tuple[str, ...], list[tuple[str, str]], list[tuple[str, str]], int]:
    conf = settings()["endings"]

    def longest_first(pairs: list[list[str]]) -> list[tuple[str, str]]:
        return sorted(((e, g) for e, g in pairs), key=lambda p: -len(p[0]))

    return (
        longest_first(conf["adjectival"]),
        tuple(conf["possessive_stems"]),
        longest_first(conf["possessive"]),
        longest_first(conf["other"]),
        int(conf["min_stem"]),
    )


# -- folding ---------------------------------------------------------------------------

_NOT_LETTER = re.compile(r"[^a-z]+")
_DOUBLE = re.compile(r"(.)\1+")


@functools.lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """A word as ASCII lower case with transliteration differences folded away.

    >>> fold("Tsikhanouskaya"), fold("Тихановская"), fold("Cichanouská")
    ('cihanovskaia', 'tihanovskaia', 'cihanovska')
    >>> fold("Lukašenka"), fold("Lukaschenko"), fold("Sviatlana")
    ('lukasenka', 'lukasenko', 'svetlana')
    """
    key = _NOT_LETTER.sub("", anyascii(unicodedata.normalize("NFC", word)).lower())
    for pattern, repl in _fold_rules():
        key = pattern.sub(repl, key)
    return key


@functools.lru_cache(maxsize=65536)
def word_key(word: str) -> tuple[str, str]:
    """``(stem, gender)`` of a word: its folded form without an inflectional ending, and
    ``"f"``, ``"m"`` or ``""`` for the gender the ending shows. Only for matching.

    >>> word_key("Kolesnikova"), word_key("Kalesnikava"), word_key("Kolesnikov")
    (('kolesnikov', 'f'), ('kalesnikov', 'f'), ('kolesnikov', 'm'))
    >>> word_key("Tikhanovska"), word_key("Tsikhanouskaya"), word_key("Putinu"), word_key("Lukashenka")
    (('tihanovsk', 'f'), ('cihanovsk', 'f'), ('putin', ''), ('lukasenk', ''))
    >>> word_key("Navalnaya"), word_key("Navalny")
    (('navaln', 'f'), ('navaln', 'm'))
    """
    key = fold(word)
    stem, gender = _strip_ending(key)
    return _DOUBLE.sub(r"\1", stem), gender


def _strip_ending(key: str) -> tuple[str, str]:
    adjectival, possessive_stems, possessive, other, min_stem = _endings()
    for ending, gender in possessive:
        if key.endswith(ending):
            stem = key[: len(key) - len(ending)]
            if len(stem) >= min_stem + 2 and stem.endswith(possessive_stems):
                return stem, gender
    if len(key) >= min_stem + 2 and key.endswith(possessive_stems):
        return key, "m"
    for ending, gender in adjectival:
        if key.endswith(ending) and len(key) - len(ending) + 2 >= min_stem + 2:
            return key[: len(key) - len(ending)] + "sk", gender
    for ending, gender in other:
        if key.endswith(ending) and len(key) - len(ending) >= min_stem:
            return key[: len(key) - len(ending)], gender
    return key, ""


def _first_letters_agree(a: str, b: str) -> bool:
    if not a or not b:
        return a == b
    return a[0] == b[0] or frozenset((a[0], b[0])) in _first_letter_pairs()


def _levenshtein(a: str, b: str, limit: int) -> int:
    """Edit distance of ``a`` and ``b``, or ``limit + 1`` once it is sure to exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _ratio(a: str, b: str, max_ratio: float) -> float | None:
    """Normalised edit distance of ``a`` and ``b`` when at most ``max_ratio``, else None."""
    longest = max(len(a), len(b))
    if longest == 0:
        return 0.0
    limit = int(max_ratio * longest + 1e-9)
    d = _levenshtein(a, b, limit)
    return d / longest if d <= limit else None


def _deletions(word: str, k: int) -> set[str]:
    """``word`` with up to ``k`` letters deleted (two words within edit distance k share one)."""
    out, frontier = {word}, {word}
    for _ in range(k):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


def _close_pairs(stems: Sequence[str], max_ratio: float, min_fuzzy: int) -> list[tuple[float, int, int]]:
    """``(ratio, i, j)`` for every pair of distinct stems within ``max_ratio`` whose first
    letters agree (exact only for stems shorter than ``min_fuzzy``)."""
    index: dict[str, list[int]] = defaultdict(list)
    for i, stem in enumerate(stems):
        if len(stem) < min_fuzzy:
            continue
        k = min(3, int(max_ratio * len(stem) / (1 - max_ratio) + 1e-9))
        for d in _deletions(stem, k):
            index[d].append(i)
    seen: set[tuple[int, int]] = set()
    out = []
    for members in index.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                i, j = sorted((members[x], members[y]))
                if (i, j) in seen:
                    continue
                seen.add((i, j))
                a, b = stems[i], stems[j]
                if a == b or not _first_letters_agree(a, b):
                    continue
                r = _ratio(a, b, max_ratio)
                if r is not None:
                    out.append((r, i, j))
    return out


# -- candidates ------------------------------------------------------------------------

_TOKEN = regex.compile(r"[\p{L}\p{M}]+(?:['’\-‐][\p{L}\p{M}]+)*")
_POSSESSIVE = regex.compile(r"['’]s\Z")
_HYPHENS = regex.compile(r"[\-‐]")
_SKIP_BACK = set(" \t\u00a0\"'“”‘’„«»‹›()[]{}—–-‐•*·>")
_SENTENCE_END = set(".!?…:")
_PREFIXES = {"anti", "pro", "ex", "non", "neo", "post", "pre", "pan", "mid", "co", "pseudo", "ultra"}


@dataclass
class _Token:
    text: str
    start: int
    end: int
    ends_run: bool = False  # a possessive or a cut hyphenated word: no name goes on past it


@dataclass
class _Candidate:
    count: int = 0
    mid: int = 0
    files: Counter[str] = field(default_factory=Counter)


def _is_capitalised(word: str) -> bool:
    """Starts with a capital and has a lower-case letter (not an acronym like NATO)."""
    return unicodedata.category(word[0]) in ("Lu", "Lt") and any(unicodedata.category(c) == "Ll" for c in word)


def _at_sentence_start(line: str, start: int, titles: frozenset[str]) -> bool:
    i = start - 1
    while i >= 0 and line[i] in _SKIP_BACK:
        i -= 1
    if i < 0:
        return True
    if line[i] not in _SENTENCE_END:
        return False
    if line[i] == ".":  # "Mr. Putin", "V. Putin": the full stop of an abbreviation or initial
        j = i
        while j > 0 and line[j - 1].isalpha():
            j -= 1
        word = line[j:i]
        if word and (len(word) == 1 or word.lower() in titles):
            return False
    return True


def _is_headline(words: list[str], conf: dict[str, Any]) -> bool:
    if len(words) < conf["headline_words"]:
        return False
    capitalised = sum(1 for w in words if unicodedata.category(w[0]) in ("Lu", "Lt"))
    share: float = conf["headline_share"]
    return capitalised / len(words) >= share


class _Common:
    """Which words are not names (see ``[common]`` in ``rules/suggest.toml``)."""

    def __init__(self, lower: Counter[str], capital_mid: Counter[str]) -> None:
        conf = settings()["common"]
        self.titles = frozenset(conf["titles"])
        self.languages = tuple(conf["other_languages"])
        self.always = float(conf["always_zipf"])
        self.rules = [(float(a), float(b)) for a, b in conf["rules"]]
        self.corpus = bool(conf["corpus_lowercase"])
        self.lower = lower
        self.capital_mid = capital_mid
        self._cache: dict[str, bool] = {}

    def __call__(self, word: str) -> bool:
        low = word.lower()
        hit = self._cache.get(low)
        if hit is None:
            hit = self._cache[low] = self._judge(low)
        return hit

    def _judge(self, low: str) -> bool:
        if low in self.titles:
            return True
        if self.corpus and self.lower[low] and self.lower[low] >= self.capital_mid[low]:
            return True
        en = _zipf(low, "en")
        if en >= self.always:
            return True
        if not any(en >= floor for floor, _ in self.rules):
            return False
        others = sorted(_zipf(low, lang) for lang in self.languages)
        other = others[-2] if len(others) > 1 else others[-1]  # one list may hold English loans
        return any(en >= floor and en - other >= margin for floor, margin in self.rules)


@functools.lru_cache(maxsize=65536)
def _zipf(word: str, lang: str) -> float:
    from wordfreq import zipf_frequency  # loads each language's list on first use

    try:
        return float(zipf_frequency(word, lang))
    except Exception:  # noqa: BLE001  # pragma: no cover - wordfreq's tokenizer on exotic input
        return 0.0


def _tokens(line: str, common: _Common | None) -> list[_Token]:
    """The line's words; with ``common``, hyphenated words lose a common prefix or suffix
    ("Anti-Lukashenko", "Lukashenko-era" -> "Lukashenko") and possessives their "'s"."""
    out = []
    for m in _TOKEN.finditer(line):
        text, start = m.group(), m.start()
        ends_run = False
        if _POSSESSIVE.search(text) and len(text) > 3:
            text, ends_run = text[:-2], True
        if common is not None and _HYPHENS.search(text):
            parts = _HYPHENS.split(text)
            while (len(parts) > 1 and len(parts[-1]) >= 3 and not _is_capitalised(parts[-1])
                   and _zipf(parts[-1].lower(), "en") >= 3.0):
                parts.pop()
                ends_run = True
            while len(parts) > 1 and (parts[0].lower() in _PREFIXES or common(parts[0])) and _is_capitalised(parts[1]):
                start += len(parts[0]) + 1
                parts.pop(0)
            text = line[start : start + sum(len(p) for p in parts) + len(parts) - 1]
        out.append(_Token(text, start, start + len(text), ends_run))
    return out


def _lines(text: str) -> list[str]:
    """NFC lines, each repaired as the cleaner's encoding step would (mojibake such as
    "Iranâ€™s" would otherwise give the name "Iranâ")."""
    return [fix_line(line) for line in unicodedata.normalize("NFC", text).splitlines()]


def _count_cases(docs: Sequence[tuple[str, str]], titles: frozenset[str]) -> tuple[Counter[str], Counter[str]]:
    """How often each word is written in lower case, and capitalised in mid-sentence."""
    lower: Counter[str] = Counter()
    capital_mid: Counter[str] = Counter()
    for _, text in docs:
        for line in _lines(text):
            for tok in _tokens(line, None):
                for part in _HYPHENS.split(tok.text):
                    if not part:
                        continue
                    if unicodedata.category(part[0]) == "Ll":
                        lower[part.lower()] += 1
                    elif _is_capitalised(part) and not _at_sentence_start(line, tok.start, titles):
                        capital_mid[part.lower()] += 1
    return lower, capital_mid


def _candidates(docs: Sequence[tuple[str, str]], common: _Common) -> dict[str, _Candidate]:
    conf = settings()["match"]
    max_words = int(conf["max_words"])
    found: dict[str, _Candidate] = defaultdict(_Candidate)

    def flush(run: list[_Token], line: str, headline: bool, doc_id: str) -> None:
        if not run or len(run) > max_words:
            return
        name = " ".join(t.text for t in run)
        cand = found[name]
        cand.count += 1
        cand.files[doc_id] += 1
        if not headline and not _at_sentence_start(line, run[0].start, common.titles):
            cand.mid += 1

    for doc_id, text in docs:
        for line in _lines(text):
            tokens = _tokens(line, common)
            if not tokens:
                continue
            headline = _is_headline([t.text for t in tokens], conf)
            run: list[_Token] = []
            for tok in tokens:
                is_name = len(tok.text) >= 2 and _is_capitalised(tok.text) and not common(tok.text)
                if is_name and run and (line[run[-1].end : tok.start] not in (" ", "\u00a0") or run[-1].ends_run):
                    flush(run, line, headline, doc_id)
                    run = []
                if is_name:
                    run.append(tok)
                else:
                    flush(run, line, headline, doc_id)
                    run = []
            flush(run, line, headline, doc_id)
    return {name: c for name, c in found.items() if c.mid > 0}


# -- grouping --------------------------------------------------------------------------


class _Clusters:
    """Union-find over surname keys that never joins a feminine and a masculine form."""

    def __init__(self, genders: Sequence[str]) -> None:
        self.parent = list(range(len(genders)))
        self.genders = [{g} - {""} for g in genders]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> bool | None:
        """True when joined, None when already together, False when refused (f with m)."""
        a, b = self.find(i), self.find(j)
        if a == b:
            return None
        if len(self.genders[a] | self.genders[b]) > 1:
            return False
        self.parent[b] = a
        self.genders[a] |= self.genders[b]
        return True


def _spelling(name: str, cand: _Candidate, covered_by: str | None = None) -> Spelling:
    return Spelling(name, cand.count, tuple(sorted(cand.files)), word_key(name.split()[-1])[1], covered_by)


def _first_name_groups(names: list[str], counts: dict[str, int]) -> list[list[str]]:
    """Multi-word spellings of one surname, split by first name (single-linkage)."""
    conf = settings()["match"]
    max_ratio = float(conf["max_first_name_distance"])
    keys = {n: word_key(n.split()[0])[0] for n in names}
    parent = {n: n for n in names}

    def find(n: str) -> str:
        while parent[n] != n:
            n = parent[n]
        return n

    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            ka, kb = keys[a], keys[b]
            close = _first_letters_agree(ka, kb) and min(len(ka), len(kb)) >= 3 and _ratio(ka, kb, max_ratio) is not None
            if ka == kb or close:
                parent[find(b)] = find(a)
    groups: dict[str, list[str]] = defaultdict(list)
    for n in names:
        groups[find(n)].append(n)
    return sorted(groups.values(), key=lambda g: (-sum(counts[n] for n in g), min(g)))


def _describe(names: Iterable[str], counts: dict[str, int]) -> str:
    return ", ".join(f"{n} ({counts[n]})" for n in sorted(names, key=lambda n: (-counts[n], n)))


def suggest_aliases(
    texts: Iterable[tuple[str, str]],
    *,
    min_count: int = 2,
    max_groups: int | None = None,
    table: AliasTable | None = None,
    include_plain: bool = False,
) -> list[Group]:
    """Candidate groups of name spellings in ``texts`` (``(file id, text)`` pairs), most
    mentioned first, for a human to review.

    A group is returned when its spellings together are mentioned at least ``min_count``
    times and it has a variant to add to a table: a spelling other than its canonical
    name and that name's surname, not already covered by ``table`` (an existing
    :class:`~newsclean.aliases.AliasTable`, whose spellings, inflected forms included,
    are left out). ``include_plain`` also returns groups with nothing to add (a name
    always written one way, or only as the full name and its surname). ``max_groups``
    keeps the first so many.

    >>> texts = [("a.txt", "Talks with Alexander Lukashenko ended. Lukashenko left; Lukashenka stayed."),
    ...          ("b.txt", "Critics of Lukashenko met Maria Kolesnikova, and Kolesnikov spoke for Kalesnikava.")]
    >>> for g in suggest_aliases(texts):
    ...     print(g.canonical, g.variants, g.total, g.notes != ())
    Alexander Lukashenko ('Lukashenka',) 4 False
    Maria Kolesnikova ('Kalesnikava',) 2 True
    """
    docs = [(str(doc_id), str(text)) for doc_id, text in texts]
    titles = frozenset(settings()["common"]["titles"])
    common = _Common(*_count_cases(docs, titles))
    cands = _candidates(docs, common)
    counts = {name: c.count for name, c in cands.items()}
    conf = settings()["match"]

    # surname clusters: nodes are distinct (stem, gender) keys of last words
    node_of: dict[str, int] = {}
    nodes: list[tuple[str, str]] = []
    weight: list[int] = []
    index: dict[tuple[str, str], int] = {}
    for name in sorted(cands):
        key = word_key(name.split()[-1])
        if key not in index:
            index[key] = len(nodes)
            nodes.append(key)
            weight.append(0)
        node_of[name] = index[key]
        weight[index[key]] += counts[name]
    stems = [stem for stem, _ in nodes]
    pairs = _close_pairs(stems, float(conf["max_distance"]), int(conf["min_fuzzy_stem"]))
    by_stem: dict[str, list[int]] = defaultdict(list)
    for i, (stem, _) in enumerate(nodes):
        by_stem[stem].append(i)
    for same in by_stem.values():  # one stem, different genders: distance 0
        pairs += [(0.0, i, j) for x, i in enumerate(same) for j in same[x + 1 :]]
    pairs.sort(key=lambda p: (p[0], -(weight[p[1]] + weight[p[2]]), nodes[p[1]], nodes[p[2]]))
    clusters = _Clusters([g for _, g in nodes])
    refused: list[tuple[int, int]] = []
    for _, i, j in pairs:
        if clusters.join(i, j) is False:
            refused.append((i, j))
    members: dict[int, list[str]] = defaultdict(list)
    for name in sorted(cands):
        members[clusters.find(node_of[name])].append(name)

    # each cluster: one group per first name; surname-only spellings go with the largest
    raw: list[tuple[list[str], list[str], int]] = []  # (spellings, notes, cluster)
    for root, names in members.items():
        full = [n for n in names if " " in n]
        bare = [n for n in names if " " not in n]
        parts = _first_name_groups(full, counts) if full else []
        if not parts:
            raw.append((names, [], root))
            continue
        for k, part in enumerate(parts):
            notes = []
            others = [n for p in parts if p is not part and sum(counts[x] for x in p) >= min_count for n in p]
            if others:
                if k == 0 and bare:
                    notes.append(f"check: the surname alone ({_describe(bare, counts)}) may also mean "
                                 f"{_describe(others, counts)}")
                else:
                    notes.append(f"check: same surname, other first names, kept apart: {_describe(others, counts)}")
            raw.append(((part + bare) if k == 0 else part, notes, root))
    refused_notes: dict[int, list[str]] = defaultdict(list)
    for i, j in refused:
        a, b = clusters.find(i), clusters.find(j)
        for mine, theirs in ((a, b), (b, a)):
            names = members[theirs]
            refused_notes[mine].append(
                f"check: may be different people: kept apart from {_describe(names, counts)} "
                "(a feminine and a masculine form of one surname)"
            )

    covered = _Covered(table) if table is not None else None
    groups = []
    for names, notes, root in raw:
        group = _make_group(names, counts, cands, notes + _unique(refused_notes.get(root, [])), covered)
        if group is not None and group.total >= min_count:
            groups.append(group)
    groups.sort(key=lambda g: (-g.total, g.canonical))
    groups = [g for g in _settle(groups) if g.variants or include_plain]
    return groups[:max_groups] if max_groups is not None else groups


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


class _Covered:
    """Which spellings an existing table already handles, and under which entry."""

    def __init__(self, table: AliasTable) -> None:
        self.table = table
        self.names: dict[str, str] = {}
        for entry in table:
            for name in (entry.canonical, entry.canonical_surname, *entry.variants):
                self.names.setdefault(name.casefold(), entry.canonical)

    def __call__(self, spelling: str) -> str | None:
        hit = self.names.get(spelling.casefold())
        if hit is not None:
            return hit
        for m in self.table.find(spelling):
            if m.start == 0 and m.end == len(spelling):
                return m.canonical
        return None


def _make_group(names: list[str], counts: dict[str, int], cands: dict[str, _Candidate],
                notes: list[str], covered: _Covered | None) -> Group | None:
    if not names:
        return None
    order = sorted(names, key=lambda n: (-counts[n], n))
    by = {n: covered(n) if covered is not None else None for n in order}
    spellings = tuple(_spelling(n, cands[n], by[n]) for n in order)
    entries = Counter({e: 0 for e in by.values() if e is not None})
    for n, e in by.items():
        if e is not None:
            entries[e] += counts[n]
    extends = None
    if entries:
        extends = sorted(entries, key=lambda e: (-entries[e], e))[0]
        canonical = extends
        if len(entries) > 1:
            notes = notes + [f"check: spellings of several entries of the table: {', '.join(sorted(entries))}"]
    else:  # the most frequent full form; on a tie, the one whose surname is written so more often
        surnames: Counter[str] = Counter()
        for n in order:
            surnames[n.split()[-1]] += counts[n]
        full = [n for n in order if " " in n] or order
        canonical = min(full, key=lambda n: (-counts[n], -surnames[n.split()[-1]], -len(cands[n].files), n))
    last_words = {n.split()[-1] for n in order}
    plurals = sorted(n for n in order if n.endswith("s") and " " not in n and n[:-1] in last_words)
    if plurals:  # "the Clintons": replacing it by the surname would lose the plural
        notes = notes + [f"check: {', '.join(plurals)} may be an English plural"]
    surname = canonical.split()[-1]
    variants = tuple(n for n in order if n != canonical and n != surname and by[n] is None)
    return Group(canonical, variants, spellings, tuple(notes), extends)


def _settle(groups: list[Group]) -> list[Group]:
    """Keep the groups loadable as one table, every variant one it would replace: none
    claimed twice, none a canonical name or canonical surname in another case ("Belta" for
    "BelTA": an alias table never touches canonical text, in any case). Compared ignoring
    case, as :class:`~newsclean.aliases.AliasTable` does."""
    kept = {n.casefold() for g in groups for n in (g.canonical, g.canonical.split()[-1])}
    claimed: set[str] = set()
    out = []
    for g in groups:
        variants = []
        for v in g.variants:
            f = v.casefold()
            if f in claimed or f in kept:
                continue
            claimed.add(f)
            variants.append(v)
        out.append(Group(g.canonical, tuple(variants), g.spellings, g.notes, g.extends))
    return out


# -- output ----------------------------------------------------------------------------


def _toml_string(s: str) -> str:
    out = ['"']
    for c in s:
        if c in '"\\':
            out.append("\\" + c)
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def _comment_text(s: str) -> str:
    """``s`` safe in a TOML comment: no control characters or line breaks."""
    def bad(c: str) -> bool:
        return (ord(c) < 0x20 and c != "\t") or ord(c) == 0x7F or unicodedata.category(c) in ("Zl", "Zp")

    return "".join("?" if bad(c) else c for c in s)


def _files(files: Sequence[str], shown: int = 2) -> str:
    listed = ", ".join(_comment_text(f) for f in files[:shown])
    more = len(files) - shown
    return listed + (f", +{more} more" if more > 0 else "")


def format_toml(groups: Sequence[Group], *, source: str = "", files: int | None = None, table: str = "") -> str:
    """The groups as ``[names."..."]`` entries of a TOML alias table, each with a comment
    giving the mentions per spelling and example files.

    >>> g = Group("Vladimir Putin", ("Vladimiru Putinu",),
    ...           (Spelling("Putin", 3, ("a.txt",)), Spelling("Vladimir Putin", 2, ("b.txt",)),
    ...            Spelling("Vladimiru Putinu", 1, ("a.txt",))))
    >>> print(format_toml([g]).split("\\n\\n")[1])
    [names."Vladimir Putin"]
    # 6 mentions:
    #   "Putin"             3  surname  a.txt
    #   "Vladimir Putin"    2  canonical  b.txt
    #   "Vladimiru Putinu"  1  a.txt
    variants = ["Vladimiru Putinu"]
    """
    where = f" from {_comment_text(source)}" if source else ""
    counted = f" ({files} file{'s' if files != 1 else ''})" if files is not None else ""
    head = [
        f"# Alias suggestions{where}{counted}: {len(groups)} group{'s' if len(groups) != 1 else ''}, "
        "most mentioned first.",
        "# Made by `newsclean aliases suggest`. Review every group before use: spellings that look",
        "# alike can be different people, and nothing here has been checked by a person.",
    ]
    if table:
        head.append(f"# Spellings that {_comment_text(table)} already covers are left out of `variants`.")
    blocks = ["\n".join(head)]
    for g in groups:
        width = max(len(_toml_string(s.text)) for s in g.spellings)
        surname = g.canonical.split()[-1]
        lines = [f"[names.{_toml_string(g.canonical)}]"]
        if g.extends:
            lines.append(f"# adds to the entry {_comment_text(g.canonical)} of {_comment_text(table) or 'the table'}: "
                         "merge these variants into it")
        lines.append(f"# {g.total} mentions:")
        for s in g.spellings:
            role = ("canonical" if s.text == g.canonical else "surname" if s.text == surname
                    else f"in table ({_comment_text(s.covered_by)})" if s.covered_by else "")
            tags = "  ".join(x for x in (role, _files(s.files)) if x)
            spelling = _comment_text(_toml_string(s.text)).ljust(width)
            lines.append(f"#   {spelling}  {s.count:>{len(str(g.total))}}  {tags}")
        for note in g.notes:
            lines.append(f"# {_comment_text(note)}")
        lines.append(f"variants = [{', '.join(_toml_string(v) for v in g.variants)}]")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"

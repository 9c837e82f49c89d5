"""Hypothesis strategies for news text: articles, scraped pages, mojibake, alias tables,
near-duplicate families.

Every strategy takes keyword arguments only and checks them when it is built: a bad
argument raises :class:`hypothesis.errors.InvalidArgument` (a wrong type, a range the wrong
way round, an unknown language or kind) with a message that names it.

The prose is word salad from small, news-flavoured vocabularies (see ``_lexicon.py``),
shaped like an article: paragraphs of sentences, quotations with attributions, personal
names (with diacritics, or in Cyrillic), editorial brackets and parentheses. Each
paragraph (and each document of :func:`near_duplicate_families`) maps its draws through
its own permutation of the word list, so two paragraphs never repeat each other and two
documents share no more word pairs than chance gives, even when hypothesis shrinks every
draw to zero: what looks like a near-duplicate is one on purpose.
"""

from __future__ import annotations

import functools
import json
import math
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import ftfy
import ftfy.bad_codecs  # registers the "sloppy-windows-*" codecs that _ENCODINGS names
import regex
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.strategies import SearchStrategy

from ..aliases import AliasTable
from . import _lexicon
from ._lexicon import Language

if TYPE_CHECKING:
    from ..cleaning.pipeline import Cleaner

__all__ = [
    "EDITS",
    "LANGUAGES",
    "DuplicateFamilies",
    "Injection",
    "ScrapedArticle",
    "alias_tables",
    "articles",
    "cleaner_inputs",
    "mojibaked",
    "near_duplicate_families",
    "scraped_articles",
]

LANGUAGES: tuple[str, ...] = tuple(_lexicon.LANGUAGES)
"""The languages :func:`articles` writes: ``("en", "de", "fr", "ru")``."""

MAX_PARAGRAPHS = 60
"""The most paragraphs an article may be asked for (the prose stays distinct up to it)."""


# -- argument checking --------------------------------------------------------------------


def _check_int(where: str, name: str, value: Any, low: int, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgument(f"{where}: {name} must be an int, not {type(value).__name__} ({value!r})")
    if value < low or (high is not None and value > high):
        bound = f"at least {low}" if high is None else f"between {low} and {high}"
        raise InvalidArgument(f"{where}: {name} must be {bound}, got {value}")
    return value


def _check_range(where: str, lo_name: str, lo: Any, hi_name: str, hi: Any, low: int, high: int | None = None) -> None:
    _check_int(where, lo_name, lo, low, high)
    _check_int(where, hi_name, hi, low, high)
    if lo > hi:
        raise InvalidArgument(f"{where}: {lo_name}={lo} is greater than {hi_name}={hi}")


def _check_language(where: str, language: Any) -> Language:
    if not isinstance(language, str) or language not in _lexicon.LANGUAGES:
        raise InvalidArgument(f"{where}: language must be one of {LANGUAGES}, got {language!r}")
    return _lexicon.LANGUAGES[language]


def _check_bool(where: str, name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise InvalidArgument(f"{where}: {name} must be True or False, got {value!r}")
    return value


def _check_names(where: str, names: Any) -> tuple[str, ...] | None:
    if names is None:
        return None
    if isinstance(names, AliasTable):
        found = [n for e in names for n in (e.canonical, *e.variants)]
        if not found:
            raise InvalidArgument(f"{where}: names is an empty AliasTable")
        return tuple(dict.fromkeys(found))
    if isinstance(names, str) or not isinstance(names, Iterable):
        raise InvalidArgument(f"{where}: names must be a list of names or an AliasTable, got {names!r}")
    out = tuple(names)
    if not out:
        raise InvalidArgument(f"{where}: names must not be empty (give None for the built-in names)")
    for n in out:
        if not isinstance(n, str) or not n.strip() or any(c in n for c in "\r\n"):
            raise InvalidArgument(f"{where}: every name must be a non-empty one-line str, got {n!r}")
    return out


# strategies are immutable: build each one once (hypothesis's per-draw cost of a new
# strategy object is several times that of drawing from it)


@functools.cache
def _ints(low: int, high: int) -> SearchStrategy[int]:
    return st.integers(low, high)


@functools.lru_cache(maxsize=256)
def _pick(options: tuple[Any, ...]) -> SearchStrategy[Any]:
    """``sampled_from(options)``, shrinking the same way (towards the first), but with a
    short repr when there are many: hypothesis reprs strategies when it reports, and
    warns when one takes tens of kB (a few thousand words or rule examples)."""
    if len(options) <= 32:
        return st.sampled_from(options)
    return _ints(0, len(options) - 1).map(options.__getitem__)


@functools.cache
def _int_lists(low: int, high: int, min_size: int, max_size: int) -> SearchStrategy[list[int]]:
    return st.lists(st.integers(low, high), min_size=min_size, max_size=max_size)


_BOOLS = st.booleans()


# -- prose ------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _rule_words() -> frozenset[str]:
    """Words (three letters or more) of the built-in rule packs' patterns, casefolded."""
    from ..cleaning.rules import RuleSet

    out: set[str] = set()
    for rule in RuleSet.load().rules:
        for pattern in rule.patterns:
            pattern = regex.sub(r"\\p\{[^}]*\}|\\[A-Za-z]", " ", pattern)
            out.update(w.casefold() for w in regex.findall(r"\p{L}{3,}", pattern))
    return frozenset(out)


class _ShortRepr:
    """Holders of word lists and rule examples, passed to strategies: hypothesis shows a
    strategy's arguments in its reports, printing a dataclass field by field (its
    ``__repr__`` aside), so these print their short ``__repr__`` instead."""

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))


@dataclass(frozen=True, repr=False)
class _Vocab(_ShortRepr):
    """One language's content words (less the rule packs' words) and word streams."""

    lang: Language
    words: tuple[str, ...]
    units: tuple[int, ...]  # multipliers coprime to len(words): each gives a permutation

    def __repr__(self) -> str:  # short: hypothesis shows the arguments of strategies
        return f"<{self.lang.code} vocabulary of {self.size} words>"

    @property
    def size(self) -> int:
        return len(self.words)

    def stream(self, s: int) -> Callable[[int], str]:
        """Word ``d`` of stream ``s``: a permutation of the words, shifted by ``s``, so
        that streams never start alike (draws shrink to 0) and runs of draws that are
        alike in two streams give different word pairs."""
        n = self.size
        a, b = self.units[s % len(self.units)], s % n
        words = self.words
        return lambda d: words[(a * d + b) % n]


@functools.cache
def _vocab(code: str, content_only: bool = False) -> _Vocab:
    """The language's words less the rule packs' words; with ``content_only``, also less
    the 3,000 commonest English words (what near-duplicate detection ignores by default:
    ``DedupConfig.stopwords``), so that every document has content words to compare."""
    lang = _lexicon.LANGUAGES[code]
    banned = set(_rule_words())
    if content_only:
        from wordfreq import top_n_list

        banned |= {w.casefold() for w in top_n_list("en", 3000)}
    words = tuple(w for w in lang.words if w.casefold() not in banned)
    n = len(words)
    units = tuple(a for a in range(1, n) if math.gcd(a, n) == 1)
    return _Vocab(lang, words, units)


_FORMS = ("plain", "plain", "plain", "quote_first", "quote_last", "name", "bracket", "paren", "number")
_QUOTE_FORMS = ("quote_first", "quote_last")


@functools.cache
def _plans(min_sentences: int, max_sentences: int) -> SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(_FORMS), min_size=min_sentences, max_size=max_sentences)


@dataclass(frozen=True, repr=False)
class _Prose(_ShortRepr):
    """How to write one document: its language, names, and vocabulary streams."""

    vocab: _Vocab
    names: tuple[str, ...] | None
    min_words: int
    max_words: int

    def __repr__(self) -> str:  # short: hypothesis shows the arguments of strategies
        names = "its own names" if self.names is None else f"{len(self.names)} names"
        return f"<{self.vocab.lang.code} prose of {self.min_words}-{self.max_words} words, {names}>"

    @property
    def lang(self) -> Language:
        return self.vocab.lang


def _capitalise(word: str) -> str:
    return word[:1].upper() + word[1:]


def _draw_words(draw: Any, prose: _Prose, word: Callable[[int], str], low: int, high: int) -> list[str]:
    """A run of content words with function words between some of them."""
    v = prose.vocab.size
    function = prose.lang.function
    ids = draw(_int_lists(0, v + 3 * len(function) - 1, low, high))
    return [function[(i - v) % len(function)] if i >= v else word(i) for i in ids]


def _draw_name(draw: Any, prose: _Prose) -> str:
    if prose.names is not None:
        index: int = draw(_ints(0, len(prose.names) - 1))
        return prose.names[index]
    first, last = draw(_pick(prose.lang.names))
    return f"{first} {last}"


def _said(draw: Any, prose: _Prose, name: str) -> str:
    said = str(draw(_pick(prose.lang.said)))
    if prose.lang.code == "ru" and name.split()[0].endswith(("а", "я")):
        said += "а"  # заявил -> заявила
    return said


_SENTENCE_SHIFT = 29  # sentence j of a paragraph draws word d as d + 29 j: no two alike, even shrunk


def _draw_sentence(draw: Any, prose: _Prose, stream: Callable[[int], str], form: str, j: int = 0) -> str:
    def word(d: int) -> str:
        return stream(d + _SENTENCE_SHIFT * j)

    words = _draw_words(draw, prose, word, prose.min_words, prose.max_words)
    comma = draw(_ints(0, len(words) - 1))
    if 0 < comma < len(words) - 1:
        words[comma] += ","
    if form in _QUOTE_FORMS:
        name = _draw_name(draw, prose)
        template = prose.lang.quote_first if form == "quote_first" else prose.lang.quote_last
        quote = _capitalise(" ".join(words)).rstrip(",")
        return template.format(quote=quote, name=name, said=_said(draw, prose, name))
    if form != "plain":
        at = draw(_ints(1, len(words)))
        if form == "name":
            insert = _draw_name(draw, prose)
        elif form == "bracket":
            name = _draw_name(draw, prose)
            brackets = prose.lang.brackets
            k = draw(_ints(0, len(brackets)))
            insert = "[" + (brackets[k] if k < len(brackets) else name.split()[-1]) + "]"
        elif form == "paren":
            inner = _draw_words(draw, prose, word, 1, 4)
            insert = "(" + " ".join(inner) + ")"
        else:
            insert = str(draw(_ints(2, 2030)))
        words.insert(at, insert)
    return _capitalise(" ".join(words)).rstrip(",") + "."


@dataclass(frozen=True)
class _Article:
    title: str | None
    paragraphs: tuple[tuple[str, ...], ...]  # the sentences of each paragraph

    @property
    def blocks(self) -> list[str]:
        """The title (if any) and the paragraphs, as lines of text."""
        return ([self.title] if self.title else []) + [" ".join(p) for p in self.paragraphs]

    @property
    def text(self) -> str:
        return "\n\n".join(self.blocks) + "\n"

    @property
    def sentences(self) -> tuple[str, ...]:
        return tuple(s for p in self.paragraphs for s in p)


def _draw_title(draw: Any, prose: _Prose, word: Callable[[int], str]) -> str:
    ids = draw(_int_lists(0, prose.vocab.size - 1, 3, 8))
    words = [word(i) for i in ids]
    if prose.lang.title_case:
        return " ".join(_capitalise(w) for w in words)
    return _capitalise(" ".join(words))


@st.composite
def _articles(
    draw: Any,
    prose: _Prose,
    min_paragraphs: int,
    max_paragraphs: int,
    min_sentences: int,
    max_sentences: int,
    title: bool,
    document: int = 0,
) -> _Article:
    """An article; ``document`` picks its vocabulary streams (distinct documents, distinct
    word pairs)."""
    stride = max_paragraphs + 2
    base = document * stride
    n = draw(_ints(min_paragraphs, max_paragraphs))
    plans = [draw(_plans(min_sentences, max_sentences)) for _ in range(n)]
    if not any(f in _QUOTE_FORMS for plan in plans for f in plan):
        # every article quotes someone: the quotation marks make it non-ASCII (see mojibaked)
        flat = [(i, j) for i, plan in enumerate(plans) for j in range(len(plan))]
        i, j = flat[draw(_ints(0, len(flat) - 1))]
        plans[i][j] = "quote_first"
    paragraphs = []
    for p, plan in enumerate(plans):
        word = prose.vocab.stream(base + 1 + p)
        paragraphs.append(tuple(_draw_sentence(draw, prose, word, form, j) for j, form in enumerate(plan)))
    head = _draw_title(draw, prose, prose.vocab.stream(base)) if title else None
    return _Article(head, tuple(paragraphs))


def _prose(
    where: str, language: Any, names: Any, min_words: int = 6, max_words: int = 16, content_only: bool = False
) -> _Prose:
    lang = _check_language(where, language)
    return _Prose(_vocab(lang.code, content_only), _check_names(where, names), min_words, max_words)


def articles(
    *,
    min_paragraphs: int = 1,
    max_paragraphs: int = 6,
    language: str = "en",
    title: bool = False,
    names: Sequence[str] | AliasTable | None = None,
) -> SearchStrategy[str]:
    """Article-like prose: paragraphs of sentences with quotations, personal names,
    editorial brackets (``[sic]``), parentheses and numbers.

    The text is what a clean article looks like: an optional headline (``title=True``),
    then the paragraphs, one per line, separated by blank lines, ending with one newline.
    No two paragraphs are alike, every paragraph ends a sentence, and every article
    quotes someone, so it always holds a non-ASCII character (curly or angle quotes) and
    :func:`mojibaked` applies to it. ``language`` is one of :data:`LANGUAGES`; ``names``
    replaces the built-in personal names (a list, or an
    :class:`~newsclean.aliases.AliasTable`, whose canonical names and variants are used).

    >>> from hypothesis import given
    >>> @given(articles(max_paragraphs=3, language="de"))
    ... def test_articles_end_with_a_newline(text):
    ...     assert text.endswith("\\n") and not text.isascii()
    >>> test_articles_end_with_a_newline()
    """
    where = "articles()"
    _check_range(where, "min_paragraphs", min_paragraphs, "max_paragraphs", max_paragraphs, 1, MAX_PARAGRAPHS)
    prose = _prose(where, language, names)
    _check_bool(where, "title", title)
    return _articles(prose, min_paragraphs, max_paragraphs, 1, 4, title).map(lambda a: a.text)


# -- scraped articles ----------------------------------------------------------------------


@dataclass(frozen=True)
class Injection:
    """One artefact that :func:`scraped_articles` put into an article.

    ``text[start:end] == example`` in the dirty text. ``rule`` is the rule pack rule whose
    ``examples`` it comes from (``"encoding.ftfy"`` for mis-decoded paragraphs), ``kind``
    that rule's kind (``"byline"``, ``"comment_form"``, ``"mojibake"``...), and
    ``placement`` says how it went in: ``"line"`` (lines of their own between paragraphs),
    ``"inline"`` (inside a paragraph, with a space either side) or ``"encoding"`` (a
    paragraph replaced by its mojibake).

    >>> text = "Story.\\n\\nSource link\\n"
    >>> i = Injection(8, 19, "Source link", "source_link.source_line", "source_link", "line")
    >>> text[i.start:i.end] == i.example
    True
    """

    start: int
    end: int
    example: str
    rule: str
    kind: str
    placement: Literal["line", "inline", "encoding"]


@dataclass(frozen=True)
class ScrapedArticle:
    """A scraped article: the dirty ``text``, the ``clean`` truth, and what was injected.

    ``clean`` is the article as written (the text :func:`articles` would give); a good
    cleaner turns ``text`` into it, or close to it (cutting an inline artefact may leave
    two spaces where it stood). ``sentences`` are the article's sentences, every one of
    which must survive cleaning; ``injected`` lists the artefacts, sorted, not
    overlapping, each pointing at its span of ``text``.

    >>> s = ScrapedArticle("A b.\\n\\nSource link\\n", "A b.\\n", (Injection(6, 17, "Source link",
    ...     "source_link.source_line", "source_link", "line"),), ("A b.",), "en")
    >>> [s.text[i.start:i.end] for i in s.injected]
    ['Source link']
    """

    text: str
    clean: str
    injected: tuple[Injection, ...]
    sentences: tuple[str, ...]
    language: str


@dataclass(frozen=True)
class _Example:
    rule: str
    kind: str
    text: str


@dataclass(frozen=True, repr=False)
class _Artefacts(_ShortRepr):
    """The examples a scraped article may get: as lines, and inside a paragraph."""

    lines: tuple[_Example, ...]
    inline: tuple[_Example, ...]

    def __repr__(self) -> str:  # short: hypothesis shows the arguments of strategies
        return f"<{len(self.lines)} line and {len(self.inline)} inline artefacts>"


_CONTEXT = (
    "Officials in the northern province approved the emergency budget after a long debate on Tuesday.",
    "Opposition deputies said the plan would double local taxes, and they promised to appeal.",
    "The regional council will meet again next week to discuss the harbour and the railway.",
)


def _removes(cleaner: Cleaner, dirty: str, want: str) -> bool:
    try:
        return cleaner.clean(dirty).text == want
    except Exception:  # noqa: BLE001 - an example the cleaner chokes on is not one to inject
        return False


def _line_ok(cleaner: Cleaner, example: str) -> bool:
    a, b, c = _CONTEXT
    cases = (
        (f"{a}\n\n{example}\n\n{b}\n", f"{a}\n\n{b}\n"),
        (f"{example}\n\n{a}\n\n{b}\n", f"{a}\n\n{b}\n"),
        (f"{a}\n\n{b}\n\n{example}\n", f"{a}\n\n{b}\n"),
        (f"{a}\n\n{example}\n{example}\n\n{c}\n", f"{a}\n\n{c}\n"),
    )
    return all(_removes(cleaner, dirty, want) for dirty, want in cases)


def _inline_ok(cleaner: Cleaner, example: str) -> bool:
    a, b, c = _CONTEXT
    words = a[:-1].split(" ")
    cases = (
        f"{a} {example} {b}\n",
        f"{example} {a} {b}\n",
        f"{a} {b} {example}\n",
        " ".join([*words[:4], example, *words[4:]]) + f". {c}\n",
    )
    for dirty in cases:
        try:
            out = cleaner.clean(dirty).text
        except Exception:  # noqa: BLE001 - as in _removes
            return False
        if " ".join(out.split()) != " ".join(dirty.replace(example, " ").split()):
            return False
    return True


@functools.lru_cache(maxsize=8)
def _injectable(cleaner: Cleaner) -> tuple[tuple[_Example, ...], tuple[_Example, ...]]:
    """The rule examples this cleaner really removes: (as whole lines, inside a paragraph).

    Rules that open a block (their list follows them) or take the next line are left out:
    what they take depends on the lines around them, so the article's own lines would go
    too. Every other example of a line or span rule is tried in context; the ones the
    cleaner removes cleanly are kept.
    """
    lines: list[_Example] = []
    inline: list[_Example] = []
    for rule in cleaner.rules.rules:
        if rule.scope not in ("line", "span") or rule.opens_block or rule.takes_next or rule.action == "replace":
            continue
        for text in rule.examples:
            if not text.strip() or any(c in text for c in "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"):
                continue
            example = _Example(rule.name, rule.kind, text)
            if _line_ok(cleaner, text):
                lines.append(example)
            if rule.scope == "span" and text == text.strip() and _inline_ok(cleaner, text):
                inline.append(example)
    return tuple(lines), tuple(inline)


@functools.lru_cache(maxsize=1)
def _default_cleaner() -> Cleaner:
    from ..cleaning.pipeline import Cleaner

    return Cleaner()


def _choose(examples: tuple[_Example, ...], kinds: frozenset[str] | None) -> tuple[_Example, ...]:
    if kinds is None:
        return examples
    return tuple(e for e in examples if e.kind in kinds or e.rule in kinds)


_ENCODING_RULE = "encoding.ftfy"


@st.composite
def _scraped(
    draw: Any,
    prose: _Prose,
    min_paragraphs: int,
    max_paragraphs: int,
    title: bool,
    min_artefacts: int,
    max_artefacts: int,
    artefacts: _Artefacts,
    mojibake: bool,
    cleaner: Cleaner,
) -> ScrapedArticle:
    line_examples, inline_examples = artefacts.lines, artefacts.inline
    article = draw(_articles(prose, min_paragraphs, max_paragraphs, 1, 4, title))
    blocks = article.blocks
    first = 1 if article.title else 0  # blocks[first:] are the paragraphs
    n = draw(_ints(min_artefacts, max_artefacts))
    gaps: list[list[_Example]] = [[] for _ in range(len(blocks) + 1)]  # lines before block i (last: after all)
    inside: list[list[tuple[int, _Example]]] = [[] for _ in blocks]  # (sentence boundary, example)
    for _ in range(n):
        if inline_examples and (not line_examples or draw(_ints(0, 3)) == 0):
            p = draw(_ints(first, len(blocks) - 1))
            at = draw(_ints(0, len(article.paragraphs[p - first])))
            inside[p].append((at, draw(_pick(inline_examples))))
        else:
            gaps[draw(_ints(0, len(blocks)))].append(draw(_pick(line_examples)))
    broken: set[int] = set()
    if mojibake:
        for p in draw(st.sets(_ints(first, len(blocks) - 1), max_size=2)):
            if not inside[p]:
                broken.add(p)

    text = ""
    injected: list[Injection] = []

    def put(piece: str, example: _Example | None = None, placement: str = "line") -> None:
        nonlocal text
        if example is not None:
            injected.append(Injection(len(text), len(text) + len(piece), piece, example.rule, example.kind, placement))  # type: ignore[arg-type]
        text += piece

    separators = ("\n\n", "\n\n", "\n\n\n", "\n \n", " \n\n")
    for i in range(len(blocks) + 1):
        for j, example in enumerate(gaps[i]):
            if text:
                put("\n" if j else draw(_pick(separators)))
            put(example.text, example)
        if i == len(blocks):
            break
        if text:
            put(draw(_pick(separators)))
        if i in broken:
            variants = _mojibake_variants(blocks[i])
            at = draw(_ints(0, max(0, len(variants) - 1)))
            # the first variant from the one drawn on that the cleaner repairs (usually it)
            bad = next((v for v in variants[at:] + variants[:at] if _repairs(cleaner, v, blocks[i])), None)
            if bad is not None:
                put(bad, _Example(_ENCODING_RULE, "mojibake", bad), "encoding")
                continue
        if not inside[i]:
            put(blocks[i])
            continue
        sentences = article.paragraphs[i - first]
        for k in range(len(sentences) + 1):
            for at, example in inside[i]:
                if at == k:
                    if not text.endswith(("\n", " ")) and k:
                        put(" ")
                    put(example.text, example, "inline")
                    put(" ")
            if k < len(sentences):
                if k and not text.endswith(" "):
                    put(" ")
                put(sentences[k])
    put("\n")
    return ScrapedArticle(text, article.text, tuple(injected), article.sentences, prose.lang.code)


def scraped_articles(
    *,
    min_paragraphs: int = 1,
    max_paragraphs: int = 6,
    language: str = "en",
    title: bool = False,
    names: Sequence[str] | AliasTable | None = None,
    min_artefacts: int = 1,
    max_artefacts: int = 8,
    kinds: Iterable[str] | None = None,
    inline: bool = True,
    mojibake: bool = False,
    cleaner: Cleaner | None = None,
) -> SearchStrategy[ScrapedArticle]:
    """An article from :func:`articles` with scraping artefacts and boilerplate put in,
    as a :class:`ScrapedArticle` (dirty text, clean truth, injected spans).

    The artefacts are the ``examples`` of the rule packs' own rules (so they grow with the
    rules): bylines, source links, comment forms, share widgets, separators, ``[ad_1]``,
    HTML tags... Only examples that the cleaner is meant to remove and really does are
    used: each one is tried when the strategy is built, as a line between paragraphs, at
    the start and at the end (and, for span rules, inside a paragraph), and dropped unless
    the cleaner gives back exactly the surrounding text. That cleaner is ``cleaner``
    (default: ``Cleaner()``), so a cleaner with your own rule packs injects your examples
    too. Rules whose effect depends on their neighbours (block headers such as
    ``Read more:``, which take the list under them) are never injected.

    Between ``min_artefacts`` and ``max_artefacts`` artefacts go in: as lines of their own
    between the paragraphs (several may stand together, one per line), or, with
    ``inline=True``, inside a paragraph between two sentences, with a space either side.
    ``kinds`` keeps only artefacts of those kinds or rule names (``["byline",
    "ad_placeholder.ad_n"]``). ``mojibake=True`` also mis-decodes up to two paragraphs
    (each a change the cleaner is known to repair).

    >>> from hypothesis import given
    >>> @given(scraped_articles(max_paragraphs=3, kinds=["byline", "comment_form"]))
    ... def test_spans_point_at_the_artefacts(s):
    ...     assert all(s.text[i.start:i.end] == i.example for i in s.injected)
    >>> test_spans_point_at_the_artefacts()
    """
    where = "scraped_articles()"
    _check_range(where, "min_paragraphs", min_paragraphs, "max_paragraphs", max_paragraphs, 1, MAX_PARAGRAPHS)
    prose = _prose(where, language, names)
    _check_bool(where, "title", title)
    _check_range(where, "min_artefacts", min_artefacts, "max_artefacts", max_artefacts, 0, 1000)
    _check_bool(where, "inline", inline)
    _check_bool(where, "mojibake", mojibake)
    from ..cleaning.pipeline import Cleaner as _Cleaner

    if cleaner is not None and not isinstance(cleaner, _Cleaner):
        raise InvalidArgument(f"{where}: cleaner must be a newsclean Cleaner, got {cleaner!r}")
    chosen = cleaner if cleaner is not None else _default_cleaner()
    wanted: frozenset[str] | None = None
    if kinds is not None:
        if isinstance(kinds, str) or not isinstance(kinds, Iterable):
            raise InvalidArgument(f"{where}: kinds must be a list of kinds or rule names, got {kinds!r}")
        wanted = frozenset(kinds)
    lines, inside = _injectable(chosen)
    known = {e.kind for e in lines + inside} | {e.rule for e in lines + inside}
    if wanted is not None:
        unknown = sorted(wanted - known)
        if unknown or not wanted:
            raise InvalidArgument(
                f"{where}: no injectable artefacts of kind or rule {unknown or '[]'}; "
                f"known kinds: {sorted({e.kind for e in lines + inside})}"
            )
    lines = _choose(lines, wanted)
    inside = _choose(inside, wanted) if inline else ()
    if max_artefacts and not lines and not inside:
        raise InvalidArgument(f"{where}: no artefacts to inject with kinds={sorted(wanted or [])}, inline={inline}")
    artefacts = _Artefacts(lines, inside)
    return _scraped(prose, min_paragraphs, max_paragraphs, title, min_artefacts, max_artefacts, artefacts, mojibake, chosen)


# -- mojibake ------------------------------------------------------------------------------

_ENCODINGS = (
    "sloppy-windows-1252",
    "latin-1",
    "sloppy-windows-1250",
    "sloppy-windows-1251",
    "macroman",
    "iso-8859-2",
    "cp437",
)
"""How UTF-8 bytes get mis-decoded, commonest first (the first is what shrinking picks)."""


def _misdecode(text: str, encoding: str) -> str:
    return text.encode("utf-8").decode(encoding)


@functools.lru_cache(maxsize=1024)
def _mojibake_variants(text: str) -> tuple[str, ...]:
    """Every mis-decoding of ``text`` that ftfy undoes: the whole text in each encoding,
    twice over in windows-1252, and single lines (the rest left intact)."""
    candidates: list[str] = []
    for encoding in _ENCODINGS:
        candidates.append(_misdecode(text, encoding))
    candidates.append(_misdecode(_misdecode(text, _ENCODINGS[0]), _ENCODINGS[0]))
    lines = text.split("\n")
    touched = [i for i, line in enumerate(lines) if not line.isascii()][:3]
    for i in touched:
        for encoding in _ENCODINGS[:3]:
            candidates.append("\n".join([*lines[:i], _misdecode(lines[i], encoding), *lines[i + 1 :]]))
    want = ftfy.fix_text(text)
    out = []
    for bad in dict.fromkeys(candidates):
        if bad != text and ftfy.fix_encoding(bad) == text and ftfy.fix_text(bad) == want:
            out.append(bad)
    return tuple(out)


@functools.lru_cache(maxsize=1024)
def _repairs(cleaner: Cleaner, bad: str, paragraph: str) -> bool:
    """Does ``cleaner`` turn the mis-decoded paragraph back into the paragraph?"""
    return "\n" not in bad and _removes(cleaner, bad + "\n", paragraph + "\n")


def mojibaked(text: str) -> SearchStrategy[str]:
    """``text`` mis-decoded the way scraped pages are (UTF-8 bytes read as windows-1252,
    latin-1, windows-1250/1251, Mac Roman...: ``’`` -> ``â€™``), in a way ftfy repairs.

    Each value differs from ``text``, and ``ftfy.fix_encoding(value) == text`` and
    ``ftfy.fix_text(value) == ftfy.fix_text(text)`` hold: every candidate is checked when
    the strategy is built. The whole text or single lines are mis-decoded, once or (in
    windows-1252) twice. ``text`` needs a non-ASCII character for any of this to change it;
    a text that no mis-decoding changes repairably raises ``ValueError``. Every article from
    :func:`articles` qualifies, so ``articles().flatmap(mojibaked)`` works.

    >>> from hypothesis import given
    >>> @given(mojibaked("Lukashenko’s café"))
    ... def test_ftfy_repairs_it(bad):
    ...     assert bad != "Lukashenko’s café" and ftfy.fix_encoding(bad) == "Lukashenko’s café"
    >>> test_ftfy_repairs_it()
    """
    if not isinstance(text, str):
        raise InvalidArgument(f"mojibaked(): text must be a str, not {type(text).__name__}")
    variants = _mojibake_variants(text)
    if not variants:
        why = "it is all ASCII" if text.isascii() else "ftfy cannot restore any mis-decoding of it"
        raise ValueError(f"mojibaked(): no repairable mojibake of {text[:60]!r}: {why}")
    return st.sampled_from(variants)


# -- alias tables -------------------------------------------------------------------------

_ONSETS = ("b", "d", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "kh", "sh", "ts", "ch")
_VOWELS = ("a", "e", "i", "o", "u", "ia", "ou")
_ENDINGS = {  # surname ending -> the inflection set that declines it
    "ova": "slavic_feminine",
    "skaya": "slavic_adjective_feminine",
    "ov": "slavic_masculine",
    "in": "slavic_masculine",
    "enko": "slavic_ko",
    "ić": None,
    "uk": None,
    "aitė": None,
}
_RESPELL = (
    ("kh", "h"), ("ts", "c"), ("sh", "sz"), ("ch", "tch"), ("v", "w"), ("ou", "u"), ("ia", "ya"),
    ("skaya", "ska"), ("enko", "enka"), ("ova", "ava"), ("ić", "ich"), ("aitė", "aite"), ("i", "y"),
)
_RESPELLINGS = st.lists(st.sampled_from(_RESPELL), min_size=1, max_size=3, unique=True)
_CYRILLIC = {
    "kh": "х", "sh": "ш", "ts": "ц", "ch": "ч", "ya": "я", "ia": "ия", "ou": "оу",
    "a": "а", "b": "б", "c": "к", "d": "д", "e": "е", "h": "х", "i": "и", "k": "к", "l": "л",
    "m": "м", "n": "н", "o": "о", "p": "п", "r": "р", "s": "с", "t": "т", "u": "у", "v": "в",
    "y": "ы", "z": "з", "ć": "ч", "ė": "е", "w": "в",
}


def _to_cyrillic(name: str) -> str:
    out, i, low = [], 0, name.lower()
    while i < len(low):
        two = low[i : i + 2]
        if two in _CYRILLIC:
            out.append(_CYRILLIC[two])
            i += 2
        else:
            out.append(_CYRILLIC.get(low[i], low[i]))
            i += 1
    return " ".join(_capitalise(w) for w in "".join(out).split(" "))


def _strip_marks(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


@st.composite
def _name_part(draw: Any, syllables: tuple[int, int]) -> str:
    n = draw(_ints(*syllables))
    return "".join(draw(_pick(_ONSETS)) + draw(_pick(_VOWELS)) for _ in range(n))


@dataclass
class _Entry:
    canonical: str
    variants: list[str] = field(default_factory=list)
    inflect: list[str] = field(default_factory=list)
    case: str = "default"


@st.composite
def _alias_data(draw: Any, min_names: int, max_names: int, max_variants: int, inflect: bool) -> dict[str, Any]:
    n = draw(_ints(min_names, max_names))
    entries: list[_Entry] = []
    taken: set[str] = set()  # canonical names and their surnames, casefolded
    for k in range(n):
        first = _capitalise(draw(_name_part((1, 3))))
        ending = draw(_pick(tuple(sorted(_ENDINGS))))
        last = _capitalise(draw(_name_part((1, 3))) + ending)
        while first.casefold() in taken:  # distinct names, even shrunk
            first += _VOWELS[k % len(_VOWELS)]
        while last.casefold() in taken or last.casefold() == first.casefold():
            last = last[: -len(ending)] + _VOWELS[k % len(_VOWELS)] + ending
        canonical = f"{first} {last}"
        entry = _Entry(canonical)
        if inflect and _ENDINGS[ending] and draw(_BOOLS):
            entry.inflect.append(str(_ENDINGS[ending]))
        if draw(_ints(0, 4)) == 0:
            entry.case = str(draw(_pick(("exact", "ignore"))))
        for _ in range(draw(_ints(1, max_variants))):
            how = draw(_pick(("respell", "surname", "cyrillic", "ascii", "initial")))
            f, l_ = first, last
            if how in ("respell", "surname"):
                for old, new in draw(_RESPELLINGS):
                    f, l_ = f.replace(old, new), l_.replace(old, new).replace(_capitalise(old), _capitalise(new))
            variant = {
                "respell": f"{f} {l_}",
                "surname": l_,
                "cyrillic": _to_cyrillic(f"{f} {l_}"),
                "ascii": _strip_marks(f"{f} {l_}"),
                "initial": f"{f[0]}. {l_}",
            }[how]
            entry.variants.append(variant)
        taken.update((canonical.casefold(), last.casefold(), first.casefold()))
        entries.append(entry)
    # drop what the table format forbids: a variant claimed twice, a variant that is a
    # canonical name or the canonical surname of another entry, or a variant that reads
    # as its own entry's canonical name or surname (a no-op)
    canonicals = {e.canonical.casefold() for e in entries}
    surnames = {e.canonical.split()[-1].casefold() for e in entries}
    claimed: set[str] = set()
    for e in entries:
        kept: list[str] = []
        first, last = e.canonical.split(" ", 1)
        fallbacks = [f"{first[0]}. {last}", f"{first[0]}.{last}", f"{first} {first[0]}. {last}"]
        for v in e.variants + fallbacks:  # every entry gets a variant
            f = v.casefold()
            if f in claimed or f in canonicals or f in surnames or f in {x.casefold() for x in kept}:
                continue
            if v in fallbacks and kept:
                break  # a fallback only when nothing else is left
            kept.append(v)
            claimed.add(f)
        e.variants = kept
    data: dict[str, Any] = {}
    for e in entries:
        if not e.inflect and e.case == "default" and draw(_BOOLS):
            data[e.canonical] = list(e.variants)  # the shorthand form
            continue
        spec: dict[str, Any] = {"variants": list(e.variants)}
        if e.inflect:
            spec["inflect"] = list(e.inflect)
        if e.case != "default":
            spec["case"] = e.case
        data[e.canonical] = spec
    return {"names": data}


def _toml(data: Mapping[str, Any]) -> str:
    """An alias table's dict as the TOML that :meth:`AliasTable.load` reads."""
    lines = []
    for canonical, spec in data["names"].items():
        lines.append(f"[names.{json.dumps(canonical, ensure_ascii=False)}]")
        spec = {"variants": spec} if isinstance(spec, list) else spec
        for key, value in spec.items():
            lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
        lines.append("")
    return "\n".join(lines)


AliasTableForm = Literal["dict", "table", "toml"]


def alias_tables(
    *,
    min_names: int = 1,
    max_names: int = 4,
    max_variants: int = 4,
    inflect: bool = True,
    form: AliasTableForm = "dict",
) -> SearchStrategy[dict[str, Any] | AliasTable | str]:
    """Valid alias tables: canonical names with variants (respellings, a surname alone,
    Cyrillic and ASCII forms, an initial), some entries with ``inflect`` sets (with
    ``inflect=True``) or a ``case`` option.

    ``form`` chooses what is drawn: ``"dict"`` (``{"names": {canonical: [variants] or
    {"variants": [...], ...}}}``, what :meth:`AliasTable.from_dict` reads), ``"table"`` (the
    :class:`~newsclean.aliases.AliasTable`) or ``"toml"`` (the text of a ``.toml`` table
    for :meth:`AliasTable.load`). Every table is one that newsclean accepts: no variant is
    claimed twice or is another entry's canonical name or surname. Use
    ``articles(names=table)`` for prose that mentions its names.

    >>> from hypothesis import given
    >>> @given(alias_tables(form="table"))
    ... def test_tables_load(table):
    ...     assert len(table) >= 1
    >>> test_tables_load()
    """
    where = "alias_tables()"
    _check_range(where, "min_names", min_names, "max_names", max_names, 1, 100)
    _check_int(where, "max_variants", max_variants, 1, 20)
    _check_bool(where, "inflect", inflect)
    if form not in ("dict", "table", "toml"):
        raise InvalidArgument(f"{where}: form must be 'dict', 'table' or 'toml', got {form!r}")
    data = _alias_data(min_names, max_names, max_variants, inflect)
    if form == "table":
        return data.map(AliasTable.from_dict)
    if form == "toml":
        return data.map(_toml)
    return data


# -- near-duplicate families -----------------------------------------------------------------

EDITS = ("cut", "retitled", "dropped_paragraph", "boilerplate")
"""How :func:`near_duplicate_families` makes a copy of an original."""


@dataclass(frozen=True)
class DuplicateFamilies:
    """Documents in families of near-duplicates, with unrelated documents among them.

    ``documents`` are ``(id, text)`` pairs in corpus order (shuffled). ``families`` hold
    the ids of each family, the original first; ``edits`` says how each copy was made
    (``()`` for an original); ``unrelated`` are the ids of documents that belong to no
    family. :attr:`groups` is the grouping that :func:`~newsclean.find_duplicates` should
    find.

    >>> f = DuplicateFamilies((("a", "x"), ("b", "x y"), ("c", "z")), (("a", "b"),), {"a": (), "b": ("cut",)}, ("c",))
    >>> [sorted(group) for group in f.groups]
    [['a', 'b']]
    """

    documents: tuple[tuple[str, str], ...]
    families: tuple[tuple[str, ...], ...]
    edits: Mapping[str, tuple[str, ...]]
    unrelated: tuple[str, ...]

    @property
    def groups(self) -> set[frozenset[str]]:
        """The expected groups: every family of two documents or more."""
        return {frozenset(f) for f in self.families if len(f) > 1}

    def text(self, doc_id: str) -> str:
        """The text of one document."""
        return dict(self.documents)[doc_id]


KEEP = 0.7
"""The share of an original's words that every copy keeps (with the same words, near-
duplicate detection at its default settings finds a pair with 70% in common in all but
about one case in a hundred million: the LSH bands are tuned at 20%)."""


def _words_in(sentence: str) -> int:
    return len(sentence.split())


def _copy_text(draw: Any, original: _Article, edit: str, prose: _Prose, stream: int) -> tuple[_Article, str]:
    """A copy of ``original`` made by ``edit`` (or, when the original is too short for
    that edit to keep 70% of it, by a new title), and the edit made."""
    total = sum(_words_in(s) for s in original.sentences)
    if edit == "dropped_paragraph":
        small = [i for i, p in enumerate(original.paragraphs) if sum(map(_words_in, p)) <= (1 - KEEP) * total]
        if small:
            gone = small[draw(_ints(0, len(small) - 1))]
            return _Article(original.title, original.paragraphs[:gone] + original.paragraphs[gone + 1 :]), edit
    if edit == "cut":  # the first 70% of the words or more, in whole sentences: a teaser, a truncated copy
        sentences = [(p, s) for p, par in enumerate(original.paragraphs) for s in par]
        kept, least = 0, len(sentences)
        for k, (_, s) in enumerate(sentences):
            kept += _words_in(s)
            if kept >= KEEP * total:
                least = k + 1
                break
        if least < len(sentences):
            keep = draw(_ints(least, len(sentences) - 1))
            paragraphs: list[list[str]] = []
            last = -1
            for p, s in sentences[:keep]:
                if p != last:
                    paragraphs.append([])
                    last = p
                paragraphs[-1].append(s)
            return _Article(original.title, tuple(tuple(p) for p in paragraphs)), edit
    return _Article(_draw_title(draw, prose, prose.vocab.stream(stream)), original.paragraphs), "retitled"


def _with_boilerplate(draw: Any, text: str, examples: tuple[_Example, ...]) -> str:
    blocks = text.rstrip("\n").split("\n\n")
    for _ in range(draw(_ints(1, 4))):
        at = draw(_ints(0, len(blocks)))
        blocks.insert(at, draw(_pick(examples)).text)
    return "\n\n".join(blocks) + "\n"


@st.composite
def _families(
    draw: Any,
    prose: _Prose,
    min_families: int,
    max_families: int,
    min_copies: int,
    max_copies: int,
    min_unrelated: int,
    max_unrelated: int,
    edits: tuple[str, ...],
) -> DuplicateFamilies:
    n_families = draw(_ints(min_families, max_families))
    n_unrelated = draw(_ints(min_unrelated, max_unrelated))
    examples = _injectable(_default_cleaner())[0] if "boilerplate" in edits else ()
    reducing = tuple(e for e in edits if e != "boilerplate")
    docs: list[tuple[str, str]] = []
    families: list[tuple[str, ...]] = []
    made: dict[str, tuple[str, ...]] = {}
    document = 0
    for f in range(n_families):
        original = draw(_articles(prose, 3, 6, 2, 4, True, document))
        title_stream = (document + 1) * 8 - 1  # inside this document's streams, unused by paragraphs 0..5
        document += 1
        ids = [f"family{f}/original"]
        docs.append((ids[0], original.text))
        made[ids[0]] = ()
        for c in range(draw(_ints(min_copies, max_copies))):
            chosen: list[str] = []
            copy = original
            if reducing and ("boilerplate" not in edits or draw(_BOOLS)):
                copy, edit = _copy_text(draw, original, draw(_pick(reducing)), prose, title_stream)
                chosen.append(edit)
            text = copy.text
            if "boilerplate" in edits and (not chosen or draw(_BOOLS)):
                text = _with_boilerplate(draw, text, examples)
                chosen.append("boilerplate")
            doc_id = f"family{f}/copy{c + 1}"
            ids.append(doc_id)
            docs.append((doc_id, text))
            made[doc_id] = tuple(chosen)
        families.append(tuple(ids))
    unrelated = []
    for u in range(n_unrelated):
        article = draw(_articles(prose, 2, 6, 1, 4, True, document))
        document += 1
        doc_id = f"unrelated{u}"
        docs.append((doc_id, article.text))
        made[doc_id] = ()
        unrelated.append(doc_id)
    order = draw(st.permutations(range(len(docs))))
    return DuplicateFamilies(tuple(docs[i] for i in order), tuple(families), made, tuple(unrelated))


def near_duplicate_families(
    *,
    min_families: int = 1,
    max_families: int = 3,
    min_copies: int = 1,
    max_copies: int = 3,
    min_unrelated: int = 0,
    max_unrelated: int = 3,
    language: str = "en",
    edits: Iterable[str] = EDITS,
) -> SearchStrategy[DuplicateFamilies]:
    """Families of near-duplicate documents (an original and edited copies), with
    unrelated documents among them, as a :class:`DuplicateFamilies`.

    Each original is a titled article of three to six paragraphs; each copy applies one
    of ``edits`` to it: ``"cut"`` (only its first sentences, 70% of its words or more),
    ``"retitled"`` (a new headline), ``"dropped_paragraph"`` (one holding at most 30% of
    the words; a copy that cannot be cut or lose a paragraph that way is retitled
    instead), and/or ``"boilerplate"``
    (lines of site chrome added, from the rule packs' examples). They are sized so that
    :func:`~newsclean.find_duplicates` with its default settings groups each family
    (every copy keeps at least 70% of the original and contains nothing else of
    substance), and the unrelated documents and the families draw their words through
    different permutations of the vocabulary, so they share no more word pairs than
    chance gives and nothing else is grouped: ``{frozenset(g.ids) for g in find_duplicates(f.documents)
    .groups} == f.groups``.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(near_duplicate_families(max_families=2, max_unrelated=1))
    ... def test_every_family_is_grouped(f):
    ...     assert len(f.documents) == sum(map(len, f.families)) + len(f.unrelated)
    >>> test_every_family_is_grouped()
    """
    where = "near_duplicate_families()"
    _check_range(where, "min_families", min_families, "max_families", max_families, 0, 8)
    _check_range(where, "min_copies", min_copies, "max_copies", max_copies, 0, 20)
    _check_range(where, "min_unrelated", min_unrelated, "max_unrelated", max_unrelated, 0, 8)
    prose = _prose(where, language, None, min_words=8, max_words=16, content_only=True)
    if isinstance(edits, str) or not isinstance(edits, Iterable):
        raise InvalidArgument(f"{where}: edits must be a list of {EDITS}, got {edits!r}")
    chosen = tuple(dict.fromkeys(edits))
    bad = [e for e in chosen if e not in EDITS]
    if bad or not chosen:
        raise InvalidArgument(f"{where}: edits must be a non-empty list of {EDITS}, got {list(edits)!r}")
    return _families(prose, min_families, max_families, min_copies, max_copies, min_unrelated, max_unrelated, chosen)


# -- inputs for the property checks -----------------------------------------------------------

_SOUP_PIECES = (
    " ", " ", "\n", "\n\n", "\t", "\r\n", "\r", "\x00", "\x0b", "\x0c", "\x1b[0m", "\u00a0",
    "\u200b", "\ufeff", "\u2028", "&amp;", "&nbsp;", "&#8217;", "<br/>", "<p>", "</p>",
    "<!--", "-->", "[ad_1]", "[", "]", "(", ")", "“", "”", "„", "«", "»", "’", "â€™", "Ã©",
    "...", "…", "—", "-", "*", "#", "|", ":", "http://example.com/a?utm_source=x", "```",
)


@st.composite
def _soup(draw: Any) -> str:
    """Words joined by rule examples, markup and odd characters, with no spaces around
    them as often as with: markup-heavy scraped text (``tax<br/>rise``)."""
    vocab = _vocab(draw(_pick(LANGUAGES)))
    word = vocab.stream(0)
    joiners = st.one_of(_pick(_SOUP_PIECES), _pick(_all_examples()))
    words = draw(st.lists(_ints(0, vocab.size - 1).map(word), min_size=1, max_size=30))
    out = [words[0]]
    for w in words[1:]:
        out += draw(st.lists(joiners, max_size=3))
        out.append(w)
    return "".join(out)


@functools.lru_cache(maxsize=1)
def _all_examples() -> tuple[str, ...]:
    from ..cleaning.rules import RuleSet

    return tuple(dict.fromkeys(e for r in RuleSet.load().rules for e in (*r.examples, *r.counter_examples)))


_SURROGATES: list[Literal["Cs"]] = ["Cs"]


@functools.lru_cache(maxsize=1)
def cleaner_inputs() -> SearchStrategy[str]:
    """The texts the property checks feed a cleaner by default: arbitrary Unicode text (no
    lone surrogates), markup-heavy soup (words joined by rule examples, HTML tags and
    entities, control characters), clean articles and scraped articles (in every
    language, with mojibake).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(cleaner_inputs())
    ... def test_inputs_are_text(text):
    ...     assert isinstance(text, str)
    >>> test_inputs_are_text()
    """
    _all_examples()  # build now what the draws need, not during the first draw
    return st.one_of(  # arbitrary text first: a failure shrinks towards it, and there to a few characters
        st.text(st.characters(exclude_categories=_SURROGATES)),
        _soup(),
        st.one_of([articles(language=lang, title=True) for lang in LANGUAGES]),
        st.one_of([scraped_articles(language=lang, mojibake=True) for lang in LANGUAGES]).map(lambda s: s.text),
    )

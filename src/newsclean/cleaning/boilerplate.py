"""Boilerplate: phrase rules from the packs, plus detectors that read the page's shape.

Phrases alone miss most site chrome, so ``structure`` rules (named in
``rules/boilerplate.toml``, with their thresholds) point at detectors here:

- ``block_after_header``: lines under a header rule with ``opens_block`` ("Read more:",
  "RELATED COVERAGE", "RECENT COMMENTS") until the article's prose resumes;
- ``trailing_headlines``: a run of headline-shaped lines closing the document;
- ``link_list``: runs of lines that are little but links (menus, share bars, blogrolls);
- ``short_line_run``: runs of very short lines with no sentence in them (menus,
  category counts, poll answers), with the line that introduces them;
- ``truncated_repeat``: a line cut off with "..." that repeats the start of another;
- ``repeated_line``: a long line repeated word for word (a caption shown twice);
- ``stray_fragment``: a line of one or two stray characters;
- ``corpus_repeated``: lines that recur across many unrelated documents of a batch
  (see :class:`RepeatedLines`).

Lines inside code fences are never touched.
"""

from __future__ import annotations

import hashlib
import statistics
import zlib
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar, cast

import regex

from .lines import Line, plain_view
from .pipeline import StepContext
from .rules import DETECTORS, Rule, RuleSet
from .rulestep import RuleStep

Claims = dict[int, Rule]
T = TypeVar("T")
_WORD = regex.compile(r"[\p{L}\p{N}]+(?:['’][\p{L}]+)?")
_SMALL_WORDS = frozenset(
    "a an and as at but by for from in into is of on or over the to under up via vs with".split()
)
_BULLET = regex.compile(r"^\s*(?:[-–—•*+·▪►]|\d{1,2}[.)])\s+")
_MARK = regex.compile(r"^\s*[-–—•*+·▪►]\s+")
_MD_LINK = regex.compile(r"!?\[([^\]]*)\]\([^)]*\)|\]\([^)]*\)|https?://\S+|www\.\S+")
_TRUNCATED = regex.compile(r"^(.{20,}?)\s*(?:\.{3}|…)\s*$")


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


TITLE_SHARE = 0.6
"""A line is title-like when this share of its content words is capitalised, as in a
headline ("Spain Arrests Terror Suspect"); a bulleted line needs :data:`BULLET_TITLE_SHARE`."""
BULLET_TITLE_SHARE = 0.5


def _per_line(feature: Callable[[Line], T]) -> Callable[[Line], T]:
    """Keep a feature of a line on the line: the detectors run in rounds over the same lines."""
    name = feature.__name__

    def cached(line: Line) -> T:
        memo = line.memo
        if memo is None:
            line.memo = memo = {}
        if name not in memo:
            memo[name] = feature(line)
        return cast(T, memo[name])  # the memo holds each feature's own type under its name

    return cached


@_per_line
def _title_share(line: Line) -> float:
    return _capitalised_share(line.stripped)


def _capitalised_share(text: str) -> float:
    """The share of content words that start with a capital (-1 without any)."""
    words = [w for w in _words(text) if w[0].isalpha() and w.casefold() not in _SMALL_WORDS]
    if not words:
        return -1.0
    return sum(1 for w in words if w[0].isupper()) / len(words)


def ends_sentence(text: str) -> bool:
    """True when the text ends in . ! ? or … (closing quotes and brackets aside, in the
    quoting styles of English, German „…“, French « … » and Danish » … «).

    >>> [ends_sentence(t) for t in ("He left.", "Er sagte: „Nein.“", "Il a dit : « Non. »", "Home")]
    [True, True, True, False]
    """
    return text.rstrip().rstrip(_CLOSERS).endswith(_SENTENCE_MARKS)


# closing quotes and brackets, and the spaces French sets inside guillemets
_CLOSERS = "\"'”’“‘»«›‹)] \u00a0\u202f"
_SENTENCE_MARKS = (".", "!", "?", "…")


def normalise_line(text: str) -> str:
    """The key under which lines count as the same: casefolded, spaces collapsed."""
    return " ".join(text.split()).casefold()


def _runs(lines: list[Line], claims: Claims, ok: Callable[[Line], bool], gap_blank: bool) -> list[list[Line]]:
    """Maximal runs of unprotected lines passing ``ok``. Lines already claimed by
    another rule belong to any run they stand in (they are chrome too), and, if
    ``gap_blank``, blank lines may sit between members."""
    runs: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if line.blank and gap_blank:
            continue
        if line.index in claims and not line.blank:
            current.append(line)
            continue
        if not line.protected and not line.blank and ok(line):
            current.append(line)
            continue
        if current:
            runs.append(current)
        current = []
    if current:
        runs.append(current)
    return runs


def standalone(lines: list[Line], line: Line, claims: Claims) -> bool:
    """True when the line is a paragraph of its own: blank lines, lines already
    claimed (they will go) or the text's ends around it."""
    i = line.index
    before = i == 0 or lines[i - 1].blank or i - 1 in claims
    after = i + 1 >= len(lines) or lines[i + 1].blank or i + 1 in claims
    return before and after


def hard_wrapped(lines: list[Line]) -> bool:
    """True for text broken into lines mid-sentence (converted PDFs, e-mail, OCR).

    There a line is not a paragraph, so a run of short or capitalised lines says
    nothing about chrome; the shape detectors stand down.
    """
    global _wrapped_last
    last = _wrapped_last  # one read: another thread may replace it meanwhile
    if last[0] is lines:
        return last[1]
    long_lines = [line for line in lines if not line.blank and not line.protected and line.words() >= 6]
    open_ended = sum(1 for line in long_lines if not ends_sentence(line.stripped))
    wrapped = len(long_lines) >= 8 and open_ended / len(long_lines) >= 0.5
    _wrapped_last = (lines, wrapped)
    return wrapped


_wrapped_last: tuple[object, bool] = (None, False)


def _previous(lines: list[Line], index: int, claims: Claims) -> Line | None:
    for line in reversed(lines[:index]):
        if not line.blank and line.index not in claims:
            return line
    return None


def block_after_header(lines: list[Line], claims: Claims, rule: Rule, ctx: StepContext) -> Claims:
    max_words = int(rule.params.get("max_words", 20))
    max_lines = int(rule.params.get("max_lines", 40))
    out: Claims = {}
    headers = [i for i, r in claims.items() if r.opens_block]
    nonblank = [line for line in lines if not line.blank]  # once: a header's block is a few lines after it
    for h in sorted(headers):
        taken: list[int] = []
        previous_claimed = False
        stopped_by_prose = False
        first = bisect_right(nonblank, h, key=lambda line: line.index)
        for k in range(first, len(nonblank)):
            line = nonblank[k]
            if line.protected or len(taken) >= max_lines:
                break
            if line.index in claims:
                previous_claimed = claims[line.index].takes_next
                continue
            text = line.stripped
            n = line.words()
            if _prose(line, max_words) and k + 1 < len(nonblank) and _prose(nonblank[k + 1], max_words):
                stopped_by_prose = True  # two sentences in a row: the article goes on
                break
            if n <= max_words or text.endswith(("...", "…")) or (previous_claimed and n <= 3 * max_words):
                taken.append(line.index)
                previous_claimed = False
                continue
            stopped_by_prose = True
            break
        # one short line and then prose: that is the article's own headline
        if not (stopped_by_prose and len(taken) == 1):
            out.update((i, rule) for i in taken)
    return out


_PROSE_END = regex.compile(r"(?<![.…])[.!][\"'”’»)\]]*$")


def _prose(line: Line, max_words: int) -> bool:
    """A sentence of the article rather than a list item: long, or ending in . or !"""
    return line.words() > max_words or _PROSE_END.search(line.stripped) is not None


def trailing_headlines(lines: list[Line], claims: Claims, rule: Rule, ctx: StepContext) -> Claims:
    min_lines = int(rule.params.get("min_lines", 2))
    max_words = int(rule.params.get("max_words", 16))
    min_words = int(rule.params.get("min_words", 3))
    body_words = int(rule.params.get("body_words", 25))
    if hard_wrapped(lines):
        return {}
    run: list[Line] = []
    for line in reversed(lines):
        if line.blank or line.index in claims:
            continue
        text = line.stripped
        n = line.words()
        bullet = _MARK.match(text) is not None
        headline = min_words <= n <= max_words and not text.startswith("#") and (
            (bullet and _title_share(line) >= BULLET_TITLE_SHARE)
            or (_title_share(line) >= TITLE_SHARE and not ends_sentence(text))
        )
        if line.protected or not headline:
            break
        run.append(line)
    if len(run) < min_lines:
        return {}
    body = sum(1 for line in lines if line.index not in claims and line.words() >= body_words)
    return {line.index: rule for line in run} if body else {}


@_per_line
def _link_words(line: Line) -> int:
    return _visible_words(line.text)


def _visible_words(text: str) -> int:
    """Words of the line outside link targets and bullets; -1 for a line without links."""
    if "](" not in text and "://" not in text and "www." not in text:  # what _MD_LINK needs
        return -1
    if _MD_LINK.search(text) is None:
        return -1
    text = _BULLET.sub("", text)
    return len(_words(_MD_LINK.sub(lambda m: m.group(1) or " ", text)))


def link_list(lines: list[Line], claims: Claims, rule: Rule, ctx: StepContext) -> Claims:
    min_lines = int(rule.params.get("min_lines", 2))
    max_words = int(rule.params.get("max_words", 6))

    def ok(line: Line) -> bool:
        return 0 <= _link_words(line) <= max_words

    return _claim_runs(_runs(lines, claims, ok, gap_blank=True), claims, rule, min_lines)


def _claim_runs(runs: list[list[Line]], claims: Claims, rule: Rule, min_lines: int) -> Claims:
    """Claim the unclaimed lines of every run with at least ``min_lines`` members
    of which at least one was not claimed before."""
    return {
        line.index: rule
        for run in runs
        if len(run) >= min_lines
        for line in run
        if line.index not in claims
    }


def headline_run(lines: list[Line], claims: Claims, rule: Rule, ctx: StepContext) -> Claims:
    min_lines = int(rule.params.get("min_lines", 3))
    min_words = int(rule.params.get("min_words", 3))
    max_words = int(rule.params.get("max_words", 16))

    def ok(line: Line) -> bool:
        text = line.stripped
        n = line.words()
        return (
            min_words <= n <= max_words and not text.startswith("#")
            and not ends_sentence(text) and _title_share(line) >= TITLE_SHARE
        )

    if hard_wrapped(lines):
        return {}
    runs = [[line for line in run if line.index not in claims] for run in _runs(lines, claims, ok, gap_blank=True)]
    return _claim_runs(runs, claims, rule, min_lines)


def short_line_run(lines: list[Line], claims: Claims, rule: Rule, ctx: StepContext) -> Claims:
    min_lines = int(rule.params.get("min_lines", 4))
    max_words = int(rule.params.get("max_words", 4))
    intro_words = int(rule.params.get("intro_words", 10))

    def ok(line: Line) -> bool:
        text = line.stripped
        return (
            line.words() <= max_words and not text.startswith("#")
            and not ends_sentence(text) and not text.endswith(",")
        )

    out: Claims = {}
    if hard_wrapped(lines):
        return out
    for run in _runs(lines, claims, ok, gap_blank=False):
        if len(run) < min_lines or all(line.index in claims for line in run):
            continue
        for line in run:
            if line.index not in claims:
                out[line.index] = rule
        intro = _previous(lines, run[0].index, claims)
        if intro is not None and not intro.protected and intro.index == run[0].index - 1 and intro.index not in claims:
            text = intro.stripped
            if text.endswith(("?", ":")) and len(_words(text)) <= intro_words:
                out[intro.index] = rule
    return out


def truncated_repeat(lines: list[Line], claims: Claims, rule: Rule, ctx: StepContext) -> Claims:
    out: Claims = {}
    texts: list[str] | None = None  # sorted: the lines that start with a head are a run of them
    for line in lines:
        if line.protected or line.blank or line.index in claims:
            continue
        if not line.stripped.endswith(("...", "…")):
            continue
        m = _TRUNCATED.match(line.stripped)
        if m is None:
            continue
        head = m.group(1)
        if texts is None:
            texts = sorted(line.stripped for line in lines if not line.blank)
        for k in range(bisect_left(texts, head), len(texts)):
            t = texts[k]
            if not t.startswith(head):
                break
            if t != line.stripped and len(t) > len(head) + 3:
                out[line.index] = rule
                break
    return out


def repeated_line(lines: list[Line], claims: Claims, rule: Rule, ctx: StepContext) -> Claims:
    min_chars = int(rule.params.get("min_chars", 60))
    eligible = [
        line for line in lines
        if not line.protected and not line.blank
        and (len(line.stripped) >= min_chars or line.stripped.startswith("#"))
        and standalone(lines, line, claims)
    ]
    # equal keys have as many words: only lines with a word count seen twice need a key
    sizes = Counter(_key_words(line) for line in eligible)
    seen: set[str] = set()
    out: Claims = {}
    for line in eligible:
        if sizes[_key_words(line)] < 2:
            continue
        key = _repeat_key(line)
        if key in seen and line.index not in claims:
            out[line.index] = rule
        seen.add(key)
    return out


def _key_words(line: Line) -> int:
    """How many words :func:`_repeat_key` has, cheaply for lines that are not headings."""
    return len(_repeat_key(line).split()) if line.stripped.startswith("#") else line.words()


@_per_line
def _repeat_key(line: Line) -> str:
    return normalise_line(plain_view(line.text) if line.stripped.startswith("#") else line.text)


def stray_fragment(lines: list[Line], claims: Claims, rule: Rule, ctx: StepContext) -> Claims:
    max_chars = int(rule.params.get("max_chars", 2))

    def stray(text: str) -> bool:
        if len(text) > max_chars or text.isdigit() or any(c in "{}()[]<>" for c in text):
            return False
        return len(text) == 1 or not text.isalnum()  # one character, or symbols only

    return {
        line.index: rule
        for line in lines
        if not line.protected and not line.blank and line.index not in claims and stray(line.stripped)
    }


def corpus_repeated(lines: list[Line], claims: Claims, rule: Rule, ctx: StepContext) -> Claims:
    corpus = ctx.corpus
    if corpus is None:
        return {}
    max_words = int(rule.params.get("max_inline_words", 6))
    return {
        line.index: rule
        for line in lines
        if not line.protected and not line.blank and line.index not in claims
        and (line.words() <= max_words or standalone(lines, line, claims))
        and corpus.is_repeated(line.text)
    }


Detector = Callable[[list[Line], Claims, Rule, StepContext], Claims]
DETECTOR_FUNCTIONS: Mapping[str, Detector] = {
    "block_after_header": block_after_header,
    "trailing_headlines": trailing_headlines,
    "headline_run": headline_run,
    "link_list": link_list,
    "short_line_run": short_line_run,
    "truncated_repeat": truncated_repeat,
    "repeated_line": repeated_line,
    "stray_fragment": stray_fragment,
    "corpus_repeated": corpus_repeated,
}
assert set(DETECTOR_FUNCTIONS) == set(DETECTORS)


class BoilerplateStep(RuleStep):
    """Remove boilerplate lines: the packs' phrase rules, then the shape detectors.

    >>> from newsclean import Cleaner
    >>> text = "The story, told in full sentences here.\\n\\nRead more:\\n\\nOne Headline\\n\\nAnother Headline\\n"
    >>> result = Cleaner().clean(text)
    >>> result.text
    'The story, told in full sentences here.\\n'
    >>> [c.rule for c in result.changes if not c.rule.startswith("whitespace")]
    ['related_block.read_more_header', 'block.after_header', 'block.after_header']
    """

    def __init__(self, rules: RuleSet) -> None:
        super().__init__("boilerplate", rules)
        self.structure = rules.for_step("boilerplate", "structure")

    def uses_lines(self) -> bool:
        return bool(self.line_rules.rules or self.structure)

    def claim_more(self, lines: list[Line], claims: Claims, ctx: StepContext) -> None:
        # the detectors read each other's claims (a line is a paragraph of its own once
        # its neighbours go), so run them until nothing more is claimed: cleaning the
        # output again must find nothing left to do
        for _ in range(4):
            before = len(claims)
            for rule in self.structure:
                claims.update(DETECTOR_FUNCTIONS[rule.detector](lines, claims, rule, ctx))
            if len(claims) == before:
                break


class RepeatedLines:
    """Lines that recur across many documents of a batch, but not because they are copies.

    Built once over a batch (a folder), then passed to the cleaner as ``corpus``. A line
    counts when it stands in at least ``min_docs`` documents, mostly in their first or
    last lines (a page's header and footer), *and* those documents are not copies of
    one another: their word 5-gram sets overlap (containment) less than
    ``max_overlap``, so a syndicated article's own sentences are never taken for site
    chrome, however differently the copies are wrapped. Batches of fewer than
    ``min_batch`` documents give no signal at all.

    >>> stories = [
    ...     "Heavy rain flooded the old harbour district overnight and closed two bridges.",
    ...     "The city council voted to build a new school next to the central park.",
    ...     "A fire at the textile plant was put out by volunteers before dawn on Sunday.",
    ...     "Farmers say the late frost cost them most of this year's apple harvest.",
    ...     "The national team lost its opening match after a penalty in extra time.",
    ...     "Scientists found a new species of frog in the mountain forests of the south.",
    ... ]
    >>> rl = RepeatedLines.build(f"{s}\\nShare this article on Facebook!\\n" for s in stories)
    >>> rl.is_repeated("Share this article on Facebook!"), rl.is_repeated(stories[0])
    (True, False)
    """

    def __init__(self, keys: Iterable[bytes] = ()) -> None:
        self.keys = frozenset(keys)

    @staticmethod
    def key(text: str) -> bytes:
        return hashlib.blake2b(normalise_line(text).encode("utf-8"), digest_size=8).digest()

    @staticmethod
    def fingerprint(text: str, n: int = 5, keep_one_in: int = 4) -> frozenset[int]:
        """A sample of the text's word n-grams (hashed), to tell copies apart from strangers."""
        words = _WORD.findall(text.casefold())
        # crc32, not hash(): results must not change with the process's hash seed
        grams = (zlib.crc32(" ".join(words[i : i + n]).encode("utf-8")) for i in range(max(1, len(words) - n + 1)))
        return frozenset(g for g in grams if g % keep_one_in == 0)

    @classmethod
    def build(
        cls,
        texts: Iterable[str],
        *,
        min_docs: int = 3,
        min_batch: int = 6,
        max_overlap: float = 0.3,
    ) -> RepeatedLines:
        prints: list[frozenset[int]] = []
        where: dict[bytes, list[int]] = defaultdict(list)
        at_edge: dict[bytes, int] = defaultdict(int)
        for text in texts:
            for k, edge in cls.edge_keys(text).items():
                where[k].append(len(prints))
                at_edge[k] += edge
            prints.append(cls.fingerprint(text))
        if len(prints) < min_batch:
            return cls()
        chosen = []
        for k, docs in where.items():
            if not cls.is_candidate(len(docs), at_edge[k], min_docs):
                continue
            if cls.sample_overlap([prints[d] for d in docs[: cls.SAMPLE]]) < max_overlap:
                chosen.append(k)
        return cls(chosen)

    # The pieces of :meth:`build`, public so that a build spread over many machines
    # (newsclean.distributed) gives exactly the same keys.

    SAMPLE = 6
    """How many of a line's documents (the first, in batch order) are compared."""

    @classmethod
    def edge_keys(cls, text: str) -> dict[bytes, bool]:
        """The keys of a text's non-blank lines, each with whether it stands (at least
        once) among the text's first or last lines."""
        lines = [line for line in text.splitlines() if line.strip()]
        head, tail = max(3, len(lines) * 15 // 100), len(lines) - max(3, len(lines) // 4)
        keys: dict[bytes, bool] = {}
        for i, line in enumerate(lines):
            k = cls.key(line)
            keys[k] = keys.get(k, False) or i < head or i >= tail
        return keys

    @staticmethod
    def is_candidate(documents: int, at_edge: int, min_docs: int = 3) -> bool:
        """A line in ``documents`` documents, ``at_edge`` of them in their header or
        footer, is worth checking: site chrome sits there, not mid-article."""
        return documents >= min_docs and 2 * at_edge >= documents

    @staticmethod
    def sample_overlap(prints: list[frozenset[int]]) -> float:
        """The median overlap (containment) between the fingerprints of a line's first
        documents: high when they are copies of one another."""

        def overlap(a: frozenset[int], b: frozenset[int]) -> float:
            small = min(len(a), len(b))
            return len(a & b) / small if small else 0.0

        return statistics.median([overlap(a, b) for i, a in enumerate(prints) for b in prints[i + 1 :]])

    def is_repeated(self, line: str) -> bool:
        return bool(self.keys) and self.key(line) in self.keys

    def __len__(self) -> int:
        return len(self.keys)

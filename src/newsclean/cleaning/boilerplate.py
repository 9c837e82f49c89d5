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
from collections import defaultdict
from typing import Callable, Iterable, Mapping

import regex

from .edits import Edit
from .lines import Line, plain_view, split_lines
from .pipeline import StepContext
from .rules import DETECTORS, Rule, RuleSet
from .rulestep import RuleStep

Claims = dict[int, Rule]
_WORD = regex.compile(r"[\p{L}\p{N}]+(?:['’][\p{L}]+)?")
_SMALL_WORDS = frozenset(
    "a an and as at but by for from in into is of on or over the to under up via vs with".split()
)
_BULLET = regex.compile(r"^\s*(?:[-–—•*+·▪►]|\d{1,2}[.)])\s+")
_MD_LINK = regex.compile(r"!?\[([^\]]*)\]\([^)]*\)|\]\([^)]*\)|https?://\S+|www\.\S+")
_TRUNCATED = regex.compile(r"^(.{20,}?)\s*(?:\.{3}|…)\s*$")
_SENTENCE_END = regex.compile(r"[.!?…][\"'”’»)\]]*$")


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def is_title_like(text: str, min_share: float = 0.6) -> bool:
    """Most content words capitalised, as in a headline ("Spain Arrests Terror Suspect")."""
    words = [w for w in _words(text) if w[0].isalpha() and w.casefold() not in _SMALL_WORDS]
    if not words:
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return caps / len(words) >= min_share


def ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text.rstrip()))


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
    for h in sorted(headers):
        taken = 0
        previous_claimed = False
        for line in lines[h + 1 :]:
            if line.blank:
                continue
            if line.protected or taken >= max_lines:
                break
            if line.index in claims:
                previous_claimed = claims[line.index].takes_next
                continue
            text = line.stripped
            n = line.words()
            if n <= max_words or text.endswith(("...", "…")) or previous_claimed and n <= 3 * max_words:
                out[line.index] = rule
                taken += 1
                previous_claimed = False
                continue
            break
    return out


def trailing_headlines(lines: list[Line], claims: Claims, rule: Rule, ctx: StepContext) -> Claims:
    min_lines = int(rule.params.get("min_lines", 2))
    max_words = int(rule.params.get("max_words", 16))
    min_words = int(rule.params.get("min_words", 3))
    body_words = int(rule.params.get("body_words", 25))
    run: list[Line] = []
    for line in reversed(lines):
        if line.blank or line.index in claims:
            continue
        text = line.stripped
        n = line.words()
        bullet = _BULLET.match(text) is not None
        headline = min_words <= n <= max_words and not text.startswith("#") and (
            bullet and (is_title_like(text, 0.5) or not ends_sentence(text))
            or is_title_like(text) and not ends_sentence(text)
        )
        if line.protected or not headline:
            break
        run.append(line)
    if len(run) < min_lines:
        return {}
    body = sum(1 for line in lines if line.index not in claims and line.words() >= body_words)
    return {line.index: rule for line in run} if body else {}


def _visible_words(text: str) -> int:
    text = _BULLET.sub("", text)
    return len(_words(_MD_LINK.sub(lambda m: m.group(1) or " ", text)))


def link_list(lines: list[Line], claims: Claims, rule: Rule, ctx: StepContext) -> Claims:
    min_lines = int(rule.params.get("min_lines", 2))
    max_words = int(rule.params.get("max_words", 6))

    def ok(line: Line) -> bool:
        return _MD_LINK.search(line.text) is not None and _visible_words(line.text) <= max_words

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
            and not ends_sentence(text) and is_title_like(text)
        )

    runs = [[line for line in run if line.index not in claims] for run in _runs(lines, claims, ok, gap_blank=True)]
    return _claim_runs(runs, claims, rule, min_lines)


def short_line_run(lines: list[Line], claims: Claims, rule: Rule, ctx: StepContext) -> Claims:
    min_lines = int(rule.params.get("min_lines", 4))
    max_words = int(rule.params.get("max_words", 4))
    intro_words = int(rule.params.get("intro_words", 10))

    def ok(line: Line) -> bool:
        text = line.stripped
        return line.words() <= max_words and not text.startswith("#") and not ends_sentence(text)

    out: Claims = {}
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
    texts = [line.stripped for line in lines if not line.blank]
    for line in lines:
        if line.protected or line.blank or line.index in claims:
            continue
        if not line.stripped.endswith(("...", "…")):
            continue
        m = _TRUNCATED.match(line.stripped)
        if m is None:
            continue
        head = m.group(1)
        if any(t != line.stripped and t.startswith(head) and len(t) > len(head) + 3 for t in texts):
            out[line.index] = rule
    return out


def repeated_line(lines: list[Line], claims: Claims, rule: Rule, ctx: StepContext) -> Claims:
    min_chars = int(rule.params.get("min_chars", 60))
    seen: set[str] = set()
    out: Claims = {}
    for line in lines:
        if line.protected or line.blank:
            continue
        heading = line.stripped.startswith("#")
        if len(line.stripped) < min_chars and not heading:
            continue
        key = normalise_line(plain_view(line.text) if heading else line.text)
        if key in seen and line.index not in claims:
            out[line.index] = rule
        seen.add(key)
    return out


def stray_fragment(lines: list[Line], claims: Claims, rule: Rule, ctx: StepContext) -> Claims:
    max_chars = int(rule.params.get("max_chars", 2))
    return {
        line.index: rule
        for line in lines
        if not line.protected and not line.blank and line.index not in claims
        and len(line.stripped) <= max_chars and not line.stripped.isdigit()
    }


def corpus_repeated(lines: list[Line], claims: Claims, rule: Rule, ctx: StepContext) -> Claims:
    corpus = ctx.corpus
    if corpus is None:
        return {}
    return {
        line.index: rule
        for line in lines
        if not line.protected and not line.blank and line.index not in claims and corpus.is_repeated(line.text)
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
    >>> text = "The story, told in full sentences here.\\n\\nRead more:\\n\\nAnother Headline Here\\n"
    >>> Cleaner(steps=[BoilerplateStep(RuleSet.load())]).clean(text).text
    'The story, told in full sentences here.\\n\\n'
    """

    def __init__(self, rules: RuleSet) -> None:
        super().__init__("boilerplate", rules)
        self.structure = rules.for_step("boilerplate", "structure")

    def edits(self, text: str, ctx: StepContext) -> list[Edit]:
        spans = self.span_edits(text)
        lines = split_lines(text)
        claims = self.match_lines(text, lines, spans)
        for rule in self.structure:
            claims.update(DETECTOR_FUNCTIONS[rule.detector](lines, claims, rule, ctx))
        # span edits on claimed lines are dropped: the whole line goes
        claimed_spans = [(lines[i].start, lines[i].next_start) for i in claims]
        spans = [e for e in spans if not any(s <= e.start and e.end <= t for s, t in claimed_spans)]
        return spans + [self.line_edit(lines[i], rule, len(text)) for i, rule in claims.items()]


class RepeatedLines:
    """Lines that recur across many documents of a batch, but not because they are copies.

    Built once over a batch (a folder), then passed to the cleaner as ``corpus``. A line
    counts when it stands in at least ``min_docs`` documents *and* those documents are
    not near-copies of each other (their line sets overlap less than ``max_overlap``),
    so a syndicated article's own sentences are never taken for site chrome. Batches
    of fewer than ``min_batch`` documents give no signal at all.

    >>> texts = [f"Story {i} is told here.\\nShare this article on Facebook!\\n" for i in range(6)]
    >>> rl = RepeatedLines.build(texts)
    >>> rl.is_repeated("Share this article on Facebook!"), rl.is_repeated("Story 1 is told here.")
    (True, False)
    """

    def __init__(self, keys: Iterable[bytes] = ()) -> None:
        self.keys = frozenset(keys)

    @staticmethod
    def key(text: str) -> bytes:
        return hashlib.blake2b(normalise_line(text).encode("utf-8"), digest_size=8).digest()

    @classmethod
    def build(
        cls,
        texts: Iterable[str],
        *,
        min_docs: int = 3,
        min_batch: int = 6,
        max_overlap: float = 0.5,
    ) -> "RepeatedLines":
        doc_keys: list[frozenset[bytes]] = []
        where: dict[bytes, list[int]] = defaultdict(list)
        for text in texts:
            keys = frozenset(cls.key(line) for line in text.splitlines() if line.strip())
            for k in keys:
                where[k].append(len(doc_keys))
            doc_keys.append(keys)
        if len(doc_keys) < min_batch:
            return cls()
        chosen = []
        for k, docs in where.items():
            if len(docs) < min_docs:
                continue
            sample = docs[:6]
            overlaps = [
                len(doc_keys[a] & doc_keys[b]) / len(doc_keys[a] | doc_keys[b])
                for i, a in enumerate(sample)
                for b in sample[i + 1 :]
            ]
            if statistics.median(overlaps) < max_overlap:
                chosen.append(k)
        return cls(chosen)

    def is_repeated(self, line: str) -> bool:
        return bool(self.keys) and self.key(line) in self.keys

    def __len__(self) -> int:
        return len(self.keys)

"""Near-duplicate groups for a batch of documents.

The flow: shingle and sign every document (:mod:`.shingles`, :mod:`.minhash`); put
exact duplicates together by a fingerprint of their token sequence; find candidate
pairs among the rest with LSH bands (:mod:`.lsh`); drop candidates whose MinHash
estimate is far below what could pass; verify the others on their real shingle sets
(Jaccard, and containment so that a teaser or a copy inside a longer page is caught);
join verified pairs with union-find; name each group's representative.

>>> texts = {
...     "wire.txt": "Officials said the bridge would reopen on Monday after repairs to the deck.",
...     "copy.txt": "Officials said the bridge would reopen on Monday after repairs to the deck!",
...     "other.txt": "The city council voted to extend library hours through the winter months.",
... }
>>> result = find_duplicates(texts.items(), clean=False)
>>> [(g.representative, g.ids) for g in result.groups]
[('wire.txt', ('wire.txt', 'copy.txt'))]
>>> result.groups[0].members[1].measure
'exact'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

import numpy as np
import numpy.typing as npt

from ..document import Cleaned, Document
from . import _fast
from .lsh import band_key, band_pairs, choose_bands, unique_pairs
from .minhash import MinHasher
from .shingles import Shingler

if TYPE_CHECKING:
    from _typeshed import SupportsRichComparison

    from ..cleaning.pipeline import Cleaner

U32 = npt.NDArray[np.uint32]
Representative = Literal["longest", "earliest"] | Callable[[str], Any]
DocumentLike = str | Document | Cleaned | tuple[str, str]


@dataclass(frozen=True)
class DedupConfig:
    """Every setting of near-duplicate detection, with the defaults measured in docs/dedup.md.

    Args:
        threshold: a pair whose shingle sets have at least this Jaccard similarity is a
            near-duplicate.
        containment: a pair is also a near-duplicate when at least this share of the
            smaller document's shingles is in the larger one (a teaser, a copy inside a
            longer page); ``None`` turns containment off.
        min_shingles: containment only counts when the smaller document has at least
            this many shingles (a three-word line is contained in everything).
        ngram: shingle length: word 2-grams by default.
        unit: ``"word"`` (default) or ``"char"`` shingles.
        sketch: what signatures are made of: content words (``"words"``, the default;
            tokens other than the ``stopword_count`` commonest words of the ``stopwords``
            languages, per wordfreq) or the ``"shingles"``. See
            :class:`~newsclean.dedup.Shingler`.
        stopwords: the languages whose commonest words are not content words.
        stopword_count: how many of each language's commonest words those are.
        num_perm: MinHash permutations, drawn as datasketch draws them.
        seed: the permutations' seed.
        candidates: the similarity of sketches at which LSH is tuned: pairs above it
            are nearly always verified. ``None``: 0.2 for content words (measured:
            docs/dedup.md), for shingles the lowest Jaccard that verification accepts.
        bands: LSH bands; by default chosen for the candidate similarity.
        rows: rows per band; by default chosen with ``bands``.
        verify: check every candidate on the shingle sets (default). False takes LSH
            candidates as the answer, as datasketch's pipeline does: faster, less exact.
    """

    threshold: float = 0.5
    containment: float | None = 0.3
    min_shingles: int = 20
    ngram: int = 2
    unit: Literal["word", "char"] = "word"
    sketch: Literal["words", "shingles"] = "words"
    stopwords: tuple[str, ...] = ("en",)
    stopword_count: int = 3000
    num_perm: int = 128
    seed: int = 1
    candidates: float | None = None
    bands: int | None = None
    rows: int | None = None
    verify: bool = True

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {self.threshold}")
        if self.containment is not None and not 0.0 < self.containment <= 1.0:
            raise ValueError(f"containment must be in (0, 1] or None, got {self.containment}")
        if self.min_shingles < 1:
            raise ValueError(f"min_shingles must be at least 1, got {self.min_shingles}")
        if (self.bands is None) != (self.rows is None):
            raise ValueError("give both bands and rows, or neither")
        if self.bands is not None and self.rows is not None and self.bands * self.rows > self.num_perm:
            raise ValueError(f"bands x rows ({self.bands} x {self.rows}) exceeds num_perm ({self.num_perm})")
        if self.candidates is not None and not 0.0 < self.candidates < 1.0:
            raise ValueError(f"candidates must be between 0 and 1, got {self.candidates}")
        if isinstance(self.stopwords, str):
            object.__setattr__(self, "stopwords", (self.stopwords,))
        object.__setattr__(self, "stopwords", tuple(self.stopwords))
        self.shingler()  # validates ngram, unit, sketch and stopwords

    @property
    def candidate_threshold(self) -> float:
        """The sketch similarity at which LSH is tuned.

        For a shingle sketch: the lowest Jaccard that verification could accept. With
        containment ``c``, two documents of equal size that pass have Jaccard
        ``c / (2 - c)``; LSH is tuned a little below that, at ``c / 2``, because
        candidates are cheap to reject and a missed pair is lost for good.
        """
        if self.candidates is not None:
            return self.candidates
        if self.sketch == "words":
            return 0.2
        if self.containment is None:
            return self.threshold
        return min(self.threshold, self.containment / 2)

    @property
    def banding(self) -> tuple[int, int]:
        if self.bands is not None and self.rows is not None:
            return self.bands, self.rows
        return choose_bands(round(self.candidate_threshold, 6), self.num_perm)

    def shingler(self) -> Shingler:
        return Shingler(n=self.ngram, unit=self.unit, sketch=self.sketch, stopwords=self.stopwords,
                        stopword_count=self.stopword_count)

    def minhasher(self) -> MinHasher:
        return MinHasher(num_perm=self.num_perm, seed=self.seed)

    def accepts(self, jaccard: float, containment: float, smaller: int) -> str | None:
        """The measure by which a verified pair is a near-duplicate, or None."""
        by_jaccard, by_containment = self.accepted(np.array([jaccard]), np.array([containment]), np.array([smaller]))
        return "jaccard" if by_jaccard[0] else "containment" if by_containment[0] else None

    def accepted(self, jaccard: npt.NDArray[np.float64], containment: npt.NDArray[np.float64],
                 smaller: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
        """For many pairs at once: which pass by Jaccard, and which (of the others) by
        containment. The one statement of the acceptance rule."""
        by_jaccard = jaccard >= self.threshold
        if self.containment is None:
            return by_jaccard, np.zeros_like(by_jaccard)
        return by_jaccard, ~by_jaccard & (smaller >= self.min_shingles) & (containment >= self.containment)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def overlap(a: U32, b: U32) -> tuple[float, float]:
    """``(jaccard, containment)`` of two sorted, unique hash arrays.

    Containment is the share of the smaller set found in the larger one.

    >>> overlap(np.array([1, 2, 3, 4], np.uint32), np.array([3, 4], np.uint32))
    (0.5, 1.0)
    """
    smaller = min(len(a), len(b))
    if not smaller:
        return 0.0, 0.0
    shared = shared_count(a, b)
    return shared / (len(a) + len(b) - shared), shared / smaller


def shared_count(a: U32, b: U32) -> int:
    """How many values two sorted, unique arrays share (numpy; the compiled twin is
    ``_fast.shared_counts``)."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if not len(small):
        return 0
    where = np.searchsorted(large, small)
    where[where == len(large)] = len(large) - 1
    return int(np.count_nonzero(large[where] == small))


class _Indexed(Protocol):
    """What :func:`shared_counts_of` needs of its sets: the ``i``-th by ``sets[i]``
    (a list, a :class:`_ShingleSets`, a dict from position to set)."""

    def __getitem__(self, i: int, /) -> U32: ...


def shared_counts_of(sets: _Indexed, pairs: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """:func:`shared_count` for each pair ``(i, j)`` of ``sets``."""
    return np.array([shared_count(sets[a], sets[b]) for a, b in pairs.tolist()], dtype=np.int64)


def packed_shared_counts(values: U32, offsets: npt.NDArray[np.int64], pairs: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """:func:`shared_count` for each pair ``(i, j)`` of sets packed end to end: set ``i`` is
    ``values[offsets[i]:offsets[i + 1]]`` (one compiled pass when numba is there)."""
    if not len(pairs):
        return np.empty(0, dtype=np.int64)
    offsets = np.asarray(offsets, dtype=np.int64)
    if _fast.ENABLED:
        return _fast.shared_counts(  # type: ignore[no-any-return]
            _fast.typed_list([values]), np.zeros(len(offsets) - 1, dtype=np.int64), offsets[:-1], np.diff(offsets), pairs)
    return np.array([shared_count(values[offsets[a]:offsets[a + 1]], values[offsets[b]:offsets[b + 1]])
                     for a, b in pairs.tolist()], dtype=np.int64)


class _ShingleSets:
    """Every document's sorted shingle hashes, packed one after another into arrays of a
    million values: no array object per document, and the compiled merge gets a handful of
    arrays instead of one per document."""

    CHUNK = 1 << 20

    def __init__(self) -> None:
        self.chunks: list[U32] = [np.empty(self.CHUNK, dtype=np.uint32)]  # pages are touched only when filled
        self.used = 0
        self.chunk_of: list[int] = []
        self.start_of: list[int] = []
        self.size_of: list[int] = []

    def __len__(self) -> int:
        return len(self.size_of)

    def __getitem__(self, i: int) -> U32:
        start = self.start_of[i]
        return self.chunks[self.chunk_of[i]][start : start + self.size_of[i]]

    def append(self, values: U32) -> None:
        n = len(values)
        if self.used + n > len(self.chunks[-1]):
            self.chunks.append(np.empty(max(self.CHUNK, n), dtype=np.uint32))
            self.used = 0
        self.chunks[-1][self.used : self.used + n] = values
        self.chunk_of.append(len(self.chunks) - 1)
        self.start_of.append(self.used)
        self.size_of.append(n)
        self.used += n

    def sizes(self) -> npt.NDArray[np.int64]:
        return np.array(self.size_of, dtype=np.int64)

    def shared_counts(self, pairs: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """How many shingles each pair of sets shares (one compiled pass when numba is there)."""
        if not len(pairs):
            return np.empty(0, dtype=np.int64)
        if _fast.ENABLED:
            return _fast.shared_counts(  # type: ignore[no-any-return]
                _fast.typed_list(self.chunks), np.array(self.chunk_of, dtype=np.int64),
                np.array(self.start_of, dtype=np.int64), self.sizes(), pairs)
        return shared_counts_of(self, pairs)


def equal_positions(signatures: npt.NDArray[np.unsignedinteger[Any]], pairs: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """In how many positions each pair's signatures agree (MinHash estimate x num_perm)."""
    if _fast.ENABLED:
        return _fast.equal_positions(signatures, pairs)  # type: ignore[no-any-return]
    out = np.empty(len(pairs), dtype=np.int64)
    for start in range(0, len(pairs), 16384):
        chunk = pairs[start : start + 16384]
        out[start : start + len(chunk)] = np.count_nonzero(signatures[chunk[:, 0]] == signatures[chunk[:, 1]], axis=1)
    return out


@dataclass(frozen=True)
class Member:
    """One document of a group and how it got there.

    ``jaccard`` and ``containment`` compare it with the representative. ``measure``,
    ``linked_to`` and ``score`` name the match that puts it in the group: with the
    representative when that pair passes on its own, otherwise the member's strongest
    verified match (it reaches the representative through other members).
    """

    id: str
    jaccard: float
    containment: float
    measure: str
    linked_to: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in asdict(self).items()}


@dataclass(frozen=True)
class DuplicateGroup:
    """Near-duplicates of one another; ``members[0]`` is the representative."""

    representative: str
    members: tuple[Member, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.members)

    def to_dict(self) -> dict[str, Any]:
        return {
            "representative": self.representative,
            "members": list(self.ids),
            "matches": [m.to_dict() for m in self.members[1:]],
        }


@dataclass
class Duplicates:
    """What :func:`find_duplicates` found: groups of two or more, and figures."""

    groups: list[DuplicateGroup]
    config: DedupConfig
    stats: dict[str, int] = field(default_factory=dict)

    def group_of(self, doc_id: str) -> DuplicateGroup | None:
        for group in self.groups:
            if doc_id in group.ids:
                return group
        return None

    def duplicates(self) -> set[str]:
        """Ids of every member that is not its group's representative."""
        return {m.id for g in self.groups for m in g.members[1:]}

    def to_dict(self) -> dict[str, Any]:
        return {"groups": [g.to_dict() for g in self.groups], "stats": self.stats, "settings": self.config.to_dict()}


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        return True


def _id_and_text(item: DocumentLike, position: int) -> tuple[str, str]:
    if isinstance(item, str):
        return str(position), item
    if isinstance(item, (Document, Cleaned)):
        return item.id, item.text
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], str):
        return str(item[0]), item[1]
    raise TypeError(f"document {position}: expected a str, Document, Cleaned or (id, text) pair, got {type(item).__name__}")


def find_duplicates(
    documents: Iterable[DocumentLike],
    *,
    threshold: float = 0.5,
    containment: float | None = 0.3,
    config: DedupConfig | None = None,
    clean: bool | Cleaner = True,
    representative: Representative = "longest",
) -> Duplicates:
    """Group near-duplicate documents.

    Args:
        documents: strings (ids are their positions), :class:`~newsclean.Document` or
            :class:`~newsclean.Cleaned` objects, or ``(id, text)`` pairs. Read once, as
            they come; the texts are not kept.
        threshold: see :class:`DedupConfig`; ``config`` overrides it.
        containment: see :class:`DedupConfig`; ``config`` overrides it.
        clean: shingle the cleaned text (default), so boilerplate does not hide a copy;
            a :class:`~newsclean.Cleaner` to use that one; False for the text as given.
        representative: which member names a group: ``"longest"`` text (default; the
            earliest of equals), ``"earliest"`` in input order, or a function of the id
            whose smallest value wins.

    Documents without a single token are never grouped.
    """
    finder = DuplicateFinder(config or DedupConfig(threshold=threshold, containment=containment),
                             clean=clean, representative=representative)
    for position, item in enumerate(documents):
        finder.add(*_id_and_text(item, position))
    return finder.finish()


class DuplicateFinder:
    """:func:`find_duplicates` one document at a time, for callers that stream.

    >>> finder = DuplicateFinder(clean=False)
    >>> finder.add("a", "Rain is expected across the north of the country on Tuesday.")
    >>> finder.add("b", "RAIN is expected across the north of the country on Tuesday")
    >>> [g.ids for g in finder.finish().groups]
    [('a', 'b')]
    """

    def __init__(
        self,
        config: DedupConfig | None = None,
        *,
        clean: bool | Cleaner = True,
        representative: Representative = "longest",
    ) -> None:
        self.config = config or DedupConfig()
        self._cleaner = _cleaner(clean)
        self._rank = representative
        _ranking(representative, [], [])  # fails now on a bad policy
        self._shingler, self._hasher = self.config.shingler(), self.config.minhasher()
        self._ids: list[str] = []
        self._known: set[str] = set()
        self._lengths: list[int] = []
        self._sets = _ShingleSets()
        self._matrix = np.empty((0, self.config.num_perm), dtype=np.uint32)  # signatures, grown by doubling
        self._signed = 0
        self._fingerprints: dict[bytes, int] = {}
        self._exact_of: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, doc_id: str, text: str) -> None:
        """Shingle and sign one document; only its sets and signature are kept."""
        if doc_id in self._known:
            raise ValueError(f"document id {doc_id!r} is given more than once")
        if self._cleaner is not None:
            text = self._cleaner.clean(Document(doc_id, text)).text
        features = self._shingler.features(text)
        index = len(self._ids)
        self._ids.append(doc_id)
        self._known.add(doc_id)
        self._lengths.append(features.length)
        self._sets.append(features.shingles)
        if not len(features.shingles):
            return
        first = self._fingerprints.setdefault(features.fingerprint, index)
        if first != index:
            self._exact_of[index] = first
        else:
            if self._signed == len(self._matrix):
                grown = np.empty((max(1024, 2 * len(self._matrix)), self.config.num_perm), dtype=np.uint32)
                grown[: self._signed] = self._matrix[: self._signed]
                self._matrix = grown
            self._matrix[self._signed] = self._hasher.signature(features.sketch)
            self._signed += 1

    def finish(self) -> Duplicates:
        """Verify the candidates and return the groups (the finder can go on adding)."""
        config, sets, exact_of = self.config, self._sets, self._exact_of
        all_sizes = sets.sizes()
        canonical = np.array([i for i in np.flatnonzero(all_sizes).tolist() if i not in exact_of], dtype=np.int64)
        # candidates: band collisions, counted once per band; verified: distinct pairs that
        # passed the MinHash estimate and were compared on their shingle sets
        stats = {"documents": len(self._ids), "exact_duplicates": len(exact_of), "candidates": 0, "verified": 0,
                 "matches": 0}  # fmt: skip
        matches: list[Match] = []
        if len(canonical) > 1:
            matrix = self._matrix[: self._signed]
            compact = low_bytes(matrix)  # for the plausibility estimate
            bands, rows = config.banding
            sizes_c = all_sizes[canonical]
            kept = []
            for band in range(bands):  # band by band: few pairs are alive at once
                found = band_pairs(band_key(matrix, band, rows))
                stats["candidates"] += len(found)
                kept.append(_plausible(found, compact, sizes_c, config) if config.verify else found)
            pairs = canonical[unique_pairs(kept)]
            stats["verified"] = len(pairs) if config.verify else 0
            matches = verify_pairs(pairs, sets.shared_counts, all_sizes, config)
        stats["matches"] = len(matches)
        n = len(self._ids)
        return assemble(self._ids, self._lengths, all_sizes, exact_of, best_links(exact_of, matches),
                        union_components(n, exact_of, matches), sets.shared_counts, config, self._rank, stats)


Match = tuple[int, int, str, float]  # (a, b, measure, score) with a < b, document positions


def verify_pairs(pairs: npt.NDArray[np.int64], shared_counts: Callable[[npt.NDArray[np.int64]], npt.NDArray[np.int64]],
                 sizes: npt.NDArray[np.int64], config: DedupConfig) -> list[Match]:
    """The candidate pairs that are near-duplicates, with the measure and its value.

    With ``config.verify`` off every candidate is a match, measured ``"candidate"`` (the
    LSH collision is taken as the answer, as datasketch's pipeline does; score 0: not
    measured).
    """
    if not config.verify:
        return [(a, b, "candidate", 0.0) for a, b in pairs.tolist()]
    shared = shared_counts(pairs)
    size_a, size_b = sizes[pairs[:, 0]], sizes[pairs[:, 1]]
    jaccard = shared / np.maximum(size_a + size_b - shared, 1)
    smaller = np.minimum(size_a, size_b)
    contained = shared / np.maximum(smaller, 1)
    by_jaccard, by_containment = config.accepted(jaccard, contained, smaller)
    out: list[Match] = []
    for row in np.flatnonzero(by_jaccard | by_containment).tolist():
        if by_jaccard[row]:
            out.append((int(pairs[row, 0]), int(pairs[row, 1]), "jaccard", float(jaccard[row])))
        else:
            out.append((int(pairs[row, 0]), int(pairs[row, 1]), "containment", float(contained[row])))
    return out


Link = tuple[int, str, float]  # (other document, measure, score): why a member is in its group


def strongest(node: npt.NDArray[np.int64], other: npt.NDArray[np.int64],
              score: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    """The row of each node's strongest match among directed matches ``node -> other``:
    the highest score, ties to the earliest pair ``(min, max)``. One row per distinct
    node, in node order. The one statement of the rule, used in-process and per
    partition on Dask (where every row of a node sits in one partition)."""
    low, high = np.minimum(node, other), np.maximum(node, other)
    order = np.lexsort((high, low, -score, node))
    ordered = node[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = ordered[1:] != ordered[:-1]
    return order[first]


def exact_links(exact_of: dict[int, int]) -> dict[int, Link]:
    """Every exact copy linked to the first of its text, and that first to its earliest copy."""
    links: dict[int, Link] = {}
    for index in sorted(exact_of):
        first = exact_of[index]
        links[index] = (first, "exact", 1.0)
        links.setdefault(first, (index, "exact", 1.0))
    return links


def best_links(exact_of: dict[int, int], matches: list[Match]) -> dict[int, Link]:
    """Each document's strongest link: exact if it has one, else its :func:`strongest` match."""
    links = exact_links(exact_of)
    if matches:
        a = np.array([m[0] for m in matches], dtype=np.int64)
        b = np.array([m[1] for m in matches], dtype=np.int64)
        score = np.array([m[3] for m in matches], dtype=np.float64)
        node, other = np.concatenate([a, b]), np.concatenate([b, a])
        for row in strongest(node, other, np.concatenate([score, score])).tolist():
            measure = matches[row % len(matches)][2]
            links.setdefault(int(node[row]), (int(other[row]), measure, float(score[row % len(matches)])))
    return links


def union_components(n: int, exact_of: dict[int, int], matches: list[Match]) -> npt.NDArray[np.int64]:
    """The component label (its smallest document) of each document, by union-find."""
    union = _UnionFind(n)
    for index, first in exact_of.items():
        union.union(index, first)
    for a, b, _, _ in matches:
        union.union(a, b)
    return np.array([union.find(i) for i in range(n)], dtype=np.int64)


def assemble(
    ids: list[str],
    lengths: list[int],
    sizes: npt.NDArray[np.int64],
    exact_of: dict[int, int],
    links: dict[int, Link],
    components: npt.NDArray[np.int64],
    shared_counts: Callable[[npt.NDArray[np.int64]], npt.NDArray[np.int64]],
    config: DedupConfig,
    representative: Representative,
    stats: dict[str, int],
) -> Duplicates:
    """Groups from the component label of each document, with representatives and each
    member's figures against its representative; a member that does not pass against the
    representative itself names its strongest link (``links``, see :func:`best_links`).
    Shared by the in-process finder and the Dask one, so that both give the same groups."""
    by_label: dict[int, list[int]] = {}
    for index, label in enumerate(components.tolist()):
        by_label.setdefault(label, []).append(index)
    rank = _ranking(representative, ids, lengths)
    grouped = [sorted(members, key=rank) for members in by_label.values() if len(members) > 1]
    # every member against its representative, in one pass
    versus = np.array([(m, members[0]) for members in grouped for m in members[1:]], dtype=np.int64).reshape(-1, 2)
    shared = shared_counts(versus)
    smaller = np.minimum(sizes[versus[:, 0]], sizes[versus[:, 1]])
    jaccards = shared / np.maximum(sizes[versus[:, 0]] + sizes[versus[:, 1]] - shared, 1)
    containments = shared / np.maximum(smaller, 1)
    by_jaccard, by_containment = config.accepted(jaccards, containments, smaller)
    row = 0
    heads: list[tuple[int, DuplicateGroup]] = []
    for members in grouped:
        head = members[0]
        out = [Member(ids[head], 1.0, 1.0, "representative", ids[head], 1.0)]
        for m in members[1:]:
            jaccard, contained = float(jaccards[row]), float(containments[row])
            if exact_of.get(m, m) == exact_of.get(head, head):
                other, measure, score = head, "exact", 1.0
            elif config.verify and by_jaccard[row]:
                other, measure, score = head, "jaccard", jaccard
            elif config.verify and by_containment[row]:
                other, measure, score = head, "containment", contained
            else:  # reached through other members: its own strongest match
                other, measure, score = links[m]
            out.append(Member(ids[m], jaccard, contained, measure, ids[other], float(score)))
            row += 1
        heads.append((min(members), DuplicateGroup(ids[head], tuple(out))))
    groups = [group for _, group in sorted(heads, key=lambda pair: pair[0])]
    stats["groups"] = len(groups)
    return Duplicates(groups, config, stats)


def _plausible(pairs: npt.NDArray[np.int64], signatures: npt.NDArray[np.unsignedinteger[Any]], sizes: npt.NDArray[np.int64],
               config: DedupConfig) -> npt.NDArray[np.int64]:
    """Drop candidate pairs whose MinHash estimate is far below anything that could pass.

    A content-word sketch must reach the candidate similarity; a shingle sketch the
    Jaccard that verification needs: the threshold, or less when containment could
    accept the pair, ``c * m / (|A| + |B| - c * m)`` with ``m`` the smaller size. A pair
    is kept unless its estimate lies more than three standard errors below that.

    The estimate compares the lowest byte of each signature value (b-bit MinHash, Li and
    König 2010): a quarter of the memory to read, and a chance agreement of 1/256 per
    position, which the estimate corrects for. Pass ``low_bytes(signatures)`` to
    convert once for many calls.
    """
    if not len(pairs):
        return pairs
    if signatures.dtype != np.uint8:
        signatures = low_bytes(signatures)
    k = signatures.shape[1]
    estimate = (equal_positions(signatures, pairs) / k - 1 / 256) * (256 / 255)
    if config.sketch == "words":
        need = np.full(len(pairs), config.candidate_threshold, dtype=np.float64)
    else:
        a, b = sizes[pairs[:, 0]], sizes[pairs[:, 1]]
        need = np.full(len(pairs), config.threshold, dtype=np.float64)
        if config.containment is not None:
            c, smaller = config.containment, np.minimum(a, b)
            by_containment = c * smaller / (a + b - c * smaller)
            need = np.where(smaller >= config.min_shingles, np.minimum(need, by_containment), need)
    margin = 3.0 * np.sqrt(need * (1.0 - need) / k) + 1.0 / k
    kept: npt.NDArray[np.int64] = pairs[estimate >= need - margin]
    return kept


def low_bytes(signatures: U32) -> npt.NDArray[np.uint8]:
    """The lowest byte of every signature value."""
    return (np.asarray(signatures) & 0xFF).astype(np.uint8)


def _ranking(policy: Representative, ids: list[str], lengths: list[int]) -> Callable[[int], SupportsRichComparison]:
    if policy == "longest":
        return lambda i: (-lengths[i], i)
    if policy == "earliest":
        return lambda i: i
    if callable(policy):
        return lambda i: (policy(ids[i]), i)
    raise ValueError(f"representative must be 'longest', 'earliest' or a function, got {policy!r}")


def _cleaner(clean: bool | Cleaner) -> Cleaner | None:
    if clean is False:
        return None
    if clean is True:
        from ..cleaning.pipeline import Cleaner

        return Cleaner()
    return clean


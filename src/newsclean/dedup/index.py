"""A near-duplicate index that grows: which documents already in it is a new one a copy of?

:func:`~newsclean.dedup.find_duplicates` groups a batch; :class:`DedupIndex` keeps the
shingle sets, signatures and band tables of the documents seen so far, so that each
day's new documents can be checked against all earlier ones, and it is saved to and
loaded from one file (a zip of ``.npy`` arrays and JSON, never a pickle).

>>> index = DedupIndex(clean=False)
>>> index.add("wire", "Officials said the bridge would reopen on Monday after repairs to the deck.")
[]
>>> index.add("copy", "OFFICIALS said the bridge would reopen on Monday, after repairs to the deck!")
[Match(id='wire', jaccard=1.0, containment=1.0, measure='exact', score=1.0)]
>>> [(m.id, m.measure) for m in index.query("Officials said the bridge would reopen on Monday after repairs.")]
[('copy', 'jaccard'), ('wire', 'jaccard')]
>>> index.remove("copy")
>>> len(index), "copy" in index, index.ids()
(1, False, ['wire'])
"""

from __future__ import annotations

import json
import struct
import zipfile
import zlib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt
from numpy.lib import format as npy

from ..document import Document
from ..errors import DedupIndexError
from ..io import atomic_output
from .groups import DedupConfig, _cleaner, _plausible, overlap
from .lsh import band_keys

if TYPE_CHECKING:
    from ..cleaning.pipeline import Cleaner

U32 = npt.NDArray[np.uint32]
FORMAT = "newsclean-dedup-index"
VERSION = 1
# member name: (dtype, shape); "n" is the number of documents, "k" num_perm, None any length
_ARRAYS: dict[str, tuple[np.dtype[Any], tuple[Any, ...]]] = {
    "signatures.npy": (np.dtype(np.uint32), ("n", "k")),
    "shingles.npy": (np.dtype(np.uint32), (None,)),
    "offsets.npy": (np.dtype(np.int64), ("n+1",)),
    "lengths.npy": (np.dtype(np.int64), ("n",)),
    "fingerprints.npy": (np.dtype(np.uint8), ("n", 16)),
}
_DAMAGE = (zipfile.BadZipFile, zlib.error, struct.error, EOFError, OSError, ValueError, TypeError,
           KeyError, MemoryError, NotImplementedError, RuntimeError)  # fmt: skip


@dataclass(frozen=True)
class Match:
    """A document of the index that a queried text is a near-duplicate of.

    ``jaccard`` and ``containment`` (share of the smaller shingle set in the larger) are
    measured on the real shingle sets; ``measure`` names what accepted the pair and
    ``score`` is that measure's value (1.0 for an exact duplicate).
    """

    id: str
    jaccard: float
    containment: float
    measure: Literal["exact", "jaccard", "containment"]
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in asdict(self).items()}


@dataclass(frozen=True)
class _Doc:
    id: str
    shingles: U32
    signature: U32
    fingerprint: bytes
    length: int


class DedupIndex:
    """Documents added one at a time, each checked against those already in.

    Args:
        config: every setting of detection (:class:`DedupConfig`); saved with the index.
        clean: as for :func:`~newsclean.dedup.find_duplicates`: shingle the cleaned text
            (default), a :class:`~newsclean.Cleaner` to use that one, or False. Not
            saved: give it again to :meth:`load`.

    A pair is found exactly as :func:`find_duplicates` finds it: equal fingerprints, or a
    shared LSH band key, then the MinHash plausibility filter, then verification on the
    shingle sets with :func:`overlap` and :meth:`DedupConfig.accepts`.
    """

    def __init__(self, config: DedupConfig | None = None, *, clean: bool | Cleaner = True) -> None:
        self.config = config or DedupConfig()
        self._cleaner = _cleaner(clean)
        self._shingler, self._hasher = self.config.shingler(), self.config.minhasher()
        self._bands, self._rows = self.config.banding
        self._docs: list[_Doc | None] = []  # by slot; None once removed
        self._slots: dict[str, int] = {}
        self._tables: list[dict[int, list[int]]] = [{} for _ in range(self._bands)]
        self._exact: dict[bytes, list[int]] = {}

    def __len__(self) -> int:
        return len(self._slots)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._slots

    def __repr__(self) -> str:
        return f"DedupIndex({len(self)} documents, {self.config!r})"

    def ids(self) -> list[str]:
        """The ids of the documents in the index, in the order they were added."""
        return list(self._slots)

    def add(self, doc_id: str, text: str) -> list[Match]:
        """Add a document; return what it is a near-duplicate of among those already in.

        Raises ValueError if ``doc_id`` is in the index already. A document without a
        single token is kept (it counts, saves and can be removed) but never matches.
        """
        if not isinstance(doc_id, str):
            raise TypeError(f"document id must be a str, got {type(doc_id).__name__}")
        if doc_id in self._slots:
            raise ValueError(f"document id {doc_id!r} is already in the index")
        doc = self._document(doc_id, text)
        keys = self._keys(doc.signature)
        matches = self._matches(doc, keys)
        self._insert(doc, keys)
        return matches

    def query(self, text: str, *, limit: int | None = None) -> list[Match]:
        """The documents ``text`` is a near-duplicate of: exact duplicates first, then by
        score (best first), then by id; at most ``limit`` of them."""
        doc = self._document("", text)
        matches = self._matches(doc, self._keys(doc.signature))
        return matches if limit is None else matches[:limit]

    def remove(self, doc_id: str) -> None:
        """Take a document out of the index (KeyError if it is not in)."""
        slot = self._slots.pop(doc_id, None)
        if slot is None:
            raise KeyError(f"document id {doc_id!r} is not in the index")
        doc = self._docs[slot]
        assert doc is not None
        self._docs[slot] = None
        if not len(doc.shingles):
            return
        for table, key in zip(self._tables, self._keys(doc.signature)):
            bucket = table[key]
            bucket.remove(slot)
            if not bucket:
                del table[key]
        same = self._exact[doc.fingerprint]
        same.remove(slot)
        if not same:
            del self._exact[doc.fingerprint]

    # -- internals ------------------------------------------------------------------------

    def _document(self, doc_id: str, text: str) -> _Doc:
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, got {type(text).__name__}")
        if self._cleaner is not None:
            text = self._cleaner.clean(Document(doc_id, text)).text
        features = self._shingler.features(text)
        signature = self._hasher.signature(features.sketch)
        return _Doc(doc_id, features.shingles, signature, features.fingerprint, features.length)

    def _keys(self, signature: U32) -> list[int]:
        return band_keys(signature.reshape(1, -1), self._bands, self._rows)[0].tolist()  # type: ignore[no-any-return]

    def _insert(self, doc: _Doc, keys: list[int]) -> None:
        slot = len(self._docs)
        self._docs.append(doc)
        self._slots[doc.id] = slot
        if not len(doc.shingles):
            return
        for table, key in zip(self._tables, keys):
            table.setdefault(key, []).append(slot)
        self._exact.setdefault(doc.fingerprint, []).append(slot)

    def _live(self, slot: int) -> _Doc:
        doc = self._docs[slot]
        assert doc is not None
        return doc

    def _matches(self, doc: _Doc, keys: list[int]) -> list[Match]:
        if not len(doc.shingles):
            return []
        exact = self._exact.get(doc.fingerprint, [])
        found = [Match(self._live(s).id, 1.0, 1.0, "exact", 1.0) for s in exact]
        near = {s for table, key in zip(self._tables, keys) for s in table.get(key, ())}
        candidates = [self._live(s) for s in sorted(near.difference(exact))]
        if candidates:
            # the pair filter of find_duplicates: row 0 is the query, rows 1.. the candidates
            matrix = np.stack([doc.signature] + [c.signature for c in candidates])
            sizes = np.array([len(doc.shingles)] + [len(c.shingles) for c in candidates])
            pairs = np.stack([np.zeros(len(candidates), np.int64), np.arange(1, len(candidates) + 1)], axis=1)
            for row in _plausible(pairs, matrix, sizes, self.config)[:, 1].tolist():
                other = candidates[row - 1]
                jaccard, contained = overlap(doc.shingles, other.shingles)
                measure = self.config.accepts(jaccard, contained, min(len(doc.shingles), len(other.shingles)))
                if measure is not None:
                    score = jaccard if measure == "jaccard" else contained
                    found.append(Match(other.id, jaccard, contained, measure, score))  # type: ignore[arg-type]
        found.sort(key=lambda m: (m.measure != "exact", -m.score, m.id))
        return found

    # -- saving and loading -----------------------------------------------------------------

    def save(self, path: str | Path) -> None:
        """Write the index to ``path`` atomically: the file is the complete new index or,
        if anything fails, the file that was there before. Removed documents are dropped."""
        from .. import __version__

        docs = [d for d in self._docs if d is not None]
        sizes = [len(d.shingles) for d in docs]
        arrays: dict[str, npt.NDArray[Any]] = {
            "signatures.npy": np.stack([d.signature for d in docs]) if docs else np.empty((0, self.config.num_perm), np.uint32),
            "shingles.npy": np.concatenate([d.shingles for d in docs] + [np.empty(0, np.uint32)]),
            "offsets.npy": np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)]).astype(np.int64),
            "lengths.npy": np.array([d.length for d in docs], dtype=np.int64),
            "fingerprints.npy": np.frombuffer(b"".join(d.fingerprint for d in docs), np.uint8).reshape(len(docs), 16),
        }
        meta = {"format": FORMAT, "version": VERSION, "newsclean": __version__, "documents": len(docs),
                "config": self.config.to_dict()}  # fmt: skip
        with atomic_output(path) as fh, zipfile.ZipFile(fh, "w") as archive:  # the old file or the new one, never half of one
            archive.writestr("meta.json", json.dumps(meta, indent=1), zipfile.ZIP_DEFLATED)
            archive.writestr("ids.json", json.dumps([d.id for d in docs], ensure_ascii=False), zipfile.ZIP_DEFLATED)
            for name, array in arrays.items():  # hashes do not compress: stored as they are
                with archive.open(name, "w", force_zip64=array.nbytes > 1 << 30) as member:
                    npy.write_array(member, np.ascontiguousarray(array), allow_pickle=False)

    @classmethod
    def load(cls, path: str | Path, *, clean: bool | Cleaner = True) -> DedupIndex:
        """Read an index written by :meth:`save`; ``clean`` as for the constructor.

        A damaged file, or one of another format version, raises :class:`DedupIndexError`
        naming the file and what is wrong with it.
        """
        try:
            with zipfile.ZipFile(path) as archive:
                config, ids, arrays = _read(archive)
            index = cls(config, clean=clean)
        except _Damaged as exc:
            raise DedupIndexError(str(path), str(exc)) from None
        except _DAMAGE as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc) or type(exc).__name__
            raise DedupIndexError(str(path), f"cannot read the index: {reason}") from exc
        keys = band_keys(arrays["signatures.npy"], index._bands, index._rows).tolist() if ids else []
        offsets, shingles = arrays["offsets.npy"], arrays["shingles.npy"]
        for i, doc_id in enumerate(ids):
            doc = _Doc(doc_id, shingles[offsets[i] : offsets[i + 1]], arrays["signatures.npy"][i],
                       arrays["fingerprints.npy"][i].tobytes(), int(arrays["lengths.npy"][i]))  # fmt: skip
            index._insert(doc, keys[i])
        return index


class _Damaged(Exception):
    """What is wrong with an index file; :meth:`DedupIndex.load` adds the path."""


def _read(archive: zipfile.ZipFile) -> tuple[DedupConfig, list[str], dict[str, npt.NDArray[Any]]]:
    """Read and check every member of a saved index."""

    def member(name: str) -> IO[bytes]:
        if name not in archive.NameToInfo:
            raise _Damaged(f"member {name} is missing")
        return archive.open(name)

    def read_json(name: str) -> Any:
        with member(name) as fh:
            data = fh.read()
        try:
            return json.loads(data.decode("utf-8"))
        except ValueError as exc:
            raise _Damaged(f"{name} is not JSON: {exc}") from None

    meta = read_json("meta.json")
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        found = meta.get("format") if isinstance(meta, dict) else None
        raise _Damaged(f"not a newsclean dedup index (format {found!r}, expected {FORMAT!r})")
    version = meta.get("version")
    if type(version) is not int or version != VERSION:
        raise _Damaged(f"format version {version}, this newsclean reads version {VERSION}")
    try:
        config = DedupConfig(**meta["config"])
    except (KeyError, TypeError, ValueError) as exc:
        raise _Damaged(f"meta.json: bad config: {exc}") from None
    n = meta.get("documents")
    if type(n) is not int or n < 0:
        raise _Damaged(f"meta.json: documents must be a count, got {n!r}")
    ids = read_json("ids.json")
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise _Damaged("ids.json is not a list of strings")
    if len(ids) != n or len(set(ids)) != n:
        raise _Damaged(f"ids.json holds {len(ids)} ids ({len(set(ids))} distinct), meta.json says {n} documents")

    sizes = {"n": n, "k": config.num_perm, "n+1": n + 1}
    arrays: dict[str, npt.NDArray[Any]] = {}
    for name, (dtype, spec) in _ARRAYS.items():
        with member(name) as fh:
            try:
                array = npy.read_array(fh, allow_pickle=False)  # an object array raises here, unread
            except ValueError as exc:
                raise _Damaged(f"{name}: {exc}") from None
            if fh.read(1):
                raise _Damaged(f"{name}: data after the array")
        if array.dtype.kind != dtype.kind or array.dtype.itemsize != dtype.itemsize:
            raise _Damaged(f"{name}: dtype {array.dtype}, expected {dtype}")
        shape = tuple(sizes.get(s, s) if isinstance(s, str) else s for s in spec)
        if array.ndim != len(shape) or any(want is not None and got != want for got, want in zip(array.shape, shape)):
            raise _Damaged(f"{name}: shape {array.shape}, expected {tuple('any' if s is None else s for s in shape)}")
        arrays[name] = array.astype(dtype, copy=False)

    offsets, shingles = arrays["offsets.npy"], arrays["shingles.npy"]
    if offsets[0] != 0 or offsets[-1] != len(shingles) or (np.diff(offsets) < 0).any():
        raise _Damaged(f"offsets.npy does not cut shingles.npy ({len(shingles)} values) into {n} sets")
    rising = np.diff(shingles.astype(np.int64)) > 0
    starts = offsets[1:-1]
    rising[starts[(starts > 0) & (starts < len(shingles))] - 1] = True  # a new set may start lower
    if not rising.all():
        raise _Damaged("shingles.npy: a shingle set is not sorted and unique")
    if (arrays["lengths.npy"] < 0).any():
        raise _Damaged("lengths.npy: a negative length")
    return config, ids, arrays

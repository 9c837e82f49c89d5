"""MinHash signatures for whole documents at once, bit-identical to datasketch's.

datasketch (2.0, scheme ``"affine32"``) pre-mixes each 32-bit shingle hash with the
MurmurHash3 finaliser and applies ``num_perm`` permutations ``a * h + b mod 2**32`` (odd
``a``), drawn from ``numpy.random.RandomState(seed)``; a signature is the minimum per
permutation. :class:`MinHasher` draws the same ``a`` and ``b`` and does the same
arithmetic, for all of a document's shingles in one array operation:

>>> from newsclean.dedup import MinHasher, Shingler
>>> hasher = MinHasher(num_perm=16, seed=1)
>>> shingler = Shingler()
>>> text = "The same story, told twice."
>>> ours = hasher.signature(shingler.features(text).sketch)
>>> import datasketch
>>> theirs = datasketch.MinHash(num_perm=16, seed=1, hashfunc=shingler.hashfunc)
>>> theirs.update_batch(shingler.sketch_items(text))
>>> bool((ours == theirs.hashvalues).all())
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from . import _fast

if TYPE_CHECKING:  # datasketch is a dependency, but only conversions need it
    import datasketch

U32 = npt.NDArray[np.uint32]

EMPTY = np.uint32(0xFFFFFFFF)  # datasketch's value for a permutation that saw nothing
_BLOCK = 2048  # shingles per block: bounds the scratch arrays to 2048 x num_perm x 4 bytes


def fmix32(h: U32) -> U32:
    """The MurmurHash3 32-bit finaliser, as datasketch applies it to every input hash."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    out: U32 = h ^ (h >> np.uint32(16))
    return out


class MinHasher:
    """Signatures of ``num_perm`` permutations drawn from ``seed``, as datasketch draws them.

    >>> MinHasher(num_perm=4).signature(np.array([1, 2, 3], dtype=np.uint32)).dtype
    dtype('uint32')
    """

    def __init__(self, num_perm: int = 128, seed: int = 1) -> None:
        if not isinstance(num_perm, int) or isinstance(num_perm, bool) or num_perm < 1:
            raise ValueError(f"num_perm must be a positive integer, got {num_perm!r}")
        self.num_perm = num_perm
        self.seed = seed
        gen = np.random.RandomState(seed)
        self.a: U32 = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
        self.b: U32 = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
        # a and b repeated for every row of a block: multiplying two full arrays is
        # about three times faster in numpy than broadcasting a column against a row
        self._a_rows = np.tile(self.a, (_BLOCK, 1))
        self._b_rows = np.tile(self.b, (_BLOCK, 1))

    def __repr__(self) -> str:
        return f"MinHasher(num_perm={self.num_perm}, seed={self.seed})"

    def signature(self, hashes: npt.ArrayLike) -> U32:
        """The signature of one set of 32-bit shingle hashes (repeats do not matter)."""
        if _fast.ENABLED:
            return _fast.signature(np.ascontiguousarray(hashes, dtype=np.uint32).ravel(), self.a, self.b)  # type: ignore[no-any-return]
        values = fmix32(np.asarray(hashes, dtype=np.uint32).ravel())
        out = np.full(self.num_perm, EMPTY, dtype=np.uint32)
        for start in range(0, len(values), _BLOCK):
            block = values[start : start + _BLOCK]
            rows = np.repeat(block, self.num_perm).reshape(len(block), self.num_perm)
            np.multiply(rows, self._a_rows[: len(block)], out=rows)
            np.add(rows, self._b_rows[: len(block)], out=rows)
            np.minimum(out, rows.min(axis=0), out=out)
        return out

    def signatures(self, sets: Sequence[npt.ArrayLike]) -> U32:
        """One signature per set, as rows of a ``len(sets) x num_perm`` array."""
        out = np.empty((len(sets), self.num_perm), dtype=np.uint32)
        for row, hashes in enumerate(sets):
            out[row] = self.signature(hashes)
        return out

    def to_datasketch(self, signature: U32, *, lean: bool = False) -> datasketch.MinHash:
        """A ``datasketch.MinHash`` (or ``LeanMinHash``) with these hash values.

        It compares, merges and goes into datasketch's LSH indexes and storage backends
        like one datasketch computed itself.
        """
        import datasketch

        if len(signature) != self.num_perm:
            raise ValueError(f"signature has {len(signature)} values, this MinHasher {self.num_perm}")
        sketch = datasketch.MinHash(
            seed=self.seed,
            hashvalues=np.asarray(signature, dtype=np.uint32),
            permutations=(self.a, self.b),
            scheme="affine32",
        )
        return datasketch.LeanMinHash(sketch) if lean else sketch

    def from_datasketch(self, sketch: datasketch.MinHash) -> U32:
        """The hash values of a datasketch MinHash made with this num_perm, seed and scheme."""
        scheme = getattr(sketch, "scheme", None)
        if scheme != "affine32" or sketch.seed != self.seed or len(sketch.hashvalues) != self.num_perm:
            raise ValueError(
                f"the MinHash has scheme={scheme!r}, seed={sketch.seed}, num_perm={len(sketch.hashvalues)};"
                f" this MinHasher needs scheme='affine32', seed={self.seed}, num_perm={self.num_perm}"
            )
        values: U32 = np.asarray(sketch.hashvalues, dtype=np.uint32).copy()
        return values


def estimate_jaccard(a: U32, b: U32) -> npt.NDArray[np.float64]:
    """The share of equal positions: the MinHash estimate of Jaccard similarity.

    Works row-wise on 2-D arrays (one pair per row).
    """
    return np.asarray(np.mean(np.asarray(a) == np.asarray(b), axis=-1), dtype=np.float64)

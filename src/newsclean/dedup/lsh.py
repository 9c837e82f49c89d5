"""LSH banding: which pairs of signatures are worth verifying.

A signature of ``num_perm`` values is cut into ``bands`` bands of ``rows`` values. Two
documents become a candidate pair when any band is equal in both; for Jaccard similarity
``s`` that happens with probability ``1 - (1 - s**rows)**bands``. :func:`choose_bands`
picks ``(bands, rows)`` for a threshold as datasketch does (least weighted area of false
positives below it and false negatives above it), and :func:`candidate_pairs` finds all
pairs at once by sorting each band's keys, with no hash table per band.

>>> choose_bands(0.5, 128)
(25, 5)
>>> sig = np.array([[1, 2, 3, 4], [1, 2, 9, 9], [7, 7, 7, 7]], dtype=np.uint32)
>>> candidate_pairs(band_keys(sig, bands=2, rows=2)).tolist()
[[0, 1]]
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import numpy.typing as npt

from .shingles import _fmix64

_COMBINE = np.uint64(0x9E3779B97F4A7C15)
MAX_BUCKET = 16  # in a bucket bigger than this, each member is paired with its next 16


def candidate_probability(similarity: npt.ArrayLike, bands: int, rows: int) -> npt.NDArray[np.float64]:
    """The probability that a pair of this Jaccard similarity becomes a candidate."""
    s = np.asarray(similarity, dtype=np.float64)
    return np.asarray(1.0 - (1.0 - s**rows) ** bands)


@lru_cache(maxsize=256)
def choose_bands(
    threshold: float, num_perm: int, false_positive_weight: float = 0.5, false_negative_weight: float = 0.5
) -> tuple[int, int]:
    """``(bands, rows)`` with ``bands * rows <= num_perm`` for a Jaccard threshold.

    Minimises ``fp_weight * (area of false positives below the threshold) + fn_weight *
    (area of false negatives above it)``, the criterion of datasketch's ``MinHashLSH``.
    """
    if not 0.0 < threshold < 1.0:
        raise ValueError(f"threshold must be between 0 and 1, got {threshold}")
    below = np.linspace(0.0, threshold, 201)
    above = np.linspace(threshold, 1.0, 201)
    best: tuple[float, int, int] | None = None
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            fp = np.trapezoid(candidate_probability(below, bands, rows), below)
            fn = np.trapezoid(1.0 - candidate_probability(above, bands, rows), above)
            error = float(false_positive_weight * fp + false_negative_weight * fn)  # trapezoid of 1-d arrays: a scalar
            if best is None or error < best[0] - 1e-12:
                best = (error, bands, rows)
    assert best is not None
    return best[1], best[2]


def band_keys(signatures: npt.NDArray[np.uint32], bands: int, rows: int) -> npt.NDArray[np.uint64]:
    """One 64-bit key per document and band (``n x bands``).

    With one or two rows the key is the rows themselves; with more, a hash of them
    (a collision only adds a candidate, which verification then rejects).
    """
    sig = np.asarray(signatures, dtype=np.uint32)
    if sig.ndim != 2 or sig.shape[1] < bands * rows:
        raise ValueError(f"signatures of shape {sig.shape} cannot give {bands} bands of {rows} rows")
    out = np.empty((len(sig), bands), dtype=np.uint64)
    for band in range(bands):
        out[:, band] = band_key(sig, band, rows)
    return out


def band_key(signatures: npt.NDArray[np.uint32], band: int, rows: int) -> npt.NDArray[np.uint64]:
    """The keys of one band (column ``band`` of :func:`band_keys`), for every document."""
    cut = signatures[:, band * rows : (band + 1) * rows]
    if rows == 1:
        return cut[:, 0].astype(np.uint64)
    if rows == 2:
        pair: npt.NDArray[np.uint64] = (cut[:, 0].astype(np.uint64) << np.uint64(32)) | cut[:, 1]
        return pair
    with np.errstate(over="ignore"):
        key = cut[:, 0].astype(np.uint64)
        for r in range(1, rows):
            key *= _COMBINE
            key += cut[:, r]
    return _fmix64(key)


def candidate_pairs(keys: npt.NDArray[np.uint64], max_bucket: int = MAX_BUCKET) -> npt.NDArray[np.int64]:
    """Pairs ``[i, j]`` (``i < j``, sorted, unique) that share a key in some band.

    Each band column is sorted once; members of a bucket are paired with each other, or,
    in a bucket of more than ``max_bucket`` documents, each with its next ``max_bucket``
    in document order, which still connects the whole bucket.
    """
    return unique_pairs([band_pairs(column, max_bucket) for column in np.asarray(keys).T])


def band_pairs(column: npt.NDArray[np.uint64], max_bucket: int = MAX_BUCKET) -> npt.NDArray[np.int64]:
    """The pairs ``[i, j]`` (``i < j``) of one band: documents whose key in it is equal."""
    order = np.argsort(column, kind="stable")
    ordered = column[order]
    same = ordered[1:] == ordered[:-1]
    found: list[npt.NDArray[np.int64]] = []
    for distance in range(1, max_bucket + 1):
        if distance > 1:
            same = same[1:] & (ordered[distance:] == ordered[:-distance])
        if not same.any():
            break
        hits = np.flatnonzero(same)
        first, second = order[hits], order[hits + distance]
        found.append(np.stack([np.minimum(first, second), np.maximum(first, second)], axis=1))
    return np.concatenate(found) if found else np.empty((0, 2), dtype=np.int64)


def unique_pairs(parts: list[npt.NDArray[np.int64]]) -> npt.NDArray[np.int64]:
    """The pairs of all parts, sorted, each once."""
    pairs = np.concatenate(parts) if parts else np.empty((0, 2), dtype=np.int64)
    if not len(pairs):
        return pairs.astype(np.int64)
    n = int(pairs.max()) + 1
    codes = pairs[:, 0] * n + pairs[:, 1]
    codes.sort()  # sort and drop repeats: np.unique's hash table is slower at this size
    codes = codes[np.concatenate(([True], codes[1:] != codes[:-1]))]
    return np.stack([codes // n, codes % n], axis=1)

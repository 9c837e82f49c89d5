"""Compiled twins of the hot loops in shingles.py and minhash.py, when numba is installed.

``pip install newsclean[fast]`` adds numba. The numpy code stays the definition: every
function here computes exactly what its numpy twin computes (tests/test_dedup_fast.py
compares them), only without the per-call overhead and temporary arrays of numpy, in one
pass. Set ``NEWSCLEAN_NUMBA=0`` to use the numpy code even when numba is installed.
Compiled code is cached next to this file, so only the first run pays for compiling.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from types import ModuleType
from typing import Any

import numpy as np

numba: ModuleType | None
try:
    if os.environ.get("NEWSCLEAN_NUMBA", "1") == "0":
        raise ImportError("switched off by NEWSCLEAN_NUMBA=0")
    import numba
except ImportError:
    numba = None

ENABLED = numba is not None

_POLY = 0x100000001B3
_COMBINE = 0x9E3779B97F4A7C15


def _jit(fn: Callable[..., Any]) -> Callable[..., Any]:
    return numba.njit(cache=True, nogil=True)(fn) if numba is not None else fn


@_jit
def _fmix64(h: Any) -> Any:
    h ^= h >> np.uint64(33)
    h *= np.uint64(0xFF51AFD7ED558CCD)
    h ^= h >> np.uint64(33)
    h *= np.uint64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> np.uint64(33))


@_jit
def token_hashes(units: Any, table: Any) -> Any:
    """shingles.token_hashes on the text's code units (uint8 or uint16)."""
    out = np.empty(len(units) // 2 + 1, dtype=np.uint64)
    count = 0
    h = np.uint64(0)
    power = np.uint64(1)
    inside = False
    for u in units:
        if table[u]:
            h += np.uint64(u) * power
            power *= np.uint64(_POLY)
            inside = True
        elif inside:
            out[count] = _fmix64(h)
            count += 1
            h = np.uint64(0)
            power = np.uint64(1)
            inside = False
    if inside:
        out[count] = _fmix64(h)
        count += 1
    return out[:count]


@_jit
def word_items(tokens: Any, n: int, stop_slots: Any, sketch_words: bool) -> Any:
    """(shingle hashes, content-word hashes) of a non-empty token-hash array, unsorted.

    Sorting is left to numpy: numba's quicksort slows down badly on arrays with many
    equal values, which repeated words make.
    """
    k = min(n, len(tokens))
    count = len(tokens) - k + 1
    shingles = np.empty(count, dtype=np.uint32)
    for i in range(count):
        c = tokens[i]
        for j in range(1, k):
            c = c * np.uint64(_COMBINE) + tokens[i + j]
        shingles[i] = np.uint32(_fmix64(c) >> np.uint64(32))
    if not sketch_words:
        return shingles, shingles
    content = np.empty(len(tokens), dtype=np.uint32)
    kept = 0
    shift = np.uint64(64 - _log2(len(stop_slots)))
    for t in tokens:
        if is_stopword(t, stop_slots, shift):
            continue
        content[kept] = np.uint32(_fmix64(t) >> np.uint64(32))
        kept += 1
    if kept == 0:
        for t in tokens:
            content[kept] = np.uint32(_fmix64(t) >> np.uint64(32))
            kept += 1
    return shingles, content[:kept]


@_jit
def _log2(size: int) -> int:
    """The exponent of a power of two."""
    width = 0
    while (1 << width) < size:
        width += 1
    return width


@_jit
def is_stopword(token: Any, slots: Any, shift: Any) -> bool:
    """Whether a token hash is in the open-addressing table of shingles._stopword_slots
    (``shift``: 64 minus the table's log2 size, computed once per document)."""
    at = (token * np.uint64(_COMBINE)) >> shift
    while slots[at]:
        if slots[at] == token:
            return True
        at = (at + np.uint64(1)) & np.uint64(len(slots) - 1)
    return False


@_jit
def signature(values: Any, a: Any, b: Any) -> Any:
    """minhash.MinHasher.signature: fmix32 of each value, then min of a * h + b (mod 2**32)."""
    k = len(a)
    out = np.full(k, np.uint32(0xFFFFFFFF), dtype=np.uint32)
    for value in values:
        x = np.uint64(value)
        x ^= x >> np.uint64(16)
        x = (x * np.uint64(0x85EBCA6B)) & np.uint64(0xFFFFFFFF)
        x ^= x >> np.uint64(13)
        x = (x * np.uint64(0xC2B2AE35)) & np.uint64(0xFFFFFFFF)
        x ^= x >> np.uint64(16)
        h = np.uint32(x)
        for i in range(k):
            v = np.uint32(a[i] * h + b[i])
            if v < out[i]:
                out[i] = v
    return out


@_jit
def shared_counts(chunks: Any, chunk_of: Any, start_of: Any, size_of: Any, pairs: Any) -> Any:
    """For each pair ``(i, j)``: how many values sets ``i`` and ``j`` share.

    Set ``i`` is ``chunks[chunk_of[i]][start_of[i]:start_of[i] + size_of[i]]``, sorted and
    unique (groups._ShingleSets); a merge walk over the two.
    """
    out = np.empty(len(pairs), dtype=np.int64)
    for p in range(len(pairs)):
        i, j = pairs[p, 0], pairs[p, 1]
        x = chunks[chunk_of[i]][start_of[i] : start_of[i] + size_of[i]]
        y = chunks[chunk_of[j]][start_of[j] : start_of[j] + size_of[j]]
        a, b, shared = 0, 0, 0
        while a < len(x) and b < len(y):  # branch-free: twice as fast as if/elif/else
            xa, yb = x[a], y[b]
            shared += xa == yb
            a += xa <= yb
            b += yb <= xa
        out[p] = shared
    return out


@_jit
def equal_positions(signatures: Any, pairs: Any) -> Any:
    """For each pair ``(i, j)``: in how many positions signatures ``i`` and ``j`` agree."""
    out = np.empty(len(pairs), dtype=np.int64)
    k = signatures.shape[1]
    for p in range(len(pairs)):
        x, y = signatures[pairs[p, 0]], signatures[pairs[p, 1]]
        same = 0
        for i in range(k):
            same += x[i] == y[i]
        out[p] = same
    return out


def typed_list(arrays: list[Any]) -> Any:
    """A numba typed list of the arrays (it refers to them; nothing is copied)."""
    assert numba is not None  # called only when ENABLED
    out = numba.typed.List()
    for array in arrays:
        out.append(array)
    return out

"""Shingles for near-duplicate detection, computed apart from the output text.

A document becomes two sets of 32-bit hashes: its *shingles*, on which a pair is
verified (word 2-grams by default, chosen on the dev set: docs/dedup.md; character
n-grams are the other choice), and its *sketch items*, of which the MinHash signature is
made: by default its content words, the tokens left when the most common words of the
configured languages are taken out. Paraphrased and reworded copies keep their content
words long after their word pairs have changed, and unrelated articles share far fewer
content words than word pairs ("of the", "said that"), so candidates are both more
complete and fewer; ``sketch="shingles"`` signs the shingles themselves instead.

The text is normalised first (NFKC, then casefold); tokens are runs of letters, marks
and digits, so punctuation and spacing never matter.

Everything is vectorised with numpy over the text's UTF-16 code units: a token's hash is
a polynomial over its code units (mod 2**64, mixed with the MurmurHash3 finaliser), and
an n-gram's hash combines its tokens' hashes the same way. :meth:`Shingler.shingle_hash` is
that same hash written for one shingle string, and :meth:`Shingler.hashfunc` for one
sketch item, so datasketch can be fed :meth:`Shingler.sketch_items` and arrive at the
same signature:

>>> sh = Shingler(n=2)
>>> sh.shingles("The cat -- the CAT!")
['the cat', 'cat the', 'the cat']
>>> sh.sketch_items("The minister vetoed the bill -- THE MINISTER!")
['vetoed']
>>> sorted(sh.hashes("The cat -- the CAT!")) == sorted({sh.shingle_hash(s) for s in sh.shingles("The cat -- the CAT!")})
True
"""

from __future__ import annotations

import hashlib
import struct
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np
import numpy.typing as npt

from . import _fast

U32 = npt.NDArray[np.uint32]
U64 = npt.NDArray[np.uint64]

_MASK64 = (1 << 64) - 1
_POLY = 0x100000001B3  # the FNV-1a 64-bit prime: odd, so invertible mod 2**64
_COMBINE = 0x9E3779B97F4A7C15  # golden-ratio constant: odd
_FMIX64 = (33, 0xFF51AFD7ED558CCD, 33, 0xC4CEB9FE1A85EC53, 33)


def _fmix64(h: U64) -> U64:
    s1, m1, s2, m2, s3 = (np.uint64(v) for v in _FMIX64)
    h = h ^ (h >> s1)
    h = h * m1
    h = h ^ (h >> s2)
    h = h * m2
    out: U64 = h ^ (h >> s3)
    return out


def _fmix64_int(h: int) -> int:
    s1, m1, s2, m2, s3 = _FMIX64
    h ^= h >> s1
    h = (h * m1) & _MASK64
    h ^= h >> s2
    h = (h * m2) & _MASK64
    return h ^ (h >> s3)


@lru_cache(maxsize=1)
def _word_units() -> npt.NDArray[np.bool_]:
    """True for the UTF-16 code units that belong to a token (L, M, N and surrogates)."""
    table = np.zeros(0x10000, dtype=np.bool_)
    for unit in range(0x10000):
        if 0xD800 <= unit < 0xE000:
            table[unit] = True  # astral characters: halves of a pair, kept inside tokens
        elif unicodedata.category(chr(unit))[0] in "LMN":
            table[unit] = True
    return table


class _Powers:
    """P**i and P**-i mod 2**64, grown on demand."""

    def __init__(self) -> None:
        self.up: U64 = np.ones(1, dtype=np.uint64)
        self.down: U64 = np.ones(1, dtype=np.uint64)

    def upto(self, n: int) -> tuple[U64, U64]:
        if len(self.up) < n:
            size = max(n, 2 * len(self.up), 1 << 14)
            inverse = pow(_POLY, -1, 1 << 64)
            with np.errstate(over="ignore"):
                up = np.full(size, _POLY, dtype=np.uint64)
                up[0] = 1
                down = np.full(size, inverse, dtype=np.uint64)
                down[0] = 1
                self.up = np.multiply.accumulate(up)
                self.down = np.multiply.accumulate(down)
        return self.up[:n], self.down[:n]


_POWERS = _Powers()


def normalise(text: str) -> str:
    """NFKC, then casefold: the text that shingles are cut from."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.casefold()


def _units(text: str) -> npt.NDArray[np.uint8] | npt.NDArray[np.uint16]:
    """The text's UTF-16 code units (one byte each when every one fits in a byte)."""
    if text.isascii():
        return np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    try:
        return np.frombuffer(text.encode("latin-1"), dtype=np.uint8)
    except UnicodeEncodeError:
        return np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)


def token_hashes(text: str) -> U64:
    """64-bit hashes of the tokens of ``text`` (already normalised), in order."""
    if _fast.ENABLED:
        return _fast.token_hashes(_units(text), _word_units())  # type: ignore[no-any-return]
    return _token_hashes_numpy(text)


def _token_hashes_numpy(text: str) -> U64:
    units = _units(text)
    n = len(units)
    if not n:
        return np.empty(0, dtype=np.uint64)
    table = _word_units()
    padded = np.zeros(n + 2, dtype=np.int8)
    padded[1:-1] = (table[:256] if units.dtype == np.uint8 else table)[units]
    bounds = np.flatnonzero(padded[1:] != padded[:-1])
    starts, ends = bounds[0::2], bounds[1::2]
    up, down = _POWERS.upto(n + 1)
    with np.errstate(over="ignore"):
        prefix = np.zeros(n + 1, dtype=np.uint64)
        np.cumsum(np.multiply(units, up[:n], dtype=np.uint64), out=prefix[1:])
        poly = (prefix[ends] - prefix[starts]) * down[starts]
    return _fmix64(poly)


def _code_points(text: str) -> U64:
    """The text's code points (character shingles are cut by characters, not UTF-16 units)."""
    data = text.encode("utf-32-le", "surrogatepass")
    return np.frombuffer(data, dtype=np.uint32).astype(np.uint64)


def _utf16(text: str) -> tuple[int, ...]:
    data = text.encode("utf-16-le", "surrogatepass")
    return struct.unpack(f"<{len(data) // 2}H", data)


def _token_hash(token: str) -> int:
    h, power = 0, 1
    for unit in _utf16(token):
        h = (h + unit * power) & _MASK64
        power = (power * _POLY) & _MASK64
    return _fmix64_int(h)


def _combine(hashes: U64, n: int) -> U64:
    """One value per window of ``n`` consecutive hashes (all of them when fewer)."""
    n = min(n, len(hashes))
    count = len(hashes) - n + 1
    with np.errstate(over="ignore"):
        out: U64 = hashes[:count].copy()
        for k in range(1, n):
            out *= np.uint64(_COMBINE)
            out += hashes[k : k + count]
    return out


def _combine_int(hashes: list[int]) -> int:
    out = hashes[0]
    for h in hashes[1:]:
        out = (out * _COMBINE + h) & _MASK64
    return out


def _to32(h: U64) -> U32:
    out: U32 = (_fmix64(h) >> np.uint64(32)).astype(np.uint32)
    return out


def sha1_hash32(data: bytes | str) -> int:
    """datasketch's default hash function (``datasketch.hashfunc.sha1_hash32``)."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    return int(struct.unpack("<I", hashlib.sha1(data).digest()[:4])[0])


@lru_cache(maxsize=32)
def _stopword_hashes(languages: tuple[str, ...], count: int) -> tuple[U64, frozenset[str]]:
    """Token hashes (sorted) and strings of the ``count`` commonest words per language."""
    if not languages:
        return np.empty(0, dtype=np.uint64), frozenset()
    from wordfreq import available_languages, top_n_list

    known = available_languages()
    words: set[str] = set()
    for language in languages:
        if language not in known:  # wordfreq itself would guess a neighbour ("nb" for "no-such")
            raise ValueError(f"wordfreq has no word list for language {language!r}; it has {', '.join(sorted(known))}")
        listed = top_n_list(language, count)
        words.update(_tokens(normalise(" ".join(listed))))
    return np.unique(token_hashes(" ".join(sorted(words)))), frozenset(words)


@lru_cache(maxsize=32)
def _stopword_slots(languages: tuple[str, ...], count: int) -> U64:
    """The stopword hashes in an open-addressing table (linear probing, 0 = empty, at least
    4 slots per word), for the compiled content-word filter: about one probe per token."""
    stop = _stopword_hashes(languages, count)[0]
    size = 1 << max(4, int(4 * max(len(stop), 1) - 1).bit_length())
    slots = np.zeros(size, dtype=np.uint64)
    for h in stop.tolist():
        at = _slot(h, size)
        while slots[at]:
            at = (at + 1) & (size - 1)
        slots[at] = h
    return slots


def _slot(h: int, size: int) -> int:
    """Where the probe for hash ``h`` starts (the same arithmetic as _fast.is_stopword)."""
    return ((h * _COMBINE) & _MASK64) >> (64 - (size.bit_length() - 1))


@dataclass(frozen=True)
class Features:
    """What near-duplicate detection keeps of one text."""

    shingles: U32  # sorted, unique: verification works on these
    sketch: U32  # sorted, unique: the MinHash signature is made of these
    fingerprint: bytes  # the token sequence: equal for exact duplicates
    length: int  # characters of the text


@dataclass(frozen=True)
class Shingler:
    """How a text becomes shingles and sketch items.

    Args:
        n: shingle length: words for ``unit="word"``, characters for ``unit="char"``.
        unit: ``"word"`` (default) or ``"char"``; character shingles run over the tokens
            joined by single spaces, so punctuation and spacing still do not count.
        sketch: ``"words"`` (default): the signature is made of the content words;
            ``"shingles"``: of the shingles themselves.
        stopwords: languages whose ``stopword_count`` commonest words (from wordfreq) are
            not content words.
        hash: ``"poly"`` (default, vectorised) or ``"sha1"``: datasketch's default hash of
            each item's UTF-8 bytes, computed one by one; slow, but then signatures equal
            those of a plain ``datasketch.MinHash()`` fed :meth:`sketch_items`.

    >>> Shingler(n=3, unit="char").shingles("Ab, c")
    ['ab ', 'b c']
    """

    n: int = 2
    unit: Literal["word", "char"] = "word"
    sketch: Literal["words", "shingles"] = "words"
    stopwords: tuple[str, ...] = ("en",)
    stopword_count: int = 3000
    hash: Literal["poly", "sha1"] = "poly"

    def __post_init__(self) -> None:
        if not isinstance(self.n, int) or isinstance(self.n, bool) or self.n < 1:
            raise ValueError(f"n must be a positive integer, got {self.n!r}")
        if self.unit not in ("word", "char"):
            raise ValueError(f"unit must be 'word' or 'char', got {self.unit!r}")
        if self.sketch not in ("words", "shingles"):
            raise ValueError(f"sketch must be 'words' or 'shingles', got {self.sketch!r}")
        if self.hash not in ("poly", "sha1"):
            raise ValueError(f"hash must be 'poly' or 'sha1', got {self.hash!r}")
        if isinstance(self.stopwords, str):
            object.__setattr__(self, "stopwords", (self.stopwords,))
        object.__setattr__(self, "stopwords", tuple(self.stopwords))
        _stopword_hashes(self.stopwords, self.stopword_count)  # fails now on an unknown language

    # -- strings (slow; for datasketch and for reading) ---------------------------------

    def shingles(self, text: str) -> list[str]:
        """The shingles of ``text`` as strings, in order, repeats kept."""
        return self._shingle_strings(_tokens(normalise(text)))

    def sketch_items(self, text: str) -> list[str]:
        """What the signature is made of, as strings: feed these to datasketch."""
        tokens = _tokens(normalise(text))
        if self.sketch == "shingles":
            return self._shingle_strings(tokens)
        stop = _stopword_hashes(self.stopwords, self.stopword_count)[1]
        content = [t for t in tokens if t not in stop]
        return content if content else tokens

    def _shingle_strings(self, tokens: list[str]) -> list[str]:
        if self.unit == "word":
            if not tokens:
                return []
            n = min(self.n, len(tokens))
            return [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
        joined = " ".join(tokens)
        if not joined:
            return []
        n = min(self.n, len(joined))
        return [joined[i : i + n] for i in range(len(joined) - n + 1)]

    def hashfunc(self, item: bytes | str) -> int:
        """The 32-bit hash of one sketch item, as :meth:`features` computes it.

        Pass it to ``datasketch.MinHash(hashfunc=...)`` with :meth:`sketch_items`.
        """
        if self.sketch == "shingles":
            return self.shingle_hash(item)
        if isinstance(item, bytes):
            item = item.decode("utf-8", "surrogatepass")
        if self.hash == "sha1":
            return sha1_hash32(item)
        return _fmix64_int(_token_hash(item)) >> 32

    def shingle_hash(self, shingle: bytes | str) -> int:
        """The 32-bit hash of one shingle string, as :meth:`hashes` computes it."""
        if isinstance(shingle, bytes):
            shingle = shingle.decode("utf-8", "surrogatepass")
        if self.hash == "sha1":
            return sha1_hash32(shingle)
        if self.unit == "char":
            return _fmix64_int(_combine_int([ord(c) for c in shingle])) >> 32
        return _fmix64_int(_combine_int([_token_hash(t) for t in shingle.split(" ")])) >> 32

    # -- hashes (fast) -------------------------------------------------------------------

    def hashes(self, text: str) -> U32:
        """The set of ``text``'s shingle hashes: sorted, unique, uint32."""
        return self.features(text).shingles

    def features(self, text: str) -> Features:
        """Shingle set, sketch set and fingerprint of ``text``, from one tokenisation."""
        norm = normalise(text)
        if self.hash == "sha1":
            tokens_s = _tokens(norm)
            shingles = _unique32(np.fromiter(map(sha1_hash32, self._shingle_strings(tokens_s)), dtype=np.uint32))
            sketch = _unique32(np.fromiter(map(sha1_hash32, self.sketch_items(text)), dtype=np.uint32))
            digest = hashlib.blake2b("\x00".join(tokens_s).encode("utf-8", "surrogatepass"), digest_size=16)
            return Features(shingles, sketch, digest.digest(), len(text))
        tokens = token_hashes(norm)
        fingerprint = hashlib.blake2b(tokens.tobytes(), digest_size=16).digest()
        if not len(tokens):
            empty = np.empty(0, dtype=np.uint32)
            return Features(empty, empty, fingerprint, len(text))
        if self.unit == "word" and _fast.ENABLED:
            slots = _stopword_slots(self.stopwords, self.stopword_count)
            items, words = _fast.word_items(tokens, self.n, slots, self.sketch == "words")
            shingles = _unique32(items)
            return Features(shingles, _unique32(words) if self.sketch == "words" else shingles, fingerprint, len(text))
        if self.unit == "word":
            shingles = _unique32(_to32(_combine(tokens, self.n)))
        else:
            shingles = _unique32(_to32(_combine(_code_points(" ".join(_tokens(norm))), self.n)))
        if self.sketch == "shingles":
            sketch = shingles
        else:
            stop = _stopword_hashes(self.stopwords, self.stopword_count)[0]
            if len(stop):  # sorted: one vectorised binary search (np.isin sorts both, 10x slower)
                at = np.minimum(np.searchsorted(stop, tokens), len(stop) - 1)
                content = tokens[stop[at] != tokens]
            else:
                content = tokens
            sketch = _unique32(_to32(content if len(content) else tokens))
        return Features(shingles, sketch, fingerprint, len(text))


def _unique32(values: U32) -> U32:
    """Sorted unique values (np.unique, without its overhead for small arrays)."""
    values = np.sort(values)
    if len(values) > 1:
        keep = np.empty(len(values), dtype=np.bool_)
        keep[0] = True
        np.not_equal(values[1:], values[:-1], out=keep[1:])
        values = values[keep]
    return values


def _tokens(norm: str) -> list[str]:
    """The tokens of normalised text as strings (the slow twin of :func:`token_hashes`)."""
    table = _word_units()
    out: list[str] = []
    current: list[str] = []
    for ch in norm:
        code = ord(ch)
        if code > 0xFFFF or table[code]:
            current.append(ch)
        elif current:
            out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return out

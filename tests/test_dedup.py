"""Near-duplicate detection (newsclean.dedup) against datasketch and plain references.

The key promise is datasketch compatibility: a signature made by
:class:`~newsclean.dedup.MinHasher` from ``Shingler.features(text).sketch`` is the one a
``datasketch.MinHash`` computes from ``Shingler.sketch_items(text)``. No expected hash
value here comes from the code under test: signatures are compared with datasketch,
sets and pairs with straightforward Python references, and groups with what the texts
(derived from examples/seeds) are known to be.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import unicodedata
from functools import cache
from pathlib import Path

import datasketch
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean import Cleaned, Cleaner, Document
from newsclean.dedup import (
    DedupConfig,
    Duplicates,
    MinHasher,
    Shingler,
    band_keys,
    candidate_pairs,
    candidate_probability,
    choose_bands,
    find_duplicates,
    overlap,
)
from newsclean.dedup.lsh import MAX_BUCKET

try:  # private in datasketch; compared against when it is there
    from datasketch.lsh import _optimal_param as _datasketch_optimal_param
except ImportError:  # pragma: no cover - depends on the datasketch version
    _datasketch_optimal_param = None


def fewer(divisor: int):
    """Settings for an expensive property: the profile's example count over ``divisor``.

    Scales with the profile of tests/conftest.py (``ci`` or ``nightly``) instead of
    fixing a count.
    """
    return settings(max_examples=max(10, settings().max_examples // divisor))


# --- texts ------------------------------------------------------------------------------

SEED_DIR = Path(__file__).resolve().parents[1] / "examples" / "seeds"
SEEDS = {path.name[:3]: path.read_text(encoding="utf-8") for path in sorted(SEED_DIR.glob("*.txt"))}


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


PARAGRAPHS = [p for text in SEEDS.values() for p in paragraphs(text)]

EXTRA_TEXTS = {
    "empty": "",
    "spaces": " \n\t  \n",
    "punctuation": "!!! ... -- ?? «» “” ‘’ ***",
    "one-word": "Minsk",
    "two-words": "Minsk, Moscow.",
    "russian": "Президент Беларуси Александр Лукашенко провёл телефонный разговор с Владимиром Путиным.",
    "greek": "Ο πρόεδρος της Λευκορωσίας μίλησε τηλεφωνικά με τον Ρώσο ομόλογό του ΣΗΜΕΡΑ.",
    "chinese": "白俄罗斯总统卢卡申科与俄罗斯总统普京通电话，讨论了局势。",
    "arabic": "تحدث الرئيس البيلاروسي مع نظيره الروسي عبر الهاتف يوم السبت.",
    "hindi": "बेलारूस के राष्ट्रपति ने रूसी राष्ट्रपति से फ़ोन पर बात की।",
    "thai": "ประธานาธิบดีเบลารุสคุยโทรศัพท์กับประธานาธิบดีรัสเซีย",
    "lithuanian": "Lietuvos prezidentas sakė, kad Baltarusijos opozicija žygiuos šeštadienį.",
    "german": "Der Präsident sagte, dass die Straße über die Brücke am Montag wieder geöffnet wird.",
    "astral-letters": "𝐁𝐨𝐥𝐝 𝑖𝑡𝑎𝑙𝑖𝑐 𐌰𐌱𐌲 𠀀𠀁 text",
    "emoji": "Protest 👍🏽 in Minsk 😀😀 today ❤ and 𝟙𝟚𝟛",
    "astral-mixed": "a😀b c𠀀d 𝐀e",
    "ligatures": "ﬁnal ﬂag ﬀ Ｆｕｌｌ－ｗｉｄｔｈ ① ² ㎏",
    "combining": "cafe\u0301 nai\u0308ve Zu\u0308rich e\u0301te\u0301",
}

SAMPLES = {**{f"seed-{k}": v for k, v in SEEDS.items()}, **EXTRA_TEXTS}
SAMPLES.update({f"para-{i}": p for i, p in enumerate(PARAGRAPHS)})

SCRIPT_CHARS = list(
    "abcxyz ABC Ünïcödé ßẞ ǅǆ İı "
    "ДЖЯжя αβγΣςσ 中文字 ひらがな 한국어 عربي हिंदी ไทย "
    "ﬁﬂ ＡＢｃ ①² ❤☺ 😀👍🏽 𝐀𝐁𝑐 𐌰𐌱 𠀀 "
    "\u0301\u0308\u200d\u00a0\t\n .,;:!?'\"-()[]«»“”’…"
)
UNICODE_TEXT = st.text(
    st.one_of(
        st.sampled_from(SCRIPT_CHARS),
        st.characters(exclude_categories=("Cs",)),
        st.characters(min_codepoint=0x10000, exclude_categories=("Cs",)),
    ),
    max_size=80,
)

WORDS = (
    "the a minister said talks would resume on monday prices rose sharply in third quarter "
    "officials government opposition protest city police report week year people country "
    "election result president council budget health workers bridge deck repairs library "
    "hours winter months army exercise border treaty union state security agency television "
    "for with from about its their new old local national two three hundred thousand"
).split()


# past 2**14 code units, and (as shingles) past 2048 items per MinHash block
_rng = random.Random(0)
LONG_TEXT = "\n\n".join(SEEDS.values()) * 2 + " ".join(_rng.choice(WORDS) for _ in range(5000))


@st.composite
def articles(draw, min_words: int = 30) -> str:
    """Article-like text: sentences of news words, in paragraphs."""
    words = draw(st.lists(st.sampled_from(WORDS), min_size=min_words, max_size=min_words + 90))
    out, paragraph = [], []
    rng = random.Random(draw(st.integers(0, 2**16)))
    i = 0
    while i < len(words):
        n = rng.randint(4, 14)
        paragraph.append(" ".join(words[i : i + n]).capitalize() + ".")
        i += n
        if rng.random() < 0.3:
            out.append(" ".join(paragraph))
            paragraph = []
    if paragraph:
        out.append(" ".join(paragraph))
    return "\n\n".join(out)


# --- a reference tokeniser (what docs and docstrings promise) ---------------------------


def ref_normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def ref_tokens(text: str) -> list[str]:
    """Runs of letters, marks and digits of the normalised text.

    Characters outside the BMP always count as token characters: the module documents
    that it keeps both halves of a surrogate pair inside tokens.
    """
    out, current = [], []
    for ch in ref_normalise(text):
        if ord(ch) > 0xFFFF or unicodedata.category(ch)[0] in "LMN":
            current.append(ch)
        elif current:
            out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return out


def ref_shingles(text: str, n: int, unit: str) -> list[str]:
    tokens = ref_tokens(text)
    if unit == "word":
        if not tokens:
            return []
        k = min(n, len(tokens))
        return [" ".join(tokens[i : i + k]) for i in range(len(tokens) - k + 1)]
    joined = " ".join(tokens)
    if not joined:
        return []
    k = min(n, len(joined))
    return [joined[i : i + k] for i in range(len(joined) - k + 1)]


def sorted_unique(values) -> list[int]:
    return sorted(set(int(v) for v in values))


# --- configurations ---------------------------------------------------------------------

SHINGLERS = {
    "default": Shingler(),
    "n1": Shingler(n=1),
    "n3": Shingler(n=3),
    "char": Shingler(unit="char"),
    "char5-shingles": Shingler(n=5, unit="char", sketch="shingles"),
    "shingles": Shingler(sketch="shingles"),
    "n3-shingles": Shingler(n=3, sketch="shingles"),
    "sha1": Shingler(hash="sha1"),
    "sha1-shingles": Shingler(sketch="shingles", hash="sha1"),
    "sha1-char-shingles": Shingler(n=4, unit="char", sketch="shingles", hash="sha1"),
    "no-stopwords": Shingler(stopwords=()),
    "en-de": Shingler(stopwords=("en", "de")),
}
SHA1_SHINGLERS = {k: v for k, v in SHINGLERS.items() if v.hash == "sha1"}
HASHER_PARAMS = [(16, 1), (16, 7), (128, 1), (128, 7), (256, 1), (256, 7)]


@cache
def hasher(num_perm: int, seed: int) -> MinHasher:
    return MinHasher(num_perm=num_perm, seed=seed)


@cache
def permutations(num_perm: int, seed: int):
    """datasketch's own permutations, drawn once (a MinHash draws them on every init)."""
    return datasketch.MinHash(num_perm=num_perm, seed=seed).permutations


def datasketch_minhash(shingler: Shingler, text: str, num_perm: int, seed: int) -> datasketch.MinHash:
    """The datasketch way: a MinHash with the shingler's hash function, fed the items."""
    m = datasketch.MinHash(num_perm=num_perm, seed=seed, hashfunc=shingler.hashfunc)
    m.update_batch(shingler.sketch_items(text))
    return m


def our_signature(shingler: Shingler, text: str, num_perm: int, seed: int) -> np.ndarray:
    return hasher(num_perm, seed).signature(shingler.features(text).sketch)


def test_the_seeds_are_there():
    assert sorted(SEEDS) == ["000", "001", "002", "003"]
    assert all(len(text.split()) > 300 for text in SEEDS.values())
    assert len(PARAGRAPHS) > 40


# === 1. datasketch compatibility =========================================================


@pytest.mark.parametrize("num_perm,seed", HASHER_PARAMS)
def test_minhasher_permutations_are_datasketchs(num_perm, seed):
    a, b = permutations(num_perm, seed)
    h = hasher(num_perm, seed)
    assert np.array_equal(h.a, a) and np.array_equal(h.b, b)


@given(st.lists(st.integers(0, 2**32 - 1), max_size=300), st.sampled_from(HASHER_PARAMS))
def test_minhasher_signature_equals_datasketch_on_raw_hashes(values, params):
    num_perm, seed = params
    m = datasketch.MinHash(num_perm=num_perm, seed=seed, hashfunc=int)
    m.update_batch(values)
    ours = hasher(num_perm, seed).signature(np.array(values, dtype=np.uint32))
    assert ours.dtype == np.uint32
    assert np.array_equal(ours, m.hashvalues)


def test_minhasher_signature_spans_blocks():
    """More values than one block (2048) and every edge value of uint32."""
    rng = np.random.default_rng(5)
    values = np.concatenate([rng.integers(0, 2**32, 7000, dtype=np.uint64), [0, 1, 2**32 - 1]]).astype(np.uint32)
    for num_perm, seed in [(16, 1), (256, 7)]:
        m = datasketch.MinHash(num_perm=num_perm, seed=seed, hashfunc=int)
        m.update_batch(values.tolist())
        assert np.array_equal(hasher(num_perm, seed).signature(values), m.hashvalues)
        # repeats and order do not matter
        shuffled = np.concatenate([values, values[:100]])
        rng.shuffle(shuffled)
        assert np.array_equal(hasher(num_perm, seed).signature(shuffled), m.hashvalues)


def test_minhasher_signatures_are_rows_of_signature():
    h = hasher(128, 1)
    sets = [Shingler().features(t).sketch for t in SEEDS.values()] + [np.empty(0, np.uint32)]
    matrix = h.signatures(sets)
    assert matrix.shape == (len(sets), 128) and matrix.dtype == np.uint32
    for row, s in zip(matrix, sets):
        assert np.array_equal(row, h.signature(s))


def test_signature_of_nothing_is_datasketchs_empty_minhash():
    for num_perm, seed in HASHER_PARAMS:
        empty = datasketch.MinHash(num_perm=num_perm, seed=seed)
        assert np.array_equal(hasher(num_perm, seed).signature(np.empty(0, np.uint32)), empty.hashvalues)
        assert np.array_equal(our_signature(Shingler(), "", num_perm, seed), empty.hashvalues)


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "16", None])
def test_minhasher_rejects_a_bad_num_perm(bad):
    with pytest.raises(ValueError):
        MinHasher(num_perm=bad)


@pytest.mark.parametrize("num_perm,seed", HASHER_PARAMS)
@pytest.mark.parametrize("name", list(SHINGLERS))
def test_signature_equals_datasketch_on_sample_texts(name, num_perm, seed):
    shingler = SHINGLERS[name]
    mismatched = [
        key
        for key, text in SAMPLES.items()
        if not np.array_equal(our_signature(shingler, text, num_perm, seed),
                              datasketch_minhash(shingler, text, num_perm, seed).hashvalues)
    ]
    assert mismatched == []


@pytest.mark.parametrize("name", ["default", "n3-shingles", "char5-shingles", "sha1-shingles"])
def test_signature_equals_datasketch_on_a_long_text(name):
    shingler = SHINGLERS[name]
    assert len(shingler.features(LONG_TEXT).sketch) > 2048 or shingler.sketch == "words"
    for num_perm, seed in [(16, 1), (256, 7)]:
        theirs = datasketch_minhash(shingler, LONG_TEXT, num_perm, seed)
        assert np.array_equal(our_signature(shingler, LONG_TEXT, num_perm, seed), theirs.hashvalues)


@pytest.mark.parametrize("name", list(SHINGLERS))
@given(text=UNICODE_TEXT, params=st.sampled_from(HASHER_PARAMS))
def test_signature_equals_datasketch_on_any_text(name, text, params):
    shingler = SHINGLERS[name]
    num_perm, seed = params
    theirs = datasketch_minhash(shingler, text, num_perm, seed)
    assert np.array_equal(our_signature(shingler, text, num_perm, seed), theirs.hashvalues)


@pytest.mark.parametrize("name", list(SHA1_SHINGLERS))
@pytest.mark.parametrize("num_perm,seed", HASHER_PARAMS)
def test_sha1_signature_equals_plain_datasketch(name, num_perm, seed):
    """hash="sha1": a datasketch.MinHash with nothing but num_perm and seed, fed UTF-8."""
    shingler = SHA1_SHINGLERS[name]
    for key, text in SAMPLES.items():
        plain = datasketch.MinHash(num_perm=num_perm, seed=seed)
        plain.update_batch([item.encode("utf-8") for item in shingler.sketch_items(text)])
        assert np.array_equal(our_signature(shingler, text, num_perm, seed), plain.hashvalues), key


@pytest.mark.parametrize("name", list(SHA1_SHINGLERS))
@given(text=UNICODE_TEXT)
def test_sha1_items_hash_as_datasketchs_default(name, text):
    shingler = SHA1_SHINGLERS[name]
    items = shingler.sketch_items(text)
    expected = sorted_unique(datasketch.hashfunc.sha1_hash32(i.encode("utf-8")) for i in items)
    assert shingler.features(text).sketch.tolist() == expected
    shingles = shingler.shingles(text)
    assert shingler.features(text).shingles.tolist() == sorted_unique(
        datasketch.hashfunc.sha1_hash32(s.encode("utf-8")) for s in shingles
    )


@pytest.mark.parametrize("name", ["default", "shingles", "sha1", "char"])
def test_hashfunc_takes_bytes_as_well_as_str(name):
    shingler = SHINGLERS[name]
    items = shingler.sketch_items(EXTRA_TEXTS["russian"] + " " + EXTRA_TEXTS["astral-letters"] + " " + SEEDS["001"])
    assert items
    for item in items:
        assert shingler.hashfunc(item.encode("utf-8")) == shingler.hashfunc(item)
        assert 0 <= shingler.hashfunc(item) < 2**32


def test_to_datasketch_gives_a_minhash_that_compares_with_datasketchs():
    shingler = Shingler()
    for num_perm, seed in HASHER_PARAMS:
        h = hasher(num_perm, seed)
        for text in list(SEEDS.values()) + [EXTRA_TEXTS["chinese"], ""]:
            sig = h.signature(shingler.features(text).sketch)
            theirs = datasketch_minhash(shingler, text, num_perm, seed)
            for lean in (False, True):
                ours = h.to_datasketch(sig, lean=lean)
                assert isinstance(ours, datasketch.LeanMinHash if lean else datasketch.MinHash)
                assert ours.seed == seed and len(ours.hashvalues) == num_perm
                assert ours.jaccard(theirs) == 1.0
                assert theirs.jaccard(ours) == 1.0
                assert ours == (datasketch.LeanMinHash(theirs) if lean else theirs)
        # between different texts: the same estimate as datasketch's own pair
        a, b = SEEDS["000"], SEEDS["003"]
        ours_a = h.to_datasketch(h.signature(shingler.features(a).sketch))
        theirs_a, theirs_b = (datasketch_minhash(shingler, t, num_perm, seed) for t in (a, b))
        assert ours_a.jaccard(theirs_b) == theirs_a.jaccard(theirs_b)
        assert 0.0 < ours_a.jaccard(theirs_b) < 1.0


def test_a_converted_minhash_goes_on_as_datasketchs_would():
    """update, merge and count on a converted sketch: the same as on datasketch's."""
    shingler, h = Shingler(), hasher(128, 7)
    first, second = SEEDS["001"], SEEDS["002"]
    ours = h.to_datasketch(h.signature(shingler.features(first).sketch))
    ours.hashfunc = shingler.hashfunc
    ours.update_batch(shingler.sketch_items(second))
    both = datasketch_minhash(shingler, first, 128, 7)
    both.update_batch(shingler.sketch_items(second))
    assert np.array_equal(ours.hashvalues, both.hashvalues)

    merged = h.to_datasketch(h.signature(shingler.features(first).sketch))
    merged.merge(h.to_datasketch(h.signature(shingler.features(second).sketch)))
    assert np.array_equal(merged.hashvalues, both.hashvalues)
    union = np.union1d(shingler.features(first).sketch, shingler.features(second).sketch)
    assert np.array_equal(h.signature(union), both.hashvalues)
    assert merged.count() == both.count()


def light_edit(text: str, share: float = 0.05, seed: int = 0) -> str:
    """Replace about ``share`` of the words with words that occur nowhere in the seeds."""
    words = text.split(" ")
    rng = random.Random(seed)
    for i in rng.sample(range(len(words)), max(1, round(len(words) * share))):
        words[i] = f"qzx{i}vk"
    return " ".join(words)


def test_converted_sketches_go_into_datasketch_lsh():
    shingler, h = Shingler(), hasher(128, 1)
    lsh = datasketch.MinHashLSH(threshold=0.5, num_perm=128)
    for key, text in SEEDS.items():
        lsh.insert(key, h.to_datasketch(h.signature(shingler.features(text).sketch), lean=True))
    for key, text in SEEDS.items():
        # a datasketch-built query finds the converted sketch of the same text ...
        assert key in lsh.query(datasketch_minhash(shingler, text, 128, 1))
        # ... and of a light edit of it
        assert key in lsh.query(datasketch_minhash(shingler, light_edit(text), 128, 1))
        # a converted query finds itself
        assert key in lsh.query(h.to_datasketch(h.signature(shingler.features(text).sketch)))
    # the other way round: datasketch-built sketches, converted queries
    lsh2 = datasketch.MinHashLSH(threshold=0.5, num_perm=128)
    for key, text in SEEDS.items():
        lsh2.insert(key, datasketch_minhash(shingler, text, 128, 1))
    for key, text in SEEDS.items():
        assert key in lsh2.query(h.to_datasketch(h.signature(shingler.features(text).sketch)))


def test_from_datasketch_round_trips():
    shingler = Shingler()
    for num_perm, seed in HASHER_PARAMS:
        h = hasher(num_perm, seed)
        for text in (SEEDS["002"], EXTRA_TEXTS["emoji"], ""):
            sig = h.signature(shingler.features(text).sketch)
            theirs = datasketch_minhash(shingler, text, num_perm, seed)
            for sketch in (theirs, datasketch.LeanMinHash(theirs), h.to_datasketch(sig), h.to_datasketch(sig, lean=True)):
                back = h.from_datasketch(sketch)
                assert back.dtype == np.uint32 and np.array_equal(back, sig)
            # a copy: changing it does not change the sketch
            back = h.from_datasketch(theirs)
            back[:] = 0
            assert np.array_equal(theirs.hashvalues, sig)


def test_from_datasketch_rejects_other_seeds_sizes_and_schemes():
    h = hasher(128, 1)
    items = [b"alpha", b"beta", b"gamma"]
    for other in (
        datasketch.MinHash(num_perm=128, seed=7),
        datasketch.MinHash(num_perm=64, seed=1),
        datasketch.MinHash(num_perm=256, seed=1),
        datasketch.MinHash(num_perm=128, seed=1, scheme="legacy"),
        datasketch.MinHash(num_perm=128, seed=1, scheme="affine64"),
    ):
        other.update_batch(items)
        with pytest.raises(ValueError):
            h.from_datasketch(other)
        with pytest.raises(ValueError):
            h.from_datasketch(datasketch.LeanMinHash(other))
    with pytest.raises(ValueError):
        h.to_datasketch(np.zeros(64, dtype=np.uint32))


# === 2. Shingler ===========================================================================


@pytest.mark.parametrize("name", list(SHINGLERS))
@given(text=UNICODE_TEXT)
def test_feature_hashes_are_the_hashes_of_the_strings(name, text):
    shingler = SHINGLERS[name]
    features = shingler.features(text)
    assert features.shingles.dtype == np.uint32 and features.sketch.dtype == np.uint32
    assert features.shingles.tolist() == sorted_unique(shingler.shingle_hash(s) for s in shingler.shingles(text))
    assert features.sketch.tolist() == sorted_unique(shingler.hashfunc(s) for s in shingler.sketch_items(text))
    assert np.array_equal(shingler.hashes(text), features.shingles)
    assert features.length == len(text)


@pytest.mark.parametrize("name", list(SHINGLERS))
def test_feature_hashes_are_the_hashes_of_the_strings_on_samples(name):
    shingler = SHINGLERS[name]
    for key, text in SAMPLES.items():
        expected = sorted_unique(shingler.shingle_hash(s) for s in shingler.shingles(text))
        assert shingler.features(text).shingles.tolist() == expected, key


def test_char_shingles_of_astral_text_match_their_strings():
    """Minimal case of the property above: a character 3-gram over an astral character.

    ``shingles()`` cuts the normalised text by code points; the hashes must be those of
    the same shingles, whatever their UTF-16 length.
    """
    shingler = Shingler(n=3, unit="char", sketch="shingles")
    assert shingler.shingles("😀ab") == ["😀ab"]
    assert shingler.features("😀ab").shingles.tolist() == [shingler.shingle_hash("😀ab")]
    theirs = datasketch_minhash(shingler, "😀ab", 16, 1)
    assert np.array_equal(our_signature(shingler, "😀ab", 16, 1), theirs.hashvalues)


@pytest.mark.parametrize("n,unit", [(1, "word"), (2, "word"), (3, "word"), (1, "char"), (3, "char"), (5, "char")])
@given(text=UNICODE_TEXT)
def test_shingle_strings_match_a_reference(n, unit, text):
    assert Shingler(n=n, unit=unit).shingles(text) == ref_shingles(text, n, unit)


@given(text=UNICODE_TEXT)
def test_tokens_are_runs_of_letters_marks_and_digits(text):
    # n=1 word shingles are the tokens; the content-word sketch without stopwords too
    tokens = ref_tokens(text)
    assert Shingler(n=1).shingles(text) == tokens
    assert Shingler(stopwords=()).sketch_items(text) == tokens


def ref_content_words(text: str, languages: tuple[str, ...], count: int) -> list[str]:
    """Tokens outside the ``count`` commonest wordfreq words of ``languages`` (all tokens if none are)."""
    from wordfreq import top_n_list

    stop = set(ref_tokens(" ".join(w for language in languages for w in top_n_list(language, count))))
    tokens = ref_tokens(text)
    return [t for t in tokens if t not in stop] or tokens


@pytest.mark.parametrize("name", ["default", "no-stopwords", "en-de", "sha1"])
def test_sketch_items_are_the_content_words(name):
    shingler = SHINGLERS[name]
    for key, text in SAMPLES.items():
        assert shingler.sketch_items(text) == ref_content_words(text, shingler.stopwords, shingler.stopword_count), key


@given(text=UNICODE_TEXT | articles())
def test_sketch_items_are_the_content_words_of_any_text(text):
    shingler = SHINGLERS["en-de"]
    assert shingler.sketch_items(text) == ref_content_words(text, ("en", "de"), shingler.stopword_count)


def test_content_words_by_example():
    text = "The president said that Lukashenko and Pompeo spoke in Minsk."
    items = Shingler().sketch_items(text)
    assert "lukashenko" in items and "pompeo" in items
    assert "the" not in items and "that" not in items and "and" not in items
    # only stopwords: all tokens, so that a short text still has a signature
    assert Shingler().sketch_items("It is what it is.") == ["it", "is", "what", "it", "is"]
    # German stopwords go too when German is listed
    german = "Der Präsident sagte, dass Lukaschenko die Brücke besucht."
    assert "der" in Shingler().sketch_items(german) and "dass" in Shingler().sketch_items(german)
    assert "der" not in Shingler(stopwords=("en", "de")).sketch_items(german)
    assert "dass" not in Shingler(stopwords=("en", "de")).sketch_items(german)
    assert "lukaschenko" in Shingler(stopwords=("en", "de")).sketch_items(german)
    # fewer stopwords, more content words
    assert len(Shingler(stopword_count=10).sketch_items(text)) > len(items)
    assert Shingler(sketch="shingles").sketch_items(text) == Shingler().shingles(text)


FULLWIDTH = {c: chr(ord(c) - 0x21 + 0xFF01) for c in map(chr, range(0x21, 0x7F))}


def fullwidth(text: str) -> str:
    return "".join(FULLWIDTH.get(c, c) for c in text)


def repunctuate(text: str) -> str:
    """Every punctuation mark or symbol swapped for another, every space for a run of spacing."""
    swapped = re.sub(r"[^\w\s]", lambda m: "!" if m.group() != "!" else "?", text)
    return swapped.replace(" ", " \t ").replace("\n", "\n\n  \n")


def same_features(shingler: Shingler, a: str, b: str) -> bool:
    fa, fb = shingler.features(a), shingler.features(b)
    return np.array_equal(fa.shingles, fb.shingles) and np.array_equal(fa.sketch, fb.sketch) and fa.fingerprint == fb.fingerprint


@pytest.mark.parametrize("name", ["default", "n3", "char", "shingles", "sha1", "en-de"])
@pytest.mark.parametrize("key", list(SEEDS))
def test_case_punctuation_spacing_and_compatibility_forms_do_not_change_features(name, key):
    shingler, text = SHINGLERS[name], SEEDS[key]
    for variant in (
        text.upper(),
        text.lower(),
        text.swapcase(),
        repunctuate(text),
        " ".join(text.split()),
        fullwidth(text),
        text.replace("fi", "ﬁ").replace("fl", "ﬂ"),
        unicodedata.normalize("NFD", text),
        unicodedata.normalize("NFKD", text),
    ):
        assert same_features(shingler, text, variant)
    assert not same_features(shingler, text, light_edit(text))


@pytest.mark.parametrize(
    "a,b",
    [
        ("ﬁnal ﬁgures", "final figures"),
        ("Ｈｅｌｌｏ， Ｗｏｒｌｄ！", "hello world"),
        ("café", "cafe\u0301"),
        ("𝐁𝐨𝐥𝐝 text", "bold TEXT"),
        ("STRASSE", "straße"),
        ("x² ①", "x2 1"),
        ("ΣΟΦΟΣ", "σοφος"),
        ("Minsk,Moscow", "minsk moscow"),
        ("  Minsk\n\n\tMoscow  ", "Minsk Moscow"),
    ],
)
def test_normalised_variants_have_equal_features(a, b):
    for shingler in (Shingler(), Shingler(unit="char"), Shingler(hash="sha1")):
        assert same_features(shingler, a, b)


@given(text=UNICODE_TEXT, form=st.sampled_from(["NFC", "NFD", "NFKC", "NFKD"]))
def test_unicode_normal_forms_do_not_change_features(text, form):
    variant = unicodedata.normalize(form, text)
    for shingler in (SHINGLERS["default"], SHINGLERS["char5-shingles"], SHINGLERS["sha1"]):
        assert same_features(shingler, text, variant)


@given(st.text(st.sampled_from("abcXYZ019 .,;!?-\n\t'\""), max_size=60))
def test_ascii_case_and_punctuation_do_not_change_features(text):
    variant = re.sub(r"[.,;!?'\"-]", lambda m: ".,;!?'\"-"[(".,;!?'\"-".index(m.group()) + 3) % 8], text.swapcase())
    variant = variant.replace(" ", "\n \t")
    for shingler in (SHINGLERS["default"], SHINGLERS["char"], SHINGLERS["sha1"]):
        assert same_features(shingler, text, variant)


TOKENISH = st.text(st.sampled_from("ab A B 1 é É .,-\n"), max_size=12)


@pytest.mark.parametrize("name", ["default", "char", "sha1"])
@given(a=TOKENISH, b=TOKENISH)
def test_fingerprints_are_equal_iff_token_sequences_are(name, a, b):
    shingler = SHINGLERS[name]
    same_tokens = ref_tokens(a) == ref_tokens(b)
    assert (shingler.features(a).fingerprint == shingler.features(b).fingerprint) == same_tokens


def test_fingerprints_tell_word_order_and_word_boundaries_apart():
    shingler = Shingler()
    pairs = [("man bites dog", "dog bites man"), ("ab c", "a bc"), ("abc", "ab c"), ("a a", "a"), ("", "a")]
    for a, b in pairs:
        assert shingler.features(a).fingerprint != shingler.features(b).fingerprint, (a, b)
    assert shingler.features("").fingerprint == shingler.features("?!").fingerprint


@pytest.mark.parametrize("n", [2, 3, 5])
@given(data=st.data())
def test_texts_shorter_than_n_words_give_one_shingle(n, data):
    count = data.draw(st.integers(1, n - 1))
    words = data.draw(st.lists(st.sampled_from(WORDS + ["Минск", "中文", "𝐁x"]), min_size=count, max_size=count))
    text = " -- ".join(words)
    for shingler in (Shingler(n=n), Shingler(n=n, sketch="shingles"), Shingler(n=n, hash="sha1")):
        assert shingler.shingles(text) == [" ".join(ref_tokens(text))]
        assert len(shingler.features(text).shingles) == 1


def test_texts_shorter_than_n_characters_give_one_shingle():
    for text in ("ab", "a b", "Ab!"):
        shingler = Shingler(n=5, unit="char")
        assert shingler.shingles(text) == [" ".join(ref_tokens(text))]
        assert len(shingler.features(text).shingles) == 1


@pytest.mark.parametrize("name", list(SHINGLERS))
@pytest.mark.parametrize("text", ["", "   ", "!?.,;:", "-- ... --", "\n\n"])
def test_texts_without_tokens_have_no_shingles_and_no_sketch(name, text):
    shingler = SHINGLERS[name]
    features = shingler.features(text)
    assert len(features.shingles) == 0 and len(features.sketch) == 0
    assert shingler.shingles(text) == [] and shingler.sketch_items(text) == []


def test_repeated_shingles_count_once():
    shingler = Shingler()
    assert len(shingler.shingles("the cat the cat the cat")) == 5
    assert len(shingler.features("the cat the cat the cat").shingles) == 2


@pytest.mark.parametrize(
    "kwargs",
    [
        {"n": 0},
        {"n": -2},
        {"n": 1.5},
        {"n": True},
        {"n": "2"},
        {"unit": "line"},
        {"unit": "Word"},
        {"sketch": "tokens"},
        {"hash": "md5"},
        {"stopwords": ("xx",)},
        {"stopwords": ("en", "qq")},
    ],
)
def test_shingler_rejects_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        Shingler(**kwargs)


def test_shingler_takes_one_language_as_a_string():
    assert Shingler(stopwords="en").stopwords == ("en",)
    assert Shingler(stopwords=["en", "de"]).stopwords == ("en", "de")
    assert Shingler(stopwords="en") == Shingler()


# === 3. overlap ============================================================================

HASH_SETS = st.sets(st.integers(0, 60), max_size=40) | st.sets(st.integers(0, 2**32 - 1), max_size=20)


def as_array(values) -> np.ndarray:
    return np.array(sorted(values), dtype=np.uint32)


@given(HASH_SETS, HASH_SETS)
def test_overlap_matches_python_sets(a, b):
    jaccard, containment = overlap(as_array(a), as_array(b))
    if not a or not b:
        assert (jaccard, containment) == (0.0, 0.0)
    else:
        assert jaccard == pytest.approx(len(a & b) / len(a | b))
        assert containment == pytest.approx(len(a & b) / min(len(a), len(b)))
    assert overlap(as_array(b), as_array(a)) == (jaccard, containment)


def test_overlap_containment_uses_the_smaller_set():
    small, large = as_array([3, 4]), as_array([1, 2, 3, 4, 5, 6, 7, 8])
    assert overlap(small, large) == (0.25, 1.0)
    assert overlap(large, small) == (0.25, 1.0)
    assert overlap(as_array([1, 2, 3, 9]), as_array([1, 2, 3, 4, 5, 6])) == (3 / 7, 3 / 4)
    assert overlap(as_array([4294967295]), as_array([0, 4294967295])) == (0.5, 1.0)
    assert overlap(as_array([]), as_array([])) == (0.0, 0.0)
    assert overlap(as_array([5]), as_array([])) == (0.0, 0.0)
    assert overlap(as_array([7]), as_array([1, 2, 3])) == (0.0, 0.0)  # past the end of the larger


# === 4. LSH ================================================================================


def reference_optimal_param(threshold, num_perm, fp_weight=0.5, fn_weight=0.5):
    """datasketch's criterion, written out: integrals by scipy's quad."""
    from scipy.integrate import quad

    best, best_error = (0, 0), float("inf")
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            fp = quad(lambda s: 1 - (1 - s**r) ** b, 0.0, threshold)[0]  # noqa: B023 - called at once
            fn = quad(lambda s: (1 - s**r) ** b, threshold, 1.0)[0]  # noqa: B023 - called at once
            error = fp * fp_weight + fn * fn_weight
            if error < best_error:
                best, best_error = (b, r), error
    return best


OPTIMAL_PARAM = _datasketch_optimal_param or reference_optimal_param


@pytest.mark.parametrize("num_perm", [8, 16, 64, 128, 256])
def test_choose_bands_agrees_with_datasketch(num_perm):
    thresholds = [0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95]
    if num_perm == 256:
        thresholds = thresholds[::2] + [0.15]
    for threshold in thresholds:
        bands, rows = choose_bands(threshold, num_perm)
        assert (bands, rows) == OPTIMAL_PARAM(threshold, num_perm, 0.5, 0.5), threshold
        assert bands * rows <= num_perm


@pytest.mark.parametrize("weights", [(0.9, 0.1), (0.1, 0.9), (0.3, 0.7)])
def test_choose_bands_agrees_with_datasketch_for_other_weights(weights):
    for num_perm in (16, 128):
        for threshold in (0.2, 0.5, 0.8):
            assert choose_bands(threshold, num_perm, *weights) == OPTIMAL_PARAM(threshold, num_perm, *weights)


def test_choose_bands_agrees_with_datasketch_lsh():
    for threshold in (0.3, 0.5, 0.8):
        lsh = datasketch.MinHashLSH(threshold=threshold, num_perm=128)
        assert choose_bands(threshold, 128) == (lsh.b, lsh.r)


@pytest.mark.parametrize("threshold", [0.0, 1.0, -0.5, 1.5])
def test_choose_bands_rejects_a_threshold_outside_zero_and_one(threshold):
    with pytest.raises(ValueError):
        choose_bands(threshold, 128)


@given(st.floats(0.0, 1.0), st.integers(1, 30), st.integers(1, 8))
def test_candidate_probability_is_the_banding_formula(s, bands, rows):
    p = float(candidate_probability(s, bands, rows))
    assert p == pytest.approx(1 - (1 - s**rows) ** bands, abs=1e-12)
    assert 0.0 <= p <= 1.0
    assert float(candidate_probability(min(1.0, s + 0.1), bands, rows)) >= p - 1e-12


SMALL_SIGNATURES = st.integers(1, 14).flatmap(
    lambda n: st.lists(st.lists(st.integers(0, 2), min_size=12, max_size=12), min_size=n, max_size=n)
).map(lambda rows: np.array(rows, dtype=np.uint32))


@pytest.mark.parametrize("rows", [1, 2, 3])
@given(sig=SMALL_SIGNATURES, bands=st.integers(1, 4))
def test_band_keys_are_equal_iff_the_bands_are(rows, sig, bands):
    keys = band_keys(sig, bands, rows)
    assert keys.shape == (len(sig), bands) and keys.dtype == np.uint64
    cut = sig[:, : bands * rows].reshape(len(sig), bands, rows)
    if rows == 1:
        assert np.array_equal(keys, sig[:, :bands].astype(np.uint64))
    same_key = keys[:, None, :] == keys[None, :, :]  # [i, j, band]
    same_band = (cut[:, None, :, :] == cut[None, :, :, :]).all(axis=-1)
    assert np.array_equal(same_key, same_band)


def test_band_keys_of_full_range_values():
    rng = np.random.default_rng(11)
    sig = rng.integers(0, 2**32, (200, 12), dtype=np.uint64).astype(np.uint32)
    sig[1] = sig[0]
    sig[2, :6] = sig[0, :6]
    for rows in (1, 2, 3, 4):
        keys = band_keys(sig, 12 // rows, rows)
        assert np.array_equal(keys[0], keys[1])
        assert np.array_equal(keys[2, : 6 // rows], keys[0, : 6 // rows])
        # random bands: all keys distinct (rows=1 compares single values, so fewer of them)
        assert len(np.unique(keys[3:])) == keys[3:].size


def test_band_keys_ignore_columns_past_bands_times_rows_and_reject_too_few():
    sig = np.arange(40, dtype=np.uint32).reshape(4, 10)
    other = sig.copy()
    other[:, 9] = 0
    assert np.array_equal(band_keys(sig, 3, 3), band_keys(other, 3, 3))
    with pytest.raises(ValueError):
        band_keys(sig, 4, 3)
    with pytest.raises(ValueError):
        band_keys(sig[0], 2, 2)


def brute_force_pairs(keys: np.ndarray) -> set[tuple[int, int]]:
    return {(i, j) for i, j in itertools.combinations(range(len(keys)), 2) if (keys[i] == keys[j]).any()}


def next_in_bucket_pairs(keys: np.ndarray, max_bucket: int) -> set[tuple[int, int]]:
    """The documented rule: in each bucket, each member with its next ``max_bucket``."""
    out = set()
    for column in keys.T:
        buckets: dict[int, list[int]] = {}
        for doc, key in enumerate(column.tolist()):
            buckets.setdefault(key, []).append(doc)
        for members in buckets.values():
            for k, doc in enumerate(members):
                out.update((doc, other) for other in members[k + 1 : k + 1 + max_bucket])
    return out


def as_pair_set(pairs: np.ndarray) -> set[tuple[int, int]]:
    return {(int(i), int(j)) for i, j in pairs}


def check_pair_array(pairs: np.ndarray) -> None:
    assert pairs.ndim == 2 and pairs.shape[1] == 2 and pairs.dtype == np.int64
    assert (pairs[:, 0] < pairs[:, 1]).all()
    assert [tuple(p) for p in pairs.tolist()] == sorted(set(tuple(p) for p in pairs.tolist()))


KEY_MATRICES = st.integers(0, MAX_BUCKET).flatmap(  # no bucket above the cap: all pairs by default
    lambda n: st.tuples(
        st.integers(1, 4).flatmap(
            lambda b: st.lists(st.lists(st.integers(0, 3), min_size=b, max_size=b), min_size=n, max_size=n).map(
                lambda rows: np.array(rows, dtype=np.uint64).reshape(n, b)
            )
        )
    )
).map(lambda t: t[0])


@given(keys=KEY_MATRICES)
def test_candidate_pairs_equal_brute_force(keys):
    pairs = candidate_pairs(keys)
    check_pair_array(pairs)
    assert as_pair_set(pairs) == brute_force_pairs(keys)
    assert as_pair_set(candidate_pairs(keys, max_bucket=len(keys) + 1)) == brute_force_pairs(keys)


@given(keys=st.integers(0, 40).flatmap(
    lambda n: st.lists(st.lists(st.integers(0, 2), min_size=2, max_size=2), min_size=n, max_size=n)))
def test_candidate_pairs_of_big_buckets_are_a_connected_subset(keys):
    matrix = np.array(keys, dtype=np.uint64).reshape(len(keys), 2)
    pairs = as_pair_set(candidate_pairs(matrix, max_bucket=4))
    assert pairs <= brute_force_pairs(matrix)
    for band in range(2):
        for value in range(3):
            members = [i for i in range(len(keys)) if keys[i][band] == value]
            assert connected(members, pairs)


def connected(members: list[int], pairs: set[tuple[int, int]]) -> bool:
    if len(members) < 2:
        return True
    inside = set(members)
    reach, todo = {members[0]}, [members[0]]
    neighbours: dict[int, set[int]] = {}
    for i, j in pairs:
        if i in inside and j in inside:
            neighbours.setdefault(i, set()).add(j)
            neighbours.setdefault(j, set()).add(i)
    while todo:
        for other in neighbours.get(todo.pop(), ()):
            if other not in reach:
                reach.add(other)
                todo.append(other)
    return reach == inside


@given(keys=KEY_MATRICES, max_bucket=st.integers(1, 5))
def test_candidate_pairs_in_buckets_bigger_than_max_bucket(keys, max_bucket):
    pairs = as_pair_set(candidate_pairs(keys, max_bucket=max_bucket))
    assert pairs <= brute_force_pairs(keys)
    assert pairs == next_in_bucket_pairs(keys, max_bucket)
    for column in keys.T:
        for key in set(column.tolist()):
            members = np.flatnonzero(column == key).tolist()
            assert connected(members, pairs)
            if len(members) <= max_bucket + 1:  # small enough: every pair is there
                assert set(itertools.combinations(members, 2)) <= pairs


def test_candidate_pairs_with_one_big_bucket():
    rng = np.random.default_rng(3)
    keys = rng.integers(0, 2**63, (300, 3), dtype=np.uint64)
    members = sorted(rng.choice(300, 200, replace=False).tolist())
    keys[members, 1] = 42
    pairs = as_pair_set(candidate_pairs(keys))  # the default max_bucket
    assert pairs == next_in_bucket_pairs(keys, MAX_BUCKET)
    assert len(pairs) == sum(200 - d for d in range(1, MAX_BUCKET + 1))
    assert connected(members, pairs)
    assert as_pair_set(candidate_pairs(keys, max_bucket=200)) == brute_force_pairs(keys)


def test_candidate_pairs_of_nothing():
    for keys in (np.empty((0, 4), np.uint64), np.zeros((1, 4), np.uint64), np.arange(12, dtype=np.uint64).reshape(3, 4)):
        pairs = candidate_pairs(keys)
        assert pairs.shape == (0, 2) and pairs.dtype == np.int64


@pytest.mark.parametrize("rows", [1, 2, 3])
@given(sig=SMALL_SIGNATURES, bands=st.integers(1, 4))
def test_band_keys_then_candidate_pairs_equal_brute_force_on_bands(rows, sig, bands):
    cut = [[tuple(band) for band in doc] for doc in sig[:, : bands * rows].reshape(len(sig), bands, rows).tolist()]
    expected = {(i, j) for i, j in itertools.combinations(range(len(sig)), 2) if any(x == y for x, y in zip(cut[i], cut[j]))}
    assert as_pair_set(candidate_pairs(band_keys(sig, bands, rows))) == expected


# === 5. find_duplicates ======================================================================

CLEANER = Cleaner()


def teaser(text: str) -> str:
    ps = paragraphs(text)
    return "\n\n".join(ps[: max(1, len(ps) // 3)])


def embedded(text: str, before: str, after: str) -> str:
    """A copy of ``text`` inside a longer page, between two other stories."""
    return "\n\n".join([before, text, after])


def page_of(key: str) -> str:
    """Seed ``key`` embedded between the two longest other seeds."""
    before, after = sorted((k for k in SEEDS if k != key), key=lambda k: -len(SEEDS[k]))[:2]
    return embedded(SEEDS[key], SEEDS[before], SEEDS[after])


def recased(text: str) -> str:
    return repunctuate(text.upper())


def group_sets(result: Duplicates) -> set[frozenset[str]]:
    return {frozenset(g.ids) for g in result.groups}


def measures(result: Duplicates) -> dict[str, str]:
    return {m.id: m.measure for g in result.groups for m in g.members}


def check_groups(result: Duplicates) -> None:
    """What holds of every result: disjoint groups of two or more, representative first."""
    seen: set[str] = set()
    for g in result.groups:
        assert len(g.members) >= 2
        assert g.members[0].id == g.representative and g.members[0].measure == "representative"
        assert all(m.measure in ("exact", "jaccard", "containment") for m in g.members[1:])
        assert not seen & set(g.ids)
        seen |= set(g.ids)
        for m in g.members[1:]:
            assert m.linked_to in g.ids and m.linked_to != m.id
    assert result.duplicates() == {m.id for g in result.groups for m in g.members[1:]}


@pytest.mark.parametrize("clean", [True, False])
def test_the_seeds_are_not_duplicates_of_each_other(clean):
    result = find_duplicates(SEEDS.items(), clean=CLEANER if clean else False)
    assert result.groups == []
    assert result.group_of("000") is None and result.group_of("003") is None
    assert result.duplicates() == set()
    assert result.stats["documents"] == 4


def test_two_translations_of_one_story_are_not_grouped():
    # 000 and 003 tell the same story in different words: not near-duplicates
    jaccard, containment = overlap(Shingler().features(SEEDS["000"]).shingles, Shingler().features(SEEDS["003"]).shingles)
    assert jaccard < 0.5 and containment < 0.3
    for config in (DedupConfig(), DedupConfig(sketch="shingles"), DedupConfig(unit="char", ngram=5, containment=None)):
        assert find_duplicates([("000", SEEDS["000"]), ("003", SEEDS["003"])], config=config, clean=False).groups == []


def variant_group(original: str, variant: str, **kwargs) -> tuple[Duplicates, str]:
    result = find_duplicates([("original", original), ("variant", variant)], **kwargs)
    check_groups(result)
    assert group_sets(result) == {frozenset({"original", "variant"})}
    return result, measures(result)["variant" if result.groups[0].representative == "original" else "original"]


@pytest.mark.parametrize("clean", [CLEANER, False], ids=["clean", "raw"])
@pytest.mark.parametrize("key", list(SEEDS))
def test_a_copy_with_other_case_and_punctuation_is_exact(key, clean):
    # the cleaner's rules are case-sensitive ("[ad_1]", not "[AD_1]"): vary the clean text
    variant = recased(CLEANER.clean(SEEDS[key]).text if clean else SEEDS[key])
    result, measure = variant_group(SEEDS[key], variant, clean=clean)
    assert measure == "exact"
    member = result.groups[0].members[1]
    assert (member.jaccard, member.containment, member.score) == (1.0, 1.0, 1.0)
    assert result.stats["exact_duplicates"] == 1


@pytest.mark.parametrize("key", list(SEEDS))
def test_a_light_edit_is_a_jaccard_duplicate(key):
    original = SEEDS[key]
    edited = light_edit(original, 0.05, seed=int(key))
    result, measure = variant_group(original, edited, clean=CLEANER)
    assert measure == "jaccard"
    member = result.groups[0].members[1]
    reference = overlap(Shingler().features(CLEANER.clean(original).text).shingles,
                        Shingler().features(CLEANER.clean(edited).text).shingles)
    assert member.jaccard == pytest.approx(reference[0]) and 0.5 <= member.jaccard < 1.0
    assert member.score == pytest.approx(member.jaccard)


@pytest.mark.parametrize("key", list(SEEDS))
def test_a_teaser_is_a_containment_duplicate(key):
    original = SEEDS[key]
    result, measure = variant_group(original, teaser(original), clean=CLEANER)
    assert measure == "containment"
    group = result.groups[0]
    assert group.representative == "original"  # the longest
    member = group.members[1]
    assert member.jaccard < 0.5 and member.containment >= 0.99 and member.score == pytest.approx(member.containment)


@pytest.mark.parametrize("key", list(SEEDS))
def test_a_copy_inside_a_longer_page_is_a_containment_duplicate(key):
    result, measure = variant_group(SEEDS[key], page_of(key), clean=CLEANER)
    assert measure == "containment"
    assert result.groups[0].representative == "variant"  # the page is longer
    assert result.groups[0].members[1].containment >= 0.99


def test_variants_of_every_seed_together():
    """Every seed with a recased copy and a light edit: one group per seed."""
    docs = []
    for key, text in SEEDS.items():
        docs += [(key, text), (f"{key}-recased", recased(text)), (f"{key}-edit", light_edit(text, seed=int(key)))]
    result = find_duplicates(docs, clean=False)
    check_groups(result)
    assert group_sets(result) == {frozenset({k, f"{k}-recased", f"{k}-edit"}) for k in SEEDS}
    for key in SEEDS:
        group = result.group_of(key)
        assert group.representative == f"{key}-recased"  # the longest: its spacing is wider
        by_id = {m.id: m for m in group.members}
        assert by_id[key].measure == "exact"
        assert by_id[f"{key}-edit"].measure == "jaccard"
    # with the teasers: each joins its seed's group (single linkage may join stories too:
    # a teaser is short, and stories of one event share quotes)
    teasers = [(f"{key}-teaser", teaser(text)) for key, text in SEEDS.items()]
    result = find_duplicates(docs + teasers, clean=False)
    check_groups(result)
    for key in SEEDS:
        assert {key, f"{key}-recased", f"{key}-edit", f"{key}-teaser"} <= set(result.group_of(key).ids)


def test_representative_policies():
    original, page, short = SEEDS["001"], page_of("001"), teaser(SEEDS["001"])
    docs = [("b-original", original), ("c-teaser", short), ("a-page", page)]
    assert find_duplicates(docs, clean=False).groups[0].representative == "a-page"
    assert find_duplicates(docs, clean=False, representative="longest").groups[0].representative == "a-page"
    assert find_duplicates(docs, clean=False, representative="earliest").groups[0].representative == "b-original"
    assert find_duplicates(docs, clean=False, representative=lambda i: i).groups[0].representative == "a-page"
    assert find_duplicates(docs, clean=False, representative=lambda i: -ord(i[0])).groups[0].representative == "c-teaser"
    ranked = find_duplicates(docs, clean=False, representative={"b-original": 0, "c-teaser": 1, "a-page": 2}.get)
    assert ranked.groups[0].ids == ("b-original", "c-teaser", "a-page")
    # "longest" among equal lengths: the earliest
    equal = [("x", original), ("y", original), ("z", original)]
    assert find_duplicates(equal, clean=False).groups[0].ids == ("x", "y", "z")
    assert find_duplicates(equal[::-1], clean=False).groups[0].ids == ("z", "y", "x")
    with pytest.raises(ValueError):
        find_duplicates(docs, clean=False, representative="shortest")


def permutation_corpus() -> list[tuple[str, str]]:
    docs = [(k, v) for k, v in SEEDS.items()]
    docs += [
        ("001-recased", recased(SEEDS["001"])),
        ("001-teaser", teaser(SEEDS["001"])),
        ("002-edit", light_edit(SEEDS["002"], seed=2)),
        ("002-page", page_of("002")),
        ("003-copy", SEEDS["003"]),
        ("empty", ""),
        ("punctuation", "..."),
        ("short", "Minsk and Moscow."),
        ("short-copy", "MINSK AND MOSCOW!"),
    ]
    return docs


PERMUTATION_CORPUS = permutation_corpus()
PERMUTATION_GROUPS = group_sets(find_duplicates(PERMUTATION_CORPUS, clean=False))


def test_the_permutation_corpus_has_the_groups_it_was_made_with():
    def together(*ids: str) -> bool:
        return any(set(ids) <= g for g in PERMUTATION_GROUPS)

    assert together("001", "001-recased", "001-teaser")
    assert together("002", "002-edit", "002-page")
    assert together("003", "003-copy")
    assert frozenset({"short", "short-copy"}) in PERMUTATION_GROUPS
    assert not any({"empty", "punctuation"} & g for g in PERMUTATION_GROUPS)
    assert len(PERMUTATION_GROUPS) >= 2


@fewer(8)
@given(st.permutations(PERMUTATION_CORPUS))
def test_groups_do_not_depend_on_input_order(docs):
    result = find_duplicates(docs, clean=False)
    check_groups(result)
    assert group_sets(result) == PERMUTATION_GROUPS


@fewer(4)
@given(text=articles(), other=articles(), data=st.data())
def test_a_document_is_a_duplicate_of_its_own_copy(text, other, data):
    copy = data.draw(st.sampled_from([text, text.upper(), repunctuate(text), text.replace("\n\n", "\n")]))
    docs = [("original", text), ("copy", copy), ("other", other)]
    order = data.draw(st.permutations(docs))
    result = find_duplicates(order, clean=False)
    check_groups(result)
    group = result.group_of("original")
    assert group is not None and "copy" in group.ids
    by_id = {m.id: m for m in group.members}
    non_representative = "copy" if group.representative != "copy" else "original"
    if group.representative in ("original", "copy"):
        assert by_id[non_representative].measure == "exact"


@fewer(10)
@given(text=articles())
def test_a_cleaned_document_is_a_duplicate_of_its_own_copy(text):
    result = find_duplicates([("a", text), ("b", text)], clean=CLEANER)
    if ref_tokens(CLEANER.clean(text).text):
        assert group_sets(result) == {frozenset({"a", "b"})}
        assert result.groups[0].members[1].measure == "exact"
    else:  # cleaned to nothing: never grouped
        assert result.groups == []


def test_documents_without_tokens_are_never_grouped():
    docs = [("a", ""), ("b", ""), ("c", "!!!"), ("d", " ... "), ("e", "\n\n"), ("f", "!!!"), ("seed", SEEDS["001"])]
    for clean in (CLEANER, False):
        result = find_duplicates(docs, clean=clean)
        assert result.groups == []
        assert result.stats["documents"] == len(docs)
    with_copies = docs + [("seed-copy", SEEDS["001"])]
    assert group_sets(find_duplicates(with_copies, clean=False)) == {frozenset({"seed", "seed-copy"})}


def test_duplicate_ids_are_an_error():
    with pytest.raises(ValueError):
        find_duplicates([("a", "one text here"), ("a", "another text")], clean=False)
    with pytest.raises(ValueError):
        find_duplicates([Document("x.txt", SEEDS["001"]), Document("x.txt", SEEDS["002"])], clean=False)
    with pytest.raises(ValueError):  # a string's id is its position: "0" here
        find_duplicates(["some text", ("0", "other text")], clean=False)


def test_accepted_kinds_of_input():
    text = SEEDS["001"]
    docs = [text, Document("doc", recased(text)), Cleaned("cleaned", text.lower()), ("pair", text.upper()), (7, text)]
    result = find_duplicates(docs, clean=False, representative="earliest")
    assert group_sets(result) == {frozenset({"0", "doc", "cleaned", "pair", "7"})}
    assert result.groups[0].ids == ("0", "doc", "cleaned", "pair", "7")
    # a generator is read once, as it comes
    assert group_sets(find_duplicates((d for d in docs), clean=False)) == group_sets(result)
    for bad in (42, b"bytes", ("id",), ("id", 3), ("a", "b", "c"), None):
        with pytest.raises(TypeError):
            find_duplicates([text, bad], clean=False)


def boilerplated(text: str) -> str:
    return "[ad_1]\n\n" + text.strip() + "\n\nLeave a Comment\n\nSource link\n"


def test_cleaning_groups_a_copy_that_differs_by_boilerplate_only():
    original = "\n\n".join(paragraphs(SEEDS["001"])[:3])
    copy = boilerplated(original)
    shingler = Shingler()
    raw_a, raw_b = shingler.features(original), shingler.features(copy)
    assert raw_a.fingerprint != raw_b.fingerprint and not np.array_equal(raw_a.shingles, raw_b.shingles)
    strict = DedupConfig(threshold=0.99, containment=None)
    assert find_duplicates([("original", original), ("copy", copy)], config=strict, clean=False).groups == []
    for clean in (True, CLEANER):
        result = find_duplicates([("original", original), ("copy", copy)], config=strict, clean=clean)
        assert group_sets(result) == {frozenset({"original", "copy"})}
        assert measures(result)["copy" if result.groups[0].representative == "original" else "original"] == "exact"
    # at default settings too
    assert group_sets(find_duplicates([("original", original), ("copy", copy)])) == {frozenset({"original", "copy"})}


def test_a_custom_cleaner_is_used():
    original = "\n\n".join(paragraphs(SEEDS["001"])[:3])
    copy = boilerplated(original)
    strict = DedupConfig(threshold=0.99, containment=None)
    nothing = Cleaner(steps=[])
    assert nothing.clean(copy).text == copy
    assert find_duplicates([("original", original), ("copy", copy)], config=strict, clean=nothing).groups == []


def test_to_dict_is_json():
    docs = [("a", SEEDS["001"]), ("b", recased(SEEDS["001"])), ("c", teaser(SEEDS["001"])),
            ("d", SEEDS["002"]), ("e", light_edit(SEEDS["002"]))]
    result = find_duplicates(docs, clean=False)
    data = json.loads(json.dumps(result.to_dict()))
    assert set(data) >= {"groups"}
    assert len(data["groups"]) == 2
    for group, original in zip(data["groups"], result.groups):
        assert group["representative"] == original.representative
        assert group["members"][0] == group["representative"]
        assert group["members"] == list(original.ids)
        assert len(set(group["members"])) == len(group["members"])
    assert {frozenset(g["members"]) for g in data["groups"]} == group_sets(result)
    assert json.loads(json.dumps(find_duplicates(SEEDS.items(), clean=False).to_dict()))["groups"] == []


@pytest.mark.parametrize(
    "config",
    [
        DedupConfig(sketch="shingles"),
        DedupConfig(unit="char", ngram=5, containment=None),  # every English text shares 5-grams
        DedupConfig(ngram=3, num_perm=256, seed=7),
        DedupConfig(stopwords=("en", "de"), num_perm=64),
        DedupConfig(bands=32, rows=4),
    ],
    ids=["shingles", "char5", "n3-256", "en-de-64", "banded"],
)
def test_other_configurations_find_the_same_variants(config):
    text = SEEDS["000"]
    docs = [("a", text), ("b", recased(text)), ("c", light_edit(text)), ("d", SEEDS["001"]), ("e", SEEDS["003"])]
    result = find_duplicates(docs, config=config, clean=False)
    check_groups(result)
    assert group_sets(result) == {frozenset({"a", "b", "c"})}
    assert result.config == config


def test_config_overrides_threshold_and_containment():
    text = SEEDS["002"]
    docs = [("a", text), ("t", teaser(text))]
    assert group_sets(find_duplicates(docs, clean=False)) == {frozenset({"a", "t"})}
    assert find_duplicates(docs, clean=False, containment=None).groups == []
    assert find_duplicates(docs, clean=False, containment=None, config=DedupConfig()).groups != []
    assert find_duplicates(docs, clean=False, config=DedupConfig(containment=None)).groups == []


def test_threshold_decides_a_light_edit():
    text = SEEDS["001"]
    edited = light_edit(text, 0.05)
    jaccard, _ = overlap(Shingler().features(text).shingles, Shingler().features(edited).shingles)
    docs = [("a", text), ("b", edited)]
    assert find_duplicates(docs, clean=False, threshold=jaccard - 0.01, containment=None).groups
    assert not find_duplicates(docs, clean=False, threshold=min(1.0, jaccard + 0.01), containment=None).groups


# === 6. DedupConfig ==========================================================================


@pytest.mark.parametrize(
    "kwargs",
    [
        {"threshold": 0.0},
        {"threshold": -0.1},
        {"threshold": 1.5},
        {"containment": 0.0},
        {"containment": 1.2},
        {"min_shingles": 0},
        {"bands": 16},
        {"rows": 4},
        {"bands": 33, "rows": 4},
        {"bands": 16, "rows": 16, "num_perm": 128},
        {"candidates": 0.0},
        {"candidates": 1.0},
        {"ngram": 0},
        {"unit": "sentence"},
        {"sketch": "pairs"},
        {"stopwords": ("xx",)},
        {"stopwords": ("en", "zz")},
        {"num_perm": 0},
    ],
)
def test_dedup_config_rejects_bad_settings(kwargs):
    with pytest.raises(ValueError):
        config = DedupConfig(**kwargs)
        config.minhasher()  # num_perm is checked where it is used, at the latest


def test_dedup_config_accepts_the_edges():
    assert DedupConfig(threshold=1.0).threshold == 1.0
    assert DedupConfig(containment=None).containment is None
    assert DedupConfig(containment=1.0).containment == 1.0
    assert DedupConfig(bands=32, rows=4).banding == (32, 4)
    assert DedupConfig(stopwords="de").stopwords == ("de",)
    assert DedupConfig(stopwords=()).shingler() == Shingler(stopwords=())


def test_dedup_config_builds_its_parts():
    config = DedupConfig(ngram=3, unit="char", sketch="shingles", stopwords=("en", "de"), num_perm=64, seed=7)
    assert config.shingler() == Shingler(n=3, unit="char", sketch="shingles", stopwords=("en", "de"))
    h = config.minhasher()
    assert (h.num_perm, h.seed) == (64, 7)
    assert config.banding == choose_bands(config.candidate_threshold, 64)
    assert DedupConfig().banding == choose_bands(DedupConfig().candidate_threshold, 128)
    assert json.loads(json.dumps(config.to_dict()))["ngram"] == 3


def test_duplicate_finder_streams_like_find_duplicates():
    from newsclean import dedup

    finder = dedup.DuplicateFinder(clean=False)
    for doc_id, text in PERMUTATION_CORPUS:
        finder.add(doc_id, text)
    assert group_sets(finder.finish()) == PERMUTATION_GROUPS
    with pytest.raises(ValueError):
        finder.add("001", "again")
    # it goes on after finish(): a late copy joins its original
    finder.add("late-copy", SEEDS["000"].upper())
    assert "late-copy" in finder.finish().group_of("000").ids


# -- the strongest-link rule, vectorised, against the plain sequential statement of it ------


def _sequential_links(exact_of, matches):
    """The rule as a loop: exact links first; then, over the matches in (a, b) order, a
    document's link moves only to a strictly higher score."""
    links = {}
    for index in sorted(exact_of):
        links[index] = (exact_of[index], "exact", 1.0)
        links.setdefault(exact_of[index], (index, "exact", 1.0))
    for a, b, measure, score in sorted(matches):
        for one, other in ((a, b), (b, a)):
            if one not in links or links[one][2] < score:
                links[one] = (other, measure, score)
    return links


@st.composite
def _match_lists(draw):
    n = draw(st.integers(2, 12))
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda p: p[0] != p[1])
                          .map(lambda p: (min(p), max(p))), unique=True, max_size=30))
    scores = st.sampled_from([0.3, 0.5, 0.5, 0.75, 1.0])  # few values: ties are common
    matches = [(a, b, draw(st.sampled_from(["jaccard", "containment"])), draw(scores)) for a, b in pairs]
    firsts = draw(st.dictionaries(st.integers(n, n + 5), st.integers(0, n - 1), max_size=4))
    return firsts, draw(st.permutations(matches))


@given(_match_lists())
def test_best_links_follow_the_sequential_rule(case):
    from newsclean.dedup.groups import best_links

    exact_of, matches = case
    assert best_links(exact_of, matches) == _sequential_links(exact_of, matches)


def test_best_links_ties_go_to_the_earliest_pair():
    from newsclean.dedup.groups import best_links

    links = best_links({}, [(2, 5, "jaccard", 0.5), (1, 5, "jaccard", 0.5), (5, 9, "jaccard", 0.4)])
    assert links[5] == (1, "jaccard", 0.5)
    assert links[9] == (5, "jaccard", 0.4)

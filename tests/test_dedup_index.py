"""DedupIndex: a growing near-duplicate index, its agreement with find_duplicates, and
its file format (round trips, damaged files, no pickle, atomic saves).

Every text comes from examples/seeds and variants made from them here."""

from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.lib import format as npy

import newsclean
from newsclean.dedup import DedupConfig, DedupIndex, Match, find_duplicates
from newsclean.errors import DedupIndexError, NewscleanError

SEEDS = [p.read_text(encoding="utf-8")
         for p in sorted((Path(__file__).resolve().parents[1] / "examples" / "seeds").glob("*.txt"))]
ARRAYS = ["signatures.npy", "shingles.npy", "offsets.npy", "lengths.npy", "fingerprints.npy"]


def teaser(text: str) -> str:
    """The first third of the words."""
    words = text.split(" ")
    return " ".join(words[: len(words) // 3])


def edited(text: str, every: int = 25, word: str = "zebra") -> str:
    """A few words changed."""
    return " ".join(word if i % every == 7 else w for i, w in enumerate(text.split(" ")))


def shouted(text: str) -> str:
    """The same words, other case and punctuation: an exact duplicate."""
    return text.upper().replace(",", ";").replace(".", "!").replace("\n\n", "\n")


def embedded(inner: str, page: str) -> str:
    """A copy of ``inner`` inside a longer page."""
    return page + "\n\n" + inner


# seeds, and variants: no two texts are exact duplicates
CORPUS = {f"s{i}": s for i, s in enumerate(SEEDS)} | {
    "t0": teaser(SEEDS[0]),
    "t2": teaser(SEEDS[2]),
    "e0": edited(SEEDS[0]),
    "e1": edited(SEEDS[1], every=11, word="walrus"),
    "e3": edited(SEEDS[3], every=9),
    "p01": embedded(SEEDS[0], SEEDS[1]),
    "p23": embedded(SEEDS[2], SEEDS[3]),
    "te1": teaser(edited(SEEDS[1], every=13)),
    "empty": "",
    "short": "Lukashenko said.",
}
EXACT = {"x0": shouted(SEEDS[0]), "x1": SEEDS[1].lower(), "xe0": shouted(edited(SEEDS[0]))}


def ids_of(matches: list[Match]) -> list[str]:
    return [m.id for m in matches]


def build(texts: dict[str, str], **kwargs: object) -> DedupIndex:
    index = DedupIndex(**kwargs)  # type: ignore[arg-type]
    for doc_id, text in texts.items():
        index.add(doc_id, text)
    return index


# -- add, query, remove ---------------------------------------------------------------------


@pytest.mark.parametrize("clean", [False, True])
def test_a_teaser_matches_its_source_by_containment(clean):
    index = build({f"s{i}": s for i, s in enumerate(SEEDS)}, clean=clean)
    best = index.query(teaser(SEEDS[0]))[0]
    assert (best.id, best.measure, best.containment, best.score) == ("s0", "containment", 1.0, 1.0)
    assert best.jaccard < 0.5  # the teaser is not a Jaccard duplicate: containment caught it


@pytest.mark.parametrize("clean", [False, True])
def test_seed_000_and_seed_003_never_match_at_the_default_config(clean):
    index = build({"s0": SEEDS[0], "s3": SEEDS[3]}, clean=clean)
    assert "s3" not in ids_of(index.query(SEEDS[0]))
    assert "s0" not in ids_of(index.query(SEEDS[3]))
    assert index.query(SEEDS[0])[0].id == "s0"  # the index does answer


@pytest.mark.parametrize("clean", [False, True])
def test_another_case_and_punctuation_is_an_exact_duplicate(clean):
    index = build({f"s{i}": s for i, s in enumerate(SEEDS)}, clean=clean)
    assert index.add("x0", shouted(SEEDS[0])) == [Match("s0", 1.0, 1.0, "exact", 1.0)]
    # both copies are exact duplicates of a third; a few words changed is not exact
    assert ids_of(index.query(SEEDS[0].replace("\n", " "))) == ["s0", "x0"]
    changed = index.query(edited(SEEDS[0]))
    assert [(m.id, m.measure) for m in changed] == [("s0", "jaccard"), ("x0", "jaccard")]
    assert 0.8 < changed[0].jaccard < 1.0


def test_a_copy_inside_a_longer_page_matches_by_containment():
    index = build({"s0": SEEDS[0], "s1": SEEDS[1], "s2": SEEDS[2]}, clean=False)
    found = {m.id: m for m in index.query(embedded(SEEDS[1], SEEDS[2]))}
    assert (found["s1"].measure, found["s1"].containment) == ("containment", 1.0)
    assert found["s1"].jaccard < 0.5  # the short story is under half of the page
    assert found["s2"].measure == "jaccard"  # the page is mostly the longer story
    assert "s0" not in found


def test_matches_are_sorted_exact_first_then_by_score_then_id_and_limited():
    index = build({"x0": shouted(SEEDS[0]), "t0": teaser(SEEDS[0]), "e0": edited(SEEDS[0]), "a": SEEDS[0]}, clean=False)
    matches = index.query(SEEDS[0])
    assert [(m.id, m.measure) for m in matches] == [("a", "exact"), ("x0", "exact"), ("t0", "containment"), ("e0", "jaccard")]
    assert matches[2].score == 1.0 > matches[3].score == matches[3].jaccard
    assert index.query(SEEDS[0], limit=1) == matches[:1]
    assert index.query(SEEDS[0], limit=0) == []


def test_add_returns_the_matches_among_earlier_documents_then_adds():
    index = DedupIndex(clean=False)
    assert index.add("s0", SEEDS[0]) == []
    first = index.add("e0", edited(SEEDS[0]))
    assert ids_of(first) == ["s0"] and first == index.query(edited(SEEDS[0]))[1:]  # itself comes first now
    assert index.query(edited(SEEDS[0]))[0] == Match("e0", 1.0, 1.0, "exact", 1.0)
    assert (len(index), index.ids(), "e0" in index, "t0" in index) == (2, ["s0", "e0"], True, False)


def test_an_id_is_unique():
    index = build({"a": SEEDS[0]}, clean=False)
    with pytest.raises(ValueError, match="'a' is already in the index"):
        index.add("a", SEEDS[1])
    assert len(index) == 1 and ids_of(index.query(SEEDS[1])) == []
    with pytest.raises(TypeError):
        index.add(3, SEEDS[1])  # type: ignore[arg-type]


def test_documents_without_tokens_are_kept_but_never_match():
    index = build({"e": "", "p": " ... !!! \n", "s0": SEEDS[0]}, clean=False)
    assert len(index) == 3 and "p" in index
    assert index.query("") == [] and index.query("?!") == []
    assert ids_of(index.add("e2", "")) == []
    index.remove("e")
    assert index.ids() == ["p", "s0", "e2"]


def test_remove_takes_a_document_out_of_every_table():
    index = build({"s0": SEEDS[0], "x0": shouted(SEEDS[0]), "s1": SEEDS[1]}, clean=False)
    index.remove("s0")
    assert ids_of(index.query(SEEDS[0])) == ["x0"]
    assert ids_of(index.query(teaser(SEEDS[0]))) == ["x0"]
    index.remove("x0")
    assert index.query(SEEDS[0]) == [] and index.query(teaser(SEEDS[0])) == []
    assert list(index._exact.values()) == [[2]] and len(index) == 1
    assert all(set(bucket) == {2} for table in index._tables for bucket in table.values())
    with pytest.raises(KeyError, match="'s0' is not in the index"):
        index.remove("s0")
    index.add("s0", edited(SEEDS[0]))  # an id can come back once removed
    assert ids_of(index.query(SEEDS[0])) == ["s0"]


# -- agreement with find_duplicates -----------------------------------------------------------


@pytest.mark.parametrize(
    "config, clean",
    [
        (DedupConfig(), False),
        (DedupConfig(), True),
        (DedupConfig(threshold=0.7, containment=0.5, sketch="shingles", num_perm=64), False),
        (DedupConfig(threshold=0.3, containment=None, ngram=5, unit="char"), False),
    ],
    ids=["default", "cleaned", "shingle-sketch", "char-no-containment"],
)
def test_every_link_find_duplicates_reports_is_found_by_querying_the_others(config, clean):
    texts = CORPUS | EXACT
    result = find_duplicates(texts.items(), config=config, clean=clean)
    members = [(m, g.representative) for g in result.groups for m in g.members[1:]]
    assert members, "the corpus has near-duplicates at this config"
    for member, head in members:
        others = build({k: v for k, v in texts.items() if k != member.id}, config=config, clean=clean)
        found = {m.id: m for m in others.query(texts[member.id])}
        if member.linked_to not in found:
            # find_duplicates compares each member with its representative directly, so it
            # can report a link that no LSH band proposed; the index only sees band mates
            assert member.linked_to == head and not shares_a_band(others, texts[member.id], texts[head]), member
            continue
        assert found[member.linked_to].measure == member.measure
        assert found[member.linked_to].score == pytest.approx(member.score)


def shares_a_band(index: DedupIndex, a: str, b: str) -> bool:
    keys = [index._keys(index._document("", text).signature) for text in (a, b)]
    return any(x == y for x, y in zip(*keys))


@pytest.mark.parametrize(
    "config",
    [DedupConfig(), DedupConfig(containment=0.2, min_shingles=5), DedupConfig(sketch="shingles", containment=0.25)],
    ids=["default", "loose", "shingle-sketch"],
)
def test_the_index_finds_exactly_the_pairs_and_groups_of_find_duplicates(config):
    # the same band keys, filter and verification: with no exact duplicates, every verified
    # pair is found once, when its later document is added
    result = find_duplicates(CORPUS.items(), config=config, clean=False)
    index = DedupIndex(config, clean=False)
    pairs = {(m.id, doc_id) for doc_id, text in CORPUS.items() for m in index.add(doc_id, text)}
    assert len(pairs) == result.stats["matches"] > 0
    for group in result.groups:
        for member in group.members[1:]:
            if member.linked_to != group.representative:  # a link found through LSH (see above)
                assert (member.id, member.linked_to) in pairs or (member.linked_to, member.id) in pairs

    # and with exact duplicates too, the components are the same
    texts = CORPUS | EXACT
    index = DedupIndex(config, clean=False)
    parent = {k: k for k in texts}

    def root(x: str) -> str:
        while parent[x] != x:
            x = parent[x]
        return x

    for doc_id, text in texts.items():
        for m in index.add(doc_id, text):
            parent[root(doc_id)] = root(m.id)
    components: dict[str, set[str]] = {}
    for doc_id in texts:
        components.setdefault(root(doc_id), set()).add(doc_id)
    ours = sorted(sorted(c) for c in components.values() if len(c) > 1)
    theirs = sorted(sorted(g.ids) for g in find_duplicates(texts.items(), config=config, clean=False).groups)
    assert ours == theirs


# -- saving and loading -------------------------------------------------------------------------


def queries() -> list[str]:
    return list(CORPUS.values()) + list(EXACT.values()) + [teaser(SEEDS[1]), embedded(SEEDS[3], SEEDS[0])]


def answers(index: DedupIndex) -> list[list[Match]]:
    return [index.query(q) for q in queries()]


@pytest.mark.parametrize(
    "config",
    [DedupConfig(), DedupConfig(threshold=0.6, containment=None, sketch="shingles", num_perm=64, stopwords=("en", "de"))],
)
def test_save_and_load_give_the_same_answers(tmp_path, config):
    index = build(CORPUS | EXACT, config=config, clean=False)
    index.remove("e0")
    path = tmp_path / "news.ndx"
    index.save(path)
    loaded = DedupIndex.load(path, clean=False)
    assert loaded.config == config
    assert loaded.ids() == index.ids() and len(loaded) == len(index) == len(CORPUS | EXACT) - 1
    assert answers(loaded) == answers(index)
    assert any(answers(index)) and "e0" not in loaded
    # the band tables were rebuilt: a new document finds the loaded ones
    assert {"s1", "x1"} <= set(ids_of(loaded.add("n1", edited(SEEDS[1], every=17))))


def test_the_file_is_a_zip_of_json_and_npy_members(tmp_path):
    index = build({"s0": SEEDS[0], "gone": SEEDS[2], "s1": SEEDS[1], "empty": ""}, clean=False)
    index.remove("gone")
    path = tmp_path / "news.ndx"
    index.save(path)
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == sorted(["meta.json", "ids.json", *ARRAYS])
        meta = json.loads(archive.read("meta.json"))
        ids = json.loads(archive.read("ids.json"))
        arrays = {name: npy.read_array(io.BytesIO(archive.read(name)), allow_pickle=False) for name in ARRAYS}
    assert meta == {
        "format": "newsclean-dedup-index",
        "version": 1,
        "newsclean": newsclean.__version__,
        "documents": 3,
        "config": DedupConfig().to_dict() | {"stopwords": ["en"]},
    }
    assert ids == ["s0", "s1", "empty"]
    sizes = [len(index._docs[index._slots[i]].shingles) for i in ids]  # type: ignore[union-attr]
    assert sizes[2] == 0 < sizes[1] < sizes[0]
    assert {n: (a.dtype.str[1:], a.shape) for n, a in arrays.items()} == {
        "signatures.npy": ("u4", (3, 128)),
        "shingles.npy": ("u4", (sum(sizes),)),
        "offsets.npy": ("i8", (4,)),
        "lengths.npy": ("i8", (3,)),
        "fingerprints.npy": ("u1", (3, 16)),
    }
    assert arrays["offsets.npy"].tolist() == [0, sizes[0], sizes[0] + sizes[1], sum(sizes)]
    assert arrays["lengths.npy"].tolist() == [len(SEEDS[0]), len(SEEDS[1]), 0]


def test_an_empty_index_round_trips(tmp_path):
    DedupIndex(clean=False).save(tmp_path / "empty.ndx")
    loaded = DedupIndex.load(tmp_path / "empty.ndx", clean=False)
    assert len(loaded) == 0 and loaded.query(SEEDS[0]) == []
    loaded.add("s0", SEEDS[0])
    assert ids_of(loaded.query(SEEDS[0])) == ["s0"]


POOL = [*SEEDS, *(teaser(s) for s in SEEDS), edited(SEEDS[0]), edited(SEEDS[0], every=6), shouted(SEEDS[2]),
        embedded(SEEDS[1], SEEDS[2]), teaser(edited(SEEDS[3])), ""]  # fmt: skip


@given(st.lists(st.tuples(st.booleans(), st.integers(0, len(POOL) - 1)), max_size=25))
def test_a_loaded_index_answers_like_the_live_one_and_like_a_fresh_one(operations):
    index, alive = DedupIndex(clean=False), {}
    for add, i in operations:
        doc_id = f"d{i}"
        if add and doc_id not in index:
            index.add(doc_id, POOL[i])
            alive[doc_id] = POOL[i]
        elif not add and doc_id in index:
            index.remove(doc_id)
            del alive[doc_id]
    with tempfile.TemporaryDirectory() as folder:
        index.save(Path(folder) / "index.ndx")
        loaded = DedupIndex.load(Path(folder) / "index.ndx", clean=False)
    fresh = build(alive, clean=False)
    assert loaded.ids() == index.ids() == list(alive)
    for text in POOL:
        assert loaded.query(text) == index.query(text) == fresh.query(text)


# -- damaged files ------------------------------------------------------------------------------


@pytest.fixture
def saved(tmp_path) -> Path:
    path = tmp_path / "index.ndx"
    build({"s0": SEEDS[0], "s1": SEEDS[1], "t0": teaser(SEEDS[0])}, clean=False).save(path)
    return path


def rewrite(path: Path, **members: bytes | None) -> None:
    """Replace (bytes) or drop (None) members; member names use _ for the dot."""
    changes = {name.replace("_", "."): data for name, data in members.items()}
    with zipfile.ZipFile(path) as archive:
        kept = {n: archive.read(n) for n in archive.namelist()}
    kept.update(changes)
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in kept.items():
            if data is not None:
                archive.writestr(name, data)


def npy_bytes(array: np.ndarray, allow_pickle: bool = False) -> bytes:
    out = io.BytesIO()
    npy.write_array(out, array, allow_pickle=allow_pickle)
    return out.getvalue()


def meta_with(path: Path, **changes: object) -> bytes:
    with zipfile.ZipFile(path) as archive:
        meta = json.loads(archive.read("meta.json"))
    return json.dumps(meta | changes).encode()


def load_fails(path: Path, reason: str) -> DedupIndexError:
    with pytest.raises(DedupIndexError) as info:
        DedupIndex.load(path, clean=False)
    assert str(info.value).startswith(f"{path}: ")
    assert reason in str(info.value), str(info.value)
    assert info.value.path == str(path)
    return info.value


def test_the_fixture_loads(saved):
    assert DedupIndex.load(saved, clean=False).ids() == ["s0", "s1", "t0"]


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.9, 0.999])
def test_a_truncated_file_fails(saved, keep):
    data = saved.read_bytes()
    saved.write_bytes(data[: int(len(data) * keep)])
    load_fails(saved, "cannot read the index")


def test_random_bytes_and_a_missing_file_fail(saved, tmp_path):
    saved.write_bytes(np.random.default_rng(7).bytes(5000))
    load_fails(saved, "not a zip file")
    load_fails(tmp_path / "nowhere.ndx", "No such file")


def test_flipped_bytes_inside_an_array_fail_the_crc(saved):
    data = bytearray(saved.read_bytes())
    with zipfile.ZipFile(saved) as archive:
        info = archive.getinfo("shingles.npy")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 200
    data[start : start + 4] = bytes(b ^ 0xFF for b in data[start : start + 4])
    saved.write_bytes(bytes(data))
    load_fails(saved, "cannot read the index: Bad CRC-32")


@pytest.mark.parametrize("member", ["meta.json", "ids.json", *ARRAYS])
def test_a_missing_member_fails(saved, member):
    rewrite(saved, **{member.replace(".", "_"): None})
    load_fails(saved, f"member {member} is missing")


def test_another_format_version_fails(saved):
    rewrite(saved, meta_json=meta_with(saved, version=2))
    error = load_fails(saved, "format version 2, this newsclean reads version 1")
    assert error.reason == "format version 2, this newsclean reads version 1"


@pytest.mark.parametrize(
    "changes, reason",
    [
        ({"format": "something-else"}, "not a newsclean dedup index (format 'something-else'"),
        ({"documents": 4}, "ids.json holds 3 ids (3 distinct), meta.json says 4 documents"),
        ({"documents": -1}, "documents must be a count"),
        ({"config": {"threshold": 2.0}}, "bad config: threshold must be in (0, 1]"),
        ({"config": {"colour": "red"}}, "bad config"),
        ({"config": {"num_perm": 64}}, "signatures.npy: shape (3, 128), expected (3, 64)"),
    ],
)
def test_a_bad_meta_json_fails(saved, changes, reason):
    rewrite(saved, meta_json=meta_with(saved, **changes))
    load_fails(saved, reason)


@pytest.mark.parametrize(
    "member, data, reason",
    [
        ("meta_json", b"{not json", "meta.json is not JSON"),
        ("ids_json", b'["s0", "s1", "s1"]', "3 ids (2 distinct)"),
        ("ids_json", b'["s0", "s1", 3]', "not a list of strings"),
        ("lengths_npy", npy_bytes(np.array([1.0, 2.0, 3.0])), "lengths.npy: dtype float64, expected int64"),
        ("signatures_npy", npy_bytes(np.zeros((3, 128), np.int32)), "signatures.npy: dtype int32, expected uint32"),
        ("fingerprints_npy", npy_bytes(np.zeros((3, 8), np.uint8)), "fingerprints.npy: shape (3, 8), expected (3, 16)"),
        ("lengths_npy", npy_bytes(np.zeros(4, np.int64)), "lengths.npy: shape (4,), expected (3,)"),
        ("lengths_npy", npy_bytes(np.array([1, -1, 3])), "negative length"),
        ("offsets_npy", npy_bytes(np.array([0, 5, 3, 9])), "offsets.npy does not cut shingles.npy"),
        ("shingles_npy", npy_bytes(np.array([5, 4, 3], np.uint32)), "offsets.npy does not cut"),
        ("lengths_npy", npy_bytes(np.zeros(3, np.int64)) + b"extra", "lengths.npy: data after the array"),
        ("offsets_npy", b"\x93NUMPY garbage", "offsets.npy:"),
    ],
)
def test_a_bad_member_fails(saved, member, data, reason):
    rewrite(saved, **{member: data})
    load_fails(saved, reason)


def test_an_unsorted_shingle_set_fails(saved):
    with zipfile.ZipFile(saved) as archive:
        shingles = npy.read_array(io.BytesIO(archive.read("shingles.npy")))
        offsets = npy.read_array(io.BytesIO(archive.read("offsets.npy")))
    shingles[offsets[1] + 3], shingles[offsets[1] + 4] = shingles[offsets[1] + 4], shingles[offsets[1] + 3]
    rewrite(saved, shingles_npy=npy_bytes(shingles))
    load_fails(saved, "a shingle set is not sorted and unique")


class _Payload:
    """Unpickling this creates a folder: the proof that a pickle ran."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (os.makedirs, (self.marker,))


@pytest.mark.parametrize("member", ARRAYS)
def test_a_pickled_member_is_never_unpickled(saved, tmp_path, member):
    marker = tmp_path / "pickle-ran"
    payload = npy_bytes(np.array([_Payload(str(marker))], dtype=object), allow_pickle=True)
    np.load(io.BytesIO(payload), allow_pickle=True)  # the payload works when unpickled...
    assert marker.is_dir()
    marker.rmdir()
    rewrite(saved, **{member.replace(".", "_"): payload})
    load_fails(saved, f"{member}: Object arrays cannot be loaded when allow_pickle=False")
    assert not marker.exists()  # ...and load never unpickled it


def test_the_error_is_a_newsclean_error_and_a_value_error(saved):
    saved.write_bytes(b"PK\x03\x04 but no more")
    with pytest.raises(NewscleanError):
        DedupIndex.load(saved)
    with pytest.raises(ValueError):
        DedupIndex.load(saved)


# -- atomic saves -------------------------------------------------------------------------------


def test_a_failed_replace_leaves_the_old_file_and_no_temporary_file(saved, monkeypatch):
    before = saved.read_bytes()
    bigger = build(CORPUS, clean=False)

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="No space left"):
        bigger.save(saved)
    assert saved.read_bytes() == before
    assert os.listdir(saved.parent) == [saved.name]


@pytest.mark.parametrize("error", [OSError("disk full"), KeyboardInterrupt()])
def test_a_failure_while_writing_leaves_the_old_file_and_no_temporary_file(saved, monkeypatch, error):
    before = saved.read_bytes()
    write_array, calls = npy.write_array, []

    def write_then_fail(fh, array, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 3:
            fh.write(b"half an array")
            raise error
        write_array(fh, array, **kwargs)

    monkeypatch.setattr(npy, "write_array", write_then_fail)
    with pytest.raises(type(error)):
        build(CORPUS, clean=False).save(saved)
    assert len(calls) == 3
    assert saved.read_bytes() == before
    assert os.listdir(saved.parent) == [saved.name]
    monkeypatch.undo()
    assert DedupIndex.load(saved, clean=False).ids() == ["s0", "s1", "t0"]


def test_a_failed_first_save_leaves_nothing(tmp_path, monkeypatch):
    def fail(fd: int) -> None:
        raise OSError(5, "I/O error")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(OSError, match="I/O error"):
        build({"s0": SEEDS[0]}, clean=False).save(tmp_path / "new" / "index.ndx")
    assert os.listdir(tmp_path / "new") == []

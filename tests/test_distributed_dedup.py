"""Near-duplicates on Dask give the in-process groups: a real two-process LocalCluster,
a generated corpus with planted families and copies made from the seeds, every mode
(with and without verification, union-find on the driver and large-star/small-star on
the cluster)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="needs the dask extra: pip install 'newsclean[dask]'")

import dask.dataframe as dd
import pandas as pd
from distributed import Client, LocalCluster

from newsclean.dedup import DedupConfig, find_duplicates
from newsclean.distributed import find_duplicates_dask

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "seeds"


def _generator():
    spec = importlib.util.spec_from_file_location("news_corpus", ROOT / "benchmarks" / "news_corpus.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules.setdefault("news_corpus", module)  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def generated(n: int = 300) -> tuple[list[tuple[str, str]], dict[str, str]]:
    docs, families = [], {}
    for doc_id, family, text in _generator().generate(n, seed=3):
        docs.append((doc_id, text))
        families[doc_id] = family
    return docs, families


def seed_copies() -> list[tuple[str, str]]:
    docs = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        paragraphs = [p for p in text.split("\n\n") if p.strip()]
        docs.append((path.name, text))
        docs.append(("teaser-" + path.name, "\n\n".join(paragraphs[: max(2, len(paragraphs) // 3)])))
        docs.append(("COPY-" + path.name, text.upper()))
    docs.append(("empty.txt", ""))
    docs.append(("punctuation.txt", "... --- !!!"))
    return docs


def signature(result) -> list:
    """Everything a group says: members, representative, and each member's figures."""
    return [(g.representative, [(m.id, m.measure, m.linked_to, round(m.jaccard, 9), round(m.containment, 9),
                                 round(m.score, 9)) for m in g.members]) for g in result.groups]


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1",
                      scheduler_kwargs={"dashboard_address": "127.0.0.1:0"}) as cluster, Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def corpus():
    docs, families = generated()
    return docs + seed_copies(), families


@pytest.mark.parametrize("components", ["driver", "star"])
@pytest.mark.parametrize("verify", [True, False])
def test_distributed_groups_equal_the_in_process_groups(client, corpus, verify, components):
    docs, _ = corpus
    config = DedupConfig(verify=verify)
    expected = find_duplicates(docs, config=config, clean=False)
    frame = dd.from_pandas(pd.DataFrame(docs, columns=["id", "text"]), npartitions=5)
    got = find_duplicates_dask(frame, config=config, components=components, client=client)
    assert signature(got) == signature(expected)
    assert got.stats == expected.stats
    # the planted families and the seed copies are there (unverified, LSH merges more)
    assert len(expected.groups) >= (20 if verify else 5)


def test_star_mode_keeps_the_matches_on_the_cluster(client, corpus, monkeypatch):
    """In star mode neither union-find nor the link choice runs where the call is made:
    components and each member's strongest link come from the cluster, and agree."""
    import newsclean.distributed.dedup as module

    def driver_only(*args, **kwargs):
        raise AssertionError("star mode brought the matches to the driver")

    monkeypatch.setattr(module, "union_components", driver_only)
    monkeypatch.setattr(module, "best_links", driver_only)
    docs, _ = corpus
    frame = dd.from_pandas(pd.DataFrame(docs, columns=["id", "text"]), npartitions=4)
    got = find_duplicates_dask(frame, components="star", client=client)
    assert signature(got) == signature(find_duplicates(docs, clean=False))
    with pytest.raises(AssertionError, match="driver"):
        find_duplicates_dask(frame, components="driver", client=client)


@pytest.mark.parametrize("broadcast", [0, 64 << 10])
def test_tables_joined_by_shuffle_give_the_same_groups(client, corpus, monkeypatch, broadcast):
    """Above BROADCAST_BYTES the low bytes and the shingle sets are joined to the pairs by a
    shuffle instead of sent whole to every worker (64 KB: the low bytes are, the sets not)."""
    import newsclean.distributed.dedup as module

    monkeypatch.setattr(module, "BROADCAST_BYTES", broadcast)
    docs, _ = corpus
    frame = dd.from_pandas(pd.DataFrame(docs, columns=["id", "text"]), npartitions=4)
    got = find_duplicates_dask(frame, client=client)
    expected = find_duplicates(docs, clean=False)
    assert signature(got) == signature(expected)
    assert got.stats == expected.stats


def test_the_planted_families_are_found_and_nothing_else(client, corpus):
    docs, families = corpus
    got = find_duplicates_dask(dd.from_pandas(pd.DataFrame(docs, columns=["id", "text"]), npartitions=3),
                               client=client)
    pairs = {frozenset((a, b)) for g in got.groups for a in g.ids for b in g.ids if a < b and a in families}
    planted = {frozenset((a, b)) for a in families for b in families if a < b and families[a] == families[b]}
    assert pairs <= planted
    assert len(pairs) >= 0.95 * len(planted)


def test_partitioning_does_not_change_the_groups(client, corpus):
    docs, _ = corpus
    frame = pd.DataFrame(docs, columns=["id", "text"])
    one = find_duplicates_dask(dd.from_pandas(frame, npartitions=1), client=client)
    many = find_duplicates_dask(dd.from_pandas(frame, npartitions=7), client=client)
    assert signature(one) == signature(many)


def test_seed_translations_stay_apart_and_copies_join_their_seed(client):
    docs = seed_copies()
    got = find_duplicates_dask(dd.from_pandas(pd.DataFrame(docs, columns=["id", "text"]), npartitions=2),
                               client=client, config=DedupConfig(containment=0.5))
    groups = {frozenset(g.ids) for g in got.groups}
    for path in sorted(SEEDS.glob("*.txt")):
        assert frozenset({path.name, "COPY-" + path.name, "teaser-" + path.name}) in groups
    assert not any("empty.txt" in g or "punctuation.txt" in g for g in groups)


def test_it_uses_the_current_client_when_none_is_given(client, corpus):
    docs, _ = corpus
    frame = dd.from_pandas(pd.DataFrame(docs[:120], columns=["id", "text"]), npartitions=2)
    assert signature(find_duplicates_dask(frame)) == signature(find_duplicates(docs[:120], clean=False))


def test_bad_arguments(client):
    frame = dd.from_pandas(pd.DataFrame([("a", "x")], columns=["id", "text"]), npartitions=1)
    with pytest.raises(ValueError, match="components"):
        find_duplicates_dask(frame, components="everywhere")
    duplicate_ids = dd.from_pandas(pd.DataFrame([("a", "one text"), ("a", "another")], columns=["id", "text"]),
                                   npartitions=1)
    with pytest.raises(ValueError, match="unique"):
        find_duplicates_dask(duplicate_ids, client=client)


def test_exact_copies_in_other_partitions_link_to_the_earliest_copy(client, corpus):
    """Copies of one text sit in three of five partitions (rows 1, 45 and 88 of 100) and
    one in the partition of another copy; each links to the earliest, as in-process."""
    docs, _ = corpus
    text = docs[0][1]
    rows = list(docs[1:97])
    for at, name in ((1, "copy-a"), (45, "copy-b"), (46, "copy-c"), (88, "copy-d")):
        rows.insert(at, (name, text))
    frame = dd.from_pandas(pd.DataFrame(rows, columns=["id", "text"]), npartitions=5)
    got = find_duplicates_dask(frame, client=client)
    expected = find_duplicates(rows, clean=False)
    assert signature(got) == signature(expected)
    assert got.stats == expected.stats and got.stats["exact_duplicates"] >= 3
    (group,) = [g for g in got.groups if "copy-a" in g.ids]
    assert {m.id: m.linked_to for m in group.members if m.measure == "exact"} == \
        {"copy-b": "copy-a", "copy-c": "copy-a", "copy-d": "copy-a"}

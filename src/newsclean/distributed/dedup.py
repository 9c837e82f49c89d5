"""Near-duplicates on Dask: the in-process algorithm, spread over a cluster.

The steps are those of :class:`newsclean.dedup.DuplicateFinder`, and every step that
looks at documents runs the in-process code on a partition:

1. **features** per partition (``Shingler.features``, ``MinHasher.signature``), each
   document numbered by its position in the frame (the input is read once: positions are
   shifted by the rows of the partitions before, counted on the kept features);
2. **exact duplicates**: the first position of each fingerprint (one shuffle on it);
3. **one shuffle on band keys**: a row per canonical document and band; each bucket is
   sorted by position and its members paired as in-process (each with its next 16 in a
   bucket of more than 16), so both find the same candidate pairs;
4. **verification** of every candidate, not only of star edges around a bucket's first
   member (a false-positive centre would otherwise cut true links): the pair's signatures
   and shingle sets are joined to it, then ``_plausible`` and ``verify_pairs`` decide;
5. **connected components**: union-find on the driver, or large-star/small-star rounds on
   the cluster (Kiveris et al. 2014) when the matches are too many for one machine; then
   the matches never come to the driver: each document's strongest link is chosen on the
   cluster by the in-process rule (``groups.strongest``) and only labels and links (at
   most one row per document) come back;
6. the groups are assembled by the in-process ``assemble``, so the result is the same
   :class:`~newsclean.dedup.Duplicates`; the shingle sets it needs for each member's figures
   are fetched for grouped documents only.

Usage: docs/distributed.md ("Near-duplicates on Dask").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from ..dedup.groups import (
    DedupConfig,
    Duplicates,
    Representative,
    _cleaner,
    _plausible,
    assemble,
    best_links,
    exact_links,
    low_bytes,
    packed_shared_counts,
    shared_counts_of,
    strongest,
    union_components,
    verify_pairs,
)
from ..dedup.lsh import MAX_BUCKET, band_key, band_pairs
from ..document import Document
from .compat import count_rows, map_with

if TYPE_CHECKING:
    import dask.dataframe as dd

    from ..cleaning.pipeline import Cleaner

BROADCAST_BYTES = 256 << 20  # a per-document table up to this size goes whole to every worker
DRIVER_LIMIT = 5_000_000  # matches above this go to large-star/small-star on the cluster ("auto")


def find_duplicates_dask(
    frame: dd.DataFrame,
    *,
    id_column: str = "id",
    text_column: str = "text",
    config: DedupConfig | None = None,
    verify: bool | None = None,
    components: Literal["auto", "driver", "star"] = "auto",
    client: Any = None,
    clean: bool | Cleaner = False,
    representative: Representative = "longest",
) -> Duplicates:
    """Group the near-duplicate rows of a Dask DataFrame; the same groups as in-process.

    Args:
        frame: a ``dask.dataframe.DataFrame`` with an id and a text column; its row order
            is the input order (for ties between representatives).
        config: as for :func:`newsclean.find_duplicates`; ``verify`` overrides its field.
        components: ``"driver"`` (union-find where this runs), ``"star"`` (rounds of
            large-star/small-star on the cluster), or ``"auto"``: the driver unless there
            are more than 5 million matches.
        client: a ``distributed.Client``; by default the current one.
        clean: False (default: the frame usually holds cleaned text already, see
            :func:`clean_dataframe`), True or a Cleaner to clean each text first.
    """
    from . import require_dask

    require_dask()
    import dask

    config = config or DedupConfig()
    if verify is not None and verify != config.verify:
        config = DedupConfig(**{**config.to_dict(), "verify": verify})
    if components not in ("auto", "driver", "star"):
        raise ValueError(f"components must be 'auto', 'driver' or 'star', got {components!r}")
    with dask.config.set({"dataframe.convert-string": False}):
        return _find(frame, id_column, text_column, config, components, client, clean, representative)


def _find(frame: Any, id_column: str, text_column: str, config: DedupConfig, components: str, client: Any,
          clean: bool | Cleaner, representative: Representative) -> Duplicates:
    import dask

    def now(*things: Any) -> Any:
        if client is not None:
            return tuple(f.result() for f in client.compute(list(things)))
        return dask.compute(*things)

    def keep(thing: Any) -> Any:
        # optimize() first: persisting a frame whose small Parquet files dask merges into
        # fewer partitions otherwise loses partitions (dask/dask#12488)
        thing = thing.optimize()
        return client.persist(thing) if client is not None else thing.persist()

    frame = frame[[id_column, text_column]]
    # 1. features per partition, the input read once: positions within the partition
    # first, then shifted by the rows before it (counted on the kept features, not re-read)
    local = keep(frame.map_partitions(_features, id_column, text_column, config, clean, meta=_FEATURES_META))
    (lengths,) = now(local.map_partitions(len))
    starts = np.concatenate([[0], np.cumsum(np.asarray(lengths, dtype=np.int64))])
    features = keep(local.map_partitions(_shifted, starts, meta=_FEATURES_META, partition_info=True))
    del local

    # 2. exact duplicates: one shuffle on the fingerprint, then each copy's first position
    nonempty = features[features["size"] > 0][["pos", "fingerprint"]]
    exact_frame = keep(nonempty.shuffle(on="fingerprint").map_partitions(_exact_copies, meta=_EXACT_META))
    (exact_df,) = now(exact_frame)  # at most one row per document: it comes here anyway
    exact_df = exact_df.sort_values("pos")
    copies = dask.delayed(np.sort)(exact_df["pos"].to_numpy(np.int64))
    canonical = map_with(features, _canonical_rows, copies, meta=features._meta)
    canonical = keep(canonical[["pos", "sig", "shingles", "size"]])

    # 3. one shuffle on band keys, then the pairs of each bucket
    bands, rows = config.banding
    band_rows = canonical.map_partitions(_band_rows, bands, rows, meta=_BAND_META)
    band_rows = band_rows.shuffle(on=["band", "key"])
    edges = band_rows.map_partitions(_bucket_pairs, meta=_EDGE_META)
    collisions = count_rows(edges)
    edges = edges.drop_duplicates(subset=["a", "b"], split_out=max(1, edges.npartitions))

    # 4. verification of every candidate on the joined signatures and shingle sets
    if config.verify:
        # first the signatures' lowest bytes (num_perm bytes a side) for the plausibility
        # check, then the shingle sets only for the few candidates that pass it; each table
        # is sent whole to every worker when it is small, else joined to the pairs by a shuffle
        n = int(starts[-1])
        small = canonical[["pos", "sig", "size"]].map_partitions(_low_bytes_column, meta=_SMALL_META)
        if n * (config.num_perm + 8) <= BROADCAST_BYTES:
            table_of_lows = dask.delayed(_low_byte_table)(small.to_delayed(), n, config.num_perm)
            plausible = map_with(edges, _plausible_from_table, table_of_lows, config, meta=_EDGE_META)
        else:
            joined = edges.merge(small.rename(columns={"pos": "a", "sig8": "sig_a", "size": "size_a"}), on="a")
            joined = joined.merge(small.rename(columns={"pos": "b", "sig8": "sig_b", "size": "size_b"}), on="b")
            plausible = joined.map_partitions(_plausible_partition, config, meta=_EDGE_META)
        plausible = keep(plausible)
        verified = count_rows(plausible)
        sets = canonical[["pos", "shingles"]]
        (total_shingles,) = now(canonical["size"].sum())
        if 4 * int(total_shingles) + 8 * n <= BROADCAST_BYTES:
            store = dask.delayed(_set_table)(sets.to_delayed(), n)
            matches_frame = map_with(plausible, _verify_from_table, store, config, meta=_MATCH_META)
        else:
            joined = plausible.merge(sets.rename(columns={"pos": "a", "shingles": "sh_a"}), on="a")
            joined = joined.merge(sets.rename(columns={"pos": "b", "shingles": "sh_b"}), on="b")
            matches_frame = joined.map_partitions(_verify_partition, config, meta=_MATCH_META)
    else:
        verified = None
        matches_frame = edges.assign(measure="candidate", score=0.0)
    matches_frame = keep(matches_frame[["a", "b", "measure", "score"]])

    table = features[["pos", "id", "length", "size"]]
    n_matches_ = count_rows(matches_frame)
    table_df, n_collisions, n_matches, *rest = now(table, collisions, n_matches_,
                                                   *([verified] if config.verify else []))
    n_verified = rest[0] if rest else 0
    table_df = table_df.sort_values("pos")
    ids = [str(i) for i in table_df["id"].tolist()]
    if len(set(ids)) != len(ids):
        raise ValueError("document ids must be unique")
    lengths_list = table_df["length"].astype(np.int64).tolist()
    sizes = table_df["size"].to_numpy(dtype=np.int64)
    exact_of = dict(zip(exact_df["pos"].astype(int).tolist(), exact_df["first"].astype(int).tolist()))

    stats = {"documents": len(ids), "exact_duplicates": len(exact_of), "candidates": int(n_collisions),
             "verified": int(n_verified) if config.verify else 0, "matches": int(n_matches)}  # fmt: skip
    if components == "star" or (components == "auto" and n_matches > DRIVER_LIMIT):
        # the matches stay on the cluster: only labels and one link per document come back
        parts = max(1, (n_matches + len(exact_of)) // 1_000_000 + 1)
        labels = _star_components(len(ids), matches_frame[["a", "b"]], exact_frame, now, keep, parts)
        links = exact_links(exact_of)
        for node, other, measure, score in now(_strongest_frame(matches_frame))[0].itertuples(index=False):
            links.setdefault(int(node), (int(other), str(measure), float(score)))
    else:
        matches_df = now(matches_frame)[0]
        matches = [(int(a), int(b), str(m), float(s)) for a, b, m, s in
                   matches_df[["a", "b", "measure", "score"]].itertuples(index=False)]
        labels = union_components(len(ids), exact_of, matches)
        links = best_links(exact_of, matches)

    def shared_counts(pairs: np.ndarray) -> np.ndarray:
        if not len(pairs):
            return np.empty(0, dtype=np.int64)
        wanted = sorted(set(pairs.ravel().tolist()))
        got = now(features[features["pos"].isin(wanted)][["pos", "shingles"]])[0]
        sets = {int(p): np.frombuffer(b, dtype=np.uint32) for p, b in zip(got["pos"], got["shingles"])}
        return shared_counts_of(sets, pairs)

    return assemble(ids, lengths_list, sizes, exact_of, links, labels, shared_counts, config, representative, stats)


# -- partition functions: the in-process code on one pandas partition ----------------------

_FEATURES_META = pd.DataFrame({
    "pos": pd.Series([], dtype="int64"), "id": pd.Series([], dtype="object"),
    "length": pd.Series([], dtype="int64"), "size": pd.Series([], dtype="int64"),
    "fingerprint": pd.Series([], dtype="object"), "shingles": pd.Series([], dtype="object"),
    "sig": pd.Series([], dtype="object"),
})
_BAND_META = pd.DataFrame({"band": pd.Series([], dtype="int64"), "key": pd.Series([], dtype="uint64"),
                           "pos": pd.Series([], dtype="int64")})
_EDGE_META = pd.DataFrame({"a": pd.Series([], dtype="int64"), "b": pd.Series([], dtype="int64")})
_MATCH_META = pd.DataFrame({"a": pd.Series([], dtype="int64"), "b": pd.Series([], dtype="int64"),
                            "measure": pd.Series([], dtype="object"), "score": pd.Series([], dtype="float64")})
_EXACT_META = pd.DataFrame({"pos": pd.Series([], dtype="int64"), "first": pd.Series([], dtype="int64")})
_LINK_META = pd.DataFrame({"node": pd.Series([], dtype="int64"), "other": pd.Series([], dtype="int64"),
                           "measure": pd.Series([], dtype="object"), "score": pd.Series([], dtype="float64")})
_SMALL_META = pd.DataFrame({"pos": pd.Series([], dtype="int64"), "sig8": pd.Series([], dtype="object"),
                            "size": pd.Series([], dtype="int64")})


def _features(part: pd.DataFrame, id_column: str, text_column: str, config: DedupConfig, clean: Any) -> pd.DataFrame:
    """The in-process features of each row; ``pos`` counts from 0 in each partition."""
    shingler, hasher = config.shingler(), config.minhasher()
    cleaner = _cleaner(clean)
    out: dict[str, list[Any]] = {name: [] for name in _FEATURES_META.columns}
    for offset, (doc_id, text) in enumerate(zip(part[id_column].tolist(), part[text_column].tolist())):
        text = "" if text is None else str(text)
        if cleaner is not None:
            text = cleaner.clean(Document(str(doc_id), text)).text
        f = shingler.features(text)
        out["pos"].append(offset)
        out["id"].append(str(doc_id))
        out["length"].append(f.length)
        out["size"].append(len(f.shingles))
        out["fingerprint"].append(f.fingerprint)
        out["shingles"].append(f.shingles.tobytes())
        out["sig"].append(hasher.signature(f.sketch).tobytes() if len(f.shingles) else b"")
    return pd.DataFrame(out).astype(_FEATURES_META.dtypes.to_dict())


def _shifted(part: pd.DataFrame, starts: np.ndarray, partition_info: dict[str, Any] | None = None) -> pd.DataFrame:
    """The partition's positions counted in the whole frame."""
    number = partition_info["number"] if partition_info else 0
    return part.assign(pos=part["pos"].to_numpy(np.int64) + int(starts[number]))


def _exact_copies(part: pd.DataFrame) -> pd.DataFrame:
    """Each row whose fingerprint an earlier position has, with that first position (all
    rows of a fingerprint are in this partition)."""
    first = part.groupby("fingerprint", sort=False)["pos"].transform("min")
    copies = part["pos"] != first
    return pd.DataFrame({"pos": part["pos"][copies].to_numpy(np.int64), "first": first[copies].to_numpy(np.int64)})


def _canonical_rows(part: pd.DataFrame, copies: np.ndarray) -> pd.DataFrame:
    """The documents that are neither empty nor an exact copy of an earlier one."""
    pos = part["pos"].to_numpy(np.int64)
    return part[(part["size"].to_numpy() > 0) & ~np.isin(pos, copies, assume_unique=True)]


def _band_rows(part: pd.DataFrame, bands: int, rows: int) -> pd.DataFrame:
    if not len(part):
        return _BAND_META.copy()
    matrix = np.stack([np.frombuffer(s, dtype=np.uint32) for s in part["sig"]])
    pos = part["pos"].to_numpy(dtype=np.int64)
    frames = [pd.DataFrame({"band": np.full(len(pos), band, dtype=np.int64), "key": band_key(matrix, band, rows),
                            "pos": pos}) for band in range(bands)]
    return pd.concat(frames, ignore_index=True).astype(_BAND_META.dtypes.to_dict())


def _bucket_pairs(part: pd.DataFrame) -> pd.DataFrame:
    """The in-process pairing of each band's buckets: members in position order, each with
    its next MAX_BUCKET."""
    found = []
    for _, band in part.sort_values("pos", kind="stable").groupby("band", sort=False):
        pos = band["pos"].to_numpy(dtype=np.int64)
        pairs = band_pairs(band["key"].to_numpy(dtype=np.uint64), MAX_BUCKET)
        if len(pairs):
            found.append(np.stack([pos[pairs[:, 0]], pos[pairs[:, 1]]], axis=1))
    if not found:
        return _EDGE_META.copy()
    pairs = np.concatenate(found)
    pairs = np.stack([pairs.min(axis=1), pairs.max(axis=1)], axis=1)
    return pd.DataFrame({"a": pairs[:, 0], "b": pairs[:, 1]})


def _low_bytes_column(part: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"pos": part["pos"].to_numpy(np.int64),
                         "sig8": [low_bytes(np.frombuffer(s, dtype=np.uint32)).tobytes() for s in part["sig"]],
                         "size": part["size"].to_numpy(np.int64)})


def _low_byte_table(parts: list[pd.DataFrame], n: int, num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """The signatures' lowest bytes and the set sizes of all documents, by position."""
    lows, sizes = np.zeros((n, num_perm), dtype=np.uint8), np.zeros(n, dtype=np.int64)
    for part in parts:
        if len(part):
            pos = part["pos"].to_numpy(np.int64)
            lows[pos] = np.stack([np.frombuffer(s, dtype=np.uint8) for s in part["sig8"]])
            sizes[pos] = part["size"].to_numpy(np.int64)
    return lows, sizes


def _plausible_from_table(part: pd.DataFrame, table: tuple[np.ndarray, np.ndarray], config: DedupConfig) -> pd.DataFrame:
    """``_plausible_partition`` with every document's low bytes at hand instead of joined."""
    if not len(part):
        return _EDGE_META.copy()
    lows, sizes = table
    pairs = part[["a", "b"]].to_numpy(np.int64)
    kept = _plausible(pairs, lows, sizes, config)
    return pd.DataFrame({"a": kept[:, 0], "b": kept[:, 1]})


def _set_table(parts: list[pd.DataFrame], n: int) -> tuple[np.ndarray, np.ndarray]:
    """All shingle sets packed end to end, and where each position's set starts."""
    pieces: dict[int, np.ndarray] = {}
    for part in parts:
        for pos, packed in zip(part["pos"].tolist(), part["shingles"].tolist()):
            pieces[int(pos)] = np.frombuffer(packed, dtype=np.uint32)
    sizes = np.zeros(n, dtype=np.int64)
    for pos, values in pieces.items():
        sizes[pos] = len(values)
    offsets = np.concatenate([[0], np.cumsum(sizes)])
    values = np.empty(int(offsets[-1]), dtype=np.uint32)
    for pos, piece in pieces.items():
        values[offsets[pos]: offsets[pos + 1]] = piece
    return values, offsets


def _verify_from_table(part: pd.DataFrame, table: tuple[np.ndarray, np.ndarray], config: DedupConfig) -> pd.DataFrame:
    """``_verify_partition`` with every document's shingle set at hand instead of joined."""
    if not len(part):
        return _MATCH_META.copy()
    values, offsets = table

    pairs = part[["a", "b"]].to_numpy(np.int64)
    matches = verify_pairs(pairs, lambda p: packed_shared_counts(values, offsets, p), np.diff(offsets), config)
    return _match_frame(matches)


def _match_frame(matches: list[tuple[int, int, str, float]]) -> pd.DataFrame:
    return pd.DataFrame({"a": [a for a, _, _, _ in matches], "b": [b for _, b, _, _ in matches],
                         "measure": [m for _, _, m, _ in matches], "score": [sc for _, _, _, sc in matches]}
                        ).astype(_MATCH_META.dtypes.to_dict())


def _plausible_partition(part: pd.DataFrame, config: DedupConfig) -> pd.DataFrame:
    """The candidates of a partition that pass the in-process plausibility check."""
    if not len(part):
        return _EDGE_META.copy()
    rows = np.arange(len(part), dtype=np.int64)
    sig = np.stack([np.frombuffer(s, dtype=np.uint8) for s in part["sig_a"]] +
                   [np.frombuffer(s, dtype=np.uint8) for s in part["sig_b"]])
    local = np.stack([rows, rows + len(part)], axis=1)  # row i: side a of i against side b
    sizes = np.concatenate([part["size_a"].to_numpy(np.int64), part["size_b"].to_numpy(np.int64)])
    kept = _plausible(local, sig, sizes, config)[:, 0]
    return pd.DataFrame({"a": part["a"].to_numpy(np.int64)[kept], "b": part["b"].to_numpy(np.int64)[kept]})


def _verify_partition(part: pd.DataFrame, config: DedupConfig) -> pd.DataFrame:
    """The plausible candidates of a partition that are near-duplicates (in-process verify_pairs)."""
    if not len(part):
        return _MATCH_META.copy()
    sets = [np.frombuffer(s, dtype=np.uint32) for s in part["sh_a"]] + [np.frombuffer(s, dtype=np.uint32) for s in part["sh_b"]]
    sizes = np.array([len(x) for x in sets], dtype=np.int64)
    rows = np.arange(len(part), dtype=np.int64)
    local = np.stack([rows, rows + len(part)], axis=1)

    matches = verify_pairs(local, lambda pairs: shared_counts_of(sets, pairs), sizes, config)
    a, b = part["a"].to_numpy(np.int64), part["b"].to_numpy(np.int64)
    return pd.DataFrame({"a": [int(a[row]) for row, _, _, _ in matches], "b": [int(b[row]) for row, _, _, _ in matches],
                         "measure": [m for _, _, m, _ in matches], "score": [sc for _, _, _, sc in matches]}
                        ).astype(_MATCH_META.dtypes.to_dict())


# -- connected components on the cluster ---------------------------------------------------

def _strongest_frame(matches: Any) -> Any:
    """Each document's strongest match (``groups.strongest``), chosen on the cluster: the
    matches in both directions, shuffled so that all of a document's sit in one partition."""
    import dask
    import dask.dataframe as dd

    forward = matches.rename(columns={"a": "node", "b": "other"})[["node", "other", "measure", "score"]]
    backward = matches.rename(columns={"b": "node", "a": "other"})[["node", "other", "measure", "score"]]
    with dask.config.set({"dataframe.shuffle.method": "tasks"}):
        directed = dd.concat([forward, backward]).shuffle(on="node")
    return directed.map_partitions(_strongest_partition, meta=_LINK_META)


def _strongest_partition(part: pd.DataFrame) -> pd.DataFrame:
    rows = strongest(part["node"].to_numpy(np.int64), part["other"].to_numpy(np.int64),
                     part["score"].to_numpy(np.float64))
    return part.iloc[rows].reset_index(drop=True)


def _star_components(n: int, matches: Any, exact: Any, now: Any, keep: Any, parts: int = 8) -> np.ndarray:
    """Component labels (the smallest position in each component) by alternating
    large-star and small-star rounds on the cluster until the edges stop changing.

    Only two numbers per round come back to this process (how many edges, and a checksum
    of them); the edges stay on the cluster until the end, when they form stars around
    each component's smallest node and become the labels.
    """
    import dask

    with dask.config.set({"dataframe.shuffle.method": "tasks"}):  # p2p shuffles stalled in these rounds
        return _star_rounds(n, matches, exact, now, keep, parts)


def _star_rounds(n: int, matches: Any, exact: Any, now: Any, keep: Any, parts: int) -> np.ndarray:
    import dask.dataframe as dd

    edges = dd.concat([matches.rename(columns={"a": "u", "b": "v"}),
                       exact.rename(columns={"pos": "u", "first": "v"})])[["u", "v"]].astype("int64")
    edges = keep(_canonical_edges(edges).repartition(npartitions=parts))
    state = now(*_fingerprint(edges))
    while True:
        edges = _small_star(_large_star(edges))
        edges = keep(edges.repartition(npartitions=parts))  # merges and concat add partitions up
        new_state = now(*_fingerprint(edges))
        if new_state == state:
            break
        state = new_state
    final = now(edges)[0]
    labels = np.arange(n, dtype=np.int64)
    labels[final["u"].to_numpy(np.int64)] = final["v"].to_numpy(np.int64)
    return labels


def _fingerprint(edges: Any) -> tuple[Any, Any]:
    """How many edges, and the sum of a hash of each: equal before and after a round
    exactly when the round changed nothing (up to a 64-bit hash collision)."""
    def mix(part: pd.DataFrame) -> pd.Series:
        u, v = part["u"].to_numpy(np.uint64), part["v"].to_numpy(np.uint64)
        with np.errstate(over="ignore"):
            h = (u * np.uint64(0x9E3779B97F4A7C15)) ^ (v * np.uint64(0xC2B2AE3D27D4EB4F))
        return pd.Series((h >> np.uint64(1)).astype(np.int64) % (1 << 40), dtype="int64")

    return count_rows(edges), edges.map_partitions(mix, meta=("h", "int64")).sum()


def _canonical_edges(edges: Any) -> Any:
    """Each undirected edge once, as (larger, smaller), without self-loops."""
    def order(part: pd.DataFrame) -> pd.DataFrame:
        u, v = part["u"].to_numpy(np.int64), part["v"].to_numpy(np.int64)
        out = pd.DataFrame({"u": np.maximum(u, v), "v": np.minimum(u, v)})
        return out[out["u"] != out["v"]]

    return edges.map_partitions(order, meta=edges._meta).drop_duplicates()


def _large_star(edges: Any) -> Any:
    """Connect each node's larger neighbours to the smallest node of its neighbourhood."""
    both = _canonical_edges(edges)
    directed = _concat_directions(both)
    smallest = directed.groupby("u")["v"].min().rename("m").to_frame()
    smallest["m"] = smallest["m"].where(smallest["m"] < smallest.index.to_series(), smallest.index.to_series())
    joined = directed.merge(smallest, left_on="u", right_index=True)
    joined = joined[joined["v"] > joined["u"]]
    return _canonical_edges(joined[["v", "m"]].rename(columns={"v": "u", "m": "v"}))


def _small_star(edges: Any) -> Any:
    """Connect each node and its smaller neighbours to the smallest of them."""
    both = _canonical_edges(edges)  # (larger, smaller)
    smallest = both.groupby("u")["v"].min().rename("m").to_frame()
    joined = both.merge(smallest, left_on="u", right_index=True)
    moved = joined[["v", "m"]].rename(columns={"v": "u", "m": "v"})
    keep = smallest.reset_index().rename(columns={"m": "v"})[["u", "v"]]
    import dask.dataframe as dd

    return _canonical_edges(dd.concat([moved, keep]))


def _concat_directions(edges: Any) -> Any:
    import dask.dataframe as dd

    return dd.concat([edges, edges.rename(columns={"u": "v", "v": "u"})[["u", "v"]]])



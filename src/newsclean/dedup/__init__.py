"""Near-duplicate detection: shingles, datasketch-compatible MinHash, LSH, verified groups.

>>> from newsclean.dedup import find_duplicates
>>> texts = ["A short note on the weather today.", "a short note on the weather, today!"]
>>> find_duplicates(texts, clean=False, representative="earliest").groups[0].ids
('0', '1')
"""

from .groups import DedupConfig, DuplicateFinder, DuplicateGroup, Duplicates, Member, find_duplicates, overlap
from .index import DedupIndex, Match
from .lsh import band_keys, candidate_pairs, candidate_probability, choose_bands
from .minhash import MinHasher
from .shingles import Shingler

__all__ = [
    "DedupConfig",
    "DedupIndex",
    "DuplicateFinder",
    "DuplicateGroup",
    "Duplicates",
    "Match",
    "Member",
    "MinHasher",
    "Shingler",
    "band_keys",
    "candidate_pairs",
    "candidate_probability",
    "choose_bands",
    "find_duplicates",
    "overlap",
]

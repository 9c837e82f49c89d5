"""A testing toolkit for news-text cleaners: hypothesis strategies and property checks.

Strategies (:mod:`newsclean.testing.strategies`) write article-like prose in several
languages, scraped pages with the rule packs' own artefacts injected (and the clean truth
beside them), mojibake that ftfy repairs, valid alias tables, and families of
near-duplicates. Property checks (:mod:`newsclean.testing.properties`) run any cleaner, a
``str -> str`` function or a newsclean ``Cleaner``, through hypothesis and raise an
``AssertionError`` with the shrunk input and output when a property fails.

This module needs hypothesis (``pip install 'newsclean[testing]'``); ``import newsclean``
alone never loads it.

>>> from hypothesis import settings
>>> from newsclean.testing import check_idempotent
>>> def tidy(text: str) -> str:
...     return " ".join(text.split())
>>> check_idempotent(tidy, settings=settings(max_examples=20))
"""

from .properties import (
    CleanerLike,
    NotApplicable,
    PropertyFailure,
    check_all,
    check_idempotent,
    check_keeps_sentences,
    check_never_raises,
    check_no_new_words,
    check_replays,
    profile_settings,
)
from .strategies import (
    EDITS,
    LANGUAGES,
    DuplicateFamilies,
    Injection,
    ScrapedArticle,
    alias_tables,
    articles,
    cleaner_inputs,
    mojibaked,
    near_duplicate_families,
    scraped_articles,
)

__all__ = [
    "CleanerLike",
    "DuplicateFamilies",
    "EDITS",
    "Injection",
    "LANGUAGES",
    "NotApplicable",
    "PropertyFailure",
    "ScrapedArticle",
    "alias_tables",
    "articles",
    "check_all",
    "check_idempotent",
    "check_keeps_sentences",
    "check_never_raises",
    "check_no_new_words",
    "check_replays",
    "cleaner_inputs",
    "mojibaked",
    "near_duplicate_families",
    "profile_settings",
    "scraped_articles",
]

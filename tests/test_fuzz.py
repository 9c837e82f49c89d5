"""Fuzzing the default Cleaner: any Unicode text (no lone surrogates), control and format
characters, line and paragraph separators, and very long lines.

Properties: it never raises, cleaning twice changes nothing, and the recorded changes
replay to the output. Example counts come from ``profile_settings``: a few under the
``ci`` profile, the profile's own (10,000) under ``nightly``.
"""

from __future__ import annotations

from hypothesis import HealthCheck
from hypothesis import settings as Settings
from hypothesis import strategies as st

from newsclean import Cleaner
from newsclean.testing import (
    articles,
    check_idempotent,
    check_never_raises,
    check_replays,
    profile_settings,
)

CLEANER = Cleaner()
LINE_LENGTH = 100_000


def budget(ci_examples: int) -> Settings:
    return Settings(
        profile_settings(ci_examples),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )


CHARACTERS = st.one_of(
    st.characters(exclude_categories=("Cs",)),  # anything but a lone surrogate
    st.characters(categories=("Cc", "Cf", "Zl", "Zp", "Zs")),  # controls, format, separators, spaces
    st.sampled_from("\r\n\t\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\ufeff\u200b\x00\x1b"),
)
ANY_TEXT = st.one_of(
    st.text(CHARACTERS, max_size=50_000),
    st.text(CHARACTERS, min_size=1_000, max_size=50_000),  # hypothesis draws short texts unless told
)


def one_line(chunk: str) -> str:
    """``chunk`` repeated into one line of 100,000 characters (its line breaks made spaces)."""
    flat = "".join(" " if c in "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029" else c for c in chunk)
    return (flat * (LINE_LENGTH // len(flat) + 1))[:LINE_LENGTH]


LONG_LINES = st.one_of(
    st.text(CHARACTERS, min_size=1, max_size=40).map(one_line),
    articles(max_paragraphs=3).map(one_line),  # prose with no paragraph break
    st.tuples(articles(max_paragraphs=2), st.text(CHARACTERS, min_size=1, max_size=40).map(one_line)).map(
        lambda pair: pair[0] + pair[1] + "\n\n" + pair[0]  # a long line between paragraphs
    ),
)


def test_never_raises_on_any_text():
    check_never_raises(CLEANER, texts=ANY_TEXT, settings=budget(60))


def test_is_idempotent_on_any_text():
    check_idempotent(CLEANER, texts=ANY_TEXT, settings=budget(60))


def test_replays_on_any_text():
    check_replays(CLEANER, texts=ANY_TEXT, settings=budget(60))


def test_never_raises_on_long_lines():
    check_never_raises(CLEANER, texts=LONG_LINES, settings=budget(4))


def test_is_idempotent_on_long_lines():
    check_idempotent(CLEANER, texts=LONG_LINES, settings=budget(4))


def test_replays_on_long_lines():
    check_replays(CLEANER, texts=LONG_LINES, settings=budget(4))

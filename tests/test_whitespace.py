"""Whitespace: line endings, trailing spaces, blank-line runs, the end of the text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsclean import Cleaner, replay
from newsclean.cleaning.whitespace import _BREAK, LineEndingStep, WhitespaceStep, run_edit

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "seeds"

WS = Cleaner(steps=[WhitespaceStep()])
BOTH = Cleaner(steps=[LineEndingStep(), WhitespaceStep()])


def ws(text: str) -> str:
    return WS.clean(text).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One.\r\nTwo.\r\n", "One.\nTwo.\n"),
        ("One.\rTwo.\r", "One.\nTwo.\n"),
        ("One.\r\n\r\n\r\nTwo.", "One.\n\nTwo."),
    ],
)
def test_crlf_and_bare_cr_become_lf(text, expected):
    assert ws(text) == expected
    assert BOTH.clean(text).text == expected


def test_line_ending_step_only_touches_line_endings():
    result = Cleaner(steps=[LineEndingStep()]).clean("One.  \r\n\r\n\r\nTwo.\r")
    assert result.text == "One.  \n\n\nTwo.\n"
    assert {c.rule for c in result.changes} == {"whitespace.line_endings"}


def test_trailing_spaces_and_tabs_are_stripped():
    assert ws("One. \t \nTwo.\u00a0\nThree.  ") == "One.\nTwo.\nThree."


def test_runs_of_blank_lines_collapse_to_one():
    assert ws("One.\n\n\n\n\nTwo.\n \n\t\n\nThree.\n") == "One.\n\nTwo.\n\nThree.\n"


def test_leading_blank_lines_are_removed():
    result = WS.clean("\n \n\nOne.\n")
    assert result.text == "One.\n"
    assert [c.rule for c in result.changes] == ["whitespace.leading_blank_lines"]


@pytest.mark.parametrize("ending", ["\n", "\n\n", "\n\n\n", " \n", "\n  ", "\n\t\n  \n", "\r\n\r\n"])
def test_a_text_ending_with_a_newline_ends_with_exactly_one(ending):
    assert ws("Last line." + ending) == "Last line.\n"


@pytest.mark.parametrize("ending", ["", "  ", "\t"])
def test_a_text_without_a_final_newline_gets_none(ending):
    assert ws("Last line." + ending) == "Last line."


def test_indentation_is_kept():
    text = "Intro:\n    indented line\n\t\ttabbed line\n  - list item\n"
    assert ws(text) == text
    assert WS.clean(text).changes == ()


def test_indentation_of_the_first_line_is_kept_after_leading_blank_lines():
    assert ws("\n\n    Indented start.\n") == "    Indented start.\n"


def test_canonical_text_is_left_alone():
    text = "One.\n\nTwo.\nThree.\n"
    assert WS.clean(text).changes == ()


def test_whitespace_only_text_becomes_empty():
    assert ws(" \n\n \t\n") == ""
    assert ws("") == ""


def test_whitespace_changes_are_named_by_what_they_fix():
    result = WS.clean("\nOne.  \nTwo.\n\n\nThree.\n\n")
    assert [c.rule for c in result.changes] == [
        "whitespace.leading_blank_lines",
        "whitespace.trailing",
        "whitespace.blank_lines",
        "whitespace.end",
    ]


# --- properties --------------------------------------------------------------------------

TEXT = st.text(st.characters(blacklist_categories=("Cs",)))
SPACY = st.lists(st.sampled_from(["word", "Two words.", " ", "  ", "\t", "\n", "\r\n", "\r", "\u00a0", "\u2003"]),
                 max_size=30).map("".join)


def lines_of(text: str) -> list[str]:
    return re.split(r"\r\n|\r|\n", text)


@given(st.one_of(TEXT, SPACY))
def test_whitespace_output_is_canonical(text):
    out = ws(text)
    assert "\r" not in out
    assert "\n\n\n" not in out
    assert not out.startswith("\n")
    assert not out.endswith("\n\n")
    assert all(line == line.rstrip() for line in out.split("\n"))


@given(st.one_of(TEXT, SPACY))
def test_whitespace_keeps_every_non_blank_line_with_its_indentation(text):
    out = ws(text)
    assert [line for line in out.split("\n") if line.strip()] == [
        line.rstrip() for line in lines_of(text) if line.strip()
    ]


@given(st.one_of(TEXT, SPACY))
def test_whitespace_ends_with_a_newline_exactly_when_the_input_did(text):
    out = ws(text)
    if out:
        tail = text[len(text.rstrip()) :]
        assert out.endswith("\n") == bool(re.search(r"[\r\n]", tail))


@given(st.one_of(TEXT, SPACY))
def test_whitespace_is_idempotent_and_replayable(text):
    result = WS.clean(text)
    assert replay(text, result.changes) == result.text
    again = WS.clean(result.text)
    assert again.text == result.text and again.changes == ()


def _full_scan(text: str) -> list[tuple[int, int, str, str]]:
    """The straightforward version: judge every whitespace run with a line break.
    WhitespaceStep only visits the runs that can need an edit; it must agree."""
    edits = (run_edit(m, len(text)) for m in _BREAK.finditer(text))
    return [(e.start, e.end, e.after, e.rule) for e in edits if e is not None]


@given(st.text(alphabet=st.sampled_from("ab \t\n\r\u00a0\u2028\x0c\x85\u3000\x1c"), max_size=40))
def test_skipping_canonical_breaks_finds_every_edit_a_full_scan_finds(text):
    got = [(e.start, e.end, e.after, e.rule) for e in WhitespaceStep().edits(text, None)]
    assert got == _full_scan(text)


def test_full_scan_agreement_on_the_seeds():
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        got = [(e.start, e.end, e.after, e.rule) for e in WhitespaceStep().edits(text, None)]
        assert got == _full_scan(text), path.name

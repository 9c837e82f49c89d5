"""EditLog: each step's edits, made in the step's own coordinates, reported over the input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsclean import Change, MetaItem, replay
from newsclean.cleaning.edits import Edit, EditLog


def spans(log: EditLog) -> list[tuple[str, int, int, str, str, tuple[str, ...]]]:
    return [(c.rule, c.start, c.end, c.before, c.after, c.via) for c in log.changes()]


def test_a_fresh_log_has_the_input_and_no_changes():
    log = EditLog("Some text.")
    assert log.text == log.original == "Some text."
    assert log.changes() == [] and log.meta == []


def test_an_edit_inside_copied_text_splits_it_and_covers_only_its_span():
    log = EditLog("One two three.")
    log.apply([Edit(4, 7, "2", "num")])
    assert log.text == "One 2 three."
    assert spans(log) == [("num", 4, 7, "two", "2", ())]


def test_several_edits_of_one_step_are_reported_separately_in_order():
    log = EditLog("a  b  c")
    log.apply([Edit(1, 3, " ", "ws"), Edit(4, 6, " ", "ws")])
    assert log.text == "a b c"
    assert spans(log) == [("ws", 1, 3, "  ", " ", ()), ("ws", 4, 6, "  ", " ", ())]


def test_a_later_edit_over_written_text_absorbs_it_and_names_the_earlier_rule_in_via():
    log = EditLog("One two three four.")
    log.apply([Edit(4, 7, "TWO", "upper")])
    log.apply([Edit(0, 8, "1 2", "nums")])  # "One TWO " in current coordinates
    assert log.text == "1 2three four."
    assert spans(log) == [("nums", 0, 8, "One two ", "1 2", ("upper",))]


def test_an_edit_starting_inside_written_text_takes_that_text_whole():
    log = EditLog("abcdef")
    log.apply([Edit(1, 4, "XYZ", "first")])  # "aXYZef"
    log.apply([Edit(2, 5, "-", "second")])  # replaces "YZe": starts inside "XYZ"
    assert log.text == "aX-f"
    assert spans(log) == [("second", 1, 5, "bcde", "X-", ("first",))]


def test_a_deletion_inside_a_later_whitespace_edit_keeps_its_own_rule():
    text = "Story.\n\n[ad_1]\n\nMore.\n"
    log = EditLog(text)
    log.apply([Edit(8, 15, "", "ad_placeholder.ad_n")])  # the whole "[ad_1]\n" line
    assert log.text == "Story.\n\n\nMore.\n"
    log.apply([Edit(6, 9, "\n\n", "whitespace.blank_lines")])  # the blank run around the hole
    assert log.text == "Story.\n\nMore.\n"
    changes = log.changes()
    assert Change("ad_placeholder.ad_n", 8, 15, "[ad_1]\n", "") in changes
    assert all(c.rule == "whitespace.blank_lines" for c in changes if c.start != 8)
    assert all("ad_placeholder.ad_n" not in c.via for c in changes)
    assert replay(text, changes) == log.text


def test_a_deletion_then_an_insertion_at_the_same_place_replays_to_the_current_text():
    log = EditLog("colour")
    log.apply([Edit(4, 5, "", "us")])
    log.apply([Edit(4, 4, "u", "uk")])
    assert log.text == "colour"
    assert replay("colour", log.changes()) == "colour"


def test_a_round_of_edits_reaching_into_text_written_earlier_applies_each_edit():
    log = EditLog("")
    log.apply([Edit(0, 0, "aa", "insert")])
    log.apply([Edit(0, 1, "", "first"), Edit(1, 2, "", "second")])
    assert log.text == ""
    assert replay("", log.changes()) == ""
    log = EditLog("x")
    log.apply([Edit(0, 1, "abcd", "write")])
    log.apply([Edit(0, 1, "A", "up"), Edit(2, 3, "C", "up2")])
    assert log.text == "AbCd"
    assert replay("x", log.changes()) == "AbCd"


def test_edits_that_change_nothing_are_ignored():
    log = EditLog("same")
    log.apply([Edit(0, 4, "same", "noop"), Edit(4, 4, "", "noop")])
    assert log.changes() == [] and log.text == "same"


def test_insertions_at_the_start_the_end_and_into_empty_text():
    log = EditLog("mid")
    log.apply([Edit(0, 0, "<", "l"), Edit(3, 3, ">", "r")])
    assert log.text == "<mid>"
    assert spans(log) == [("l", 0, 0, "", "<", ()), ("r", 3, 3, "", ">", ())]
    empty = EditLog("")
    empty.apply([Edit(0, 0, "new", "ins")])
    assert empty.text == "new" and spans(empty) == [("ins", 0, 0, "", "new", ())]


def test_a_meta_edit_records_the_stripped_text_over_its_input_span():
    text = "[ad_1]\nBy Jane Doe \nStory.\n"
    log = EditLog(text)
    log.apply([Edit(0, 7, "", "ad")])
    log.apply([Edit(0, 13, "", "byline.by", "byline")])  # "By Jane Doe \n" now starts at 0
    assert log.meta == [MetaItem("byline", "By Jane Doe", "byline.by", 7, 20)]
    assert text[7:20] == "By Jane Doe \n"


def test_to_input_maps_copied_text_exactly():
    log = EditLog("[ad_1] Big news today.")
    log.apply([Edit(0, 7, "", "ad")])
    assert log.text == "Big news today."
    s, e = log.to_input(4, 8)
    assert (s, e) == (11, 15) and log.original[s:e] == "news"


def test_to_input_maps_written_text_to_the_whole_span_it_replaced():
    log = EditLog("Tom &amp; Jerry")
    log.apply([Edit(4, 9, "&", "entity")])
    assert log.text == "Tom & Jerry"
    assert log.to_input(4, 5) == (4, 9)
    assert log.to_input(0, 11) == (0, 15)


def test_to_input_of_an_empty_span_is_empty():
    log = EditLog("abc")
    log.apply([Edit(0, 1, "", "x")])
    s, e = log.to_input(1, 1)
    assert s == e and 0 <= s <= 3


def test_a_flag_over_current_text_points_at_the_same_text_in_the_input():
    log = EditLog("[ad_1]\nThe suspicious word.\n")
    log.apply([Edit(0, 7, "", "ad")])
    flag = log.flag("check.word", 4, 14, "odd")
    assert flag.text == "suspicious"
    assert log.original[flag.start : flag.end] == "suspicious"


@pytest.mark.parametrize(
    "edits",
    [
        [Edit(3, 4, "", "b"), Edit(0, 1, "", "a")],  # not sorted
        [Edit(0, 3, "", "a"), Edit(2, 4, "", "b")],  # overlapping
        [Edit(2, 1, "", "a")],  # end before start
        [Edit(0, 99, "", "a")],  # past the end
    ],
)
def test_apply_rejects_edits_that_do_not_fit_the_text(edits):
    log = EditLog("abcdef")
    with pytest.raises(ValueError, match="sorted, not overlapping and inside the text"):
        log.apply(edits)


# --- property: rounds of random valid edits ------------------------------------------


@st.composite
def edit_round(draw, text: str) -> list[Edit]:
    """Sorted, non-overlapping edits over ``text`` (deletions, insertions, replacements)."""
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    rules = st.sampled_from(["r1", "r2", "r3"])
    return [
        Edit(s, e, draw(st.text(alphabet="ab\n xy", max_size=4)), draw(rules))
        for s, e in zip(cuts[::2], cuts[1::2])
    ]


def _apply_to_model(model: list[int | None], text: str, edits: list[Edit]) -> tuple[list[int | None], str]:
    """Reference model: for each character of the current text, the input index it was
    copied from, or None when an edit wrote it."""
    out_model: list[int | None] = []
    out_text, pos = [], 0
    for e in edits:
        out_model += model[pos : e.start] + [None] * len(e.after)
        out_text.append(text[pos : e.start] + e.after)
        pos = e.end
    out_model += model[pos:]
    out_text.append(text[pos:])
    return out_model, "".join(out_text)


@given(st.text(alphabet="ab\n xyz", max_size=30), st.data())
def test_replaying_the_changes_of_any_rounds_of_edits_gives_the_current_text(original, data):
    log = EditLog(original)
    model: list[int | None] = list(range(len(original)))
    text = original
    for _ in range(data.draw(st.integers(1, 4))):
        edits = data.draw(edit_round(text))
        log.apply(edits)
        model, text = _apply_to_model(model, text, edits)
        assert log.text == text
        changes = log.changes()
        assert replay(original, changes) == text
        pos = 0
        for c in changes:
            assert pos <= c.start <= c.end <= len(original)
            assert original[c.start : c.end] == c.before
            assert c.before != c.after
            pos = c.end
    # spans of untouched, contiguous input text map back exactly
    s = data.draw(st.integers(0, len(text)))
    e = data.draw(st.integers(s, len(text)))
    if s < e and all(model[k] is not None for k in range(s, e)) and all(
        model[k + 1] == model[k] + 1 for k in range(s, e - 1)  # type: ignore[operator]
    ):
        assert log.to_input(s, e) == (model[s], model[e - 1] + 1)  # type: ignore[operator]


@given(st.text(alphabet="ab\n xyz", max_size=30), st.data())
def test_to_input_always_gives_an_ordered_span_inside_the_input(original, data):
    log = EditLog(original)
    text = original
    for _ in range(data.draw(st.integers(0, 3))):
        edits = data.draw(edit_round(text))
        log.apply(edits)
        text = log.text
    s = data.draw(st.integers(0, len(text)))
    e = data.draw(st.integers(s, len(text)))
    a, b = log.to_input(s, e)
    assert 0 <= a <= b <= len(original)

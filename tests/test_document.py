"""The data model: Document, Change, Flag, MetaItem, Cleaned and replay()."""

from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsclean import Change, Cleaned, Document, Flag, MetaItem, replay


def test_document_meta_defaults_to_a_fresh_empty_mapping():
    a, b = Document("a", "x"), Document("b", "y")
    assert a.meta == {} and a.meta is not b.meta


def test_model_objects_are_frozen():
    for obj in (Document("a", "x"), Change("r", 0, 1, "x", ""), Flag("r", 0, 1, "x", "m"), MetaItem("k", "x", "r", 0, 1)):
        with pytest.raises(dataclasses.FrozenInstanceError):
            obj.rule = "other"  # type: ignore[misc]


def test_replay_applies_sorted_changes():
    text = "Hello  world\n[ad_1]\n"
    changes = [Change("ws", 5, 7, "  ", " "), Change("ad", 13, 20, "[ad_1]\n", "")]
    assert replay(text, changes) == "Hello world\n"


def test_replay_supports_pure_insertions():
    assert replay("ab", [Change("ins", 1, 1, "", "-")]) == "a-b"
    assert replay("", [Change("ins", 0, 0, "", "x")]) == "x"


def test_replay_of_no_changes_is_the_input():
    assert replay("same text", []) == "same text"


@pytest.mark.parametrize(
    "changes",
    [
        [Change("a", 3, 4, "d", ""), Change("b", 0, 1, "a", "")],  # out of order
        [Change("a", 0, 2, "ab", ""), Change("b", 1, 3, "bc", "")],  # overlapping
        [Change("a", 2, 1, "", "")],  # end before start
        [Change("a", 5, 9, "", "")],  # past the end
    ],
)
def test_replay_rejects_changes_out_of_order_or_range(changes):
    with pytest.raises(ValueError, match="out of order or out of range"):
        replay("abcdef", changes)


def test_replay_rejects_a_change_whose_before_does_not_match_the_text():
    with pytest.raises(ValueError, match="does not match"):
        replay("abcdef", [Change("a", 0, 2, "xx", "")])


@given(st.text(max_size=40), st.data())
def test_replay_of_changes_cut_from_the_text_rebuilds_the_expected_output(text, data):
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=8)))
    spans = list(zip(cuts[::2], cuts[1::2]))
    afters = [data.draw(st.text(max_size=3)) for _ in spans]
    changes = [Change("r", s, e, text[s:e], a) for (s, e), a in zip(spans, afters)]
    expected, pos = "", 0
    for (s, e), a in zip(spans, afters):
        expected += text[pos:s] + a
        pos = e
    expected += text[pos:]
    assert replay(text, changes) == expected


def test_change_to_dict_lists_via_only_when_there_is_one():
    assert "via" not in Change("r", 0, 1, "x", "").to_dict()
    assert Change("r", 0, 1, "x", "", ("encoding.ftfy",)).to_dict()["via"] == ["encoding.ftfy"]


def test_cleaned_to_dict_is_json_ready_and_complete():
    result = Cleaned(
        "doc-1",
        "Story.\n",
        (Change("source_link.source_line", 7, 19, "Source link\n", ""),),
        (Flag("check.x", 0, 6, "Story.", "looks odd"),),
        (MetaItem("source_link", "Source link", "source_link.source_line", 7, 19),),
    )
    record = json.loads(json.dumps(result.to_dict()))
    assert record == {
        "id": "doc-1",
        "changes": [{"rule": "source_link.source_line", "start": 7, "end": 19, "before": "Source link\n", "after": ""}],
        "flags": [{"rule": "check.x", "start": 0, "end": 6, "text": "Story.", "message": "looks odd"}],
        "meta": [{"kind": "source_link", "text": "Source link", "rule": "source_link.source_line", "start": 7, "end": 19}],
    }
    assert "text" not in record  # the report carries what changed, not the whole text


def test_meta_by_kind_groups_items_in_order():
    meta = (
        MetaItem("byline", "By Jane Doe", "byline.by", 0, 11),
        MetaItem("source_link", "Source link", "source_link.source_line", 20, 31),
        MetaItem("byline", "By John Roe", "byline.by", 40, 51),
    )
    assert Cleaned("x", "", meta=meta).meta_by_kind() == {
        "byline": ["By Jane Doe", "By John Roe"],
        "source_link": ["Source link"],
    }


def test_meta_by_kind_of_nothing_is_empty():
    assert Cleaned("x", "text").meta_by_kind() == {}

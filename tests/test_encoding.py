"""The encoding step: ftfy's repairs, line by line, and nothing else."""

from __future__ import annotations

import string
from unittest import mock

import ftfy
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsclean import Cleaner, replay
from newsclean.cleaning import encoding
from newsclean.cleaning.encoding import CONFIG, EncodingStep, needs_repair

STEP_ONLY = Cleaner(steps=[EncodingStep()])


def repair(text: str):
    return STEP_ONLY.clean(text)


def ftfy_by_line(text: str) -> str:
    return "\n".join(ftfy.fix_text(line, CONFIG) for line in text.split("\n"))


def test_mojibake_apostrophe_is_repaired_with_a_small_change():
    result = repair("Lukashenkoâ€™s press service said so.\n")
    assert result.text == "Lukashenko’s press service said so.\n"
    [change] = result.changes
    assert change.rule == "encoding.ftfy"
    assert (change.before, change.after) == ("â€™", "’")
    assert (change.start, change.end) == (10, 13)


def test_mojibake_in_several_lines_is_repaired_line_by_line():
    text = "The cafÃ© reopened.\nIt is fine.\nÂ« Bonjour Â»\n"
    result = repair(text)
    assert result.text == "The café reopened.\nIt is fine.\n« Bonjour »\n"
    assert replay(text, result.changes) == result.text


@pytest.mark.parametrize(
    "text",
    [
        "“We agreed with him,” the president said.",
        "Lukashenko’s press service and the Kremlin’s",
        "‘Europe’s Last Dictator’",
        "Prices rose 5 % — a record… «Nous sommes prêts»",
        "Zürich, Łódź, São Paulo, Ærøskøbing, Москва, 北京",
    ],
)
def test_correct_non_ascii_text_is_left_alone(text):
    result = repair(text)
    assert result.text == text and result.changes == ()


def test_curly_quotes_stay_curly():
    assert repair("“quote” and ‘single’").text == "“quote” and ‘single’"


def test_ligatures_wide_characters_and_decomposed_accents_are_not_normalised():
    text = "ﬁnal ｗｉｄｅ e\u0301"
    assert repair(text).text == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tom &amp; Jerry", "Tom & Jerry"),
        ("&lt;p&gt; is a tag", "<p> is a tag"),
        ("&eacute;t&eacute; &#8217; &#x2014;", "été ’ —"),
    ],
)
def test_html_entities_are_unescaped(text, expected):
    assert repair(text).text == expected


def test_stray_control_characters_are_removed():
    assert repair("bell\x07 and escape\x1b[31m").text == "bell and escape"


def test_pure_ascii_text_is_never_sent_to_ftfy():
    boom = mock.Mock(side_effect=AssertionError("ftfy was called on pure ASCII"))
    with mock.patch.object(encoding.ftfy, "fix_text", boom), mock.patch.object(encoding, "is_bad", boom):
        result = repair("Plain ASCII news.\nNothing to fix here; really (100%).\n")
    assert result.changes == ()
    boom.assert_not_called()


@given(st.text(alphabet=string.printable.replace("&", "").replace("\x0b", "").replace("\x0c", "")))
def test_ascii_without_ampersands_or_controls_is_untouched_without_calling_ftfy(text):
    assert not needs_repair(text)
    boom = mock.Mock(side_effect=AssertionError("ftfy was called on pure ASCII"))
    with mock.patch.object(encoding.ftfy, "fix_text", boom):
        assert EncodingStep().edits(text, None) == []  # type: ignore[arg-type]


def test_ascii_with_an_entity_is_sent_to_ftfy():
    assert needs_repair("Tom &amp; Jerry")


# --- ftfy equivalence --------------------------------------------------------------

ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)))
ACCENTED = st.text(alphabet="aeiouAEIOU éèêëàâäôöûüçñÉÀÇ’‘“”—–…«»€£©", min_size=1, max_size=30)


def mojibake(s: str) -> str:
    return s.encode("utf-8").decode("cp1252", errors="ignore")


MOJIBAKE = ACCENTED.map(mojibake)
ENTITIES = st.sampled_from(["&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&eacute;", "&nbsp;", "&#8217;", "&hellip;"])
MIXED = st.lists(st.one_of(ANY_TEXT, MOJIBAKE, ENTITIES, st.just("\n")), max_size=8).map("".join)


@given(st.one_of(ANY_TEXT, MIXED))
def test_output_equals_ftfy_applied_line_by_line(text):
    result = repair(text)
    assert result.text == ftfy_by_line(text)
    assert replay(text, result.changes) == result.text


@given(ACCENTED)
def test_mojibake_that_ftfy_can_undo_is_undone(original):
    broken = mojibake(original)
    result = repair(broken)
    assert result.text == ftfy_by_line(broken)
    if ftfy.fix_text(broken, CONFIG) == original:
        assert result.text == original


@given(ANY_TEXT)
def test_needs_repair_is_false_only_where_ftfy_changes_nothing(line):
    line = line.replace("\n", " ")
    if not needs_repair(line):
        assert ftfy.fix_text(line, CONFIG) == line


@given(st.one_of(ANY_TEXT, MIXED))
def test_encoding_changes_stay_within_single_lines(text):
    for change in repair(text).changes:
        assert "\n" not in change.before and "\n" not in change.after


# Text made of the characters the pair search is about: lead and continuation bytes as
# the charmap codecs decode them, spaces, stand-ins and plain letters.
_PAIR_ALPHABET = "".join(sorted(set(bytes(range(0x80, 0x100)).decode("latin-1")
                                    + bytes(range(0x80, 0x100)).decode("cp1252", "replace") + " ?\ufffd\x1aaZ")))


@given(st.text(alphabet=_PAIR_ALPHABET, max_size=12) | st.text(max_size=12))
def test_the_re2_pair_search_agrees_with_the_re_pattern_it_is_built_from(text):
    assert encoding.has_mojibake_pair(text) == (encoding._PAIR.search(text) is not None)


@given(st.lists(st.text(alphabet=_PAIR_ALPHABET + "&\x0c\x1b\x00\x7f\u2019\u201c", max_size=10) | st.text(max_size=10),
                max_size=6))
def test_every_line_that_needs_repair_is_among_the_suspect_lines_the_step_looks_at(lines):
    lines = [line.replace("\n", " ") for line in lines]
    text = "\n".join(lines)
    looked_at = dict(encoding._suspect_lines(text))
    pos = 0
    for line in lines:
        if needs_repair(line):
            assert looked_at.get(pos) == line
        pos += len(line) + 1


def _needs_repair_by_re(line):
    """needs_repair spelled with the `re` patterns alone (the RE2 quick search left out)."""
    if line.isascii():
        return encoding._ASCII_SUSPECT.search(line) is not None
    suspect = encoding._SUSPECT.search(line) is not None
    return suspect or (encoding._PAIR.search(line) is not None and encoding.is_bad(line))


@given(st.text(alphabet=_PAIR_ALPHABET + "&\x0c\x1b\x7f\u2019\u201c\ud800\u200b", max_size=12) | st.text(max_size=12))
def test_the_quick_re2_search_never_changes_what_needs_repair_says(line):
    assert needs_repair(line) == _needs_repair_by_re(line)

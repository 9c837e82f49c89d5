"""Properties of the default Cleaner over arbitrary and article-like text.

Every run of the cleaner must be explainable: the recorded changes rebuild the output
from the input, they are ordered and point at the text they replaced, meta is kept,
and cleaning clean text changes nothing.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsclean import Cleaner, RuleSet, replay
from newsclean.cleaning.whitespace import LineEndingStep, WhitespaceStep

CLEANER = Cleaner()
WHITESPACE_ONLY = Cleaner(steps=[LineEndingStep(), WhitespaceStep()])
META_RULES = {r.name for r in RuleSet.load().rules if r.action == "meta"}

# --- strategies -------------------------------------------------------------------------

ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)))

WORDS = (
    "the a minister said talks would resume on monday prices rose sharply in third quarter "
    "officials government opposition protest city police report week year people country "
    "election result president council budget health workers share comments source read "
    "more video photo news home search follow related story after before during against "
    "for with from about its their new old local national two three hundred thousand"
).split()


@st.composite
def sentences(draw) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=4, max_size=16))
    return " ".join(words).capitalize() + "."


PARAGRAPH = st.lists(sentences(), min_size=1, max_size=4).map(" ".join)


def mojibake(s: str) -> str:
    return s.encode("utf-8").decode("cp1252", errors="ignore")


ACCENTED_SENTENCES = st.sampled_from(
    [
        "Lukashenko’s aide said the café would reopen.",
        "The “union state” is a project of Minsk and Moscow — officials said.",
        "Zürich and Łódź signed the agreement on Monday.",
        "Protesters chanted «freedom» outside the ministry.",
    ]
)
MOJIBAKE_SENTENCE = ACCENTED_SENTENCES.map(mojibake)
ENTITY_SENTENCE = st.sampled_from(
    [
        "Tom &amp; Jerry met the press on Monday.",
        "Prices rose 5&nbsp;percent, the report said.",
        "The so-called &quot;reform&quot; passed.",
    ]
)
ARTEFACT_LINES = st.sampled_from(
    [
        "[ad_1]",
        "[ad_2]",
        "Leave a Comment",
        "Source link",
        "By Jane Doe",
        "(Reporting by Anna Smith; Editing by Tom Brown)",
        "Advertisement",
        "Share this:",
        "Others are currently reading",
        "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
        "<p>",
        "Read more:",
        "City Opens New Library In Former Post Office",
        "- Mayor Defends Budget After Heated Council Debate",
        "* [Home](https://example.com/)",
    ]
)


@st.composite
def inline_artefact(draw) -> str:
    """A paragraph with an artefact run into it (at a word boundary)."""
    paragraph = draw(PARAGRAPH)
    artefact = draw(st.sampled_from(["[ad_1]", "&amp;", "<br/>", mojibake("it’s")]))
    words = paragraph.split(" ")
    at = draw(st.integers(0, len(words)))
    return " ".join(words[:at] + [artefact] + words[at:])


BLOCK = st.one_of(PARAGRAPH, PARAGRAPH, ARTEFACT_LINES, MOJIBAKE_SENTENCE, ENTITY_SENTENCE, inline_artefact())
SEPARATOR = st.sampled_from(["\n", "\n\n", "\n\n\n", "\n \n", "\r\n\r\n", "  \n\n"])
ENDING = st.sampled_from(["", "\n", "\n\n", " "])


@st.composite
def articles(draw) -> str:
    blocks = draw(st.lists(BLOCK, min_size=1, max_size=14))
    out = blocks[0]
    for block in blocks[1:]:
        out += draw(SEPARATOR) + block
    return out + draw(ENDING)


@st.composite
def plain_articles(draw) -> str:
    """Plain prose: distinct paragraphs of sentences ending in periods, separated by
    blank lines (with some untidy whitespace): nothing to clean but the whitespace."""
    paragraphs = draw(st.lists(PARAGRAPH, min_size=1, max_size=12, unique_by=lambda p: p.casefold()))
    out = draw(st.sampled_from(["", "\n", "\n\n"])) + paragraphs[0]
    for paragraph in paragraphs[1:]:
        out += draw(st.sampled_from(["\n\n", "\n\n\n", " \n\n", "\r\n\r\n", "\n\t\n"])) + paragraph
    return out + draw(ENDING)


TEXTS = st.one_of(ANY_TEXT, articles())


# --- properties -------------------------------------------------------------------------------


def check_changes(text: str, result) -> None:
    pos = 0
    for change in result.changes:
        assert pos <= change.start <= change.end <= len(text), change
        assert text[change.start : change.end] == change.before, change
        assert change.before != change.after, change
        pos = change.end


@given(TEXTS)
def test_replaying_the_changes_rebuilds_the_output(text):
    result = CLEANER.clean(text)
    assert replay(text, result.changes) == result.text


@given(TEXTS)
def test_changes_are_sorted_non_overlapping_and_match_the_input(text):
    check_changes(text, CLEANER.clean(text))


@given(TEXTS)
def test_flag_and_meta_spans_lie_within_the_input(text):
    result = CLEANER.clean(text)
    for flag in result.flags:
        assert 0 <= flag.start <= flag.end <= len(text)
        assert text[flag.start : flag.end] == flag.text
    for item in result.meta:
        assert 0 <= item.start <= item.end <= len(text)
        assert item.text and item.text in text[item.start : item.end]


@given(TEXTS)
def test_cleaning_is_idempotent(text):
    once = CLEANER.clean(text)
    twice = CLEANER.clean(once.text)
    assert twice.text == once.text
    assert twice.changes == ()


@given(articles())
def test_text_removed_by_a_meta_rule_is_kept_in_meta(text):
    result = CLEANER.clean(text)
    meta_texts = [m.text for m in result.meta]
    for change in result.changes:
        if change.rule in META_RULES and not change.after.strip():
            assert change.before.strip() in meta_texts, change


@given(articles())
def test_known_artefacts_do_not_survive(text):
    out = CLEANER.clean(text).text
    for artefact in ("[ad_1]", "[ad_2]", "&amp;", "Leave a Comment", "Source link", "â€"):
        assert artefact not in out


@given(plain_articles())
def test_plain_prose_comes_out_unchanged_but_for_whitespace(text):
    result = CLEANER.clean(text)
    assert result.text == WHITESPACE_ONLY.clean(text).text
    assert all(c.rule.startswith("whitespace.") for c in result.changes)

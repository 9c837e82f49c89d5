"""Properties of the default Cleaner over arbitrary and article-like text.

Every run of the cleaner must be explainable: the recorded changes rebuild the output
from the input, they are ordered and point at the text they replaced, meta is kept,
and cleaning clean text changes nothing. Besides the strategies here, the inputs come
from ``newsclean.testing`` (scraped articles in four languages with the rule packs' own
artefacts, mojibake ftfy repairs), whose property checks also run the cleaner; the
library bugs those checks found stand at the end, as strict expected failures.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given
from hypothesis import settings as Settings
from hypothesis import strategies as st

from newsclean import Cleaner, RuleSet, replay
from newsclean.cleaning.whitespace import LineEndingStep, WhitespaceStep
from newsclean.testing import (
    LANGUAGES,
    ScrapedArticle,
    check_idempotent,
    check_keeps_sentences,
    check_never_raises,
    check_no_new_words,
    check_replays,
    mojibaked,
    profile_settings,
    scraped_articles,
)

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


ACCENTED_SENTENCES = st.sampled_from(
    [
        "Lukashenko’s aide said the café would reopen.",
        "The “union state” is a project of Minsk and Moscow — officials said.",
        "Zürich and Łódź signed the agreement on Monday.",
        "Protesters chanted «freedom» outside the ministry.",
    ]
)
MOJIBAKE_SENTENCE = ACCENTED_SENTENCES.flatmap(mojibaked)  # every mis-decoding ftfy repairs
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
    artefact = draw(st.sampled_from(["[ad_1]", "&amp;", "<br/>", "it’s".encode().decode("cp1252")]))
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


def scraped(**kwargs) -> st.SearchStrategy[ScrapedArticle]:
    """newsclean.testing's scraped articles in any of its languages, titled or not."""
    return st.tuples(st.sampled_from(LANGUAGES), st.booleans()).flatmap(
        lambda lt: scraped_articles(language=lt[0], title=lt[1], **kwargs)
    )


SCRAPED_TEXTS = scraped(mojibake=True).map(lambda s: s.text)
TEXTS = st.one_of(ANY_TEXT, articles(), SCRAPED_TEXTS)


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


# --- the property checks of newsclean.testing -------------------------------------------------


def budget(ci_examples: int) -> Settings:
    """``ci_examples`` under the ci profile, the profile's own count under nightly."""
    return Settings(profile_settings(ci_examples), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_never_raises_on_the_checks_inputs():
    check_never_raises(CLEANER, settings=budget(50))  # arbitrary text, markup soup, articles


def test_replays_on_the_checks_inputs():
    check_replays(CLEANER, settings=budget(50))


def test_cleaning_scraped_articles_is_idempotent():
    check_idempotent(CLEANER, texts=SCRAPED_TEXTS, settings=budget(30))


def test_cleaning_scraped_articles_adds_no_words():
    check_no_new_words(CLEANER, texts=SCRAPED_TEXTS, settings=budget(30))


def test_cleaning_scraped_articles_keeps_their_sentences():
    check_keeps_sentences(CLEANER, articles=scraped(mojibake=True), settings=budget(30))


# --- library bugs the checks found, each kept as the check that found it --------------------


def test_a_removed_break_tag_leaves_a_space_between_words():
    # was 'Taxes riseprices fall.': html_leftover.tag left nothing in the tag's place
    check_no_new_words(CLEANER, texts=st.just("Taxes rise<br/>prices fall.\n"), settings=budget(1))
    assert CLEANER.clean("Taxes rise<br/>prices fall.\n").text == "Taxes rise prices fall.\n"


def test_a_closed_html_comment_takes_only_itself():
    # html_leftover.comment's pattern for unclosed comments ('<!--[^\n]*') also matched a
    # closed one, and the longer match won: 'The budget passed.' was lost
    text = "The council met. <!-- ad slot --> The budget passed.\n"
    article = ScrapedArticle(text, "The council met. The budget passed.\n", (), ("The council met.", "The budget passed."), "en")
    check_keeps_sentences(CLEANER, articles=st.just(article), settings=budget(1))


def test_a_source_line_with_a_credit_goes_in_one_run():
    # the line rules skipped a line that a meta span edit touched: run 1 moved '(Reporting
    # by ...)' to meta, and only run 2 took 'Source: Reuters.' with source_link.source_line
    text = "Source: Reuters. (Reporting by Anna Smith)\n"
    check_idempotent(CLEANER, texts=st.just(text), settings=budget(1))
    result = CLEANER.clean(text)
    assert result.text == "" and sorted(m.text for m in result.meta) == ["(Reporting by Anna Smith)", "Source: Reuters."]


def test_an_entity_beside_a_tag_is_unescaped_in_one_run():
    # ftfy's unescape_html="auto" left '&amp;' alone on a line holding '<'; the artefacts
    # step cut '<br/>', so only run 2 turned '&amp;' into '&'
    assert CLEANER.clean("Tom &amp; Jerry met the press.<br/>\n").text == "Tom & Jerry met the press.\n"
    check_idempotent(CLEANER, texts=st.just("Tom &amp; Jerry met the press.<br/>\n"), settings=budget(1))


def test_german_closing_quotes_end_a_sentence():
    # boilerplate.ends_sentence stripped only "'”’») ] before looking for . ! ? …, so a
    # paragraph ending '.“' (German) or '. »' (French) did not end a sentence; three such
    # paragraphs with 60% capitalised words (German nouns) were a 'headline run' and went
    paragraphs = (
        "Anna Müller sagte: „Die Regierung plant neue Steuern für Familien.“",
        "Jürgen Weber sagte: „Die Koalition bleibt trotz Streit in Berlin stabil.“",
        "Maria Schulz sagte: „Die Opposition in Sachsen lehnt den Haushalt ab.“",
    )
    text = "\n\n".join(paragraphs) + "\n"
    check_keeps_sentences(CLEANER, articles=st.just(ScrapedArticle(text, text, (), paragraphs, "de")), settings=budget(1))


def test_the_same_quotes_in_english_are_kept():
    paragraphs = (
        "Anna Miller said: “The Government Plans New Taxes For Families.”",
        "John Weber said: “The Coalition Stays Stable Despite The Dispute.”",
        "Mary Smith said: “The Opposition In Saxony Rejects The Budget.”",
    )
    text = "\n\n".join(paragraphs) + "\n"
    check_keeps_sentences(CLEANER, articles=st.just(ScrapedArticle(text, text, (), paragraphs, "en")), settings=budget(1))

"""Boilerplate: the shape detectors and the batch-wide repeated-line signal.

All texts here are written for these tests: short, realistic articles with the kinds of
site chrome scrapers leave around them.
"""

from __future__ import annotations

import pytest

from newsclean import Cleaner, Document, RepeatedLines, RuleSet, clean, replay
from newsclean.cleaning.boilerplate import BoilerplateStep

P1 = (
    "The city council voted on Tuesday to expand the bus network, adding three routes that "
    "will connect the northern suburbs with the hospital district by next spring."
)
P2 = (
    "Council members said the plan would cost about 4 million euros a year, most of it paid "
    "for by a new parking levy that takes effect in January."
)
P3 = (
    "Opponents argued that the levy would hurt small shops in the old town, and several of "
    "them promised to challenge the decision in court."
)
HEADLINES = [
    "City Opens New Library In Former Post Office",
    "Mayor Defends Budget After Heated Council Debate",
    "Local Bakery Wins National Bread Award",
]


def removed_by(result, rule: str) -> list[str]:
    return [c.before.strip() for c in result.changes if c.rule == rule]


def boilerplate_only() -> Cleaner:
    return Cleaner(steps=[BoilerplateStep(RuleSet.load())])


# --- trailing headlines -----------------------------------------------------------------


def test_a_trailing_list_of_headlines_is_removed():
    text = f"{P1}\n\n{P2}\n\n" + "\n".join(HEADLINES) + "\n"
    result = clean(text)
    assert result.text == f"{P1}\n\n{P2}\n"
    assert removed_by(result, "related_block.trailing_headlines") == HEADLINES


def test_a_trailing_bulleted_list_of_headlines_is_removed():
    text = f"{P1}\n\n{P2}\n\n" + "\n".join(f"- {h}" for h in HEADLINES[:2]) + "\n"
    assert clean(text).text == f"{P1}\n\n{P2}\n"


def test_a_single_closing_sentence_is_kept():
    text = f"{P1}\n\n{P2}\n\nThe first new buses are expected to run in March.\n"
    result = clean(text)
    assert result.text == text and result.changes == ()


def test_a_single_closing_headline_shaped_line_is_not_a_list():
    text = f"{P1}\n\n{P2}\n\n{HEADLINES[0]}\n"
    assert clean(text).text == text


# --- blocks under a header ----------------------------------------------------------------


def test_a_read_more_block_is_removed_until_prose_resumes():
    text = f"{P1}\n\nRead more:\n\n{HEADLINES[0]}\n{HEADLINES[1]}\n\n{P2}\n\n{P3}\n"
    result = clean(text)
    assert result.text == f"{P1}\n\n{P2}\n\n{P3}\n"
    assert removed_by(result, "related_block.read_more_header") == ["Read more:"]
    assert removed_by(result, "block.after_header") == HEADLINES[:2]


def test_a_read_more_block_stops_at_short_prose_paragraphs():
    short_prose = [
        "The first new buses are expected to run in March.",
        "Officials said the timetable would be published next week.",
    ]
    text = f"{P1}\n\nRead more:\n\n{HEADLINES[0]}\n{HEADLINES[1]}\n\n" + "\n\n".join(short_prose) + "\n"
    result = clean(text)
    assert result.text == f"{P1}\n\n" + "\n\n".join(short_prose) + "\n"


def test_a_related_coverage_block_with_teasers_is_removed():
    text = f"{P1}\n\nRELATED COVERAGE\n\nMayor Defends Budget...\nLocal Bakery Wins Award...\n\n{P2}\n"
    assert clean(text).text == f"{P1}\n\n{P2}\n"


def test_one_short_line_under_a_header_followed_by_prose_is_kept_as_a_headline():
    text = f"{P1}\n\nRelated Coverage\n\nBus Network To Grow\n\n{P2}\n"
    result = clean(text)
    assert "Bus Network To Grow" in result.text and P2 in result.text


# --- menus and link lists ----------------------------------------------------------------------


def test_a_markdown_link_list_menu_is_removed():
    menu = (
        "* [Home](https://example.com/)\n* [World](https://example.com/world/)\n"
        "* [Politics](https://example.com/politics/)\n* [Sport](https://example.com/sport/)\n"
    )
    result = clean(f"{menu}\n{P1}\n\n{P2}\n")
    assert result.text == f"{P1}\n\n{P2}\n"
    assert len(removed_by(result, "navigation.link_list")) >= 2


def test_a_link_inside_a_sentence_is_not_a_menu():
    text = f"{P1}\n\nThe full plan is published on [the council website](https://example.com/plan), the mayor said.\n"
    assert clean(text).text == text


def test_a_run_of_short_menu_labels_is_removed():
    text = f"{P1}\n\nHome\nNews\nSport\nWeather\nContact\n\n{P2}\n"
    assert clean(text).text == f"{P1}\n\n{P2}\n"


# --- other detectors ------------------------------------------------------------------------------


def test_a_stray_fragment_is_removed_but_a_number_is_kept():
    result = clean(f"{P1}\n\nd\n\n{P2}\n\n12\n")
    assert result.text == f"{P1}\n\n{P2}\n\n12\n"
    assert removed_by(result, "other.stray_fragment") == ["d"]


def test_a_long_paragraph_repeated_word_for_word_goes_the_second_time():
    result = clean(f"{P1}\n\n{P2}\n\n{P1}\n")
    assert result.text == f"{P1}\n\n{P2}\n"
    assert removed_by(result, "other.repeated_line") == [P1]


def test_a_truncated_teaser_of_another_line_is_removed():
    result = clean(f"{P2}\n\n{P1[:60]}...\n\n{P1}\n")
    assert result.text == f"{P2}\n\n{P1}\n"


# --- code fences ----------------------------------------------------------------------------------


def test_code_fences_are_never_touched():
    fence = (
        "```\nLeave a Comment\nRead more:\nHome\nNews\nSport\nWeather\n"
        "* [Home](https://example.com/)\n* [World](https://example.com/world/)\nx\n"
        "Story. Continue reading the main story\nA caption. (Reuters)\n```\n"
    )
    text = f"{P1}\n\n{fence}\n{P2}\n"
    result = clean(text)
    assert result.text == text
    assert boilerplate_only().clean(text).changes == ()


def test_tilde_fences_protect_their_lines_too():
    text = f"{P1}\n\n~~~\nLeave a Comment\nShare this:\n~~~\n"
    assert clean(text).text == text


def test_boilerplate_step_changes_replay():
    text = f"{P1}\n\nRead more:\n\n{HEADLINES[0]}\n\n{P2}\n\nLeave a Comment\n" + "\n".join(HEADLINES) + "\n"
    result = boilerplate_only().clean(text)
    assert replay(text, result.changes) == result.text


# --- repeated lines across a batch --------------------------------------------------------------

PROMO = "Get our free morning briefing, delivered to your inbox every weekday!"
TOPICS = [
    ("river", "The river flooded the lower town after three days of heavy rain, and residents were moved to the school."),
    ("budget", "The finance minister presented a budget that cuts fuel subsidies and raises the tax on tobacco."),
    ("match", "The home side won the derby two goals to one after a late penalty in front of a full stadium."),
    ("vaccine", "Health officials opened two more vaccination centres as demand rose among older residents."),
    ("strike", "Rail workers began a two-day strike over pay, cancelling most regional trains across the country."),
    ("museum", "The city museum reopened its modern art wing after a renovation that took nearly four years."),
    ("election", "Polling stations closed at eight in the evening, and the count is expected to last until dawn."),
]


def unrelated_documents(n: int) -> list[str]:
    return [f"{sentence}\n\nMore details about the {topic} were expected later.\n\n{PROMO}\n" for topic, sentence in TOPICS[:n]]


@pytest.mark.parametrize("n", [0, 1, 3, 5])
def test_repeated_lines_give_no_signal_for_fewer_than_six_documents(n):
    repeated = RepeatedLines.build(unrelated_documents(n))
    assert len(repeated) == 0
    assert not repeated.is_repeated(PROMO)


def test_a_promo_line_shared_by_many_unrelated_documents_is_flagged():
    docs = unrelated_documents(7)
    repeated = RepeatedLines.build(docs)
    assert repeated.is_repeated(PROMO)
    assert repeated.is_repeated("  get our FREE morning briefing,  delivered to your inbox every weekday! ")
    assert not repeated.is_repeated(TOPICS[0][1])


def test_the_corpus_signal_removes_the_promo_line_when_cleaning():
    docs = unrelated_documents(7)
    repeated = RepeatedLines.build(docs)
    result = Cleaner().clean(Document("d0", docs[0]), corpus=repeated)
    assert PROMO not in result.text
    assert TOPICS[0][1] in result.text
    assert removed_by(result, "site_chrome.corpus_repeated") == [PROMO]
    assert PROMO in Cleaner().clean(Document("d0", docs[0])).text  # no corpus, no removal


def test_lines_shared_by_near_copies_of_one_article_are_not_flagged():
    article = "\n\n".join([P1, P2, P3, "The first new buses are expected to run in March."])
    copies = [f"{article}\n\nSyndicated copy number {i}.\n" for i in range(8)]
    repeated = RepeatedLines.build(copies)
    for paragraph in (P1, P2, P3):
        assert not repeated.is_repeated(paragraph)
    result = Cleaner().clean(copies[0], corpus=repeated)
    assert all(p in result.text for p in (P1, P2, P3))


def test_a_line_in_only_two_documents_is_not_flagged():
    docs = unrelated_documents(7)
    docs[1] += "A rare shared line about the weather.\n"
    docs[2] += "A rare shared line about the weather.\n"
    assert not RepeatedLines.build(docs).is_repeated("A rare shared line about the weather.")

"""The rule step: span rules, then line rules; meta moved out of the text, not lost."""

from __future__ import annotations

import pytest

from newsclean import Cleaner, RuleSet, clean, replay
from newsclean.cleaning.rulestep import RuleStep

RULES = RuleSet.load()
META_RULES = {r.name for r in RULES.rules if r.action == "meta"}
PARAGRAPH = "The minister said on Monday that the talks would resume next week in Geneva, officials confirmed."


def step_only(name: str) -> Cleaner:
    return Cleaner(steps=[RuleStep(name, RULES)])


@pytest.mark.parametrize(
    ("line", "kind", "rule"),
    [
        ("Source link", "source_link", "source_link.source_line"),
        ("Source: https://example.com/world/2020/talks", "source_link", "source_link.source_line"),
        ("(Reporting by Anna Smith; Editing by Tom Brown)", "wire_credit", "wire_credit.reporting_by"),
        ("By Jane Doe", "byline", "byline.by"),
        ("Colleen Long, Associated Press", "byline", "byline.agency"),
        ("© 2020 Example Media", "copyright", "copyright.notice"),
    ],
)
def test_meta_lines_are_moved_into_meta_with_their_kind(line, kind, rule):
    text = f"{PARAGRAPH}\n\n{line}\n"
    result = clean(text)
    assert result.text == PARAGRAPH + "\n"
    assert result.meta_by_kind() == {kind: [line]}
    [item] = result.meta
    assert item.rule == rule
    assert text[item.start : item.end].strip() == line


def test_a_byline_at_the_top_a_credit_and_a_source_link_all_land_in_meta():
    text = f"By Jane Doe\n\n{PARAGRAPH}\n\n(Reporting by Anna Smith; Editing by Tom Brown)\n\nSource link\n"
    result = clean(text)
    assert result.text == PARAGRAPH + "\n"
    assert result.meta_by_kind() == {
        "byline": ["By Jane Doe"],
        "wire_credit": ["(Reporting by Anna Smith; Editing by Tom Brown)"],
        "source_link": ["Source link"],
    }


def test_a_wire_credit_run_on_to_the_last_paragraph_is_cut_out_into_meta():
    text = "The talks would resume next week in Geneva. (Reporting by Anna Smith; Editing by Tom Brown)\n"
    result = clean(text)
    assert result.text == "The talks would resume next week in Geneva.\n"
    assert result.meta_by_kind() == {"wire_credit": ["(Reporting by Anna Smith; Editing by Tom Brown)"]}


def test_an_upper_case_inline_credit_is_found_despite_the_needs_prefilter():
    text = "The talks would resume next week in Geneva. (REPORTING BY ANNA SMITH; EDITING BY TOM BROWN)\n"
    result = clean(text)
    assert result.text == "The talks would resume next week in Geneva.\n"
    assert [m.kind for m in result.meta] == ["wire_credit"]


def test_every_change_made_by_a_meta_rule_is_in_meta():
    text = (
        "By Jane Doe\n\nMarch 26th, 2017\n\n"
        f"{PARAGRAPH} (Reporting by Anna Smith; Editing by Tom Brown)\n\n"
        "Tags: Geneva, talks\n\nSource link\n"
    )
    result = clean(text)
    meta_texts = {m.text for m in result.meta}
    moved = [c for c in result.changes if c.rule in META_RULES]
    assert len(moved) == 5
    for change in moved:
        assert change.before.strip() in meta_texts


def test_prose_that_mentions_sources_or_starts_with_by_stays():
    text = (
        "Sources said the talks would resume on Monday.\n\n"
        "By the time police arrived, the crowd had gone.\n"
    )
    result = clean(text)
    assert result.text == text and result.meta == ()


@pytest.mark.parametrize(
    "sentence",
    [
        "By contrast, the opposition gained votes in every district.",
        "By Monday, the river had receded.",
        "By March, prices had doubled.",
        "By Christmas, the shelves were empty.",
    ],
)
def test_a_sentence_starting_with_by_is_not_a_byline(sentence):
    text = f"{PARAGRAPH}\n\n{sentence}\n"
    result = clean(text)
    assert result.text == text
    assert result.meta == ()


def test_meta_step_alone_records_replayable_changes():
    text = f"By Jane Doe\n{PARAGRAPH}\nSource link\n"
    result = step_only("meta").clean(text)
    assert result.text == PARAGRAPH + "\n"
    assert replay(text, result.changes) == result.text


def test_span_rules_win_over_line_rules_on_the_lines_they_edit():
    # "[ad_1]" is cut by a span rule; the rest of the line is left to be judged as a line
    result = step_only("artefacts").clean("Story [ad_1] goes on.\n")
    assert result.text == "Story  goes on.\n"
    assert [c.rule for c in result.changes] == ["ad_placeholder.ad_n"]


def test_a_line_that_span_rules_leave_as_chrome_goes_in_the_same_run():
    # after "[ad_1]" is cut, "# #" is an empty heading: one run must finish the job
    text = "# [ad_1] #\nStory.\n"
    result = clean(text)
    assert result.text == "Story.\n"
    assert {c.rule for c in result.changes} == {"html_leftover.empty_heading", "ad_placeholder.ad_n"}
    assert clean(result.text).changes == ()


def test_a_line_rule_judges_the_line_as_its_own_steps_span_rules_leave_it(tmp_path):
    pack = tmp_path / "promo.toml"
    pack.write_text(
        '[pack]\nname = "promo"\nstep = "boilerplate"\n\n'
        '[[rules]]\nname = "promo.tag"\nscope = "span"\npatterns = ["\\\\[zz\\\\]"]\n\n'
        '[[rules]]\nname = "promo.zebra_deals"\npatterns = ["Zebra deals today"]\n',
        encoding="utf-8",
    )
    rules = RuleSet.load([pack])
    step = Cleaner(steps=[RuleStep("boilerplate", rules)])
    result = step.clean(f"Zebra deals today [zz]\n{PARAGRAPH}\n")
    assert result.text == PARAGRAPH + "\n"
    assert [c.rule for c in result.changes] == ["promo.zebra_deals"]  # the whole line, [zz] and all
    assert step.clean(result.text).changes == ()


def test_a_line_whose_span_edit_moves_text_to_meta_is_not_dropped_as_a_whole():
    text = "The talks would resume next week. (Reporting by Anna Smith)\n"
    result = step_only("meta").clean(text)
    assert result.meta_by_kind() == {"wire_credit": ["(Reporting by Anna Smith)"]}
    assert "The talks would resume next week." in result.text


def test_span_rules_do_not_touch_code_fences():
    fenced = "```\n<div class=\"ad\">[ad_1]</div>\nSource link\n```\n"
    text = f"{PARAGRAPH}\n\n{fenced}\n<p>After the code.</p>\n"
    result = clean(text)
    assert fenced in result.text
    assert "<p>" not in result.text and "After the code." in result.text


def test_an_unclosed_fence_protects_the_rest_of_the_text():
    text = f"{PARAGRAPH}\n\n```\n<b>[ad_1]</b>\n"
    assert clean(text).text == text

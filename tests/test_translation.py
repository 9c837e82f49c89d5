"""The translation step: untranslated words in brackets, known mistranslations, broken
sentences and misplaced quotes, on the seeds and on small texts of our own."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean import Cleaner, replay
from newsclean.aliases import AliasTable
from newsclean.cleaning.translation import Glossary, TranslationStep, WordJudge, phrase_table
from newsclean.errors import AliasTableError

ROOT = Path(__file__).resolve().parents[1]
SEEDS = {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples" / "seeds").glob("*.txt"))}
TABLE = ROOT / "examples" / "aliases" / "belarus-2020.toml"
GLOSSARY = ROOT / "examples" / "translation" / "lithuanian-glossary.toml"
PHRASES = ROOT / "examples" / "translation" / "baltic-russian-phrases.toml"
STEP = Cleaner(steps=[TranslationStep()])
FULL = Cleaner(aliases=TABLE, glossary=GLOSSARY, phrases=PHRASES)


def flags(result, rule):
    return [f.text for f in result.flags if f.rule == rule]


# --- brackets ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bracket",
    ["[sic]", "[Putin]", "[the militants]", "[3rd photo left]", "[Trump]", "[and]", "[is]", "[I’m]",
     "[PKK leader]", "[self-driving]", "[options]", "[B]", "[1]", "[Collected via Twitter, November 2014]"],
)
def test_editorial_brackets_are_neither_touched_nor_flagged(bracket):
    text = f"He said {bracket} that the talks would go on.\n"
    result = STEP.clean(text)
    assert result.text == text and not result.flags


@pytest.mark.parametrize(("bracket", "language"), [("[abi]", "lt"), ("[Vladimiru Putinu]", None), ("[Laisvės radijas]", "lt")])
def test_untranslated_words_in_brackets_are_flagged_with_a_likely_language(bracket, language):
    text = f"However {bracket} countries are ready.\n"
    result = STEP.clean(text)
    assert result.text == text  # nothing to resolve them with: kept
    [flag] = result.flags
    assert flag.rule == "mt.bracket_foreign" and flag.text == bracket
    if language:
        assert f"({language})" in flag.message


def test_a_glossary_resolves_a_bracket_and_keeps_a_capital():
    step = Cleaner(steps=[TranslationStep(glossary=Glossary({"abi": "both"}))])
    result = step.clean("[Abi] countries agreed; [abi] sides too.")
    assert result.text == "Both countries agreed; both sides too."
    assert {c.rule for c in result.changes} == {"mt.bracket_resolved"}
    assert not result.flags


def test_a_bracket_the_glossary_knows_only_part_of_is_flagged_not_half_translated():
    step = Cleaner(steps=[TranslationStep(glossary=Glossary({"abi": "both"}))])
    result = step.clean("Then [abi Vladimiru] left.")
    assert result.text == "Then [abi Vladimiru] left."
    assert flags(result, "mt.bracket_foreign") == ["[abi Vladimiru]"]


def test_the_alias_table_resolves_names_left_in_source_forms_but_not_canonical_ones():
    table = AliasTable.load(TABLE)
    step = Cleaner(steps=[TranslationStep(aliases=table)])
    result = step.clean("With the President of Russia [Vladimiru Putinu] I spoke. [Putin] knows.")
    assert result.text == "With the President of Russia Vladimir Putin I spoke. [Putin] knows."
    assert [c.rule for c in result.changes] == ["mt.bracket_resolved"]


def test_markdown_links_and_footnotes_are_not_brackets_of_words():
    text = "See [the ministry](https://example.com) and [abi][1] here.\n"
    assert STEP.clean(text).flags == ()


def test_a_word_judge_with_another_language_list_uses_it():
    judge = WordJudge(languages=["lt"])
    assert judge.verdict("abi") .language == "lt"
    assert not WordJudge(languages=[]).verdict("abi").foreign


# --- phrase tables ------------------------------------------------------------------------------


def test_the_example_phrase_table_fixes_the_seeds_mistranslations():
    fixed = {}
    for name, text in SEEDS.items():
        for c in FULL.clean(text).changes:
            if c.rule.startswith("mt.phrase:"):
                fixed.setdefault(name, []).append((c.before, c.after))
    assert fixed["000"].count(("Radio Freedom", "Radio Liberty")) == 2
    assert ("Collective Security Agreement", "Collective Security Treaty") in fixed["000"]
    assert ("voice manipulation", "vote manipulation") in fixed["002"]


def test_phrases_match_whole_words_in_any_case_and_keep_a_leading_capital():
    table = phrase_table(data={"phrases": [{"wrong": ["voice manipulation"], "right": "vote manipulation"}]})
    step = Cleaner(steps=[TranslationStep(phrases=table)])
    assert step.clean("Voice manipulation, voice manipulations, VOICE MANIPULATION.").text == (
        "Vote manipulation, voice manipulations, VOTE MANIPULATION."
    )


def test_a_bad_phrase_table_names_the_file(tmp_path):
    bad = tmp_path / "phrases.toml"
    bad.write_text('[[phrases]]\nright = "Radio Liberty"\n', encoding="utf-8")
    with pytest.raises(AliasTableError, match=r"phrases.toml"):
        phrase_table(bad)
    bad.write_text('[phrase]\nwrong = ["a"]\n', encoding="utf-8")
    with pytest.raises(AliasTableError, match="unknown top-level keys"):
        phrase_table(bad)


def test_a_bad_glossary_names_the_file_and_the_word(tmp_path):
    bad = tmp_path / "glossary.toml"
    bad.write_text('[words]\nabi = ""\n', encoding="utf-8")
    with pytest.raises(AliasTableError, match=r"glossary.toml.*abi"):
        Glossary.load(bad)


# --- sentences and quotes --------------------------------------------------------------------


def test_the_two_broken_sentences_of_seed_002_are_flagged():
    result = STEP.clean(SEEDS["002"])
    assert flags(result, "mt.broken_sentence") == ["them. and", "participate. people"]


@pytest.mark.parametrize(
    "text",
    ["It landed at 11p.m. local time.", "Direct election of U.S. senators.", "Joseph R. Biden Jr. was there.",
     "You need\n\n1. to ensure it.", "They bought a house. pic.twitter.com/abc", "Tools etc. and more.",
     "Methods were developed. tf-idf is one.", "Write to him. he@example.com replied."],
)
def test_abbreviations_numbers_and_addresses_are_not_broken_sentences(text):
    assert flags(STEP.clean(text), "mt.broken_sentence") == []


def test_a_closing_quote_after_the_space_is_moved_when_a_quotation_is_open():
    result = STEP.clean("“We are ready to respond to threats, ”Lukashenko quoted on television.")
    assert result.text == "“We are ready to respond to threats,” Lukashenko quoted on television."
    assert [c.rule for c in result.changes] == ["mt.quote"]


def test_a_closing_quote_glued_to_the_next_word_gets_its_space():
    result = STEP.clean("“It fits this agreement,”Lukashenko explained.")
    assert result.text == "“It fits this agreement,” Lukashenko explained."


def test_a_closing_quote_with_no_quotation_open_is_flagged_not_moved():
    text = "Threats are real, ”Lukashenko said.\n\n“Another paragraph.”"
    result = STEP.clean(text)
    assert result.text == text
    assert flags(result, "mt.stray_quote") == [" ”"]


def test_the_seeds_quotes_are_fixed_and_putin_in_brackets_stays():
    result = STEP.clean(SEEDS["003"])
    assert "[Putin]" in result.text
    assert ",”Lukashenko" not in result.text and ",” Lukashenko explained" in result.text
    assert "mt.bracket_foreign" not in {f.rule for f in result.flags}
    result = STEP.clean(SEEDS["002"])
    assert "threats,” Lukashenko quoted" in result.text


# --- the seeds, end to end ----------------------------------------------------------------------


def test_with_the_example_files_the_seeds_brackets_are_resolved_and_changes_replay():
    for name, text in SEEDS.items():
        result = FULL.clean(text)
        assert replay(text, result.changes) == result.text
        assert "[Vladimiru Putinu]" not in result.text and "[abi]" not in result.text
        assert not flags(result, "mt.bracket_foreign"), name
        assert FULL.clean(result.text).changes == (), name  # a second run has nothing to do
    assert "However both countries" in FULL.clean(SEEDS["002"]).text


def test_without_tables_the_seeds_brackets_are_flagged():
    flagged = [f for text in SEEDS.values() for f in flags(Cleaner().clean(text), "mt.bracket_foreign")]
    assert sorted(flagged) == ["[Vladimiru Putinu]", "[abi]"]


# --- properties -------------------------------------------------------------------------------

TRICKY = st.lists(st.sampled_from(list("ab .,[]”“„\nAZ") + ["abi", "Putin", " ”L", ". and", "[sic]"]), max_size=20).map("".join)


@settings(max_examples=200, deadline=None)
@given(TRICKY | st.text(max_size=40))
def test_the_step_never_raises_replays_and_is_idempotent(text):
    result = STEP.clean(text)
    assert replay(text, result.changes) == result.text
    assert STEP.clean(result.text).text == result.text


# --- the command line ---------------------------------------------------------------------------


def test_cli_takes_a_glossary_and_a_phrase_table_and_reports_fixes_and_flags(tmp_path):
    import json

    from newsclean.cli import main

    out = tmp_path / "out"
    args = ["clean", str(ROOT / "examples" / "seeds"), "-o", str(out), "--no-progress",
            "--aliases", str(TABLE), "--glossary", str(GLOSSARY), "--phrases", str(PHRASES)]
    assert main(args) == 0
    report = [json.loads(line) for line in (out / "report.jsonl").read_text(encoding="utf-8").splitlines()]
    rules = [c["rule"] for doc in report for c in doc["changes"]]
    assert rules.count("mt.phrase:Radio Liberty") == 2 and "mt.bracket_resolved" in rules
    flagged = [f["rule"] for doc in report for f in doc["flags"]]
    assert flagged.count("mt.broken_sentence") == 2
    cleaned = "".join(p.read_text(encoding="utf-8") for p in sorted(out.glob("*.txt")))
    assert "Radio Freedom" not in cleaned and "[abi]" not in cleaned


def test_cli_a_broken_glossary_exits_2_naming_the_file(tmp_path, capsys):
    from newsclean.cli import main

    bad = tmp_path / "my-glossary.toml"
    bad.write_text("[words\n", encoding="utf-8")
    assert main(["clean", str(ROOT / "examples" / "seeds"), "-o", str(tmp_path / "o"), "--glossary", str(bad)]) == 2
    assert "my-glossary.toml" in capsys.readouterr().err

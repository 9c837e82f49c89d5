"""The Cleaner: ordered, named steps; plain functions as steps; custom steps and flags."""

from __future__ import annotations

import types

import pytest

from newsclean import Cleaner, Document, Edit, FunctionStep, RuleSet, Step, StepContext, StepError, default_steps, replay
from newsclean.cleaning.pipeline import as_step, diff_edits
from newsclean.cleaning.whitespace import WhitespaceStep

DEFAULT_STEP_NAMES = ["line_endings", "encoding", "artefacts", "meta", "boilerplate", "translation", "whitespace"]


def test_the_default_pipeline_has_its_steps_in_order():
    assert Cleaner().step_names == DEFAULT_STEP_NAMES
    assert [s.name for s in default_steps(RuleSet.load())] == DEFAULT_STEP_NAMES


def test_every_default_step_satisfies_the_step_protocol():
    assert all(isinstance(step, Step) for step in Cleaner().steps)


def test_a_plain_function_works_as_a_step_and_its_changes_replay():
    def drop_shouting(text: str) -> str:
        return "\n".join(line for line in text.split("\n") if not line.isupper())

    text = "Calm line.\nBUY NOW\nAnother calm line.\n"
    cleaner = Cleaner(steps=[drop_shouting])
    result = cleaner.clean(text)
    assert cleaner.step_names == ["drop_shouting"]
    assert result.text == "Calm line.\nAnother calm line.\n"
    assert [c.rule for c in result.changes] == ["drop_shouting"]
    assert result.changes[0].before == "BUY NOW\n"
    assert replay(text, result.changes) == result.text


def test_a_lambda_step_gets_a_name_and_a_named_function_step_keeps_its_own():
    assert Cleaner(steps=[lambda t: t]).step_names == ["<lambda>"]
    assert Cleaner(steps=[FunctionStep(str.upper, name="shout")]).step_names == ["shout"]


def test_a_function_step_that_changes_nothing_records_nothing():
    result = Cleaner(steps=[lambda t: t]).clean("Same.\n")
    assert result.text == "Same.\n" and result.changes == ()


def test_a_function_step_returning_something_other_than_str_is_an_error():
    with pytest.raises(StepError, match="returned NoneType"):
        Cleaner(steps=[FunctionStep(lambda t: None, name="broken")]).clean("x")  # type: ignore[arg-type,return-value]


def test_diff_edits_turn_the_before_text_into_the_after_text():
    before = "a\nb\nc\nd\n"
    after = "a\nB\nc\nd\ne\n"
    edits = diff_edits(before, after, "r")
    out, pos = [], 0
    for e in edits:
        out.append(before[pos : e.start] + e.after)
        pos = e.end
    out.append(before[pos:])
    assert "".join(out) == after
    assert diff_edits(before, before, "r") == []


def test_steps_run_in_the_order_given():
    def a_to_b(text: str) -> str:
        return text.replace("a", "b")

    def b_to_c(text: str) -> str:
        return text.replace("b", "c")

    assert Cleaner(steps=[a_to_b, b_to_c]).clean("a\n").text == "c\n"
    assert Cleaner(steps=[b_to_c, a_to_b]).clean("a\n").text == "b\n"


def test_the_default_steps_can_be_reordered():
    steps = default_steps(RuleSet.load())
    reordered = [steps[-1], *steps[:-1]]  # whitespace first
    text = "Story.\n\n\n\n[ad_1]\n\nMore story.\n"
    result = Cleaner(steps=reordered).clean(text)
    assert Cleaner(steps=reordered).step_names[0] == "whitespace"
    assert "[ad_1]" not in result.text
    assert replay(text, result.changes) == result.text


class Highlighter:
    """A custom step: wraps a word in asterisks and flags every 'maybe'."""

    name = "highlight"

    def __init__(self, word: str) -> None:
        self.word = word
        self.seen: list[StepContext] = []

    def edits(self, text: str, ctx: StepContext) -> list[Edit]:
        self.seen.append(ctx)
        out = []
        start = text.find(self.word)
        while start >= 0:
            out.append(Edit(start, start + len(self.word), f"*{self.word}*", "highlight.word"))
            start = text.find(self.word, start + 1)
        pos = text.find("maybe")
        if pos >= 0:
            ctx.flag("highlight.maybe", pos, pos + 5, "a hedge")
        return out


def test_a_custom_step_object_works_and_its_flags_point_into_the_input():
    text = "[ad_1] We maybe agree on the deal.\n"
    step = Highlighter("deal")
    result = Cleaner(steps=[_artefacts(), step]).clean(Document("d1", text))
    assert result.text == " We maybe agree on the *deal*.\n"
    [flag] = result.flags
    assert flag.rule == "highlight.maybe" and flag.message == "a hedge"
    assert text[flag.start : flag.end] == "maybe" == flag.text
    assert replay(text, result.changes) == result.text
    assert {c.rule for c in result.changes} == {"ad_placeholder.ad_n", "highlight.word"}


def _artefacts():
    from newsclean.cleaning.rulestep import RuleStep

    return RuleStep("artefacts", RuleSet.load())


def test_a_later_rule_removing_a_repaired_line_names_the_repair_in_via():
    text = "The talks went on for hours, officials said on Monday evening.\n\nSource: Lukashenkoâ€™s office\n"
    result = Cleaner().clean(text)
    [change] = [c for c in result.changes if c.rule == "source_link.source_line"]
    assert change.before == "Source: Lukashenkoâ€™s office\n"  # the input, mojibake and all
    assert change.via == ("encoding.ftfy",)
    assert result.meta_by_kind() == {"source_link": ["Source: Lukashenko’s office"]}  # repaired
    assert replay(text, result.changes) == result.text


def test_a_step_sees_the_document_the_rules_and_the_corpus():
    step = Highlighter("x")
    corpus = object()
    cleaner = Cleaner(steps=[step])
    cleaner.clean(Document("id-7", "text", {"k": 1}), corpus=corpus)
    [ctx] = step.seen
    assert ctx.document.id == "id-7" and ctx.document.meta == {"k": 1}
    assert ctx.rules is cleaner.rules
    assert ctx.corpus is corpus


def test_edits_returned_out_of_order_are_sorted_by_the_cleaner():
    class Backwards:
        name = "backwards"

        def edits(self, text, ctx):
            return [Edit(4, 5, "E", "r"), Edit(0, 1, "A", "r")]

    assert Cleaner(steps=[Backwards()]).clean("abcde").text == "AbcdE"


def test_a_step_returning_overlapping_edits_is_a_step_error_naming_document_and_step():
    class Overlapping:
        name = "overlapping"

        def edits(self, text, ctx):
            return [Edit(0, 3, "", "r"), Edit(2, 4, "", "r")]

    with pytest.raises(StepError, match=r"document 'doc-9', step 'overlapping'"):
        Cleaner(steps=[Overlapping()]).clean(Document("doc-9", "abcdef"))


def test_duplicate_step_names_are_an_error():
    with pytest.raises(StepError, match="unique"):
        Cleaner(steps=[FunctionStep(str.upper, name="x"), FunctionStep(str.lower, name="x")])
    with pytest.raises(StepError, match="unique"):
        Cleaner(steps=[WhitespaceStep(), WhitespaceStep()])


def test_something_that_is_neither_a_step_nor_callable_is_rejected():
    with pytest.raises(TypeError, match="a step must have"):
        as_step(42)  # type: ignore[arg-type]


def test_disabling_a_step_by_name_removes_it():
    cleaner = Cleaner(disable=["boilerplate"])
    assert "boilerplate" not in cleaner.step_names
    assert cleaner.step_names == [n for n in DEFAULT_STEP_NAMES if n != "boilerplate"]
    assert "Leave a Comment" in cleaner.clean("Story.\n\nLeave a Comment\n").text
    assert "Leave a Comment" not in Cleaner().clean("Story.\n\nLeave a Comment\n").text


def test_disabling_a_custom_step_by_name_removes_it():
    cleaner = Cleaner(steps=[FunctionStep(str.upper, name="shout"), WhitespaceStep()], disable=["shout"])
    assert cleaner.step_names == ["whitespace"]


def test_disabling_an_unknown_name_is_an_error():
    from newsclean import RulePackError

    with pytest.raises(RulePackError, match="no_such_thing"):
        Cleaner(disable=["no_such_thing"])


def test_clean_many_streams_one_result_per_document():
    docs = [Document(f"d{i}", f"Story {i}.\n\n[ad_1]\n") for i in range(3)]
    results = Cleaner().clean_many(docs)
    assert isinstance(results, types.GeneratorType)
    assert [(r.id, r.text) for r in results] == [("d0", "Story 0.\n"), ("d1", "Story 1.\n"), ("d2", "Story 2.\n")]


def test_an_empty_pipeline_returns_the_text_unchanged():
    result = Cleaner(steps=[]).clean("[ad_1]\n")
    assert result.text == "[ad_1]\n" and result.changes == ()


def test_cleaning_from_many_threads_gives_the_same_results_as_one():
    from concurrent.futures import ThreadPoolExecutor
    from pathlib import Path

    seeds = Path(__file__).resolve().parents[1] / "examples" / "seeds"
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))] * 8
    cleaner = Cleaner()
    alone = [cleaner.clean(t) for t in texts]
    with ThreadPoolExecutor(8) as pool:
        together = list(pool.map(cleaner.clean, texts))
    assert [r.text for r in together] == [r.text for r in alone]
    assert [r.changes for r in together] == [r.changes for r in alone]

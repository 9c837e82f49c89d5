"""Rule packs: the built-in rules keep their own examples, and user packs are checked
at load time, run under time limits, and can add or switch off rules."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean import Cleaner, RulePackError, RuleSet, RuleTimeoutError
from newsclean.cleaning.lines import plain_view
from newsclean.cleaning.rules import STEPS, LineMatcher, Rule, parse_pack
from newsclean.cleaning.rulestep import RuleStep

BUILTIN = RuleSet.load()


def line_matches(rule: Rule, line: str) -> bool:
    """A line rule matches a line as the pipeline reads it: the stripped line, or its
    plain view (markdown link, list and heading syntax taken out)."""
    return rule.matches_line(line) or rule.matches_line(plain_view(line.strip()))


@cache
def step_matcher(step: str) -> LineMatcher:
    return LineMatcher(BUILTIN.for_step(step, "line"))


def cases(scope: str, field: str) -> list:
    return [
        pytest.param(rule, example, id=f"{rule.name}:{example[:40]}")
        for rule in BUILTIN.rules
        if rule.scope == scope
        for example in getattr(rule, field)
    ]


# --- the built-in packs --------------------------------------------------------------


def test_builtin_rules_load_with_unique_names_in_known_steps():
    names = BUILTIN.names()
    assert len(names) == len(set(names)) > 50
    assert {r.step for r in BUILTIN.rules} == set(STEPS)
    assert BUILTIN.disabled == frozenset()


def test_every_builtin_line_and_span_rule_has_examples_and_a_description():
    for rule in BUILTIN.rules:
        assert rule.description, rule.name
        if rule.scope in ("line", "span"):
            assert rule.examples, f"{rule.name} has no examples"


@pytest.mark.parametrize(("rule", "example"), cases("line", "examples"))
def test_builtin_line_rule_matches_its_example(rule, example):
    assert line_matches(rule, example)


@pytest.mark.parametrize(("rule", "example"), cases("line", "examples"))
def test_builtin_line_rule_example_is_found_by_the_combined_matcher_of_its_step(rule, example):
    """The fast matcher (combined patterns, 'needs' prefilters, length classes) must
    agree with the rule itself: the example is claimed by this rule or by a rule
    listed before it that matches it too."""
    rules = step_matcher(rule.step).rules
    found = step_matcher(rule.step).match(example)
    assert found is not None, f"{rule.name}: the step's matcher misses {example!r}"
    assert rules.index(found) <= rules.index(rule)
    assert line_matches(found, example)
    assert LineMatcher([rule]).match(example) is rule


@pytest.mark.parametrize(
    ("rule", "example"), [c for c in cases("line", "examples") + cases("span", "examples") if c.values[0].needs]
)
def test_builtin_rule_example_holds_one_of_the_rules_needed_strings(rule, example):
    """'needs' is a prefilter: a line without any needed string is never tried."""
    assert any(n.casefold() in example.casefold() for n in rule.needs)


@pytest.mark.parametrize(("rule", "counter"), cases("line", "counter_examples"))
def test_builtin_line_rule_does_not_match_its_counter_example(rule, counter):
    assert not line_matches(rule, counter)
    assert LineMatcher([rule]).match(counter) is None


@pytest.mark.parametrize(("rule", "counter"), cases("line", "counter_examples"))
def test_builtin_line_rule_counter_example_survives_the_whole_pipeline(rule, counter):
    text = f"The opening paragraph of the story, which is long enough to be prose.\n\n{counter}\n"
    assert counter in Cleaner().clean(text).text


@pytest.mark.parametrize(("rule", "example"), cases("span", "examples"))
def test_builtin_span_rule_finds_its_example(rule, example):
    assert any(m.group() for m in rule.finditer(example))


@pytest.mark.parametrize(("rule", "example"), cases("span", "examples"))
def test_builtin_span_rule_example_is_edited_by_its_step_in_any_case(rule, example):
    """The step's 'needs' prefilter must let the example through (upper-cased too, for
    a rule that ignores case)."""
    step = RuleStep(rule.step, BUILTIN)
    variants = [example, example.upper(), example.lower()] if rule.ignore_case else [example]
    for text in variants:
        assert any(e.rule == rule.name for e in step.span_edits(text)), text


@pytest.mark.parametrize(("rule", "counter"), cases("span", "counter_examples"))
def test_builtin_span_rule_does_not_find_its_counter_example(rule, counter):
    assert not any(m.group() for m in rule.finditer(counter))


def test_structure_rules_name_known_detectors():
    from newsclean.cleaning.boilerplate import DETECTOR_FUNCTIONS

    structure = [r for r in BUILTIN.rules if r.scope == "structure"]
    assert structure
    assert {r.detector for r in structure} <= set(DETECTOR_FUNCTIONS)


# --- malformed user packs -------------------------------------------------------------


def write_pack(tmp_path: Path, body: str, name: str = "user.toml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


RULE_HEAD = """
[[rules]]
name = "promo.my_site"
step = "boilerplate"
"""

MALFORMED = {
    "bad_regex": (RULE_HEAD + "patterns = ['(unclosed']\n", "promo.my_site", "bad regex"),
    "unknown_key": (RULE_HEAD + "patterns = ['x']\ncolour = 'red'\n", "promo.my_site", "unknown keys ['colour']"),
    "bad_step": ("[[rules]]\nname = 'promo.my_site'\nstep = 'cleanup'\npatterns = ['x']\n", "promo.my_site",
                 "step must be one of"),
    "bad_scope": (RULE_HEAD + "scope = 'page'\npatterns = ['x']\n", "promo.my_site", "scope must be one of"),
    "bad_action": (RULE_HEAD + "action = 'explode'\npatterns = ['x']\n", "promo.my_site", "action must be one of"),
    "replace_on_a_line": (RULE_HEAD + "action = 'replace'\npatterns = ['x']\n", "promo.my_site", "span rules only"),
    "no_pattern": (RULE_HEAD, "promo.my_site", "needs at least one pattern"),
    "bad_timeout": (RULE_HEAD + "patterns = ['x']\ntimeout = 0\n", "promo.my_site", "timeout must be a positive"),
    "bad_max_chars": (RULE_HEAD + "patterns = ['x']\nmax_chars = -1\n", "promo.my_site", "max_chars must be a positive"),
    "disable_unknown": ("[pack]\ndisable = ['navigation.no_such_rule']\n", "navigation.no_such_rule",
                        "cannot disable an unknown rule"),
    "unknown_detector": (RULE_HEAD + "scope = 'structure'\ndetector = 'magic'\n", "promo.my_site", "unknown detector 'magic'"),
    "structure_without_detector": (RULE_HEAD + "scope = 'structure'\n", "promo.my_site", "names its detector"),
    "duplicate_name": (RULE_HEAD + "patterns = ['x']\n" + RULE_HEAD + "patterns = ['y']\n", "promo.my_site", "name already used"),
    "duplicate_of_a_builtin": (
        "[[rules]]\nname = 'comment_form.akismet'\nstep = 'boilerplate'\npatterns = ['x']\n",
        "comment_form.akismet",
        "name already used by newsclean/rules/boilerplate.toml",
    ),
    "bad_name": ("[[rules]]\nname = 'Promo Site'\nstep = 'boilerplate'\npatterns = ['x']\n", "Promo Site", "lower-case words"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_user_pack_fails_at_load_naming_file_rule_and_reason(tmp_path, case):
    body, rule, reason = MALFORMED[case]
    path = write_pack(tmp_path, body, f"{case}.toml")
    with pytest.raises(RulePackError) as info:
        Cleaner(rule_packs=[path])
    message = str(info.value)
    assert str(path) in message
    assert repr(rule) in message
    assert reason in message
    assert info.value.path == str(path) and info.value.rule == rule


def test_a_pack_that_is_not_toml_fails_naming_the_file_and_the_syntax_error(tmp_path):
    path = write_pack(tmp_path, "this is = not [toml\n", "broken.toml")
    with pytest.raises(RulePackError) as info:
        RuleSet.load([path])
    assert str(info.value).startswith(f"{path}: not valid TOML")
    assert "line 1" in str(info.value)


def test_a_missing_pack_file_fails_naming_the_file(tmp_path):
    path = tmp_path / "missing.toml"
    with pytest.raises(RulePackError, match="cannot read") as info:
        RuleSet.load([path])
    assert str(path) in str(info.value)


def test_rules_must_be_an_array_of_tables():
    with pytest.raises(RulePackError, match=r"\[\[rules\]\]"):
        parse_pack("rules = 'x'\n", "inline.toml")


def test_unknown_top_level_and_pack_keys_are_rejected():
    with pytest.raises(RulePackError, match="unknown top-level keys"):
        parse_pack("[rule]\nname = 'x'\n", "a.toml")
    with pytest.raises(RulePackError, match=r"unknown \[pack\] keys"):
        parse_pack("[pack]\nnmae = 'x'\n", "a.toml")


# --- time limits ------------------------------------------------------------------------

# `(a|a)+$` backtracks exponentially in the `regex` module on "aaaa...ab". (The classic
# `(a+)+$` does not: the module optimises that nesting away, so it would prove nothing.)
# It sits in a look-ahead because the RE2 gate drops look-arounds: the gate lets the
# line through to `regex` (`a+b` matches), where the look-ahead then takes forever.
CATASTROPHIC = "(?=(a|a)+$)a+b"
SLOW_LINE = "a" * 40 + "b"


def catastrophic_pack(tmp_path: Path, scope: str, step: str) -> Path:
    return write_pack(
        tmp_path,
        f"""
        [pack]
        name = "slow"
        timeout = 0.05

        [[rules]]
        name = "promo.slow_{scope}"
        step = "{step}"
        scope = "{scope}"
        patterns = ['{CATASTROPHIC}']
        """,
    )


def test_a_catastrophic_span_pattern_stops_at_its_time_limit_naming_the_rule(tmp_path):
    cleaner = Cleaner(rule_packs=[catastrophic_pack(tmp_path, "span", "artefacts")])
    started = time.perf_counter()
    with pytest.raises(RuleTimeoutError) as info:
        cleaner.clean(f"Story.\n{SLOW_LINE}\n")
    assert time.perf_counter() - started < 2
    assert info.value.rule == "promo.slow_span" and info.value.seconds == 0.05
    assert "'promo.slow_span'" in str(info.value)


@pytest.mark.parametrize("scope,step", [("span", "artefacts"), ("line", "boilerplate")])
def test_the_classic_nested_quantifier_pattern_never_hangs_a_run(tmp_path, scope, step):
    """`(a+)+$` is the textbook catastrophic pattern; whatever the regex engine makes of
    it, a run must end quickly, with a result or with the rule named in the error."""
    pack = write_pack(
        tmp_path,
        f"""
        [pack]
        timeout = 0.05

        [[rules]]
        name = "promo.nested"
        step = "{step}"
        scope = "{scope}"
        patterns = ['(a+)+$']
        """,
    )
    cleaner = Cleaner(rule_packs=[pack])
    started = time.perf_counter()
    try:
        cleaner.clean(f"Story.\n{'a' * 40}b\n")
    except RuleTimeoutError as exc:
        assert exc.rule == "promo.nested"
    assert time.perf_counter() - started < 2


def test_a_catastrophic_line_pattern_stops_quickly_at_its_time_limit_naming_the_rule(tmp_path):
    """Run in a child process so that a regression costs seconds, not minutes."""
    pack = catastrophic_pack(tmp_path, "line", "boilerplate")
    code = textwrap.dedent(
        f"""
        import time
        from newsclean import Cleaner, RuleTimeoutError
        cleaner = Cleaner(rule_packs=[{str(pack)!r}])
        started = time.perf_counter()
        try:
            cleaner.clean("Story.\\n{SLOW_LINE}\\n")
        except RuleTimeoutError as exc:
            print("timeout", exc.rule, round(time.perf_counter() - started, 2))
        else:
            print("no timeout")
        """
    )
    try:
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=10)
    except subprocess.TimeoutExpired:
        pytest.fail("a 0.05 s rule kept the cleaner busy for more than 10 s")
    assert run.returncode == 0, run.stderr
    verdict, rule, seconds = run.stdout.split()
    assert (verdict, rule) == ("timeout", "promo.slow_line")
    assert float(seconds) < 2, f"a 0.05 s rule took {seconds} s to be stopped"


# --- user packs that work ---------------------------------------------------------------

APP_PROMO = """
[pack]
name = "my-site"

[[rules]]
name = "promo.my_site_sponsor"
step = "boilerplate"
ignore_case = true
patterns = ['acme widgets keeps this site free\\W*']
description = "My Site's sponsor line under every article"
examples = ["Acme Widgets keeps this site free!"]
"""


def test_a_user_line_rule_works_end_to_end(tmp_path):
    path = write_pack(tmp_path, APP_PROMO)
    text = "The story is told in full sentences here.\n\nAcme Widgets keeps this site free!\n\nMore of the story.\n"
    result = Cleaner(rule_packs=[path]).clean(text)
    assert result.text == "The story is told in full sentences here.\n\nMore of the story.\n"
    [change] = [c for c in result.changes if c.rule == "promo.my_site_sponsor"]
    assert change.before == "Acme Widgets keeps this site free!\n"
    rule = RuleSet.load([path]).get("promo.my_site_sponsor")
    assert rule is not None and rule.kind == "promo" and rule.source == str(path)
    assert "Acme Widgets keeps this site free!" in Cleaner().clean(text).text  # not without the pack


def test_a_user_line_rule_with_a_back_reference_works_end_to_end(tmp_path):
    path = write_pack(
        tmp_path,
        """
        [[rules]]
        name = "promo.echo"
        step = "boilerplate"
        patterns = ['(\\w+) \\1!']
        """,
    )
    rule = RuleSet.load([path]).get("promo.echo")
    assert rule is not None and rule.matches_line("bye bye!") and not rule.matches_line("bye now!")
    result = Cleaner(rule_packs=[path]).clean("The story is told here in full.\n\nbye bye!\n\nbye now!\n")
    assert "bye bye!" not in result.text
    assert "bye now!" in result.text


def test_a_user_span_rule_can_replace_text(tmp_path):
    path = write_pack(
        tmp_path,
        """
        [[rules]]
        name = "house_style.percent"
        step = "artefacts"
        scope = "span"
        action = "replace"
        patterns = ['(\\d+) per ?cent']
        replacement = '\\1%'
        """,
    )
    text = "Prices rose 5 per cent and wages 3 percent.\n"
    result = Cleaner(rule_packs=[path]).clean(text)
    assert result.text == "Prices rose 5% and wages 3%.\n"
    assert [c.rule for c in result.changes] == ["house_style.percent"] * 2


def test_a_user_meta_rule_moves_the_line_to_meta(tmp_path):
    path = write_pack(
        tmp_path,
        """
        [[rules]]
        name = "credit.desk"
        step = "meta"
        patterns = ['Desk: .+']
        """,
    )
    result = Cleaner(rule_packs=[path]).clean("The story.\n\nDesk: Foreign\n")
    assert result.meta_by_kind() == {"credit": ["Desk: Foreign"]}
    assert "Desk" not in result.text


TEXT_WITH_COMMENT_CHROME = (
    "The story is told in full sentences here.\n\n"
    "Leave a Comment\n\n"
    "This site uses Akismet to reduce spam. Learn how your comment data is processed.\n"
)


def test_disable_by_rule_name_keeps_that_rule_off_only():
    result = Cleaner(disable=["comment_form.leave_comment"]).clean(TEXT_WITH_COMMENT_CHROME)
    assert "Leave a Comment" in result.text
    assert "Akismet" not in result.text


def test_disable_by_kind_switches_off_every_rule_of_the_kind():
    rules = RuleSet.load(disable=["comment_form"])
    assert not [r for r in rules.rules if r.kind == "comment_form"]
    assert {r for r in rules.disabled} == {r.name for r in BUILTIN.rules if r.kind == "comment_form"}
    result = Cleaner(disable=["comment_form"]).clean(TEXT_WITH_COMMENT_CHROME)
    assert "Leave a Comment" in result.text and "Akismet" in result.text


def test_disable_by_step_name_in_a_rule_set_switches_off_the_steps_rules():
    rules = RuleSet.load(disable=["meta"])
    assert rules.for_step("meta") == []
    assert rules.for_step("boilerplate")


def test_disable_by_step_name_in_a_cleaner_removes_the_step():
    cleaner = Cleaner(disable=["meta"])
    assert "meta" not in cleaner.step_names
    assert "Source link" in cleaner.clean("The story.\n\nSource link\n").text


def test_a_pack_can_disable_a_builtin_rule(tmp_path):
    path = write_pack(tmp_path, "[pack]\ndisable = ['comment_form.leave_comment']\n")
    assert "comment_form.leave_comment" not in RuleSet.load([path]).names()
    assert "Leave a Comment" in Cleaner(rule_packs=[path]).clean(TEXT_WITH_COMMENT_CHROME).text


def test_a_pack_can_replace_a_builtin_rule_by_disabling_it_and_adding_its_own(tmp_path):
    path = write_pack(
        tmp_path,
        """
        [pack]
        disable = ["comment_form.akismet"]

        [[rules]]
        name = "comment_form.my_akismet"
        step = "boilerplate"
        match = "contains"
        patterns = ['Akismet']
        """,
    )
    result = Cleaner(rule_packs=[path]).clean(TEXT_WITH_COMMENT_CHROME)
    assert "Akismet" not in result.text
    assert "comment_form.my_akismet" in {c.rule for c in result.changes}


def test_rule_set_lookups():
    assert BUILTIN.get("ad_placeholder.ad_n") is not None
    assert BUILTIN.get("no.such_rule") is None
    assert all(r.step == "meta" and r.scope == "line" for r in BUILTIN.for_step("meta", "line"))
    assert BUILTIN.for_step("artefacts", "span")


def _corpus_lines() -> list[str]:
    seeds = Path(__file__).resolve().parents[1] / "examples" / "seeds"
    lines = [ln for p in sorted(seeds.glob("*.txt")) for ln in p.read_text(encoding="utf-8").splitlines()]
    for rule in BUILTIN.rules:
        lines += list(rule.examples) + list(rule.counter_examples)
    return [ln for ln in lines if ln.strip()]


@pytest.mark.parametrize("step", STEPS)
def test_the_fast_line_matcher_agrees_with_the_rule_by_rule_definition_on_real_lines(step):
    matcher = step_matcher(step)
    lines = _corpus_lines()
    assert len(lines) > 250
    for line in lines:
        assert matcher.match(line) is matcher.match_slowly(line), line


@settings(max_examples=300)
@given(st.lists(st.sampled_from(_corpus_lines()), min_size=1, max_size=3), st.text(max_size=12), st.sampled_from(STEPS))
def test_the_fast_line_matcher_agrees_with_the_rule_by_rule_definition_on_spliced_lines(parts, noise, step):
    matcher = step_matcher(step)
    line = noise.join(parts)
    assert matcher.match(line) is matcher.match_slowly(line)


def test_a_rule_whose_needs_fail_does_not_hide_a_later_rule_that_matches(tmp_path):
    pack = tmp_path / "p.toml"
    pack.write_text(
        "[[rules]]\nname='promo.first'\nstep='boilerplate'\nscope='line'\nneeds=['zzz']\npatterns=['Buy .*']\n"
        "description='x'\nexamples=['Buy zzz now']\n"
        "[[rules]]\nname='promo.second'\nstep='boilerplate'\nscope='line'\npatterns=['Buy (?P<what>\\w+) now']\n"
        "description='x'\nexamples=['Buy it now']\n",
        encoding="utf-8",
    )
    rules = RuleSet.load([pack]).for_step("boilerplate", "line")
    matcher = LineMatcher([r for r in rules if r.name.startswith("promo.")])
    assert matcher.match("Buy it now").name == "promo.second"  # an inner named group does not confuse it
    assert matcher.match("Buy zzz now").name == "promo.first"
    assert matcher.match("Buy it later") is None

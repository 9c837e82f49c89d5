"""The RE2 gate in front of the rules (``newsclean.cleaning.gate``) never hides a match.

``widen`` turns a ``regex`` (V0) pattern into an RE2 pattern that must match every
string the original matches, and ``Gate.candidates`` must list every pattern that
really matches a text. This file checks:

* the Unicode tables: on every code point, RE2's spelling of each class (``\\s \\w \\d
  \\p{..}``, plain and negated, with and without ignore-case) covers what ``regex``
  matches, or the character is one RE2 does not know (``UNASSIGNED``), which the gate
  catches on its own;
* ignore-case literals: RE2 knows every case partner ``regex`` knows;
* the built-in rule packs: every pattern widens and compiles in RE2, and a step's gate
  lists every pattern that matches one of the packs' examples;
* a property over generated patterns: a ``regex`` match is always a gate candidate;
* the gate's behaviour: what it drops, what it cannot translate, texts RE2 cannot read,
  ordering, caching, long repeats, and the ``LineMatcher`` built on it;
* that it really prunes: on the bundled seed documents few lines get any candidate, and
  the fast matcher agrees with the slow definition on every line.
"""

from __future__ import annotations

import itertools
import re
import string
from pathlib import Path

import pytest
import re2
import regex
from hypothesis import given, note, reject, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from newsclean.cleaning.gate import (
    _CATEGORIES,
    MAX_COUNT,
    UNASSIGNED,
    Gate,
    Untranslatable,
    widen,
)
from newsclean.cleaning.lines import plain_view
from newsclean.cleaning.rules import STEPS, LineMatcher, RuleSet, parse_pack

SEEDS = Path(__file__).parent.parent / "examples" / "seeds"


def re2_options() -> re2.Options:
    options = re2.Options()
    options.log_errors = False
    return options


OPTIONS = re2_options()
RE2_UNKNOWN = re2.compile(UNASSIGNED, OPTIONS)  # characters RE2's Unicode tables lack


def regex_flags(ignore_case: bool) -> int:
    return regex.V0 | (regex.IGNORECASE if ignore_case else 0)


def code_points(chars: str, limit: int = 8) -> list[str]:
    return [f"U+{ord(c):04X}" for c in chars[:limit]]


def describe_widening(pattern: str, ignore_case: bool) -> str:
    try:
        return widen(pattern, ignore_case)
    except Untranslatable as exc:
        return f"<untranslatable: {exc}>"


# --- 1. Unicode tables, on every code point ----------------------------------------------


@pytest.fixture(scope="module")
def every_char() -> str:
    """Every code point except surrogates, in order."""
    return "".join(map(chr, itertools.chain(range(0xD800), range(0xE000, 0x110000))))


@pytest.fixture(scope="module")
def known_chars(every_char) -> str:
    """Every code point RE2 knows: a text holding one it does not know at all gets every
    pattern from the gate, so those characters need no spelling."""
    return re2.compile(f"{UNASSIGNED}+", OPTIONS).sub("", every_char)


def regex_misses_of_re2(pattern: str, ignore_case: bool, chars: str) -> str:
    """The characters of ``chars`` that ``regex`` matches with the single-character
    ``pattern`` but RE2's widening of it does not."""
    matched = "".join(regex.findall(f"(?:{pattern})+", chars, flags=regex_flags(ignore_case)))
    widened = re2.compile(f"(?:{widen(pattern, ignore_case)})+", OPTIONS)
    return widened.sub("", matched)


CLASS_SPELLINGS = [r"\s", r"\w", r"\d", r"[\s]", r"[\w]", r"[\d]", r"[\w\s]"]
CLASS_SPELLINGS += [rf"\p{{{c}}}" for c in sorted(_CATEGORIES)]
CLASS_SPELLINGS += [rf"[\p{{{c}}}]" for c in sorted(_CATEGORIES)]
NEGATED_SPELLINGS = [r"[^\s]", r"[^\w]", r"[^\d]", r"\S", r"\W", r"\D", r"[^a-z]", r"[^A-Z0-9]"]
NEGATED_SPELLINGS += [r"[^\W\d]", r"[^\s\d]", r"[^\w\s]"]
NEGATED_SPELLINGS += [rf"[^\p{{{c}}}]" for c in sorted(_CATEGORIES)]
NEGATED_SPELLINGS += [rf"\P{{{c}}}" for c in sorted(_CATEGORIES)]


def assert_widening_misses_nothing(pattern, ignore_case, known_chars):
    missed = regex_misses_of_re2(pattern, ignore_case, known_chars)
    assert not missed, (
        f"{pattern} (ignore_case={ignore_case}) widened to {widen(pattern, ignore_case)!r} "
        f"misses {len(missed)} characters regex matches: {code_points(missed)}"
    )


@pytest.mark.parametrize("ignore_case", [False, True], ids=["case", "ignore_case"])
@pytest.mark.parametrize("pattern", CLASS_SPELLINGS)
def test_superset_spelling_of_a_class_covers_every_character_regex_matches(pattern, ignore_case, known_chars):
    assert_widening_misses_nothing(pattern, ignore_case, known_chars)


@pytest.mark.parametrize("ignore_case", [False, True], ids=["case", "ignore_case"])
@pytest.mark.parametrize("pattern", NEGATED_SPELLINGS)
def test_negated_class_leaves_out_only_characters_regex_leaves_out(pattern, ignore_case, known_chars):
    assert_widening_misses_nothing(pattern, ignore_case, known_chars)


def test_ignore_case_literal_matches_every_case_partner_regex_knows(every_char, known_chars):
    """For each character with case (in a pattern it may be one RE2 does not know),
    ``(?i)c`` in RE2 must match every character RE2 knows that ``regex`` finds equal to
    it under ignore-case (simple case folding)."""
    with_case = r"[\p{Cased}\p{Changes_When_Casemapped}\p{Changes_When_Casefolded}]+"
    in_patterns = "".join(regex.findall(with_case, every_char))
    in_texts = "".join(regex.findall(with_case, known_chars))
    assert len(in_texts) > 2000  # sanity: the property names were understood
    misses = []
    for c in in_patterns:
        partners = regex.findall(regex.escape(c), in_texts, flags=regex_flags(True))
        widened = re2.compile(widen(regex.escape(c), ignore_case=True), OPTIONS)
        misses += [f"{c!r} U+{ord(c):04X} ~ {d!r} U+{ord(d):04X}" for d in partners if not widened.fullmatch(d)]
    assert not misses, f"ignore-case pattern / text pairs regex matches but the gate would not: {misses[:12]}"


# --- 2. the built-in rule packs ----------------------------------------------------------

BUILTIN = RuleSet.load()
PATTERN_RULES = [r for r in BUILTIN.rules if r.scope in ("line", "span")]


def is_anchored(rule) -> bool:
    return rule.scope == "line" and not rule.contains


@pytest.mark.parametrize("rule", PATTERN_RULES, ids=lambda r: r.name)
def test_builtin_rule_patterns_widen_and_compile_in_re2(rule):
    for pattern in rule.patterns:
        re2.compile(widen(pattern, rule.ignore_case), OPTIONS)  # Untranslatable or re2.error fail
        # and in a gate's set too: not left to be always tried
        assert Gate([(pattern, rule.ignore_case, is_anchored(rule))]).always == [], pattern


@pytest.mark.parametrize("step", STEPS)
def test_step_gate_lists_every_builtin_pattern_matching_an_example(step):
    """A gate over all of a step's line and span patterns (anchored as the rules use
    them) lists each pattern that matches any example or counter-example of the packs,
    or its plain view (which line rules are tried on too)."""
    owners = [(rule, compiled) for rule in PATTERN_RULES if rule.step == step for compiled in rule.compiled]
    assert owners
    gate = Gate([(compiled.pattern, rule.ignore_case, is_anchored(rule)) for rule, compiled in owners])
    assert gate.active and not gate.always  # every built-in pattern is really gated
    texts = {t.strip() for rule in PATTERN_RULES for t in rule.examples + rule.counter_examples}
    texts |= {plain_view(t) for t in texts}
    misses = []
    for text in sorted(texts):
        candidates = set(gate.candidates(text))
        for k, (rule, compiled) in enumerate(owners):
            match = compiled.fullmatch if is_anchored(rule) else compiled.search
            if match(text, timeout=rule.timeout) is not None and k not in candidates:
                misses.append((rule.name, compiled.pattern, text))
    assert not misses, f"the gate leaves out matching patterns: {misses[:5]}"


# --- 3. a property over generated patterns -----------------------------------------------
# Each strategy below gives a pair: a `regex` pattern, and a stdlib `re` pattern that
# generates texts it is likely to match (`\p{..}` spelled with `re` classes, look-arounds
# and boundaries left out), for `hypothesis.strategies.from_regex`.

LITERALS = [(c, c) for c in string.ascii_letters + string.digits + " ,:!'\"#&/-" + "éЖßK"]
LITERALS += [("\\" + c, "\\" + c) for c in ".*+?()[]{}|\\^$"]
SINGLE_ESCAPES = [
    (r"\w", r"\w"), (r"\W", r"\W"), (r"\s", r"\s"), (r"\S", r"\S"), (r"\d", r"\d"), (r"\D", r"\D"),
    (r"\p{L}", r"[^\W\d_]"), (r"\p{Lu}", "[A-ZÀ-ÖØ-ÞΑ-ΩА-ЯK]"), (r"\p{Ll}", "[a-zß-öø-ÿα-ωа-я]"),
    (r"\p{N}", r"[\d²½Ⅻ]"), (r"\P{L}", r"[\W\d_]"), (".", "."),
]
FIXED_CLASSES = [(c, c) for c in ("[abc]", "[a-z]", "[^a-z]", r"[\w\s]", r"[^\W\d]")]
CLASS_MEMBERS = [
    ("a", "a"), ("z", "z"), ("é", "é"), ("Ж", "Ж"), ("K", "K"), ("ß", "ß"), ("0-9", "0-9"), ("a-f", "a-f"),
    ("А-Я", "А-Я"), (r"\-", r"\-"), (r"\]", r"\]"), (r"\w", r"\w"), (r"\s", r"\s"), (r"\d", r"\d"),
    (r"\W", r"\W"), (r"\p{L}", "a-zA-ZéЖß"), (r"\p{Lu}", "A-ZЖ"), (r"\p{N}", "0-9²"),
]
ZERO_WIDTH = [(r"\b", ""), (r"\B", ""), ("^", ""), ("$", "")]
QUANTIFIERS = ["*", "+", "?", "{2}", "{1,3}", "{3,}", "{0,12}", "{0,40}", "{13}", "{2,15}", "{13,}"]


def joined(parts: list[tuple[str, str]], sep: str = "") -> tuple[str, str]:
    return sep.join(p for p, _ in parts), sep.join(g for _, g in parts)


@st.composite
def char_classes(draw) -> tuple[str, str]:
    members = draw(st.lists(st.sampled_from(CLASS_MEMBERS), min_size=1, max_size=3))
    caret = "^" if draw(st.booleans()) else ""
    pattern, generator = joined(members)
    return f"[{caret}{pattern}]", f"[{caret}{generator}]"


SINGLE_CHARS = st.one_of(
    st.sampled_from(LITERALS), st.sampled_from(SINGLE_ESCAPES), st.sampled_from(FIXED_CLASSES), char_classes()
)
FIXED_WIDTH = st.lists(SINGLE_CHARS, min_size=1, max_size=3).map(joined)


@st.composite
def quantified(draw, items, group: bool = False) -> tuple[str, str]:
    pattern, generator = draw(items)
    quantifier = draw(st.sampled_from(QUANTIFIERS)) + draw(st.sampled_from(["", "?", "+"]))
    if group and quantifier.startswith("{13"):
        # from_regex can take minutes over a group repeated 13 times or more inside
        # another repeat; the texts then come from one copy
        return pattern + quantifier, generator
    return pattern + quantifier, generator + quantifier


@st.composite
def groups(draw, inner) -> tuple[str, str]:
    pattern, generator = draw(inner)
    kind = draw(st.sampled_from(["(", "(?:", "(?P<@>", "(?>", "(?i:", "(?-i:", "look"]))
    if kind == "look":
        look = draw(st.sampled_from(["(?=", "(?!", "(?<=", "(?<!"]))
        if look.startswith("(?<"):  # look-behind: fixed-width content
            pattern, generator = draw(FIXED_WIDTH)
        # a text meeting a look-behind holds its content just before
        return f"{look}{pattern})", generator if look == "(?<=" else ""
    generated = {"(?P<@>": "(?:", "(?>": "(?:"}.get(kind, kind)
    group = (f"{kind}{pattern})", f"{generated}{generator})")
    return draw(quantified(st.just(group), group=True)) if draw(st.booleans()) else group


def extend(children):
    sequences = st.lists(children, min_size=2, max_size=4).map(joined)
    alternations = st.lists(children, min_size=2, max_size=3).map(lambda parts: joined(parts, "|"))
    grouped_alternations = alternations.map(lambda pg: (f"(?:{pg[0]})", f"(?:{pg[1]})"))
    return st.one_of(sequences, groups(children), groups(grouped_alternations))


def weighted(*choices: tuple[int, st.SearchStrategy]) -> st.SearchStrategy:
    """One of the strategies, each as often as its weight says."""
    pool = [strategy for weight, strategy in choices for _ in range(weight)]
    return st.sampled_from(pool).flatmap(lambda strategy: strategy)


# zero-width atoms are rare: a pattern they fill up matches the empty string and says little
ATOMS = weighted((4, SINGLE_CHARS), (3, quantified(SINGLE_CHARS)), (1, st.sampled_from(ZERO_WIDTH)))
TREES = st.recursive(ATOMS, extend, max_leaves=6)


@st.composite
def patterns(draw) -> tuple[str, str]:
    form = draw(st.sampled_from(["tree"] * 3 + ["alternation", "lookahead"]))
    if form == "alternation":  # an alternation at the top, not in a group
        return draw(st.lists(TREES, min_size=2, max_size=3).map(lambda parts: joined(parts, "|")))
    if form == "lookahead":  # (?=A)B at the start: the widener may test A instead of B
        lead, lead_generator = draw(TREES)
        body = draw(st.sampled_from([(".*", ".*"), (".{0,40}", ".{0,5}"), (".{3,}", ".{3,8}")]) | TREES)
        return f"(?={lead}){body[0]}", lead_generator + body[1]
    return draw(TREES)


def number_groups(pattern: str) -> str:
    counter = itertools.count(1)
    return re.sub(r"\(\?P<@>", lambda _: f"(?P<n{next(counter)}>", pattern)


TEXT_EXTRAS = "aZ0 _-.\nÉéжЖßẞkK\u00a0٣"


@st.composite
def patterns_and_texts(draw) -> tuple[str, bool, str, str]:
    """A pattern, an ignore-case choice, a text for fullmatch (often one the pattern
    matches) and a longer text for search. Whether `regex` takes the pattern is up to
    the test (compiling here may touch `random` through regex's cache)."""
    pattern, generator = draw(patterns())
    pattern = number_groups(pattern)
    ignore_case = draw(st.booleans())
    alphabet = "".join(sorted(set(pattern + TEXT_EXTRAS)))
    random_text = st.text(alphabet, max_size=10)
    texts = random_text
    try:
        generated = st.from_regex(re.compile(generator, re.IGNORECASE if ignore_case else 0), fullmatch=True)
        generated.validate()
    except (re.error, InvalidArgument):  # e.g. a class no character is in: "[^\w\W]"
        pass
    else:
        texts = generated if draw(st.integers(0, 3)) else random_text
    text = draw(texts)
    search_text = draw(random_text.map(lambda s: s[:3])) + text + draw(random_text.map(lambda s: s[:3]))
    return pattern, ignore_case, text, search_text


def compiled_or_reject(pattern: str, ignore_case: bool):
    try:
        return regex.compile(pattern, regex_flags(ignore_case))
    except regex.error:  # not a pattern regex takes: nothing to compare with
        reject()


def regex_matches(method, text: str) -> bool:
    try:
        return method(text, timeout=0.5) is not None
    except TimeoutError:  # a catastrophic pattern: no verdict to compare with
        reject()


@settings(max_examples=max(300, settings.default.max_examples), deadline=None)
@given(patterns_and_texts())
def test_gate_lists_every_generated_pattern_that_matches(case):
    pattern, ignore_case, text, search_text = case
    compiled = compiled_or_reject(pattern, ignore_case)
    note(f"widened: {describe_widening(pattern, ignore_case)!r}")
    if regex_matches(compiled.fullmatch, text):
        assert Gate([(pattern, ignore_case, True)]).candidates(text) == [0], (
            f"fullmatch of {text!r} by {pattern!r} (ignore_case={ignore_case}) is not a candidate"
        )
    if regex_matches(compiled.search, search_text):
        assert Gate([(pattern, ignore_case, False)]).candidates(search_text) == [0], (
            f"search of {search_text!r} by {pattern!r} (ignore_case={ignore_case}) is not a candidate"
        )


def test_generated_patterns_often_match_their_texts():
    """The property above is only as good as its matches: the texts are mostly
    generated to match, so a fair share of fullmatches must succeed."""
    matched = total = 0

    @settings(max_examples=100, deadline=None, database=None)
    @given(patterns_and_texts())
    def count(case):
        nonlocal matched, total
        pattern, ignore_case, text, _ = case
        compiled = compiled_or_reject(pattern, ignore_case)
        matched += regex_matches(compiled.fullmatch, text)
        total += 1

    count()
    assert total and matched / total > 0.2, f"only {matched} of {total} generated texts match"


# --- 4. behaviour ------------------------------------------------------------------------

FUZZY = "(?:colour){e<=1}"


def test_look_behind_and_word_boundary_are_dropped_but_the_rest_still_gates():
    pattern = r"(?<=x)abc\b"
    widened = widen(pattern)
    assert "<=" not in widened and r"\b" not in widened
    gate = Gate([(pattern, False, True)])
    assert gate.candidates("abc") == [0]  # the look-behind is not checked: a candidate
    assert gate.candidates("zzz") == []  # but "abc" still has to be there


def test_fuzzy_pattern_is_untranslatable_and_always_a_candidate():
    with pytest.raises(Untranslatable):
        widen(FUZZY)
    gate = Gate([("abc", False, True), (FUZZY, False, False)])
    assert gate.always == [1]
    for text in ("color", "colour", "zzz", "abc", ""):
        assert 1 in gate.candidates(text), text
    assert regex.search(FUZZY, "color")  # so the gate must not skip it there


def test_lone_surrogate_lets_every_pattern_through():
    gate = Gate([("abc", False, True), (r"\d+", False, False), ("x", True, False)])
    assert gate.candidates("a\udc80") == [0, 1, 2]
    assert gate.candidates("\ud800abc") == [0, 1, 2]


def first_char_unknown_to_re2_that_regex_knows() -> str | None:
    """A letter or number in `regex`'s Unicode tables that RE2's tables lack, if any."""
    astral = "".join(map(chr, range(0x10000, 0x110000)))
    unknown = "".join(re2.compile(f"{UNASSIGNED}+", OPTIONS).findall(astral))
    m = regex.search(r"[\p{L}\p{N}]", unknown)
    return m.group() if m else None


def test_character_unknown_to_re2_lets_every_pattern_through():
    patterns = [("abc", False, True), (r"\d+", False, False), ("zzz", True, False)]
    gate = Gate(patterns)
    unknown = first_char_unknown_to_re2_that_regex_knows()
    if unknown is None:  # RE2's tables are as new as regex's: the gate answers normally
        assert gate.candidates("abc") == [0]
        assert gate.candidates("a1") == [1]
        return
    assert RE2_UNKNOWN.fullmatch(unknown) and regex.fullmatch(r"[\p{L}\p{N}]", unknown)
    # e.g. a new letter matched by \w or \p{L}, which RE2 would not know to match
    assert gate.candidates(unknown) == [0, 1, 2]
    assert gate.candidates("abc" + unknown) == [0, 1, 2]
    assert Gate([(r"\w", False, True)]).candidates(unknown) == [0]


def test_candidates_are_ascending_with_mixed_anchored_and_search_patterns():
    patterns = [
        ("bar", False, False),  # search
        ("foo bar", False, True),  # fullmatch
        (FUZZY, False, True),  # untranslatable: always
        ("foo", True, False),
        (r"f\w+ b\w+", False, True),
        ("baz", False, True),
    ]
    gate = Gate(patterns)
    for text in ("foo bar", "FOO", "bar foo", "baz", "nothing", "foo baz"):
        found = gate.candidates(text)
        assert found == sorted(set(found)), text
        really = [
            k for k, (p, ic, anchored) in enumerate(patterns)
            if (regex.fullmatch if anchored else regex.search)(p, text, flags=regex_flags(ic))
        ]
        assert set(really) | {2} <= set(found), text
    assert gate.candidates("nothing") == [2]  # only the untranslatable one is left in


def test_build_shares_one_gate_per_pattern_tuple():
    patterns = (("abc", False, True), (r"\d+", True, False))
    same = tuple(tuple(p) for p in list(patterns))
    assert same is not patterns
    assert Gate.build(same) is Gate.build(patterns)
    assert Gate.build(patterns[:1]) is not Gate.build(patterns)


@pytest.mark.parametrize("low", [0, 1, 5])
def test_counted_repeats_above_max_count_become_star_or_plus(low):
    high = MAX_COUNT + 1
    widened = widen(f"a{{{low},{high}}}b")
    assert "{" not in widened
    assert ("a*" if low == 0 else "a+") in widened
    compiled = re2.compile(widened, OPTIONS)
    for n in (low, high, 5 * high):
        assert compiled.fullmatch("a" * n + "b"), n
    # an exact count above the limit, and an open one, also become a plain repeat
    assert "{" not in widen(f"a{{{high}}}") and "{" not in widen(f"a{{{high},}}")
    # small counts stay counted: RE2 can afford them
    assert f"{{{low},{MAX_COUNT}}}" in widen(f"a{{{low},{MAX_COUNT}}}")


FUZZY_PACK = """
[pack]
name = "fuzzy-test"

[[rules]]
name = "promo.plain"
step = "boilerplate"
patterns = ['Subscribe now\\W*']
ignore_case = true
description = "an ordinary rule, gated"
examples = ["Subscribe now!"]

[[rules]]
name = "promo.fuzzy_colour"
step = "boilerplate"
patterns = ['(?:colour){e<=1}']
description = "a fuzzy pattern the gate cannot translate"
examples = ["color"]
"""


def test_untranslatable_rule_in_a_line_matcher_still_matches():
    rules, _ = parse_pack(FUZZY_PACK, "fuzzy-test.toml")
    plain, fuzzy = rules
    matcher = LineMatcher(rules)
    assert matcher.gate.always == [1]
    for line, expected in [("color", fuzzy), ("colur", fuzzy), ("  colour  ", fuzzy), ("SUBSCRIBE NOW!", plain), ("news", None)]:
        assert matcher.match(line) is expected, line
        assert matcher.match(line) is matcher.match_slowly(line), line


# Constructs the gate must see through. Every case: `regex` matches the text (fullmatch
# when anchored, else search), so the pattern must be a candidate. The cases marked
# "gate.py bug" fail with the current gate.py.
MUST_GATE = [
    pytest.param(r"k", True, True, "\u212a", id="kelvin-sign-folds-to-k"),
    pytest.param("straße", True, True, "STRAẞE", id="capital-sharp-s"),
    pytest.param(r"\d", False, True, "٣", id="arabic-indic-digit"),
    pytest.param(r"(a)\1", False, True, "aa", id="back-reference"),
    pytest.param(r"(?P<x>a)(?P=x)", False, True, "aa", id="named-back-reference"),
    pytest.param(r"\X", False, True, "e\u0301", id="grapheme"),
    pytest.param(r"(?=.{0,30}poll).{0,60}", True, True, "Take our POLL", id="leading-lookahead"),
    pytest.param(r"[]a]+", False, True, "]a]", id="bracket-first-in-class"),
    pytest.param(r"[^]a]", False, True, "b", id="bracket-first-in-negated-class"),
    pytest.param(r"x{,2}", False, True, "xx", id="open-low-count"),
    pytest.param(r"x{1,2", False, True, "x{1,2", id="unclosed-brace"),
    pytest.param(r"\N{LATIN SMALL LETTER E WITH ACUTE}\x41\u0042", False, True, "éAB", id="named-and-hex-escapes"),
    pytest.param(r"a(?#note)b", False, True, "ab", id="comment"),
    pytest.param(r"(?s:.)", False, True, "\n", id="dot-newline"),
    pytest.param(r"[[:alpha:]]+", False, True, "abc", id="posix-class"),
    pytest.param(r"(?x) a b ", False, True, "ab", id="verbose-untranslatable"),
    pytest.param(r"\p{gc=Lu}\p{Letter}+", False, True, "Жé", id="property-aliases"),
    pytest.param(r"(?<!x)abc\b", False, False, "yabc!", id="negative-look-behind"),
    pytest.param(r"a(?i)b", False, True, "aB", id="global-ignore-case-late"),
    # gate.py bug: the ASCII flag makes \W \S \D match non-ASCII letters, spaces, digits
    pytest.param(r"(?a)\W", False, True, "é", id="bug-ascii-flag-W"),
    pytest.param(r"(?a:\S)", False, True, "\u00a0", id="bug-ascii-flag-S"),
    pytest.param(r"(?a)[^\d]", False, True, "٣", id="bug-ascii-flag-D"),
    # gate.py bug: regex folds i/İ and I/ı, RE2 does not ("ADVERTİSEMENT", Turkish upper-casing)
    pytest.param(r"advertisement\W*", True, True, "ADVERTİSEMENT", id="bug-dotted-capital-i"),
    pytest.param(r"I", True, True, "ı", id="bug-dotless-small-i"),
    # gate.py bug: case pairs new in Unicode 16 (U+A7CB ~ U+0264), older half known to RE2
    pytest.param("\ua7cb", True, True, "\u0264", id="bug-new-case-pair"),
    # gate.py bug: U+1171E is Mc in regex's tables, Mn in RE2's (\p{Mc} is not widened)
    pytest.param(r"\p{Mc}", False, True, "\U0001171e", id="bug-recategorised-mark"),
    # gate.py bug: "[[:" / "[[=" / "[[." that are no POSIX class swallow the class's "]"
    pytest.param(r"[[:x]y]", False, True, "xy]", id="bug-posix-lookalike-colon"),
    pytest.param(r"[[=]x]", False, True, "=x]", id="bug-posix-lookalike-equals"),
    # gate.py bug: braces regex reads as literal text are widened as counted repeats
    pytest.param(r"x{1, 3}", False, True, "x{1, 3}", id="bug-brace-with-space"),
    pytest.param(r"x{٣}", False, True, "x{٣}", id="bug-brace-non-ascii-digit"),
    pytest.param(r"x{²}", False, True, "x{²}", id="bug-brace-superscript-crashes"),
    # gate.py bug: (?0) is recursion into the whole pattern, not a flag
    pytest.param(r"a(?0)?b", False, True, "aabb", id="bug-recursion-0"),
    # gate.py bug: a global (?i) inside a (?-i:...) scope still folds there in V0
    pytest.param(r"(?-i:a(?i)b)", False, True, "aB", id="bug-global-ignore-case-in-scope"),
]


@pytest.mark.parametrize(("pattern", "ignore_case", "anchored", "text"), MUST_GATE)
def test_gate_lists_a_pattern_regex_matches(pattern, ignore_case, anchored, text):
    compiled = regex.compile(pattern, regex_flags(ignore_case))
    assert (compiled.fullmatch if anchored else compiled.search)(text), "test data: regex must match"
    try:
        gate = Gate([(pattern, ignore_case, anchored)])
    except Exception as exc:  # noqa: BLE001 - the gate must take any pattern regex takes
        pytest.fail(f"Gate crashed on {pattern!r}: {exc!r}")
    assert gate.candidates(text) == [0], (
        f"{pattern!r} (ignore_case={ignore_case}) matches {text!r} but its widening "
        f"{describe_widening(pattern, ignore_case)!r} does not"
    )


# --- 5. the gate prunes ------------------------------------------------------------------


def seed_lines() -> list[str]:
    files = sorted(SEEDS.glob("*.txt"))
    assert files, f"no seed documents in {SEEDS}"
    return [line for f in files for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_gate_prunes_most_seed_lines_and_the_matcher_agrees_with_its_definition():
    matcher = LineMatcher(BUILTIN.for_step("boilerplate", "line"))
    assert matcher.gate.active
    lines = seed_lines()
    gated_in = [
        line for line in lines
        if matcher.gate.candidates(line.strip()) or matcher.gate.candidates(plain_view(line.strip()))
    ]
    assert len(gated_in) < len(lines) / 4, f"{len(gated_in)} of {len(lines)} lines get a candidate"
    for line in lines:
        assert matcher.match(line) is matcher.match_slowly(line), line

"""``newsclean aliases suggest``: candidate groups of name spellings for a human to review.

Checks the groups on the bundled seeds and on small texts written here (transliterations,
inflections, feminine and masculine forms, first names), that common words are not names,
that the TOML output loads as an alias table, ``--table``, the command's exit codes, and
properties on generated text."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from newsclean.aliases import AliasTable
from newsclean.cli import main
from newsclean.io import find_text_files, read_document
from newsclean.suggest import Group, fold, format_toml, suggest_aliases, word_key

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "seeds"


def seed_texts() -> list[tuple[str, str]]:
    return [(doc_id, read_document(path)[0].text) for doc_id, path in find_text_files(SEEDS)]


def spellings(groups: list[Group]) -> list[str]:
    return [s.text for g in groups for s in g.spellings]


def holding(groups: list[Group], pattern: str) -> list[Group]:
    """The groups with a spelling whose last word matches ``pattern``."""
    rx = re.compile(pattern)
    return [g for g in groups if any(rx.fullmatch(s.text.split()[-1]) for s in g.spellings)]


def group_of(groups: list[Group], spelling: str) -> Group:
    found = [g for g in groups if spelling in {s.text for s in g.spellings}]
    assert len(found) == 1, (spelling, found)
    return found[0]


def load_output(text: str, tmp_path: Path) -> tuple[dict, AliasTable]:
    data = tomllib.loads(text)
    assert set(data) <= {"names"}
    AliasTable.from_dict(data.get("names", {}))
    path = tmp_path / "suggested.toml"
    path.write_text(text, encoding="utf-8")
    return data, AliasTable.load(path)


# -- the seeds -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_groups() -> list[Group]:
    return suggest_aliases(seed_texts(), min_count=1, include_plain=True)


def test_seeds_hold_the_spellings_the_tests_rely_on():
    text = "\n".join(t for _, t in seed_texts())
    assert re.search(r"\bTikhanovska\b", text) and re.search(r"\bTikhanovskaya\b", text)
    assert "Lukashenko" in text and "Vladimiru Putinu" in text


def test_seeds_tsikhanouskaya_spellings_form_one_group(seed_groups):
    found = holding(seed_groups, r"T(?:s)?i[kc]?ha?no[uvw]skaj?y?a?")
    assert len(found) == 1
    names = {s.text.split()[-1] for s in found[0].spellings}
    assert {"Tikhanovska", "Tikhanovskaya"} <= names


def test_seeds_lukashenko_forms_form_one_group(seed_groups):
    found = holding(seed_groups, r"Lukash\w*")
    assert len(found) == 1
    assert {"Lukashenko", "Alexander Lukashenko"} <= {s.text for s in found[0].spellings}
    assert found[0].canonical == "Alexander Lukashenko"  # the full form, not the bare surname


def test_seeds_default_output_has_putins_declined_form():
    groups = suggest_aliases(seed_texts())
    putin = group_of(groups, "Vladimiru Putinu")
    assert "Vladimiru Putinu" in putin.variants
    assert {"Putin", "Vladimir Putin"} <= {s.text for s in putin.spellings}
    assert all(g.variants for g in groups)  # by default only groups with something to add


def test_seeds_common_words_are_not_names(seed_groups):
    words = {w.lower() for name in spellings(seed_groups) for w in name.split()}
    assert not words & {"the", "president", "monday", "saturday", "august", "according", "mr"}


def test_seeds_spelling_counts_match_the_text(seed_groups):
    texts = dict(seed_texts())
    for name in ("Lukashenko", "Putin"):
        spelling = next(s for g in seed_groups for s in g.spellings if s.text == name)
        # mentions of the bare name: not preceded by another capitalised word of a run
        expected = sum(
            len(re.findall(rf"(?<![\w’'])(?<!Alexander )(?<!Vladimir ){name}(?![\w])", t)) for t in texts.values()
        )
        assert spelling.count == expected
        assert set(spelling.files) == {i for i, t in texts.items() if re.search(rf"(?<!\w){name}(?!\w)", t)}


# -- transliterations, inflections, genders ---------------------------------------------

VARIANTS = [
    ("a.txt", "Yesterday Svetlana Tikhanovskaya met voters in Vilnius, and Tikhanovskaya said more."),
    ("b.txt", "Sources close to Tikhanovska say that Tsikhanouskaya will travel. Talks with Тихановская ended."),
    ("c.txt", "Critics of Lukashenko met. Aides of Lukashenka and of Лукашенко left; Alexander Lukashenko stayed."),
    ("d.txt", "Talks with Vladimir Putin ended. Ties with Putinu and with Putin are old."),
    ("e.txt", "Supporters of Maria Kolesnikova and of Kalesnikava and of Maria Kalesnikava marched."),
]


def test_transliterated_and_inflected_spellings_group_together():
    groups = suggest_aliases(VARIANTS, min_count=1)
    for names in (
        {"Svetlana Tikhanovskaya", "Tikhanovskaya", "Tikhanovska", "Tsikhanouskaya", "Тихановская"},
        {"Alexander Lukashenko", "Lukashenko", "Lukashenka", "Лукашенко"},
        {"Vladimir Putin", "Putin", "Putinu"},
        {"Maria Kolesnikova", "Kalesnikava", "Maria Kalesnikava"},
    ):
        group = group_of(groups, next(iter(names)))
        assert names <= {s.text for s in group.spellings}
        assert group.canonical in names and " " in group.canonical  # a full form
        surname = group.canonical.split()[-1]
        assert set(group.variants) == names - {group.canonical, surname}


KOLESNIKOV = [
    ("a.txt", "The singer met Maria Kolesnikova on Monday. Reporters asked Kolesnikova again."),
    ("b.txt", "The economist Andrei Kolesnikov wrote that Kolesnikov had warned about it."),
    ("c.txt", "Allies of Alexei Navalny said that Navalny and his wife Yulia Navalnaya left; Navalnaya spoke."),
]


def test_feminine_and_masculine_forms_are_not_silently_merged():
    groups = suggest_aliases(KOLESNIKOV, min_count=1, include_plain=True)
    for feminine, masculine in (("Kolesnikova", "Kolesnikov"), ("Navalnaya", "Navalny")):
        f, m = group_of(groups, feminine), group_of(groups, masculine)
        assert f is not m
        assert any(masculine in note and "different people" in note for note in f.notes)
        assert any(feminine in note and "different people" in note for note in m.notes)
        assert word_key(feminine)[0] == word_key(masculine)[0]  # one stem: only the gender keeps them apart
        assert {word_key(s.text.split()[-1])[1] for s in f.spellings} == {"f"}


def test_a_neutral_form_does_not_join_feminine_and_masculine():
    texts = [("a.txt", "We met Kolesnikova, then Kolesnikov, then asked Kolesnikovu, and Kolesnikova again; Kolesnikov too.")]
    for group in suggest_aliases(texts, min_count=1, include_plain=True):
        genders = {word_key(s.text.split()[-1])[1] for s in group.spellings} - {""}
        assert len(genders) <= 1


def test_different_first_names_of_one_surname_are_kept_apart():
    texts = [
        ("a.txt", "The candidate Valery Tsepkalo fled; Valery Tsapkala spoke from Moscow."),
        ("b.txt", "His wife Veronika Tsepkalo joined the rally, and Veronika Tsepkalo spoke. Later Tsepkalo left."),
    ]
    groups = suggest_aliases(texts, min_count=1, include_plain=True)
    valery, veronika = group_of(groups, "Valery Tsepkalo"), group_of(groups, "Veronika Tsepkalo")
    assert valery is not veronika
    assert "Valery Tsapkala" in {s.text for s in valery.spellings}
    bare = group_of(groups, "Tsepkalo")  # the surname alone goes to one group, with a note
    assert bare in (valery, veronika)
    assert any("may also mean" in note for note in bare.notes)


def test_common_words_titles_and_dates_are_not_names():
    texts = [("a.txt", "On Monday The President said that President Zorvath met Mr. Zorvath. "
                       "Then The Ministry of Security and The Union spoke on Monday. Zorvath left in August.")]
    groups = suggest_aliases(texts, min_count=1, include_plain=True)
    words = {w for name in spellings(groups) for w in name.split()}
    assert not words & {"The", "President", "Monday", "Mr", "August", "Ministry", "Security", "Then", "On"}
    assert "Zorvath" in words


def test_a_word_seen_only_at_sentence_starts_is_not_a_name():
    only_starts = [("a.txt", "Blorvik went home. Blorvik came back.\n“Blorvik is here,” she said.")]
    assert "Blorvik" not in spellings(suggest_aliases(only_starts, min_count=1, include_plain=True))
    with_mid = only_starts + [("b.txt", "She met Blorvik later.")]
    group = group_of(suggest_aliases(with_mid, min_count=1, include_plain=True), "Blorvik")
    assert group.total == 4  # once mid-sentence, then every mention counts
    assert [s.files for s in group.spellings] == [("a.txt", "b.txt")]


def test_headline_words_count_like_sentence_starts():
    texts = [("a.txt", "Russia Begins Mass Vaccinations Near Grelvok Border\n\nThe plan was approved.")]
    assert not {"Grelvok", "Vaccinations"} & set(spellings(suggest_aliases(texts, min_count=1, include_plain=True)))


def test_possessives_and_hyphenated_prefixes_are_cut():
    texts = [("a.txt", "We saw Lukashenko’s guards and the anti-Lukashenko march; Lukashenko's aide and Putin's. "
                       "Then Putin-era rules and Lukashenko left.")]
    names = set(spellings(suggest_aliases(texts, min_count=1, include_plain=True)))
    assert {"Lukashenko", "Putin"} <= names
    assert not any("’" in n or "'" in n or "-" in n for n in names)


def test_min_count_and_max_groups():
    groups = suggest_aliases(VARIANTS, min_count=1)
    assert [g.total for g in groups] == sorted((g.total for g in groups), reverse=True)
    assert suggest_aliases(VARIANTS, min_count=1, max_groups=2) == groups[:2]
    bigger = suggest_aliases(VARIANTS, min_count=5)
    assert bigger and all(g.total >= 5 for g in bigger)
    assert {g.canonical for g in bigger} == {g.canonical for g in groups if g.total >= 5}


def test_fold_removes_transliteration_differences():
    assert fold("Tichanowskaja") == fold("Tikhanovskaya") == fold("Тихановская")
    assert fold("Lukaschenko") == fold("Lukashenko") == fold("Лукашенко")
    assert fold("Cichanouska") == fold("Tsikhanouska")
    assert word_key("Lukašenka")[0] == word_key("Lukashenko")[0] == word_key("Lukašenkovi")[0]
    assert word_key("Putinym") == ("putin", "m") and word_key("Putina")[1] == "f"


# -- output ------------------------------------------------------------------------------


@pytest.mark.parametrize("texts", [VARIANTS, KOLESNIKOV], ids=["variants", "kolesnikov"])
def test_toml_output_loads_as_an_alias_table(texts, tmp_path):
    groups = suggest_aliases(texts, min_count=1, include_plain=True)
    data, table = load_output(format_toml(groups, source="in", files=len(texts)), tmp_path)
    assert list(data["names"]) == [g.canonical for g in groups]
    for g in groups:
        assert tuple(data["names"][g.canonical]["variants"]) == g.variants
    assert len(table) == len(groups)
    for entry in table:  # every listed variant is replaced by the table
        for variant in entry.variants:
            assert table.find(variant), variant


def test_seed_output_normalises_the_seeds_with_the_suggested_table(tmp_path):
    groups = suggest_aliases(seed_texts())
    _, table = load_output(format_toml(groups), tmp_path)
    for doc_id, text in seed_texts():
        out = table.apply(text)
        for g in groups:
            for v in g.variants:
                assert not re.search(rf"(?<!\w){re.escape(v)}(?!\w)", out), (doc_id, v)


def test_toml_comment_gives_counts_and_files():
    groups = suggest_aliases(VARIANTS, min_count=1)
    text = format_toml(groups)
    lukashenko = group_of(groups, "Lukashenka")
    block = text[text.index(f'[names."{lukashenko.canonical}"]'):].split("\n\n")[0]
    for s in lukashenko.spellings:
        line = next(line for line in block.splitlines() if line.startswith(f'#   "{s.text}"'))
        assert str(s.count) in line.split() and s.files[0] in line
    assert f"# {lukashenko.total} mentions" in block


def test_table_leaves_out_covered_spellings():
    table = AliasTable.from_dict({
        "Sviatlana Tsikhanouskaya": ["Svetlana Tikhanovskaya", "Tikhanovska"],
        "Vladimir Putin": {"variants": [], "inflect": ["slavic_masculine"]},
    })
    covered = {"Svetlana Tikhanovskaya", "Tikhanovska", "Putin", "Putinu", "Vladimir Putin"}
    plain = suggest_aliases(VARIANTS, min_count=1)
    assert covered & {v for g in plain for v in g.variants}  # without the table they are suggested
    groups = suggest_aliases(VARIANTS, min_count=1, table=table)
    assert not covered & {v for g in groups for v in g.variants}
    tikh = group_of(groups, "Tsikhanouskaya")
    assert tikh.extends == tikh.canonical == "Sviatlana Tsikhanouskaya"
    assert {"Тихановская", "Tikhanovskaya"} <= set(tikh.variants)
    assert "Tsikhanouskaya" not in tikh.variants  # the entry's own surname
    assert all(g.canonical != "Vladimir Putin" for g in groups)  # nothing left to add for Putin
    assert {s.covered_by for s in tikh.spellings if s.text in covered} == {"Sviatlana Tsikhanouskaya"}


# -- the command ---------------------------------------------------------------------------


def write_corpus(folder: Path, texts: list[tuple[str, str]]) -> Path:
    for name, text in texts:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_cli_suggest_to_stdout_and_file(tmp_path, capsys):
    src = write_corpus(tmp_path / "in", VARIANTS)
    (src / "notes.md").write_text("Zorvath Zorvathu Zorvathu", encoding="utf-8")  # not *.txt: not read
    assert main(["aliases", "suggest", str(src), "--min-count", "1"]) == 0
    out = capsys.readouterr()
    data, _ = load_output(out.out, tmp_path)
    assert data["names"] and "Zorvath" not in out.out
    assert "5 of 5 files" in out.err
    target = tmp_path / "s.toml"
    assert main(["aliases", "suggest", str(src), "--min-count", "1", "--max-groups", "2", "-o", str(target)]) == 0
    assert capsys.readouterr().out == ""
    assert list(tomllib.loads(target.read_text(encoding="utf-8"))["names"]) == list(data["names"])[:2]


def test_cli_table_option(tmp_path, capsys):
    src = write_corpus(tmp_path / "in", VARIANTS)
    table = tmp_path / "t.toml"
    table.write_text('[names]\n"Alexander Lukashenko" = ["Lukashenka", "Лукашенко"]\n', encoding="utf-8")
    assert main(["aliases", "suggest", str(src), "--min-count", "1", "--table", str(table)]) == 0
    data = tomllib.loads(capsys.readouterr().out)
    variants = {v for entry in data["names"].values() for v in entry["variants"]}
    assert not variants & {"Lukashenka", "Лукашенко", "Lukashenko", "Alexander Lukashenko"}
    assert "Alexander Lukashenko" not in data["names"]  # nothing left to add to that entry


def test_cli_exit_codes(tmp_path, capsys):
    src = write_corpus(tmp_path / "in", VARIANTS)
    bad_table = tmp_path / "bad.toml"
    bad_table.write_text('[names]\n"A B" = 3\n', encoding="utf-8")
    for argv in (
        ["aliases", "suggest", str(tmp_path / "missing")],
        ["aliases", "suggest", str(src / "a.txt")],  # a file, not a folder
        ["aliases", "suggest", str(src), "--table", str(bad_table)],
        ["aliases", "suggest", str(src), "--table", str(tmp_path / "none.toml")],
        ["aliases", "suggest", str(src), "-o", str(src / "a.txt")],  # would write over an input
    ):
        assert main(argv) == 2, argv
        assert "newsclean:" in capsys.readouterr().err
    for argv in (["aliases"], ["aliases", "suggest"], ["aliases", "suggest", str(src), "--min-count", "0"],
                 ["aliases", "suggest", str(src), "--max-groups", "x"], ["aliases", "list", str(src)]):
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 2, argv
    capsys.readouterr()
    (src / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (src / "latin1.txt").write_bytes("Talks with Lukashenka ended.\nCaf\xe9\n".encode("latin-1"))
    assert main(["aliases", "suggest", str(src), "--min-count", "1"]) == 1  # one file failed, the rest done
    out = capsys.readouterr()
    assert "binary.txt" in out.err and "invalid UTF-8" in out.err and "1 failed" in out.err
    assert tomllib.loads(out.out)["names"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["aliases", "suggest", str(empty)]) == 0
    assert tomllib.loads(capsys.readouterr().out) == {}


def test_clean_command_still_works(tmp_path, capsys):
    src = write_corpus(tmp_path / "in", [("a.txt", "[ad_1]\n\nThe plan was approved on Tuesday.\n")])
    assert main(["clean", str(src / "a.txt")]) == 0
    assert capsys.readouterr().out == "The plan was approved on Tuesday.\n"


# -- properties -----------------------------------------------------------------------------

NAME_LIKE = st.lists(
    st.one_of(
        st.from_regex(r"[A-ZŁТ][a-zšžłоа]{1,9}(?:ov|ova|sky|skaya|ska|enko|enka|u|a)?", fullmatch=True),
        st.sampled_from(["the", "and", "said", "President", "Monday", ".", ",", "\n", "“", "’s", "-"]),
    ),
    max_size=40,
).map(" ".join)


def check_groups(groups: list[Group]) -> None:
    seen: list[str] = [s.text for g in groups for s in g.spellings]
    assert len(seen) == len(set(seen))  # no spelling twice, within or across groups
    for g in groups:
        texts = {s.text for s in g.spellings}
        assert g.canonical in texts or g.extends
        assert set(g.variants) <= texts and g.canonical not in g.variants
        assert g.total == sum(s.count for s in g.spellings) >= 1
    AliasTable.from_dict(tomllib.loads(format_toml(groups)).get("names", {}))


@given(st.lists(st.tuples(st.text(max_size=8), st.text(max_size=300)), max_size=3))
def test_suggest_never_raises_on_arbitrary_text(texts):
    check_groups(suggest_aliases(texts, min_count=1, include_plain=True))


@given(st.lists(NAME_LIKE, min_size=1, max_size=4))
def test_groups_never_hold_a_spelling_twice(texts):
    docs = [(f"{i}.txt", t) for i, t in enumerate(texts)]
    for kwargs in ({"min_count": 1, "include_plain": True}, {}):
        check_groups(suggest_aliases(docs, **kwargs))

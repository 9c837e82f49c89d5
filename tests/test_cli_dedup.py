"""`newsclean dedup` and `newsclean run` on real text: the seeds and copies made from them."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from newsclean.cli import main

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "seeds"


def seed(n: int) -> str:
    return next(SEEDS.glob(f"00{n}_*.txt")).read_text(encoding="utf-8")


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The four seeds, a syndicated copy of 001 with other boilerplate, a teaser of 002
    (its first third) and, in a subfolder, 003 with a few words changed."""
    src = tmp_path / "in"
    src.mkdir()
    for path in SEEDS.glob("*.txt"):
        (src / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    body = paragraphs(seed(1))
    (src / "copy of 001.txt").write_text("[ad_1]\n\n" + "\n\n".join(body) + "\n\nLeave a Comment\n", encoding="utf-8")
    two = paragraphs(seed(2))
    (src / "teaser-002.txt").write_text("\n\n".join(two[: max(2, len(two) // 3)]) + "\n", encoding="utf-8")
    words = seed(3).split(" ")
    for i in range(5, len(words), 40):
        words[i] = "changed"
    (src / "sub").mkdir()
    (src / "sub" / "edited-003.txt").write_text(" ".join(words), encoding="utf-8")
    return src


def groups_of(data: dict) -> set[frozenset[str]]:
    return {frozenset(g["members"]) for g in data["groups"]}


def match(data: dict, doc_id: str) -> dict:
    """The match that put ``doc_id`` in its group (its partner's, if it is the representative)."""
    for group in data["groups"]:
        if doc_id in group["members"]:
            if group["representative"] == doc_id:
                assert len(group["matches"]) == 1, group
                return group["matches"][0]
            return next(m for m in group["matches"] if m["id"] == doc_id)
    raise AssertionError(f"{doc_id} is in no group")


def test_dedup_json_groups_each_copy_with_its_original_and_keeps_the_seeds_apart(folder, capsys):
    assert main(["dedup", str(folder), "--json"]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    names = {int(p.name[2]): p.name for p in SEEDS.glob("*.txt")}
    assert groups_of(data) == {
        frozenset({names[1], "copy of 001.txt"}),
        frozenset({names[2], "teaser-002.txt"}),
        frozenset({names[3], "sub/edited-003.txt"}),
    }
    assert match(data, "teaser-002.txt")["measure"] == "containment"
    assert match(data, "teaser-002.txt")["containment"] == 1.0
    assert match(data, "sub/edited-003.txt")["measure"] == "jaccard"
    assert match(data, "copy of 001.txt")["measure"] == "exact"
    # the longest text represents its group: the original, not the teaser
    assert {g["representative"] for g in data["groups"]} >= {names[2]}
    assert data["stats"]["documents"] == 7
    assert "3 groups of near-duplicates" in err


def test_dedup_listing_names_the_representative_and_each_match(folder, capsys):
    assert main(["dedup", str(folder)]) == 0
    out = capsys.readouterr().out
    assert out.count("(representative)") == 3
    assert "teaser-002.txt" in out and "by containment 1.00" in out


def test_dedup_raw_compares_the_text_as_given(folder, capsys):
    # with cleaning the copy of 001 is an exact copy; raw, its ad line and comment form differ
    main(["dedup", str(folder), "--json"])
    cleaned = json.loads(capsys.readouterr().out)
    main(["dedup", str(folder), "--json", "--raw"])
    raw = json.loads(capsys.readouterr().out)
    assert match(cleaned, "copy of 001.txt")["measure"] == "exact"
    assert match(raw, "copy of 001.txt")["measure"] == "jaccard"


def test_dedup_thresholds_are_applied(folder, capsys):
    main(["dedup", str(folder), "--json", "--no-containment"])
    data = json.loads(capsys.readouterr().out)
    assert not any("teaser-002.txt" in g for g in groups_of(data))  # only containment found the teaser
    main(["dedup", str(folder), "--json", "--threshold", "1"])
    data = json.loads(capsys.readouterr().out)
    assert all(m["measure"] in ("exact", "containment") for g in data["groups"] for m in g["matches"])


@pytest.mark.parametrize("value", ["0", "1.5", "x"])
def test_a_bad_threshold_is_a_usage_error(folder, value, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["dedup", str(folder), "--threshold", value])
    assert exit_.value.code == 2


def test_dedup_of_a_missing_folder_exits_2(tmp_path, capsys):
    assert main(["dedup", str(tmp_path / "nope")]) == 2
    assert "no such folder" in capsys.readouterr().err


def test_dedup_output_file_is_written_and_never_an_input(folder, tmp_path, capsys):
    out = tmp_path / "groups.json"
    assert main(["dedup", str(folder), "--json", "-o", str(out)]) == 0
    assert len(json.loads(out.read_text(encoding="utf-8"))["groups"]) == 3
    assert main(["dedup", str(folder), "-o", str(folder / "copy of 001.txt")]) == 2
    assert "never writes over its input" in capsys.readouterr().err


def test_dedup_reports_a_bad_file_and_groups_the_rest(folder, capsys):
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 64)
    assert main(["dedup", str(folder), "--json"]) == 1
    out, err = capsys.readouterr()
    assert "binary.txt" in err
    assert len(json.loads(out)["groups"]) == 3


def test_run_writes_cleaned_files_report_and_duplicates(folder, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["run", str(folder), "-o", str(out)]) == 0
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    inputs = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.txt"))
    assert written == sorted(inputs + ["report.jsonl", "duplicates.json", "report.html"])
    report = [json.loads(line) for line in (out / "report.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {r["id"] for r in report} == set(inputs)
    assert all(r.get("language") for r in report)
    assert "[ad_1]" not in (out / "copy of 001.txt").read_text(encoding="utf-8")
    duplicates = json.loads((out / "duplicates.json").read_text(encoding="utf-8"))
    main(["dedup", str(folder), "--json"])
    assert groups_of(duplicates) == groups_of(json.loads(capsys.readouterr().out))


def test_run_writes_a_report_page_of_its_documents_and_groups(folder, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["run", str(folder), "-o", str(out)]) == 0
    page = (out / "report.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="newsclean-data">(.*?)</script>', page, re.S)[1])
    duplicates = json.loads((out / "duplicates.json").read_text(encoding="utf-8"))
    assert len(data["docs"]) == len(list(folder.rglob("*.txt")))
    assert len(data["groups"]) == len(duplicates["groups"]) == 3
    first = page
    (out / "report.html").unlink()  # `newsclean report` writes the same page again from the run's output
    assert main(["report", str(out), "--source", str(folder)]) == 0
    assert (out / "report.html").read_text(encoding="utf-8") == first


def test_run_no_html_leaves_the_page_out_and_report_needs_a_run(folder, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["run", str(folder), "-o", str(out), "--no-html", "-v"]) == 0  # -v after the command too
    assert not (out / "report.html").exists() and (out / "duplicates.json").is_file()
    capsys.readouterr()
    assert main(["report", str(tmp_path / "nothing")]) == 2
    assert "no report.jsonl here" in capsys.readouterr().err


def test_run_on_the_seeds_alone_groups_nothing(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["run", str(SEEDS), "-o", str(out)]) == 0
    assert json.loads((out / "duplicates.json").read_text(encoding="utf-8"))["groups"] == []


def test_run_refuses_an_output_inside_its_input(folder, capsys):
    assert main(["run", str(folder), "-o", str(folder / "out")]) == 2


def test_run_as_a_command_in_a_subprocess(folder, tmp_path):
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "newsclean", "run", str(folder), "-o", str(out)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "groups of near-duplicates" in done.stderr
    assert (out / "duplicates.json").is_file()

"""The ``newsclean`` command, run in-process through ``newsclean.cli.main``."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

import newsclean
from newsclean.cleaning.translation import TranslationStep
from newsclean.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = Path(__file__).resolve().parents[1] / "examples" / "seeds"
TRANSLATION_ONLY = newsclean.Cleaner(steps=[TranslationStep()])
STORY = "The council approved the new bus routes on Tuesday after a long debate about the cost.\n"


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def read_report(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "report.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    write(src / "top.txt", f"[ad_1]\n\n{STORY}\nSource link\n")
    write(src / "world" / "europe" / "deep.txt", f"By Jane Doe\n\n{STORY}\nLeave a Comment\n")
    write(src / "world" / "plain.txt", STORY)
    return src


def test_version_in_process(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"newsclean {newsclean.__version__}"


def test_version_as_a_module_in_a_subprocess():
    run = subprocess.run([sys.executable, "-m", "newsclean", "--version"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"newsclean {newsclean.__version__}"


def test_no_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        main([])
    assert info.value.code == 2


# --- folders ---------------------------------------------------------------------------------


def test_clean_folder_writes_each_file_at_its_relative_path_and_a_report(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["clean", str(corpus), "-o", str(out), "--no-progress"]) == 0
    assert sorted(snapshot(out)) == ["report.jsonl", "top.txt", "world/europe/deep.txt", "world/plain.txt"]
    for rel in ["top.txt", "world/europe/deep.txt", "world/plain.txt"]:
        assert (out / rel).read_text(encoding="utf-8") == STORY
    report = read_report(out)
    assert sorted(r["id"] for r in report) == ["top.txt", "world/europe/deep.txt", "world/plain.txt"]
    for record in report:
        assert set(record) >= {"id", "changes", "flags", "meta"}
    by_id = {r["id"]: r for r in report}
    assert by_id["world/plain.txt"]["changes"] == []
    assert {m["kind"] for m in by_id["top.txt"]["meta"]} == {"source_link"}
    assert {m["kind"] for m in by_id["world/europe/deep.txt"]["meta"]} == {"byline"}
    assert "cleaned 3 of 3 files" in capsys.readouterr().err


def test_report_changes_replay_onto_the_input_files(corpus, tmp_path):
    out = tmp_path / "out"
    main(["clean", str(corpus), "-o", str(out), "--no-progress"])
    for record in read_report(out):
        original = (corpus / record["id"]).read_text(encoding="utf-8")
        changes = [newsclean.Change(**{**c, "via": tuple(c.get("via", ()))}) for c in record["changes"]]
        assert newsclean.replay(original, changes) == (out / record["id"]).read_text(encoding="utf-8")


def test_an_output_folder_inside_the_input_folder_is_refused(corpus, capsys):
    before = snapshot(corpus)
    assert main(["clean", str(corpus), "-o", str(corpus / "cleaned"), "--no-progress"]) == 2
    assert "inside the input folder" in capsys.readouterr().err
    assert snapshot(corpus) == before
    assert not (corpus / "cleaned").exists()


def test_the_input_folder_itself_as_output_is_refused(corpus, capsys):
    before = snapshot(corpus)
    assert main(["clean", str(corpus), "-o", str(corpus), "--no-progress"]) == 2
    assert snapshot(corpus) == before


def test_a_folder_without_an_output_is_a_usage_error(corpus, capsys):
    assert main(["clean", str(corpus)]) == 2
    assert "-o" in capsys.readouterr().err


def test_a_missing_input_is_a_usage_error(tmp_path, capsys):
    assert main(["clean", str(tmp_path / "nope")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_bad_files_are_reported_and_the_good_ones_cleaned(tmp_path, capsys):
    src = tmp_path / "in"
    write(src / "good.txt", f"{STORY}\nLeave a Comment\n")
    binary = write(src / "photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(32)) * 20)
    write(src / "latin1.txt", "Caf\xe9 owners said the new routes would help.\n".encode("latin-1"))
    out = tmp_path / "out"
    assert main(["clean", str(src), "-o", str(out), "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert str(binary) in err and "binary" in err
    assert "1 failed" in err
    assert (out / "good.txt").read_text(encoding="utf-8") == STORY
    assert not (out / "photo.txt").exists()
    assert (out / "latin1.txt").read_text(encoding="utf-8") == "Caf\ufffd owners said the new routes would help.\n"
    by_id = {r["id"]: r for r in read_report(out)}
    assert set(by_id) == {"good.txt", "photo.txt", "latin1.txt"}
    assert by_id["photo.txt"]["error"].startswith("InputError: ") and str(binary) in by_id["photo.txt"]["error"]
    [problem] = by_id["latin1.txt"]["input_problems"]
    assert "0xe9" in problem and "line 1, column 4" in problem
    assert "input_problems" not in by_id["good.txt"]


def test_clean_seeds_folder_removes_every_seed_boilerplate_line(tmp_path):
    out = tmp_path / "seeds-out"
    assert main(["clean", str(SEEDS), "-o", str(out), "--no-progress"]) == 0
    truth = tomllib.loads((FIXTURES / "seed_boilerplate.toml").read_text(encoding="utf-8"))["files"]
    seeds = sorted(SEEDS.glob("*.txt"))
    assert len(seeds) == 4
    for seed in seeds:
        boilerplate = set(truth[seed.name[:3]]["boilerplate"])
        output_lines = {line.strip() for line in (out / seed.name).read_text(encoding="utf-8").splitlines()}
        assert not boilerplate & output_lines, seed.name
        content = [line.strip() for line in seed.read_text(encoding="utf-8").splitlines()
                   if line.strip() and line.strip() not in boilerplate]
        # content lines survive, as the translation step alone leaves them (quotes fixed)
        translated = [TRANSLATION_ONLY.clean(line).text.strip() for line in content]
        assert all(line in output_lines for line in translated), seed.name
    assert len(read_report(out)) == 4


# --- single files and stdin ---------------------------------------------------------------------


def test_clean_one_file_prints_the_cleaned_text(tmp_path, capsys):
    path = write(tmp_path / "a.txt", f"[ad_1]\n\n{STORY}\nLeave a Comment\n")
    assert main(["clean", str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.out == STORY
    assert not list(tmp_path.glob("*.jsonl"))


def test_clean_one_file_with_output_writes_it(tmp_path, capsys):
    path = write(tmp_path / "a.txt", f"[ad_1]\n\n{STORY}")
    target = tmp_path / "cleaned" / "a.txt"
    assert main(["clean", str(path), "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == STORY
    assert capsys.readouterr().out == ""


def test_clean_stdin(monkeypatch, capsys):
    fake_stdin = type("FakeStdin", (), {"buffer": io.BytesIO(f"[ad_2]\n{STORY}\n\n\n".encode())})()
    monkeypatch.setattr(sys, "stdin", fake_stdin)
    assert main(["clean", "-"]) == 0
    assert capsys.readouterr().out == STORY


def test_clean_stdin_with_bad_bytes_reports_the_problem(monkeypatch, capsys):
    fake_stdin = type("FakeStdin", (), {"buffer": io.BytesIO(b"Caf\xe9 news.\n")})()
    monkeypatch.setattr(sys, "stdin", fake_stdin)
    assert main(["clean", "-"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "Caf\ufffd news.\n"
    assert "invalid UTF-8 byte 0xe9 at line 1, column 4" in captured.err


def test_a_binary_single_file_fails_with_exit_1(tmp_path, capsys):
    path = write(tmp_path / "b.txt", bytes(range(32)) * 20)
    assert main(["clean", str(path)]) == 1
    assert str(path) in capsys.readouterr().err


def test_explain_prints_removed_lines_with_rule_names_to_stderr(tmp_path, capsys):
    path = write(tmp_path / "a.txt", f"{STORY}\nLeave a Comment\n\nSource link\n")
    assert main(["clean", str(path), "--explain"]) == 0
    captured = capsys.readouterr()
    assert captured.out == STORY
    assert "removed  comment_form.leave_comment  'Leave a Comment'" in captured.err
    assert "to meta  source_link.source_line  'Source link'" in captured.err
    assert "Leave a Comment" not in captured.out


def test_explain_in_folder_mode_names_each_document(corpus, tmp_path, capsys):
    assert main(["clean", str(corpus), "-o", str(tmp_path / "out"), "--explain", "--no-progress"]) == 0
    err = capsys.readouterr().err
    assert "== top.txt" in err and "ad_placeholder.ad_n" in err
    assert "== world/plain.txt" not in err  # nothing to explain there


# --- rules and switches ---------------------------------------------------------------------------


def test_a_bad_rule_pack_exits_2_naming_the_file(tmp_path, capsys):
    pack = write(tmp_path / "my rules.toml", "[[rules]]\nname = 'promo.x'\nstep = 'boilerplate'\npatterns = ['(']\n")
    path = write(tmp_path / "a.txt", STORY)
    assert main(["clean", str(path), "--rules", str(pack)]) == 2
    captured = capsys.readouterr()
    assert str(pack) in captured.err and "promo.x" in captured.err and "bad regex" in captured.err
    assert captured.out == ""


def test_a_user_rule_pack_is_applied(tmp_path, capsys):
    pack = write(
        tmp_path / "site.toml",
        "[[rules]]\nname = 'promo.sponsor'\nstep = 'boilerplate'\npatterns = ['Acme keeps this site free!']\n",
    )
    path = write(tmp_path / "a.txt", f"{STORY}\nAcme keeps this site free!\n")
    assert main(["clean", str(path), "--rules", str(pack)]) == 0
    assert capsys.readouterr().out == STORY


def test_disable_keeps_what_the_rule_would_remove(tmp_path, capsys):
    path = write(tmp_path / "a.txt", f"{STORY}\nLeave a Comment\n")
    assert main(["clean", str(path), "--disable", "comment_form.leave_comment"]) == 0
    assert "Leave a Comment" in capsys.readouterr().out


def test_disabling_an_unknown_name_exits_2(tmp_path, capsys):
    path = write(tmp_path / "a.txt", STORY)
    assert main(["clean", str(path), "--disable", "no_such_rule"]) == 2
    assert "no_such_rule" in capsys.readouterr().err


def test_corpus_lines_are_dropped_in_a_folder_unless_switched_off(tmp_path, capsys):
    promo = "Get our free morning briefing, delivered to your inbox every weekday!"
    stories = [
        "The river flooded the lower town after three days of heavy rain, and residents were moved to the school.",
        "The finance minister presented a budget that cuts fuel subsidies and raises the tax on tobacco.",
        "The home side won the derby two goals to one after a late penalty in front of a full stadium.",
        "Health officials opened two more vaccination centres as demand rose among older residents.",
        "Rail workers began a two-day strike over pay, cancelling most regional trains across the country.",
        "The city museum reopened its modern art wing after a renovation that took nearly four years.",
        "Polling stations closed at eight in the evening, and the count is expected to last until dawn.",
    ]
    src = tmp_path / "in"
    for i, story in enumerate(stories):
        write(src / f"{i}.txt", f"{story}\n\n{promo}\n")
    assert main(["clean", str(src), "-o", str(tmp_path / "out"), "--no-progress"]) == 0
    assert promo not in (tmp_path / "out" / "0.txt").read_text(encoding="utf-8")
    assert main(["clean", str(src), "-o", str(tmp_path / "kept"), "--no-corpus-lines", "--no-progress"]) == 0
    assert promo in (tmp_path / "kept" / "0.txt").read_text(encoding="utf-8")


def test_one_file_is_never_written_over_itself(tmp_path, capsys):
    path = tmp_path / "story.txt"
    original = "The story is told here.\n\nLeave a Comment\n"
    path.write_text(original, encoding="utf-8")
    assert main(["clean", str(path), "-o", str(path)]) == 2
    assert "never writes over its input" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == original

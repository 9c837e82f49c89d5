"""Reliability and bad input (issue 6): a folder of bad files, interrupted runs and
``--resume``, bounded memory, user rule packs that misbehave, and nothing unpickled.

The commands run in subprocesses (``python -m newsclean``) where the process matters
(exit code, no traceback, SIGKILL) and in-process elsewhere, to stay quick.
"""

from __future__ import annotations

import codecs
import inspect
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import tracemalloc
from pathlib import Path

import pytest

import newsclean.report as report_module
from newsclean import Cleaner, RepeatedLines, cli
from newsclean.cleaning.whitespace import WhitespaceStep
from newsclean.errors import InputError
from newsclean.io import (
    JOURNAL_NAME,
    TEMP_SUFFIX,
    Journal,
    find_text_files,
    read_document,
)

SRC = Path(__file__).resolve().parents[1] / "src" / "newsclean"
ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0
STORY = "The council approved the new bus routes on Tuesday after a long debate about the cost.\n"
MB = 1024 * 1024

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX file kinds (FIFOs, symbolic links)")


def newsclean(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newsclean", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", errors="replace", timeout=timeout, check=False)


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8", newline="")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def read_report(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "report.jsonl").read_text(encoding="utf-8").splitlines()]


# --- generated news ------------------------------------------------------------------------------

WORDS = """council budget river school minister railway hospital election museum harbour police court
farmers bridge winter summer festival storm vaccine teachers workers union strike market prices fuel
energy wind solar village mayor parliament opposition reform taxes housing rents students library
stadium match coach season injury transfer airport flights delays border trade export import factory
jobs wages pension doctors nurses patients emergency flood drought harvest apples wheat forest fire
volunteers residents neighbours traffic cyclists buses trams tunnel museum gallery theatre concert""".split()
CHROME_TOP = "Daily Planet | Home | World | Politics | Sport | Culture"
CHROME_BOTTOM = ["Share this article on Facebook and Twitter", "Subscribe to our morning newsletter",
                 "Copyright 2024 Daily Planet Media. All rights reserved."]


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    return " ".join(words).capitalize() + rng.choice([".", ".", ".", "!", "?"])


def article(rng: random.Random, paragraphs: int) -> str:
    return "\n\n".join(" ".join(sentence(rng) for _ in range(rng.randint(2, 4))) for _ in range(paragraphs)) + "\n"


def news_folder(folder: Path, count: int, seed: int) -> Path:
    """``count`` articles: a third in site chrome (lines the corpus pass drops), every
    tenth a revised copy of an earlier one (near-duplicates), a few with bad bytes."""
    rng = random.Random(seed)
    bodies: list[str] = []
    for i in range(count):
        if i % 10 == 9 and bodies:
            base = rng.choice(bodies).split("\n\n")
            body = "\n\n".join(base[:-1] + [sentence(rng)]) + "\n"
        else:
            body = article(rng, rng.randint(3, 7))
        bodies.append(body)
        text = f"{CHROME_TOP}\n\n{body}\n{rng.choice(CHROME_BOTTOM)}\n" if i % 3 == 0 else body
        data = text.encode("utf-8")
        if i % 37 == 5:
            data = data.replace(b" the ", b" th\xe9 ", 1) + b"caf\xe9\n"
        write(folder / f"section-{i % 4}" / f"story {i:04d}.txt", data)
    return folder


# --- the bad folder -----------------------------------------------------------------------------

OK = "ok"
NON_UTF8_NAME = os.fsdecode(b"caf\xe9 au lait.txt")


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory) -> tuple[Path, dict[str, tuple[str, str | None]]]:
    """Every kind of bad input beside good files; ``expected`` maps each id that gets a
    report line to ``("ok", input problem or None)`` or ``("error", reason)``."""
    src = tmp_path_factory.mktemp("bad") / "in"
    rng = random.Random(6)
    expected: dict[str, tuple[str, str | None]] = {}

    def good(rel: str, text: str | None = None, problem: str | None = None, data: bytes | None = None) -> None:
        write(src / rel, data if data is not None else (text or article(rng, 3)))
        expected[rel] = (OK, problem)

    good("good.txt", f"By Jane Doe\n\n{STORY}\nLeave a Comment\n")
    good("with space.txt")
    good("Müller & Söhne.txt")
    good("новости/статья 1.txt")
    good("folder.txt/inner.txt")  # a folder named like a text file is a folder
    good("latin1.txt", data="Caf\xe9 owners said the new bus routes would help trade.\n".encode("latin-1"),
         problem="invalid UTF-8 byte 0xe9 at line 1, column 4")
    good("utf16.txt", data=codecs.BOM_UTF16_LE + f"Café “news”.\n\n{STORY}".encode("utf-16-le"))
    good("empty.txt", data=b"")
    good("nul.txt", data=STORY.encode() * 20 + b"The mayor\x00 said\x00 so.\n" + STORY.encode() * 5,
         problem="NUL (U+0000) at line 21, column 10 and 1 more")
    good("one-line.txt", " ".join(f"w{rng.randrange(10**6)}" for _ in range(150_000))[:MB])  # 1 MB, one line
    (src / "alias.txt").symlink_to(src / "good.txt")  # a link to a file is read
    expected["alias.txt"] = (OK, None)
    try:
        with open(os.path.join(os.fsencode(src), os.fsencode(NON_UTF8_NAME)), "wb") as fh:
            fh.write(article(rng, 2).encode())
        expected[NON_UTF8_NAME] = (OK, None)
    except OSError:  # a file system that wants UTF-8 names
        pass

    write(src / "binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40)
    expected["binary.txt"] = ("error", "binary file")
    with open(src / "huge.txt", "wb") as fh:  # a 50 MB "article"
        block = (article(rng, 40) + "\n").encode()
        while fh.tell() < 50 * MB:
            fh.write(block)
    expected["huge.txt"] = ("error", "too large")
    os.mkfifo(src / "fifo.txt")  # reading it would wait for a writer forever
    expected["fifo.txt"] = ("error", "named pipe (FIFO)")
    (src / "dangling.txt").symlink_to(src / "gone.txt")
    expected["dangling.txt"] = ("error", "broken symbolic link")
    (src / "loop.txt").symlink_to(src / "loop.txt")
    expected["loop.txt"] = ("error", "loop of symbolic links")
    (src / "news").mkdir()
    (src / "news" / "again").symlink_to(src, target_is_directory=True)  # a folder loop: not followed
    good("locked.txt")
    (src / "locked.txt").chmod(0)
    if not ROOT_USER:  # root reads it anyway: then it is a good file (see the monkeypatched test below)
        expected["locked.txt"] = ("error", "Permission denied")
    return src, dict(sorted(expected.items()))


def check_report_and_outputs(src: Path, out: Path, expected: dict, err: str) -> None:
    report = read_report(out)
    assert [r["id"] for r in report] == [rel for rel, _ in find_text_files(src)], "one line per file, in file order"
    assert {r["id"] for r in report} == set(expected)
    for record in report:
        kind, detail = expected[record["id"]]
        path = src / record["id"]
        if kind == "error":
            assert "changes" not in record and detail in record["error"], record
            assert str(path) in record["error"]
            assert f"newsclean: {path}" in err.replace("\\udce9", "\udce9") and detail in err
            assert not (out / record["id"]).exists()
        else:
            assert "error" not in record, record
            assert (out / record["id"]).is_file()
            assert "\x00" not in (out / record["id"]).read_text(encoding="utf-8")
            if detail is None:
                assert "input_problems" not in record, record
            else:
                assert any(detail in p for p in record["input_problems"]), record
                assert detail in err
    assert (out / "one-line.txt").stat().st_size > 0.9 * MB
    assert (out / "utf16.txt").read_text(encoding="utf-8").startswith("Café ")
    assert (out / "empty.txt").read_bytes() == b""
    assert not (out / JOURNAL_NAME).exists()
    assert not [p for p in out.rglob("*") if p.name.endswith(TEMP_SUFFIX)]
    assert "Traceback" not in err


def test_clean_on_the_bad_folder_cleans_the_good_files_and_reports_each_bad_one(bad_folder, tmp_path):
    src, expected = bad_folder
    out = tmp_path / "out"
    run = newsclean("clean", src, "-o", out, "--no-progress")
    assert run.returncode == 1, run.stderr
    check_report_and_outputs(src, out, expected, run.stderr)
    bad = sum(kind == "error" for kind, _ in expected.values())
    assert f"cleaned {len(expected) - bad} of {len(expected)} files into {out}; {bad} failed" in run.stderr


def test_the_50_mb_article_is_cleaned_when_the_size_limit_is_lifted(bad_folder, tmp_path):
    # linear in the input's length: the edit log once copied the rest of the text at every
    # edit, and this file took an hour (benchmarks/bench_large.py measures the throughput)
    src, _ = bad_folder
    out = tmp_path / "huge.txt"
    run = newsclean("clean", src / "huge.txt", "-o", out, "--max-size", "0")
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    # the file repeats one article, which the cleaner keeps once: the output is that article
    cleaned = out.read_text(encoding="utf-8")
    assert cleaned.endswith("\n") and 0 < len(cleaned) < (src / "huge.txt").stat().st_size
    assert "[ad_1]" not in cleaned and cleaned.split("\n\n")[0] in (src / "huge.txt").read_text(encoding="utf-8")


def test_run_on_the_bad_folder_groups_only_the_good_files(bad_folder, tmp_path):
    src, expected = bad_folder
    out = tmp_path / "out"
    run = newsclean("run", src, "-o", out, "--no-progress")
    assert run.returncode == 1, run.stderr
    check_report_and_outputs(src, out, expected, run.stderr)
    found = json.loads((out / "duplicates.json").read_text(encoding="utf-8"))
    good = {i for i, (kind, _) in expected.items() if kind == OK}
    assert found["stats"]["documents"] == len(good)
    members = {m for g in found["groups"] for m in g["members"]}
    assert {"good.txt", "alias.txt"} <= members <= good  # the link is an exact copy of its target


def test_dedup_on_the_bad_folder_groups_the_good_files_and_reports_the_bad(bad_folder, tmp_path):
    src, expected = bad_folder
    run = newsclean("dedup", src, "--json", "-o", tmp_path / "groups.json")
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    good = {i for i, (kind, _) in expected.items() if kind == OK}
    found = json.loads((tmp_path / "groups.json").read_text(encoding="utf-8"))
    assert found["stats"]["documents"] == len(good)
    assert {m for g in found["groups"] for m in g["members"]} <= good
    for rel, (kind, detail) in expected.items():
        if kind == "error":
            assert f"newsclean: {src / rel}" in run.stderr and detail in run.stderr
    assert f"{len(expected) - len(good)} files failed" in run.stderr
    assert any({"good.txt", "alias.txt"} <= set(g["members"]) for g in found["groups"])  # a link copies its target
    listing = newsclean("dedup", src)  # the listing on stdout
    assert listing.returncode == 1 and "Traceback" not in listing.stderr
    assert "(representative)" in listing.stdout and "alias.txt" in listing.stdout and "good.txt" in listing.stdout


def test_the_api_reads_the_good_files_and_names_what_is_wrong_with_the_bad(bad_folder):
    src, expected = bad_folder
    listed = find_text_files(src)
    assert inspect.isgenerator(listed)  # streamed, not a list
    ids = [rel for rel, _ in listed]
    assert sorted(ids) == sorted(expected)  # bad files are listed too: reading them fails
    assert ids.index("with space.txt") < ids.index("folder.txt/inner.txt") < ids.index("новости/статья 1.txt")
    for rel, (kind, detail) in expected.items():
        if kind == OK:
            doc, decoded = read_document(src / rel, rel, max_bytes=10 * MB)
            assert doc.id == rel and "\x00" not in doc.text
            assert (detail is None) == (not decoded.problems) and all(detail in p for p in decoded.problems)
        else:
            with pytest.raises(InputError) as info:
                read_document(src / rel, max_bytes=10 * MB)
            assert detail in str(info.value) and info.value.path == str(src / rel)
    started = time.monotonic()
    with pytest.raises(InputError, match="too large: 52,4"):  # refused from its size, never read
        read_document(src / "huge.txt", max_bytes=10 * MB)
    assert time.monotonic() - started < 0.5


def test_a_file_that_cannot_be_opened_is_reported_and_the_run_goes_on(tmp_path, monkeypatch, capsys):
    """The permission case whoever runs the tests (root reads a chmod 000 file)."""
    src = tmp_path / "in"
    write(src / "a.txt", STORY)
    write(src / "secret.txt", STORY)
    real_open = os.open

    def deny(path, *args, **kwargs):
        if os.fspath(path).endswith("secret.txt"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    out = tmp_path / "out"
    assert cli.main(["clean", str(src), "-o", str(out), "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert f"newsclean: {src / 'secret.txt'}: cannot read: Permission denied" in err
    by_id = {r["id"]: r for r in read_report(out)}
    assert "Permission denied" in by_id["secret.txt"]["error"] and by_id["a.txt"]["changes"] == []
    assert (out / "a.txt").read_text(encoding="utf-8") == STORY and not (out / "secret.txt").exists()


def test_a_chmod_000_file_is_reported(tmp_path, capsys):
    if not ROOT_USER:
        src = tmp_path / "in"
        write(src / "a.txt", STORY)
        write(src / "locked.txt", STORY).chmod(0)
        try:
            assert cli.main(["clean", str(src), "-o", str(tmp_path / "out"), "--no-progress"]) == 1
            assert "locked.txt: cannot read: Permission denied" in capsys.readouterr().err
        finally:
            (src / "locked.txt").chmod(0o644)
        return
    # root reads any file: the run goes on in a forked child that has become the unprivileged
    # user nobody, in a folder outside tmp_path (which only root may enter)
    base = Path(tempfile.mkdtemp(prefix="newsclean-perm-"))
    try:
        base.chmod(0o755)
        src, out, err = base / "in", base / "out", base / "stderr.txt"
        write(src / "a.txt", STORY)
        write(src / "locked.txt", STORY).chmod(0)
        write(base / "warm-in" / "b.txt", STORY)
        src.chmod(0o755)
        out.mkdir(mode=0o777)
        out.chmod(0o777)
        pid = os.fork()
        if pid == 0:  # the child: never returns into pytest
            code = 99
            try:
                sys.stderr = open(err, "w", encoding="utf-8")  # noqa: SIM115 - closed by _exit
                # the same run on a readable folder first, while still root: the modules it
                # imports lazily lie where nobody may not read (the interpreter under /root)
                assert cli.main(["clean", str(base / "warm-in"), "-o", str(base / "warm-out"), "--no-progress"]) == 0
                os.setgroups([])
                os.setgid(65534)
                os.setuid(65534)
                code = cli.main(["clean", str(src), "-o", str(out), "--no-progress"])
            except BaseException:  # noqa: BLE001 - shown by the parent's assertion
                traceback.print_exc()
            finally:
                sys.stderr.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        message = err.read_text(encoding="utf-8") if err.exists() else ""
        assert os.waitstatus_to_exitcode(status) == 1, message
        assert f"{src / 'locked.txt'}: cannot read: Permission denied" in message
        assert (out / "a.txt").read_text(encoding="utf-8") == STORY and not (out / "locked.txt").exists()
        assert "Permission denied" in {r["id"]: r for r in read_report(out)}["locked.txt"]["error"]
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_a_folder_that_cannot_be_listed_is_reported_in_its_place(tmp_path, monkeypatch, capsys):
    src = tmp_path / "in"
    for rel in ["a.txt", "b/one.txt", "c/locked/two.txt", "d.txt"]:
        write(src / rel, STORY)
    real_scandir = os.scandir

    def deny(path=".", *args):
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path, *args)

    monkeypatch.setattr(os, "scandir", deny)
    errors: list[InputError] = []
    assert [rel for rel, _ in find_text_files(src, onerror=errors.append)] == ["a.txt", "d.txt", "b/one.txt"]
    assert [e.path for e in errors] == [str(src / "c" / "locked")] and "cannot list the folder" in str(errors[0])
    out = tmp_path / "out"
    assert cli.main(["clean", str(src), "-o", str(out), "--no-progress"]) == 1
    assert f"{src / 'c' / 'locked'}: cannot list the folder: Permission denied" in capsys.readouterr().err
    report = read_report(out)
    assert [r["id"] for r in report] == ["a.txt", "d.txt", "b/one.txt", "c/locked/"]
    assert "cannot list the folder" in report[-1]["error"]


# --- rule packs and alias tables ----------------------------------------------------------------------

CATASTROPHIC_PACK = """
[pack]
name = "slow"
timeout = 0.05

[[rules]]
name = "promo.slow_line"
step = "boilerplate"
scope = "line"
patterns = ['(?=(a|a)+$)a+b']
"""


def test_a_pathological_user_rule_stops_at_its_time_limit_naming_the_pack_and_the_rule(tmp_path):
    pack = write(tmp_path / "my site rules.toml", CATASTROPHIC_PACK)
    src = tmp_path / "in"
    write(src / "a.txt", STORY)
    write(src / "slow.txt", f"{STORY}\n{'a' * 40}b\n")
    write(src / "z.txt", STORY)
    out = tmp_path / "out"
    started = time.monotonic()
    run = newsclean("clean", src, "-o", out, "--rules", pack, "--no-progress", timeout=60)
    assert time.monotonic() - started < 30
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    line = next(line for line in run.stderr.splitlines() if "slow.txt" in line)
    assert str(src / "slow.txt") in line and str(pack) in line and "'promo.slow_line'" in line and "time limit" in line
    by_id = {r["id"]: r for r in read_report(out)}
    assert by_id["slow.txt"]["error"].startswith("RuleTimeoutError: rule 'promo.slow_line' (from ")
    assert str(pack) in by_id["slow.txt"]["error"]
    assert (out / "a.txt").read_text(encoding="utf-8") == STORY == (out / "z.txt").read_text(encoding="utf-8")
    assert not (out / "slow.txt").exists()
    assert "cleaned 2 of 3 files" in run.stderr and "1 failed" in run.stderr


UNPICKLING = [
    r"\b(c?pickle|dill|joblib|marshal|shelve|cloudpickle)\.(load|loads|Unpickler|open)\b",
    r"^\s*(import|from)\s+(c?pickle|dill|joblib|marshal|shelve|cloudpickle|yaml)\b",
    r"\ballow_pickle\s*=\s*True\b",
    r"\b(np|numpy)\.load\(",  # npz/npy loading: newsclean reads .npy members with numpy.lib.format
    r"\btorch\.load\(",
    r"\byaml\.(load|unsafe_load)\(",
]


def test_nothing_loaded_from_disk_is_unpickled():
    """Rule packs, alias tables, glossaries (TOML/JSON/CSV), language profiles (JSON) and
    saved dedup indexes (JSON and .npy read with allow_pickle=False) are data, never code."""
    sources = sorted(SRC.rglob("*.py"))
    assert len(sources) > 20
    offending = [f"{p.relative_to(SRC)}:{n}: {line.strip()}" for p in sources
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
                 if not line.lstrip().startswith("#") and any(re.search(rx, line) for rx in UNPICKLING)]
    assert offending == []
    reads = [line for p in sources for line in p.read_text(encoding="utf-8").splitlines() if "read_array(" in line]
    assert reads and all("allow_pickle=False" in line for line in reads)


# --- interruption and --resume ----------------------------------------------------------------------


def visible_outputs_are_complete(out: Path, reference: dict[str, bytes]) -> None:
    """After a kill: every output there is is complete (as the uninterrupted run wrote it);
    the rest are the journal and hidden temporary files."""
    for path in out.rglob("*"):
        if path.is_dir():
            continue
        rel = path.relative_to(out).as_posix()
        if path.name == JOURNAL_NAME and path.parent == out:
            continue
        if path.name.endswith(TEMP_SUFFIX):  # hidden, and named like no output
            assert path.name.startswith(".") and not path.name.endswith((".txt", ".jsonl", ".json")), rel
            continue
        assert rel in reference and path.read_bytes() == reference[rel], f"{rel} is not complete"


def test_a_killed_run_leaves_complete_outputs_and_resume_gives_the_uninterrupted_result(tmp_path):
    src = news_folder(tmp_path / "in", 300, seed=11)
    ref_out = tmp_path / "ref"
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "newsclean", "run", str(src), "-o", str(ref_out), "--no-progress"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    while not (ref_out / JOURNAL_NAME).exists() and proc.poll() is None:
        time.sleep(0.005)
    working = time.monotonic()
    _, err = proc.communicate(timeout=120)
    ended = time.monotonic()
    assert proc.returncode == 0 and "cleaned 300 of 300 files" in err and "Traceback" not in err, err
    reference = snapshot(ref_out)
    assert len(reference) == 303  # 300 texts, report.jsonl, duplicates.json, report.html
    assert json.loads(reference["duplicates.json"])["groups"] and b"input_problems" in reference["report.jsonl"]
    startup, work = working - started, ended - working

    rng = random.Random(6)
    out = tmp_path / "out"
    interrupted = 0
    # a random moment in each window of the work: early in the first run, then in the
    # resumed runs (which have less to do: they check what is done and go on)
    for attempt, (low, high) in enumerate([(0.1, 0.5), (0.0, 0.3), (0.1, 0.6), (0.0, 0.9)]):
        resume = ["--resume"] if attempt else []
        proc = subprocess.Popen([sys.executable, "-m", "newsclean", "run", str(src), "-o", str(out), "--no-progress",
                                 *resume], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        time.sleep(startup + rng.uniform(low, high) * work)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        _, err = proc.communicate(timeout=120)
        assert "Traceback" not in err, err
        interrupted += proc.returncode == -signal.SIGKILL
        visible_outputs_are_complete(out, reference)
    assert interrupted >= 2, "the kills should land while the run is working"
    unfinished = (out / JOURNAL_NAME).exists()
    if unfinished:  # a journal torn mid-append
        with open(out / JOURNAL_NAME, "ab") as fh:
            fh.write(b'{"id": "section-0/story 0000.txt", "rep')
    write(out / "section-1" / f".story 0001.txt.abcd_123{TEMP_SUFFIX}", "half a sto")  # a kill mid-write
    finish = newsclean("run", src, "-o", out, "--no-progress", "--resume")
    assert finish.returncode == 0 and "Traceback" not in finish.stderr, finish.stderr
    assert ("resuming the interrupted run" in finish.stderr) == unfinished
    assert snapshot(out) == reference  # byte for byte, report.jsonl, duplicates.json and report.html too; nothing else


def interrupt_after(monkeypatch, documents: int) -> list[int]:
    """Make the cleaning loop raise KeyboardInterrupt (Ctrl-C) once ``documents`` are done;
    returns the list whose length counts the documents cleaned."""
    done: list[int] = []
    real = report_module.report_line

    def counting(*args, **kwargs):
        if len(done) == documents:
            raise KeyboardInterrupt
        done.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(cli, "report_line", counting)
    return done


@pytest.fixture
def small_news(tmp_path) -> Path:
    return news_folder(tmp_path / "in", 24, seed=3)


def reference_run(src: Path, out: Path, *options: str) -> dict[str, bytes]:
    assert cli.main(["run", str(src), "-o", str(out), "--no-progress", *options]) == 0
    return snapshot(out)


def test_resume_skips_what_the_interrupted_run_finished_and_tolerates_a_torn_line(small_news, tmp_path, monkeypatch,
                                                                                  capsys):
    reference = reference_run(small_news, tmp_path / "ref")
    out = tmp_path / "out"
    interrupt_after(monkeypatch, 10)
    assert cli.main(["run", str(small_news), "-o", str(out), "--no-progress"]) == 130
    err = capsys.readouterr().err
    assert "interrupted; run the same command with --resume to finish" in err
    journal = out / JOURNAL_NAME
    assert len(journal.read_bytes().splitlines()) == 11  # the header and ten documents
    assert not (out / "report.jsonl").exists() and not (out / "duplicates.json").exists()
    with open(journal, "ab") as fh:
        fh.write(b'{"id": "section-3/story 0011.txt", "report": "{\\"id\\"')  # torn by a kill
    cleaned = interrupt_after(monkeypatch, 10**6)
    assert cli.main(["run", str(small_news), "-o", str(out), "--no-progress", "--resume"]) == 0
    assert "resuming the interrupted run (10 documents in its journal)" in capsys.readouterr().err
    assert len(cleaned) == 24 - 10
    assert snapshot(out) == reference


def test_resume_cleans_again_what_changed_since_the_interruption(small_news, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    interrupt_after(monkeypatch, 12)
    assert cli.main(["clean", str(small_news), "-o", str(out), "--no-progress", "--no-corpus-lines"]) == 130
    done = [json.loads(line)["id"] for line in (out / JOURNAL_NAME).read_text().splitlines()[1:]]
    write(small_news / done[0], f"{STORY}\nLeave a Comment\n")  # an input edited since
    (out / done[1]).unlink()  # an output lost
    write(out / done[2], "tampered\n")  # an output changed
    cleaned = interrupt_after(monkeypatch, 10**6)
    assert cli.main(["clean", str(small_news), "-o", str(out), "--no-progress", "--no-corpus-lines", "--resume"]) == 0
    assert len(cleaned) == 24 - 12 + 3
    capsys.readouterr()
    assert snapshot(out) == reference_run_clean(small_news, tmp_path / "ref", "--no-corpus-lines")
    assert (out / done[0]).read_text(encoding="utf-8") == STORY


def reference_run_clean(src: Path, out: Path, *options: str) -> dict[str, bytes]:
    assert cli.main(["clean", str(src), "-o", str(out), "--no-progress", *options]) == 0
    return snapshot(out)


def test_resume_starts_over_when_the_lines_repeated_across_the_folder_changed(small_news, tmp_path, monkeypatch,
                                                                               capsys):
    out = tmp_path / "out"
    interrupt_after(monkeypatch, 5)
    assert cli.main(["clean", str(small_news), "-o", str(out), "--no-progress"]) == 130
    for path in small_news.rglob("*.txt"):  # the site's footer goes from every file
        data = path.read_bytes()
        for line in CHROME_BOTTOM:
            data = data.replace(f"\n{line}\n".encode(), b"\n")
        path.write_bytes(data)
    cleaned = interrupt_after(monkeypatch, 10**6)
    assert cli.main(["clean", str(small_news), "-o", str(out), "--no-progress", "--resume"]) == 0
    assert "the input folder changed since the interrupted run" in capsys.readouterr().err
    assert len(cleaned) == 24
    assert snapshot(out) == reference_run_clean(small_news, tmp_path / "ref")


def test_a_journal_from_other_options_is_refused_and_kept(small_news, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    interrupt_after(monkeypatch, 5)
    assert cli.main(["run", str(small_news), "-o", str(out), "--no-progress"]) == 130
    capsys.readouterr()
    journal = (out / JOURNAL_NAME).read_bytes()
    assert cli.main(["run", str(small_news), "-o", str(out), "--no-progress", "--resume",
                     "--disable", "byline", "--max-size", "1M"]) == 2
    err = capsys.readouterr().err
    assert str(out / JOURNAL_NAME) in err and "other options (--disable, --max-size)" in err
    assert "without --resume to start over" in err and "Traceback" not in err
    assert (out / JOURNAL_NAME).read_bytes() == journal and not (out / "report.jsonl").exists()


def test_without_resume_a_journal_is_replaced_with_a_note(small_news, tmp_path, monkeypatch, capsys):
    reference = reference_run(small_news, tmp_path / "ref")
    out = tmp_path / "out"
    interrupt_after(monkeypatch, 7)
    assert cli.main(["run", str(small_news), "-o", str(out), "--no-progress"]) == 130
    cleaned = interrupt_after(monkeypatch, 10**6)
    assert cli.main(["run", str(small_news), "-o", str(out), "--no-progress"]) == 0
    assert "was left by an interrupted run; starting over" in capsys.readouterr().err
    assert len(cleaned) == 24 and snapshot(out) == reference
    assert cli.main(["run", str(small_news), "-o", str(out), "--no-progress", "--resume"]) == 0
    assert "nothing to resume" in capsys.readouterr().err  # a finished run leaves no journal
    assert snapshot(out) == reference


def test_a_second_run_into_the_same_folder_is_refused_while_the_first_works(small_news, tmp_path, capsys):
    out = tmp_path / "out"
    with Journal(out):  # as a run in progress holds it
        assert cli.main(["clean", str(small_news), "-o", str(out), "--no-progress"]) == 2
        assert "another newsclean run is writing into this folder" in capsys.readouterr().err
    assert cli.main(["clean", str(small_news), "-o", str(out), "--no-progress"]) == 0


def test_temporary_files_a_kill_left_are_removed_and_only_those(small_news, tmp_path, capsys):
    out = tmp_path / "out"
    ours = [write(out / f".a.txt.x1y2z3_4{TEMP_SUFFIX}", "half"),
            write(out / "deep" / f".report.jsonl.abcdefgh{TEMP_SUFFIX}", "")]
    theirs = [write(out / ".notes.tmp", "mine"), write(out / f"keep{TEMP_SUFFIX}", "mine")]
    assert cli.main(["clean", str(small_news), "-o", str(out), "--no-progress"]) == 0
    assert not any(p.exists() for p in ours) and all(p.exists() for p in theirs)


def test_resume_is_for_folder_runs_in_process(tmp_path, capsys):
    path = write(tmp_path / "a.txt", STORY)
    assert cli.main(["clean", str(path), "--resume"]) == 2
    assert "--resume is for a folder run" in capsys.readouterr().err
    assert cli.main(["run", str(tmp_path), "-o", str(tmp_path.parent / "o"), "--workers", "1", "--resume"]) == 2
    assert "--resume is not available with --dask or --workers" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        cli.main(["clean", str(tmp_path), "-o", str(tmp_path.parent / "o"), "--max-size", "lots"])
    assert info.value.code == 2


def test_an_output_folder_that_cannot_be_created_is_a_setup_error(tmp_path, capsys):
    src = tmp_path / "in"
    write(src / "a.txt", STORY)
    blocker = write(tmp_path / "file", "not a folder")
    assert cli.main(["clean", str(src), "-o", str(blocker / "out"), "--no-progress"]) == 2
    assert "cannot write into the output folder" in capsys.readouterr().err


# --- bounded memory ---------------------------------------------------------------------------------


def test_find_text_files_is_a_generator():
    assert inspect.isgeneratorfunction(find_text_files)


def test_the_lean_corpus_pass_finds_exactly_the_lines_the_build_finds(tmp_path):
    src = news_folder(tmp_path / "in", 180, seed=5)
    write(src / "zz" / "binary.txt", bytes(range(32)) * 40)  # left out by both
    files = [path for _, path in find_text_files(src)]
    texts = []
    for path in files:
        try:
            texts.append(read_document(path)[0].text)
        except InputError:
            pass
    expected = RepeatedLines.build(texts)
    assert len(expected) >= 3  # the site's header and footers
    assert cli.repeated_lines(files).keys == expected.keys
    assert cli.repeated_lines(files[:5]).keys == RepeatedLines.build(texts[:5]).keys == frozenset()  # too few


def peak_memory_of_a_folder_run(src: Path, out: Path) -> int:
    tracemalloc.start()
    try:
        assert cli.main(["clean", str(src), "-o", str(out), "--no-progress"]) == 0
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_folder_run_streams_its_files(tmp_path, monkeypatch, capsys):
    """Ten times the files (and the text) must not take ten times the memory: the texts
    are read one at a time, in the corpus pass and in the cleaning loop, and the report
    lines go through the journal on disk. The cleaner is cut to one step, and language
    detection and fsync are stubbed: their cost is not what is measured."""
    monkeypatch.setattr(cli, "Cleaner", lambda **kwargs: Cleaner(steps=[WhitespaceStep()]))
    monkeypatch.setattr(report_module, "detect_language", lambda text: None)
    monkeypatch.setattr(os, "fsync", lambda fd: None)
    monkeypatch.setattr(os, "fdatasync", lambda fd: None, raising=False)
    rng = random.Random(1)

    def folder(name: str, count: int) -> int:
        size = 0
        for i in range(count):
            text = (f"{CHROME_TOP}\n\n" if i % 2 else "") + "\n\n".join(
                " ".join(sentence(rng) for _ in range(8)) for _ in range(5)) + "\n"
            write(tmp_path / name / f"{i % 10}" / f"{i:05d}.txt", text)
            size += len(text)
        return size

    folder("warm", 20)
    peak_memory_of_a_folder_run(tmp_path / "warm", tmp_path / "warm-out")  # one-time loads and caches
    small_text, large_text = folder("small", 200), folder("large", 2000)
    small = peak_memory_of_a_folder_run(tmp_path / "small", tmp_path / "small-out")
    large = peak_memory_of_a_folder_run(tmp_path / "large", tmp_path / "large-out")
    capsys.readouterr()
    assert len(read_report(tmp_path / "large-out")) == 2000
    growth, text_growth = large - small, large_text - small_text
    print(f"peak {small:,} -> {large:,} bytes for {small_text:,} -> {large_text:,} bytes of text")
    # what grows is the list of paths, the journal's index and the corpus pass's 9 bytes
    # per line; holding the texts would add text_growth (the old corpus pass ~5 times that)
    assert growth < 0.35 * text_growth, f"peak grew by {growth:,} bytes for {text_growth:,} more bytes of text"


# --- smaller pieces -----------------------------------------------------------------------------------


def test_utf16_without_a_byte_order_mark_is_binary_with_a_hint(tmp_path):
    path = write(tmp_path / "u.txt", ("The council met on Tuesday.\n" * 20).encode("utf-16-le"))
    with pytest.raises(InputError, match=r"binary file .*it may be UTF-16 without a byte-order mark"):
        read_document(path)


def test_a_journal_keeps_the_last_line_of_each_id_and_skips_what_it_cannot_read(tmp_path):
    with Journal(tmp_path) as journal:
        assert journal.load() is None and journal.is_empty
        journal.begin({"a": 1})
        journal.record("x.txt", '{"id": "x.txt", "error": "E"}\n')
        journal.record("x.txt", '{"id": "x.txt"}\n', input_digest="i", output_digest="o")
        journal.record("y.txt", '{"id": "y.txt"}\n', input_digest="i", output_digest="o")
    with open(tmp_path / JOURNAL_NAME, "ab") as fh:
        fh.write(b"not json\n" + b'{"id": "z.txt", "report": "{}\\n", "input": "i", "output": "o"}\n' + b'{"id": "w.t')
    with Journal(tmp_path) as journal:
        assert journal.load() == {"a": 1} and len(journal) == 3
        assert journal.entry("x.txt") == {"id": "x.txt", "report": '{"id": "x.txt"}\n', "input": "i", "output": "o"}
        assert journal.entry("w.txt") is None
        journal.record("w.txt", "{}\n", input_digest="i", output_digest="o")  # after the torn line, cut off
        journal.write_report(tmp_path / "report.jsonl", ["y.txt", "w.txt", "x.txt", "missing.txt"])
        journal.finish()
    assert (tmp_path / "report.jsonl").read_text() == '{"id": "y.txt"}\n{}\n{"id": "x.txt"}\n'
    assert not (tmp_path / JOURNAL_NAME).exists()
    (tmp_path / JOURNAL_NAME).write_text('{"newsclean_journal": 99, "options": {}}\n{"id": "a"}\n')
    with Journal(tmp_path) as journal:
        assert journal.load() is None and len(journal) == 0  # another version's journal is not used

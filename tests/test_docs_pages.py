"""The code examples in the documentation run as tests: every Markdown page in docs/ and the
README, one test per page.

- ```python blocks run in order, in one namespace per page (``__name__ == "__main__"``, so an
  example guarded by ``if __name__ == "__main__":`` runs too);
- ```pycon blocks (``>>>`` sessions) run through :mod:`doctest` in the same namespace, their
  output compared with NORMALIZE_WHITESPACE and ELLIPSIS;
- other blocks (sh, toml, json, bare) are not run.

Each page runs in a fresh folder holding ``examples`` (a link to the repository's examples/),
``out/`` (a copy of the README's job, ``newsclean run examples/seeds -o out --aliases
examples/aliases/belarus-2020.toml``, run once per session), and every file the page declares
with ``<!-- file: NAME -->`` on the line just before a fenced block: the block's content is
written to ``NAME`` before any of the page's code runs. ``<!-- no-run: REASON -->`` on the line
before a block keeps it from running; the reason must be given (only for blocks that need
something this machine cannot have: a Kubernetes or Slurm cluster, a scheduler address).
"""

from __future__ import annotations

import doctest
import re
import shutil
import subprocess
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Pages whose examples need an optional extra: skipped (not failed) without it.
PAGE_NEEDS = {"distributed.md": ("dask", "distributed", "pyarrow"), "ecosystem.md": ("pandas", "datasets")}

RUN_LANGUAGES = {"python", "pycon"}
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*)$")
FILE_MARK = re.compile(r"^\s*<!--\s*file:\s*(?P<name>.*?)\s*-->\s*$")
NO_RUN_MARK = re.compile(r"^\s*<!--\s*no-run\b:?(?P<reason>.*?)-->\s*$")
DOCTEST_FLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS


@dataclass(frozen=True)
class Block:
    number: int  # 1-based, among the page's fenced blocks
    line: int  # 1-based line of the opening fence
    language: str
    text: str
    file: str | None  # <!-- file: NAME -->
    no_run: str | None  # <!-- no-run: REASON --> (the reason, maybe empty)


def page_path(name: str) -> Path:
    return ROOT / name if name == "README.md" else ROOT / "docs" / name


def fenced_blocks(text: str) -> list[Block]:
    """The page's fenced code blocks, with the marks on the line before each."""
    lines = text.split("\n")
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        indent, fence = opening["indent"], opening["fence"]
        language = (opening["info"].split() or [""])[0].lstrip(".").lower()
        body: list[str] = []
        j = i + 1
        while j < len(lines):
            closing = FENCE.match(lines[j])
            if closing and closing["fence"][0] == fence[0] and len(closing["fence"]) >= len(fence) \
                    and not closing["info"].strip():
                break
            body.append(lines[j][len(indent):] if lines[j].startswith(indent) else lines[j].lstrip())
            j += 1
        before = lines[i - 1] if i > 0 else ""
        file_mark, no_run_mark = FILE_MARK.match(before), NO_RUN_MARK.match(before)
        blocks.append(Block(
            number=len(blocks) + 1, line=i + 1, language=language, text="\n".join(body) + "\n",
            file=file_mark["name"] if file_mark else None,
            no_run=no_run_mark["reason"].strip() if no_run_mark else None,
        ))
        i = j + 1
    return blocks


def pages_with_examples() -> list[str]:
    names = ["README.md", *sorted(p.name for p in (ROOT / "docs").glob("*.md"))]
    return [name for name in names
            if any(b.language in RUN_LANGUAGES for b in fenced_blocks(page_path(name).read_text(encoding="utf-8")))]


@pytest.fixture(scope="session")
def readme_job(tmp_path_factory) -> Path:
    """The README's main job on the seeds, run once: its output folder."""
    folder = tmp_path_factory.mktemp("readme-job")
    (folder / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
    command = [sys.executable, "-m", "newsclean", "run", "examples/seeds", "-o", "out",
               "--aliases", "examples/aliases/belarus-2020.toml"]
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, f"{' '.join(command[2:])} exited {done.returncode}:\n{done.stderr}"
    assert (folder / "out" / "report.jsonl").is_file() and (folder / "out" / "duplicates.json").is_file()
    return folder / "out"


def where(page: str, block: Block, line: int | None = None) -> str:
    return f"{page}, block {block.number} ({block.language}, line {line or block.line})"


def run_python(page: str, path: Path, block: Block, namespace: dict) -> None:
    # Line numbers in tracebacks are the page's own: the code starts on the line after the fence.
    source = "\n" * block.line + block.text
    failure = None
    try:
        exec(compile(source, str(path), "exec"), namespace)  # noqa: S102 - our own documentation
    except SyntaxError as exc:
        failure = f"{where(page, block, exc.lineno)}: SyntaxError: {exc.msg}"
    except Exception as exc:  # noqa: BLE001 - any error of the page's code is a failure naming the block
        lines = [f.lineno for f in traceback.extract_tb(exc.__traceback__) if f.filename == str(path)]
        failure = (f"{where(page, block, lines[-1] if lines else None)}: {exc.__class__.__name__}: {exc}\n\n"
                   + traceback.format_exc())
    if failure:
        pytest.fail(failure, pytrace=False)


def run_pycon(page: str, path: Path, block: Block, namespace: dict) -> None:
    test = doctest.DocTestParser().get_doctest(block.text, namespace, f"{page} block {block.number}",
                                               str(path), block.line)
    assert test.examples, f"{where(page, block)}: a pycon block without a single >>> line"
    test.globs = namespace  # not a copy: the session shares the page's names, both ways
    report: list[str] = []
    result = doctest.DocTestRunner(optionflags=DOCTEST_FLAGS).run(test, out=report.append, clear_globs=False)
    if result.failed:
        pytest.fail(f"{where(page, block)}: {result.failed} of {result.attempted} examples failed\n"
                    + "".join(report), pytrace=False)


@pytest.mark.parametrize("page", pages_with_examples())
def test_page_examples_run(page, readme_job, tmp_path, monkeypatch):
    for module in PAGE_NEEDS.get(page, ()):
        pytest.importorskip(module)
    path = page_path(page)
    blocks = fenced_blocks(path.read_text(encoding="utf-8"))
    (tmp_path / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
    shutil.copytree(readme_job, tmp_path / "out")
    for block in blocks:
        if block.no_run is not None:
            assert block.no_run, f"{where(page, block)}: <!-- no-run: REASON --> needs a reason"
        if block.file:
            target = tmp_path / block.file
            assert target.resolve().is_relative_to(tmp_path.resolve()), f"{where(page, block)}: {block.file}"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(block.text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {"__name__": "__main__"}
    ran = 0
    for block in blocks:
        if block.no_run is not None or block.language not in RUN_LANGUAGES:
            continue
        (run_python if block.language == "python" else run_pycon)(page, path, block, namespace)
        ran += 1
    assert ran, f"{page}: every python or pycon block is marked no-run"

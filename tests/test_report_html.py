"""``OUT/report.html`` (newsclean.report_html): the data it embeds, escaping, determinism, size
at 10,000 documents, and in headless Chromium: it renders without console errors, fetches
nothing, pages its documents and shows changes, meta, flags and group diffs.

Browser tests need Chromium (Debian: ``apt-get install chromium``) and, for the interactive
ones, the ``playwright`` package (``pip install playwright``; it drives the system Chromium,
``playwright install`` is never needed). Without them the tests skip, unless
``NEWSCLEAN_REQUIRE_BROWSER=1``, which makes a missing browser a failure. Screenshots go to
``$NEWSCLEAN_TEST_ARTIFACTS`` (default: the test's tmp_path); their paths are printed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsclean
from newsclean.report import error_line, report_line
from newsclean.report_html import (
    DOC_PAGE,
    _replay,
    _segments,
    _shown_clean,
    main,
    read_report,
    rebuild_input,
    script_json,
    word_diff,
    write_html_report,
)

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "seeds"
DEMO_OPTIONS = ["--aliases", str(ROOT / "examples/aliases/belarus-2020.toml"),
                "--glossary", str(ROOT / "examples/translation/lithuanian-glossary.toml"),
                "--phrases", str(ROOT / "examples/translation/baltic-russian-phrases.toml")]
HOSTILE = ('</script><script>alert(1)</script> <!-- <script> & "quotes" \'single\' <img src=x onerror=alert(2)> '
           "\u2028 \u2029 emoji \U0001F389 &amp; ]]> </SCRIPT >")


def run_newsclean(source: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newsclean", "run", str(source), "-o", str(out), "--no-progress", *extra],
                          capture_output=True, text=True, timeout=600)


def page_data(page: str) -> dict[str, Any]:
    """The JSON block of a report page, parsed as the browser parses it."""
    m = re.search(r'<script type="application/json" id="newsclean-data">(.*?)</script>', page, re.S)
    assert m is not None
    return json.loads(m.group(1))


def outside_data(page: str) -> str:
    return re.sub(r'<script type="application/json" id="newsclean-data">.*?</script>', "", page, flags=re.S)


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


def clean_into(out: Path, docs: dict[str, str], *, errors: dict[str, str] | None = None) -> list[newsclean.Cleaned]:
    """Clean ``docs`` (id -> input) into ``out`` as ``newsclean clean`` does, with report.jsonl."""
    cleaner = newsclean.Cleaner()
    results, lines = [], []
    for doc_id, text in docs.items():
        if errors and doc_id in errors:
            lines.append(error_line(doc_id, RuntimeError(errors[doc_id])))
            continue
        result = cleaner.clean(newsclean.Document(doc_id, text))
        write(out / doc_id, result.text)
        lines.append(report_line(result))
        results.append(result)
    write(out / "report.jsonl", "".join(lines))
    return results


STORY = ("By Jane Doe\n\n[ad_1]\nThe council approved the new bus routes on Tuesday after a long debate about "
         "the cost of the service and the needs of the outer districts.\n\nLeave a Comment\nSource link\n")


# --------------------------------------------------------------------------------------------
# the data: pieces, rebuilt inputs, diffs


@st.composite
def texts_and_changes(draw: Any) -> tuple[str, list[dict[str, Any]], list[tuple[int, int, int]]]:
    text = draw(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    changes = []
    for a, b in zip(cuts[::2], cuts[1::2]):
        if changes and a < changes[-1]["end"]:
            continue
        after = draw(st.text(max_size=4, alphabet="xyz\n "))
        changes.append({"rule": "r", "start": a, "end": b, "before": text[a:b], "after": after})
    flags = [(s, e, i) for i, (s, e) in enumerate(draw(st.lists(
        st.tuples(st.integers(0, len(text)), st.integers(0, len(text))).map(sorted), max_size=3)))]
    return text, changes, flags


@given(texts_and_changes())
def test_pieces_rebuild_both_texts(case: tuple[str, list[dict[str, Any]], list[tuple[int, int, int]]]) -> None:
    text, changes, flags = case
    segs = _segments(text, [(c["start"], c["end"]) for c in changes], flags)
    assert "".join(s if isinstance(s, str) else s[0] for s in segs) == text
    cleaned = _replay(text, changes)
    assert _shown_clean(segs, [c["after"] for c in changes]) == cleaned
    assert rebuild_input(cleaned, changes) == text
    for s in segs:  # every flag index on a piece covers it
        if isinstance(s, list) and len(s) > 2:
            assert all(0 <= f < len(flags) for f in s[2])


def test_word_diff_marks_the_changed_words_in_utf16_offsets() -> None:
    a = "Officials said the bridge would reopen on Monday \U0001F389 after repairs."
    b = "Officials said the old bridge \U0001F389 would reopen on Friday after repairs."
    diff = word_diff(a, b)

    def js_slice(text: str, s: int, e: int) -> str:  # JavaScript's String.slice: UTF-16 units
        return text.encode("utf-16-le")[2 * s : 2 * e].decode("utf-16-le")

    assert [js_slice(b, d[2], d[3]) for d in diff if d[3] > d[2]] == ["old", "\U0001F389", "Friday"]
    assert [js_slice(a, d[0], d[1]) for d in diff if d[1] > d[0]] == ["Monday \U0001F389"]
    assert word_diff(a, a) == []


def test_seeds_run_report(seeds_run: Path) -> None:
    """The seeds' real run: every document inline, its rebuilt cleaned text equal to the file,
    the flags and languages there, no groups."""
    page = (seeds_run / "report.html").read_text(encoding="utf-8")
    data = page_data(page)
    records, problems = read_report(seeds_run)
    assert not problems and [d["id"] for d in data["docs"]] == [r["id"] for r in records]
    for doc, record in zip(data["docs"], records):
        assert doc["inline"] and "notes" not in doc, doc.get("notes")
        cleaned = (seeds_run / doc["id"]).read_bytes().decode("utf-8")
        assert _shown_clean(doc["segs"], [c[1] for c in doc["changes"]]) == cleaned
        assert doc["n"] == len(record["changes"]) and doc["lang"][0] == "en"
    rules = {r[0] for r in data["rules"]}
    assert {"alias:Sviatlana Tsikhanouskaya", "mt.phrase:Radio Liberty", "ad_placeholder.ad_n"} <= rules
    assert data["flagKinds"] == ["mt.broken_sentence"]
    assert data["groups"] == [] and data["dedup"]["stats"]["documents"] == 4
    summary = outside_data(page)
    assert "mt.broken_sentence" in summary and "Changes per rule" in summary and "no groups" in summary


def test_spans_struck_replacements_and_meta(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (result,) = clean_into(out, {"story.txt": STORY})
    data = page_data(write_html_report(out).read_text(encoding="utf-8"))
    (doc,) = data["docs"]
    names = [r[0] for r in data["rules"]]
    pieces = {}  # rule -> removed text, from the pieces the page strikes through
    for s in doc["segs"]:
        if isinstance(s, list) and s[1] >= 0:
            pieces.setdefault(names[doc["changes"][s[1]][0]], []).append(s[0])
    assert "".join(pieces["byline.by"]) == "By Jane Doe\n"
    assert "".join(pieces["ad_placeholder.ad_n"]) == "[ad_1]"
    assert "".join(pieces["comment_form.leave_comment"]) == "Leave a Comment\n"
    # moved meta: listed, and its change marked with the kind
    assert [m[:3] for m in doc["meta"]] == [[m.kind, m.text, m.rule] for m in result.meta]
    assert ["byline", "By Jane Doe", "byline.by", 1] in doc["meta"]
    moved = {names[c[0]]: c[3] for c in doc["changes"] if c[3]}
    assert moved["byline.by"] == "byline" and moved["source_link.source_line"] == "source_link"
    summary = outside_data(write_html_report(out).read_text(encoding="utf-8"))
    assert "Meta moved out, per kind" in summary and 'data-meta="byline"' in summary


def test_replacement_keeps_old_and_new(tmp_path: Path) -> None:
    out = tmp_path / "out"
    cleaner = newsclean.Cleaner(aliases=str(ROOT / "examples/aliases/belarus-2020.toml"))
    text = "Svetlana Tikhanovskaya spoke on Monday about the election and the protests in Minsk.\n"
    result = cleaner.clean(newsclean.Document("a.txt", text))
    write(out / "a.txt", result.text)
    write(out / "report.jsonl", report_line(result))
    (doc,) = page_data(write_html_report(out).read_text(encoding="utf-8"))["docs"]
    (change,) = [c for c in doc["changes"]]
    struck = "".join(s[0] for s in doc["segs"] if isinstance(s, list) and s[1] == 0)
    assert struck == "Svetlana Tikhanovskaya" and change[1] == "Sviatlana Tsikhanouskaya"


def test_hostile_text_is_escaped(tmp_path: Path) -> None:
    out = tmp_path / "out"
    bad_id = 'sub/<b>"x" & </script>.txt'
    docs = {bad_id: f"{HOSTILE}\n\nThe council met on Tuesday.\n\n[ad_1]\n{HOSTILE}\n", "failed.txt": ""}
    clean_into(out, docs, errors={"failed.txt": f"boom {HOSTILE}"})
    page = write_html_report(out).read_text(encoding="utf-8")
    # two script elements, each closed once: nothing in the data closes one early
    assert page.lower().count("</script") == 2 and page.lower().count("<script") == 2
    assert "<!--" not in page and "\u2028" not in page and "\u2029" not in page
    data = page_data(page)
    assert data["docs"][0]["id"] == bad_id and data["docs"][1]["error"] == f"RuntimeError: boom {HOSTILE}"
    shown = "".join(s if isinstance(s, str) else s[0] for s in data["docs"][0]["segs"])
    assert shown == docs[bad_id]
    rest = outside_data(page)  # the static summary: the failed document's reason, escaped
    assert "<img" not in rest and "&lt;img src=x onerror=alert(2)&gt;" in rest and "onerror=alert(2)>" not in rest
    assert script_json("\ud800") == '"\\ud800"'  # a lone surrogate cannot break the UTF-8 file


def test_failed_documents_are_listed_with_the_reason(tmp_path: Path) -> None:
    out = tmp_path / "out"
    clean_into(out, {"a.txt": STORY, "b.txt": STORY}, errors={"b.txt": "rule 'x' ran longer than its 0.2 s time limit"})
    page = write_html_report(out).read_text(encoding="utf-8")
    summary = outside_data(page)
    assert "Failed documents (1)" in summary
    assert 'data-doc="1">b.txt</button>: RuntimeError: rule &#x27;x&#x27; ran longer' in summary
    assert page_data(page)["docs"][1] == {"id": "b.txt", "error": "RuntimeError: rule 'x' ran longer than its 0.2 s time limit"}


def test_group_diff_highlights_the_differing_words(tmp_path: Path) -> None:
    out = tmp_path / "out"
    base = ("The city council voted on Tuesday to extend library hours through the winter months, "
            "citing strong demand from students and older residents. ") * 3
    variant = base.replace("Tuesday", "Monday", 1).replace("older residents", "old residents", 1)  # shorter: a.txt leads
    clean_into(out, {"a.txt": base + "\n", "b.txt": variant + "\n"})
    found = newsclean.find_duplicates([("a.txt", base), ("b.txt", variant)], clean=False)
    write(out / "duplicates.json", json.dumps(found.to_dict()))
    data = page_data(write_html_report(out).read_text(encoding="utf-8"))
    (group,) = data["groups"]
    (member,) = group["members"]
    rep, other = (data["docs"][i] for i in (group["doc"], member["doc"]))
    a = _shown_clean(rep["segs"], [c[1] for c in rep["changes"]])
    b = _shown_clean(other["segs"], [c[1] for c in other["changes"]])
    assert [a[d[0]:d[1]] for d in member["diff"]] == ["Tuesday", "older"]
    assert [b[d[2]:d[3]] for d in member["diff"]] == ["Monday", "old"]
    assert rep["group"] == other["group"] == 0 and member["measure"] in ("jaccard", "exact", "containment")


def test_same_input_same_bytes(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    for out in (one, two):
        clean_into(out, {"b.txt": STORY, "a.txt": STORY.replace("Tuesday", "Monday")})
        write(out / "duplicates.json", json.dumps({"groups": [{"representative": "b.txt", "members": ["b.txt", "a.txt"],
                                                               "matches": [{"id": "a.txt", "jaccard": 0.9}]}]}))
    first = write_html_report(one).read_bytes()
    assert write_html_report(one).read_bytes() == first
    assert write_html_report(two).read_bytes() == first
    assert [p.name for p in one.iterdir() if p.name.startswith(".")] == []  # atomic: no temporary file left


def test_input_checks_and_fallbacks(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    docs = {"same.txt": STORY, "edited-input.txt": STORY, "no-output.txt": STORY, "both-gone.txt": STORY}
    for doc_id, text in docs.items():
        write(src / doc_id, text)
    clean_into(out, docs)
    write(src / "edited-input.txt", STORY.replace("council", "committee"))
    (out / "no-output.txt").unlink()
    (out / "both-gone.txt").unlink()
    (src / "both-gone.txt").unlink()
    with open(out / "report.jsonl", "a", encoding="utf-8") as fh:
        fh.write("not json\n")
    data = page_data(write_html_report(out, source_dir=src).read_text(encoding="utf-8"))
    by_id = {d["id"]: d for d in data["docs"]}
    assert by_id["same.txt"]["inline"] and "notes" not in by_id["same.txt"]
    assert by_id["edited-input.txt"]["inline"] and "changed since this run" in by_id["edited-input.txt"]["notes"][0]
    assert by_id["no-output.txt"]["inline"] and "cleaned file is missing" in by_id["no-output.txt"]["notes"][0]
    gone = by_id["both-gone.txt"]
    assert not gone["inline"] and gone["segs"] == [] and "listed" in gone["notes"][0]
    assert all(len(c) == 6 for c in gone["changes"])  # listed with their before text
    assert data["problems"] == ["report.jsonl line 5 is not JSON (Expecting value: line 1 column 1 (char 0))"]
    # without the source folder the input is rebuilt from the cleaned text and the changes
    plain = page_data(write_html_report(out).read_text(encoding="utf-8"))
    assert {d["id"]: d["inline"] for d in plain["docs"]} == {
        "same.txt": True, "edited-input.txt": True, "no-output.txt": False, "both-gone.txt": False}


def test_ids_outside_the_folders_are_not_read(tmp_path: Path) -> None:
    out, src = tmp_path / "out", tmp_path / "in"
    write(tmp_path / "secret.txt", "secret")
    write(src / "a.txt", "x")
    lines = [json.dumps({"id": i, "changes": [], "flags": [], "meta": []}) + "\n"
             for i in ("../secret.txt", "../in/a.txt", str(tmp_path / "secret.txt"))]
    write(out / "report.jsonl", "".join(lines))
    data = page_data(write_html_report(out, source_dir=src).read_text(encoding="utf-8"))
    assert [d["segs"] for d in data["docs"]] == [[], [], []]


def test_file_names_that_are_not_utf8(tmp_path: Path) -> None:
    """An id with a lone surrogate (a file name's bytes that are not UTF-8, as report.jsonl
    writes it): its files are found, the page is valid UTF-8, the JSON keeps the id."""
    out, src = tmp_path / "out", tmp_path / "in"
    doc_id = "caf\udce9.txt"
    results = clean_into(out, {doc_id: STORY, "ok.txt": STORY}, errors={"ok.txt": f"failed {doc_id}"})
    write(src / doc_id, STORY)
    assert results[0].id == doc_id and (out / doc_id).is_file()
    page = write_html_report(out, source_dir=src).read_bytes().decode("utf-8")  # strict: no lone surrogate
    data = page_data(page)
    assert data["docs"][0]["id"] == doc_id and data["docs"][0]["inline"] and "notes" not in data["docs"][0]
    assert "RuntimeError: failed caf\ufffd.txt" in outside_data(page)


def test_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    clean_into(out, {"a.txt": STORY})
    assert main([str(out)]) == 0
    assert (out / "report.html").is_file() and "report in" in capsys.readouterr().err
    assert main([str(tmp_path / "nothing")]) == 2
    assert "no report.jsonl" in capsys.readouterr().err


# --------------------------------------------------------------------------------------------
# 10,000 documents


WORDS = ("council budget school road bridge minister vote election river city police report market energy "
         "price hospital train station museum winter").split()


@pytest.fixture(scope="module")
def big_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    """10,000 cleaned documents (every second one of the first 4,000 a near-copy of the one
    before, grouped), and the seconds the report took to write."""
    import random

    out = tmp_path_factory.mktemp("big")
    rng = random.Random(7)
    cleaner = newsclean.Cleaner()
    lines, bodies = [], {}
    for i in range(10_000):
        body = " ".join(rng.choice(WORDS) for _ in range(120)).capitalize() + ".\n"
        if i % 2 and i < 4000:
            body = bodies[i - 1].replace("council", "councillors", 1)
        bodies[i] = body
        text = f"By Reporter {i}\n\n[ad_1]\n{body}\nLeave a Comment <{i}>\n"
        if i % 997 == 0:
            lines.append(error_line(f"d{i:05}.txt", RuntimeError("synthetic failure")))
            continue
        result = cleaner.clean(newsclean.Document(f"d{i:05}.txt", text))
        write(out / result.id, result.text)
        lines.append(report_line(result))
    write(out / "report.jsonl", "".join(lines))
    groups = [{"representative": f"d{i:05}.txt", "members": [f"d{i:05}.txt", f"d{i + 1:05}.txt"],
               "matches": [{"id": f"d{i + 1:05}.txt", "jaccard": 0.98, "containment": 0.99, "measure": "jaccard",
                            "linked_to": f"d{i:05}.txt", "score": 0.98}]} for i in range(2, 4000, 2)]
    write(out / "duplicates.json", json.dumps({"groups": groups, "stats": {"documents": 10_000}, "settings": {}}))
    start = time.perf_counter()
    write_html_report(out)
    return out, time.perf_counter() - start


def test_10000_documents(big_run: tuple[Path, float]) -> None:
    out, seconds = big_run
    page = (out / "report.html").read_text(encoding="utf-8")
    assert seconds < 60, f"the report of 10,000 documents took {seconds:.1f} s"
    data = page_data(page)
    assert len(data["docs"]) == 10_000 and len(data["groups"]) == 1999
    assert sum("error" in d for d in data["docs"]) == 11
    # the page outside the data does not grow with the documents: no document is in the DOM
    # until the script renders a page of 50
    static = outside_data(page)
    assert len(static) < 60_000 and "d00005.txt" not in static and "<details class=\"doc\"" not in static
    assert len(page.encode("utf-8")) < 3 * sum(len(p.read_bytes()) for p in out.glob("*.txt")) + 10_000_000
    print(f"\n10,000 documents: report.html {len(page.encode()) / 1e6:.1f} MB in {seconds:.1f} s")


# --------------------------------------------------------------------------------------------
# in headless Chromium

BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]


def _require_browser() -> bool:
    return os.environ.get("NEWSCLEAN_REQUIRE_BROWSER") == "1"


def chromium_path() -> str:
    """The Chromium to use ($NEWSCLEAN_CHROMIUM, /usr/bin/chromium, or one on PATH); skips the
    test when there is none, or fails it under NEWSCLEAN_REQUIRE_BROWSER=1."""
    candidates = [os.environ.get("NEWSCLEAN_CHROMIUM"), "/usr/bin/chromium",
                  *(shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"))]
    for c in candidates:
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            return c
    message = "no Chromium found (Debian: apt-get install chromium; or set NEWSCLEAN_CHROMIUM)"
    if _require_browser():
        pytest.fail(f"NEWSCLEAN_REQUIRE_BROWSER=1 but {message}", pytrace=False)
    pytest.skip(message)


def have_playwright() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def require_playwright() -> None:
    if not have_playwright():
        message = "the playwright package is not installed (pip install playwright; no `playwright install` needed)"
        if _require_browser():
            pytest.fail(f"NEWSCLEAN_REQUIRE_BROWSER=1 but {message}", pytrace=False)
        pytest.skip(message)


def artefacts(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("NEWSCLEAN_TEST_ARTIFACTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``newsclean run examples/seeds -o TMP`` (with the demo's alias table and translation
    tables), then the report."""
    out = tmp_path_factory.mktemp("seeds") / "out"
    done = run_newsclean(SEEDS, out, *DEMO_OPTIONS)
    assert done.returncode == 0, done.stderr
    write_html_report(out, source_dir=SEEDS)
    return out


@pytest.fixture(scope="module")
def browser() -> Any:
    path = chromium_path()
    require_playwright()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=BROWSER_ARGS)
        try:
            yield b
        finally:
            b.close()


class Page:
    """A page of the report in Chromium, with every console message, page error, dialog and
    request that is not a file recorded."""

    def __init__(self, browser: Any, path: Path, width: int = 1280, height: int = 900) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.console: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

        def route(r: Any) -> None:
            if r.request.url.startswith("file:"):
                r.continue_()
            else:
                self.requests.append(r.request.url)
                r.abort()

        self.page.route("**/*", route)
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_selector("body[data-ready='1']", timeout=60_000)

    def clean(self) -> None:
        assert self.console == [] and self.errors == [], (self.console, self.errors)
        assert self.dialogs == [] and self.requests == [], (self.dialogs, self.requests)


def search(pg: Any, query: str, count: int) -> None:
    """Type ``query`` in the id/rule search and wait until the list shows ``count`` documents,
    all with the query in their id (the search is debounced)."""
    pg.fill("#doc-q", query)
    pg.wait_for_function(
        """([q, n]) => { const ids = [...document.querySelectorAll('#doc-list > details > summary .id')];
                         return ids.length === n && ids.every(e => e.textContent.toLowerCase().includes(q)); }""",
        arg=[query.lower(), count])


def test_browser_seeds_report(seeds_run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The seeds' report in headless Chromium: no console errors, the summary and a document
    visible; a screenshot saved (playwright, or Chromium's own --screenshot without it)."""
    path = chromium_path()
    shot = artefacts(tmp_path) / "report-seeds.png"
    report = seeds_run / "report.html"
    if have_playwright():
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=path, args=BROWSER_ARGS)
            try:
                page = Page(b, report)
                pg = page.page
                assert pg.is_visible("#summary") and "Changes per rule" in pg.inner_text("#summary")
                assert pg.locator("#summary table.chart tr").count() >= 5
                first = pg.locator("#doc-list > details").first
                assert first.evaluate("e => e.open") and first.locator(".text").is_visible()
                assert "000_2e7ecc50ae6c96a1.txt" in first.locator(":scope > summary").inner_text()
                struck = first.locator("del.c").all_inner_texts()
                assert "Collective Security Agreement" in struck and "[Vladimiru Putinu]" in struck
                assert "Collective Security Treaty" in first.locator("ins.c").all_inner_texts()
                assert pg.locator("#doc-list > details").count() == 4
                pg.screenshot(path=str(shot), full_page=True)
                page.clean()
            finally:
                b.close()
    else:  # Chromium's command line: the DOM after the script ran, and the console on stderr
        profile = tmp_path / "chromium-profile"
        common = [path, "--headless", *BROWSER_ARGS, f"--user-data-dir={profile}", "--enable-logging=stderr",
                  "--v=0", "--virtual-time-budget=10000"]
        dom = subprocess.run([*common, "--dump-dom", report.resolve().as_uri()], capture_output=True, text=True,
                             timeout=120)
        console = [line for line in dom.stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]
        assert console == [], console
        assert 'data-ready="1"' in dom.stdout and 'id="summary"' in dom.stdout
        assert "<del class=\"c" in dom.stdout and "000_2e7ecc50ae6c96a1.txt" in dom.stdout
        subprocess.run([*common, "--window-size=1280,2400", f"--screenshot={shot}", report.resolve().as_uri()],
                       capture_output=True, timeout=120, check=True)
    assert shot.is_file() and shot.stat().st_size > 10_000
    with capsys.disabled():
        print(f"\nscreenshot of the seeds' report: {shot}")


@pytest.fixture(scope="module")
def rich_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds plus a near-copy of one (a byline and a source line added, words changed), a
    hostile document in another language in part, and a binary file that fails."""
    base = tmp_path_factory.mktemp("rich")
    src, out = base / "in", base / "out"
    shutil.copytree(SEEDS, src)
    seed = (SEEDS / "001_664aa4778fb2fdac.txt").read_text(encoding="utf-8")
    write(src / "001_copy.txt", "By Jane Doe\n\n" + seed.replace(" the ", " a ", 3) + "\nSource link\n")
    write(src / "sub" / '<b>"hostile"</b> & co.txt',
          f"[ad_1]\nThe council met on Tuesday and said {HOSTILE} was not a problem at all.\n\n"
          "Der Stadtrat hat am Dienstag nach einer langen Debatte über Schulen und Straßen den neuen Haushalt "
          "beschlossen.\n\nLeave a Comment\n")
    write(src / "sub" / "binary.txt", b"\x00\x01\x02\x03" * 100)
    done = run_newsclean(src, out, *DEMO_OPTIONS, "--languages", "en")
    assert done.returncode == 1, done.stderr  # the binary file failed, the rest was cleaned
    write_html_report(out, source_dir=src)
    return out


def test_browser_groups_meta_flags_and_hostile_text(browser: Any, rich_run: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    page = Page(browser, rich_run / "report.html")
    pg = page.page
    folder = artefacts(tmp_path)
    # the group: the representative beside its copy, the changed words marked on both sides
    group = pg.locator("#group-list > details").first
    assert group.evaluate("e => e.open")
    assert group.locator("del.d").all_inner_texts() == ["the"] * 3
    assert group.locator("ins.d").all_inner_texts() == ["a"] * 3
    group.screenshot(path=str(folder / "report-group.png"))
    # the copy: byline and source line moved to meta (dashed), listed in the meta table
    search(pg, "001_copy", 1)
    doc = pg.locator("#doc-list > details").first
    doc.locator(":scope > summary").click()
    doc.locator(".text").wait_for()  # the body is rendered on the details' toggle event, a task after the click
    assert doc.locator("del.c.moved").count() == 2
    assert "By Jane Doe" in doc.locator("table.items").first.inner_text()
    doc.locator("button.link", has_text="duplicate group 1").click()
    # the hostile document: shown as text, nothing executed or inserted
    search(pg, "hostile", 1)
    doc = pg.locator("#doc-list > details").first
    doc.locator(":scope > summary").click()
    doc.locator(".text").wait_for()  # the body is rendered on the details' toggle event, a task after the click
    text = doc.locator(".text").inner_text()
    assert "</script><script>alert(1)</script>" in text and "<img src=x onerror=alert(2)>" in text
    assert '<b>"hostile"</b> & co.txt' in doc.locator(":scope > summary").inner_text()
    assert pg.locator("img").count() == 0 and pg.locator("script").count() == 2
    assert doc.locator("mark.f").count() >= 1 and "language.other" in doc.locator("table.items").first.inner_text()
    doc.screenshot(path=str(folder / "report-hostile.png"))
    # the views: cleaned text only (nothing struck), whitespace changes hidden
    assert doc.locator("del.c").count() > 0 and doc.locator(".ws-mark").count() > 0
    pg.check("#opt-clean")
    assert doc.locator("del.c").count() == 0 and "alert(1)" not in doc.locator(".text").inner_text()
    pg.uncheck("#opt-clean")
    pg.check("#opt-ws")
    assert doc.locator(".ws-mark").count() == 0 and doc.locator("del.c").count() > 0
    pg.uncheck("#opt-ws")
    # the failed document, from the summary's list
    pg.click("#summary .failed button.link")
    failed = pg.locator("#doc-list > details[open]").first
    assert "binary file" in failed.inner_text()
    # filters: the cleaned-text view hides struck text; a rule filter narrows the list
    search(pg, "", 7)
    pg.select_option("#doc-state", "flagged")
    pg.wait_for_function("document.querySelectorAll('#doc-list > details').length === 2")
    page.clean()
    with capsys.disabled():
        print(f"\nscreenshots of a group and a hostile document: {folder / 'report-group.png'}, "
              f"{folder / 'report-hostile.png'}")


def test_browser_10000_documents_are_paged(browser: Any, big_run: tuple[Path, float]) -> None:
    out, _ = big_run
    start = time.perf_counter()
    page = Page(browser, out / "report.html")
    load = time.perf_counter() - start
    pg = page.page
    assert pg.locator("#doc-list > details").count() == DOC_PAGE
    assert pg.locator("#group-list > details").count() == 20
    assert pg.evaluate("document.getElementsByTagName('*').length") < 3000
    assert "page 1 of 200 · 10,000 documents" in pg.inner_text("#doc-pager")
    pg.locator("#doc-pager button", has_text="next").click()
    assert "page 2 of 200" in pg.inner_text("#doc-pager")
    assert pg.locator("#doc-list > details .id").first.inner_text() == "d00050.txt"
    search(pg, "d0999", 10)
    pg.select_option("#doc-state", "failed")
    pg.wait_for_function("document.querySelectorAll('#doc-list > details').length === 0")
    search(pg, "", 11)
    page.clean()
    print(f"\n10,000 documents: loaded and first page rendered in {load:.1f} s")

"""``OUT/report.html``: one self-contained page that shows what a run did.

It reads what ``newsclean run DIR -o OUT`` (or ``newsclean clean DIR -o OUT``) wrote, that is
``OUT/report.jsonl``, ``OUT/duplicates.json`` (when there) and the cleaned texts in ``OUT``,
and, given the input folder, the input texts, and writes one HTML file with inline CSS and
JavaScript and nothing fetched at view time:

* a summary: documents, changes per rule (a bar chart), flags per kind, moved meta per
  kind, languages, near-duplicate groups, and the documents that failed with the reason;
* the documents, paged and filtered in the browser (by id or rule name, rule, flag,
  language, state), each rendered only when opened: the input text with every removed span
  struck through and coloured by its rule, a replacement as the old text struck and the new
  inserted, text moved to meta marked as such, flagged spans underlined, and the flags,
  the meta and the language beside it;
* the near-duplicate groups, paged, each member beside its representative with the words
  that differ highlighted (a word-level diff computed here with :mod:`difflib`).

All data sits in one ``<script type="application/json">`` block; nothing of a document is
in the page until it is opened, so 10,000 documents make 50 rows of a list, not 10,000
articles. The same inputs give the same bytes.

Change offsets index the input text. The input is rebuilt from the cleaned text and the
changes (each change's ``before`` and ``after``), so the page needs no input folder; with
``source_dir`` the input files are read too and a file that differs from what was cleaned
is noted. A document whose changes do not fit its texts is shown without inline changes,
with its changes listed and a note why.

Python: :func:`write_html_report` (files) or :func:`render_html_report` (in memory).
Command line: ``python -m newsclean.report_html OUT [--source DIR]``.
"""

from __future__ import annotations

import argparse
import bisect
import difflib
import html
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from itertools import accumulate, pairwise
from pathlib import Path, PurePosixPath
from typing import Any

from . import __version__
from .errors import NewscleanError
from .io import atomic_write, read_document

REPORT_HTML = "report.html"
DOC_PAGE = 50  # documents per page of the list
GROUP_PAGE = 20  # groups per page
CHART_BARS = 24  # bars per chart before "others"
DIFF_MAX_WORDS = 60_000  # longer texts are compared with difflib's autojunk heuristic (faster, coarser)

_WORD = re.compile(r"\S+")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_HUE_FIXED = {"whitespace": (0, 0)}  # rule key -> (hue, saturation %): grey for whitespace
_PALETTE = [(212, 70), (28, 80), (130, 55), (355, 70), (275, 55), (180, 60), (320, 60), (50, 80), (245, 45),
            (95, 55), (15, 45), (195, 80)]  # blue, orange, green, red, purple, teal, pink, yellow, indigo, ...


# --------------------------------------------------------------------------------------------
# reading a run's output


class _TextFolder(Mapping[str, str]):
    """The ``*.txt`` files under a folder by id, read when asked for; a missing or unreadable
    file is a missing key. ``decode=True`` reads as ``newsclean clean`` reads its input (so
    offsets match); otherwise the bytes are UTF-8 as ``newsclean`` writes them."""

    def __init__(self, root: Path, *, decode: bool) -> None:
        self.root = Path(root)
        self.decode = decode

    def __getitem__(self, doc_id: str) -> str:
        parts = PurePosixPath(doc_id).parts
        if not parts or parts[0] == "/" or ".." in re.split(r"[\\/]", doc_id) or Path(doc_id).is_absolute():
            raise KeyError(doc_id)  # only files below the folder
        path = self.root.joinpath(*parts)
        try:
            if self.decode:
                return read_document(path, doc_id)[0].text
            return path.read_bytes().decode("utf-8", errors="replace")
        except (OSError, NewscleanError):  # missing, a folder, unreadable, binary
            raise KeyError(doc_id) from None

    def __iter__(self) -> Iterator[str]:  # not needed here: only looked up by id
        return iter(())

    def __len__(self) -> int:
        return 0


def read_report(output_dir: str | Path) -> tuple[list[dict[str, Any]], list[str]]:
    """The records of ``OUT/report.jsonl`` and a note for each line that is not a JSON object
    with an ``id``."""
    path = Path(output_dir) / "report.jsonl"
    records: list[dict[str, Any]] = []
    problems: list[str] = []
    with open(path, encoding="utf-8", errors="replace", newline="") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as exc:
                problems.append(f"report.jsonl line {number} is not JSON ({exc})")
                continue
            if not isinstance(record, dict) or not isinstance(record.get("id"), str):
                problems.append(f"report.jsonl line {number} has no document id")
                continue
            records.append(record)
    return records, problems


def read_duplicates(output_dir: str | Path) -> dict[str, Any] | None:
    """``OUT/duplicates.json``, or None when there is none (``newsclean clean`` writes none)."""
    path = Path(output_dir) / "duplicates.json"
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else None


# --------------------------------------------------------------------------------------------
# one document: its texts, and the pieces the page renders


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _valid_changes(changes: Any) -> list[dict[str, Any]] | None:
    """The changes if each has sane offsets and they are sorted and apart, else None."""
    if not isinstance(changes, list):
        return None
    last = 0
    for c in changes:
        if not isinstance(c, dict):
            return None
        start, end = _int(c.get("start")), _int(c.get("end"))
        if start is None or end is None or start < last or end < start:
            return None
        if not isinstance(c.get("before"), str) or not isinstance(c.get("after"), str):
            return None
        if len(c["before"]) != end - start:
            return None
        last = end
    return changes


def rebuild_input(cleaned: str, changes: Sequence[dict[str, Any]]) -> str | None:
    """The input text the changes were made on, from the cleaned text and the changes, or
    None when they do not fit together.

    >>> rebuild_input("The plan.\\n", [{"rule": "byline.by", "start": 0, "end": 8, "before": "By J. D\\n", "after": ""}])
    'By J. D\\nThe plan.\\n'
    >>> rebuild_input("Other.\\n", [{"rule": "x", "start": 0, "end": 2, "before": "ab", "after": "zz"}]) is None
    True
    """
    parts: list[str] = []
    pos_in = pos_out = 0
    for c in changes:
        gap = c["start"] - pos_in
        after = c["after"]
        if pos_out + gap + len(after) > len(cleaned):
            return None
        parts.append(cleaned[pos_out : pos_out + gap])
        pos_out += gap
        if cleaned[pos_out : pos_out + len(after)] != after:
            return None
        parts.append(c["before"])
        pos_out += len(after)
        pos_in = c["end"]
    parts.append(cleaned[pos_out:])
    return "".join(parts)


def _spans_fit(text: str, changes: Sequence[dict[str, Any]]) -> bool:
    return all(c["end"] <= len(text) and text[c["start"] : c["end"]] == c["before"] for c in changes)


def _replay(text: str, changes: Sequence[dict[str, Any]]) -> str:
    parts, pos = [], 0
    for c in changes:
        parts.append(text[pos : c["start"]])
        parts.append(c["after"])
        pos = c["end"]
    parts.append(text[pos:])
    return "".join(parts)


def _segments(text: str, spans: Sequence[tuple[int, int]], flags: Sequence[tuple[int, int, int]]) -> list[Any]:
    """``text`` cut at every change and flag boundary: a plain piece is a string, any other
    ``[text, change index or -1]`` plus the sorted indices of the flags over it; an insertion
    (an empty change) is ``["", index]`` where it goes.

    >>> _segments("abcdef", [(1, 3), (4, 4)], [(2, 5, 0)])
    ['a', ['b', 0], ['c', 0, [0]], ['d', -1, [0]], ['', 1], ['e', -1, [0]], 'f']
    """
    n = len(text)
    points = {0, n}
    inserts: dict[int, list[int]] = {}
    ranges: list[tuple[int, int, int]] = []
    for index, (start, end) in enumerate(spans):
        if start == end:
            inserts.setdefault(start, []).append(index)
            points.add(start)
        else:
            ranges.append((start, end, index))
            points.update((start, end))
    marks = sorted((s, e, i) for s, e, i in flags if 0 <= s < e <= n)
    for s, e, _ in marks:
        points.update((s, e))
    cuts = sorted(points)
    out: list[Any] = []
    k = f = 0
    active: list[tuple[int, int]] = []  # (end, flag index)
    for a, b in pairwise(cuts):
        out.extend(["", index] for index in inserts.pop(a, ()))
        while k < len(ranges) and ranges[k][1] <= a:
            k += 1
        change = ranges[k][2] if k < len(ranges) and ranges[k][0] <= a else -1
        while f < len(marks) and marks[f][0] <= a:
            active.append((marks[f][1], marks[f][2]))
            f += 1
        active = [(e, i) for e, i in active if e > a]
        piece = text[a:b]
        if change == -1 and not active:
            if out and isinstance(out[-1], str):
                out[-1] += piece
            else:
                out.append(piece)
        else:
            out.append([piece, change, sorted(i for _, i in active)] if active else [piece, change])
    for position in sorted(inserts):
        out.extend(["", index] for index in inserts[position])
    return out


def _shown_clean(segs: Sequence[Any], afters: Sequence[str]) -> str:
    """The cleaned text as the page builds it from the pieces (mirrors ``cleanText`` in the
    script): plain pieces, and each change's ``after`` after its last piece."""
    out: list[str] = []
    for i, seg in enumerate(segs):
        if isinstance(seg, str):
            out.append(seg)
            continue
        text, change = seg[0], seg[1]
        if change < 0:
            out.append(text)
            continue
        following = segs[i + 1] if i + 1 < len(segs) else None
        if not (isinstance(following, list) and following[1] == change):
            out.append(afters[change])
    return "".join(out)


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _line(starts: list[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset)


def _rule_key(rule: str) -> str:
    """The family a rule is coloured and counted by: ``alias:X`` -> ``alias``,
    ``mt.phrase:X`` -> ``mt.phrase``, ``whitespace.end`` -> ``whitespace``, others as they are."""
    head = rule.split(":", 1)[0]
    if head.startswith("whitespace."):
        return "whitespace"
    return head


def _hues(keys: Sequence[str]) -> dict[str, tuple[int, int]]:
    """A colour (hue, saturation %) per rule key: the keys in name order take twelve hues
    that are easy to tell apart, then hues a golden angle apart; whitespace is grey.

    >>> _hues(["whitespace", "byline", "alias"])
    {'alias': (212, 70), 'byline': (28, 80), 'whitespace': (0, 0)}
    """
    out: dict[str, tuple[int, int]] = {}
    for key in sorted(keys):
        n = sum(1 for k in out if k not in _HUE_FIXED)
        if key in _HUE_FIXED:
            out[key] = _HUE_FIXED[key]
        elif n < len(_PALETTE):
            out[key] = _PALETTE[n]
        else:
            out[key] = (round(n * 137.508) % 360, 60)
    return out


def _utf16(text: str) -> list[int] | None:
    """UTF-16 offsets of each code point (what JavaScript strings count), or None when they
    equal the code point offsets (no character outside the BMP)."""
    if not _ASTRAL.search(text):
        return None
    return [0, *accumulate(2 if ord(ch) > 0xFFFF else 1 for ch in text)]


def word_diff(a: str, b: str) -> list[list[int]]:
    """The parts of ``a`` and ``b`` whose words differ: ``[a_start, a_end, b_start, b_end]``
    per difference, in UTF-16 offsets (JavaScript's); an empty side is a zero-length range
    at the place. Whitespace between words is not compared.

    >>> word_diff("the bridge will reopen on Monday", "the bridge reopens on Monday")
    [[11, 22, 11, 18]]
    """
    aw = [(m.start(), m.end()) for m in _WORD.finditer(a)]
    bw = [(m.start(), m.end()) for m in _WORD.finditer(b)]
    a_words = [a[s:e] for s, e in aw]
    b_words = [b[s:e] for s, e in bw]
    long = max(len(a_words), len(b_words)) > DIFF_MAX_WORDS
    matcher = difflib.SequenceMatcher(None, a_words, b_words, autojunk=long)
    ua, ub = _utf16(a), _utf16(b)

    def span(words: list[tuple[int, int]], text: str, i1: int, i2: int) -> tuple[int, int]:
        if i1 < i2:
            return words[i1][0], words[i2 - 1][1]
        at = words[i1][0] if i1 < len(words) else len(text)
        return at, at

    out = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        s1, e1 = span(aw, a, i1, i2)
        s2, e2 = span(bw, b, j1, j2)
        if ua is not None:
            s1, e1 = ua[s1], ua[e1]
        if ub is not None:
            s2, e2 = ub[s2], ub[e2]
        out.append([s1, e1, s2, e2])
    return out


class _Tables:
    """Indices shared by all documents: full rule names, rule keys, flag kinds."""

    def __init__(self) -> None:
        self.rules: dict[str, int] = {}
        self.keys: dict[str, int] = {}
        self.rule_key: list[int] = []
        self.flag_kinds: dict[str, int] = {}

    def rule(self, name: str) -> int:
        index = self.rules.get(name)
        if index is None:
            key = _rule_key(name)
            if key not in self.keys:
                self.keys[key] = len(self.keys)
            index = self.rules[name] = len(self.rules)
            self.rule_key.append(self.keys[key])
        return index

    def flag(self, name: str) -> int:
        if name not in self.flag_kinds:
            self.flag_kinds[name] = len(self.flag_kinds)
        return self.flag_kinds[name]


def _document(record: dict[str, Any], cleaned_texts: Mapping[str, str], inputs: Mapping[str, str] | None,
              tables: _Tables) -> tuple[dict[str, Any], str | None]:
    """The page's data for one report line, and the cleaned text the page will show (for the
    diffs), None for a failed document."""
    doc_id = record["id"]
    doc: dict[str, Any] = {"id": doc_id}
    if "error" in record:
        doc["error"] = str(record["error"])
        return doc, None
    language = record.get("language")
    if isinstance(language, dict) and isinstance(language.get("code"), str):
        doc["lang"] = [language["code"], language.get("probability")]
    problems = record.get("input_problems")
    if isinstance(problems, list) and problems:
        doc["problems"] = [str(p) for p in problems]
    notes: list[str] = []
    raw_changes = record.get("changes", [])
    changes = _valid_changes(raw_changes)
    if changes is None:
        notes.append("the changes in report.jsonl are malformed (offsets out of order or not matching their text)")
        changes = [c for c in raw_changes if isinstance(c, dict)] if isinstance(raw_changes, list) else []
        fits = False
    else:
        fits = True
    cleaned = cleaned_texts.get(doc_id)
    source = inputs.get(doc_id) if inputs is not None else None
    text: str | None = None
    if fits and cleaned is not None:
        text = rebuild_input(cleaned, changes)
        if text is not None and inputs is not None:
            if source is None:
                notes.append("the input file is missing or unreadable; the input shown is rebuilt from the cleaned text "
                             "and the changes")
            elif source != text:
                notes.append("the input file has changed since this run; shown is the input as it was cleaned "
                             "(rebuilt from the cleaned text and the changes)")
    if text is None and fits and source is not None and _spans_fit(source, changes):
        text = source
        notes.append("the cleaned file is missing; the changes are shown on the input" if cleaned is None else
                     "the cleaned file differs from what the changes make of the input (edited after the run?); "
                     "the changes are shown on the input")
    inline = text is not None
    if text is None:  # not inline: the text shown is the cleaned file (or the input) as it is
        if fits:
            what = "no input folder was given" if inputs is None else "the input file is missing or differs"
            notes.append(f"the changes do not fit the cleaned text and {what}; the changes are listed, not shown inline"
                         if cleaned is not None else f"the cleaned file is missing and {what}; the changes are listed")
        text = cleaned if cleaned is not None else (source if source is not None else "")
    starts = _line_starts(text) if inline else None
    out_changes = []
    meta_spans = []
    raw_meta = record.get("meta", [])
    meta_out = []
    for m in raw_meta if isinstance(raw_meta, list) else []:
        if not isinstance(m, dict):
            continue
        start, end = _int(m.get("start")), _int(m.get("end"))
        kind = str(m.get("kind", ""))
        if start is not None and end is not None:
            meta_spans.append((start, end, kind))
        meta_out.append([kind, str(m.get("text", "")), str(m.get("rule", "")),
                         _line(starts, start) if starts is not None and start is not None else None])
    for c in changes:
        rule = tables.rule(str(c.get("rule", "")))
        start, end = _int(c.get("start")), _int(c.get("end"))
        moved = None
        if start is not None and end is not None:
            for ms, me, kind in meta_spans:
                if ms <= start and end <= me:
                    moved = kind
                    break
        line = _line(starts, start) if starts is not None and start is not None else None
        item: list[Any] = [rule, str(c.get("after", "")), line, moved]
        via = c.get("via")
        if isinstance(via, list) and via:
            item.append([str(v) for v in via])
        if not inline:
            while len(item) < 5:
                item.append([])
            item.append(str(c.get("before", "")))
        out_changes.append(item)
    raw_flags = record.get("flags", [])
    flags_out = []
    marks = []
    for index, fl in enumerate(f for f in (raw_flags if isinstance(raw_flags, list) else []) if isinstance(f, dict)):
        start, end = _int(fl.get("start")), _int(fl.get("end"))
        flags_out.append([tables.flag(str(fl.get("rule", ""))), str(fl.get("text", "")), str(fl.get("message", "")),
                          _line(starts, start) if starts is not None and start is not None else None])
        if inline and start is not None and end is not None:
            marks.append((start, end, index))
    if inline:
        segs = _segments(text, [(c["start"], c["end"]) for c in changes], marks)
    else:
        segs = [text] if text else []
    doc["n"] = len(out_changes)
    doc["inline"] = inline
    doc["segs"] = segs
    doc["changes"] = out_changes
    if flags_out:
        doc["flags"] = flags_out
    if meta_out:
        doc["meta"] = meta_out
    if notes:
        doc["notes"] = notes
    doc["keys"] = sorted({tables.rule_key[c[0]] for c in out_changes})
    shown = _shown_clean(segs, [c[1] for c in out_changes]) if inline else text
    return doc, shown


# --------------------------------------------------------------------------------------------
# the whole page


def build_report_data(records: Sequence[dict[str, Any]], duplicates: dict[str, Any] | None,
                      cleaned_texts: Mapping[str, str], inputs: Mapping[str, str] | None = None,
                      problems: Sequence[str] = ()) -> dict[str, Any]:
    """Everything the page shows, as JSON-ready data (see :func:`render_html_report`)."""
    tables = _Tables()
    docs: list[dict[str, Any]] = []
    shown: list[str | None] = []
    index_of: dict[str, int] = {}
    for record in records:
        doc, text = _document(record, cleaned_texts, inputs, tables)
        index_of.setdefault(doc["id"], len(docs))
        docs.append(doc)
        shown.append(text)
    groups: list[dict[str, Any]] = []
    raw_groups = duplicates.get("groups", []) if duplicates else []
    for g in raw_groups if isinstance(raw_groups, list) else []:
        if not isinstance(g, dict):
            continue
        rep = str(g.get("representative", ""))
        rep_doc = index_of.get(rep, -1)
        rep_text = shown[rep_doc] if rep_doc >= 0 else None
        matches = {str(m.get("id")): m for m in g.get("matches", []) if isinstance(m, dict)}
        members = []
        for member in g.get("members", []):
            member = str(member)
            if member == rep:
                continue
            m = matches.get(member, {})
            doc_index = index_of.get(member, -1)
            text = shown[doc_index] if doc_index >= 0 else None
            diff = word_diff(rep_text, text) if rep_text is not None and text is not None else None
            members.append({"id": member, "doc": doc_index, "jaccard": m.get("jaccard"),
                            "containment": m.get("containment"), "measure": m.get("measure"),
                            "linked_to": m.get("linked_to"), "score": m.get("score"), "diff": diff})
            if doc_index >= 0:
                docs[doc_index].setdefault("group", len(groups))
        if rep_doc >= 0:
            docs[rep_doc].setdefault("group", len(groups))
        groups.append({"rep": rep, "doc": rep_doc, "members": members})
    hues = _hues(list(tables.keys))
    keys = [[key, *hues[key]] for key in tables.keys]
    return {
        "version": __version__,
        "pageSize": DOC_PAGE,
        "groupPageSize": GROUP_PAGE,
        "keys": keys,
        "rules": [[name, tables.rule_key[i]] for name, i in tables.rules.items()],
        "flagKinds": list(tables.flag_kinds),
        "docs": docs,
        "groups": groups,
        "problems": list(problems),
        "dedup": {"stats": duplicates.get("stats", {}), "settings": duplicates.get("settings", {})} if duplicates else None,
    }


def script_json(data: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&``
    (so no ``</script>`` or ``<!--``), no U+2028/U+2029, no lone surrogates.

    >>> script_json({"t": "</script><!-- & \\u2028"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003c!-- \\\\u0026 \\\\u2028"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return re.sub("[<>&\u2028\u2029\ud800-\udfff]", lambda m: f"\\u{ord(m.group()):04x}", text)


def _e(value: Any) -> str:
    """Text for HTML: ``& < > " '`` escaped, the line and paragraph separators written as
    references (raw, some tools break lines at them), and a lone surrogate (from a file name
    that is not UTF-8) shown as U+FFFD, as the browser shows it.

    >>> _e('<a href="x">\u2028caf' + chr(0xDCE9) + '</a>')
    '&lt;a href=&quot;x&quot;&gt;&#x2028;caf\ufffd&lt;/a&gt;'
    """
    text = html.escape(str(value), quote=True).replace("\u2028", "&#x2028;").replace("\u2029", "&#x2029;")
    return _SURROGATE.sub("\ufffd", text)


def _bars(counts: Counter[str], colour: Any, data_attr: str, empty: str) -> str:
    """A bar chart as a table of CSS bars, the biggest first, at most CHART_BARS rows."""
    if not counts:
        return f'<p class="muted">{_e(empty)}</p>'
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    shown, rest = ranked[:CHART_BARS], ranked[CHART_BARS:]
    top = ranked[0][1]
    rows = []
    for name, count in shown:
        width = max(0.5, round(100 * count / top, 1))
        style = colour(name)
        rows.append(f'<tr><th scope="row"><button type="button" class="link" data-{data_attr}="{_e(name)}" '
                    f'title="show the documents with {_e(name)}">{_e(name)}</button></th>'
                    f'<td class="bar"><span style="width:{width}%;{style}"></span></td><td class="num">{count:,}</td></tr>')
    if rest:
        rows.append(f'<tr><th scope="row" class="muted">{len(rest)} more</th><td class="bar"></td>'
                    f'<td class="num">{sum(c for _, c in rest):,}</td></tr>')
    return f'<table class="chart">{"".join(rows)}</table>'


def _summary_html(data: dict[str, Any]) -> str:
    docs = data["docs"]
    keys = {k[0]: (k[1], k[2]) for k in data["keys"]}
    rule_key = {name: data["keys"][key][0] for name, key in data["rules"]}
    flag_kinds = data["flagKinds"]
    failed = [(i, d) for i, d in enumerate(docs) if "error" in d]
    cleaned = [d for d in docs if "error" not in d]
    by_key: Counter[str] = Counter()
    by_rule: Counter[str] = Counter()
    flags: Counter[str] = Counter()
    meta: Counter[str] = Counter()
    langs: Counter[str] = Counter()
    names = [r[0] for r in data["rules"]]
    for d in cleaned:
        for c in d["changes"]:
            by_rule[names[c[0]]] += 1
            by_key[rule_key[names[c[0]]]] += 1
        for f in d.get("flags", ()):
            flags[flag_kinds[f[0]]] += 1
        for m in d.get("meta", ()):
            meta[m[0]] += 1
        langs[d["lang"][0] if "lang" in d else "undetermined"] += 1
    changed = sum(1 for d in cleaned if d["n"])
    flagged = sum(1 for d in cleaned if d.get("flags"))
    with_meta = sum(1 for d in cleaned if d.get("meta"))
    noted = sum(1 for d in cleaned if d.get("notes"))
    groups = data["groups"]
    grouped = sum(1 + len(g["members"]) for g in groups)

    def key_style(key: str) -> str:
        hue, sat = keys.get(key, (0, 0))
        return f"--h:{hue};--s:{sat}%"

    figures = [
        ("documents", f"{len(docs):,}"),
        ("cleaned", f"{len(cleaned):,}"),
        ("failed", f"{len(failed):,}"),
        ("changed", f"{changed:,}"),
        ("changes", f"{sum(by_key.values()):,}"),
        ("flagged", f"{flagged:,}"),
        ("with meta", f"{with_meta:,}"),
        ("duplicate groups", f"{len(groups):,}" if data["dedup"] is not None else "–"),
        ("in groups", f"{grouped:,}" if data["dedup"] is not None else "–"),
    ]
    parts = ['<section id="summary" aria-labelledby="summary-h"><h2 id="summary-h">Summary</h2><dl class="figures">']
    parts += [f"<div><dt>{_e(k)}</dt><dd>{_e(v)}</dd></div>" for k, v in figures]
    parts.append("</dl>")
    parts.append('<div class="charts"><div><h3>Changes per rule</h3>')
    parts.append(_bars(by_key, key_style, "rule", "no changes"))
    detailed = [k for k in by_key if sum(1 for r in by_rule if rule_key[r] == k) > 1]
    if detailed:  # rule families with several rules (alias:X, mt.phrase:X, whitespace.*): the rules within
        rows = []
        for name, count in sorted(by_rule.items(), key=lambda kv: (rule_key[kv[0]], -kv[1], kv[0])):
            if rule_key[name] in detailed:
                rows.append(f'<li><span class="chip" style="{key_style(rule_key[name])}"></span>{_e(name)} '
                            f'<span class="num">{count:,}</span></li>')
        shown = rows[:200]
        more = f'<li class="muted">… {len(rows) - 200:,} more</li>' if len(rows) > 200 else ""
        parts.append(f'<details class="rules"><summary>the rules within {_e(", ".join(detailed))}</summary>'
                     f'<ul>{"".join(shown)}{more}</ul></details>')
    parts.append('</div><div><h3>Flags per kind</h3>')
    parts.append(_bars(flags, lambda _: "--h:30;--s:90%", "flag", "no flags"))
    parts.append('<h3>Meta moved out, per kind</h3>')
    parts.append(_bars(meta, lambda _: "--h:200;--s:50%", "meta", "no meta moved"))
    parts.append('<h3>Languages</h3>')
    parts.append(_bars(langs, lambda _: "--h:140;--s:45%", "lang", "no documents cleaned"))
    parts.append("</div></div>")
    if data["dedup"] is not None:
        stats = data["dedup"]["stats"] or {}
        settings = data["dedup"]["settings"] or {}
        shown_stats = ", ".join(f"{_e(k.replace('_', ' '))} {_e(v)}" for k, v in stats.items())
        shown_settings = ", ".join(f"{_e(k)} {_e(settings[k])}" for k in ("threshold", "containment") if k in settings)
        largest = max((1 + len(g["members"]) for g in groups), default=0)
        found = (f"{len(groups):,} group{'s' if len(groups) != 1 else ''}, {grouped:,} documents in them "
                 f"({grouped - len(groups):,} duplicates), the largest of {largest:,}" if groups else "no groups")
        parts.append(f'<p class="dedup">Near-duplicates: {found}. '
                     f'<span class="muted">{shown_stats}; {shown_settings}</span></p>')
    else:
        parts.append('<p class="dedup muted">No duplicates.json in this folder: no near-duplicate groups to show.</p>')
    if noted:
        parts.append(f'<p class="warn">{noted:,} document{"s" if noted != 1 else ""} shown with a note '
                     f'(<button type="button" class="link" data-state="notes">list them</button>).</p>')
    if data["problems"]:
        parts.append('<div class="warn"><h3>Problems reading the report</h3><ul>')
        parts += [f"<li>{_e(p)}</li>" for p in data["problems"][:100]]
        parts.append("</ul></div>")
    if failed:
        parts.append(f'<div class="failed"><h3>Failed documents ({len(failed):,})</h3><ul>')
        parts += [f'<li><button type="button" class="link" data-doc="{i}">{_e(d["id"])}</button>: '
                  f'{_e(d["error"])}</li>' for i, d in failed[:50]]
        if len(failed) > 50:
            parts.append(f'<li><button type="button" class="link" data-state="failed">all {len(failed):,} '
                         f'in the list below</button></li>')
        parts.append("</ul></div>")
    parts.append("</section>")
    return "".join(parts)


def render_html_report(records: Sequence[dict[str, Any]], duplicates: dict[str, Any] | None = None, *,
                       cleaned: Mapping[str, str], inputs: Mapping[str, str] | None = None,
                       problems: Sequence[str] = (), title: str = "newsclean report") -> str:
    """The page for these report lines (``report.jsonl``'s records), the ``duplicates.json``
    data (or None), the cleaned texts and, when given, the input texts, by document id.

    >>> page = render_html_report([{"id": "a.txt", "changes": [], "flags": [], "meta": []}], cleaned={"a.txt": "x"})
    >>> page.startswith("<!DOCTYPE html>") and 'type="application/json"' in page
    True
    """
    data = build_report_data(records, duplicates, cleaned, inputs, problems)
    return _page(data, title)


def _page(data: dict[str, Any], title: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="newsclean {_e(__version__)}">\n'
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f'<header><h1>{_e(title)}</h1><p class="muted">Made by newsclean {_e(__version__)}. '
        "Struck text was removed (coloured by rule), underlined text was put in its place, "
        "dashed boxes were moved to meta, wavy underlines are flags.</p></header>\n"
        f"<main>\n{_summary_html(data)}\n{_DOCS_HTML}\n{_GROUPS_HTML}\n</main>\n"
        '<noscript><p class="warn">The documents and groups need JavaScript; the summary above is complete.</p>'
        "</noscript>\n"
        f'<script type="application/json" id="newsclean-data">{script_json(data)}</script>\n'
        f"<script>{_JS}</script>\n</body></html>\n"
    )


def write_html_report(output_dir: str | Path, *, source_dir: str | Path | None = None,
                      title: str | None = None) -> Path:
    """Write ``OUT/report.html`` (atomically) from what a run left in ``output_dir``
    (``report.jsonl``, ``duplicates.json`` if there, the cleaned texts) and, with
    ``source_dir``, the input texts. Returns the file's path.

    Raises FileNotFoundError when ``output_dir`` has no ``report.jsonl``.
    """
    out = Path(output_dir)
    records, problems = read_report(out)
    try:
        duplicates = read_duplicates(out)
    except ValueError as exc:
        duplicates = None
        problems.append(f"duplicates.json is not JSON ({exc})")
    inputs = _TextFolder(Path(source_dir), decode=True) if source_dir is not None else None
    page = render_html_report(records, duplicates, cleaned=_TextFolder(out, decode=False), inputs=inputs,
                              problems=problems, title=title or "newsclean report")
    target = out / REPORT_HTML
    atomic_write(target, page)
    return target


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m newsclean.report_html OUT [--source DIR]``."""
    p = argparse.ArgumentParser(prog="python -m newsclean.report_html",
                                description="Write OUT/report.html from the output of `newsclean run DIR -o OUT`.")
    p.add_argument("output", metavar="OUT", help="the output folder of a run (with report.jsonl)")
    p.add_argument("--source", metavar="DIR", help="the run's input folder (to check the input files)")
    p.add_argument("--title", help="the page's title (default: newsclean report)")
    args = p.parse_args(argv)
    try:
        path = write_html_report(args.output, source_dir=args.source, title=args.title)
    except FileNotFoundError as exc:
        print(f"newsclean: {args.output}: no report.jsonl ({exc.strerror or exc})", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"newsclean: cannot write the report: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"newsclean: report in {path}", file=sys.stderr)
    return 0


# --------------------------------------------------------------------------------------------
# the page's fixed parts

_DOCS_HTML = """<section id="documents" aria-labelledby="documents-h"><h2 id="documents-h">Documents</h2>
<form class="controls" id="doc-controls" onsubmit="return false">
<label>id or rule <input type="search" id="doc-q" placeholder="search ids and rule names" autocomplete="off"></label>
<label>rule <select id="doc-rule"><option value="">any</option></select></label>
<label>flag <select id="doc-flag"><option value="">any</option></select></label>
<label>language <select id="doc-lang"><option value="">any</option></select></label>
<label>state <select id="doc-state"><option value="">any</option><option value="changed">changed</option>
<option value="unchanged">unchanged</option><option value="flagged">flagged</option><option value="meta">with meta</option>
<option value="group">in a duplicate group</option><option value="problems">input problems</option>
<option value="notes">shown with a note</option><option value="failed">failed</option></select></label>
<label><input type="checkbox" id="opt-clean"> cleaned text only</label>
<label><input type="checkbox" id="opt-ws"> hide whitespace changes</label>
</form>
<nav class="pager" id="doc-pager" aria-label="document pages"></nav>
<div id="doc-list" class="list"></div>
<nav class="pager" id="doc-pager2" aria-label="document pages"></nav>
</section>"""

_GROUPS_HTML = """<section id="groups" aria-labelledby="groups-h"><h2 id="groups-h">Near-duplicate groups</h2>
<form class="controls" onsubmit="return false"><label>member id <input type="search" id="group-q"
 placeholder="search member ids" autocomplete="off"></label></form>
<nav class="pager" id="group-pager" aria-label="group pages"></nav>
<div id="group-list" class="list"></div>
</section>"""

_CSS = """
:root{color-scheme:light;--fg:#1d232b;--muted:#5d6773;--line:#d8dde3;--bg:#fff;--panel:#f5f7f9}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
header,main{max-width:1200px;margin:0 auto;padding:0 16px}
header{padding-top:12px}
h1{font-size:1.5em;margin:.3em 0}h2{font-size:1.25em;margin:1.2em 0 .5em;border-bottom:1px solid var(--line)}
h3{font-size:1em;margin:.8em 0 .3em}
.muted{color:var(--muted)}
.warn{background:#fff6e0;border:1px solid #f0d48a;padding:4px 10px;border-radius:4px}
.failed{background:#fdecec;border:1px solid #f0b4b4;padding:4px 10px;border-radius:4px;margin:.6em 0}
.failed ul,.warn ul{margin:.3em 0;padding-left:1.2em}
.figures{display:flex;flex-wrap:wrap;gap:8px;margin:0}
.figures div{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:6px 12px;min-width:110px}
.figures dt{font-size:.8em;color:var(--muted)}.figures dd{margin:0;font-size:1.35em;font-weight:600}
.charts{display:grid;grid-template-columns:1fr 1fr;gap:24px}
@media (max-width:800px){.charts{grid-template-columns:1fr}}
table.chart{border-collapse:collapse;width:100%}
table.chart th{text-align:left;font-weight:normal;white-space:nowrap;max-width:260px;overflow:hidden;text-overflow:ellipsis;padding:1px 8px 1px 0}
table.chart td.bar{width:60%}
table.chart td.bar span{display:block;height:12px;border-radius:2px;background:hsl(var(--h) var(--s) 55%)}
.num{text-align:right;font-variant-numeric:tabular-nums;color:var(--muted);padding-left:6px}
.chip{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;background:hsl(var(--h) var(--s) 55%)}
details.rules ul{columns:2;list-style:none;padding:0;font-size:.9em}
button.link{background:none;border:0;padding:0;color:#1a5fb4;cursor:pointer;font:inherit;text-align:left}
button.link:hover{text-decoration:underline}
.controls{display:flex;flex-wrap:wrap;gap:6px 14px;align-items:center;background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:8px 10px}
.controls input[type=search]{width:16em}
.controls select{max-width:14em}
.pager{display:flex;gap:8px;align-items:center;margin:8px 0;font-size:.95em}
.pager button{font:inherit;padding:1px 10px}
.list>details{border:1px solid var(--line);border-radius:6px;margin:6px 0;background:var(--bg)}
.list>details>summary{cursor:pointer;padding:6px 10px;display:flex;flex-wrap:wrap;gap:4px 10px;align-items:baseline}
.list>details[open]>summary{border-bottom:1px solid var(--line);background:var(--panel)}
.list .id{font-weight:600;word-break:break-all}
.badge{font-size:.8em;border-radius:10px;padding:0 8px;background:#e9edf1;color:#333;white-space:nowrap}
.badge.err{background:#f7c9c9}.badge.flag{background:#fde2b8}.badge.note{background:#fff0b3}.badge.grp{background:#d6e8fa}
.body{padding:8px 12px}
.text{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.95em;line-height:1.55;border:1px solid var(--line);border-radius:4px;padding:8px 10px;background:#fcfcfd;max-height:80vh;overflow:auto}
del.c{text-decoration:line-through;text-decoration-color:hsl(var(--h) var(--s) 30%);background:hsl(var(--h) var(--s) 90%);color:hsl(var(--h) var(--s) 25%)}
ins.c{text-decoration:none;background:hsl(var(--h) var(--s) 80%);border-bottom:2px solid hsl(var(--h) var(--s) 35%)}
del.c.moved{outline:1px dashed hsl(var(--h) var(--s) 35%);text-decoration:line-through double}
.ws-mark{color:#8a939e}
mark.f{background:none;color:inherit;text-decoration:underline wavy #e07b00;text-decoration-skip-ink:none;text-underline-offset:3px}
table.items{border-collapse:collapse;margin:.4em 0;font-size:.9em;width:100%}
table.items th,table.items td{border:1px solid var(--line);padding:2px 6px;text-align:left;vertical-align:top}
table.items th{background:var(--panel);font-weight:600}
table.items td.t{white-space:pre-wrap;overflow-wrap:anywhere}
.legend{display:flex;flex-wrap:wrap;gap:4px 12px;font-size:.88em;margin:.3em 0}
.sbs{display:grid;grid-template-columns:1fr 1fr;gap:10px}
.sbs h4{margin:.4em 0;font-size:.9em;word-break:break-all}
del.d{text-decoration:none;background:#ffd7d5}ins.d{text-decoration:none;background:#cdf3d4}
.hl{animation:hl 1.5s}@keyframes hl{from{background:#fff3b0}to{background:none}}
"""

_JS = r"""
(function () {
"use strict";
var D = JSON.parse(document.getElementById("newsclean-data").textContent);
var docs = D.docs, groups = D.groups, KEYS = D.keys, RULES = D.rules, FLAGS = D.flagKinds;
var PAGE = D.pageSize, GPAGE = D.groupPageSize;
var opts = {clean: false, ws: false};
var state = {page: 0, list: null, gpage: 0, glist: null};

function $(id) { return document.getElementById(id); }
function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}
function add(parent) {
  for (var i = 1; i < arguments.length; i++) {
    var c = arguments[i];
    if (c === null || c === undefined) continue;
    parent.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return parent;
}
function colour(e, key) { var k = KEYS[key]; e.style.setProperty("--h", k[1]); e.style.setProperty("--s", k[2] + "%"); return e; }
function ruleName(r) { return RULES[r][0]; }
function ruleKey(r) { return RULES[r][1]; }
function fmt(x) { return typeof x === "number" ? (Math.round(x * 1000) / 1000).toString() : (x === null || x === undefined ? "–" : String(x)); }
function linkButton(text, onclick, title) {
  var b = el("button", "link", text); b.type = "button"; if (title) b.title = title;
  b.addEventListener("click", onclick); return b;
}
function showWs(s) { return s.replace(/ /g, "\u00b7").replace(/\t/g, "\u2192").replace(/\n/g, "\u23ce\n"); }
function isWs(s) { return /^\s*$/.test(s); }

// ---- documents: the text with its changes
function cleanText(d) {
  if (d._clean !== undefined) return d._clean;
  var out = [], segs = d.segs || [];
  for (var i = 0; i < segs.length; i++) {
    var s = segs[i];
    if (typeof s === "string") { out.push(s); continue; }
    if (s[1] < 0) { out.push(s[0]); continue; }
    var nx = segs[i + 1];
    if (!(nx && typeof nx !== "string" && nx[1] === s[1])) out.push(d.changes[s[1]][1]);
  }
  d._clean = out.join("");
  return d._clean;
}
function changeTitle(d, c) {
  var ch = d.changes[c], t = ruleName(ch[0]);
  if (ch[4] && ch[4].length) t += " via " + ch[4].join(", ");
  if (ch[2]) t += ", line " + ch[2];
  if (ch[3]) t += ", moved to meta (" + ch[3] + ")";
  return t;
}
function renderText(d) {
  var box = el("div", "text"), segs = d.segs || [], frag = document.createDocumentFragment();
  for (var i = 0; i < segs.length; i++) {
    var s = segs[i];
    if (typeof s === "string") { frag.appendChild(document.createTextNode(s)); continue; }
    var text = s[0], c = s[1], node;
    if (c < 0) {
      node = document.createTextNode(text);
    } else {
      var ch = d.changes[c], key = ruleKey(ch[0]), ws = KEYS[key][0] === "whitespace";
      var nx = segs[i + 1], last = !(nx && typeof nx !== "string" && nx[1] === c);
      node = document.createDocumentFragment();
      if (ws && opts.ws) {
        node.appendChild(document.createTextNode(opts.clean ? (last ? ch[1] : "") : text));
      } else {
        if (text && !opts.clean) {
          var del = colour(el("del", "c" + (ch[3] ? " moved" : "")), key);
          del.title = changeTitle(d, c);
          if (isWs(text)) { var m = el("span", "ws-mark", showWs(text)); del.appendChild(m); } else del.textContent = text.replace(/\n/g, "\u23ce\n");
          node.appendChild(del);
        }
        if (last && ch[1]) {
          var ins = colour(el("ins", "c"), key);
          ins.title = changeTitle(d, c) + ": inserted";
          ins.textContent = isWs(ch[1]) ? showWs(ch[1]) : ch[1];
          node.appendChild(ins);
        }
      }
    }
    if (s.length > 2 && s[2].length) {
      var mk = el("mark", "f");
      mk.title = s[2].map(function (f) { var fl = d.flags[f]; return FLAGS[fl[0]] + ": " + fl[2]; }).join("\n");
      mk.appendChild(node);
      node = mk;
    }
    frag.appendChild(node);
  }
  box.appendChild(frag);
  return box;
}
function table(head, rows) {
  var t = el("table", "items"), tr = el("tr");
  head.forEach(function (h) { tr.appendChild(el("th", null, h)); });
  t.appendChild(tr);
  rows.forEach(function (r) {
    var row = el("tr");
    r.forEach(function (v, j) {
      var td = el("td", typeof v === "string" && j > 0 ? "t" : null);
      if (v instanceof Node) td.appendChild(v); else td.textContent = v === null || v === undefined ? "" : String(v);
      row.appendChild(td);
    });
    t.appendChild(row);
  });
  return t;
}
function changeBefore(d, c) {
  var ch = d.changes[c];
  if (!d.inline) return ch[5] || "";
  var parts = [];
  (d.segs || []).forEach(function (s) { if (typeof s !== "string" && s[1] === c) parts.push(s[0]); });
  return parts.join("");
}
function renderDocBody(d, body) {
  body.textContent = "";
  if (d.error !== undefined) {
    add(body, add(el("p", "failed"), el("strong", null, "Failed: "), d.error));
    return;
  }
  var info = el("p", "muted");
  add(info, d.lang ? "language " + d.lang[0] + " (probability " + fmt(d.lang[1]) + ")" : "language undetermined",
      " · " + d.n + " change" + (d.n === 1 ? "" : "s"));
  if (d.group !== undefined) {
    var g = groups[d.group];
    add(info, " · ", linkButton("duplicate group " + (d.group + 1) + (g.rep === d.id ? " (representative)" : " (duplicate of " + g.rep + ")"),
      function () { showGroup(d.group); }));
  }
  body.appendChild(info);
  (d.notes || []).forEach(function (n) { body.appendChild(el("p", "warn", n)); });
  if (d.problems) body.appendChild(table(["input problems"], d.problems.map(function (p) { return [p]; })));
  if (d.keys.length) {
    var counts = {};
    d.changes.forEach(function (ch) { var k = ruleKey(ch[0]); counts[k] = (counts[k] || 0) + 1; });
    var lg = el("div", "legend");
    d.keys.forEach(function (k) { add(lg, add(el("span"), colour(el("span", "chip"), k), KEYS[k][0] + " " + counts[k])); });
    body.appendChild(lg);
  }
  if (d.flags) body.appendChild(table(["flag", "line", "text", "message"], d.flags.map(function (f) { return [FLAGS[f[0]], f[3], f[1], f[2]]; })));
  if (d.meta) body.appendChild(table(["meta", "text", "rule", "line"], d.meta.map(function (m) { return [m[0], m[1], m[2], m[3]]; })));
  body.appendChild(renderText(d));
  if (d.changes.length) {
    var det = el("details"), sm = el("summary", null, (d.inline ? "all " : "") + d.changes.length + " change" + (d.changes.length === 1 ? "" : "s") + " as a list");
    det.appendChild(sm);
    if (!d.inline) det.open = true;
    var filled = false;
    var fill = function () {
      if (filled || !det.open) return; filled = true;
      det.appendChild(table(["rule", "line", "before", "after", "moved to"], d.changes.map(function (ch, c) {
        var b = changeBefore(d, c);
        return [ruleName(ch[0]) + (ch[4] && ch[4].length ? " via " + ch[4].join(", ") : ""), ch[2], isWs(b) ? showWs(b) : b, isWs(ch[1]) ? showWs(ch[1]) : ch[1], ch[3] || ""];
      })));
    };
    det.addEventListener("toggle", fill);
    body.appendChild(det);
    fill();
  }
}
function docItem(i) {
  var d = docs[i], det = el("details", "doc"), sm = el("summary");
  det.dataset.doc = String(i);
  add(sm, el("span", "id", d.id));
  if (d.error !== undefined) add(sm, el("span", "badge err", "failed"));
  else {
    add(sm, el("span", "badge", d.n + " change" + (d.n === 1 ? "" : "s")));
    if (d.flags) add(sm, el("span", "badge flag", d.flags.length + " flag" + (d.flags.length === 1 ? "" : "s")));
    if (d.meta) add(sm, el("span", "badge", d.meta.length + " meta"));
    if (d.lang) add(sm, el("span", "badge", d.lang[0]));
    if (d.group !== undefined) add(sm, el("span", "badge grp", "group " + (d.group + 1)));
    if (d.notes) add(sm, el("span", "badge note", "note"));
  }
  det.appendChild(sm);
  var body = el("div", "body");
  det.appendChild(body);
  det.addEventListener("toggle", function () {
    if (det.open && !det._done) { det._done = true; renderDocBody(d, body); }
  });
  return det;
}

// ---- documents: filter and pages
function matches(d, f) {
  if (f.q) {
    if (d._q === undefined) {
      var names = {};
      (d.changes || []).forEach(function (ch) { names[ruleName(ch[0])] = 1; });
      d._q = (d.id + "\n" + Object.keys(names).join("\n")).toLowerCase();
    }
    if (d._q.indexOf(f.q) < 0) return false;
  }
  if (f.rule !== "" && (!d.keys || d.keys.indexOf(+f.rule) < 0)) return false;
  if (f.flag !== "" && !(d.flags && d.flags.some(function (x) { return x[0] === +f.flag; }))) return false;
  if (f.lang !== "" && (d.error !== undefined || (d.lang ? d.lang[0] : "undetermined") !== f.lang)) return false;
  switch (f.state) {
    case "changed": return d.error === undefined && d.n > 0;
    case "unchanged": return d.error === undefined && d.n === 0;
    case "flagged": return !!d.flags;
    case "meta": return !!d.meta;
    case "group": return d.group !== undefined;
    case "problems": return !!d.problems;
    case "notes": return !!d.notes;
    case "failed": return d.error !== undefined;
  }
  return true;
}
function filters() {
  return {q: $("doc-q").value.trim().toLowerCase(), rule: $("doc-rule").value, flag: $("doc-flag").value,
          lang: $("doc-lang").value, state: $("doc-state").value};
}
function applyFilters() {
  var f = filters(), list = [];
  var all = !f.q && f.rule === "" && f.flag === "" && f.lang === "" && f.state === "";
  for (var i = 0; i < docs.length; i++) if (all || matches(docs[i], f)) list.push(i);
  state.list = list; state.page = 0;
}
function pager(nav, page, pages, total, what, go) {
  nav.textContent = "";
  var prev = el("button", null, "\u2190 previous"); prev.type = "button"; prev.disabled = page <= 0;
  prev.addEventListener("click", function () { go(page - 1); });
  var next = el("button", null, "next \u2192"); next.type = "button"; next.disabled = page >= pages - 1;
  next.addEventListener("click", function () { go(page + 1); });
  var label = el("span", null, total ? "page " + (page + 1) + " of " + pages + " \u00b7 " + total.toLocaleString("en") + " " + what : "no " + what);
  add(nav, prev, label, next);
}
function renderDocs(openIndex) {
  var list = state.list, pages = Math.max(1, Math.ceil(list.length / PAGE));
  if (state.page >= pages) state.page = pages - 1;
  var start = state.page * PAGE, box = $("doc-list");
  box.textContent = "";
  var frag = document.createDocumentFragment(), opened = null;
  for (var i = start; i < Math.min(list.length, start + PAGE); i++) {
    var item = docItem(list[i]);
    if (list[i] === openIndex) opened = item;
    frag.appendChild(item);
  }
  box.appendChild(frag);
  var go = function (p) { state.page = p; renderDocs(); $("documents").scrollIntoView(); };
  pager($("doc-pager"), state.page, pages, list.length, "documents", go);
  pager($("doc-pager2"), state.page, pages, list.length, "documents", go);
  if (opened) { opened.open = true; opened.dispatchEvent(new Event("toggle")); }
  return opened;
}
function resetFilters() {
  $("doc-q").value = ""; $("doc-rule").value = ""; $("doc-flag").value = ""; $("doc-lang").value = ""; $("doc-state").value = "";
}
function showDoc(i) {
  resetFilters(); applyFilters();
  state.page = Math.floor(state.list.indexOf(i) / PAGE);
  var item = renderDocs(i);
  if (item) { item.scrollIntoView(); item.classList.add("hl"); }
}
function rerenderOpen() {
  Array.prototype.forEach.call(document.querySelectorAll("#doc-list > details[open]"), function (det) {
    renderDocBody(docs[+det.dataset.doc], det.querySelector(".body"));
  });
}

// ---- groups: members beside the representative, the differing words marked
function diffText(text, ranges, side, tag) {
  var box = el("div", "text"), pos = 0, frag = document.createDocumentFragment();
  ranges.forEach(function (r) {
    var s = r[side], e = r[side + 1];
    if (s > pos) frag.appendChild(document.createTextNode(text.slice(pos, s)));
    if (e > s) { frag.appendChild(el(tag, "d", text.slice(s, e))); pos = e; } else pos = Math.max(pos, s);
  });
  if (pos < text.length) frag.appendChild(document.createTextNode(text.slice(pos)));
  box.appendChild(frag);
  return box;
}
function docLink(index, id) {
  return index >= 0 ? linkButton(id, function () { showDoc(index); }, "open this document") : el("span", null, id);
}
function renderGroupBody(gi, body) {
  var g = groups[gi];
  body.textContent = "";
  body.appendChild(table(["member", "jaccard", "containment", "matched", "by", "score"],
    [[docLink(g.doc, g.rep), "representative", "", "", "", ""]].concat(g.members.map(function (m) {
      return [docLink(m.doc, m.id), fmt(m.jaccard), fmt(m.containment), m.linked_to || "", m.measure || "", fmt(m.score)];
    }))));
  if (!g.members.length) return;
  var choose = el("select"), label = el("label", null, "compare with ");
  g.members.forEach(function (m, j) { var o = el("option", null, m.id); o.value = String(j); choose.appendChild(o); });
  label.appendChild(choose);
  var sbs = el("div", "sbs");
  body.appendChild(label);
  body.appendChild(sbs);
  var show = function () {
    var m = g.members[+choose.value];
    sbs.textContent = "";
    var left = el("div"), right = el("div");
    add(left, el("h4", null, "representative: " + g.rep));
    add(right, el("h4", null, m.id + " \u00b7 jaccard " + fmt(m.jaccard) + ", containment " + fmt(m.containment)));
    if (m.diff === null || g.doc < 0 || m.doc < 0) {
      add(right, el("p", "warn", "no text to compare (the document is not in report.jsonl or failed)"));
    } else {
      add(left, diffText(cleanText(docs[g.doc]), m.diff, 0, "del"));
      add(right, diffText(cleanText(docs[m.doc]), m.diff, 2, "ins"));
      if (!m.diff.length) add(right, el("p", "muted", "the same words as the representative"));
    }
    add(sbs, left, right);
  };
  choose.addEventListener("change", show);
  show();
}
function groupItem(gi) {
  var g = groups[gi], det = el("details", "group"), sm = el("summary");
  det.dataset.group = String(gi);
  add(sm, el("span", "badge grp", "group " + (gi + 1)), el("span", "id", g.rep),
      el("span", "badge", (g.members.length + 1) + " documents"));
  var lowest = null;
  g.members.forEach(function (m) { if (typeof m.jaccard === "number" && (lowest === null || m.jaccard < lowest)) lowest = m.jaccard; });
  if (lowest !== null) add(sm, el("span", "badge", "jaccard \u2265 " + fmt(lowest)));
  det.appendChild(sm);
  var body = el("div", "body");
  det.appendChild(body);
  det.addEventListener("toggle", function () { if (det.open && !det._done) { det._done = true; renderGroupBody(gi, body); } });
  return det;
}
function applyGroupFilter() {
  var q = $("group-q").value.trim().toLowerCase(), list = [];
  for (var i = 0; i < groups.length; i++) {
    var g = groups[i];
    if (!q || g.rep.toLowerCase().indexOf(q) >= 0 || g.members.some(function (m) { return m.id.toLowerCase().indexOf(q) >= 0; })) list.push(i);
  }
  state.glist = list; state.gpage = 0;
}
function renderGroups(openIndex) {
  var list = state.glist, pages = Math.max(1, Math.ceil(list.length / GPAGE));
  if (state.gpage >= pages) state.gpage = pages - 1;
  var box = $("group-list"), start = state.gpage * GPAGE, opened = null;
  box.textContent = "";
  for (var i = start; i < Math.min(list.length, start + GPAGE); i++) {
    var item = groupItem(list[i]);
    if (list[i] === openIndex) opened = item;
    box.appendChild(item);
  }
  pager($("group-pager"), state.gpage, pages, list.length, D.dedup ? "groups" : "groups (no duplicates.json)",
        function (p) { state.gpage = p; renderGroups(); $("groups").scrollIntoView(); });
  if (opened) { opened.open = true; opened.dispatchEvent(new Event("toggle")); }
  return opened;
}
function showGroup(gi) {
  $("group-q").value = ""; applyGroupFilter();
  state.gpage = Math.floor(state.glist.indexOf(gi) / GPAGE);
  var item = renderGroups(gi);
  if (item) { item.scrollIntoView(); item.classList.add("hl"); }
}

// ---- wiring
function fillSelect(sel, items) {
  items.forEach(function (it) { var o = el("option", null, it[1]); o.value = it[0]; sel.appendChild(o); });
}
function init() {
  var keyCount = {}, flagCount = {}, langCount = {};
  docs.forEach(function (d) {
    (d.keys || []).forEach(function (k) { keyCount[k] = (keyCount[k] || 0) + 1; });
    (d.flags || []).forEach(function (f) { flagCount[f[0]] = 1; });
    if (d.error === undefined) { var l = d.lang ? d.lang[0] : "undetermined"; langCount[l] = (langCount[l] || 0) + 1; }
  });
  fillSelect($("doc-rule"), KEYS.map(function (k, i) { return [String(i), k[0] + " (" + (keyCount[i] || 0) + " docs)"]; })
    .sort(function (a, b) { return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0; }));
  fillSelect($("doc-flag"), FLAGS.map(function (f, i) { return [String(i), f]; }));
  fillSelect($("doc-lang"), Object.keys(langCount).sort().map(function (l) { return [l, l + " (" + langCount[l] + ")"]; }));
  var timer = null;
  $("doc-q").addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { applyFilters(); renderDocs(); }, 150); });
  ["doc-rule", "doc-flag", "doc-lang", "doc-state"].forEach(function (id) {
    $(id).addEventListener("change", function () { applyFilters(); renderDocs(); });
  });
  $("opt-clean").addEventListener("change", function () { opts.clean = this.checked; rerenderOpen(); });
  $("opt-ws").addEventListener("change", function () { opts.ws = this.checked; rerenderOpen(); });
  var gtimer = null;
  $("group-q").addEventListener("input", function () { clearTimeout(gtimer); gtimer = setTimeout(function () { applyGroupFilter(); renderGroups(); }, 150); });
  // the summary's links: a rule, flag, language or state filters the list; a failed id opens it
  var byName = function (names, name) { for (var i = 0; i < names.length; i++) if (names[i] === name) return String(i); return ""; };
  document.getElementById("summary").addEventListener("click", function (ev) {
    var b = ev.target.closest ? ev.target.closest("button.link") : null;
    if (!b) return;
    var ds = b.dataset;
    if (ds.doc !== undefined) { showDoc(+ds.doc); return; }
    resetFilters();
    if (ds.rule !== undefined) $("doc-rule").value = byName(KEYS.map(function (k) { return k[0]; }), ds.rule);
    else if (ds.flag !== undefined) $("doc-flag").value = byName(FLAGS, ds.flag);
    else if (ds.lang !== undefined) $("doc-lang").value = ds.lang;
    else if (ds.meta !== undefined) $("doc-state").value = "meta";
    else if (ds.state !== undefined) $("doc-state").value = ds.state;
    applyFilters(); renderDocs(); $("documents").scrollIntoView();
  });
  applyFilters();
  var first = -1;
  for (var i = 0; i < docs.length && first < 0; i++) if (docs[i].error === undefined) first = i;
  renderDocs(first >= 0 ? first : (docs.length ? 0 : undefined));
  applyGroupFilter();
  renderGroups(groups.length ? 0 : undefined);
  document.body.dataset.ready = "1";
}
init();
})();
"""


if __name__ == "__main__":
    sys.exit(main())

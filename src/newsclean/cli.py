"""The ``newsclean`` command: ``run``, ``clean``, ``dedup`` and ``aliases suggest``.

Exit codes: 0 all went well; 1 some input files failed (each is reported, the rest
are done); 2 the command itself was wrong (bad arguments, a bad rule pack or alias
table, a missing or unreadable input folder, an output folder that cannot be used);
130 interrupted (Ctrl-C). A folder run keeps a journal in its output folder, so that
``--resume`` finishes an interrupted run (docs/cli.md, "Bad input, interruption and
--resume").
"""

from __future__ import annotations

import argparse
import functools
import inspect
import json
import logging
import os
import sys
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .aliases import AliasTable
from .cleaning import Cleaner, RepeatedLines
from .document import Document
from .errors import AliasTableError, InputError, NewscleanError, OutputError, RulePackError
from .io import (
    Journal,
    atomic_write,
    decode_bytes,
    digest,
    document_from_bytes,
    find_text_files,
    is_inside,
    read_bytes,
    read_document,
)
from .report import error_line, explain, json_text, report_line

if TYPE_CHECKING:  # the dedup modules load numpy (and numba): only the commands that need them import them
    from .dedup import DedupConfig, DuplicateFinder, Duplicates

log = logging.getLogger("newsclean")

DEFAULT_MAX_SIZE = 10 * 1024 * 1024
"""Files larger than this (bytes) are reported and skipped unless --max-size says otherwise."""

# one input of a folder run: (id, path, None), or (folder id + "/", folder, the error) for a
# folder that could not be listed
InputItem = tuple[str, Path, InputError | None]

EXAMPLES = """examples:
  newsclean run examples/seeds -o out          the whole job: cleaned files, report.jsonl, duplicates.json,
                                               report.html
  newsclean report out --source examples/seeds write out/report.html again from a run's output
  newsclean dedup examples/seeds --json        near-duplicate groups of a folder
  newsclean clean examples/seeds -o out        clean a folder into out/ (+ out/report.jsonl)
  newsclean clean article.txt --explain        print the cleaned text; reasons on stderr
  cat article.txt | newsclean clean -          clean standard input
  newsclean clean in -o out --rules my.toml --disable navigation.short_line_run
  newsclean clean examples/seeds -o out --aliases examples/aliases/belarus-2020.toml \\
      --glossary examples/translation/lithuanian-glossary.toml \\
      --phrases examples/translation/baltic-russian-phrases.toml
  newsclean clean in -o out --languages en      flag paragraphs not in English (--drop-other-languages: remove them)
  newsclean aliases suggest examples/seeds     spellings that look like one name, as an alias table to review
"""

DEDUP_EXAMPLES = """examples:
  newsclean dedup corpus/                          groups, one member per line
  newsclean dedup corpus/ --json > groups.json     {"groups": [{"representative": id, "members": [...]}]}
  newsclean dedup corpus/ --threshold 0.7 --no-containment --raw

Ids are paths relative to INPUT_DIR. The cleaned text is compared unless --raw is given.
Settings and what they mean: docs/dedup.md.
"""

RUN_EXAMPLES = """examples:
  newsclean run examples/seeds -o out
  newsclean run corpus/ -o out --aliases names.toml --threshold 0.6
  newsclean run corpus/ -o out --workers 8                  on a local Dask cluster of 8 processes
  newsclean run articles.parquet -o out --dask tcp://scheduler:8786   (writes out/cleaned.parquet)

Writes OUTPUT_DIR/<same relative paths> (cleaned text), OUTPUT_DIR/report.jsonl (every change,
flag, meta item and the language, per document), OUTPUT_DIR/duplicates.json (near-duplicate
groups of the cleaned texts, as `newsclean dedup --json` prints them) and OUTPUT_DIR/report.html
(all of it on one self-contained page to open in a browser; --no-html leaves it out). With --dask or --workers
(pip install 'newsclean[dask]'), the same on a Dask cluster; a Parquet input (a .parquet file or a
folder of them, with `id` and `text` columns) gives OUTPUT_DIR/cleaned.parquet instead of files and
report.jsonl. See docs/distributed.md.
"""

REPORT_EXAMPLES = """examples:
  newsclean report out                          out/report.html from out/report.jsonl, duplicates.json and
                                                the cleaned texts
  newsclean report out --source corpus/         also read the input files, and note any that changed since

The page is one file with nothing fetched when it is viewed: a summary with charts, every document
with its removed spans struck through and coloured by rule, its meta and flags, and the
near-duplicate groups side by side with their differences marked. See docs/report.md.
"""

SUGGEST_EXAMPLES = """examples:
  newsclean aliases suggest corpus/                        suggested groups, TOML on stdout
  newsclean aliases suggest corpus/ -o suggested.toml --min-count 5 --max-groups 50
  newsclean aliases suggest corpus/ --table names.toml     only spellings names.toml does not cover yet

Nothing is applied: review each group (look-alike spellings can be different people),
then paste it into an alias table and use it with `newsclean clean --aliases`.
"""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="newsclean",
        description="Clean scraped news text and say exactly what changed.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"newsclean {__version__}")
    p.add_argument("-v", "--verbose", action="count", default=0, help="more logging (-vv for debug)")
    # -v also after the command (`newsclean run DIR -o OUT -v`); SUPPRESS keeps a count given before it
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-v", "--verbose", action="count", default=argparse.SUPPRESS, help="more logging (-vv for debug)")
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser(
        "clean",
        parents=[common],
        help="clean a folder of .txt files, one file, or stdin",
        description="Clean a folder of .txt files (with -o), or one file / '-' (stdin) to stdout.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    c.add_argument("input", help="a folder, a .txt file, or - for standard input")
    c.add_argument("-o", "--output", help="output folder (required for a folder input)")
    c.add_argument("--explain", action="store_true", help="print what was removed or moved, and why (stderr)")
    _cleaning_options(c)
    c.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    c.add_argument("--resume", action="store_true",
                   help="finish an interrupted folder run into the same OUTPUT (what it finished is not done again)")
    r = sub.add_parser(
        "run",
        parents=[common],
        help="the whole job on a folder: clean, language, names, near-duplicates",
        description="Clean every .txt under INPUT_DIR into OUTPUT_DIR with a report, then group near-duplicates "
        "of the cleaned texts into OUTPUT_DIR/duplicates.json.",
        epilog=RUN_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    r.add_argument("input", metavar="INPUT_DIR", help="a folder of .txt files (subfolders too)")
    r.add_argument("-o", "--output", metavar="OUTPUT_DIR", required=True, help="where to write (created if missing)")
    r.add_argument("--explain", action="store_true", help="print what was removed or moved, and why (stderr)")
    _cleaning_options(r)
    _dedup_options(r)
    r.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    r.add_argument("--resume", action="store_true",
                   help="finish an interrupted run into the same OUTPUT_DIR (what it finished is not done again)")
    r.add_argument("--no-html", action="store_true", help="do not write OUTPUT_DIR/report.html")
    scale = r.add_mutually_exclusive_group()
    scale.add_argument("--dask", metavar="SCHEDULER_ADDRESS",
                       help="run on the Dask cluster of this scheduler (tcp://host:8786); INPUT_DIR may then also be "
                       "a Parquet dataset (needs newsclean[dask]; docs/distributed.md)")
    scale.add_argument("--workers", type=_positive, metavar="N",
                       help="run on a local Dask cluster of N worker processes (needs newsclean[dask])")
    d = sub.add_parser(
        "dedup",
        parents=[common],
        help="group near-duplicate documents of a folder",
        description="Find near-duplicate documents among the .txt files under INPUT_DIR and print the groups.",
        epilog=DEDUP_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    d.add_argument("input", metavar="INPUT_DIR", help="a folder of .txt files (subfolders too)")
    d.add_argument("--json", action="store_true", help="print JSON: groups, figures and settings")
    d.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    d.add_argument("--raw", action="store_true", help="compare the texts as they are, not cleaned")
    _dedup_options(d)
    _cleaning_options(d)
    h = sub.add_parser(
        "report",
        parents=[common],
        help="write OUT/report.html again from the output of a run",
        description="Write OUT/report.html from what `newsclean run` or `newsclean clean DIR -o OUT` left in OUT.",
        epilog=REPORT_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    h.add_argument("output", metavar="OUT", help="the output folder of a run (with report.jsonl)")
    h.add_argument("--source", metavar="INPUT_DIR", help="the run's input folder (its files are read and checked)")
    h.add_argument("--title", help="the page's title (default: newsclean report)")
    a = sub.add_parser(
        "aliases",
        parents=[common],
        help="alias tables: suggest groups of name spellings from a corpus",
        description="Work with alias tables (one spelling per name; see docs/aliases.md).",
        epilog=SUGGEST_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    asub = a.add_subparsers(dest="aliases_command", required=True, metavar="COMMAND")
    s = asub.add_parser(
        "suggest",
        parents=[common],
        help="suggest groups of spellings of one name, as TOML to review",
        description="Find person names in every *.txt under INPUT_DIR and suggest groups of spellings "
        "that look like one name (transliterations, inflected forms), as [names] entries of a TOML "
        "alias table, most mentioned first. For a human to review: nothing is applied.",
        epilog=SUGGEST_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    s.add_argument("input", metavar="INPUT_DIR", help="a folder of .txt files (subfolders too)")
    s.add_argument("--min-count", type=_positive, default=2, metavar="N",
                   help="leave out groups mentioned fewer than N times in all (default 2)")
    s.add_argument("--max-groups", type=_positive, metavar="N", help="print only the N most mentioned groups")
    s.add_argument("-o", "--output", metavar="FILE", help="write the TOML to FILE (default: stdout)")
    s.add_argument("--table", metavar="EXISTING", help="an alias table (.toml, .json, .csv) whose spellings are left out")
    s.add_argument("--all", action="store_true", dest="include_plain",
                   help="also groups with nothing to add (one spelling, or a name and its surname)")
    return p


def _cleaning_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--rules", action="append", default=[], metavar="PACK.toml", help="add a rule pack (repeatable)")
    p.add_argument("--disable", action="append", default=[], metavar="NAME", help="switch off a step, rule or kind (repeatable)")
    p.add_argument("--aliases", metavar="TABLE", help="normalise names with an alias table (.toml, .json or .csv)")
    p.add_argument("--glossary", metavar="GLOSSARY.toml",
                   help="source-language words and their English, to resolve untranslated words in brackets")
    p.add_argument("--phrases", metavar="PHRASES.toml", help="a table of known mistranslations to fix")
    p.add_argument("--languages", metavar="CODES",
                   help="flag paragraphs in languages other than these (comma-separated langdetect codes: en,de)")
    p.add_argument("--drop-other-languages", action="store_true",
                   help="remove the paragraphs --languages would flag instead of flagging them")
    p.add_argument("--no-corpus-lines", action="store_true", help="do not drop lines repeated across the folder's documents")
    p.add_argument("--max-size", type=_size, metavar="SIZE",
                   help="report and skip input files larger than this (bytes, or with K, M, G; 0: no limit; default 10M)")


def _dedup_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--threshold", type=_share, default=0.5, metavar="T",
                   help="near-duplicates when at least this share of their word pairs is common to both (Jaccard; default 0.5)")
    p.add_argument("--containment", type=_share, default=0.3, metavar="C",
                   help="also when this share of the shorter text's word pairs is in the longer one (default 0.3)")
    p.add_argument("--no-containment", action="store_true", help="Jaccard only: no teasers or copies inside longer pages")
    p.add_argument("--representative", choices=["longest", "earliest"], default="longest",
                   help="which member names a group (default: the longest text)")


def _share(value: str) -> float:
    try:
        x = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0.0 < x <= 1.0:
        raise argparse.ArgumentTypeError(f"must be above 0 and at most 1, not {x}")
    return x


def _size(value: str) -> int:
    text = value.strip().upper().removesuffix("B")
    unit = {"K": 1024, "M": 1024**2, "G": 1024**3}.get(text[-1:], 1)
    try:
        n = float(text[:-1] if unit > 1 else text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {value!r} (bytes, or a number with K, M or G)") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"must be 0 (no limit) or more, not {value}")
    return int(n * unit)


def _max_bytes(args: argparse.Namespace) -> int | None:
    """The size limit on input files: --max-size (0: none), by default DEFAULT_MAX_SIZE."""
    if args.max_size is None:
        return DEFAULT_MAX_SIZE
    return args.max_size or None


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {n}")
    return n


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=[logging.WARNING, logging.INFO, logging.DEBUG][min(args.verbose, 2)],
        format="newsclean: %(message)s",
    )
    try:
        return _command(args)
    except OutputError as exc:  # an output folder that cannot be used, or its journal
        print(f"newsclean: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # an output that cannot be written (an input's own failure is reported and skipped)
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"newsclean: {where}{exc.strerror or exc}; stopped{_resume_hint(args)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"newsclean: interrupted{_resume_hint(args)}", file=sys.stderr)
        return 130


def _resume_hint(args: argparse.Namespace) -> str:
    folder_run = args.command in ("clean", "run") and args.output and Path(args.input).is_dir()
    in_process = args.command == "clean" or (args.dask is None and args.workers is None)
    return "; run the same command with --resume to finish" if folder_run and in_process else ""


def _command(args: argparse.Namespace) -> int:
    if args.command == "aliases":
        return _aliases_suggest(args)
    if args.command == "report":
        return _report(Path(args.output), args.source, args.title)
    if args.command == "dedup" and args.raw:
        return _dedup(args, None)
    if getattr(args, "drop_other_languages", False) and not args.languages:
        print("newsclean: --drop-other-languages needs --languages (the languages to keep)", file=sys.stderr)
        return 2
    try:
        cleaner = Cleaner(rule_packs=args.rules, disable=args.disable, aliases=args.aliases,
                          glossary=args.glossary, phrases=args.phrases,
                          languages=args.languages, drop_other_languages=args.drop_other_languages)
    except (RulePackError, NewscleanError) as exc:
        print(f"newsclean: {exc}", file=sys.stderr)
        return 2
    if args.command == "clean":
        return _clean(args, cleaner)
    if args.command == "dedup":
        return _dedup(args, cleaner)
    if args.command == "run":
        return _run(args, cleaner)
    return 2  # pragma: no cover - argparse enforces the command


def _clean(args: argparse.Namespace, cleaner: Cleaner) -> int:
    source = args.input
    if source == "-" or Path(source).is_file():
        if args.resume:
            print("newsclean: --resume is for a folder run (INPUT_DIR -o OUTPUT_DIR)", file=sys.stderr)
            return 2
        if args.output and source != "-" and Path(args.output).exists() and _is_input(args.output, [Path(source)]):
            print(f"newsclean: {args.output} is the input file; newsclean never writes over its input", file=sys.stderr)
            return 2
        return _clean_one(source, args, cleaner)
    if not Path(source).is_dir():
        print(f"newsclean: {source}: no such file or folder", file=sys.stderr)
        return 2
    if not args.output:
        print("newsclean: cleaning a folder needs -o OUTPUT_DIR", file=sys.stderr)
        return 2
    if is_inside(args.output, source):
        print(f"newsclean: the output folder {args.output} is inside the input folder {source}; "
              "newsclean never writes into its input", file=sys.stderr)
        return 2
    output = Path(args.output)
    with Journal(output) as journal:  # holds OUTPUT while the run writes into it
        status = _clean_folder(Path(source), output, journal, args, cleaner)
        journal.finish()
    return status


def _clean_one(source: str, args: argparse.Namespace, cleaner: Cleaner) -> int:
    try:
        if source == "-":
            decoded = decode_bytes(sys.stdin.buffer.read(), "<stdin>")
            doc = Document("-", decoded.text)
        else:
            doc, decoded = read_document(source, source, max_bytes=_max_bytes(args))
        for problem in decoded.problems:
            print(f"newsclean: {doc.id}: {problem}", file=sys.stderr)
        result = cleaner.clean(doc)
    except Exception as exc:  # noqa: BLE001 - any failure is this file's, reported without a traceback
        print(f"newsclean: {_failure(source, exc)}", file=sys.stderr)
        return 1
    if args.output:
        try:
            atomic_write(args.output, result.text)
        except OSError as exc:
            print(f"newsclean: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
            return 2
    else:
        sys.stdout.write(result.text)
    if args.explain:
        print(explain(result, doc.text, cleaner.rules), file=sys.stderr)
    return 0


def _progress(items: list[Any], enabled: bool) -> Iterator[Any]:
    if enabled and sys.stderr.isatty():
        try:
            from tqdm import tqdm
        except ImportError:
            pass
        else:
            yield from tqdm(items, unit="doc", file=sys.stderr)
            return
    yield from items


def _clean_folder(source: Path, output: Path, journal: Journal, args: argparse.Namespace, cleaner: Cleaner,
                  finder: DuplicateFinder | None = None) -> int:
    """Clean every ``*.txt`` under ``source`` into ``output`` and write ``output/report.jsonl``
    (in file order); 0, or 1 when some files failed (each reported on stderr and in the
    report). ``finder`` (``run``) gets each cleaned text.

    Each document goes into ``journal`` once its output is written; with ``--resume`` a
    document an interrupted run finished is not cleaned again when its input and output
    are as that run left them (its text is read back from ``output``)."""
    limit = _max_bytes(args)
    files = _list_files(source)
    corpus = _corpus_lines(files, source, args, cleaner)
    _start_journal(journal, _job_options(source, args, corpus), args.resume)
    failed = resumed = 0
    names: Counter[str] = Counter()  # replacements per alias-table entry
    for doc_id, path, unlisted in _progress(files, not args.no_progress):
        if unlisted is not None:  # a folder that could not be listed
            failed += 1
            _failed(journal, doc_id, path, unlisted)
            continue
        done = _done_before(journal, doc_id, path, output, limit)
        if done is not None:
            resumed += 1
            text, line = done
        else:
            try:
                text, line = _clean_file(doc_id, path, output, journal, args, cleaner, corpus, limit)
            except OutputError:  # the journal cannot be written: stop (--resume continues)
                raise
            except Exception as exc:  # noqa: BLE001 - one bad file never stops the run
                failed += 1
                _failed(journal, doc_id, path, exc)
                continue
        if finder is not None:
            finder.add(doc_id, text)
        if args.aliases:
            names.update(c["rule"][len("alias:"):] for c in json.loads(line)["changes"] if c["rule"].startswith("alias:"))
    journal.write_report(output / "report.jsonl", (doc_id for doc_id, _, _ in files))
    earlier = f" ({resumed} of them by the interrupted run)" if resumed else ""
    print(f"newsclean: cleaned {len(files) - failed} of {len(files)} files into {output}{earlier}"
          + (f"; {failed} failed" if failed else ""), file=sys.stderr)
    if names:  # the alias table's work, per entry
        print("newsclean: names normalised: " + ", ".join(f"{n} {c}" for n, c in names.most_common()), file=sys.stderr)
    return 1 if failed else 0


def _clean_file(doc_id: str, path: Path, output: Path, journal: Journal, args: argparse.Namespace,
                cleaner: Cleaner, corpus: RepeatedLines | None, limit: int | None) -> tuple[str, str]:
    """Clean one file into ``output/doc_id`` and note it in the journal: its cleaned text
    and its report line."""
    data = read_bytes(path, max_bytes=limit)
    doc, decoded = document_from_bytes(data, path, doc_id)
    result = cleaner.clean(doc, corpus=corpus)
    line = report_line(result, {"input_problems": list(decoded.problems)} if decoded.problems else None, language=True)
    atomic_write(output / doc_id, result.text)
    journal.record(doc_id, line, input_digest=digest(data), output_digest=digest(result.text.encode("utf-8")))
    for problem in decoded.problems:
        print(f"newsclean: {path}: {problem}", file=sys.stderr)
    if args.explain:
        listing = explain(result, doc.text, cleaner.rules)
        if listing:
            print(f"== {doc_id}\n{listing}", file=sys.stderr)
    return result.text, line


def _failure(path: str | Path, exc: BaseException) -> str:
    """What went wrong with one input, naming it (an InputError names it already)."""
    if isinstance(exc, InputError):
        return str(exc)
    if isinstance(exc, NewscleanError):
        return f"{path}: {exc}"
    return f"{path}: {type(exc).__name__}: {exc}"


def _failed(journal: Journal, doc_id: str, path: Path, exc: BaseException) -> None:
    print(f"newsclean: {_failure(path, exc)}", file=sys.stderr)
    if not isinstance(exc, (NewscleanError, OSError)):
        log.debug("%s failed", path, exc_info=exc)  # -vv: the traceback of an unexpected error
    journal.record(doc_id, error_line(doc_id, exc))


def _done_before(journal: Journal, doc_id: str, path: Path, output: Path, limit: int | None) -> tuple[str, str] | None:
    """The cleaned text and report line of a document an interrupted run finished, when its
    input and its output file are as that run left them; else None (it is cleaned again)."""
    entry = journal.entry(doc_id)
    if entry is None or entry.get("failed"):
        return None
    try:
        same_input = digest(read_bytes(path, max_bytes=limit)) == entry["input"]
        written = (output / doc_id).read_bytes() if same_input else b""
    except (NewscleanError, OSError):
        return None
    if not same_input or digest(written) != entry["output"]:
        log.info("%s: changed since the interrupted run; cleaned again", doc_id)
        return None
    return written.decode("utf-8"), entry["report"]


def _list_files(source: Path) -> list[InputItem]:
    """Every ``*.txt`` under ``source`` in order, and in its place each folder that could
    not be listed, with the error. Paths only: the files are read one at a time later."""
    items: list[InputItem] = []
    unlisted: list[InputError] = []

    def folder(error: InputError) -> InputItem:
        try:
            rel = Path(error.path).relative_to(source).as_posix() + "/"
        except ValueError:
            rel = error.path
        return rel, Path(error.path), error

    for doc_id, path in find_text_files(source, onerror=unlisted.append):
        items.extend(folder(error) for error in unlisted)
        unlisted.clear()
        items.append((doc_id, path, None))
    items.extend(folder(error) for error in unlisted)
    return items


# --- the journal's options ---------------------------------------------------------------------

_OPTION_NAMES = {
    "newsclean": "the newsclean version", "input": "the input folder", "rules": "--rules", "disable": "--disable",
    "aliases": "--aliases", "glossary": "--glossary", "phrases": "--phrases", "languages": "--languages",
    "drop_other_languages": "--drop-other-languages", "corpus_lines": "--no-corpus-lines", "max_size": "--max-size",
}


def _job_options(source: Path, args: argparse.Namespace, corpus: RepeatedLines | None) -> dict[str, Any]:
    """What a folder run's outputs depend on besides each input file's bytes (files by
    their content); a journal written with other options is not resumed."""
    def content(name: str | None) -> str | None:
        try:
            return digest(Path(name).read_bytes()) if name else None
        except OSError as exc:
            return f"unreadable: {exc.strerror or exc}"

    options = {
        "newsclean": __version__, "input": os.path.realpath(source),
        "rules": [content(p) for p in args.rules], "disable": sorted(set(args.disable)),
        "aliases": content(args.aliases), "glossary": content(args.glossary), "phrases": content(args.phrases),
        "languages": args.languages, "drop_other_languages": bool(args.drop_other_languages),
        "corpus_lines": not args.no_corpus_lines, "max_size": _max_bytes(args),
        # the lines repeated across the folder: they change when files are added or edited
        "repeated_lines": None if corpus is None else digest(b"".join(sorted(corpus.keys))),
    }
    stored: dict[str, Any] = json.loads(json.dumps(options))  # as a journal gives it back
    return stored


def _start_journal(journal: Journal, options: dict[str, Any], resume: bool) -> None:
    """Go on with the journal an interrupted run left (``--resume``, same options), or
    start a new one; a journal from other options is refused (OutputError: exit 2)."""
    if not resume:
        if not journal.is_empty:
            print(f"newsclean: {journal.path} was left by an interrupted run; starting over "
                  "(--resume would have finished it)", file=sys.stderr)
        journal.begin(options)
        return
    earlier = journal.load()
    if earlier is None:
        print(f"newsclean: nothing to resume in {journal.folder} (no journal this version can read); "
              "cleaning every file", file=sys.stderr)
        journal.begin(options)
        return
    differ = [key for key in {**earlier, **options} if earlier.get(key) != options.get(key)]
    if not differ:
        print(f"newsclean: resuming the interrupted run ({len(journal)} documents in its journal)", file=sys.stderr)
        return
    if differ == ["repeated_lines"]:
        print("newsclean: the input folder changed since the interrupted run (the lines repeated across its "
              "documents differ); cleaning every file again", file=sys.stderr)
        journal.begin(options)
        return
    names = ", ".join(_OPTION_NAMES.get(key, key) for key in differ if key != "repeated_lines")
    raise OutputError(str(journal.path), f"the interrupted run had other options ({names}); resume it with "
                      "the same options, or run without --resume to start over")


# --- lines repeated across a folder ------------------------------------------------------------


def _corpus_lines(files: list[InputItem], source: Path, args: argparse.Namespace,
                  cleaner: Cleaner) -> RepeatedLines | None:
    if args.no_corpus_lines or "site_chrome.corpus_repeated" not in cleaner.rules.names():
        return None
    corpus = repeated_lines([path for _, path, unlisted in files if unlisted is None], _max_bytes(args))
    log.info("%d lines recur across documents of %s", len(corpus), source)
    return corpus


def repeated_lines(paths: Sequence[Path], max_bytes: int | None = None) -> RepeatedLines:
    """``RepeatedLines.build`` over the texts of ``paths`` (those that cannot be read left
    out), giving the same lines in bounded memory.

    The build keeps every document's fingerprint and a list of documents per line, about
    five times the size of the texts. This keeps 9 bytes per line (its key, and whether it
    stands at its document's edge), picks the candidate lines from the counts, and then
    reads again only the documents whose fingerprints a candidate compares (holding at
    most 512 fingerprints at a time).
    """
    import numpy as np

    settings = inspect.signature(RepeatedLines.build).parameters
    min_docs, min_batch = settings["min_docs"].default, settings["min_batch"].default
    max_overlap = settings["max_overlap"].default
    keys, edges, starts, read = array("Q"), array("B"), array("Q"), array("Q")
    for position, path in enumerate(paths):
        text = _text(path, max_bytes)
        if text is None:
            continue  # reported when the file is cleaned
        read.append(position)
        starts.append(len(keys))
        for key, edge in RepeatedLines.edge_keys(text).items():
            keys.append(int.from_bytes(key, "little"))
            edges.append(edge)
    if len(read) < min_batch or not keys:
        return RepeatedLines()
    k, e = np.frombuffer(keys, dtype=np.uint64), np.frombuffer(edges, dtype=np.uint8)
    doc_starts = np.frombuffer(starts, dtype=np.uint64)
    part = (k >> np.uint64(60)).astype(np.uint8)  # the keys in 16 slices, sorted one at a time
    compared: defaultdict[tuple[int, ...], list[bytes]] = defaultdict(list)  # the documents compared -> their lines
    for p in range(16):
        at = np.flatnonzero(part == p)
        at = at[np.argsort(k[at], kind="stable")]  # by key, and within a key in document order
        sk = k[at]
        first = np.flatnonzero(np.r_[True, sk[1:] != sk[:-1]])
        sizes = np.diff(np.r_[first, len(at)])
        edge_sums = np.r_[0, np.cumsum(e[at], dtype=np.int64)]
        often = sizes >= min_docs  # most lines stand in one document
        for start, size in zip(first[often].tolist(), sizes[often].tolist()):
            if RepeatedLines.is_candidate(size, int(edge_sums[start + size] - edge_sums[start]), min_docs):
                where = at[start : start + min(size, RepeatedLines.SAMPLE)].astype(np.uint64)
                sample = tuple((np.searchsorted(doc_starts, where, side="right") - 1).tolist())
                compared[sample].append(int(sk[start]).to_bytes(8, "little"))

    @functools.lru_cache(maxsize=512)
    def fingerprint(doc: int) -> frozenset[int]:
        text = _text(paths[read[doc]], max_bytes)
        return RepeatedLines.fingerprint(text) if text is not None else frozenset()

    chosen = []
    for sample in sorted(compared):  # in document order, so that the cache serves neighbours
        if RepeatedLines.sample_overlap([fingerprint(d) for d in sample]) < max_overlap:
            chosen.extend(compared[sample])
    return RepeatedLines(chosen)


def _text(path: Path, max_bytes: int | None) -> str | None:
    try:
        return read_document(path, max_bytes=max_bytes)[0].text
    except Exception:  # noqa: BLE001 - reported when the file is cleaned
        return None


def _dedup_config(args: argparse.Namespace) -> DedupConfig:
    from .dedup import DedupConfig

    return DedupConfig(threshold=args.threshold, containment=None if args.no_containment else args.containment)


def _check_folder(source: Path, what: str) -> bool:
    if not source.is_dir():
        print(f"newsclean: {source}: {'not a folder' if source.exists() else 'no such folder'} ({what})", file=sys.stderr)
        return False
    try:
        with os.scandir(source):
            pass
    except OSError as exc:
        print(f"newsclean: {source}: cannot read the folder: {exc.strerror or exc}", file=sys.stderr)
        return False
    return True


def _dedup(args: argparse.Namespace, cleaner: Cleaner | None) -> int:
    source = Path(args.input)
    if not _check_folder(source, "dedup reads every *.txt under a folder"):
        return 2
    files = _list_files(source)
    if args.output and _is_input(args.output, (path for _, path, _ in files)):
        print(f"newsclean: {args.output} is one of the input files; newsclean never writes over its input",
              file=sys.stderr)
        return 2
    from .dedup import DuplicateFinder

    corpus = _corpus_lines(files, source, args, cleaner) if cleaner is not None else None
    finder = DuplicateFinder(_dedup_config(args), clean=False, representative=args.representative)
    failed = 0
    for doc_id, path, unlisted in _progress(files, False):
        try:
            if unlisted is not None:
                raise unlisted
            doc, decoded = read_document(path, doc_id, max_bytes=_max_bytes(args))
            text = cleaner.clean(doc, corpus=corpus).text if cleaner is not None else doc.text
        except Exception as exc:  # noqa: BLE001 - one bad file never stops the run
            failed += 1
            print(f"newsclean: {_failure(path, exc)}", file=sys.stderr)
            continue
        for problem in decoded.problems:
            print(f"newsclean: {path}: {problem}", file=sys.stderr)
        finder.add(doc_id, text)
    found = finder.finish()
    text = json_text(found.to_dict(), indent=1) + "\n" if args.json else _listing(found)
    if not _emit(text, args.output):
        return 2
    print(f"newsclean: {_summary(found)}" + (f"; {failed} files failed" if failed else ""), file=sys.stderr)
    return 1 if failed else 0


def _is_input(output: str, paths: Iterable[Path]) -> bool:
    """Whether ``output`` is one of the input files (links resolved; a link loop is no file)."""
    target = os.path.realpath(output)
    return any(os.path.realpath(path) == target for path in paths)


def _emit(text: str, output: str | None) -> bool:
    """Write a command's result to ``output`` (atomically) or stdout; False after reporting a failure."""
    try:
        if output:
            atomic_write(output, text)
        else:
            sys.stdout.write(text)
    except OSError as exc:
        print(f"newsclean: cannot write {output}: {exc.strerror or exc}", file=sys.stderr)
        return False
    return True


def _summary(found: Duplicates) -> str:
    grouped = sum(len(g.members) for g in found.groups)
    return (f"{len(found.groups)} group{'s' if len(found.groups) != 1 else ''} of near-duplicates: "
            f"{grouped} of {found.stats['documents']} documents, {grouped - len(found.groups)} of them duplicates")


def _listing(found: Duplicates) -> str:
    lines = []
    for number, group in enumerate(found.groups, 1):
        lines.append(f"group {number}: {group.representative} (representative)")
        for m in group.members[1:]:
            lines.append(f"  {m.id}  jaccard {m.jaccard:.2f}, containment {m.containment:.2f}; "
                         f"matched {m.linked_to} by {m.measure} {m.score:.2f}")
    text = "\n".join(lines) + ("\n" if lines else "")
    # a file name that is not UTF-8 shows its odd bytes as \udcxx rather than failing the write
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _run(args: argparse.Namespace, cleaner: Cleaner) -> int:
    if args.dask is not None or args.workers is not None:
        return _run_dask(args, cleaner)
    source, output = Path(args.input), Path(args.output)
    if not _check_folder(source, "run reads every *.txt under a folder"):
        return 2
    if is_inside(output, source):
        print(f"newsclean: the output folder {output} is inside the input folder {source}; "
              "newsclean never writes into its input", file=sys.stderr)
        return 2
    from .dedup import DuplicateFinder

    finder = DuplicateFinder(_dedup_config(args), clean=False, representative=args.representative)
    with Journal(output) as journal:  # holds OUTPUT_DIR while the run writes into it (--resume reads it)
        status = _clean_folder(source, output, journal, args, cleaner, finder)
        found = finder.finish()
        atomic_write(output / "duplicates.json", json_text(found.to_dict(), indent=1) + "\n")
        if not args.no_html:
            _report(output, source, None)
        journal.finish()  # every output is written: the run is complete
    print(f"newsclean: {_summary(found)}; groups in {output / 'duplicates.json'}", file=sys.stderr)
    return status


def _report(output: Path, source: str | Path | None, title: str | None) -> int:
    """Write ``output/report.html`` (newsclean.report_html); 2 when ``output`` holds no run."""
    from .report_html import write_html_report

    if not (output / "report.jsonl").is_file():
        print(f"newsclean: {output}: no report.jsonl here (the output folder of `newsclean run` has one)", file=sys.stderr)
        return 2
    path = write_html_report(output, source_dir=source, title=title)
    log.info("report in %s", path)
    return 0


def _run_dask(args: argparse.Namespace, cleaner: Cleaner) -> int:
    """``run --dask ADDRESS`` or ``run --workers N``: clean on a Dask cluster (a folder as the
    in-process run does it; a Parquet dataset into OUTPUT_DIR/cleaned.parquet), then group
    near-duplicates with ``newsclean.distributed.find_duplicates_dask``."""
    import contextlib

    source, output = Path(args.input), Path(args.output)
    for given, option in ((args.explain, "--explain"), (args.resume, "--resume")):
        if given:
            print(f"newsclean: {option} is not available with --dask or --workers", file=sys.stderr)
            return 2
    try:
        from . import distributed as nd

        nd.require_dask()
        from .distributed import run as dask_run
        from .distributed.cluster import client_for
    except ImportError as exc:
        print(f"newsclean: {exc}", file=sys.stderr)
        return 2
    parquet = dask_run.is_parquet(source)
    if parquet and args.max_size is not None:
        print("newsclean: --max-size limits the files of a folder; a Parquet input's rows are not limited",
              file=sys.stderr)
        return 2
    if not parquet and not _check_folder(source, "run reads every *.txt under a folder, or a Parquet dataset"):
        return 2
    if is_inside(output, source):
        print(f"newsclean: the output folder {output} is inside the input folder {source}; "
              "newsclean never writes into its input", file=sys.stderr)
        return 2
    # the workers build their own Cleaner: its options, with files named by absolute paths
    def absolute(name: str | None) -> str | None:
        return str(Path(name).resolve()) if name else None

    options = {"rule_packs": [absolute(p) for p in args.rules], "disable": list(args.disable),
               "aliases": absolute(args.aliases), "glossary": absolute(args.glossary),
               "phrases": absolute(args.phrases), "languages": args.languages,
               "drop_other_languages": args.drop_other_languages}
    corpus_lines = not args.no_corpus_lines and "site_chrome.corpus_repeated" in cleaner.rules.names()
    with contextlib.ExitStack() as stack:
        try:
            client = stack.enter_context(client_for(args.dask, workers=args.workers))
        except OSError as exc:
            what = f"reach the Dask scheduler {args.dask}" if args.dask else "start a local Dask cluster"
            print(f"newsclean: cannot {what}: {exc}", file=sys.stderr)
            return 2
        try:
            if parquet:
                status, texts = dask_run.clean_parquet(source, output, options, corpus_lines=corpus_lines,
                                                       client=client)
            else:
                status, texts = dask_run.clean_folder(source, output, options, corpus_lines=corpus_lines,
                                                      client=client, max_bytes=_max_bytes(args))
        except dask_run.ColumnsError as exc:  # a Parquet input without the id and text columns
            print(f"newsclean: {exc}", file=sys.stderr)
            return 2
        try:
            find_duplicates_dask = nd.find_duplicates_dask
        except ImportError as exc:
            print(f"newsclean: near-duplicates on Dask are not available ({exc}); "
                  f"{output / 'duplicates.json'} was not written", file=sys.stderr)
            return 1
        found = find_duplicates_dask(texts, id_column="id", text_column="text", config=_dedup_config(args),
                                     client=client, representative=args.representative)
    atomic_write(output / "duplicates.json", json_text(found.to_dict(), indent=1) + "\n")
    if not args.no_html and not parquet:
        _report(output, source, None)
    print(f"newsclean: {_summary(found)}; groups in {output / 'duplicates.json'}", file=sys.stderr)
    return status


def _aliases_suggest(args: argparse.Namespace) -> int:
    from .suggest import format_toml, suggest_aliases  # loads anyascii and wordfreq only here

    source = Path(args.input)
    if not source.is_dir():
        what = "not a folder" if source.exists() else "no such folder"
        print(f"newsclean: {source}: {what} (aliases suggest reads every *.txt under a folder)", file=sys.stderr)
        return 2
    try:
        with os.scandir(source):
            pass
    except OSError as exc:
        print(f"newsclean: {source}: cannot read the folder: {exc.strerror or exc}", file=sys.stderr)
        return 2
    table = None
    if args.table:
        try:
            table = AliasTable.load(args.table)
        except AliasTableError as exc:
            print(f"newsclean: {exc}", file=sys.stderr)
            return 2
    files = list(find_text_files(source))
    if args.output and _is_input(args.output, (path for _, path in files)):
        print(f"newsclean: {args.output} is one of the input files; newsclean never writes over its input",
              file=sys.stderr)
        return 2
    texts, failed = [], 0
    for doc_id, path in files:
        try:
            doc, decoded = read_document(path, doc_id)
        except NewscleanError as exc:
            failed += 1
            print(f"newsclean: {exc}", file=sys.stderr)
            continue
        for problem in decoded.problems:
            print(f"newsclean: {path}: {problem}", file=sys.stderr)
        texts.append((doc_id, doc.text))
    groups = suggest_aliases(texts, min_count=args.min_count, max_groups=args.max_groups,
                             table=table, include_plain=args.include_plain)
    text = format_toml(groups, source=str(source), files=len(texts), table=args.table or "")
    if not _emit(text, args.output):
        return 2
    where = f" into {args.output}" if args.output else ""
    print(f"newsclean: {len(groups)} suggested group{'s' if len(groups) != 1 else ''} from {len(texts)} of "
          f"{len(files)} files{where}" + (f"; {failed} failed" if failed else ""), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""The ``newsclean`` command: ``run``, ``clean``, ``dedup`` and ``aliases suggest``.

Exit codes: 0 all went well; 1 some input files failed (each is reported, the rest
are done); 2 the command itself was wrong (bad arguments, a bad rule pack or alias
table, a missing or unreadable input folder).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Sequence

from . import __version__
from .aliases import AliasTable
from .cleaning import Cleaner, RepeatedLines
from .document import Document
from .errors import AliasTableError, NewscleanError, RulePackError
from .io import AtomicTextWriter, atomic_write, decode_bytes, find_text_files, is_inside, read_document
from .report import error_line, explain, report_line

if TYPE_CHECKING:  # the dedup modules load numpy (and numba): only the commands that need them import them
    from .dedup import DedupConfig, DuplicateFinder, Duplicates

log = logging.getLogger("newsclean")

EXAMPLES = """examples:
  newsclean run examples/seeds -o out          the whole job: cleaned files, report.jsonl, duplicates.json
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
flag, meta item and the language, per document) and OUTPUT_DIR/duplicates.json (near-duplicate
groups of the cleaned texts, as `newsclean dedup --json` prints them). With --dask or --workers
(pip install 'newsclean[dask]'), the same on a Dask cluster; a Parquet input (a .parquet file or a
folder of them, with `id` and `text` columns) gives OUTPUT_DIR/cleaned.parquet instead of files and
report.jsonl. See docs/distributed.md.
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
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser(
        "clean",
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
    r = sub.add_parser(
        "run",
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
    scale = r.add_mutually_exclusive_group()
    scale.add_argument("--dask", metavar="SCHEDULER_ADDRESS",
                       help="run on the Dask cluster of this scheduler (tcp://host:8786); INPUT_DIR may then also be "
                       "a Parquet dataset (needs newsclean[dask]; docs/distributed.md)")
    scale.add_argument("--workers", type=_positive, metavar="N",
                       help="run on a local Dask cluster of N worker processes (needs newsclean[dask])")
    d = sub.add_parser(
        "dedup",
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
    a = sub.add_parser(
        "aliases",
        help="alias tables: suggest groups of name spellings from a corpus",
        description="Work with alias tables (one spelling per name; see docs/aliases.md).",
    )
    asub = a.add_subparsers(dest="aliases_command", required=True, metavar="COMMAND")
    s = asub.add_parser(
        "suggest",
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
    if args.command == "aliases":
        return _aliases_suggest(args)
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
        if args.output and source != "-" and Path(args.output).exists() and Path(args.output).resolve() == Path(source).resolve():
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
    return _clean_folder(Path(source), Path(args.output), args, cleaner)


def _clean_one(source: str, args: argparse.Namespace, cleaner: Cleaner) -> int:
    try:
        if source == "-":
            decoded = decode_bytes(sys.stdin.buffer.read(), "<stdin>")
            doc = Document("-", decoded.text)
        else:
            doc, decoded = read_document(source, source)
        for problem in decoded.problems:
            print(f"newsclean: {doc.id}: {problem}", file=sys.stderr)
        result = cleaner.clean(doc)
    except NewscleanError as exc:
        print(f"newsclean: {exc}", file=sys.stderr)
        return 1
    if args.output:
        atomic_write(args.output, result.text)
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


def _corpus_lines(files: list[tuple[str, Path]], source: Path, args: argparse.Namespace,
                  cleaner: Cleaner) -> RepeatedLines | None:
    if args.no_corpus_lines or "site_chrome.corpus_repeated" not in cleaner.rules.names():
        return None
    corpus = RepeatedLines.build(_texts(files))
    log.info("%d lines recur across documents of %s", len(corpus), source)
    return corpus


def _clean_folder(source: Path, output: Path, args: argparse.Namespace, cleaner: Cleaner,
                  finder: DuplicateFinder | None = None) -> int:
    files = list(find_text_files(source))
    corpus = _corpus_lines(files, source, args, cleaner)
    failed = 0
    names: Counter[str] = Counter()  # replacements per alias-table entry
    with AtomicTextWriter(output / "report.jsonl") as report:
        for doc_id, path in _progress(files, not args.no_progress):
            try:
                doc, decoded = read_document(path, doc_id)
                result = cleaner.clean(doc, corpus=corpus)
                atomic_write(output / doc_id, result.text)
                if finder is not None:
                    finder.add(doc_id, result.text)
            except (NewscleanError, OSError) as exc:
                failed += 1
                print(f"newsclean: {exc}", file=sys.stderr)
                report.write(error_line(doc_id, exc))
                continue
            extra: dict[str, Any] = {}
            if decoded.problems:
                extra["input_problems"] = list(decoded.problems)
                for problem in decoded.problems:
                    print(f"newsclean: {path}: {problem}", file=sys.stderr)
            report.write(report_line(result, extra, language=True))
            names.update(c.rule[len("alias:"):] for c in result.changes if c.rule.startswith("alias:"))
            if args.explain:
                listing = explain(result, doc.text, cleaner.rules)
                if listing:
                    print(f"== {doc_id}\n{listing}", file=sys.stderr)
    done = len(files) - failed
    print(f"newsclean: cleaned {done} of {len(files)} files into {output}" + (f"; {failed} failed" if failed else ""),
          file=sys.stderr)
    if names:  # the alias table's work, per entry
        print("newsclean: names normalised: " + ", ".join(f"{n} {c}" for n, c in names.most_common()), file=sys.stderr)
    return 1 if failed else 0


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
    files = list(find_text_files(source))
    if args.output and any(Path(args.output).resolve() == path.resolve() for _, path in files):
        print(f"newsclean: {args.output} is one of the input files; newsclean never writes over its input",
              file=sys.stderr)
        return 2
    from .dedup import DuplicateFinder

    corpus = _corpus_lines(files, source, args, cleaner) if cleaner is not None else None
    finder = DuplicateFinder(_dedup_config(args), clean=False, representative=args.representative)
    failed = 0
    for doc_id, path in _progress(files, False):
        try:
            doc, decoded = read_document(path, doc_id)
            text = cleaner.clean(doc, corpus=corpus).text if cleaner is not None else doc.text
        except NewscleanError as exc:
            failed += 1
            print(f"newsclean: {exc}", file=sys.stderr)
            continue
        for problem in decoded.problems:
            print(f"newsclean: {path}: {problem}", file=sys.stderr)
        finder.add(doc_id, text)
    found = finder.finish()
    text = json.dumps(found.to_dict(), ensure_ascii=False, indent=1) + "\n" if args.json else _listing(found)
    if not _emit(text, args.output):
        return 2
    print(f"newsclean: {_summary(found)}" + (f"; {failed} files failed" if failed else ""), file=sys.stderr)
    return 1 if failed else 0


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
    return "\n".join(lines) + ("\n" if lines else "")


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
    status = _clean_folder(source, output, args, cleaner, finder)
    found = finder.finish()
    atomic_write(output / "duplicates.json", json.dumps(found.to_dict(), ensure_ascii=False, indent=1) + "\n")
    print(f"newsclean: {_summary(found)}; groups in {output / 'duplicates.json'}", file=sys.stderr)
    return status


def _run_dask(args: argparse.Namespace, cleaner: Cleaner) -> int:
    """``run --dask ADDRESS`` or ``run --workers N``: clean on a Dask cluster (a folder as the
    in-process run does it; a Parquet dataset into OUTPUT_DIR/cleaned.parquet), then group
    near-duplicates with ``newsclean.distributed.find_duplicates_dask``."""
    import contextlib
    import inspect

    source, output = Path(args.input), Path(args.output)
    if args.explain:
        print("newsclean: --explain is not available with --dask or --workers", file=sys.stderr)
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
        clean = dask_run.clean_parquet if parquet else dask_run.clean_folder
        try:
            status, texts = clean(source, output, options, corpus_lines=corpus_lines, client=client)
        except dask_run.ColumnsError as exc:  # a Parquet input without the id and text columns
            print(f"newsclean: {exc}", file=sys.stderr)
            return 2
        try:
            find_duplicates_dask = nd.find_duplicates_dask
        except ImportError as exc:
            print(f"newsclean: near-duplicates on Dask are not available ({exc}); "
                  f"{output / 'duplicates.json'} was not written", file=sys.stderr)
            return 1
        extra = {} if args.representative == "longest" else {"representative": args.representative}
        if extra and "representative" not in inspect.signature(find_duplicates_dask).parameters:
            print(f"newsclean: --representative {args.representative} is not available with Dask yet; "
                  f"{output / 'duplicates.json'} was not written", file=sys.stderr)
            return 1
        found = find_duplicates_dask(texts, id_column="id", text_column="text", config=_dedup_config(args),
                                     client=client, **extra)
    atomic_write(output / "duplicates.json", json.dumps(found.to_dict(), ensure_ascii=False, indent=1) + "\n")
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
    if args.output and any(Path(args.output).resolve() == path.resolve() for _, path in files):
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


def _texts(files: list[tuple[str, Path]]) -> Iterator[str]:
    for _, path in files:
        try:
            yield read_document(path)[0].text
        except NewscleanError:
            continue  # reported when the file is cleaned


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

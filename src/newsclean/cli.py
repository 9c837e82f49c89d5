"""The ``newsclean`` command: ``newsclean clean ...`` and ``newsclean aliases suggest ...``.

Exit codes: 0 all went well; 1 some input files failed (each is reported, the rest
are done); 2 the command itself was wrong (bad arguments, a bad rule pack or alias
table, a missing or unreadable input folder).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Iterator, Sequence

from . import __version__
from .aliases import AliasTable
from .cleaning import Cleaner, RepeatedLines
from .document import Document
from .errors import AliasTableError, NewscleanError, RulePackError
from .io import AtomicTextWriter, atomic_write, decode_bytes, find_text_files, is_inside, read_document
from .report import error_line, explain, report_line

log = logging.getLogger("newsclean")

EXAMPLES = """examples:
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
    c.add_argument("--rules", action="append", default=[], metavar="PACK.toml", help="add a rule pack (repeatable)")
    c.add_argument("--disable", action="append", default=[], metavar="NAME", help="switch off a step, rule or kind (repeatable)")
    c.add_argument("--aliases", metavar="TABLE", help="normalise names with an alias table (.toml, .json or .csv)")
    c.add_argument("--glossary", metavar="GLOSSARY.toml",
                   help="source-language words and their English, to resolve untranslated words in brackets")
    c.add_argument("--phrases", metavar="PHRASES.toml", help="a table of known mistranslations to fix")
    c.add_argument("--languages", metavar="CODES",
                   help="flag paragraphs in languages other than these (comma-separated langdetect codes: en,de)")
    c.add_argument("--drop-other-languages", action="store_true",
                   help="remove the paragraphs --languages would flag instead of flagging them")
    c.add_argument("--no-corpus-lines", action="store_true", help="do not drop lines repeated across the folder's documents")
    c.add_argument("--no-progress", action="store_true", help="never show a progress bar")
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
    if args.drop_other_languages and not args.languages:
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


def _clean_folder(source: Path, output: Path, args: argparse.Namespace, cleaner: Cleaner) -> int:
    files = list(find_text_files(source))
    corpus = None
    if not args.no_corpus_lines and "site_chrome.corpus_repeated" in cleaner.rules.names():
        corpus = RepeatedLines.build(_texts(files))
        log.info("%d lines recur across documents of %s", len(corpus), source)
    failed = 0
    names: Counter[str] = Counter()  # replacements per alias-table entry
    with AtomicTextWriter(output / "report.jsonl") as report:
        for doc_id, path in _progress(files, not args.no_progress):
            try:
                doc, decoded = read_document(path, doc_id)
                result = cleaner.clean(doc, corpus=corpus)
                atomic_write(output / doc_id, result.text)
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
    try:
        if args.output:
            atomic_write(args.output, text)
        else:
            sys.stdout.write(text)
    except OSError as exc:
        print(f"newsclean: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
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

"""Reading documents from disk and writing results: decoding, folders, atomic writes, and
the journal that lets an interrupted folder run resume."""

from __future__ import annotations

import codecs
import errno
import hashlib
import json
import logging
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from .document import Document
from .errors import InputError, OutputError

log = logging.getLogger("newsclean")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_TEXT_CONTROLS = {9, 10, 12, 13, 27}
TEMP_SUFFIX = ".newsclean-tmp"
"""How the temporary files of :func:`atomic_output` end (``.<name>.<8 random>.newsclean-tmp``)."""
_TEMP_NAME = re.compile(r"\..*\.[a-z0-9_]{8}" + re.escape(TEMP_SUFFIX))
_FILE_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
               (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


@dataclass(frozen=True)
class Decoded:
    """A file's text, the encoding it was read with, and what was wrong with its bytes."""

    text: str
    encoding: str
    problems: tuple[str, ...] = ()


def decode_bytes(data: bytes, path: str = "<bytes>") -> Decoded:
    """Decode a file's bytes: a BOM decides, else UTF-8; bad bytes become U+FFFD and
    are reported (with the line they are on), never dropped silently. NUL characters
    become U+FFFD too, and are reported. Bytes that look binary (a NUL and more than 5%
    control bytes in the first 8 KiB) raise :class:`~newsclean.errors.InputError`.

    >>> decode_bytes("café".encode("utf-8")).text
    'café'
    >>> decode_bytes(b"caf\\xe9\\n").problems
    ('invalid UTF-8 byte 0xe9 at line 1, column 4; decoded with U+FFFD replacement',)
    >>> decode_bytes(b"The council met on Tuesday.\\x00\\n").problems
    ('NUL (U+0000) at line 1, column 28; replaced with U+FFFD',)
    """
    decoded = _decode(data, path)
    first = decoded.text.find("\x00")
    if first < 0:
        return decoded
    text = decoded.text
    count = text.count("\x00")
    line = text.count("\n", 0, first) + 1
    column = first - (text.rfind("\n", 0, first) + 1) + 1
    more = f" and {count - 1} more" if count > 1 else ""
    problem = f"NUL (U+0000) at line {line}, column {column}{more}; replaced with U+FFFD"
    return Decoded(text.replace("\x00", "\ufffd"), decoded.encoding, decoded.problems + (problem,))


def _decode(data: bytes, path: str) -> Decoded:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding)
            except UnicodeDecodeError as exc:
                text = data.decode(encoding, errors="replace")
                return Decoded(text, encoding, (f"invalid {encoding} at byte {exc.start}; decoded with U+FFFD replacement",))
    head = data[:8192]
    if head:
        controls = sum(1 for b in head if b < 32 and b not in _TEXT_CONTROLS)
        if b"\x00" in head and controls / len(head) > 0.05:
            line = data[: data.index(b"\x00")].count(b"\n") + 1
            reason = "binary file (NUL and control bytes), not text"
            if len(head) >= 16 and max(head[0::2].count(0), head[1::2].count(0)) > 0.8 * (len(head) // 2):
                reason += "; it may be UTF-16 without a byte-order mark (save it as UTF-8, or with a BOM)"
            raise InputError(path, reason, line)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = data[exc.start]
        count = data.decode("utf-8", errors="replace").count("\ufffd") - data.count("\ufffd".encode())
        more = f" and {count - 1} more" if count > 1 else ""
        return Decoded(
            data.decode("utf-8", errors="replace"),
            "utf-8",
            (f"invalid UTF-8 byte 0x{bad:02x} at line {line}, column {column}{more}; decoded with U+FFFD replacement",),
        )


def read_bytes(path: str | Path, *, max_bytes: int | None = None) -> bytes:
    """The bytes of one regular file, or :class:`~newsclean.errors.InputError` saying why
    not: missing, a broken link, a link loop, no permission, a folder, a named pipe or
    device (never read, so a FIFO cannot hang a run), or more than ``max_bytes``."""
    p = Path(path)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused below)
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise InputError(str(p), f"cannot read: {_open_failure(p, exc)}") from None
    with os.fdopen(fd, "rb") as fh:
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                kind = next((name for test, name in _FILE_KINDS if test(info.st_mode)), "not a regular file")
                raise InputError(str(p), f"cannot read: {kind}, not a file")
            if max_bytes is not None and info.st_size > max_bytes:
                raise InputError(str(p), _too_large(info.st_size, max_bytes))
            data = fh.read() if max_bytes is None else fh.read(max_bytes + 1)
        except OSError as exc:
            raise InputError(str(p), f"cannot read: {exc.strerror or exc}") from None
    if max_bytes is not None and len(data) > max_bytes:  # it grew while being read
        raise InputError(str(p), _too_large(len(data), max_bytes))
    return data


def _open_failure(p: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "a loop of symbolic links"
    if isinstance(exc, FileNotFoundError) and p.is_symlink():
        return f"a broken symbolic link (to {os.readlink(p)!r})"
    return exc.strerror or str(exc)


def _too_large(size: int, limit: int) -> str:
    return f"too large: {size:,} bytes, over the limit of {limit:,} bytes (--max-size)"


def document_from_bytes(data: bytes, path: str | Path, doc_id: str | None = None) -> tuple[Document, Decoded]:
    """A file's bytes as a :class:`Document` (id: ``doc_id`` or the path), decoded by
    :func:`decode_bytes`."""
    decoded = decode_bytes(data, str(path))
    meta = {"path": str(path), "encoding": decoded.encoding}
    return Document(doc_id if doc_id is not None else str(path), decoded.text, meta), decoded


def read_document(path: str | Path, doc_id: str | None = None, *,
                  max_bytes: int | None = None) -> tuple[Document, Decoded]:
    """Read one text file as a :class:`Document` (id: ``doc_id`` or the path); see
    :func:`read_bytes` for what is refused and :func:`decode_bytes` for the decoding."""
    return document_from_bytes(read_bytes(path, max_bytes=max_bytes), Path(path), doc_id)


def find_text_files(root: str | Path, pattern: str = ".txt", *,
                    onerror: Callable[[InputError], None] | None = None) -> Iterator[tuple[str, Path]]:
    """``(relative id, path)`` of every ``*.txt`` under ``root``, sorted, streamed (a
    generator: one folder's names at a time are held, never the files' contents).

    Symbolic links to folders are not followed (no loops); hidden folders are skipped.
    Anything else named ``*.txt`` is listed (a link, a named pipe) for the reader to
    judge. A folder that cannot be listed is passed to ``onerror`` as an
    :class:`~newsclean.errors.InputError` (by default it is logged as a warning), and
    the walk goes on.
    """
    base = Path(root)

    def failed(exc: OSError) -> None:
        error = InputError(str(exc.filename or base), f"cannot list the folder: {exc.strerror or exc}; its files are left out")
        if onerror is None:
            log.warning("%s", error)
        else:
            onerror(error)

    for folder, dirs, files in os.walk(base, onerror=failed, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith(pattern):
                path = Path(folder) / name
                yield path.relative_to(base).as_posix(), path


def digest(data: bytes) -> str:
    """A short content digest (BLAKE2b, 128 bits, hex) for telling files apart."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def atomic_write(path: str | Path, text: str) -> None:
    """Write ``text`` so that ``path`` is either the complete new file or untouched."""
    with atomic_output(path, binary=False) as fh:
        fh.write(text)


def _process_umask() -> int:
    mask = os.umask(0o022)  # reading the umask means setting it: done once, at import
    os.umask(mask)
    return mask


_UMASK = _process_umask()


def _temp_file(target: Path) -> tuple[int, str]:
    """A temporary file beside ``target`` with the mode the finished file should have.

    ``mkstemp`` makes it 0600; a plain ``open`` would have made 0666 less the umask, and
    a file being replaced keeps its own mode, so that is what the temporary file gets.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mode = 0o666 & ~_UMASK
    try:
        os.fchmod(fd, mode)
    except OSError:  # a file system without modes (some mounts): mkstemp's mode stays
        pass
    return fd, tmp


@contextmanager
def atomic_output(path: str | Path, *, binary: bool = True) -> Iterator[IO[Any]]:
    """A file to write that replaces ``path`` only when the block ends without an error.

    It is written beside ``path`` under a temporary name (hidden, ending in
    :data:`TEMP_SUFFIX`), flushed to disk, then renamed over ``path``; on any error the
    temporary file is removed and ``path`` is untouched. A process killed mid-write
    leaves the temporary file; :func:`remove_temp_files` clears such leftovers.
    """
    target = Path(path)
    fd, tmp = _temp_file(target)
    try:
        with (os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


class AtomicTextWriter:
    """A file written line by line that appears under its name only when closed cleanly."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        fd, self._tmp = _temp_file(self.path)
        self._fh = os.fdopen(fd, "w", encoding="utf-8", newline="")

    def write(self, text: str) -> None:
        self._fh.write(text)

    def __enter__(self) -> AtomicTextWriter:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()
            os.replace(self._tmp, self.path)
        else:
            self._fh.close()
            os.unlink(self._tmp)


def remove_temp_files(folder: str | Path) -> int:
    """Remove the temporary files that :func:`atomic_output` left under ``folder`` when
    its process was killed (their names say they are newsclean's); how many went.

    Only safe when no other process is writing there (see :class:`Journal`). Hidden
    folders are not searched (no output goes there)."""
    removed = 0
    for where, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if _TEMP_NAME.fullmatch(name):
                try:
                    os.unlink(os.path.join(where, name))
                    removed += 1
                except FileNotFoundError:
                    pass
    return removed


def is_inside(child: str | Path, parent: str | Path) -> bool:
    """True when ``child`` is ``parent`` or below it (after resolving links)."""
    c, p = Path(os.path.realpath(child)), Path(os.path.realpath(parent))  # realpath: a link loop does not raise
    return c == p or p in c.parents


JOURNAL_NAME = ".newsclean-journal.jsonl"
"""The journal's file name in an output folder (:class:`Journal`)."""


class Journal:
    """The record of a folder run in progress, so that an interrupted run can resume.

    ``OUT/.newsclean-journal.jsonl`` holds a header line ``{"newsclean_journal": 1,
    "options": {...}}`` (what the outputs depend on besides the input files), then one
    line per document, appended once the document's output file has been written
    (atomically, and synced to disk): ``{"id", "input", "output", "report"}``, the digests of
    the input's bytes and of the written output and the document's ``report.jsonl`` line;
    or ``{"id", "report", "failed": true}`` for a document that failed. The last line of
    an id counts. A line torn by a kill is cut off when the journal is loaded.

    Each line is flushed to the operating system at once, which is all a killed process
    needs; it is synced to disk at most every :attr:`SYNC_SECONDS` (and when the journal
    is closed), as a sync per document would double the cost of writing the outputs. A
    power cut can so lose the last second's lines: those documents are cleaned again,
    and their outputs, complete either way, are written again.

    Opening it locks it (``flock``, where the system has it), so two runs cannot write
    into one folder at once; the lock goes with the process, however it ends. Opening
    also removes the temporary files a killed run left (:func:`remove_temp_files`). A
    finished run calls :meth:`finish`, which removes the file: while it exists, the run
    is unfinished.
    """

    VERSION = 1
    SYNC_SECONDS = 1.0

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / JOURNAL_NAME
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
        except OSError as exc:
            raise OutputError(str(self.folder), f"cannot write into the output folder: {exc.strerror or exc}") from None
        self._fh = os.fdopen(fd, "r+b")
        if not _lock(fd):
            self._fh.close()
            raise OutputError(str(self.folder), "another newsclean run is writing into this folder")
        self.options: dict[str, Any] | None = None
        """The options in the header :meth:`load` found (None: no usable journal)."""
        self._index: dict[str, tuple[int, int]] = {}  # id -> (offset, length) of its last line
        self._end = 0
        self._synced = time.monotonic()
        self.removed_temp_files = remove_temp_files(self.folder)

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        return len(self._index)

    @property
    def is_empty(self) -> bool:
        return os.fstat(self._fh.fileno()).st_size == 0

    def load(self) -> dict[str, Any] | None:
        """Read what an earlier run left: the header's options (also ``self.options``;
        None when there is no journal newsclean can read) and the entries, whose torn
        last line, if any, is cut off."""
        self._index.clear()
        self.options = None
        fh = self._fh
        fh.seek(0)
        offset = 0
        for raw in fh:
            if not raw.endswith(b"\n"):
                break  # torn by a kill in the middle of an append
            try:
                record = json.loads(raw)
            except ValueError:
                record = None
            if offset == 0:
                if not (isinstance(record, dict) and record.get("newsclean_journal") == self.VERSION
                        and isinstance(record.get("options"), dict)):
                    break
                self.options = record["options"]
            elif isinstance(record, dict) and isinstance(record.get("id"), str) and isinstance(record.get("report"), str):
                self._index[record["id"]] = (offset, len(raw))
            offset += len(raw)
        if self.options is None:
            self._index.clear()
            return None
        self._end = offset
        fh.truncate(offset)
        return self.options

    def begin(self, options: dict[str, Any]) -> None:
        """Start a new journal (whatever was there goes): the header with ``options``."""
        self._index.clear()
        self.options = options
        self._end = 0
        self._fh.truncate(0)
        self._append(json.dumps({"newsclean_journal": self.VERSION, "options": options}) + "\n")

    def entry(self, doc_id: str) -> dict[str, Any] | None:
        """The last entry of ``doc_id``, or None."""
        where = self._index.get(doc_id)
        if where is None:
            return None
        self._fh.seek(where[0])
        return json.loads(self._fh.read(where[1]))  # type: ignore[no-any-return]

    def record(self, doc_id: str, report: str, *, input_digest: str | None = None,
               output_digest: str | None = None) -> None:
        """Note that ``doc_id`` is done: its ``report.jsonl`` line and the digests of its
        input and of its written output; without an output digest, that it failed."""
        entry: dict[str, Any] = {"id": doc_id, "report": report}
        if output_digest is None:
            entry["failed"] = True
        else:
            entry.update(input=input_digest, output=output_digest)
        offset = self._end
        self._index[doc_id] = (offset, self._append(json.dumps(entry) + "\n"))

    def _append(self, line: str) -> int:
        data = line.encode("ascii")  # json.dumps escapes the rest
        fh = self._fh
        try:
            fh.seek(self._end)
            fh.write(data)
            fh.flush()  # a killed process loses nothing written before
            if time.monotonic() - self._synced >= self.SYNC_SECONDS or self._end == 0:
                self._sync()
        except OSError as exc:
            raise OutputError(str(self.path), f"cannot write the journal: {exc.strerror or exc}; the run stopped "
                              "(--resume finishes it)") from None
        self._end += len(data)
        return len(data)

    def _sync(self) -> None:
        getattr(os, "fdatasync", os.fsync)(self._fh.fileno())
        self._synced = time.monotonic()

    def write_report(self, path: str | Path, ids: Iterable[str]) -> None:
        """Write the ``report`` lines of ``ids``, in that order, to ``path`` (atomically)."""
        with AtomicTextWriter(path) as out:
            for doc_id in ids:
                found = self.entry(doc_id)
                if found is not None:
                    out.write(found["report"])

    def finish(self) -> None:
        """The run is complete: remove the journal (and let go of the folder)."""
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass
        self._fh.close()

    def close(self) -> None:
        """Let go of the folder, leaving the journal for a later ``--resume``."""
        if not self._fh.closed:
            try:
                self._fh.flush()
                self._sync()
            except OSError:
                pass
            self._fh.close()


def _lock(fd: int) -> bool:
    """Lock ``fd`` for this process alone; False when another process holds it."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: not guarded
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as exc:  # a file system without locks (some network mounts): go on unguarded
        log.debug("cannot lock %s: %s", fd, exc)
    return True

"""Reading documents from disk and writing results: decoding, folders, atomic writes."""

from __future__ import annotations

import codecs
import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Iterator

from .document import Document
from .errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_TEXT_CONTROLS = {9, 10, 12, 13, 27}


@dataclass(frozen=True)
class Decoded:
    """A file's text, the encoding it was read with, and what was wrong with its bytes."""

    text: str
    encoding: str
    problems: tuple[str, ...] = ()


def decode_bytes(data: bytes, path: str = "<bytes>") -> Decoded:
    """Decode a file's bytes: a BOM decides, else UTF-8; bad bytes become U+FFFD and
    are reported (with the line they are on), never dropped silently.

    >>> decode_bytes("café".encode("utf-8")).text
    'café'
    >>> decode_bytes(b"caf\\xe9\\n").problems
    ('invalid UTF-8 byte 0xe9 at line 1, column 4; decoded with U+FFFD replacement',)
    """
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
            raise InputError(path, "binary file (NUL and control bytes), not text", line)
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


def read_document(path: str | Path, doc_id: str | None = None) -> tuple[Document, Decoded]:
    """Read one text file as a :class:`Document` (id: ``doc_id`` or the path)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(str(p), f"cannot read: {exc.strerror or exc}") from None
    decoded = decode_bytes(data, str(p))
    meta = {"path": str(p), "encoding": decoded.encoding}
    return Document(doc_id if doc_id is not None else str(p), decoded.text, meta), decoded


def find_text_files(root: str | Path, pattern: str = ".txt") -> Iterator[tuple[str, Path]]:
    """``(relative id, path)`` of every ``*.txt`` under ``root``, sorted, streamed.

    Symbolic links to folders are not followed (no loops); hidden folders are skipped.
    """
    base = Path(root)
    for folder, dirs, files in os.walk(base, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith(pattern):
                path = Path(folder) / name
                yield path.relative_to(base).as_posix(), path


def atomic_write(path: str | Path, text: str) -> None:
    """Write ``text`` so that ``path`` is either the complete new file or untouched."""
    with atomic_output(path, binary=False) as fh:
        fh.write(text)


@contextmanager
def atomic_output(path: str | Path, *, binary: bool = True) -> Iterator[IO[Any]]:
    """A file to write that replaces ``path`` only when the block ends without an error.

    It is written beside ``path`` under a temporary name, flushed to disk, then renamed
    over ``path``; on any error the temporary file is removed and ``path`` is untouched.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
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
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self._tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        self._fh = os.fdopen(fd, "w", encoding="utf-8", newline="")

    def write(self, text: str) -> None:
        self._fh.write(text)

    def __enter__(self) -> "AtomicTextWriter":
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


def is_inside(child: str | Path, parent: str | Path) -> bool:
    """True when ``child`` is ``parent`` or below it (after resolving links)."""
    c, p = Path(child).resolve(), Path(parent).resolve()
    return c == p or p in c.parents

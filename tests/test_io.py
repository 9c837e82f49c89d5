"""Reading and writing files: decoding, folder walks, atomic writes."""

from __future__ import annotations

import codecs
import os
import stat
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsclean import InputError
from newsclean.io import AtomicTextWriter, atomic_write, decode_bytes, find_text_files, is_inside, read_document

PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"


# --- decode_bytes ------------------------------------------------------------------------


def test_utf8_is_decoded_without_problems():
    decoded = decode_bytes("Café “news” — Москва\n".encode())
    assert decoded.text == "Café “news” — Москва\n"
    assert decoded.encoding == "utf-8" and decoded.problems == ()


def test_a_utf8_bom_is_dropped():
    decoded = decode_bytes(codecs.BOM_UTF8 + "Café\n".encode())
    assert decoded.text == "Café\n"
    assert decoded.encoding == "utf-8-sig" and decoded.problems == ()


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_a_bom_is_decoded(codec):
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    decoded = decode_bytes(bom + "Café “news”\n".encode(codec))
    assert decoded.text == "Café “news”\n"
    assert decoded.encoding == "utf-16" and decoded.problems == ()


def test_utf32_with_a_bom_is_decoded():
    decoded = decode_bytes("Café\n".encode("utf-32"))
    assert decoded.text == "Café\n" and decoded.encoding == "utf-32"


def test_invalid_utf8_becomes_replacement_characters_and_a_problem_naming_line_and_column():
    decoded = decode_bytes(b"first line\nab\xffc\n", "f.txt")
    assert decoded.text == "first line\nab\ufffdc\n"
    [problem] = decoded.problems
    assert "0xff" in problem and "line 2, column 3" in problem and "U+FFFD" in problem


def test_every_invalid_byte_is_counted_in_the_problem():
    decoded = decode_bytes(b"caf\xe9 and na\xefve\n")
    assert decoded.text.count("\ufffd") == 2
    assert "line 1, column 4 and 1 more" in decoded.problems[0]


def test_replacement_characters_already_in_the_file_are_not_counted_as_bad_bytes():
    decoded = decode_bytes("ok \ufffd".encode("utf-8") + b" \xff\n")
    assert decoded.text == "ok \ufffd \ufffd\n"
    [problem] = decoded.problems
    assert "line 1, column 8;" in problem  # one bad byte, no "and N more"


def test_a_bad_utf16_tail_is_reported_not_dropped():
    decoded = decode_bytes(codecs.BOM_UTF16_LE + "hi".encode("utf-16-le") + b"\x00")
    assert decoded.text.startswith("hi") and decoded.text.endswith("\ufffd")
    assert decoded.problems and "utf-16" in decoded.problems[0]


def test_binary_data_is_an_input_error_naming_the_file_and_line():
    with pytest.raises(InputError) as info:
        decode_bytes(b"line one\nline two\n" + bytes(range(32)) * 10, "photos/cat.txt")
    assert info.value.path == "photos/cat.txt" and info.value.line == 3
    assert str(info.value).startswith("photos/cat.txt:3: binary file")


def test_a_png_is_binary():
    with pytest.raises(InputError, match="binary"):
        decode_bytes(PNG_HEADER * 4, "image.txt")


def test_empty_bytes_are_empty_text():
    assert decode_bytes(b"").text == ""


@given(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufeff")))
def test_any_utf8_text_round_trips(text):
    try:
        decoded = decode_bytes(text.encode("utf-8"))
    except InputError:
        # text made mostly of control characters (with NUL) counts as binary
        assert "\x00" in text
        return
    if "\x00" in text:  # NUL becomes U+FFFD, and is reported
        assert decoded.text == text.replace("\x00", "\ufffd")
        assert len(decoded.problems) == 1 and decoded.problems[0].startswith("NUL (U+0000) at line ")
        return
    assert decoded.text == text and decoded.problems == ()


# --- read_document --------------------------------------------------------------------------


def test_read_document_uses_the_path_or_the_given_id(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(codecs.BOM_UTF8 + b"Story.\n")
    doc, _decoded = read_document(path)
    assert doc.id == str(path) and doc.text == "Story.\n"
    assert doc.meta == {"path": str(path), "encoding": "utf-8-sig"}
    assert read_document(path, "rel/a.txt")[0].id == "rel/a.txt"


def test_read_document_of_a_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="cannot read") as info:
        read_document(tmp_path / "missing.txt")
    assert info.value.path == str(tmp_path / "missing.txt")


# --- atomic writes ----------------------------------------------------------------------------


def test_atomic_write_writes_the_exact_text_and_leaves_no_temp_file(tmp_path):
    target = tmp_path / "deep" / "er" / "out.txt"
    atomic_write(target, "Line one\r\nLine two — ok\n")
    assert target.read_bytes() == "Line one\r\nLine two — ok\n".encode()
    assert [p.name for p in target.parent.iterdir()] == ["out.txt"]


def test_atomic_write_replaces_an_existing_file(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    atomic_write(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_a_failed_atomic_write_keeps_the_old_file_and_removes_the_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        atomic_write(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_an_atomic_text_writer_appears_only_when_closed(tmp_path):
    target = tmp_path / "report.jsonl"
    with AtomicTextWriter(target) as out:
        out.write("{}\n")
        assert not target.exists()
    assert target.read_text(encoding="utf-8") == "{}\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.jsonl"]


def test_an_atomic_text_writer_leaves_nothing_when_its_block_fails(tmp_path):
    target = tmp_path / "report.jsonl"
    with pytest.raises(RuntimeError), AtomicTextWriter(target) as out:
        out.write("partial\n")
        raise RuntimeError("interrupted")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_a_new_output_file_gets_the_mode_open_would_give_it(tmp_path, umask, mode):
    # the umask is read once, when newsclean.io is imported: a fresh interpreter sets it first
    script = (f"import os; os.umask({umask:#o}); from newsclean.io import atomic_write, AtomicTextWriter\n"
              f"atomic_write({str(tmp_path / 'a.txt')!r}, 'text')\n"
              f"with AtomicTextWriter({str(tmp_path / 'b.jsonl')!r}) as w:\n    w.write('{{}}')\n")
    subprocess.run([sys.executable, "-c", script], check=True)
    assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.iterdir()} == {"a.txt": mode, "b.jsonl": mode}


@pytest.mark.parametrize("mode", [0o600, 0o644, 0o664])
def test_a_replaced_output_file_keeps_its_mode(tmp_path, mode):
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(mode)
    atomic_write(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(target.stat().st_mode) == mode


# --- folders ----------------------------------------------------------------------------------


def test_find_text_files_walks_nested_folders_in_sorted_order(tmp_path):
    for rel in ["b.txt", "a.txt", "sub/c.txt", "sub/deeper/d.txt", "notes.md", "sub/e.TXT.bak"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    found = list(find_text_files(tmp_path))
    assert [rel for rel, _ in found] == ["a.txt", "b.txt", "sub/c.txt", "sub/deeper/d.txt"]
    assert all(path == tmp_path / rel for rel, path in found)


def test_find_text_files_finds_names_with_spaces_and_non_ascii(tmp_path):
    names = ["with space.txt", "Müller & Söhne.txt", "новости.txt", "日本 語/記事.txt"]
    for rel in names:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    assert sorted(rel for rel, _ in find_text_files(tmp_path)) == sorted(names)


def test_find_text_files_skips_hidden_folders(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("x", encoding="utf-8")
    (tmp_path / "ok.txt").write_text("x", encoding="utf-8")
    assert [rel for rel, _ in find_text_files(tmp_path)] == ["ok.txt"]


def test_find_text_files_does_not_follow_a_symlink_loop(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "story.txt").write_text("x", encoding="utf-8")
    os.symlink(tmp_path, tmp_path / "a" / "loop", target_is_directory=True)
    os.symlink(tmp_path / "a", tmp_path / "a" / "self", target_is_directory=True)
    assert [rel for rel, _ in find_text_files(tmp_path)] == ["a/story.txt"]


def test_is_inside(tmp_path):
    (tmp_path / "in" / "out").mkdir(parents=True)
    assert is_inside(tmp_path / "in" / "out", tmp_path / "in")
    assert is_inside(tmp_path / "in", tmp_path / "in")
    assert not is_inside(tmp_path / "in", tmp_path / "in" / "out")
    assert not is_inside(tmp_path / "inside", tmp_path / "in")  # a prefix is not a parent
    os.symlink(tmp_path / "in", tmp_path / "alias", target_is_directory=True)
    assert is_inside(tmp_path / "alias" / "out", tmp_path / "in")

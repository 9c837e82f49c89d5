"""newsclean on Dask (newsclean.distributed): the same cleaning as in one process, on one
real two-process LocalCluster; readers and writers; `newsclean run --workers/--dask`."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="needs the dask extra: pip install 'newsclean[dask]'")
pytest.importorskip("pyarrow", reason="needs the dask extra: pip install 'newsclean[dask]'")

import dask.dataframe as dd
import pandas as pd
from distributed import Client, LocalCluster, default_client

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

import newsclean.distributed as nd
from newsclean import Cleaner, Document, RepeatedLines
from newsclean.cli import main
from newsclean.io import find_text_files, read_document
from newsclean.report import document_language

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "seeds"
BOILERPLATE = tomllib.loads((ROOT / "tests" / "fixtures" / "seed_boilerplate.toml").read_text(encoding="utf-8"))["files"]
BINARY = b"\x89PNG\r\n\x1a\n" + bytes(range(32)) * 20
LATIN1 = "Caf\xe9 owners said the new routes would help the old town.\n".encode("latin-1")


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1",
                      scheduler_kwargs={"dashboard_address": "127.0.0.1:0"}) as cluster, Client(cluster) as c:
        yield c


def seeds() -> list[tuple[str, str]]:
    return [(p.name, p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]


def derived() -> list[tuple[str, str]]:
    """Texts made from the seeds and the boilerplate lines of tests/fixtures: each seed's
    halves, wrapped in one site's header and footer (lines repeated across documents that
    are not copies: RepeatedLines finds them), with another seed's boilerplate lines in
    between; a syndicated copy; CRLF line ends; an empty and a blank text."""
    out = []
    texts = seeds()
    for n, (name, text) in enumerate(texts):
        paragraphs = [p for p in text.split("\n\n") if p.strip()]
        half = len(paragraphs) // 2
        other = BOILERPLATE[texts[(n + 1) % len(texts)][0][:3]]["boilerplate"]
        for part, chunk in (("a", paragraphs[:half]), ("b", paragraphs[half:])):
            body = "\n\n".join(chunk[:1] + other[:1] + chunk[1:] + other[1:])
            out.append((f"site/{name[:3]}{part}.txt",
                        f"The Minsk Evening Courier\nMonday edition\n\n{body}\n\n"
                        "Follow the Minsk Evening Courier on Telegram\nAll rights reserved by the publisher\n"))
    out.append(("copy.txt", "[ad_1]\n\n" + texts[1][1] + "\nLeave a Comment\n"))
    out.append(("crlf.txt", texts[2][1].replace("\n", "\r\n")))
    out.append(("empty.txt", ""))
    out.append(("blank.txt", " \n\n\t\n"))
    return out


def frame_of(docs: list[tuple[str, str | None]], npartitions: int = 3, **columns: list) -> dd.DataFrame:
    data = {"id": [d for d, _ in docs], "text": pd.array([t for _, t in docs], dtype="string[pyarrow]")}
    data.update(columns)
    return dd.from_pandas(pd.DataFrame(data), npartitions=npartitions, sort=False)


def assert_same_as_in_process(out: pd.DataFrame, docs: list[tuple[str, str]], cleaner: Cleaner,
                              corpus: RepeatedLines | None = None) -> None:
    assert out["id"].tolist() == [d for d, _ in docs]
    for row, (doc_id, text) in zip(out.itertuples(index=False), docs):
        expected = cleaner.clean(Document(doc_id, text), corpus=corpus)
        assert row.text == expected.text, doc_id  # byte-identical
        assert json.loads(row.changes) == [c.to_dict() for c in expected.changes], doc_id
        assert row.changes == json.dumps([c.to_dict() for c in expected.changes], ensure_ascii=False)
        assert json.loads(row.flags) == [f.to_dict() for f in expected.flags], doc_id
        assert json.loads(row.meta) == [m.to_dict() for m in expected.meta], doc_id
        language = document_language(expected)
        if language is None:
            assert pd.isna(row.language) and pd.isna(row.language_probability)
        else:
            assert {"code": row.language, "probability": row.language_probability} == language
        assert pd.isna(row.error)


# --- the package without Dask ---------------------------------------------------------------


def test_importing_newsclean_and_the_package_loads_no_dask():
    code = ("import sys, newsclean, newsclean.distributed, newsclean.cli; newsclean.clean('x'); "
            "print(*[m in sys.modules for m in ('dask', 'distributed', 'pyarrow', 'pandas')])")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.split() == ["False"] * 4


def test_without_the_extra_the_error_names_what_is_missing_and_the_pip_command(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # `import pyarrow` now fails
    with pytest.raises(ImportError, match=r"needs pyarrow, which is not installed: pip install 'newsclean\[dask\]'"):
        nd.require_dask()
    with pytest.raises(ImportError, match=r"pip install 'newsclean\[dask\]'"):
        nd.clean_dataframe  # noqa: B018
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(ImportError, match=r"needs distributed, pyarrow, which are not installed"):
        nd.require_dask()


def test_run_with_workers_without_the_extra_is_a_usage_error_naming_the_pip_command(monkeypatch, tmp_path, capsys):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    assert main(["run", str(SEEDS), "-o", str(tmp_path / "out"), "--workers", "2"]) == 2
    assert "pip install 'newsclean[dask]'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_the_package_names_its_functions_and_refuses_others():
    assert {"clean_dataframe", "read_folder", "read_jsonl", "read_parquet", "write_jsonl", "write_parquet",
            "client_for", "find_duplicates_dask", "require_dask"} <= set(dir(nd))
    with pytest.raises(AttributeError):
        nd.no_such_thing  # noqa: B018


# --- clean_dataframe -----------------------------------------------------------------------------


def test_the_seeds_come_out_exactly_as_in_one_process(client):
    docs = seeds()
    out = nd.clean_dataframe(frame_of(docs)).compute()
    assert_same_as_in_process(out, docs, Cleaner())
    assert list(out.columns) == ["id", "text", "changes", "flags", "meta", "language", "language_probability", "error"]


def test_texts_derived_from_the_fixtures_come_out_exactly_as_in_one_process(client):
    docs = derived()
    options = {"aliases": str(ROOT / "examples" / "aliases" / "belarus-2020.toml"), "languages": "en"}
    out = nd.clean_dataframe(frame_of(docs, npartitions=4), **options).compute()
    assert_same_as_in_process(out, docs, Cleaner(**options))


def test_the_corpus_of_repeated_lines_is_the_one_process_s_and_cleans_the_same(client):
    docs = derived()
    frame = frame_of(docs, npartitions=4)
    expected = RepeatedLines.build(text for _, text in docs)
    assert len(expected) >= 4  # the site's header and footer lines
    assert nd.repeated_lines(frame).keys == expected.keys
    assert nd.repeated_lines(frame_of(docs[:5])).keys == frozenset()  # too small a batch, as in one process
    out = nd.clean_dataframe(frame, corpus=True).compute()
    assert_same_as_in_process(out, docs, Cleaner(), expected)
    assert "Follow the Minsk Evening Courier" not in out["text"].iloc[0]


def test_other_columns_are_kept_and_rows_without_text_are_left_alone(client):
    docs = [("a", "[ad_1]\n\nThe story.\n"), ("b", None), ("c", "Another story.\n")]
    frame = frame_of(docs, npartitions=2, source=["x", "y", "z"],
                     error=pd.array([None, "InputError: unreadable", None], dtype="string[pyarrow]"))
    out = nd.clean_dataframe(frame).compute()
    assert out["source"].tolist() == ["x", "y", "z"]
    assert out["text"].iloc[0] == "The story.\n" and pd.isna(out["text"].iloc[1])
    assert pd.isna(out["changes"].iloc[1])
    assert out["error"].tolist()[1] == "InputError: unreadable" and pd.isna(out["error"].iloc[0])


def test_a_cleaner_factory_works_and_a_cleaner_is_refused_with_the_way_out(client):
    docs = seeds()[:2]
    factory = functools.partial(Cleaner, disable=["translation"])
    out = nd.clean_dataframe(frame_of(docs, npartitions=2), cleaner=factory).compute()
    assert_same_as_in_process(out, docs, factory())
    with pytest.raises(TypeError, match="options"):
        nd.clean_dataframe(frame_of(docs), cleaner=Cleaner())
    with pytest.raises(KeyError, match="body"):
        nd.clean_dataframe(frame_of(docs), text_column="body")


def test_a_bad_rule_pack_fails_before_anything_runs(tmp_path):
    with pytest.raises(Exception, match="no-such-pack"):
        nd.clean_dataframe(frame_of(seeds()), rule_packs=[str(tmp_path / "no-such-pack.toml")])


# --- readers and writers -------------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    for doc_id, text in derived():
        (src / doc_id).parent.mkdir(parents=True, exist_ok=True)
        (src / doc_id).write_bytes(text.encode("utf-8"))
    (src / "photo.txt").write_bytes(BINARY)
    (src / "latin1.txt").write_bytes(LATIN1)
    (src / "notes.md").write_text("not a .txt file\n", encoding="utf-8")
    return src


def test_read_folder_reads_as_the_command_line_does_and_keeps_bad_files_with_their_error(client, folder):
    frame = nd.read_folder(folder, npartitions=3)
    assert frame.npartitions == 3
    rows = frame.compute()
    expected = list(find_text_files(folder))
    assert rows["id"].tolist() == [doc_id for doc_id, _ in expected]
    for row, (doc_id, path) in zip(rows.itertuples(index=False), expected):
        if doc_id == "photo.txt":
            assert pd.isna(row.text) and row.error.startswith("InputError: ") and "binary" in row.error
            continue
        doc, decoded = read_document(path, doc_id)
        assert row.text == doc.text and pd.isna(row.error)
        assert json.loads(row.input_problems) == list(decoded.problems)
    assert "0xe9" in rows.set_index("id").loc["latin1.txt", "input_problems"]
    # the bad file goes through cleaning untouched, with its error
    cleaned = nd.clean_dataframe(frame).compute().set_index("id")
    assert "binary" in cleaned.loc["photo.txt", "error"] and pd.isna(cleaned.loc["photo.txt", "text"])
    assert "\ufffd" in cleaned.loc["latin1.txt", "text"]


def test_read_folder_partitions_by_size_and_at_least_min_partitions(folder):
    assert nd.read_folder(folder).npartitions == 1  # far below 64 MiB
    assert nd.read_folder(folder, blocksize=2000).npartitions > 3
    assert nd.read_folder(folder, min_partitions=4).npartitions == 4
    assert nd.read_folder(folder / "site", min_partitions=100).npartitions == 8  # one file each at most
    empty = folder.parent / "empty"
    empty.mkdir()
    assert len(nd.read_folder(empty).compute()) == 0
    with pytest.raises(NotADirectoryError):
        nd.read_folder(folder / "photo.txt")


def test_jsonl_round_trip(client, tmp_path):
    docs = seeds() + [("odd", "Ünïcödé “quotes” — and a line\u2028separator\n")]
    frame = frame_of(docs, npartitions=2, source=["web"] * len(docs))
    files = nd.write_jsonl(frame, tmp_path / "docs")
    assert [Path(f).name for f in files] == ["part.00000.jsonl", "part.00001.jsonl"]
    back = nd.read_jsonl(str(tmp_path / "docs" / "*.jsonl")).compute()
    assert back["id"].tolist() == [d for d, _ in docs]
    assert back["text"].tolist() == [t for _, t in docs]
    assert back["source"].tolist() == ["web"] * len(docs)
    with pytest.raises(FileExistsError):
        nd.write_jsonl(frame, tmp_path / "docs")
    nd.write_jsonl(frame.head(2, npartitions=-1, compute=False).repartition(npartitions=1), tmp_path / "docs",
                   overwrite=True)
    assert sorted(p.name for p in (tmp_path / "docs").iterdir()) == ["part.00000.jsonl"]  # no stale parts
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary folders left


def test_read_jsonl_fields_ids_and_missing_texts(client, tmp_path):
    lines = [{"url": 7, "body": "A story.\n", "tags": ["a", "b"], "site": "x"},
             {"url": "u2", "tags": None, "site": "y"},
             {"url": "u3", "body": 12, "site": "z"}]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in lines) + "\n", encoding="utf-8")
    back = nd.read_jsonl(path, id_field="url", text_field="body").compute()
    assert back["id"].tolist() == ["7", "u2", "u3"]
    assert back["text"].iloc[0] == "A story.\n" and back["text"].iloc[1:].isna().all()
    assert back["tags"].iloc[0] == '["a", "b"]' and pd.isna(back["tags"].iloc[1])
    only = nd.read_jsonl(path, id_field="url", text_field="body", fields=["site"]).compute()
    assert list(only.columns) == ["id", "text", "site"]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"body": "no id"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="without 'id'"):
        nd.read_jsonl(bad, fields=()).compute()


def test_parquet_round_trip_of_a_cleaned_frame(client, tmp_path):
    docs = derived()
    cleaned = nd.clean_dataframe(frame_of(docs, npartitions=3))
    expected = cleaned.compute().reset_index(drop=True)
    files = nd.write_parquet(cleaned, tmp_path / "cleaned.parquet")
    assert len(files) == 3
    back = nd.read_parquet(tmp_path / "cleaned.parquet").compute().reset_index(drop=True)
    assert list(back.columns) == list(expected.columns)
    for column in expected.columns:
        assert back[column].tolist() == expected[column].tolist() or (
            back[column].isna().equals(expected[column].isna())
            and back[column].dropna().tolist() == expected[column].dropna().tolist()), column
    assert nd.read_parquet(tmp_path / "cleaned.parquet", columns=["id"]).columns.tolist() == ["id"]
    with pytest.raises(FileExistsError):
        nd.write_parquet(cleaned, tmp_path / "cleaned.parquet")


# --- client_for ----------------------------------------------------------------------------------


def test_client_for_uses_the_callers_client_or_connects_to_an_address(client):
    with client.as_current(), nd.client_for() as found:
        assert found is client
    with nd.client_for(client.scheduler.address) as other:
        assert other is not client and other.scheduler.address == client.scheduler.address
        assert default_client() is other
    assert other.status == "closed" and client.status == "running"
    with pytest.raises(ValueError, match="not both"), nd.client_for("tcp://127.0.0.1:1", workers=2):
        pass


# --- newsclean run --workers / --dask --------------------------------------------------------------


def _written(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name not in ("report.jsonl", "duplicates.json")}


def _report(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "report.jsonl").read_text(encoding="utf-8").splitlines()]


def _groups(out: Path) -> list[dict]:
    return json.loads((out / "duplicates.json").read_text(encoding="utf-8"))["groups"]


def test_run_with_workers_gives_what_the_plain_run_gives(client, folder, tmp_path, capsys):
    plain, scaled = tmp_path / "plain", tmp_path / "scaled"
    assert main(["run", str(folder), "-o", str(plain)]) == 1  # photo.txt is binary
    capsys.readouterr()
    status = main(["run", str(folder), "-o", str(scaled), "--workers", "2"])
    err = capsys.readouterr().err
    assert "cleaned 13 of 14 files" in err and "photo.txt" in err and "0xe9" in err
    assert _written(scaled) == _written(plain)
    assert _report(scaled) == _report(plain)  # the same lines, in the same order (dicts: key order aside)
    assert (scaled / "report.jsonl").read_bytes() == (plain / "report.jsonl").read_bytes()
    assert default_client() is client  # the run's own cluster is gone; the caller's is untouched
    assert status == 1
    assert _groups(scaled) == _groups(plain)


def test_run_on_a_scheduler_address_reads_a_parquet_dataset(client, tmp_path, capsys):
    docs = derived()
    source = tmp_path / "articles"
    nd.write_parquet(frame_of(docs, npartitions=2), source)
    out = tmp_path / "out"
    status = main(["run", str(source), "-o", str(out), "--dask", client.scheduler.address, "--aliases",
                   str(ROOT / "examples" / "aliases" / "belarus-2020.toml")])
    assert "cleaned 12 of 12 documents" in capsys.readouterr().err
    cleaned = pd.read_parquet(out / "cleaned.parquet").reset_index(drop=True)
    corpus = RepeatedLines.build(text for _, text in docs)  # as `newsclean run` builds it
    cleaner = Cleaner(aliases=ROOT / "examples" / "aliases" / "belarus-2020.toml")
    assert_same_as_in_process(cleaned, docs, cleaner, corpus)
    assert status == 0
    plain = tmp_path / "plain"
    folder = tmp_path / "folder"
    for doc_id, text in docs:
        (folder / doc_id).parent.mkdir(parents=True, exist_ok=True)
        (folder / doc_id).write_text(text, encoding="utf-8", newline="")
    main(["run", str(folder), "-o", str(plain), "--aliases", str(ROOT / "examples" / "aliases" / "belarus-2020.toml")])
    # the same groups (their order, and the representative among equals, follow the input order)
    assert {frozenset(g["members"]) for g in _groups(out)} == {frozenset(g["members"]) for g in _groups(plain)}


@pytest.mark.parametrize("representative", ["longest", "earliest"])
def test_run_on_dask_picks_the_representative_the_plain_run_picks(client, tmp_path, capsys, representative):
    text = seeds()[0][1]
    source = tmp_path / "in"
    source.mkdir()
    (source / "a-first.txt").write_text(text, encoding="utf-8")  # the earliest copy, and the shorter
    paragraphs = text.split("\n\n")  # the longer copy has one more paragraph, in the body
    paragraphs.insert(len(paragraphs) // 2, "Officials in the region said the talks would resume next week.")
    (source / "b-longer.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
    runs = {}
    for name, extra in (("plain", []), ("dask", ["--dask", client.scheduler.address])):
        assert main(["run", str(source), "-o", str(tmp_path / name), "--representative", representative,
                     "--no-html", *extra]) == 0
        runs[name] = _groups(tmp_path / name)
    capsys.readouterr()
    expected = {"longest": "b-longer.txt", "earliest": "a-first.txt"}[representative]
    assert [g["representative"] for g in runs["dask"]] == [expected]
    assert runs["dask"] == runs["plain"]


@pytest.mark.parametrize("limit", [[], ["--max-size", "3K"]])
def test_run_on_dask_skips_files_over_max_size_as_the_plain_run_does(client, tmp_path, capsys, limit):
    source = tmp_path / "in"
    source.mkdir()
    for name, text in seeds():
        (source / name).write_text(text, encoding="utf-8")
    big = 10 * 2**20 + 1 if not limit else 3073  # one byte over the default 10 MB, or over 3K
    (source / "dump.txt").write_text(("Word " * (big // 5 + 1))[:big], encoding="utf-8")
    runs = {}
    for name, extra in (("plain", []), ("dask", ["--dask", client.scheduler.address])):
        status = main(["run", str(source), "-o", str(tmp_path / name), "--no-html", *limit, *extra])
        err = capsys.readouterr().err
        assert status == 1, err
        assert "dump.txt" in err and "too large" in err and "--max-size" in err
        runs[name] = tmp_path / name
    assert not (runs["dask"] / "dump.txt").exists()
    assert _written(runs["dask"]) == _written(runs["plain"])
    assert (runs["dask"] / "report.jsonl").read_bytes() == (runs["plain"] / "report.jsonl").read_bytes()
    cleaned = {p.name for p in runs["dask"].glob("*.txt")}
    assert cleaned == ({n for n, t in seeds() if len(t.encode()) <= 3072} if limit else {n for n, _ in seeds()})


def test_run_options_that_do_not_go_together(folder, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["run", str(folder), "-o", str(tmp_path / "o"), "--workers", "2", "--dask", "tcp://127.0.0.1:1"])
    assert exit_.value.code == 2
    assert main(["run", str(folder), "-o", str(tmp_path / "o"), "--workers", "1", "--explain"]) == 2
    assert "--explain" in capsys.readouterr().err
    assert main(["run", str(folder), "-o", str(folder / "o"), "--workers", "1"]) == 2
    assert "inside the input folder" in capsys.readouterr().err
    parquet = tmp_path / "articles.parquet"
    pd.DataFrame({"id": ["a"], "text": ["Some text."]}).to_parquet(parquet)
    assert main(["run", str(parquet), "-o", str(tmp_path / "p"), "--workers", "1", "--max-size", "1M"]) == 2
    assert "Parquet input's rows are not limited" in capsys.readouterr().err


def test_a_parquet_input_without_id_and_text_columns_is_a_usage_error(client, tmp_path, capsys):
    nd.write_parquet(dd.from_pandas(pd.DataFrame({"body": ["x"]}), npartitions=1), tmp_path / "p")
    assert main(["run", str(tmp_path / "p"), "-o", str(tmp_path / "o"), "--dask", client.scheduler.address]) == 2
    assert "needs the columns 'id' and 'text'" in capsys.readouterr().err

#!/usr/bin/env python3
"""The Slurm recipe of docs/distributed.md, run for real on a Slurm cluster.

    .ci/slurm-up                      # a one-node Slurm here (root; Debian's slurmctld and slurmd)
    python benchmarks/slurm_recipe.py [--docs N] [--partition cpu] [--account ACCOUNT]

Makes a ``dask_jobqueue.SLURMCluster`` with the docs' settings scaled to one node (one Slurm
job of as many one-thread worker processes as the node has cores, memory split between
them, ``--exclusive``, spilling to ``$TMPDIR``), and checks what the docs say of it:

1. the job script asks Slurm for what the settings mean (cores, memory, walltime,
   partition, account, ``--exclusive``) and starts one-thread workers, each with its
   share of the memory as Dask's limit;
2. ``sbatch`` starts the job and its workers join the scheduler;
3. the docs' Python route (``read_folder`` -> ``clean_dataframe(corpus=True)`` ->
   ``write_parquet``) gives the in-process ``Cleaner``'s text and changes for every
   document, and ``find_duplicates_dask`` the in-process groups;
4. the command route, ``newsclean run FOLDER -o OUT --dask <scheduler address>``, writes
   the files, ``report.jsonl`` and ``duplicates.json`` that ``newsclean run`` writes in one
   process.

The corpus: N generated articles (benchmarks/news_corpus.py, with planted near-duplicate
families), the seeds, and copies of the seeds with scraping debris around them (an ad
placeholder, a comment form), so that cleaning and grouping both have work to do. Prints
the time of each step; exits 1 naming every check that failed, 0 with a note when there
is no ``sbatch`` (no Slurm here: run .ci/slurm-up first).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

DEBRIS = ("[ad_1]\n\n", "\n\n[ad_2]\n\nLeave a Comment\n\nYour email address will not be published.\n")


def write_corpus(folder: Path, n_docs: int) -> int:
    from news_corpus import generate

    folder.mkdir(parents=True)
    count = 0
    for doc_id, _family, text in generate(n_docs, seed=5):
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        count += 1
    for path in sorted((REPO / "examples" / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        (folder / path.name).write_text(text, encoding="utf-8")
        (folder / f"copy-{path.name}").write_text(DEBRIS[0] + text + DEBRIS[1], encoding="utf-8")
        count += 2
    return count


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=3000, help="generated articles (default 3000)")
    ap.add_argument("--partition", default="cpu", help="the Slurm partition (queue) to submit to")
    ap.add_argument("--account", default="newsclean-ci", help="the Slurm account to charge")
    args = ap.parse_args()
    if shutil.which("sbatch") is None:
        print("slurm_recipe: no sbatch here (no Slurm); .ci/slurm-up starts a one-node Slurm")
        return 0
    from cluster_recipes import job_script_problems
    from dask_jobqueue import SLURMCluster
    from distributed import Client

    from newsclean import Cleaner, Document
    from newsclean.cleaning import RepeatedLines
    from newsclean.dedup import find_duplicates
    from newsclean.distributed import clean_dataframe, find_duplicates_dask, read_folder, read_parquet, write_parquet

    cores = os.cpu_count() or 2
    memory_gb = 4 * cores  # the docs' 4 GB per worker
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="newsclean-slurm-") as tmp:
        work = Path(tmp)
        source = work / "corpus"
        start = time.perf_counter()
        n = write_corpus(source, args.docs)
        print(f"corpus       {n} documents in {source} ({time.perf_counter() - start:.1f} s)")

        settings = {
            "queue": args.partition, "account": args.account,
            "cores": cores, "processes": cores,    # as many 1-thread worker processes as cores, one job
            "memory": f"{memory_gb}GB",            # 4 GB per worker
            "walltime": "00:30:00",
            "job_extra_directives": ["--exclusive"],
            "local_directory": "$TMPDIR",          # spill to node-local disk
        }
        cluster = SLURMCluster(**settings, log_directory=str(work / "logs"))
        try:
            script = cluster.job_script()
            print("job script   " + "\n             ".join(script.strip().splitlines()))
            failures += job_script_problems(script, settings)

            start = time.perf_counter()
            cluster.scale(jobs=1)
            with Client(cluster) as client:
                client.wait_for_workers(cores, timeout=180)
                workers = client.scheduler_info()["workers"].values()
                print(f"workers      {len(workers)} up in {time.perf_counter() - start:.1f} s "
                      f"(threads {sorted(w['nthreads'] for w in workers)}, memory limits "
                      f"{sorted(round(w['memory_limit'] / 2**30, 2) for w in workers)} GiB)")
                if any(w["nthreads"] != 1 for w in workers):
                    failures.append("a worker has more than one thread")
                jobs = client.run(_slurm_job)  # each worker's Slurm job: sbatch started it, not this script
                print(f"             Slurm jobs of the workers: {sorted(set(jobs.values()), key=str)}")
                if None in jobs.values() or len(set(jobs.values())) != 1:
                    failures.append(f"the workers are not all in one Slurm job: {jobs}")

                # the docs' Python route
                start = time.perf_counter()
                frame = read_folder(source, min_partitions=4 * cores)
                write_parquet(clean_dataframe(frame, corpus=True), work / "cleaned.parquet")
                t_clean = time.perf_counter() - start
                cleaned = read_parquet(work / "cleaned.parquet", columns=["id", "text", "changes"])
                start = time.perf_counter()
                groups = find_duplicates_dask(cleaned[["id", "text"]], client=client)
                t_dedup = time.perf_counter() - start
                rows = cleaned.compute().reset_index(drop=True)
                print(f"python route clean {t_clean:.1f} s, near-duplicates {t_dedup:.1f} s, "
                      f"{len(groups.groups)} groups")

                docs = [(str(p.relative_to(source)), p.read_text(encoding="utf-8")) for p in sorted(source.glob("*.txt"))]
                corpus = RepeatedLines.build(text for _, text in docs)
                cleaner = Cleaner()
                expected = [cleaner.clean(Document(doc_id, text), corpus=corpus) for doc_id, text in docs]
                if rows["id"].tolist() != [d for d, _ in docs]:
                    failures.append("the cleaned rows are not the folder's documents in order")
                else:
                    differ = [doc.id for doc, text, changes in zip(expected, rows["text"], rows["changes"])
                              if text != doc.text or json.loads(changes) != [c.to_dict() for c in doc.changes]]
                    if differ:
                        failures.append(f"{len(differ)} documents cleaned differently from in-process, e.g. {differ[:3]}")
                    local = find_duplicates([(d.id, d.text) for d in expected], clean=False)
                    if groups.to_dict() != local.to_dict():
                        failures.append("find_duplicates_dask's groups differ from find_duplicates'")
                    print(f"             in-process: the same text and changes for "
                          f"{len(docs) - len(differ)} of {len(docs)} documents; {len(local.groups)} groups")

                # the command route, against this cluster's scheduler
                newsclean = str(Path(sys.executable).with_name("newsclean"))
                start = time.perf_counter()
                on_slurm = subprocess.run([newsclean, "run", str(source), "-o", str(work / "on-slurm"), "--dask",
                                           cluster.scheduler_address], capture_output=True, text=True)
                t_run = time.perf_counter() - start
                start = time.perf_counter()
                plain = subprocess.run([newsclean, "run", str(source), "-o", str(work / "plain")],
                                       capture_output=True, text=True)
                t_plain = time.perf_counter() - start
                print(f"command      newsclean run --dask {cluster.scheduler_address}: {t_run:.1f} s "
                      f"(exit {on_slurm.returncode}); in one process {t_plain:.1f} s (exit {plain.returncode})")
                if on_slurm.returncode != 0 or plain.returncode != 0:
                    failures.append(f"newsclean run failed: {on_slurm.stderr[-500:]}{plain.stderr[-500:]}")
                else:
                    failures += compare_outputs(work / "on-slurm", work / "plain")
        finally:
            cluster.close()
    for failure in failures:
        print(f"slurm_recipe: FAIL: {failure}", file=sys.stderr)
    if not failures:
        print("slurm_recipe: the job script, the workers, the Python route and the command route "
              "all do what docs/distributed.md says")
    return 1 if failures else 0


def _slurm_job() -> str | None:
    return os.environ.get("SLURM_JOB_ID")


def compare_outputs(got: Path, want: Path) -> list[str]:
    def files(out: Path) -> dict[str, bytes]:
        return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.txt"))}

    problems = []
    if files(got) != files(want):
        problems.append("newsclean run --dask wrote other cleaned files than newsclean run")
    if (got / "report.jsonl").read_bytes() != (want / "report.jsonl").read_bytes():
        problems.append("newsclean run --dask wrote another report.jsonl")
    groups = [json.loads((out / "duplicates.json").read_text(encoding="utf-8"))["groups"] for out in (got, want)]
    if groups[0] != groups[1]:
        problems.append("newsclean run --dask wrote other groups into duplicates.json")
    return problems


if __name__ == "__main__":
    sys.exit(main())

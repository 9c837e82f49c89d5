#!/usr/bin/env python3
"""The cluster recipes of docs/distributed.md say what the page says they do.

    python benchmarks/cluster_recipes.py [PAGE]

Reads the ``KubeCluster(...)`` and ``SLURMCluster(...)`` calls out of the page's code
blocks (their keyword arguments, which must be literals) and builds, without a cluster,
what each would start:

- Kubernetes: the pod spec, with dask-kubernetes' own ``make_cluster_spec``. The worker
  container must run ``dask worker`` with one thread, ask for and be limited to one CPU,
  and give Dask a memory limit below the container's (the nanny shares the container, and
  Dask must spill and pause before the kernel's OOM killer ends the pod).
- Slurm: the job script, with dask-jobqueue's ``SLURMCluster.job_script``. It must start one
  one-thread worker process per core and give each ``memory / processes``, the "4 GB per
  worker" the page states in a comment, and ``--exclusive``.

benchmarks/slurm_recipe.py runs the Slurm recipe on a real (one-node) Slurm; nothing here
deploys to Kubernetes. Exits 1 naming every claim that does not hold.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
PAGE = REPO / "docs" / "distributed.md"
UNITS = {"": 1, "k": 1e3, "m": 1e6, "g": 1e9, "t": 1e12, "ki": 2**10, "mi": 2**20, "gi": 2**30, "ti": 2**40}


def to_bytes(size: str) -> float:
    match = re.fullmatch(r"([\d.]+)\s*([kmgt]i?)?b?", size.strip().lower())
    if not match:
        raise ValueError(f"not a size: {size!r}")
    return float(match.group(1)) * UNITS[match.group(2) or ""]


def call_keywords(page: Path, name: str) -> tuple[dict[str, Any], int]:
    """The keyword arguments of the one ``name(...)`` call in the page's python blocks, and
    its line in the page."""
    text = page.read_text(encoding="utf-8")
    found = []
    for block in re.finditer(r"^```python\n(.*?)^```", text, flags=re.S | re.M):
        for node in ast.walk(ast.parse(block.group(1))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == name:
                line = text.count("\n", 0, block.start(1)) + node.lineno
                found.append(({k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg}, line))
    if len(found) != 1:
        raise SystemExit(f"cluster_recipes: {page} has {len(found)} {name}(...) calls, not one")
    return found[0]


def kubernetes(page: Path) -> list[str]:
    from dask_kubernetes.operator import make_cluster_spec

    kwargs, line = call_keywords(page, "KubeCluster")
    spec = make_cluster_spec(**kwargs)
    (container,) = spec["spec"]["worker"]["spec"]["containers"]
    args, resources = container["args"], container.get("resources") or {}
    print(f"kubernetes  {page.name}:{line}: {spec['spec']['worker']['replicas']} worker pods, "
          f"{' '.join(args)}; resources {resources}")
    problems = []

    def option(flag: str) -> str | None:
        return args[args.index(flag) + 1] if flag in args else None

    if args[:2] != ["dask", "worker"]:
        problems.append(f"the worker container runs {args[:2]}, not dask worker")
    if option("--nthreads") != "1":
        problems.append(f"workers have --nthreads {option('--nthreads')}, not 1")
    for kind in ("requests", "limits"):
        if str(resources.get(kind, {}).get("cpu")) != "1":
            problems.append(f"the worker pod's CPU {kind} is {resources.get(kind, {}).get('cpu')}, not one core")
    dask_limit, pod_limit = option("--memory-limit"), resources.get("limits", {}).get("memory")
    if dask_limit is None or pod_limit is None:
        problems.append("the worker has no Dask memory limit or no container memory limit")
    elif not to_bytes(dask_limit) < to_bytes(pod_limit):
        problems.append(f"Dask's memory limit {dask_limit} is not below the container's {pod_limit}")
    return problems


def slurm(page: Path) -> list[str]:
    from dask_jobqueue import SLURMCluster

    kwargs, line = call_keywords(page, "SLURMCluster")
    comment = re.search(r"memory=.*#\s*([\d.]+\s*GB) per worker", page.read_text(encoding="utf-8"))
    with SLURMCluster(**kwargs) as cluster:  # a scheduler here; no job is submitted
        script = cluster.job_script()
    command = script.strip().splitlines()[-1]
    print(f"slurm       {page.name}:{line}: {' '.join(d for d in script.splitlines() if d.startswith('#SBATCH'))}"
          f"\n            {command}")
    problems = job_script_problems(script, kwargs)
    per_worker = to_bytes(kwargs["memory"]) / kwargs.get("processes", 1)
    if comment is None or abs(to_bytes(comment.group(1)) - per_worker) > 0.01 * per_worker:
        problems.append(f"the page's comment says {comment and comment.group(1)} per worker; "
                        f"the settings give {per_worker / 1e9:.1f} GB")
    return problems


def job_script_problems(script: str, kwargs: dict[str, Any]) -> list[str]:
    """What a SLURMCluster's job script must say for its keyword arguments to mean what
    docs/distributed.md says: one-thread workers, one per core, each with ``memory /
    processes`` as Dask's limit, and the queue, account, walltime, extra directives and
    local directory asked for (benchmarks/slurm_recipe.py checks its own cluster with it)."""
    command = script.strip().splitlines()[-1]
    problems = []
    cores, processes = kwargs["cores"], kwargs.get("processes", 1)
    if not re.search(r"--nthreads 1\b", command) or cores != processes:
        problems.append(f"{cores} cores in {processes} processes: workers with more than one thread")
    if not re.search(rf"--nworkers {processes}\b", command):
        problems.append(f"the job does not start {processes} worker processes")
    if f"--cpus-per-task={cores}" not in script:
        problems.append(f"the job does not ask for {cores} CPUs")
    limit = re.search(r"--memory-limit (\S+)", command)
    per_worker = to_bytes(kwargs["memory"]) / processes
    if not limit or abs(to_bytes(limit.group(1)) - per_worker) > 0.01 * per_worker:
        problems.append(f"each worker's memory limit is {limit and limit.group(1)}, not {kwargs['memory']} / {processes}")
    mem = re.search(r"#SBATCH --mem=(\d+)G\b", script)  # jobqueue asks for the memory in whole GiB
    if not mem or abs(int(mem.group(1)) * 2**30 - to_bytes(kwargs["memory"])) > 0.1 * to_bytes(kwargs["memory"]):
        problems.append(f"the job asks for {mem and mem.group(0)}, not the {kwargs['memory']} of memory=")
    wanted = [f"#SBATCH {d}" for d in kwargs.get("job_extra_directives", [])]
    wanted += [f"#SBATCH {flag} {kwargs[key]}" for flag, key in (("-p", "queue"), ("-A", "account"), ("-t", "walltime"))
               if key in kwargs]
    if "local_directory" in kwargs:
        wanted.append(f"--local-directory {kwargs['local_directory']}")
    problems += [f"the job script lacks {line!r}" for line in wanted if line not in script]
    return problems


def main() -> int:
    page = Path(sys.argv[1]) if len(sys.argv) > 1 else PAGE
    problems = kubernetes(page) + slurm(page)
    for problem in problems:
        print(f"cluster_recipes: FAIL: {problem}", file=sys.stderr)
    if not problems:
        print("cluster_recipes: both recipes start what the page says they do")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

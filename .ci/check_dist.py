"""The built sdist and wheel hold what an installed newsclean needs, and the wheel works alone.

``python .ci/check_dist.py dist`` (after ``python -m build --outdir dist .``): the wheel has
every module of src/newsclean, the built-in rule packs and ``py.typed``; the sdist has the
sources, tests, docs and examples; then the wheel, installed without dependencies into a
scratch folder that comes first on ``sys.path``, imports from there, cleans a text, and runs
``newsclean run`` on the seeds. Exits 1 naming what is missing.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "newsclean"


def expected_package_files() -> set[str]:
    kinds = ("*.py", "*.toml", "py.typed")
    return {f"newsclean/{p.relative_to(PACKAGE).as_posix()}" for kind in kinds for p in PACKAGE.rglob(kind)
            if "__pycache__" not in p.parts}


def main(folder: str) -> int:
    dist = Path(folder)
    wheels, sdists = sorted(dist.glob("*.whl")), sorted(dist.glob("*.tar.gz"))
    if len(wheels) != 1 or len(sdists) != 1:
        print(f"check_dist: expected one wheel and one sdist in {dist}, found {wheels + sdists}", file=sys.stderr)
        return 1
    problems = []
    in_wheel = set(zipfile.ZipFile(wheels[0]).namelist())
    missing = sorted(expected_package_files() - in_wheel)
    if missing:
        problems.append(f"the wheel lacks {missing}")
    with tarfile.open(sdists[0]) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    for needed in ("pyproject.toml", "README.md", "src/newsclean/__init__.py", "src/newsclean/py.typed",
                   "src/newsclean/rules/boilerplate.toml", "tests/conftest.py", "docs/index.md", "examples/seeds/"):
        if not (needed in names or (needed.endswith("/") and any(n.startswith(needed) for n in names))):
            problems.append(f"the sdist lacks {needed}")
    with tempfile.TemporaryDirectory() as scratch:
        target, out = Path(scratch) / "site", Path(scratch) / "out"
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--disable-pip-version-check",
                        "--target", str(target), str(wheels[0])], check=True)
        env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}
        probe = ("import newsclean, sys; assert newsclean.__file__.startswith(sys.argv[1]), newsclean.__file__; "
                 "r = newsclean.clean('[ad_1]\\nThe plan was approved.\\n'); "
                 "assert r.text == 'The plan was approved.\\n', r.text; "
                 "print('wheel imports from', newsclean.__file__)")
        done = subprocess.run([sys.executable, "-c", probe, str(target)], env=env, capture_output=True, text=True)
        if done.returncode:
            problems.append(f"the installed wheel does not clean: {done.stderr.strip()}")
        else:
            print(f"check_dist: {done.stdout.strip()}")
        run = subprocess.run([sys.executable, "-m", "newsclean", "run", str(ROOT / "examples" / "seeds"), "-o", str(out)],
                             env=env, capture_output=True, text=True)
        if run.returncode or not (out / "report.html").is_file():
            problems.append(f"`newsclean run` from the wheel failed ({run.returncode}): {run.stderr.strip()[-500:]}")
    for p in problems:
        print(f"check_dist: {p}", file=sys.stderr)
    if not problems:
        print(f"check_dist: {wheels[0].name} ({len(in_wheel)} files) and {sdists[0].name} are complete; the wheel runs alone")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "dist"))

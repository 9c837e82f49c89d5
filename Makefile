# make demo | make test | make bench | make quality | make lint | make docs | make dist
# Setup is shared and idempotent: .venv is created with python3 if missing, and the
# package is installed (editable, with test extras) only when the stamp is missing or
# pyproject.toml changed since.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

DEV    := $(VENV)/.installed-dev

.PHONY: demo test bench quality browser lint docs dist

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
	  echo "could not create $(VENV) with '$(PYTHON) -m venv' (on Debian/Ubuntu: apt-get install python3-venv)" >&2; exit 1; }
	$(BIN)/python -m pip install --disable-pip-version-check --quiet -e ".[test,bench,fast,dask]"
	@touch $@

# the linters, type checker, packaging checks and documentation site (extras lint and docs)
$(DEV): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --disable-pip-version-check --quiet -e ".[lint,docs]"
	@touch $@

demo: $(STAMP)
	$(BIN)/newsclean run examples/seeds -o out/seeds --aliases examples/aliases/belarus-2020.toml \
	  --glossary examples/translation/lithuanian-glossary.toml \
	  --phrases examples/translation/baltic-russian-phrases.toml --explain
	@echo "cleaned text: out/seeds/*.txt; every change, flag, meta item and language: out/seeds/report.jsonl;"
	@echo "near-duplicate groups: out/seeds/duplicates.json; all of it in a browser: out/seeds/report.html"

# tests/test_report_html.py opens report.html in Debian's chromium (driven by the playwright
# package, never `playwright install`): installed here when missing, where apt-get can (root);
# elsewhere the browser tests skip, unless NEWSCLEAN_REQUIRE_BROWSER=1 (CI) makes that a failure
browser:
	@[ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's chromium for the browser tests (apt-get)"; \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
	      || echo "make test: could not install chromium; the browser tests will skip" >&2; \
	  else echo "make test: no chromium (apt-get install chromium); the browser tests will skip" >&2; fi; }

test: $(STAMP) browser
	@echo "$(BIN)/python -m pytest -q tests src"
	@$(BIN)/python -m pytest -q tests src || { rc=$$?; \
	  [ $$rc -ne 5 ] || echo "make test: pytest collected no tests (exit 5); that counts as a failure" >&2; exit $$rc; }

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_clean.py
	$(BIN)/python benchmarks/bench_large.py
	$(BIN)/python benchmarks/bench_aliases.py
	$(BIN)/python benchmarks/bench_language.py
	$(BIN)/python benchmarks/bench_minhash.py
	$(BIN)/python benchmarks/bench_dedup.py --scale 200000
	$(BIN)/python benchmarks/quality_cleaning.py
	$(BIN)/python benchmarks/quality_dedup.py

quality: $(STAMP)
	$(BIN)/python benchmarks/quality_cleaning.py
	$(BIN)/python benchmarks/quality_dedup.py

lint: $(DEV)
	$(BIN)/ruff check src tests benchmarks docs .ci
	$(BIN)/mypy

docs: $(DEV)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site

# the sdist and wheel build, carry the rule packs and py.typed, and pass twine's checks
dist: $(DEV)
	rm -rf dist
	$(BIN)/python -m build --outdir dist . >/dev/null
	$(BIN)/python -m twine check --strict dist/*
	$(BIN)/python .ci/check_dist.py dist

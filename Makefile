# make demo | make test | make bench | make quality
# Setup is shared and idempotent: .venv is created with python3 if missing, and the
# package is installed (editable, with test extras) only when the stamp is missing or
# pyproject.toml changed since.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test bench quality

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
	  echo "could not create $(VENV) with '$(PYTHON) -m venv' (on Debian/Ubuntu: apt-get install python3-venv)" >&2; exit 1; }
	$(BIN)/python -m pip install --disable-pip-version-check --quiet -e ".[test,bench,fast,dask]"
	@touch $@

demo: $(STAMP)
	$(BIN)/newsclean run examples/seeds -o out/seeds --aliases examples/aliases/belarus-2020.toml \
	  --glossary examples/translation/lithuanian-glossary.toml \
	  --phrases examples/translation/baltic-russian-phrases.toml --explain
	@echo "cleaned text: out/seeds/*.txt; every change, flag, meta item and language: out/seeds/report.jsonl;"
	@echo "near-duplicate groups: out/seeds/duplicates.json"

test: $(STAMP)
	@echo "$(BIN)/python -m pytest -q tests src"
	@$(BIN)/python -m pytest -q tests src || { rc=$$?; \
	  [ $$rc -ne 5 ] || echo "make test: pytest collected no tests (exit 5); that counts as a failure" >&2; exit $$rc; }

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_clean.py
	$(BIN)/python benchmarks/bench_aliases.py
	$(BIN)/python benchmarks/bench_language.py
	$(BIN)/python benchmarks/bench_minhash.py
	$(BIN)/python benchmarks/bench_dedup.py --scale 200000
	$(BIN)/python benchmarks/quality_cleaning.py
	$(BIN)/python benchmarks/quality_dedup.py

quality: $(STAMP)
	$(BIN)/python benchmarks/quality_cleaning.py
	$(BIN)/python benchmarks/quality_dedup.py

# One command per chore.  `make demo` and `make test` work on a fresh machine: they create .venv first.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo run test lint typecheck unit eval bench screenshots clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)            ## replay the recorded snapshot through the real flow (no web access needed)
	$(BIN)/storydiff demo

run: $(STAMP)             ## track the configured stories on the live web
	$(BIN)/storydiff run

test: $(STAMP) lint typecheck   ## lint, type-check and run every test
	$(BIN)/python -m pytest -q

unit: $(STAMP)
	$(BIN)/python -m pytest -q -m "not integration"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check --quiet . || (echo "run: $(BIN)/ruff format ." && false)

typecheck: $(STAMP)
	$(BIN)/mypy storydiff sources factdiff warehouse feeds flows

eval: $(STAMP)            ## fact-diff scores on our gold set and the shared dev story, beside the lexical baseline
	$(BIN)/python -m factdiff.evaluate
	$(BIN)/python -m factdiff.train --cv

bench: $(STAMP)
	for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

screenshots: $(STAMP)     ## docs/screenshots/*.png from a demo replay, in headless Chromium
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf data/demo .pytest_cache .mypy_cache .ruff_cache

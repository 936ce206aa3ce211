# Stuurwiel — `make demo` and `make test` work on a fresh machine (Debian, Python >= 3.11).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO := demo
DEMO_DB := $(DEMO)/stuurwiel.duckdb

.PHONY: demo test test-snel install install-test data clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

demo: install
	rm -rf $(DEMO)
	$(BIN)/stuurwiel synth --regio zhz --jaren 2021-2025 --seed 1 --uit $(DEMO)/bron
	$(BIN)/stuurwiel init --regio zhz --db $(DEMO_DB)
	$(BIN)/stuurwiel laad $(DEMO)/bron --db $(DEMO_DB)
	$(BIN)/stuurwiel kerncijfers --jaar 2024 --per gemeente --db $(DEMO_DB)

test: install-test
	$(BIN)/pytest -n 2

test-snel: install-test
	$(BIN)/pytest -n 2 -m "not slow"

# Regenerate the package data from ../shared/reference (see scripts/afleiden_referentie.py).
data: $(BIN)/python
	$(BIN)/python scripts/afleiden_referentie.py

clean:
	rm -rf $(VENV) $(DEMO) .pytest_cache

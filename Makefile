# Stuurwiel — `make demo` and `make test` work on a fresh machine (Debian, Python >= 3.11).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO := demo
DEMO_DB := $(DEMO)/stuurwiel.duckdb

# Debian packages the reports and the test suite need (Pango and the font for WeasyPrint's PDF, PDF pages to images);
# installed when missing.
APT_PAKKETTEN := poppler-utils libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core

.PHONY: demo test test-snel install install-test systeem data clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

demo: systeem install
	rm -rf $(DEMO)
	$(BIN)/stuurwiel synth --regio zhz --jaren 2021-2025 --seed 1 --uit $(DEMO)/bron
	$(BIN)/stuurwiel init --regio zhz --db $(DEMO_DB)
	$(BIN)/stuurwiel laad $(DEMO)/bron --db $(DEMO_DB)
	$(BIN)/stuurwiel kerncijfers --jaar 2024 --per gemeente --db $(DEMO_DB)
	$(BIN)/stuurwiel rapport maand --gemeente 0505 --periode 2025-08 --uit $(DEMO)/rapporten --db $(DEMO_DB)

systeem:
	@missing=""; for p in $(APT_PAKKETTEN); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Debian-pakketten installeren:$$missing"; \
	  sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	fi

test: systeem install-test
	$(BIN)/pytest -n 2

test-snel: systeem install-test
	$(BIN)/pytest -n 2 -m "not slow"

# Regenerate the package data from ../shared/reference (see scripts/afleiden_referentie.py).
data: $(BIN)/python
	$(BIN)/python scripts/afleiden_referentie.py

clean:
	rm -rf $(VENV) $(DEMO) .pytest_cache

# Stuurwiel — `make demo` and `make test` work on a fresh machine (Debian, Python >= 3.11).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO := demo
DEMO_DB := $(DEMO)/stuurwiel.duckdb
# the dashboard's port: make demo PORT=8080
PORT ?= 8000

# Debian packages, installed when missing: Pango and the font for WeasyPrint's PDF, PDF pages to images;
# the tests also need Chromium for the browser tests and Java for the catalogue on Spark.
APT_PAKKETTEN := poppler-utils libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
APT_TEST := $(APT_PAKKETTEN) chromium openjdk-17-jre-headless
# The demo's accounts (naam:rol[:gemeente]); each gets a fresh password, printed once.
DEMO_ACCOUNTS := beheerder:beheerder regio:regio dordrecht:gemeente:0505 contract:contractmanagement controle:controle
# axe-core for the accessibility checks of the browser tests (tests/browser.py), from the npm registry.
AXE := .cache/npm/node_modules/axe-core/axe.min.js

.PHONY: demo test test-snel install install-test systeem systeem-test apt data clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python $(AXE)
	$(BIN)/pip install --quiet -e '.[test]'

$(AXE):
	npm install --prefix .cache/npm --no-save --no-audit --no-fund --silent axe-core@4

demo: systeem install
	rm -rf $(DEMO)
	$(BIN)/stuurwiel synth --regio zhz --jaren 2021-2025 --peildatum 2025-08-31 --seed 1 --uit $(DEMO)/bron
	$(BIN)/stuurwiel init --regio zhz --db $(DEMO_DB)
	$(BIN)/stuurwiel laad $(DEMO)/bron --db $(DEMO_DB)
	$(BIN)/stuurwiel kerncijfers --jaar 2024 --per gemeente --db $(DEMO_DB)
	$(BIN)/stuurwiel doelen laad src/stuurwiel/data/doelen/zhz.yaml --door demo --db $(DEMO_DB)
	$(BIN)/stuurwiel doelen --jaar 2024 --db $(DEMO_DB)
	$(BIN)/stuurwiel rapport maand --gemeente 0505 --periode 2025-08 --uit $(DEMO)/rapporten --db $(DEMO_DB)
	$(BIN)/stuurwiel rapport burap --peildatum 2025-08-31 --pdf --xlsx --uit $(DEMO)/rapporten --db $(DEMO_DB)
	@echo "Demo-accounts (de wachtwoorden gelden alleen voor deze demo):"
	@for a in $(DEMO_ACCOUNTS); do set -- $$(echo $$a | tr : ' '); \
	  $(BIN)/stuurwiel gebruiker toevoegen --naam $$1 --rol $$2 $${3:+--gemeente $$3} --genereer-wachtwoord \
	    --db $(DEMO_DB) || exit 1; done
	$(BIN)/stuurwiel serve --db $(DEMO_DB) --host 127.0.0.1 --poort $(PORT)

systeem:
	@$(MAKE) --no-print-directory apt PAKKETTEN="$(APT_PAKKETTEN)"

systeem-test:
	@$(MAKE) --no-print-directory apt PAKKETTEN="$(APT_TEST)"

apt:
	@missing=""; for p in $(PAKKETTEN); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Debian-pakketten installeren:$$missing"; \
	  sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	fi

# worksteal: each worker starts on its own half of the files in order and takes work from the other's
# end when it runs dry, so a file's module fixtures are mostly built on one worker, not on both
test: systeem-test install-test
	$(BIN)/pytest -n 2 --dist worksteal

# the unit tier: in-process, small inputs, DuckDB only (about five minutes on two cores)
test-snel: install-test
	$(BIN)/pytest -n 2 --dist worksteal -m unit

# Regenerate the package data from ../shared/reference (see scripts/afleiden_referentie.py).
data: $(BIN)/python
	$(BIN)/python scripts/afleiden_referentie.py

clean:
	rm -rf $(VENV) $(DEMO) .pytest_cache .cache

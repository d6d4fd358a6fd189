# The two commands a newcomer needs: `make demo` and `make test`. Everything else is detail.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ASSETS := earlyhelp/static/vendor/.built
PORT ?= 8000

.PHONY: demo test test-sqlite test-postgres bench lint typecheck install assets serve clean system-packages runtime-packages

demo: install assets runtime-packages
	$(BIN)/earlyhelp migrate --noinput
	$(BIN)/earlyhelp demo --reset
	$(BIN)/earlyhelp serve --port $(PORT)

install: $(STAMP)
$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

assets: $(ASSETS)
$(ASSETS): frontend/package.json frontend/package-lock.json scripts/build-assets.sh $(wildcard frontend/scss/*.scss)
	bash scripts/build-assets.sh

system-packages:
	bash scripts/system-packages.sh

runtime-packages:
	bash scripts/system-packages.sh --runtime

test: install assets system-packages lint typecheck test-sqlite test-postgres

lint:
	$(BIN)/ruff check earlyhelp bench
	$(BIN)/earlyhelp check
	$(BIN)/earlyhelp makemigrations --check --dry-run

test-sqlite:
	$(BIN)/pytest -n 2 -q

test-postgres:
	bash scripts/with-postgres.sh $(BIN)/pytest -n 2 -q

typecheck:
	$(BIN)/mypy earlyhelp

bench: install
	$(BIN)/earlyhelp bench all

serve: install assets
	$(BIN)/earlyhelp serve --port $(PORT)

clean:
	rm -rf $(VENV) frontend/node_modules earlyhelp/static/vendor earlyhelp.sqlite3*

# The two commands of the README: `make run` and `make test`. Both set everything up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SYSTEM_STAMP := var/.system-deps-stamp

.PHONY: run test lint typecheck unit system-deps venv bench clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

$(SYSTEM_STAMP): scripts/install-system-deps scripts/debian-packages.txt
	scripts/install-system-deps
	@mkdir -p var && touch $(SYSTEM_STAMP)

system-deps: $(SYSTEM_STAMP)

run: $(STAMP) $(SYSTEM_STAMP)
	@mkdir -p var
	$(BIN)/securecomm run --data-dir var

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy src

unit: $(STAMP) $(SYSTEM_STAMP)
	$(BIN)/python -m pytest

test: lint typecheck unit

clean:
	rm -rf $(VENV) var build dist .mypy_cache .pytest_cache .ruff_cache

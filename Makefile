# The two commands: `make run` (install and start Ingot on SQLite) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install lint schema bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/ingot serve

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy app schema rest_compat
	$(BIN)/lint-imports

schema: install
	$(BIN)/ingot export-schema --output schema.graphql

test: install lint
	$(BIN)/pytest -p no:cacheprovider

bench: install
	$(BIN)/python tests/bench/graphql_overhead.py
